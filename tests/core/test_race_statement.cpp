// What a race step's statement is to the race engine (core/race_statement): transaction control,
// lock_timeout, reads, locking reads, writes, table locks, schema changes, and the refusals that
// tell a learner which statements races do not model.
#include <catch2/catch.hpp>

#include <string>

#include "core/race_statement.h"

using namespace pgplay;

namespace {

using Kind = RaceStatementKind;

Kind kindOf(const std::string& sql) { return classifyRaceStatement(sql).kind; }

// The refusal text, or a marker that makes a failed CHECK say what came back instead.
std::string refusalOf(const std::string& sql) {
    const RaceStatement s = classifyRaceStatement(sql);
    if (s.kind != Kind::Refused) return "<not refused: kind " + std::to_string(static_cast<int>(s.kind)) + ">";
    return s.refusal;
}

bool refusedWith(const std::string& sql, const std::string& fragment) {
    const std::string why = refusalOf(sql);
    INFO(sql << " -> " << why);
    return why.find(fragment) != std::string::npos;
}

}  // namespace

TEST_CASE("Race statements: BEGIN and START TRANSACTION, with and without an isolation level", "[race][statement]") {
    // Without a level the engine falls back to the session default, so the level must stay unset
    // rather than be filled in here.
    for (const char* sql : {"BEGIN", "begin", "BEGIN TRANSACTION", "BEGIN WORK", "START TRANSACTION", "start transaction",
                            "BEGIN READ WRITE", "START TRANSACTION READ ONLY"}) {
        INFO(sql);
        const RaceStatement s = classifyRaceStatement(sql);
        CHECK(s.kind == Kind::Begin);
        CHECK_FALSE(s.isolation.has_value());
    }

    struct Case { const char* sql; Isolation level; };
    const Case cases[] = {
        {"BEGIN ISOLATION LEVEL SERIALIZABLE", Isolation::Serializable},
        {"BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ", Isolation::RepeatableRead},
        {"BEGIN ISOLATION LEVEL READ COMMITTED", Isolation::ReadCommitted},
        {"START TRANSACTION ISOLATION LEVEL SERIALIZABLE", Isolation::Serializable},
        {"start transaction isolation level repeatable read", Isolation::RepeatableRead},
        {"START TRANSACTION READ WRITE, ISOLATION LEVEL REPEATABLE READ", Isolation::RepeatableRead},
        // PostgreSQL runs READ UNCOMMITTED exactly as READ COMMITTED, so the engine does too.
        {"BEGIN ISOLATION LEVEL READ UNCOMMITTED", Isolation::ReadCommitted},
        {"START TRANSACTION ISOLATION LEVEL READ UNCOMMITTED", Isolation::ReadCommitted},
    };
    for (const Case& c : cases) {
        INFO(c.sql);
        const RaceStatement s = classifyRaceStatement(c.sql);
        CHECK(s.kind == Kind::Begin);
        REQUIRE(s.isolation.has_value());
        CHECK(*s.isolation == c.level);
    }

    // START on its own is not a transaction start (START needs TRANSACTION after it).
    CHECK(kindOf("START") == Kind::Refused);
}

