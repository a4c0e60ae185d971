// The wire codec against hand-built backend replies: the message sequences PGlite (and any
// PostgreSQL) sends for each kind of statement, then malformed and truncated bytes.
#include <catch2/catch.hpp>

#include <initializer_list>
#include <limits>
#include <random>
#include <utility>

#include "core/pg_wire.h"
#include "backend_messages.h"

using namespace pgplay;
using wire::Bytes;

namespace {

using namespace backend;

// A typical reply of each kind, reused by the malformed-input tests below.
Bytes selectReply() {
    return concat({parseComplete(), bindComplete(), rowDescription({{"id", 23}, {"name", 25}}),
                   dataRow({"1", std::string("ann")}), dataRow({"2", std::nullopt}), dataRow({"3", std::string()}),
                   commandComplete("SELECT 3"), ready('I')});
}

Bytes undefinedTableReply() {
    return concat({errorFields('E', {{'S', "ERROR"}, {'V', "ERROR"}, {'C', "42P01"},
                                     {'M', "relation \"nope\" does not exist"}, {'P', "15"},
                                     {'F', "parse_relation.c"}, {'L', "1392"}, {'R', "parserOpenTable"}}),
                   ready('I')});
}

Bytes noticeReply() {
    return concat({parseComplete(), bindComplete(), noData(),
                   errorFields('N', {{'S', "NOTICE"}, {'V', "NOTICE"}, {'C', "00000"}, {'M', "hello"},
                                     {'D', "some detail"}, {'H', "some hint"}, {'W', "PL/pgSQL function inline_code_block line 1 at RAISE"}}),
                   commandComplete("DO"), ready('I')});
}

struct Decoded {
    StatementResult result;
    std::vector<Notice> notices;
    std::optional<QueryError> error;
};

Decoded decode(const Bytes& reply, size_t rowCap = 100) {
    Decoded d;
    d.error = wire::decodeStatementReply(reply, rowCap, d.result, d.notices);
    return d;
}

uint32_t readInt32(const Bytes& b, size_t at) {
    return (uint32_t(b[at]) << 24) | (uint32_t(b[at + 1]) << 16) | (uint32_t(b[at + 2]) << 8) | uint32_t(b[at + 3]);
}

}  // namespace

TEST_CASE("encodeStatement builds Parse, Bind, Describe, Execute and Sync", "[wire]") {
    const std::string sql = "SELECT 1";
    Bytes b = wire::encodeStatement(sql, 100);

    Bytes expected;
    {   // Parse: "" statement, query, 0 parameter types
        Bytes body;
        putString(body, "");
        putString(body, sql);
        putInt16(body, 0);
        expected = message('P', body);
    }
    {   // Bind: "" portal, "" statement, 0 format codes, 0 parameters, 0 result formats (= text)
        Bytes body;
        putString(body, "");
        putString(body, "");
        putInt16(body, 0);
        putInt16(body, 0);
        putInt16(body, 0);
        Bytes m = message('B', body);
        expected.insert(expected.end(), m.begin(), m.end());
    }
    {   // Describe the unnamed portal
        Bytes body{'P', 0};
        Bytes m = message('D', body);
        expected.insert(expected.end(), m.begin(), m.end());
    }
    {   // Execute the unnamed portal with maxRows = rowCap + 1
        Bytes body;
        putString(body, "");
        putInt32(body, 101);
        Bytes m = message('E', body);
        expected.insert(expected.end(), m.begin(), m.end());
    }
    {
        Bytes m = message('S', {});
        expected.insert(expected.end(), m.begin(), m.end());
    }
    CHECK(b == expected);
}

TEST_CASE("encodeStatement row limits", "[wire]") {
    auto maxRowsOf = [](const Bytes& b) { return readInt32(b, b.size() - 5 - 4); };   // Execute's last field
    CHECK(maxRowsOf(wire::encodeStatement("select", 0)) == 1u);
    CHECK(maxRowsOf(wire::encodeStatement("select", 100000)) == 100001u);
    // A cap beyond what int32 can carry means "no limit" (0) rather than a wrapped, negative one.
    CHECK(maxRowsOf(wire::encodeStatement("select", size_t(1) << 40)) == 0u);
    CHECK(maxRowsOf(wire::encodeStatement("select", 0x7fffffff)) == 0u);
    CHECK(maxRowsOf(wire::encodeStatement("select", 0x7ffffffe)) == 0x7fffffffu);

    // Multi-byte text goes through byte for byte, and the Parse length counts bytes.
    const std::string sql = "SELECT 'héllo ✓'";
    Bytes b = wire::encodeStatement(sql, 10);
    CHECK(b[0] == 'P');
    CHECK(readInt32(b, 1) == 4 + 1 + sql.size() + 1 + 2);
    CHECK(std::string(b.begin() + 6, b.begin() + 6 + sql.size()) == sql);
}

