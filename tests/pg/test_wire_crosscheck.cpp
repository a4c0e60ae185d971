// The browser's wire codec against real PostgreSQL.
//
// PGlite speaks the same protocol as any PostgreSQL server. Here a raw socket plays the part of
// PGlite's execProtocolRaw(): it sends wire::encodeStatement() batches to the real server and
// hands the reply bytes to wire::decodeScriptReplies(). The result must equal what PqDatabase
// (libpq, the server's own client library) reports for the same script — so the codec that only
// ever runs in the browser is checked natively against PostgreSQL itself.
#include "pg_fixture.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <map>

#include <libpq-fe.h>

#include "core/pg_wire.h"
#include "core/sql_script.h"

using namespace pgplay;
using wire::Bytes;

namespace {

// A minimal frontend: startup with trust auth, then one extended-protocol batch at a time.
class RawConnection {
public:
    explicit RawConnection(const std::string& conninfo) {
        std::map<std::string, std::string> params = parseConninfo(conninfo);
        std::string host = params.count("host") ? params["host"] : "/var/run/postgresql";
        std::string port = params.count("port") ? params["port"] : "5432";
        std::string user = params.count("user") ? params["user"] : "postgres";
        std::string dbname = params.count("dbname") ? params["dbname"] : user;
        fd_ = connectTo(host, port);
        REQUIRE(fd_ >= 0);

        Bytes startup;
        putInt32(startup, 0);            // length, filled in below
        putInt32(startup, 3 << 16);      // protocol 3.0
        for (const auto& [key, value] : {std::make_pair("user", user), std::make_pair("database", dbname),
                                         std::make_pair("client_encoding", std::string("UTF8"))}) {
            startup.insert(startup.end(), key, key + std::strlen(key));
            startup.push_back(0);
            startup.insert(startup.end(), value.begin(), value.end());
            startup.push_back(0);
        }
        startup.push_back(0);
        uint32_t length = static_cast<uint32_t>(startup.size());
        for (int i = 0; i < 4; ++i) startup[i] = static_cast<uint8_t>(length >> (24 - 8 * i));
        sendAll(startup);

        // AuthenticationOk, ParameterStatus..., BackendKeyData, ReadyForQuery.
        for (;;) {
            auto [type, body] = readMessage();
            if (type == 'R') {
                REQUIRE(body.size() >= 4);
                uint32_t code = readInt32(body, 0);
                if (code != 0) FAIL("the server asks for a password (auth code " << code << "); the cross-check needs trust auth");
            } else if (type == 'E') {
                FAIL("the server refused the raw connection");
            } else if (type == 'Z') {
                break;
            }
        }
    }
    ~RawConnection() {
        if (fd_ >= 0) {
            const uint8_t terminate[] = {'X', 0, 0, 0, 4};
            (void)::send(fd_, terminate, sizeof terminate, MSG_NOSIGNAL);
            ::close(fd_);
        }
    }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    // Sends one batch and returns every byte of the reply, up to and including ReadyForQuery.
    // Also reports whether the reply held an ErrorResponse (the runner stops there).
    Bytes exchange(const Bytes& batch, bool& hadError) {
        sendAll(batch);
        Bytes reply;
        hadError = false;
        for (;;) {
            auto [type, body] = readMessage();
            reply.push_back(static_cast<uint8_t>(type));
            putInt32(reply, static_cast<uint32_t>(body.size() + 4));
            reply.insert(reply.end(), body.begin(), body.end());
            if (type == 'E') hadError = true;
            if (type == 'Z') return reply;
        }
    }

    // What the browser's runner does with a script: split, one batch per statement, stop after
    // the first error, decode.
    QueryResult runScript(const std::string& script, size_t rowCap) {
        std::vector<SqlStatement> statements = splitSqlScript(script);
        std::vector<Bytes> replies;
        for (const SqlStatement& s : statements) {
            bool hadError = false;
            replies.push_back(exchange(wire::encodeStatement(s.text, rowCap), hadError));
            if (hadError) break;
        }
        return wire::decodeScriptReplies(script, statements, replies, rowCap);
    }

private:
    static std::map<std::string, std::string> parseConninfo(const std::string& conninfo) {
        std::map<std::string, std::string> out;
        char* error = nullptr;
        PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
        if (!options) {
            std::string message = error ? error : "out of memory";
            PQfreemem(error);
            FAIL("bad PGPLAY_TEST_PG: " << message);
        }
        for (PQconninfoOption* o = options; o->keyword; ++o)
            if (o->val && *o->val) out[o->keyword] = o->val;
        PQconninfoFree(options);
        if (out.count("hostaddr")) out["host"] = out["hostaddr"];
        return out;
    }

    static int connectTo(const std::string& host, const std::string& port) {
        int fd = -1;
        if (!host.empty() && host[0] == '/') {   // a Unix socket directory, as libpq reads it
            sockaddr_un addr{};
            addr.sun_family = AF_UNIX;
            std::string path = host + "/.s.PGSQL." + port;
            if (path.size() >= sizeof addr.sun_path) return -1;
            std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
            fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
            if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
                ::close(fd);
                fd = -1;
            }
        } else {
            addrinfo hints{};
            hints.ai_socktype = SOCK_STREAM;
            addrinfo* found = nullptr;
            if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0) return -1;
            for (addrinfo* a = found; a && fd < 0; a = a->ai_next) {
                fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
                if (fd >= 0 && ::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
                    ::close(fd);
                    fd = -1;
                }
            }
            ::freeaddrinfo(found);
        }
        if (fd >= 0) {   // never hang the test run on a silent server
            timeval timeout{30, 0};
            ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        }
        return fd;
    }

    static void putInt32(Bytes& b, uint32_t v) {
        for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<uint8_t>(v >> shift));
    }
    static uint32_t readInt32(const Bytes& b, size_t at) {
        return (uint32_t(b[at]) << 24) | (uint32_t(b[at + 1]) << 16) | (uint32_t(b[at + 2]) << 8) | uint32_t(b[at + 3]);
    }

    void sendAll(const Bytes& b) {
        size_t sent = 0;
        while (sent < b.size()) {
            ssize_t n = ::send(fd_, b.data() + sent, b.size() - sent, MSG_NOSIGNAL);
            REQUIRE(n > 0);
            sent += static_cast<size_t>(n);
        }
    }

    void readExactly(uint8_t* out, size_t n) {
        size_t got = 0;
        while (got < n) {
            ssize_t r = ::recv(fd_, out + got, n - got, 0);
            if (r <= 0) FAIL("the server closed the raw connection or timed out");
            got += static_cast<size_t>(r);
        }
    }

    std::pair<char, Bytes> readMessage() {
        uint8_t header[5];
        readExactly(header, 5);
        uint32_t length = (uint32_t(header[1]) << 24) | (uint32_t(header[2]) << 16) | (uint32_t(header[3]) << 8) | header[4];
        REQUIRE(length >= 4);
        Bytes body(length - 4);
        if (!body.empty()) readExactly(body.data(), body.size());
        return {static_cast<char>(header[0]), std::move(body)};
    }

    int fd_ = -1;
};

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
