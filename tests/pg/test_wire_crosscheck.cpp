// The browser's wire codec against real PostgreSQL.
//
// PGlite speaks the same protocol as any PostgreSQL server. Here a raw socket plays the part of
// PGlite's execProtocolRaw(): it sends wire::encodeStatement() batches to the real server and
// hands the reply bytes to wire::decodeScriptReplies(). The result must equal what PqDatabase
// (libpq, the server's own client library) reports for the same script — so the codec that only
// ever runs in the browser is checked natively against PostgreSQL itself.
#include "pg_fixture.h"

#include "raw_connection.h"

using namespace pgplay;
using wire::Bytes;

namespace {

using pgtest::RawConnection;

// Everything both runners should agree on. Field type names are compared where the wire decoder
// knows them (built-ins); user types are named later from the schema, not by the decoder.
void requireSameResult(const QueryResult& wire, const QueryResult& pq) {
    CHECK(wire.ok == pq.ok);
    CHECK(wire.transactionStatus == pq.transactionStatus);
    REQUIRE(wire.error.has_value() == pq.error.has_value());
    if (wire.error) {
        CHECK(wire.error->severity == pq.error->severity);
        CHECK(wire.error->sqlstate == pq.error->sqlstate);
        CHECK(wire.error->message == pq.error->message);
        CHECK(wire.error->detail == pq.error->detail);
        CHECK(wire.error->hint == pq.error->hint);
        CHECK(wire.error->position == pq.error->position);
        CHECK(wire.error->context == pq.error->context);
        CHECK(wire.error->statementIndex == pq.error->statementIndex);
    }
    REQUIRE(wire.notices.size() == pq.notices.size());
    for (size_t i = 0; i < wire.notices.size(); ++i) {
        CHECK(wire.notices[i].severity == pq.notices[i].severity);
        CHECK(wire.notices[i].sqlstate == pq.notices[i].sqlstate);
        CHECK(wire.notices[i].message == pq.notices[i].message);
        CHECK(wire.notices[i].detail == pq.notices[i].detail);
        CHECK(wire.notices[i].hint == pq.notices[i].hint);
    }
    REQUIRE(wire.results.size() == pq.results.size());
    for (size_t i = 0; i < wire.results.size(); ++i) {
        INFO("statement " << i);
        const StatementResult& a = wire.results[i];
        const StatementResult& b = pq.results[i];
        CHECK(a.command == b.command);
        CHECK(a.tag == b.tag);
        CHECK(a.rowCount == b.rowCount);
        CHECK(a.hasRowSet == b.hasRowSet);
        CHECK(a.truncated == b.truncated);
        CHECK(a.statementOffset == b.statementOffset);
        CHECK(a.statementText == b.statementText);
        CHECK(a.txStatusAfter == b.txStatusAfter);
        CHECK(a.title == b.title);
        CHECK(a.footer == b.footer);
        REQUIRE(a.fields.size() == b.fields.size());
        for (size_t f = 0; f < a.fields.size(); ++f) {
            CHECK(a.fields[f].name == b.fields[f].name);
            CHECK(a.fields[f].typeOid == b.fields[f].typeOid);
            if (!a.fields[f].typeName.empty()) CHECK(a.fields[f].typeName == b.fields[f].typeName);
        }
        REQUIRE(a.rows.rowCount() == b.rows.rowCount());
        REQUIRE(a.rows.columnCount() == b.rows.columnCount());
        for (size_t r = 0; r < a.rows.rowCount(); ++r)
            for (size_t c = 0; c < a.rows.columnCount(); ++c) {
                INFO("row " << r << " column " << c);
                CHECK(a.rows.cell(r, c) == b.rows.cell(r, c));
            }
    }
}

// Runs the script both ways, requires equal results, and returns the wire side's for further checks.
QueryResult crossCheck(const std::string& script, size_t rowCap = 100000) {
    INFO("script: " << script);
    RawConnection raw(pgtest::conninfo());
    PqDatabase db(pgtest::conninfo());
    REQUIRE(db.status().state == DatabaseState::Ready);
    // Same session settings on both sides, so text output (dates, money) cannot differ.
    const std::string settings = "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'";
    REQUIRE(raw.runScript(settings, rowCap).ok);
    REQUIRE(pgtest::run(db, settings).ok);

    QueryResult viaWire = raw.runScript(script, rowCap);
    QueryResult viaLibpq = pgtest::run(db, script, rowCap);
    INFO("wire: " << pgtest::describe(viaWire) << " / libpq: " << pgtest::describe(viaLibpq));
    requireSameResult(viaWire, viaLibpq);
    return viaWire;
}

}  // namespace

