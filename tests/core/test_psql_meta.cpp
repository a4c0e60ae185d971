// psql meta-commands: how the splitter finds them, how a line is read into a plan, and how the
// answers become one result (the queries themselves are checked against psql in tests/pg).
#include <catch2/catch.hpp>

#include "core/pg_wire.h"
#include "core/psql_meta.h"
#include "core/psql_pattern.h"
#include "core/script_batches.h"
#include "core/sql_script.h"
#include "backend_messages.h"

using namespace pgplay;

namespace {

// A catalog query's answer: text columns with these names and rows.
StatementResult rowResult(const std::vector<std::string>& names, const std::vector<std::vector<std::string>>& rows) {
    StatementResult s;
    s.hasRowSet = true;
    for (const std::string& n : names) s.fields.push_back(Field{n, 25, "text"});
    s.rows.reset(names.size());
    for (const auto& row : rows)
        for (const std::string& cell : row) s.rows.addCell(std::string_view(cell));
    s.rowCount = static_cast<int64_t>(rows.size());
    return s;
}

std::vector<std::string> texts(const std::vector<SqlStatement>& statements) {
    std::vector<std::string> out;
    for (const SqlStatement& s : statements) out.push_back((s.metaCommand ? "META " : "") + s.text);
    return out;
}

}  // namespace

TEST_CASE("A top-level backslash starts a meta-command that runs to the end of the line", "[meta][split]") {
    using V = std::vector<std::string>;
    CHECK(texts(splitSqlScript("\\dt")) == V{"META \\dt"});
    CHECK(texts(splitSqlScript("SELECT 1;\n\\d users\nSELECT 2;")) == V{"SELECT 1", "META \\d users", "SELECT 2"});
    // SQL before it on its line is a statement of its own, even without a ';'.
    CHECK(texts(splitSqlScript("SELECT 1 \\x\nSELECT 2")) == V{"SELECT 1", "META \\x", "SELECT 2"});
    // Blanks after it are not part of it; a ';' after it is (psql reads it as an argument).
    CHECK(texts(splitSqlScript("  \\dt+ public.*   \r\n")) == V{"META \\dt+ public.*"});
    // Another unquoted backslash starts another meta-command; "\\" ends the arguments and SQL goes on.
    CHECK(texts(splitSqlScript("\\x \\dt")) == V{"META \\x", "META \\dt"});
    CHECK(texts(splitSqlScript("\\x \\\\ SELECT 1")) == V{"META \\x", "SELECT 1"});
    CHECK(texts(splitSqlScript("\\d \"a\\b\"\nSELECT 1")) == V{"META \\d \"a\\b\"", "SELECT 1"});
    // A quote in the arguments does not swallow the lines after it.
    CHECK(texts(splitSqlScript("\\d 'x\nSELECT 1")) == V{"META \\d 'x", "SELECT 1"});

    const std::vector<SqlStatement> s = splitSqlScript("SELECT 1;\n  \\dt\n");
    REQUIRE(s.size() == 2);
    CHECK(s[1].offset == 12);
    CHECK(s[1].metaCommand);
    CHECK_FALSE(s[0].metaCommand);
}

TEST_CASE("Backslashes in strings, dollar quotes, comments and COPY data are not meta-commands", "[meta][split]") {
    using V = std::vector<std::string>;
    CHECK(texts(splitSqlScript("SELECT 'a\\b';")) == V{"SELECT 'a\\b'"});
    CHECK(texts(splitSqlScript("SELECT E'it\\'s \\\\';\n")) == V{"SELECT E'it\\'s \\\\'"});
    CHECK(texts(splitSqlScript("SELECT $$ \\dt $$;")) == V{"SELECT $$ \\dt $$"});
    CHECK(texts(splitSqlScript("SELECT 1 -- \\dt\n;")) == V{"SELECT 1 -- \\dt"});
    CHECK(texts(splitSqlScript("/* \\dt */ SELECT 1")) == V{"/* \\dt */ SELECT 1"});
    CHECK(texts(splitSqlScript("SELECT \"a\\b\";")) == V{"SELECT \"a\\b\""});

    const std::vector<SqlStatement> copy = splitSqlScript("COPY t FROM stdin;\n1\t\\N\n\\.\n\\dt\n");
    REQUIRE(copy.size() == 2);
    CHECK(copy[0].copyData == std::string("1\t\\N\n"));
    CHECK_FALSE(copy[0].metaCommand);
    CHECK(copy[1].metaCommand);
    CHECK(copy[1].text == "\\dt");
}