TEST_CASE("SELECT reply: fields, rows, NULL apart from empty, tag", "[wire]") {
    Decoded d = decode(selectReply());
    REQUIRE_FALSE(d.error);
    const StatementResult& r = d.result;
    CHECK(r.hasRowSet);
    REQUIRE(r.fields.size() == 2);
    CHECK(r.fields[0].name == "id");
    CHECK(r.fields[0].typeOid == 23);
    CHECK(r.fields[0].typeName == "int4");
    CHECK(r.fields[1].name == "name");
    CHECK(r.fields[1].typeName == "text");
    REQUIRE(r.rows.rowCount() == 3);
    CHECK(r.rows.text(0, 0) == "1");
    CHECK(r.rows.text(0, 1) == "ann");
    CHECK(r.rows.isNull(1, 1));
    CHECK_FALSE(r.rows.isNull(2, 1));
    CHECK(r.rows.text(2, 1).empty());
    CHECK(r.command == "SELECT");
    CHECK(r.tag == "SELECT 3");
    CHECK(r.rowCount == 3);
    CHECK_FALSE(r.truncated);
    CHECK(r.txStatusAfter == 'I');
    CHECK(d.notices.empty());
}

TEST_CASE("SELECT reply with zero rows still has its fields", "[wire]") {
    Decoded d = decode(concat({parseComplete(), bindComplete(), rowDescription({{"x", 1700}}),
                               commandComplete("SELECT 0"), ready('T')}));
    REQUIRE_FALSE(d.error);
    CHECK(d.result.hasRowSet);
    CHECK(d.result.fields.size() == 1);
    CHECK(d.result.fields[0].typeName == "numeric");
    CHECK(d.result.rows.rowCount() == 0);
    CHECK(d.result.rowCount == 0);
    CHECK(d.result.txStatusAfter == 'T');
}

TEST_CASE("EXPLAIN and SHOW, whose tags carry no count, count the rows they returned", "[wire]") {
    Decoded d = decode(concat({parseComplete(), bindComplete(), rowDescription({{"QUERY PLAN", 25}}),
                               dataRow({"Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4)"}), dataRow({"  Filter: (x > 1)"}),
                               commandComplete("EXPLAIN"), ready('I')}));
    REQUIRE_FALSE(d.error);
    CHECK(d.result.command == "EXPLAIN");
    CHECK(d.result.tag == "EXPLAIN");
    CHECK(d.result.rowCount == 2);
    d = decode(concat({parseComplete(), bindComplete(), rowDescription({{"TimeZone", 25}}), dataRow({"UTC"}),
                       commandComplete("SHOW"), ready('I')}));
    CHECK(d.result.rowCount == 1);
    // A command without rows keeps the count its tag gives, or none.
    d = decode(concat({parseComplete(), bindComplete(), noData(), commandComplete("CREATE TABLE"), ready('I')}));
    CHECK(d.result.rowCount == 0);
}

TEST_CASE("SELECT with no columns counts its rows", "[wire]") {
    Decoded d = decode(concat({parseComplete(), bindComplete(), rowDescription({}), dataRow({}), dataRow({}),
                               commandComplete("SELECT 2"), ready('I')}));
    REQUIRE_FALSE(d.error);
    CHECK(d.result.hasRowSet);
    CHECK(d.result.fields.empty());
    CHECK(d.result.rows.rowCount() == 2);
    CHECK(d.result.rowCount == 2);
}

TEST_CASE("Row cap: PortalSuspended marks the result truncated", "[wire]") {
    // Execute asked for rowCap + 1 = 4 rows; the server sent them and suspended the portal.
    Bytes reply = concat({parseComplete(), bindComplete(), rowDescription({{"n", 23}}), dataRow({"1"}),
                          dataRow({"2"}), dataRow({"3"}), dataRow({"4"}), portalSuspended(), ready('I')});
    Decoded d = decode(reply, 3);
    REQUIRE_FALSE(d.error);
    CHECK(d.result.truncated);
    REQUIRE(d.result.rows.rowCount() == 3);   // the probe row beyond the cap is not kept
    CHECK(d.result.rows.text(2, 0) == "3");
    CHECK(d.result.tag == "SELECT 3");
    CHECK(d.result.command == "SELECT");
    CHECK(d.result.rowCount == 3);
}