// Scripts use temporary tables: each side runs them in its own session without clashing.

TEST_CASE("Cross-check: values, NULLs and type OIDs", "[wire-check]") {
    QueryResult r = crossCheck("SELECT 1 AS one, NULL::text AS nothing, ''::text AS empty, 'größe ✓ 日本' AS txt, "
               "1.50::numeric AS num, 12345678901234567890::numeric, true, '2024-02-29 12:00+05'::timestamptz, "
               "'{\"k\": [1, null]}'::jsonb, ARRAY[1, NULL, 3], ARRAY['x y', NULL], '1 day 2 hours'::interval, "
               "'\\xdeadbeef'::bytea, gen_random_uuid() IS NOT NULL AS has_uuid, 3.5::float4, point(1, 2)");
    REQUIRE(r.results.size() == 1);
    const RowSet& rows = r.results[0].rows;
    REQUIRE(rows.columnCount() == 16);
    CHECK(rows.text(0, 0) == "1");
    CHECK(rows.isNull(0, 1));
    CHECK_FALSE(rows.isNull(0, 2));
    CHECK(rows.text(0, 3) == "größe ✓ 日本");
    CHECK(rows.text(0, 7) == "2024-02-29 07:00:00+00");
    CHECK(rows.text(0, 12) == "\\xdeadbeef");
    CHECK(r.results[0].fields[9].typeName == "_int4");
}

TEST_CASE("Cross-check: DDL, DML tags and rows", "[wire-check]") {
    crossCheck("CREATE TEMP TABLE items (id int PRIMARY KEY, v text);\n"
               "INSERT INTO items VALUES (1, 'a'), (2, NULL), (3, '');\n"
               "UPDATE items SET v = v || '!' WHERE id = 1;\n"
               "SELECT * FROM items ORDER BY id;\n"
               "DELETE FROM items WHERE id > 1 RETURNING id;\n"
               "SELECT FROM items;\n"
               "DROP TABLE items");
}

TEST_CASE("Cross-check: error position after multi-byte text", "[wire-check]") {
    const std::string script = "SELECT 'é ✓';\n-- naïve\nSELECT * FROM does_not_exist_anywhere";
    QueryResult r = crossCheck(script);
    REQUIRE(r.error);
    CHECK(r.error->sqlstate == "42P01");
    CHECK(r.error->position == pgtest::charPosition(script, "does_not_exist_anywhere"));
    CHECK(r.results.size() == 1);
}

TEST_CASE("Cross-check: execution error, syntax error, unique violation, hint", "[wire-check]") {
    crossCheck("SELECT 1/0");
    crossCheck("SELECT 1;\n  SELEC 2");
    crossCheck("CREATE TEMP TABLE u (id int PRIMARY KEY); INSERT INTO u VALUES (1); INSERT INTO u VALUES (1)");
    crossCheck("SELECT no_such_function(1, 'x')");
    crossCheck("SELECT x / (x - 3) FROM generate_series(1, 5) x");   // fails after some rows
    crossCheck("DO $$ BEGIN PERFORM 1/0; END $$");
}

TEST_CASE("Cross-check: notices and a zero-column result", "[wire-check]") {
    crossCheck("DO $$ BEGIN RAISE NOTICE 'hello %', 42; RAISE WARNING 'w' USING DETAIL = 'd', HINT = 'h'; END $$;\n"
               "SELECT FROM generate_series(1, 3)");
}

TEST_CASE("Cross-check: row cap", "[wire-check]") {
    QueryResult capped = crossCheck("SELECT g, g::text || 'x' FROM generate_series(1, 50) g", 10);
    REQUIRE(capped.ok);
    CHECK(capped.results[0].truncated);
    CHECK(capped.results[0].rows.rowCount() == 10);
    CHECK(capped.results[0].tag == "SELECT 10");
    crossCheck("SELECT g FROM generate_series(1, 10) g", 10);   // exactly the cap
    crossCheck("SELECT g FROM generate_series(1, 11) g", 10);   // one more than the cap
    crossCheck("SELECT g FROM generate_series(1, 5) g", 0);
}