TEST_CASE("After standard_conforming_strings = off a backslash escapes a quote in '...'", "[meta][split]") {
    using V = std::vector<std::string>;
    // With the setting on (the default) 'a\' is a whole string and the ';' after it ends the statement.
    CHECK(texts(splitSqlScript("SELECT 'a\\'; SELECT 2;")) == V{"SELECT 'a\\'", "SELECT 2"});
    CHECK(texts(splitSqlScript("SET standard_conforming_strings = off; SELECT 'it\\'s; ok'; SELECT 2;")) ==
          V{"SET standard_conforming_strings = off", "SELECT 'it\\'s; ok'", "SELECT 2"});
    for (const char* set : {"set standard_conforming_strings to off", "SET standard_conforming_strings = 'off'",
                            "SET SESSION standard_conforming_strings = false", "SET LOCAL standard_conforming_strings TO 0"}) {
        INFO(set);
        CHECK(splitSqlScript(std::string(set) + "; SELECT 'a\\';b'; SELECT 2").size() == 3);
    }
    // And back on.
    CHECK(texts(splitSqlScript("SET standard_conforming_strings = off; SELECT '\\''; SET standard_conforming_strings "
                               "= on; SELECT 'a\\'; SELECT 2")) ==
          V{"SET standard_conforming_strings = off", "SELECT '\\''", "SET standard_conforming_strings = on",
            "SELECT 'a\\'", "SELECT 2"});
    CHECK(splitSqlScript("SET standard_conforming_strings = off; RESET standard_conforming_strings; SELECT 'a\\'; "
                         "SELECT 2")
              .size() == 4);
    // A meta-command inside such a string is still string.
    CHECK(texts(splitSqlScript("SET standard_conforming_strings = off;\nSELECT '\\' \\dt';")) ==
          V{"SET standard_conforming_strings = off", "SELECT '\\' \\dt'"});
}

TEST_CASE("psql patterns become anchored regular expressions", "[meta]") {
    auto p = translatePsqlPattern("user*");
    CHECK(p.nameRegex == "^(user.*)$");
    CHECK(p.schemaRegex.empty());
    p = translatePsqlPattern("Public.Users");
    CHECK(p.schemaRegex == "^(public)$");
    CHECK(p.nameRegex == "^(users)$");
    p = translatePsqlPattern("public.*");
    CHECK(p.nameRegex.empty());   // any name: no condition
    CHECK(p.schemaRegex == "^(public)$");
    CHECK(translatePsqlPattern("\"My.Table\"").nameRegex == "^(My\\.Table)$");
    CHECK(translatePsqlPattern("\"a\"\"b\"").nameRegex == "^(a\"b)$");
    CHECK(translatePsqlPattern("t?x$").nameRegex == "^(t.x\\$)$");
    CHECK(translatePsqlPattern("a|b").nameRegex == "^(a|b)$");
    CHECK(translatePsqlPattern("db.s.t").schemaRegex == "^(s)$");
    CHECK(translatePsqlPattern("a.b.c.d").tooManyDots);
    CHECK(sqlLiteral("it's \\") == "E'it''s \\\\'");
    CHECK(psqlPatternCondition("", "n.nspname", "c.relname", "vis(c)") == "\n  AND vis(c)");
    CHECK(psqlPatternCondition("s.t", "n.nspname", "c.relname", "vis(c)").find("vis(c)") == std::string::npos);
}

