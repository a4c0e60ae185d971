// The race engine's bookkeeping SQL (core/race_support) on a real server: every session's
// writes are applied and logged, and one session's view is the database with the others'
// uncommitted writes undone inside a transaction that is rolled back.
#include "pg_fixture.h"

#include "core/race_support.h"

using namespace pgplay;

namespace {

std::string cells(const QueryResult& r) {
    INFO(pgtest::describe(r));
    REQUIRE(r.ok);
    const StatementResult& s = r.results.back();
    std::string out;
    for (size_t row = 0; row < s.rows.rowCount(); ++row) {
        if (!out.empty()) out += " ";
        for (size_t c = 0; c < s.rows.columnCount(); ++c)
            out += (c ? ":" : "") + std::string(s.rows.isNull(row, c) ? "NULL" : s.rows.text(row, c));
    }
    return out;
}

struct RaceDb {
    pgtest::ThrowawayDatabase t{"racesupport"};
    RaceDb() {
        QueryResult r = pgtest::run(*t.db,
            "CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL, "
            "  doubled int GENERATED ALWAYS AS (balance * 2) STORED);"
            "INSERT INTO accounts (id, balance) VALUES (1, 100), (2, 50);"
            "CREATE TABLE seats (flight text, seat text, taken_by text, PRIMARY KEY (flight, seat));"
            "INSERT INTO seats VALUES ('LH1', '1A', NULL);"
            "CREATE TABLE events (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, what text);"
            "INSERT INTO events (what) VALUES ('opened')");
        INFO(pgtest::describe(r));
        REQUIRE(r.ok);
        r = pgtest::run(*t.db, raceSupportInstallSql());
        INFO(pgtest::describe(r));
        REQUIRE(r.ok);
        r = pgtest::run(*t.db, raceTrackTablesSql());
        INFO(pgtest::describe(r));
        REQUIRE(r.ok);
    }
    QueryResult as(const std::string& session, const std::string& sql) {
        return pgtest::run(*t.db, "SET pgplay.session = '" + session + "'; " + sql);
    }
    // What `session` sees: the others' uncommitted writes undone, then rolled back.
    // `snapshot`: the commit number its snapshot was taken at (a large one sees every commit).
    std::string seenBy(const std::string& session, const std::string& query, long snapshot = 1000000) {
        QueryResult r = pgtest::run(*t.db, "BEGIN; SELECT pgplay_race.view('" + session + "', " + std::to_string(snapshot) +
                                               "); " + query);
        std::string out = cells(r);
        REQUIRE(pgtest::run(*t.db, "ROLLBACK").ok);
        return out;
    }
    std::string now(const std::string& query) { return cells(pgtest::run(*t.db, query)); }
};

const char* kAccounts = "SELECT id, balance, doubled FROM accounts ORDER BY id";

}  // namespace

TEST_CASE("Race bookkeeping: a session sees the database without the others' uncommitted writes", "[race][support]") {
    RaceDb db;
    REQUIRE(db.as("A", "UPDATE accounts SET balance = 120 WHERE id = 1; INSERT INTO accounts (id, balance) VALUES (3, 7); "
                       "DELETE FROM accounts WHERE id = 2; UPDATE seats SET taken_by = 'ann' WHERE flight = 'LH1'; "
                       "DELETE FROM events; INSERT INTO events (what) VALUES ('closed')").ok);
    REQUIRE(db.as("B", "UPDATE accounts SET balance = balance + 1 WHERE id = 1").ok);

    CHECK(db.now(kAccounts) == "1:121:242 3:7:14");   // physically, everything is applied
    CHECK(db.seenBy("C", kAccounts) == "1:100:200 2:50:100");
    CHECK(db.seenBy("C", "SELECT flight, seat, taken_by FROM seats") == "LH1:1A:NULL");
    CHECK(db.seenBy("C", "SELECT id, what FROM events") == "1:opened");
    CHECK(db.seenBy("A", kAccounts) == "1:120:240 3:7:14");   // A keeps its own writes, not B's
    CHECK(db.now(kAccounts) == "1:121:242 3:7:14");           // and nothing of the undo stays
    CHECK(db.now("SELECT count(*) FROM pgplay_race.log") == "7");   // six writes of A, one of B; no undo logged
}