TEST_CASE("Row cap: exactly rowCap rows is not truncated", "[wire]") {
    Bytes reply = concat({parseComplete(), bindComplete(), rowDescription({{"n", 23}}), dataRow({"1"}),
                          dataRow({"2"}), dataRow({"3"}), commandComplete("SELECT 3"), ready('I')});
    Decoded d = decode(reply, 3);
    REQUIRE_FALSE(d.error);
    CHECK_FALSE(d.result.truncated);
    CHECK(d.result.rows.rowCount() == 3);
    CHECK(d.result.tag == "SELECT 3");
}

TEST_CASE("Row cap: more rows than the cap with a CommandComplete still truncates", "[wire]") {
    // A server that ignored the row limit (or a limit of 0 = unlimited) sends everything.
    Bytes reply = concat({parseComplete(), bindComplete(), rowDescription({{"n", 23}}), dataRow({"1"}),
                          dataRow({"2"}), dataRow({"3"}), dataRow({"4"}), dataRow({"5"}),
                          commandComplete("SELECT 5"), ready('I')});
    Decoded d = decode(reply, 2);
    REQUIRE_FALSE(d.error);
    CHECK(d.result.truncated);
    CHECK(d.result.rows.rowCount() == 2);
    CHECK(d.result.tag == "SELECT 2");
    CHECK(d.result.rowCount == 2);
}

TEST_CASE("Row cap of zero keeps no rows", "[wire]") {
    Bytes reply = concat({parseComplete(), bindComplete(), rowDescription({{"n", 23}}), dataRow({"1"}),
                          portalSuspended(), ready('I')});
    Decoded d = decode(reply, 0);
    REQUIRE_FALSE(d.error);
    CHECK(d.result.truncated);
    CHECK(d.result.rows.rowCount() == 0);
    CHECK(d.result.tag == "SELECT 0");
}

TEST_CASE("DDL and DML replies: NoData, then the command tag", "[wire]") {
    Decoded ddl = decode(concat({parseComplete(), bindComplete(), noData(), commandComplete("CREATE TABLE"), ready('I')}));
    REQUIRE_FALSE(ddl.error);
    CHECK_FALSE(ddl.result.hasRowSet);
    CHECK(ddl.result.command == "CREATE TABLE");
    CHECK(ddl.result.tag == "CREATE TABLE");
    CHECK(ddl.result.rowCount == 0);

    Decoded ins = decode(concat({parseComplete(), bindComplete(), noData(), commandComplete("INSERT 0 3"), ready('T')}));
    REQUIRE_FALSE(ins.error);
    CHECK(ins.result.command == "INSERT");
    CHECK(ins.result.rowCount == 3);
    CHECK(ins.result.txStatusAfter == 'T');
}

TEST_CASE("Empty query reply", "[wire]") {
    Decoded d = decode(concat({parseComplete(), bindComplete(), noData(), emptyQuery(), ready('I')}));
    REQUIRE_FALSE(d.error);
    CHECK(d.result.tag.empty());
    CHECK(d.result.command.empty());
    CHECK(d.result.rowCount == 0);
    CHECK_FALSE(d.result.hasRowSet);
}

TEST_CASE("Notices are collected with their fields", "[wire]") {
    std::vector<Notice> notices{Notice{"WARNING", "01000", "earlier", "", ""}};
    StatementResult r;
    auto error = wire::decodeStatementReply(noticeReply(), 10, r, notices);
    REQUIRE_FALSE(error);
    REQUIRE(notices.size() == 2);   // appended, the earlier one kept
    CHECK(notices[0].message == "earlier");
    CHECK(notices[1].severity == "NOTICE");
    CHECK(notices[1].sqlstate == "00000");
    CHECK(notices[1].message == "hello");
    CHECK(notices[1].detail == "some detail");
    CHECK(notices[1].hint == "some hint");
    CHECK(r.tag == "DO");
}

TEST_CASE("ParameterStatus and unknown error fields are ignored", "[wire]") {
    Decoded d = decode(concat({parseComplete(), bindComplete(), noData(), parameterStatus("TimeZone", "UTC"),
                               commandComplete("SET"), ready('I')}));
    REQUIRE_FALSE(d.error);
    CHECK(d.result.tag == "SET");
}

TEST_CASE("Error in Parse: every field, position relative to the statement", "[wire]") {
    Decoded d = decode(undefinedTableReply());
    REQUIRE(d.error);
    CHECK(d.error->severity == "ERROR");
    CHECK(d.error->sqlstate == "42P01");
    CHECK(d.error->message == "relation \"nope\" does not exist");
    CHECK(d.error->position == 15);
    CHECK(d.result.txStatusAfter == 'I');
}