TEST_CASE("A meta-command line is read into a plan", "[meta]") {
    MetaPlan p = planMetaCommand("\\dt");
    CHECK(p.kind == MetaKind::ListRelations);
    CHECK(p.command == "\\dt");
    CHECK(p.relationKinds == "t");
    REQUIRE(p.queries.size() == 1);
    CHECK(p.queries[0].find("pg_table_is_visible") != std::string::npos);
    CHECK(p.queries[0].find("'pg_catalog'") != std::string::npos);   // system schemas left out

    p = planMetaCommand("\\dtS+   user*  extra");
    CHECK(p.kind == MetaKind::ListRelations);
    CHECK(p.plus);
    CHECK(p.system);
    CHECK(p.pattern == "user*");
    CHECK(p.queries[0].find("\"Size\"") != std::string::npos);
    CHECK(p.queries[0].find("E'^(user.*)$'") != std::string::npos);

    p = planMetaCommand("\\d");
    CHECK(p.kind == MetaKind::ListRelations);
    CHECK(p.relationKinds == "tvmsE");
    p = planMetaCommand("\\d users");
    CHECK(p.kind == MetaKind::Describe);
    CHECK(p.pattern == "users");
    CHECK(p.queries.size() > 5);
    p = planMetaCommand("\\dS+ \"Odd Name\"");
    CHECK(p.kind == MetaKind::Describe);
    CHECK(p.pattern == "\"Odd Name\"");
    CHECK(planMetaCommand("\\ds").relationKinds == "s");   // sequences, not the S modifier
    CHECK(planMetaCommand("\\dti").relationKinds == "ti");

    CHECK(planMetaCommand("\\df").kind == MetaKind::ListFunctions);
    CHECK(planMetaCommand("\\dn+").kind == MetaKind::ListSchemas);
    CHECK(planMetaCommand("\\dT").kind == MetaKind::ListTypes);
    CHECK(planMetaCommand("\\du").kind == MetaKind::ListRoles);
    CHECK(planMetaCommand("\\dg").kind == MetaKind::ListRoles);
    CHECK(planMetaCommand("\\l").kind == MetaKind::ListDatabases);
    CHECK(planMetaCommand("\\l+").kind == MetaKind::ListDatabases);
    CHECK(planMetaCommand("\\dx").kind == MetaKind::ListExtensions);
    CHECK(planMetaCommand("\\conninfo").kind == MetaKind::ConnInfo);
    CHECK(planMetaCommand("\\?").kind == MetaKind::Help);
    CHECK(planMetaCommand("\\?").queries.empty());

    p = planMetaCommand("\\x");
    CHECK(p.kind == MetaKind::Expanded);
    CHECK_FALSE(p.setting);
    CHECK(p.queries.empty());
    CHECK(planMetaCommand("\\x on").setting == std::optional<bool>(true));
    CHECK(planMetaCommand("\\x OFF").setting == std::optional<bool>(false));
    CHECK(planMetaCommand("\\x auto").autoExpanded);
    CHECK(planMetaCommand("\\timing off").setting == std::optional<bool>(false));
    p = planMetaCommand("\\x maybe");
    CHECK(p.kind == MetaKind::Invalid);
    CHECK(p.error.message == "unrecognized value \"maybe\" for \"\\x\": Boolean expected");

    p = planMetaCommand("\\foo bar");
    CHECK(p.kind == MetaKind::Invalid);
    CHECK(p.error.message == "invalid command \\foo");
    CHECK(p.error.hint == "Try \\? for help.");
    CHECK(p.error.sqlstate == sqlstate::kMetaCommand);
    CHECK(p.queries.empty());
    CHECK(planMetaCommand("\\.").kind == MetaKind::Invalid);
    // Semicolons at the end, as in SQL, are dropped the way psql drops them.
    CHECK(planMetaCommand("\\dt;").kind == MetaKind::ListRelations);
    CHECK(planMetaCommand("\\dt;").command == "\\dt");
    CHECK(planMetaCommand("\\d users;").pattern == "users");
    CHECK(planMetaCommand("\\d users ;").pattern == "users");
    CHECK(planMetaCommand("\\x;").kind == MetaKind::Expanded);
    CHECK(planMetaCommand("\\dt a.b.c.d").kind == MetaKind::Invalid);
}

