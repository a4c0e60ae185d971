// The journal decides what survives a restart. Each case mimics what the server reports for a
// real sequence of runs (command tags and ReadyForQuery statuses as PostgreSQL sends them).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/state_journal.h"

using namespace pgplay;

namespace {

struct Stmt {
    std::string sql;
    std::string tag;
    char status = 'I';
};

StatementResult result(const Stmt& s) {
    StatementResult r;
    r.statementText = s.sql;
    r.tag = s.tag;
    r.command = s.tag.substr(0, s.tag.find(' '));
    r.txStatusAfter = s.status;
    return r;
}

QueryResult run(std::vector<Stmt> stmts, bool changed, char finalStatus = 0) {
    QueryResult q;
    for (auto& s : stmts) q.results.push_back(result(s));
    q.databaseChanged = changed;
    char st = finalStatus ? finalStatus : (stmts.empty() ? 'I' : stmts.back().status);
    q.transactionStatus = std::string(1, st);
    return q;
}

QueryResult failedRun(std::vector<Stmt> stmts, bool changed, char finalStatus, std::string sqlstate) {
    QueryResult q = run(std::move(stmts), changed, finalStatus);
    q.ok = false;
    q.error = QueryError{};
    q.error->severity = "ERROR";
    q.error->sqlstate = std::move(sqlstate);
    q.error->message = "boom";
    q.error->statementIndex = q.results.size();
    return q;
}

}  // namespace

TEST_CASE("an empty journal replays nothing") {
    StateJournal j;
    CHECK(j.replayScript() == "");
    CHECK(j.committedCount() == 0);
    CHECK_FALSE(j.hasOpenTransaction());
}

TEST_CASE("autocommit statements of a changing run are recorded in order") {
    StateJournal j;
    j.record(run({{"CREATE TABLE t (a int)", "CREATE TABLE"},
                  {"INSERT INTO t VALUES (1)", "INSERT 0 1"},
                  {"SELECT * FROM t", "SELECT 1"}},
                 true));
    CHECK(j.committedCount() == 3);
    CHECK(j.replayScript() == "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\nSELECT * FROM t;\n");
}

TEST_CASE("read-only runs add nothing") {
    StateJournal j;
    j.record(run({{"SELECT 1", "SELECT 1"}, {"SELECT now()", "SELECT 1"}}, false));
    CHECK(j.committedCount() == 0);
    CHECK(j.replayScript() == "");
}

TEST_CASE("SET and RESET are kept even when nothing was written") {
    StateJournal j;
    j.record(run({{"SET search_path = shop, public", "SET"}, {"SELECT 1", "SELECT 1"}}, false));
    j.record(run({{"RESET work_mem", "RESET"}}, false));
    CHECK(j.replayScript() == "SET search_path = shop, public;\nRESET work_mem;\n");
}

TEST_CASE("a committed transaction is kept, across runs") {
    StateJournal j;
    j.record(run({{"BEGIN", "BEGIN", 'T'}, {"INSERT INTO t VALUES (1)", "INSERT 0 1", 'T'}}, true));
    CHECK(j.hasOpenTransaction());
    CHECK(j.committedCount() == 0);
    CHECK(j.replayScript() == "");
    j.record(run({{"UPDATE t SET a = 2", "UPDATE 1", 'T'}}, true));
    CHECK(j.committedCount() == 0);
    j.record(run({{"COMMIT", "COMMIT", 'I'}}, true));
    CHECK_FALSE(j.hasOpenTransaction());
    CHECK(j.replayScript() == "BEGIN;\nINSERT INTO t VALUES (1);\nUPDATE t SET a = 2;\nCOMMIT;\n");
}

TEST_CASE("END commits too (its tag is COMMIT)") {
    StateJournal j;
    j.record(run({{"START TRANSACTION", "START TRANSACTION", 'T'},
                  {"DELETE FROM t", "DELETE 4", 'T'},
                  {"END", "COMMIT", 'I'}},
                 true));
    CHECK(j.replayScript() == "START TRANSACTION;\nDELETE FROM t;\nEND;\n");
}

TEST_CASE("a rolled-back transaction is dropped") {
    StateJournal j;
    j.record(run({{"CREATE TABLE keep (a int)", "CREATE TABLE"}}, true));
    j.record(run({{"BEGIN", "BEGIN", 'T'}, {"DROP TABLE keep", "DROP TABLE", 'T'}}, true));
    j.record(run({{"ROLLBACK", "ROLLBACK", 'I'}}, false));
    CHECK_FALSE(j.hasOpenTransaction());
    CHECK(j.replayScript() == "CREATE TABLE keep (a int);\n");
}

TEST_CASE("COMMIT of a failed transaction answers ROLLBACK and drops it") {
    StateJournal j;
    j.record(failedRun({{"BEGIN", "BEGIN", 'T'}, {"INSERT INTO t VALUES (1)", "INSERT 0 1", 'T'}}, true, 'E', "22012"));
    CHECK(j.hasOpenTransaction());
    j.record(run({{"COMMIT", "ROLLBACK", 'I'}}, false));
    CHECK_FALSE(j.hasOpenTransaction());
    CHECK(j.committedCount() == 0);
}

TEST_CASE("a read-only transaction is not worth replaying") {
    StateJournal j;
    j.record(run({{"BEGIN", "BEGIN", 'T'}, {"SELECT 1", "SELECT 1", 'T'}, {"COMMIT", "COMMIT", 'I'}}, false));
    CHECK(j.committedCount() == 0);
    CHECK_FALSE(j.hasOpenTransaction());
}