TEST_CASE("Error at execution, inside a transaction block", "[wire]") {
    Decoded d = decode(concat({parseComplete(),
                               errorFields('E', {{'S', "FEHLER"}, {'V', "ERROR"}, {'C', "22012"}, {'M', "division by zero"},
                                                 {'D', "a detail"}, {'H', "a hint"}, {'W', "SQL function \"f\""}}),
                               ready('E')}));
    REQUIRE(d.error);
    CHECK(d.error->severity == "ERROR");   // the untranslated V field wins over a localized S
    CHECK(d.error->sqlstate == "22012");
    CHECK(d.error->detail == "a detail");
    CHECK(d.error->hint == "a hint");
    CHECK(d.error->context == "SQL function \"f\"");
    CHECK(d.error->position == 0);
    CHECK(d.result.txStatusAfter == 'E');
}

TEST_CASE("Error after some rows were sent", "[wire]") {
    Decoded d = decode(concat({parseComplete(), bindComplete(), rowDescription({{"x", 23}}), dataRow({"1"}),
                               errorFields('E', {{'S', "ERROR"}, {'C', "22012"}, {'M', "division by zero"}}), ready('I')}));
    REQUIRE(d.error);
    CHECK(d.error->severity == "ERROR");   // S alone (servers before 9.6)
    CHECK(d.error->sqlstate == "22012");
}

TEST_CASE("A FATAL error may end the reply without ReadyForQuery", "[wire]") {
    Decoded d = decode(errorFields('E', {{'S', "FATAL"}, {'V', "FATAL"}, {'C', "57P01"},
                                         {'M', "terminating connection due to administrator command"}}));
    REQUIRE(d.error);
    CHECK(d.error->severity == "FATAL");
    CHECK(d.error->sqlstate == "57P01");
}

TEST_CASE("COPY TO STDOUT lines become a text column", "[wire]") {
    Bytes copyOut;
    {
        Bytes body{0};
        putInt16(body, 2);
        putInt16(body, 0);
        putInt16(body, 0);
        copyOut = message('H', body);
    }
    Bytes line1 = message('d', Bytes{'1', '\t', 'a', '\n'});
    Bytes line2 = message('d', Bytes{'2', '\t', '\\', 'N', '\n'});
    Decoded d = decode(concat({parseComplete(), bindComplete(), noData(), copyOut, line1, line2, message('c', {}),
                               commandComplete("COPY 2"), ready('I')}));
    REQUIRE_FALSE(d.error);
    CHECK(d.result.hasRowSet);
    REQUIRE(d.result.fields.size() == 1);
    CHECK(d.result.fields[0].typeOid == 25);
    REQUIRE(d.result.rows.rowCount() == 2);
    CHECK(d.result.rows.text(0, 0) == "1\ta");
    CHECK(d.result.rows.text(1, 0) == "2\t\\N");
    CHECK(d.result.tag == "COPY 2");
    CHECK(d.result.rowCount == 2);
}

TEST_CASE("A COPY statement carries a CopyFail before its Sync; others do not", "[wire][copy]") {
    auto hasCopyFail = [](const Bytes& b) {
        // Walk the messages: type byte, then a length that counts itself.
        for (size_t pos = 0; pos + 5 <= b.size(); pos += 1 + readInt32(b, pos + 1))
            if (b[pos] == 'f') return true;
        return false;
    };
    CHECK(hasCopyFail(wire::encodeStatement("COPY c FROM STDIN", 10)));
    CHECK(hasCopyFail(wire::encodeStatement("-- load\n/* rows */ copy c (a) from stdin with (format csv)", 10)));
    CHECK(hasCopyFail(wire::encodeStatement("COPY c TO STDOUT", 10)));   // ignored by the server there
    CHECK_FALSE(hasCopyFail(wire::encodeStatement("SELECT 'COPY c FROM STDIN'", 10)));
    CHECK_FALSE(hasCopyFail(wire::encodeStatement("copyright", 10)));
    CHECK_FALSE(hasCopyFail(wire::encodeStatement("SELECT 1", 10)));
    const Bytes b = wire::encodeStatement("COPY c FROM STDIN", 10);
    CHECK(b[b.size() - 5] == 'S');   // Sync stays last
}

TEST_CASE("A COPY with data sends it as CopyData, then CopyDone, before the Sync", "[wire][copy]") {
    std::string data(150 * 1024, 'x');   // more than one 64 kB message
    data += "\n";
    const Bytes b = wire::encodeStatement("COPY t FROM STDIN", 10, data);
    std::string sent;
    int copyData = 0, copyDone = 0, copyFail = 0;
    for (size_t pos = 0; pos + 5 <= b.size(); pos += 1 + readInt32(b, pos + 1)) {
        const size_t len = readInt32(b, pos + 1);
        if (b[pos] == 'd') {
            ++copyData;
            sent.append(reinterpret_cast<const char*>(b.data() + pos + 5), len - 4);
        }
        copyDone += b[pos] == 'c';
        copyFail += b[pos] == 'f';
    }
    CHECK(sent == data);
    CHECK(copyData == 3);
    CHECK(copyDone == 1);
    CHECK(copyFail == 0);
    CHECK(b[b.size() - 5] == 'S');
    // An empty COPY still ends with CopyDone (and loads nothing).
    const Bytes empty = wire::encodeStatement("COPY t FROM STDIN", 10, std::string());
    CHECK(empty[empty.size() - 10] == 'c');
}