TEST_CASE("The answers of a meta-command become one result", "[meta]") {
    SECTION("a list keeps its rows under psql's title") {
        MetaPlan plan = planMetaCommand("\\dt");
        std::vector<StatementResult> parts{
            rowResult({"Schema", "Name", "Type", "Owner"}, {{"public", "users", "table", "me"}})};
        MetaOutcome out = assembleMetaResult(plan, parts);
        REQUIRE_FALSE(out.error);
        CHECK(out.result.title == "List of relations");
        CHECK(out.result.command == "\\dt");
        CHECK(out.result.rowCount == 1);
        CHECK(out.result.rows.text(0, 1) == "users");
    }
    SECTION("an empty list says so, as psql does") {
        MetaPlan plan = planMetaCommand("\\dt nosuch");
        std::vector<StatementResult> parts{rowResult({"Schema", "Name", "Type", "Owner"}, {})};
        MetaOutcome out = assembleMetaResult(plan, parts);
        REQUIRE_FALSE(out.error);
        CHECK_FALSE(out.result.hasRowSet);
        CHECK(out.result.tag == "Did not find any relation named \"nosuch\".");
        out = assembleMetaResult(planMetaCommand("\\d"), parts);
        CHECK(out.result.tag == "Did not find any relations.");
    }
    SECTION("\\d of nothing is an error") {
        MetaPlan plan = planMetaCommand("\\d nosuch");
        std::vector<StatementResult> parts(plan.queries.size(), rowResult({"oid"}, {}));
        MetaOutcome out = assembleMetaResult(plan, parts);
        REQUIRE(out.error);
        CHECK(out.error->message == "Did not find any relation named \"nosuch\".");
    }
    SECTION("client-side commands need no answers") {
        CHECK(assembleMetaResult(planMetaCommand("\\x"), {}).result.tag == "Expanded display is on.");
        CHECK(assembleMetaResult(planMetaCommand("\\timing off"), {}).result.tag == "Timing is off.");
        MetaOutcome help = assembleMetaResult(planMetaCommand("\\?"), {});
        CHECK(help.result.hasRowSet);
        CHECK(help.result.rowCount > 10);
        CHECK(assembleMetaResult(planMetaCommand("\\foo"), {}).error->message == "invalid command \\foo");
    }
}

TEST_CASE("The session's \\x and \\timing apply to the results after them", "[meta]") {
    PsqlDisplay display;
    QueryResult run;
    run.ms = 12.5;
    auto add = [&](StatementResult s, std::string text) {
        s.statementText = std::move(text);
        run.results.push_back(std::move(s));
    };
    add(rowResult({"a"}, {{"1"}}), "SELECT 1");
    add(assembleMetaResult(planMetaCommand("\\x"), {}).result, "\\x");
    add(rowResult({"a"}, {{"2"}}), "SELECT 2");
    add(assembleMetaResult(planMetaCommand("\\timing"), {}).result, "\\timing");
    add(rowResult({"a"}, {{"3"}}), "SELECT 3");
    display.apply(run);
    CHECK_FALSE(run.results[0].expanded);
    CHECK(run.results[2].expanded);
    CHECK(run.results[4].expanded);
    CHECK(run.results[2].footer.empty());
    REQUIRE(run.results[4].footer.size() == 1);
    CHECK(run.results[4].footer[0] == "Time: 12.500 ms (the whole run of 3 statements)");

    QueryResult again;
    again.results.push_back(assembleMetaResult(planMetaCommand("\\x"), {}).result);
    again.results[0].statementText = "\\x";
    display.apply(again);
    CHECK(again.results[0].tag == "Expanded display is off.");   // it was on: \x toggles
}