TEST_CASE("Race statements: SET TRANSACTION ISOLATION LEVEL", "[race][statement]") {
    RaceStatement s = classifyRaceStatement("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
    CHECK(s.kind == Kind::SetIsolation);
    REQUIRE(s.isolation.has_value());
    CHECK(*s.isolation == Isolation::Serializable);

    s = classifyRaceStatement("set transaction isolation level repeatable read");
    CHECK(s.kind == Kind::SetIsolation);
    CHECK(s.isolation == Isolation::RepeatableRead);

    s = classifyRaceStatement("SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED");
    CHECK(s.kind == Kind::SetIsolation);
    CHECK(s.isolation == Isolation::ReadCommitted);

    // SET TRANSACTION without a level (READ ONLY, DEFERRABLE) changes nothing the engine models,
    // so it is refused rather than silently ignored.
    CHECK(refusedWith("SET TRANSACTION READ ONLY", "ISOLATION LEVEL"));
}

TEST_CASE("Race statements: COMMIT, END, ROLLBACK and ABORT", "[race][statement]") {
    for (const char* sql : {"COMMIT", "commit", "COMMIT WORK", "COMMIT TRANSACTION", "END", "end transaction",
                            "COMMIT AND NO CHAIN"}) {
        INFO(sql);
        CHECK(kindOf(sql) == Kind::Commit);
    }
    for (const char* sql : {"ROLLBACK", "rollback", "ROLLBACK WORK", "ABORT", "abort transaction",
                            "ROLLBACK AND NO CHAIN"}) {
        INFO(sql);
        CHECK(kindOf(sql) == Kind::Rollback);
    }
}

TEST_CASE("Race statements: transaction control the engine does not model is refused", "[race][statement]") {
    // Each of these would change which locks and snapshots a session keeps in ways the engine does
    // not follow, so a scenario using them must be refused with a reason, never half-played.
    CHECK(refusedWith("SAVEPOINT s1", "savepoints"));
    CHECK(refusedWith("RELEASE SAVEPOINT s1", "savepoints"));
    CHECK(refusedWith("RELEASE s1", "savepoints"));
    CHECK(refusedWith("ROLLBACK TO SAVEPOINT s1", "ROLLBACK TO SAVEPOINT"));
    CHECK(refusedWith("ROLLBACK TO s1", "ROLLBACK TO SAVEPOINT"));
    CHECK(refusedWith("rollback transaction to savepoint s1", "ROLLBACK TO SAVEPOINT"));
    CHECK(refusedWith("COMMIT AND CHAIN", "COMMIT AND CHAIN"));
    CHECK(refusedWith("END AND CHAIN", "COMMIT AND CHAIN"));
    CHECK(refusedWith("ROLLBACK AND CHAIN", "ROLLBACK AND CHAIN"));
    CHECK(refusedWith("PREPARE TRANSACTION 'tx1'", "PREPARE TRANSACTION"));
    CHECK(refusedWith("COMMIT PREPARED 'tx1'", "COMMIT PREPARED"));
    CHECK(refusedWith("ROLLBACK PREPARED 'tx1'", "ROLLBACK PREPARED"));
}

TEST_CASE("Race statements: one statement a step, and never an empty one", "[race][statement]") {
    CHECK(refusedWith("SELECT 1; SELECT 2", "one statement"));
    CHECK(refusedWith("BEGIN; UPDATE t SET v = 1", "one statement"));
    // A ';' inside a string or a comment does not end the statement.
    CHECK(kindOf("SELECT 'a;b'") == Kind::Read);
    CHECK(kindOf("SELECT 1 /* ; */") == Kind::Read);
    CHECK(kindOf("UPDATE t SET note = 'x;y' WHERE id = 1") == Kind::Write);

    CHECK(refusedWith("", "empty"));
    CHECK(refusedWith("   \n\t ", "empty"));
    CHECK(refusedWith("-- only a comment", "empty"));
    CHECK(refusedWith("/* only a comment */", "empty"));
}

TEST_CASE("Race statements: commands races do not model are refused by name", "[race][statement]") {
    // The message starts with the command in capitals, whatever case it was typed in, so the
    // learner sees which word the engine stopped at.
    struct Case { const char* sql; const char* name; };
    const Case cases[] = {
        {"VACUUM t", "VACUUM"},
        {"vacuum", "VACUUM"},
        {"CREATE TABLE u (id int)", "CREATE"},
        {"create temp table u ()", "CREATE"},
        {"TRUNCATE t", "TRUNCATE"},
        {"Copy t TO STDOUT", "COPY"},
        {"DROP TABLE t", "DROP"},
        {"ANALYZE t", "ANALYZE"},
        {"ALTER INDEX i RENAME TO j", "ALTER"},
        {"PREPARE q AS SELECT 1", "PREPARE"},
        {"EXPLAIN SELECT 1", "EXPLAIN"},
    };
    for (const Case& c : cases) {
        const std::string why = refusalOf(c.sql);
        INFO(c.sql << " -> " << why);
        CHECK(why.rfind(std::string(c.name) + " statements are not modelled in races", 0) == 0);
    }
}

TEST_CASE("Race statements: SET lock_timeout in its forms", "[race][statement]") {
    struct Case { const char* sql; int ms; bool local; };
    const Case cases[] = {
        {"SET lock_timeout = '500ms'", 500, false},
        {"SET LOCAL lock_timeout TO 200", 200, true},
        {"SET lock_timeout = '2s'", 2000, false},
        {"SET lock_timeout = '1min'", 60000, false},
        {"SET lock_timeout = '1h'", 3600000, false},
        {"SET lock_timeout = '2000us'", 2, false},
        {"SET lock_timeout = '1500us'", 2, false},   // rounded, as PostgreSQL rounds
        {"SET lock_timeout = '1d'", 86400000, false},
        {"SET lock_timeout = '1.5s'", 1500, false},
        {"SET lock_timeout = '250'", 250, false},   // no unit: milliseconds, as PostgreSQL reads it
        {"SET lock_timeout = '3 s'", 3000, false},   // PostgreSQL allows a blank before the unit
        {"SET SESSION lock_timeout = 100", 100, false},
        {"set local lock_timeout = '1min'", 60000, true},
        {"SET lock_timeout = DEFAULT", 0, false},   // DEFAULT and 0 both mean: wait for ever
        {"SET lock_timeout TO default", 0, false},
        {"SET lock_timeout = 0", 0, false},
        {"SET LOCAL lock_timeout = '0'", 0, true},
        // A huge value is capped, never overflows into a negative number of milliseconds.
        {"SET lock_timeout = '100000000s'", 1000000000, false},
    };
    for (const Case& c : cases) {
        INFO(c.sql);
        const RaceStatement s = classifyRaceStatement(c.sql);
        REQUIRE(s.kind == Kind::LockTimeout);
        CHECK(s.lockTimeoutMs == c.ms);
        CHECK(s.local == c.local);
    }

    // A value that is not a duration is refused with an example of one.
    for (const char* sql : {"SET lock_timeout = 'soon'", "SET lock_timeout = '5 fortnights'", "SET lock_timeout = ''",
                            "SET lock_timeout = '-5'", "SET lock_timeout = 'ms'", "SET lock_timeout = 'inf'",
                            "SET lock_timeout = 'nan'", "SET lock_timeout = '2S'", "SET lock_timeout = '5MS'"}) {
        CHECK(refusedWith(sql, "lock_timeout needs a duration"));
    }
    // Not a plain "name = value" (a negative number is two tokens, a missing value none): the
    // general SET refusal.
    CHECK(refusedWith("SET lock_timeout = -5", "SET lock_timeout"));
    CHECK(refusedWith("SET lock_timeout =", "SET lock_timeout"));
    CHECK(refusedWith("SET lock_timeout '5s'", "SET lock_timeout"));
}

TEST_CASE("Race statements: other SET commands are refused", "[race][statement]") {
    for (const char* sql : {"SET statement_timeout = '1s'", "SET search_path TO public", "SET LOCAL work_mem = '4MB'",
                            "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE",
                            "SET ROLE nobody"}) {
        CHECK(refusedWith(sql, "races model only SET lock_timeout and SET TRANSACTION ISOLATION LEVEL"));
    }
}

TEST_CASE("Race statements: plain reads", "[race][statement]") {
    for (const char* sql : {"SELECT 1", "select v from t where id = 1", "WITH x AS (SELECT 1) SELECT * FROM x",
                            "VALUES (1), (2)", "TABLE t", "SHOW transaction_isolation", "show lock_timeout",
                            "(SELECT 1)", "((select v from t))", "(SELECT 1) UNION (SELECT 2)",
                            // FOR without a lock strength after it is not a locking clause.
                            "SELECT substring('abcdef' FROM 2 FOR 3)"}) {
        INFO(sql);
        const RaceStatement s = classifyRaceStatement(sql);
        CHECK(s.kind == Kind::Read);
        CHECK_FALSE(s.noWait);
        CHECK_FALSE(s.skipLocked);
    }
}

TEST_CASE("Race statements: locking reads with each strength and wait policy", "[race][statement]") {
    struct Case { const char* sql; RowLockMode mode; bool noWait; bool skipLocked; };
    const Case cases[] = {
        {"SELECT * FROM t WHERE id = 1 FOR UPDATE", RowLockMode::Update, false, false},
        {"SELECT * FROM t WHERE id = 1 FOR NO KEY UPDATE", RowLockMode::NoKeyUpdate, false, false},
        {"SELECT * FROM t WHERE id = 1 FOR SHARE", RowLockMode::Share, false, false},
        {"SELECT * FROM t WHERE id = 1 FOR KEY SHARE", RowLockMode::KeyShare, false, false},
        {"select * from t for update nowait", RowLockMode::Update, true, false},
        {"SELECT id FROM jobs ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED", RowLockMode::Update, false, true},
        {"SELECT * FROM t FOR SHARE OF t NOWAIT", RowLockMode::Share, true, false},
        {"SELECT * FROM t FOR KEY SHARE SKIP LOCKED", RowLockMode::KeyShare, false, true},
        {"SELECT * FROM t FOR No Key Update Skip Locked", RowLockMode::NoKeyUpdate, false, true},
        // The same strength twice (for different tables) is one strength, so it is modelled.
        {"SELECT * FROM a, b FOR UPDATE OF a FOR UPDATE OF b", RowLockMode::Update, false, false},
        // A locking clause in a WITH part or a parenthesised select locks too.
        {"WITH j AS (SELECT * FROM jobs FOR UPDATE) SELECT * FROM j", RowLockMode::Update, false, false},
        {"(SELECT * FROM t) FOR SHARE", RowLockMode::Share, false, false},
        {"SELECT * FROM t WHERE note = 'x;y' FOR UPDATE", RowLockMode::Update, false, false},
    };
    for (const Case& c : cases) {
        INFO(c.sql);
        const RaceStatement s = classifyRaceStatement(c.sql);
        CHECK(s.kind == Kind::LockingRead);
        CHECK(s.lockMode == c.mode);
        CHECK(s.noWait == c.noWait);
        CHECK(s.skipLocked == c.skipLocked);
    }

    // Two different strengths in one SELECT lock different rows differently; not modelled.
    CHECK(refusedWith("SELECT * FROM a, b FOR UPDATE OF a FOR SHARE OF b", "two different locking clauses"));
    CHECK(refusedWith("SELECT * FROM a, b FOR KEY SHARE OF a FOR NO KEY UPDATE OF b", "two different locking clauses"));
}

TEST_CASE("Race statements: 'for update' in a string or a comment is not a locking clause", "[race][statement]") {
    // Strings keep their quotes and comments are dropped before the words are read, so these
    // words never reach the locking-clause check.
    for (const char* sql : {"SELECT 'for update'", "SELECT * FROM t WHERE note = 'for no key update'",
                            "SELECT 1 -- for update", "SELECT 1 /* FOR SHARE */", "SELECT $$for update$$",
                            "SELECT $tag$ FOR KEY SHARE $tag$", "SELECT E'it\\'s for update'",
                            "SELECT \"for\" FROM t"}) {
        INFO(sql);
        CHECK(kindOf(sql) == Kind::Read);
    }
    // A comment that mentions NOWAIT or SKIP LOCKED does not change a real locking read's policy.
    const RaceStatement s = classifyRaceStatement("SELECT * FROM t FOR UPDATE /* NOWAIT */ -- skip locked");
    CHECK(s.kind == Kind::LockingRead);
    CHECK_FALSE(s.noWait);
    CHECK_FALSE(s.skipLocked);
}

TEST_CASE("Race statements: writes, ON CONFLICT, and data-modifying WITH", "[race][statement]") {
    for (const char* sql : {"INSERT INTO t VALUES (1, 100)", "insert into t select 1", "UPDATE t SET v = v + 1 WHERE id = 1",
                            "DELETE FROM t WHERE id = 1", "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE",
                            // A subquery's FOR UPDATE inside a write does not make it a read.
                            "UPDATE t SET v = 1 WHERE id IN (SELECT id FROM t FOR UPDATE)",
                            // A WITH part that writes makes the statement a write, whatever its last part is.
                            "WITH d AS (DELETE FROM t WHERE id = 1 RETURNING *) SELECT count(*) FROM d",
                            "WITH u AS (UPDATE t SET v = 0 RETURNING id) SELECT * FROM u",
                            "with i as (insert into t values (3) returning id) select id from i",
                            "WITH m AS MATERIALIZED (UPDATE t SET v = 1 RETURNING *) SELECT * FROM m",
                            "WITH a AS (SELECT 1), b AS (DELETE FROM t RETURNING id) SELECT * FROM b"}) {
        INFO(sql);
        const RaceStatement s = classifyRaceStatement(sql);
        CHECK(s.kind == Kind::Write);
        CHECK_FALSE(s.onConflict);
    }

    // ON CONFLICT matters to the engine: an upsert waits on a conflicting key instead of failing.
    for (const char* sql : {"INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING",
                            "INSERT INTO t VALUES (1, 5) ON CONFLICT (id) DO UPDATE SET v = t.v + excluded.v",
                            "insert into t values (1) on conflict on constraint t_pkey do nothing"}) {
        INFO(sql);
        const RaceStatement s = classifyRaceStatement(sql);
        CHECK(s.kind == Kind::Write);
        CHECK(s.onConflict);
    }
    // The words inside a string are not the clause.
    CHECK_FALSE(classifyRaceStatement("INSERT INTO t VALUES ('on conflict')").onConflict);

    // A WITH whose main statement writes is a write too, an upsert one included; a WITH that
    // only locks rows is a locking read.
    CHECK(classifyRaceStatement("WITH s AS (SELECT 1 AS id) INSERT INTO t SELECT id FROM s").kind == Kind::Write);
    CHECK(classifyRaceStatement("WITH s AS (SELECT 1) UPDATE t SET v = 1").kind == Kind::Write);
    RaceStatement upsert = classifyRaceStatement("WITH s AS (SELECT 1) INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING");
    CHECK(upsert.kind == Kind::Write);
    CHECK(upsert.onConflict);
    CHECK(classifyRaceStatement("WITH s AS (SELECT * FROM t FOR UPDATE) SELECT * FROM s").kind == Kind::LockingRead);
    CHECK(classifyRaceStatement("WITH s AS (SELECT * FROM t FOR NO KEY UPDATE) SELECT * FROM s").kind == Kind::LockingRead);
}

TEST_CASE("Race statements: LOCK TABLE", "[race][statement]") {
    RaceStatement s = classifyRaceStatement("LOCK TABLE t IN ACCESS EXCLUSIVE MODE");
    CHECK(s.kind == Kind::LockTable);
    CHECK_FALSE(s.noWait);
    s = classifyRaceStatement("lock t in share mode nowait");
    CHECK(s.kind == Kind::LockTable);
    CHECK(s.noWait);
    s = classifyRaceStatement("LOCK TABLE t NOWAIT");
    CHECK(s.kind == Kind::LockTable);
    CHECK(s.noWait);
    s = classifyRaceStatement("LOCK t");
    CHECK(s.kind == Kind::LockTable);
    CHECK_FALSE(s.noWait);
}

TEST_CASE("Race statements: schema changes, and CREATE INDEX CONCURRENTLY refused", "[race][statement]") {
    for (const char* sql : {"ALTER TABLE t ADD COLUMN note text", "alter table t drop column v", "CREATE INDEX ON t (v)",
                            "CREATE INDEX t_v ON t (v)", "CREATE UNIQUE INDEX t_u ON t (v)", "create unique index on t (v)",
                            "DROP INDEX t_v", "DROP INDEX IF EXISTS t_v", "COMMENT ON TABLE t IS 'orders'",
                            "comment on column t.v is 'for update'"}) {
        INFO(sql);
        CHECK(kindOf(sql) == Kind::SchemaChange);
    }
    // CONCURRENTLY builds in several transactions of its own; the engine models one.
    CHECK(refusedWith("CREATE INDEX CONCURRENTLY t_v ON t (v)", "CREATE INDEX CONCURRENTLY"));
    CHECK(refusedWith("CREATE UNIQUE INDEX CONCURRENTLY ON t (v)", "CREATE INDEX CONCURRENTLY"));
    CHECK(refusedWith("DROP INDEX CONCURRENTLY t_v", "CONCURRENTLY"));
}

TEST_CASE("Race statements: case and leading comments do not matter", "[race][statement]") {
    CHECK(kindOf("-- start the transaction\nBEGIN") == Kind::Begin);
    CHECK(kindOf("/* a */ /* b */ CoMmIt") == Kind::Commit);
    CHECK(kindOf("  \n\t select 1") == Kind::Read);
    CHECK(kindOf("/* note */ UpDaTe t SET v = 1") == Kind::Write);
    CHECK(kindOf("-- lock\nlock table t") == Kind::LockTable);
    const RaceStatement s = classifyRaceStatement("/* x */ Select * From t For No Key Update NoWait");
    CHECK(s.kind == Kind::LockingRead);
    CHECK(s.lockMode == RowLockMode::NoKeyUpdate);
    CHECK(s.noWait);
    CHECK(refusedWith("/* hi */ Vacuum", "VACUUM statements"));
}

TEST_CASE("Race statements: isolation and row lock names, as PostgreSQL writes them", "[race][statement]") {
    CHECK(std::string(isolationName(Isolation::ReadCommitted)) == "READ COMMITTED");
    CHECK(std::string(isolationName(Isolation::RepeatableRead)) == "REPEATABLE READ");
    CHECK(std::string(isolationName(Isolation::Serializable)) == "SERIALIZABLE");
    CHECK(std::string(rowLockModeName(RowLockMode::KeyShare)) == "FOR KEY SHARE");
    CHECK(std::string(rowLockModeName(RowLockMode::Share)) == "FOR SHARE");
    CHECK(std::string(rowLockModeName(RowLockMode::NoKeyUpdate)) == "FOR NO KEY UPDATE");
    CHECK(std::string(rowLockModeName(RowLockMode::Update)) == "FOR UPDATE");
}

TEST_CASE("Race statements: odd bytes never throw", "[race][statement]") {
    // The classifier reads steps straight from a teacher's file, so it must answer any text.
    for (const std::string& sql : {std::string("\xff\xfe\xfd"), std::string("SELECT '\xc3\x28'"), std::string("SELECT 'unterminated"),
                                  std::string("/* never closed"), std::string("SELECT 1\0 FOR UPDATE", 20), std::string(";"),
                                  std::string("((((")}) {
        CHECK_NOTHROW(classifyRaceStatement(sql));
    }
    CHECK(refusedWith(";", "one statement"));
}