TEST_CASE("COPY FROM STDIN, ended by pgplay's CopyFail, is a clear error", "[wire][copy]") {
    Bytes body{0};
    putInt16(body, 1);
    putInt16(body, 0);
    Decoded d = decode(concat({parseComplete(), bindComplete(), noData(), message('G', body),
                               errorFields('E', {{'S', "ERROR"}, {'C', "57014"},
                                                 {'M', "COPY from stdin failed: pgplay sends no COPY data"}}),
                               ready('I')}));
    REQUIRE(d.error);
    CHECK(d.error->sqlstate == "0A000");   // not 57014: nobody pressed Stop
    CHECK(d.error->message == "COPY ... FROM STDIN has no data to read here");
    CHECK(d.error->detail.find("pg_dump") != std::string::npos);
    CHECK_FALSE(d.error->hint.empty());
    // Any other error of a COPY FROM STDIN (a bad table, say) is the server's own.
    Decoded other = decode(concat({parseComplete(), bindComplete(), noData(), message('G', body),
                                   errorFields('E', {{'S', "ERROR"}, {'C', "22P02"}, {'M', "invalid input syntax"}}),
                                   ready('I')}));
    REQUIRE(other.error);
    CHECK(other.error->sqlstate == "22P02");
}

TEST_CASE("Malformed replies become protocol errors", "[wire]") {
    auto expectProtocolError = [](const Bytes& reply) {
        Decoded d = decode(reply);
        REQUIRE(d.error);
        CHECK(d.error->sqlstate == sqlstate::kProtocol);
    };
    SECTION("empty reply") { expectProtocolError({}); }
    SECTION("no ReadyForQuery") { expectProtocolError(concat({parseComplete(), bindComplete(), noData(), commandComplete("DO")})); }
    SECTION("length below 4") { expectProtocolError(Bytes{'1', 0, 0, 0, 3, 'Z', 0, 0, 0, 5, 'I'}); }
    SECTION("length beyond the buffer") { expectProtocolError(Bytes{'C', 0x7f, 0xff, 0xff, 0xff, 'X', 0}); }
    SECTION("length of 0xffffffff") { expectProtocolError(Bytes{'C', 0xff, 0xff, 0xff, 0xff, 'X', 0}); }
    SECTION("unknown message type") { expectProtocolError(concat({message('?', {}), ready('I')})); }
    SECTION("bad ReadyForQuery status") { expectProtocolError(ready('X')); }
    SECTION("ReadyForQuery with extra bytes") { expectProtocolError(message('Z', {'I', 'I'})); }
    SECTION("data after ReadyForQuery") { expectProtocolError(concat({ready('I'), ready('I')})); }
    SECTION("DataRow before RowDescription") { expectProtocolError(concat({dataRow({"1"}), ready('I')})); }
    SECTION("DataRow with the wrong column count") {
        expectProtocolError(concat({rowDescription({{"a", 23}}), dataRow({"1", "2"}), ready('I')}));
    }
    SECTION("DataRow value length below -1") {
        Bytes body;
        putInt16(body, 1);
        putInt32(body, -2);
        expectProtocolError(concat({rowDescription({{"a", 23}}), message('D', body), ready('I')}));
    }
    SECTION("DataRow value longer than the message") {
        Bytes body;
        putInt16(body, 1);
        putInt32(body, 1000);
        body.push_back('x');
        expectProtocolError(concat({rowDescription({{"a", 23}}), message('D', body), ready('I')}));
    }
    SECTION("DataRow with trailing bytes") {
        Bytes body;
        putInt16(body, 1);
        putInt32(body, 1);
        body.push_back('x');
        body.push_back('y');
        expectProtocolError(concat({rowDescription({{"a", 23}}), message('D', body), ready('I')}));
    }
    SECTION("RowDescription with a negative field count") {
        Bytes body;
        putInt16(body, -1);
        expectProtocolError(concat({message('T', body), ready('I')}));
    }
    SECTION("RowDescription claiming more fields than it has") {
        Bytes body;
        putInt16(body, 3);
        putString(body, "a");
        expectProtocolError(concat({message('T', body), ready('I')}));
    }
    SECTION("CommandComplete without its terminator") { expectProtocolError(concat({message('C', {'S', 'E', 'T'}), ready('I')})); }
    SECTION("ErrorResponse without the final zero byte") {
        expectProtocolError(concat({message('E', {'C', '4', '2', 0}), ready('I')}));
    }
    SECTION("NoticeResponse with an unterminated value") {
        expectProtocolError(concat({message('N', {'M', 'h', 'i'}), ready('I')}));
    }
    SECTION("CopyData outside COPY") { expectProtocolError(concat({message('d', {'x'}), ready('I')})); }
}