TEST_CASE("ROLLBACK TO SAVEPOINT keeps the block; the savepoint dance replays") {
    StateJournal j;
    j.record(run({{"BEGIN", "BEGIN", 'T'},
                  {"INSERT INTO t VALUES (1)", "INSERT 0 1", 'T'},
                  {"SAVEPOINT s", "SAVEPOINT", 'T'}},
                 true));
    // The failing statement is not among the results; the block is in failed state.
    j.record(failedRun({}, false, 'E', "23505"));
    CHECK(j.hasOpenTransaction());
    j.record(run({{"ROLLBACK TO SAVEPOINT s", "ROLLBACK", 'T'}, {"COMMIT", "COMMIT", 'I'}}, true));
    CHECK(j.replayScript() ==
          "BEGIN;\nINSERT INTO t VALUES (1);\nSAVEPOINT s;\nROLLBACK TO SAVEPOINT s;\nCOMMIT;\n");
}

TEST_CASE("COMMIT AND CHAIN and ROLLBACK AND CHAIN") {
    StateJournal j;
    j.record(run({{"BEGIN", "BEGIN", 'T'},
                  {"INSERT INTO t VALUES (1)", "INSERT 0 1", 'T'},
                  {"COMMIT AND CHAIN", "COMMIT", 'T'},
                  {"INSERT INTO t VALUES (2)", "INSERT 0 1", 'T'},
                  {"ROLLBACK AND CHAIN", "ROLLBACK", 'T'},
                  {"INSERT INTO t VALUES (3)", "INSERT 0 1", 'T'}},
                 true));
    CHECK(j.hasOpenTransaction());
    CHECK(j.replayScript() == "BEGIN;\nINSERT INTO t VALUES (1);\nCOMMIT;\n");
    j.record(run({{"commit", "COMMIT", 'I'}}, true));
    CHECK(j.replayScript() == "BEGIN;\nINSERT INTO t VALUES (1);\nCOMMIT;\nBEGIN;\nINSERT INTO t VALUES (3);\ncommit;\n");
}

TEST_CASE("completed statements of a failed run are recorded") {
    StateJournal j;
    j.record(failedRun({{"CREATE TABLE t (a int)", "CREATE TABLE"}, {"INSERT INTO t VALUES (1)", "INSERT 0 1"}},
                       true, 'I', "42P01"));
    CHECK(j.replayScript() == "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\n");
}

TEST_CASE("a COMMIT that fails ends the block") {
    StateJournal j;
    j.record(run({{"BEGIN", "BEGIN", 'T'}, {"INSERT INTO t VALUES (1)", "INSERT 0 1", 'T'}}, true));
    // Deferred constraint check fails at COMMIT: the server rolls back and is idle again.
    j.record(failedRun({}, true, 'I', "23503"));
    CHECK_FALSE(j.hasOpenTransaction());
    j.record(run({{"BEGIN", "BEGIN", 'T'}, {"INSERT INTO t VALUES (2)", "INSERT 0 1", 'T'}, {"COMMIT", "COMMIT", 'I'}},
                 true));
    CHECK(j.replayScript() == "BEGIN;\nINSERT INTO t VALUES (2);\nCOMMIT;\n");
}

TEST_CASE("pgplay-made errors and Stop leave the open block alone") {
    StateJournal j;
    j.record(run({{"BEGIN", "BEGIN", 'T'}, {"INSERT INTO t VALUES (1)", "INSERT 0 1", 'T'}}, true));
    QueryResult nul = makeErrorResult(sqlstate::kNulInQuery, "NUL byte");
    nul.transactionStatus = "I";
    j.record(nul);
    CHECK(j.hasOpenTransaction());
    j.record(failedRun({}, false, 'I', sqlstate::kQueryCanceled));
    CHECK(j.hasOpenTransaction());
    // The app restarts the database after a Stop: the open block is gone.
    j.rollbackOpenTransaction();
    CHECK_FALSE(j.hasOpenTransaction());
    CHECK(j.committedCount() == 0);
}

TEST_CASE("an idle statement while the journal thought a block was open drops the block") {
    StateJournal j;
    j.record(run({{"BEGIN", "BEGIN", 'T'}, {"INSERT INTO t VALUES (1)", "INSERT 0 1", 'T'}}, true));
    j.record(run({{"INSERT INTO t VALUES (2)", "INSERT 0 1", 'I'}}, true));
    CHECK_FALSE(j.hasOpenTransaction());
    CHECK(j.replayScript() == "INSERT INTO t VALUES (2);\n");
}

TEST_CASE("statements without text are skipped") {
    StateJournal j;
    j.record(run({{"", "", 'I'}, {"INSERT INTO t VALUES (1)", "INSERT 0 1", 'I'}}, true));
    CHECK(j.committedCount() == 1);
}

TEST_CASE("a statement ending in a line comment keeps its ';' out of the comment") {
    StateJournal j;
    j.record(run({{"INSERT INTO t VALUES (1) -- first row", "INSERT 0 1"},
                  {"-- second\nINSERT INTO t VALUES (2)", "INSERT 0 1"},
                  {"INSERT INTO t VALUES (3) /* c */", "INSERT 0 1"}},
                 true));
    CHECK(j.replayScript() ==
          "INSERT INTO t VALUES (1) -- first row\n;\n-- second\nINSERT INTO t VALUES (2);\n"
          "INSERT INTO t VALUES (3) /* c */;\n");
}

TEST_CASE("clear empties everything") {
    StateJournal j;
    j.record(run({{"CREATE TABLE t (a int)", "CREATE TABLE"}}, true));
    j.record(run({{"BEGIN", "BEGIN", 'T'}}, false));
    REQUIRE(j.committedCount() == 1);
    REQUIRE(j.hasOpenTransaction());
    j.clear();
    CHECK(j.committedCount() == 0);
    CHECK_FALSE(j.hasOpenTransaction());
    CHECK(j.replayScript() == "");
}