TEST_CASE("Race bookkeeping: rolling a session back undoes only its writes; committed writes stay", "[race][support]") {
    RaceDb db;
    REQUIRE(db.as("A", "UPDATE accounts SET balance = 120 WHERE id = 1").ok);
    REQUIRE(db.as("B", "INSERT INTO accounts (id, balance) VALUES (9, 9); DELETE FROM events").ok);
    REQUIRE(pgtest::run(*db.t.db, "SELECT pgplay_race.commit_session('A', 1)").ok);
    CHECK(db.seenBy("C", kAccounts) == "1:120:240 2:50:100");   // A's commit is visible to all
    CHECK(db.seenBy("C", kAccounts, 0) == "1:100:200 2:50:100");  // but not to a snapshot taken before it

    REQUIRE(pgtest::run(*db.t.db, "SELECT pgplay_race.undo_session('B')").ok);
    CHECK(db.now(kAccounts) == "1:120:240 2:50:100");
    CHECK(db.now("SELECT id, what FROM events") == "1:opened");
    CHECK(db.now("SELECT string_agg(session || ':' || commit_seq, ' ' ORDER BY seq) FROM pgplay_race.log") == "A:1");
    CHECK(db.now("SHOW session_replication_role") == "origin");   // the undo left the setting as it was
}

TEST_CASE("Race bookkeeping: a write made after the undo, in the same transaction, is logged", "[race][support]") {
    RaceDb db;
    REQUIRE(db.as("A", "UPDATE accounts SET balance = 120 WHERE id = 1").ok);
    QueryResult r = pgtest::run(*db.t.db, "BEGIN; SELECT pgplay_race.view('B', 0); SELECT pgplay_race.begin_statement('B'); "
                                          "UPDATE accounts SET balance = balance + 30 WHERE id = 2; "
                                          "SELECT count(*) FROM pgplay_race.log WHERE session = 'B'");
    CHECK(cells(r) == "1");
    REQUIRE(pgtest::run(*db.t.db, "ROLLBACK").ok);
    CHECK(db.now("SHOW session_replication_role") == "origin");
}

TEST_CASE("Race bookkeeping: touched() names the rows a statement wrote and locked", "[race][support]") {
    RaceDb db;
    REQUIRE(db.as("A", "UPDATE accounts SET balance = 1 WHERE id = 2").ok);
    QueryResult r = pgtest::run(*db.t.db,
        "BEGIN; SELECT pgplay_race.view('B', 0); SELECT pgplay_race.begin_statement('B'); "
        "UPDATE accounts SET balance = balance + 1 WHERE id = 1; UPDATE seats SET seat = '2B'; "
        "SELECT 1 FROM accounts WHERE id = 2 FOR SHARE; SELECT kind, tbl, key FROM pgplay_race.touched()");
    CHECK(cells(r) == "update:accounts:{\"id\": 1} update-key:seats:{\"seat\": \"1A\", \"flight\": \"LH1\"} "
                      "insert:seats:{\"seat\": \"2B\", \"flight\": \"LH1\"} lock:accounts:{\"id\": 2}");
    // B's write is kept: A's is redone before COMMIT, and both stay logged under their sessions.
    REQUIRE(pgtest::run(*db.t.db, "SELECT pgplay_race.unview('B', 0); COMMIT").ok);
    CHECK(db.now(kAccounts) == "1:101:202 2:1:2");
    CHECK(db.now("SELECT string_agg(session, ' ' ORDER BY seq) FROM pgplay_race.log") == "A B B");
}

TEST_CASE("Race bookkeeping: relation_locks() names the table locks a statement's plan takes", "[race][support]") {
    RaceDb db;
    auto locksOf = [&](const std::string& statement) {
        QueryResult r = pgtest::run(*db.t.db, "BEGIN; EXPLAIN " + statement + "; SELECT tbl, mode FROM pgplay_race.relation_locks()");
        std::string out = cells(r);
        REQUIRE(pgtest::run(*db.t.db, "ROLLBACK").ok);
        return out;
    };
    CHECK(locksOf("SELECT * FROM accounts") == "accounts:AccessShareLock");
    CHECK(locksOf("SELECT * FROM accounts FOR UPDATE") == "accounts:RowShareLock");
    CHECK(locksOf("UPDATE seats SET taken_by = (SELECT max(what) FROM events)") == "events:AccessShareLock seats:RowExclusiveLock");
}

TEST_CASE("Race bookkeeping: hide() keeps rows out of a SKIP LOCKED read", "[race][support]") {
    RaceDb db;
    CHECK(db.seenBy("B", "SELECT pgplay_race.hide('[{\"tbl\": \"accounts\", \"key\": {\"id\": 1}}]'); "
                         "SELECT id FROM accounts ORDER BY id") == "2");
    CHECK(db.now("SELECT count(*) FROM accounts") == "2");
}

TEST_CASE("Race bookkeeping: a table without a primary key is refused with a hint", "[race][support]") {
    pgtest::ThrowawayDatabase t("racesupport");
    REQUIRE(pgtest::run(*t.db, "CREATE TABLE notes (body text)").ok);
    REQUIRE(pgtest::run(*t.db, raceSupportInstallSql()).ok);
    QueryResult r = pgtest::run(*t.db, raceTrackTablesSql());
    REQUIRE(r.error);
    CHECK(r.error->message == "table notes has no primary key");
    CHECK(r.error->hint.find("primary key") != std::string::npos);
}
