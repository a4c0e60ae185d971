// A raw wire-protocol connection to the test server: it plays the part of PGlite's
// execProtocolRaw(), taking pgplay's encoded batches and returning the reply bytes. Used by the
// codec cross-check and by the RestartableDatabase's real-server engine.
#pragma once

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
#include "core/script_batches.h"
#include "core/sql_script.h"
#include "pg_fixture.h"

namespace pgtest {

using pgplay::QueryResult;
using pgplay::SqlStatement;
using pgplay::wire::Bytes;
namespace wire = pgplay::wire;

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

    // What the browser's runner does with a script: split, one batch per statement (packed as
    // core/script_batches packs them, meta-commands included), stop after the first error,
    // decode. A run holding a \d NAME goes in pieces, as RestartableDatabase sends it: the rest
    // only once the \d found its relation.
    QueryResult runScript(const std::string& script, size_t rowCap) {
        std::vector<SqlStatement> statements = pgplay::splitSqlScript(script);
        std::vector<Bytes> replies;
        for (size_t from = 0; from < statements.size();) {
            const size_t to = pgplay::runPieceEnd(statements, from);
            const std::vector<uint8_t> packed = pgplay::packStatementBatches(statements, rowCap, from, to);
            bool hadError = false;
            for (const Bytes& batch : pgplay::unpackReplies(packed.data(), packed.size(), to - from)) {
                replies.push_back(exchange(batch, hadError));
                if (hadError) break;
            }
            if (hadError || replies.size() < to) break;
            if (to < statements.size() && !wire::decodeScriptReplies(script, statements, replies, rowCap).ok) break;
            from = to;
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

}  // namespace pgtest