TEST_CASE("Every truncation of a valid reply is an error, never a crash", "[wire]") {
    Bytes copyOut;
    {
        Bytes body{0};
        putInt16(body, 1);
        putInt16(body, 0);
        copyOut = message('H', body);
    }
    const std::vector<Bytes> replies = {
        selectReply(),
        undefinedTableReply(),
        noticeReply(),
        concat({parseComplete(), bindComplete(), rowDescription({{"n", 23}}), dataRow({"1"}), dataRow({"2"}),
                portalSuspended(), ready('T')}),
        concat({parseComplete(), bindComplete(), noData(), emptyQuery(), ready('I')}),
        concat({parseComplete(), bindComplete(), noData(), copyOut, message('d', {'a', '\n'}), message('c', {}),
                commandComplete("COPY 1"), ready('I')}),
    };
    for (const Bytes& full : replies) {
        // The full reply decodes (only the error reply carries an error).
        REQUIRE(decode(full, 1).error.has_value() == (full == undefinedTableReply()));
        for (size_t n = 0; n < full.size(); ++n) {
            Bytes prefix(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
            Decoded d = decode(prefix, 1);
            INFO("prefix of " << n << " of " << full.size() << " bytes");
            // ReadyForQuery always comes last, so no proper prefix is a complete reply.
            REQUIRE(d.error);
        }
    }
}

TEST_CASE("Random byte corruption never crashes the decoder", "[wire]") {
    std::mt19937 rng(12345);
    const std::vector<Bytes> replies = {selectReply(), undefinedTableReply(), noticeReply()};
    size_t decodedOk = 0;
    for (int round = 0; round < 20000; ++round) {
        Bytes b = replies[static_cast<size_t>(round) % replies.size()];
        int flips = 1 + static_cast<int>(rng() % 4);
        for (int f = 0; f < flips; ++f) b[rng() % b.size()] = static_cast<uint8_t>(rng());
        Decoded d = decode(b, 2);
        if (!d.error) {
            ++decodedOk;
            // Whatever was accepted is internally consistent.
            CHECK(d.result.rows.rowCount() <= 2);
            for (size_t r = 0; r < d.result.rows.rowCount(); ++r)
                for (size_t c = 0; c < d.result.rows.columnCount(); ++c) (void)d.result.rows.cell(r, c);
        }
    }
    // Some corruptions (inside a value) leave a valid reply; most do not. Either way: no crash.
    CHECK(decodedOk < 20000);
}

TEST_CASE("decodeScriptReplies assembles the script's result", "[wire]") {
    // Statement offsets as the splitter reports them; "é" and "✓" are 2 and 3 bytes.
    const std::string script = "-- é\nCREATE TABLE t(x int);\nINSERT INTO t VALUES (1),(2),(3);\n/* ✓ */ SELECT * FROM nope";
    std::vector<SqlStatement> statements = {
        {script.find("CREATE"), "CREATE TABLE t(x int)"},
        {script.find("INSERT"), "INSERT INTO t VALUES (1),(2),(3)"},
        {script.find("SELECT"), "SELECT * FROM nope"},
    };

    SECTION("a malformed reply stops the script with a protocol error") {
        std::vector<Bytes> replies = {
            concat({parseComplete(), bindComplete(), noData(), commandComplete("CREATE TABLE"), ready('I')}),
            concat({ready('I'), ready('I')}),   // two ReadyForQuery: out of step with the server
        };
        QueryResult q = wire::decodeScriptReplies(script, statements, replies, 100);
        CHECK_FALSE(q.ok);
        REQUIRE(q.error);
        CHECK(q.error->sqlstate == sqlstate::kProtocol);
        CHECK(q.error->statementIndex == 1);
        CHECK(q.results.size() == 1);
    }

    SECTION("all statements succeed") {
        std::vector<Bytes> replies = {
            concat({parseComplete(), bindComplete(), noData(), commandComplete("CREATE TABLE"), ready('I')}),
            concat({parseComplete(), bindComplete(), noData(), commandComplete("INSERT 0 3"), ready('T')}),
            concat({parseComplete(), bindComplete(), rowDescription({{"x", 23}}), dataRow({"1"}),
                    commandComplete("SELECT 1"), ready('T')}),
        };
        QueryResult q = wire::decodeScriptReplies(script, statements, replies, 100);
        CHECK(q.ok);
        CHECK_FALSE(q.error);
        REQUIRE(q.results.size() == 3);
        CHECK(q.results[0].tag == "CREATE TABLE");
        CHECK(q.results[0].statementOffset == statements[0].offset);
        CHECK(q.results[0].statementText == "CREATE TABLE t(x int)");
        CHECK(q.results[1].rowCount == 3);
        CHECK(q.results[2].rows.text(0, 0) == "1");
        CHECK(q.transactionStatus == "T");
    }

    SECTION("an error stops the script and its position moves to the script") {
        std::vector<Bytes> replies = {
            concat({parseComplete(), bindComplete(), noData(), commandComplete("CREATE TABLE"), ready('I')}),
            concat({parseComplete(), bindComplete(), noData(),
                    errorFields('N', {{'V', "NOTICE"}, {'C', "00000"}, {'M', "n1"}}), commandComplete("INSERT 0 3"), ready('I')}),
            concat({errorFields('E', {{'V', "ERROR"}, {'C', "42P01"}, {'M', "relation \"nope\" does not exist"}, {'P', "15"}}),
                    ready('I')}),
        };
        QueryResult q = wire::decodeScriptReplies(script, statements, replies, 100);
        CHECK_FALSE(q.ok);
        REQUIRE(q.error);
        CHECK(q.error->sqlstate == "42P01");
        CHECK(q.error->statementIndex == 2);
        REQUIRE(q.results.size() == 2);   // the failed statement is not among the results
        REQUIRE(q.notices.size() == 1);
        CHECK(q.notices[0].message == "n1");
        // "nope" starts at character 15 of the statement; in the script, count characters (not
        // bytes) up to the statement: the 1-based position must land on the 'n' of "nope".
        const size_t nopeByte = script.find("nope");
        size_t charsBefore = 0;
        for (size_t i = 0; i < nopeByte; ++i)
            if ((static_cast<unsigned char>(script[i]) & 0xC0) != 0x80) ++charsBefore;
        CHECK(q.error->position == static_cast<int>(charsBefore + 1));
        CHECK(q.transactionStatus == "I");
    }

    SECTION("an error without a position keeps 0") {
        std::vector<Bytes> replies = {
            concat({parseComplete(), errorFields('E', {{'V', "ERROR"}, {'C', "22012"}, {'M', "division by zero"}}), ready('E')}),
        };
        QueryResult q = wire::decodeScriptReplies(script, statements, replies, 100);
        REQUIRE(q.error);
        CHECK(q.error->position == 0);
        CHECK(q.error->statementIndex == 0);
        CHECK(q.results.empty());
        CHECK(q.transactionStatus == "E");
    }

    SECTION("more replies than statements") {
        std::vector<Bytes> replies(4, concat({parseComplete(), bindComplete(), noData(), commandComplete("DO"), ready('I')}));
        QueryResult q = wire::decodeScriptReplies(script, statements, replies, 100);
        CHECK_FALSE(q.ok);
        REQUIRE(q.error);
        CHECK(q.error->sqlstate == sqlstate::kProtocol);
    }

    SECTION("no replies (nothing to run)") {
        QueryResult q = wire::decodeScriptReplies("", {}, {}, 100);
        CHECK(q.ok);
        CHECK(q.results.empty());
        CHECK(q.transactionStatus == "I");
    }
}

TEST_CASE("parseCommandTag", "[wire]") {
    auto parse = [](const std::string& tag) {
        std::string command = "junk";
        int64_t rows = -7;
        wire::parseCommandTag(tag, command, rows);
        return std::make_pair(command, rows);
    };
    CHECK(parse("INSERT 0 3") == std::make_pair(std::string("INSERT"), int64_t(3)));
    CHECK(parse("SELECT 5") == std::make_pair(std::string("SELECT"), int64_t(5)));
    CHECK(parse("UPDATE 2") == std::make_pair(std::string("UPDATE"), int64_t(2)));
    CHECK(parse("DELETE 0") == std::make_pair(std::string("DELETE"), int64_t(0)));
    CHECK(parse("MERGE 1") == std::make_pair(std::string("MERGE"), int64_t(1)));
    CHECK(parse("COPY 4") == std::make_pair(std::string("COPY"), int64_t(4)));
    CHECK(parse("FETCH 3") == std::make_pair(std::string("FETCH"), int64_t(3)));
    CHECK(parse("MOVE 1") == std::make_pair(std::string("MOVE"), int64_t(1)));
    CHECK(parse("CREATE TABLE") == std::make_pair(std::string("CREATE TABLE"), int64_t(0)));
    CHECK(parse("ALTER TABLE") == std::make_pair(std::string("ALTER TABLE"), int64_t(0)));
    CHECK(parse("DROP MATERIALIZED VIEW") == std::make_pair(std::string("DROP MATERIALIZED VIEW"), int64_t(0)));
    CHECK(parse("BEGIN") == std::make_pair(std::string("BEGIN"), int64_t(0)));
    CHECK(parse("") == std::make_pair(std::string(), int64_t(0)));
    CHECK(parse("SELECT 12345678901") == std::make_pair(std::string("SELECT"), int64_t(12345678901)));
    // Saturates instead of overflowing.
    CHECK(parse("SELECT 99999999999999999999999") ==
          std::make_pair(std::string("SELECT"), std::numeric_limits<int64_t>::max()));
}

// The engine's byte caps (web/pglite-runner.js) leave '~' notes in a reply: values cut to a
// prefix, and rows dropped after a byte budget.
namespace {
Bytes valuesCutNote(std::initializer_list<std::pair<int16_t, uint32_t>> cuts) {
    Bytes body{1};
    putInt16(body, static_cast<int16_t>(cuts.size()));
    for (auto [column, full] : cuts) {
        putInt16(body, column);
        putInt32(body, static_cast<int32_t>(full));
    }
    return message('~', body);
}
Bytes rowsDroppedNote(uint32_t dropped, uint32_t cap) {
    Bytes body{2};
    putInt32(body, static_cast<int32_t>(dropped));
    putInt32(body, static_cast<int32_t>(cap));
    return message('~', body);
}
}  // namespace

TEST_CASE("Byte-cap notes: cut values keep their full length", "[wire][bytecap]") {
    Bytes reply = concat({parseComplete(), bindComplete(), rowDescription({{"id", 23}, {"v", 25}}),
                          dataRow({"1", std::string("short")}), dataRow({"2", std::string("xxxx")}),
                          valuesCutNote({{1, 400000000}}), dataRow({"3", std::string("yy")}),
                          commandComplete("SELECT 3"), ready('I')});
    Decoded d = decode(reply);
    REQUIRE_FALSE(d.error);
    CHECK(d.result.rows.rowCount() == 3);
    CHECK(d.result.rowCount == 3);
    CHECK_FALSE(d.result.truncated);
    REQUIRE(d.result.cutValues.size() == 1);
    CHECK(d.result.cutValues[0].row == 1);
    CHECK(d.result.cutValues[0].column == 1);
    CHECK(d.result.cutValues[0].fullBytes == 400000000u);
    REQUIRE(d.result.cutValue(1, 1));
    CHECK_FALSE(d.result.cutValue(1, 0));
    CHECK_FALSE(d.result.cutValue(0, 1));
    CHECK(d.result.rows.text(1, 1) == "xxxx");
}

TEST_CASE("Byte-cap notes: rows dropped after the budget mark the result truncated", "[wire][bytecap]") {
    Bytes reply = concat({parseComplete(), bindComplete(), rowDescription({{"v", 25}}), dataRow({std::string("a")}),
                          dataRow({std::string("b")}), rowsDroppedNote(998, 64u << 20), commandComplete("SELECT 1000"),
                          ready('I')});
    Decoded d = decode(reply);
    REQUIRE_FALSE(d.error);
    CHECK(d.result.truncated);
    CHECK(d.result.rowsCutAtBytes == (64u << 20));
    CHECK(d.result.rowCount == 2);   // what the learner has, not what the server counted
    CHECK(d.result.tag == "SELECT 2");
}

TEST_CASE("Byte-cap notes: a cut value of a row past the row cap is ignored; bad notes are errors", "[wire][bytecap]") {
    Bytes reply = concat({parseComplete(), bindComplete(), rowDescription({{"v", 25}}), dataRow({std::string("a")}),
                          dataRow({std::string("b")}), valuesCutNote({{0, 5000000}}), portalSuspended(), ready('I')});
    Decoded d = decode(reply, 1);
    REQUIRE_FALSE(d.error);
    CHECK(d.result.cutValues.empty());

    Bytes badColumn = concat({rowDescription({{"v", 25}}), dataRow({std::string("a")}), valuesCutNote({{3, 9}}),
                              commandComplete("SELECT 1"), ready('I')});
    REQUIRE(decode(badColumn).error);
    Bytes unknownKind = concat({message('~', Bytes{9}), ready('I')});
    REQUIRE(decode(unknownKind).error);
    Bytes shortNote = concat({message('~', Bytes{1, 0}), ready('I')});
    REQUIRE(decode(shortNote).error);
}