TEST_CASE("A meta-command goes over the wire as one batch and comes back as one result", "[meta][wire]") {
    const std::string script = "SELECT 1;\n\\dt\n\\x\n";
    const std::vector<SqlStatement> statements = splitSqlScript(script);
    REQUIRE(statements.size() == 3);

    // Two catalog queries' worth of messages would be two Parse...Execute groups before one Sync.
    wire::Bytes batch = wire::encodeQueries({"SELECT 1", "SELECT 2"}, 100);
    size_t syncs = 0, parses = 0;
    for (size_t at = 0; at < batch.size();) {
        const uint32_t len = (uint32_t(batch[at + 1]) << 24) | (uint32_t(batch[at + 2]) << 16) |
                             (uint32_t(batch[at + 3]) << 8) | batch[at + 4];
        syncs += batch[at] == 'S';
        parses += batch[at] == 'P';
        at += 1 + len;
    }
    CHECK(parses == 2);
    CHECK(syncs == 1);
    CHECK(wire::encodeQueries({}, 100).size() == 5);   // a bare Sync

    // An unknown command ends the packing: nothing after it is sent.
    const std::vector<SqlStatement> bad = splitSqlScript("\\foo\nDROP TABLE t;");
    const std::vector<uint8_t> packed = packStatementBatches(bad, 100);
    CHECK(unpackReplies(packed.data(), packed.size(), 2).size() == 1);
    // A \d NAME ends a piece of the run: the rest waits for its answer.
    const std::vector<SqlStatement> describe = splitSqlScript("SELECT 1;\n\\d t\nSELECT 2;");
    CHECK(runPieceEnd(describe, 0) == 2);
    CHECK(runPieceEnd(describe, 2) == 3);
    // A piece ends at an unknown command too, so the runner is told the number of batches it
    // really gets (binary garbage with a backslash in it broke the engine when it was not).
    const std::vector<SqlStatement> mixed = splitSqlScript("SELECT 1;\n\\foo\nSELECT 2;");
    REQUIRE(mixed.size() == 3);
    CHECK(runPieceEnd(mixed, 0) == 2);
    const std::vector<uint8_t> piece = packStatementBatches(mixed, 100, 0, runPieceEnd(mixed, 0));
    CHECK(unpackReplies(piece.data(), piece.size(), 99).size() == 2);

    // The replies: the SELECT's, the \dt batch's (one query's answer, then ReadyForQuery), \x's bare one.
    using namespace backend;
    const Bytes selectReply = concat({parseComplete(), bindComplete(), rowDescription({{"?column?", 23}}),
                                      dataRow({"1"}), commandComplete("SELECT 1"), ready('I')});
    const Bytes dtReply =
        concat({parseComplete(), bindComplete(),
                rowDescription({{"Schema", 19}, {"Name", 19}, {"Type", 25}, {"Owner", 19}}),
                dataRow({"public", "users", "table", "me"}), commandComplete("SELECT 1"), ready('I')});
    const QueryResult q = wire::decodeScriptReplies(script, statements, {selectReply, dtReply, ready('I')}, 100);
    INFO((q.error ? q.error->message : "ok"));
    REQUIRE(q.ok);
    REQUIRE(q.results.size() == 3);
    const StatementResult& dt = q.results[1];
    CHECK(dt.command == "\\dt");
    CHECK(dt.title == "List of relations");
    CHECK(dt.statementText == "\\dt");
    CHECK(dt.statementOffset == 10);
    REQUIRE(dt.fields.size() == 4);
    CHECK(dt.fields[1].name == "Name");
    CHECK(dt.rows.text(0, 1) == "users");
    CHECK(q.results[2].tag == "Expanded display is on.");

    // A catalog query's error is the statement's error, without a position in pgplay's query.
    const Bytes failed = concat({parseComplete(), errorFields('E', {{'S', "ERROR"}, {'V', "ERROR"}, {'C', "25P02"},
                                                                    {'M', "current transaction is aborted"}, {'P', "40"}}),
                                 ready('E')});
    const QueryResult f = wire::decodeScriptReplies(script, statements, {selectReply, failed}, 100);
    REQUIRE_FALSE(f.ok);
    CHECK(f.error->sqlstate == "25P02");
    CHECK(f.error->statementIndex == 1);
    CHECK(f.error->position == 0);
    CHECK(f.transactionStatus == "E");
}