TEST_CASE("Cross-check: transaction status", "[wire-check]") {
    crossCheck("BEGIN; SELECT 1; COMMIT");
    crossCheck("BEGIN; CREATE TEMP TABLE t (n int); INSERT INTO t VALUES (1)");
    QueryResult failed = crossCheck("BEGIN; SELECT 1/0; SELECT 1");
    CHECK(failed.transactionStatus == "E");
    CHECK(failed.error->statementIndex == 1);
}

TEST_CASE("Cross-check: COPY TO STDOUT and SET", "[wire-check]") {
    crossCheck("COPY (SELECT g, NULL, 'a\tb' FROM generate_series(1, 3) g) TO STDOUT;\nSET work_mem = '8MB';\nSHOW work_mem");
}

// COPY ... FROM STDIN with the data lines after it (a pg_dump file's table data): the browser's
// CopyData batch and libpq's PQputCopyData load the same rows on the real server.
TEST_CASE("Cross-check: COPY FROM STDIN with data lines, and COPY TO STDOUT", "[wire-check][copy]") {
    QueryResult r = crossCheck("CREATE TEMP TABLE c (a int, b text);\n"
                               "COPY c (a, b) FROM stdin;\n1\tone\n2\t\\N\n3\tit's -- fine; really\n\\.\n"
                               "COPY c TO STDOUT;\n"
                               "SELECT count(*), count(b) FROM c;\n");
    REQUIRE(r.ok);
    CHECK(r.results[1].tag == "COPY 3");
    CHECK(r.results[2].rows.rowCount() == 3);
    CHECK(r.results[3].rows.text(0, 0) == "3");
    CHECK(r.results[3].rows.text(0, 1) == "2");
}

TEST_CASE("Cross-check: psql meta-commands mixed with SQL", "[wire-check][meta]") {
    const std::string schema =
        // Quiet: each script runs twice (wire, then libpq), and what the first left decides the notices.
        "SET client_min_messages = warning; DROP SCHEMA IF EXISTS pgplay_wire_meta CASCADE; CREATE SCHEMA pgplay_wire_meta; "
        "SET search_path = pgplay_wire_meta; "
        "CREATE TABLE wm_users (id int PRIMARY KEY, name text NOT NULL CHECK (name <> '')); "
        "CREATE TABLE wm_orders (id int PRIMARY KEY, user_id int REFERENCES wm_users); "
        "CREATE INDEX wm_orders_user ON wm_orders (user_id); CREATE VIEW wm_names AS SELECT name FROM wm_users;\n";
    const std::string cleanup = "\nDROP SCHEMA pgplay_wire_meta CASCADE;";
    crossCheck(schema + "\\dt wm_*\n\\d wm_users\nSELECT 1;\n\\d wm_orders\n\\di+ wm*\n\\dv\n\\dn pgplay_wire*\n"
                        "\\df\n\\dT\n\\du\n\\l\n\\dx\n\\conninfo\n\\x\n\\timing off\n\\?" + cleanup);
    // Errors: an unknown command and a \d of nothing stop the script where they stand.
    QueryResult r = crossCheck(schema + "\\d wm_nosuch\nDROP TABLE wm_orders;" + cleanup);
    REQUIRE(r.error);
    CHECK(r.error->message == "Did not find any relation named \"wm_nosuch\".");
    r = crossCheck(schema + "SELECT 1;\n\\nosuch\nDROP TABLE wm_orders;" + cleanup);
    REQUIRE(r.error);
    CHECK(r.error->message == "invalid command \\nosuch");
        crossCheck("SET client_min_messages = warning; DROP SCHEMA IF EXISTS pgplay_wire_meta CASCADE");
    // An empty list is no error: psql only says so.
    r = crossCheck("\\dt pgplay_no_such_schema.*");
    CHECK(r.ok);
    CHECK(r.results.back().tag == "Did not find any relation named \"pgplay_no_such_schema.*\".");
    // Inside a failed transaction block the catalog queries fail as any query would.
    crossCheck("BEGIN; SELECT 1/0;\n\\dt\nROLLBACK;");
}
