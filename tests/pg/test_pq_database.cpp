// PqDatabase against a real server: what a learner's scripts produce, value by value.
#include "pg_fixture.h"

using namespace pgplay;
using pgtest::ScratchDb;

TEST_CASE("PqDatabase connects and reports the server version", "[pq]") {
    PqDatabase db(pgtest::conninfo());
    DatabaseStatus s = db.status();
    CHECK(s.state == DatabaseState::Ready);
    CHECK_FALSE(s.version.empty());
    CHECK(std::isdigit(static_cast<unsigned char>(s.version[0])));
    db.cancel(12345);   // nothing in flight: harmless
}

TEST_CASE("PqDatabase without a server fails every request", "[pq]") {
    PqDatabase db("host=127.0.0.1 port=1 connect_timeout=2 user=nobody dbname=nothing");
    CHECK(db.status().state == DatabaseState::Failed);
    CHECK_FALSE(db.status().message.empty());
    QueryResult r = pgtest::run(db, "SELECT 1");
    CHECK_FALSE(r.ok);
    REQUIRE(r.error);
    CHECK(r.error->sqlstate == sqlstate::kDatabaseUnavailable);
}

TEST_CASE("Values come back as PostgreSQL's text, with type names", "[pq]") {
    ScratchDb t("pgplay_t_types");
    QueryResult setup = t.run("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
    REQUIRE(setup.ok);

    QueryResult r = t.run(
        "SELECT 42 AS i, 9007199254740993::int8 AS big, "
        "123456789012345678901234567890.123456789012345678901234567890::numeric AS num, "
        "'héllo ✓ 日本' AS txt, NULL::text AS nothing, ''::text AS empty, true AS yes, false AS no, "
        "'2024-01-02 03:04:05.678+02'::timestamptz AS ts, '{\"b\": [1, 2.50], \"a\": null}'::jsonb AS doc, "
        "ARRAY[1, 2, 3] AS ints, ARRAY['a b', NULL, 'c'] AS texts, 'happy'::mood AS feeling, "
        "ARRAY['sad', 'ok']::mood[] AS feelings, 1.5::float8 AS f, '12.34'::money AS cash");
    INFO(pgtest::describe(r));
    REQUIRE(r.ok);
    REQUIRE(r.results.size() == 1);
    const StatementResult& s = r.results[0];
    CHECK(s.command == "SELECT");
    CHECK(s.tag == "SELECT 1");
    CHECK(s.rowCount == 1);
    CHECK(s.hasRowSet);
    CHECK_FALSE(s.truncated);

    struct Expect {
        const char* name;
        uint32_t oid;
        const char* type;
        std::optional<std::string> value;
    };
    const Expect expected[] = {
        {"i", 23, "int4", "42"},
        {"big", 20, "int8", "9007199254740993"},
        {"num", 1700, "numeric", "123456789012345678901234567890.123456789012345678901234567890"},
        {"txt", 25, "text", "héllo ✓ 日本"},
        {"nothing", 25, "text", std::nullopt},
        {"empty", 25, "text", ""},
        {"yes", 16, "bool", "t"},
        {"no", 16, "bool", "f"},
        {"ts", 1184, "timestamptz", "2024-01-02 01:04:05.678+00"},
        {"doc", 3802, "jsonb", "{\"a\": null, \"b\": [1, 2.50]}"},
        {"ints", 1007, "_int4", "{1,2,3}"},
        {"texts", 1009, "_text", "{\"a b\",NULL,c}"},
        {"feeling", 0, "mood", "happy"},
        {"feelings", 0, "_mood", "{sad,ok}"},
        {"f", 701, "float8", "1.5"},
        {"cash", 790, "money", "$12.34"},
    };
    REQUIRE(s.fields.size() == std::size(expected));
    for (size_t c = 0; c < std::size(expected); ++c) {
        INFO("column " << expected[c].name);
        CHECK(s.fields[c].name == expected[c].name);
        if (expected[c].oid) CHECK(s.fields[c].typeOid == expected[c].oid);
        else CHECK(s.fields[c].typeOid >= 16384);   // a user type
        CHECK(s.fields[c].typeName == expected[c].type);
        if (expected[c].value) {
            CHECK_FALSE(s.rows.isNull(0, c));
            CHECK(s.rows.text(0, c) == *expected[c].value);
        } else {
            CHECK(s.rows.isNull(0, c));
        }
    }
}

TEST_CASE("A script of several statements gives one result each", "[pq]") {
    ScratchDb t("pgplay_t_multi");
    const std::string script =
        "CREATE TABLE items (id int PRIMARY KEY, name text);\n"
        "INSERT INTO items VALUES (1, 'a'), (2, 'b'), (3, NULL);\n"
        "UPDATE items SET name = 'z' WHERE id >= 2;\n"
        "SELECT * FROM items ORDER BY id;\n"
        "DELETE FROM items WHERE id = 1;\n"
        "SELECT FROM items";
    QueryResult r = t.run(script);
    INFO(pgtest::describe(r));
    REQUIRE(r.ok);
    REQUIRE(r.results.size() == 6);
    CHECK(r.results[0].tag == "CREATE TABLE");
    CHECK(r.results[0].command == "CREATE TABLE");
    CHECK_FALSE(r.results[0].hasRowSet);
    CHECK(r.results[1].tag == "INSERT 0 3");
    CHECK(r.results[1].command == "INSERT");
    CHECK(r.results[1].rowCount == 3);
    CHECK(r.results[2].tag == "UPDATE 2");
    CHECK(r.results[3].tag == "SELECT 3");
    CHECK(r.results[3].rows.rowCount() == 3);
    CHECK(r.results[3].rows.text(2, 1) == "z");
    CHECK(r.results[4].tag == "DELETE 1");
    // A zero-column SELECT still counts its rows.
    CHECK(r.results[5].hasRowSet);
    CHECK(r.results[5].fields.empty());
    CHECK(r.results[5].rows.rowCount() == 2);
    CHECK(r.results[5].rowCount == 2);

    // Each result knows where its statement is in the script.
    for (const StatementResult& s : r.results)
        CHECK(script.compare(s.statementOffset, s.statementText.size(), s.statementText) == 0);
    CHECK(r.results[1].statementText == "INSERT INTO items VALUES (1, 'a'), (2, 'b'), (3, NULL)");
    CHECK(r.ms >= 0);
}

TEST_CASE("Undefined table: position is mapped from the statement to the script", "[pq][errors]") {
    ScratchDb t("pgplay_t_pos");
    const std::string script = "SELECT 'größe ✓' AS label;\n-- naïve comment\nSELECT id FROM no_such_table";
    QueryResult r = t.run(script);
    CHECK_FALSE(r.ok);
    REQUIRE(r.error);
    CHECK(r.error->sqlstate == "42P01");
    CHECK(r.error->severity == "ERROR");
    CHECK(r.error->message == "relation \"no_such_table\" does not exist");
    CHECK(r.error->statementIndex == 1);
    CHECK(r.error->position == pgtest::charPosition(script, "no_such_table"));
    REQUIRE(r.results.size() == 1);   // the statement before the error
    CHECK(r.results[0].rows.text(0, 0) == "größe ✓");
}

TEST_CASE("Division by zero", "[pq][errors]") {
    ScratchDb t("pgplay_t_div");
    QueryResult r = t.run("SELECT 1/0");
    REQUIRE(r.error);
    CHECK(r.error->sqlstate == "22012");
    CHECK(r.error->message == "division by zero");
    CHECK(r.error->position == 0);
    CHECK(r.error->statementIndex == 0);
    CHECK(r.results.empty());
}

TEST_CASE("Unique violation carries its detail", "[pq][errors]") {
    ScratchDb t("pgplay_t_unique");
    QueryResult r = t.run("CREATE TABLE u (id int PRIMARY KEY);\nINSERT INTO u VALUES (1);\nINSERT INTO u VALUES (1)");
    REQUIRE(r.error);
    CHECK(r.error->sqlstate == "23505");
    CHECK(r.error->message == "duplicate key value violates unique constraint \"u_pkey\"");
    CHECK(r.error->detail == "Key (id)=(1) already exists.");
    CHECK(r.error->statementIndex == 2);
    CHECK(r.results.size() == 2);
}

TEST_CASE("Syntax error position", "[pq][errors]") {
    ScratchDb t("pgplay_t_syntax");
    const std::string script = "SELECT 1;\n  SELEC 2;\nSELECT 3";
    QueryResult r = t.run(script);
    REQUIRE(r.error);
    CHECK(r.error->sqlstate == "42601");
    CHECK(r.error->message == "syntax error at or near \"SELEC\"");
    CHECK(r.error->position == pgtest::charPosition(script, "SELEC "));
    CHECK(r.error->position == 13);
    CHECK(r.error->statementIndex == 1);
    CHECK(r.results.size() == 1);
}

TEST_CASE("Errors keep PostgreSQL's hint", "[pq][errors]") {
    ScratchDb t("pgplay_t_hint");
    QueryResult r = t.run("SELECT no_such_function(1, 'x')");
    REQUIRE(r.error);
    CHECK(r.error->sqlstate == "42883");
    CHECK(r.error->hint.find("explicit type casts") != std::string::npos);
    CHECK(r.error->position == 8);
}

TEST_CASE("Errors inside functions carry their context", "[pq][errors]") {
    ScratchDb t("pgplay_t_context");
    QueryResult r = t.run("DO $$ BEGIN PERFORM 1/0; END $$");
    REQUIRE(r.error);
    CHECK(r.error->sqlstate == "22012");
    CHECK(r.error->context.find("PL/pgSQL") != std::string::npos);
}

TEST_CASE("The first error stops the script; earlier statements stay done", "[pq][errors]") {
    ScratchDb t("pgplay_t_stop");
    QueryResult r = t.run(
        "CREATE TABLE log (n int);\n"
        "INSERT INTO log VALUES (1);\n"
        "INSERT INTO log VALUES (1/0);\n"
        "INSERT INTO log VALUES (3)");
    REQUIRE(r.error);
    CHECK(r.error->statementIndex == 2);
    REQUIRE(r.results.size() == 2);
    CHECK(r.results[1].tag == "INSERT 0 1");
    QueryResult check = t.run("SELECT n FROM log ORDER BY n");
    REQUIRE(check.ok);
    REQUIRE(check.results[0].rows.rowCount() == 1);   // 3 was never inserted
    CHECK(check.results[0].rows.text(0, 0) == "1");
}

TEST_CASE("Notices are collected", "[pq]") {
    ScratchDb t("pgplay_t_notice");
    QueryResult r = t.run(
        "DO $$ BEGIN RAISE NOTICE 'hello %', 42; END $$;\n"
        "DO $$ BEGIN RAISE WARNING 'careful' USING DETAIL = 'the detail', HINT = 'the hint'; END $$;\n"
        "SELECT 1");
    INFO(pgtest::describe(r));
    REQUIRE(r.ok);
    REQUIRE(r.notices.size() == 2);
    CHECK(r.notices[0].severity == "NOTICE");
    CHECK(r.notices[0].sqlstate == "00000");
    CHECK(r.notices[0].message == "hello 42");
    CHECK(r.notices[1].severity == "WARNING");
    CHECK(r.notices[1].sqlstate == "01000");
    CHECK(r.notices[1].detail == "the detail");
    CHECK(r.notices[1].hint == "the hint");
    CHECK(r.results[0].tag == "DO");
    // Notices of an earlier run do not leak into the next one.
    QueryResult again = t.run("SELECT 2");
    CHECK(again.notices.empty());
}

TEST_CASE("Row cap truncates big results", "[pq]") {
    ScratchDb t("pgplay_t_cap");
    QueryResult r = t.run("SELECT g, 'row ' || g AS label FROM generate_series(1, 1000) g", 100);
    INFO(pgtest::describe(r));
    REQUIRE(r.ok);
    const StatementResult& s = r.results[0];
    CHECK(s.truncated);
    CHECK(s.rows.rowCount() == 100);
    CHECK(s.rowCount == 100);
    CHECK(s.tag == "SELECT 100");
    CHECK(s.rows.text(99, 0) == "100");
    CHECK(s.rows.text(99, 1) == "row 100");

    QueryResult exact = t.run("SELECT g FROM generate_series(1, 100) g", 100);
    REQUIRE(exact.ok);
    CHECK_FALSE(exact.results[0].truncated);
    CHECK(exact.results[0].tag == "SELECT 100");
    CHECK(exact.results[0].rows.rowCount() == 100);

    QueryResult nextOk = t.run("SELECT 'after'");   // the connection is usable after the drain
    REQUIRE(nextOk.ok);
    CHECK(nextOk.results[0].rows.text(0, 0) == "after");
}

TEST_CASE("Transaction status follows BEGIN, errors and ROLLBACK", "[pq]") {
    ScratchDb t("pgplay_t_tx");
    REQUIRE(t.run("CREATE TABLE acc (n int)").ok);

    QueryResult begin = t.run("BEGIN; INSERT INTO acc VALUES (1)");
    REQUIRE(begin.ok);
    CHECK(begin.results[0].txStatusAfter == 'T');
    CHECK(begin.results[1].txStatusAfter == 'T');
    CHECK(begin.transactionStatus == "T");

    QueryResult fail = t.run("SELECT 1/0");
    REQUIRE(fail.error);
    CHECK(fail.transactionStatus == "E");

    QueryResult aborted = t.run("SELECT 1");
    REQUIRE(aborted.error);
    CHECK(aborted.error->sqlstate == "25P02");
    CHECK(aborted.transactionStatus == "E");

    QueryResult rollback = t.run("ROLLBACK");
    REQUIRE(rollback.ok);
    CHECK(rollback.results[0].tag == "ROLLBACK");
    CHECK(rollback.transactionStatus == "I");

    QueryResult count = t.run("SELECT count(*) FROM acc");
    REQUIRE(count.ok);
    CHECK(count.results[0].rows.text(0, 0) == "0");
    CHECK(count.transactionStatus == "I");
}

TEST_CASE("databaseChanged tells reads from writes", "[pq]") {
    ScratchDb t("pgplay_t_changed");
    REQUIRE(t.run("CREATE TABLE w (n int)").ok);
    // databaseChanged compares WAL positions, and the first queries after DDL may prune dead
    // catalog rows (which writes WAL) while filling the session's caches. Warm them first.
    REQUIRE(t.run("SELECT 1; SELECT * FROM w").ok);
    QueryResult read = t.run("SELECT 1");
    REQUIRE(read.ok);
    CHECK_FALSE(read.databaseChanged);
    QueryResult write = t.run("INSERT INTO w VALUES (1)");
    REQUIRE(write.ok);
    CHECK(write.databaseChanged);
    QueryResult readTable = t.run("SELECT * FROM w");
    REQUIRE(readTable.ok);
    CHECK_FALSE(readTable.databaseChanged);
}

TEST_CASE("Scripts that run nothing, or cannot be sent", "[pq]") {
    ScratchDb t("pgplay_t_empty");
    QueryResult comments = t.run("-- just a comment\n/* and another */ ;;");
    CHECK(comments.ok);
    CHECK(comments.results.empty());

    QueryResult nul = t.run(std::string("SELECT 1;\0SELECT 2", 18));
    CHECK_FALSE(nul.ok);
    REQUIRE(nul.error);
    CHECK(nul.error->sqlstate == sqlstate::kNulInQuery);
    CHECK(nul.error->position == 10);   // the same refusal as the PGlite runners (script_batches)
}

TEST_CASE("COPY TO STDOUT shows its lines", "[pq]") {
    ScratchDb t("pgplay_t_copy");
    QueryResult r = t.run("COPY (SELECT g, NULL FROM generate_series(1, 3) g) TO STDOUT");
    INFO(pgtest::describe(r));
    REQUIRE(r.ok);
    const StatementResult& s = r.results[0];
    CHECK(s.tag == "COPY 3");
    CHECK(s.rowCount == 3);
    REQUIRE(s.rows.rowCount() == 3);
    CHECK(s.rows.text(0, 0) == "1\t\\N");
}

TEST_CASE("COPY FROM STDIN takes the script's data lines; with none it is refused without hanging", "[pq]") {
    ScratchDb t("pgplay_t_copyin");
    // As in psql: the lines after the COPY up to "\." are its data, then SQL again.
    QueryResult r = t.run("CREATE TABLE c (n int);\nCOPY c FROM STDIN;\n1\n2\n\\.\nSELECT count(*) FROM c");
    REQUIRE(r.ok);
    CHECK(r.results[1].tag == "COPY 2");
    CHECK(r.results[2].rows.text(0, 0) == "2");
    // A COPY on the script's last line has no data: an error, and the connection stays in step.
    QueryResult none = t.run("COPY c FROM STDIN;");
    CHECK_FALSE(none.ok);
    REQUIRE(none.error);
    CHECK(none.error->message.find("no data lines") != std::string::npos);
    QueryResult after = t.run("SELECT count(*) FROM c");
    REQUIRE(after.ok);
    CHECK(after.results[0].rows.text(0, 0) == "2");
}
