// Shared helpers of the tests against a real PostgreSQL server.
//
// The server comes from PGPLAY_TEST_PG, a libpq connection string; scripts/test.sh sets it from
// scripts/pg-server.sh. Without it the tests fail loudly: a green run must mean they ran.
#pragma once

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "native/pq_database.h"

namespace pgtest {

inline std::string conninfo() {
    const char* value = std::getenv("PGPLAY_TEST_PG");
    if (!value || !*value)
        FAIL("PGPLAY_TEST_PG is not set. Start a server with scripts/pg-server.sh and run "
             "PGPLAY_TEST_PG=\"$(scripts/pg-server.sh | tail -1)\" pg_tests");
    return value;
}

// Runs a script and returns its result (PqDatabase calls back before run() returns).
inline pgplay::QueryResult run(pgplay::Database& db, const std::string& script, size_t rowCap = 100000) {
    pgplay::RunOptions options;
    options.rowCap = rowCap;
    int calls = 0;
    pgplay::QueryResult out;
    db.run(script, options, [&](pgplay::QueryResult r) {
        ++calls;
        out = std::move(r);
    });
    REQUIRE(calls == 1);
    return out;
}

// Where a failure message helps: the error of a result that should have succeeded.
inline std::string describe(const pgplay::QueryResult& r) {
    if (!r.error) return "ok";
    return r.error->sqlstate + ": " + r.error->message;
}

// A connection working in a schema of its own, dropped again afterwards, so tests never see
// each other's tables (or those of an earlier, interrupted run).
class ScratchDb {
public:
    explicit ScratchDb(const std::string& schema) : db(conninfo()), schema_(schema) {
        REQUIRE(db.status().state == pgplay::DatabaseState::Ready);
        pgplay::QueryResult r = pgtest::run(db, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE; CREATE SCHEMA " + schema_ +
                                            "; SET search_path = " + schema_ + ", public; SET TimeZone = 'UTC'");
        INFO(describe(r));
        REQUIRE(r.ok);
    }
    ~ScratchDb() {
        // Leave any transaction the test left open or failed, then drop what it made.
        pgplay::RunOptions options;
        db.run("ROLLBACK", options, [](pgplay::QueryResult) {});
        db.run("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE", options, [](pgplay::QueryResult) {});
    }
    ScratchDb(const ScratchDb&) = delete;
    ScratchDb& operator=(const ScratchDb&) = delete;

    pgplay::QueryResult run(const std::string& script, size_t rowCap = 100000) {
        return pgtest::run(db, script, rowCap);
    }
    const std::string& schema() const { return schema_; }

    pgplay::PqDatabase db;

private:
    std::string schema_;
};

// A database of its own on the test server, dropped afterwards: lesson checks reset the
// learner's database by dropping every schema, which must never touch anything shared.
class ThrowawayDatabase {
public:
    explicit ThrowawayDatabase(const std::string& purpose = "lessons")
        : admin_(conninfo()), name_("pgplay_" + purpose + "_" + std::to_string(getpid())) {
        REQUIRE(admin_.status().state == pgplay::DatabaseState::Ready);
        pgplay::QueryResult r = pgtest::run(admin_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
        INFO(describe(r));
        REQUIRE(r.ok);
        r = pgtest::run(admin_, "CREATE DATABASE " + name_);
        INFO(describe(r));
        REQUIRE(r.ok);
        db = std::make_unique<pgplay::PqDatabase>(conninfo() + " dbname=" + name_);
        REQUIRE(db->status().state == pgplay::DatabaseState::Ready);
    }
    ~ThrowawayDatabase() {
        db.reset();
        admin_.run("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)", pgplay::RunOptions{}, [](pgplay::QueryResult) {});
    }
    ThrowawayDatabase(const ThrowawayDatabase&) = delete;
    ThrowawayDatabase& operator=(const ThrowawayDatabase&) = delete;

    // A connection string for more connections to this database.
    std::string sessionConninfo() const { return conninfo() + " dbname=" + name_; }

    std::unique_ptr<pgplay::PqDatabase> db;

private:
    pgplay::PqDatabase admin_;
    std::string name_;
};

// 1-based character position of the first `needle` in `text`, counted in code points the way
// PostgreSQL counts them (independently of the code under test).
inline int charPosition(const std::string& text, const std::string& needle) {
    size_t byte = text.find(needle);
    REQUIRE(byte != std::string::npos);
    int chars = 0;
    for (size_t i = 0; i < byte; ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++chars;
    return chars + 1;
}

}  // namespace pgtest