#include "core/restartable_database.h"

namespace {

struct PieceEngine final : EngineTransport {
    std::vector<std::pair<RequestId, size_t>> sent;   // id, statements in the batch
    void send(RequestId id, const std::vector<uint8_t>&, size_t count) override { sent.push_back({id, count}); }
    void restart() override {}
    void replace(NewContents) override {}
};

// The answers to \d's catalog queries when it finds a table with one column and nothing else.
backend::Bytes describeReply(bool found) {
    using namespace backend;
    const MetaPlan plan = planMetaCommand("\\d t");
    Bytes reply;
    for (size_t i = 0; i < plan.queries.size(); ++i) {
        reply = concat({reply, parseComplete(), bindComplete()});
        if (i == 0) {
            reply = concat({reply, rowDescription({{"oid", 26}, {"nspname", 19}, {"relname", 19}, {"relkind", 18}, {"relpersistence", 18}})});
            if (found) reply = concat({reply, dataRow({"1", "public", "t", "r", "p"})});
        } else if (i == 1) {
            reply = concat({reply, rowDescription({{"Column", 19}, {"Type", 25}, {"Collation", 19}, {"Nullable", 25}, {"Default", 25}})});
            if (found) reply = concat({reply, dataRow({"x", "integer", std::nullopt, "", std::nullopt})});
        } else {
            reply = concat({reply, rowDescription({{"a", 25}})});
        }
        reply = concat({reply, commandComplete(found && i < 2 ? "SELECT 1" : "SELECT 0")});
    }
    return concat({reply, ready('I')});
}

}  // namespace

TEST_CASE("A run with \\d NAME goes to the engine in pieces, and stops where \\d finds nothing", "[meta][restartable]") {
    using namespace backend;
    for (bool found : {true, false}) {
        INFO("found: " << found);
        PieceEngine engine;
        RestartableDatabase db{engine, [] { return 0.0; }};
        db.onReady("17.4");
        db.drain();
        int calls = 0;
        QueryResult result;
        db.run("SELECT 1;\n\\d t\nDROP TABLE t;", {}, [&](QueryResult r) {
            ++calls;
            result = std::move(r);
        });
        db.drain();
        REQUIRE(engine.sent.size() == 1);
        CHECK(engine.sent[0].second == 2);   // up to and with the \d
        const Bytes select = concat({commandComplete("SELECT 1"), ready('I')});
        db.onReply(engine.sent[0].first, {select, describeReply(found)}, false, 1.0);
        db.drain();
        if (!found) {
            CHECK(engine.sent.size() == 1);   // the DROP never went
            REQUIRE(calls == 1);
            REQUIRE(result.error);
            CHECK(result.error->message == "Did not find any relation named \"t\".");
            CHECK(result.error->statementIndex == 1);
            continue;
        }
        REQUIRE(engine.sent.size() == 2);
        CHECK(engine.sent[1].first == engine.sent[0].first);
        CHECK(engine.sent[1].second == 1);
        CHECK(calls == 0);
        db.onReply(engine.sent[1].first, {concat({commandComplete("DROP TABLE"), ready('I')})}, true, 2.0);
        db.drain();
        REQUIRE(calls == 1);
        INFO((result.error ? result.error->message : "ok"));
        REQUIRE(result.ok);
        REQUIRE(result.results.size() == 3);
        CHECK(result.results[1].title == "Table \"public.t\"");
        CHECK(result.results[2].tag == "DROP TABLE");
        CHECK(result.ms == 3.0);
        CHECK(result.databaseChanged);
    }
}
