// The completion engine on a table of cursor positions: each case is a script with the cursor
// written as `|`, the candidates expected first (in order), and names that must not be offered.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "core/sql_completion.h"

using namespace pgplay;

namespace {

SchemaSnapshot sampleSchema() {
    SchemaSnapshot s;
    auto table = [&](std::string schema, std::string name, std::string kind, std::vector<std::pair<std::string, std::string>> cols) {
        TableInfo t;
        t.schema = std::move(schema);
        t.name = std::move(name);
        t.kind = std::move(kind);
        for (auto& [n, type] : cols) {
            ColumnInfo c;
            c.name = n;
            c.type = type;
            t.columns.push_back(c);
        }
        s.tables.push_back(std::move(t));
    };
    table("app", "settings", "table", {{"key", "text"}, {"value", "text"}});
    table("public", "Order Items", "table", {{"qty", "integer"}});
    table("public", "active_users", "view", {{"id", "integer"}, {"email", "text"}});
    table("public", "orders", "table", {{"id", "bigint"}, {"user_id", "integer"}, {"total", "numeric(10,2)"}, {"placed_at", "timestamp with time zone"}});
    table("public", "users", "table", {{"id", "integer"}, {"email", "text"}, {"name", "text"}, {"CamelCase", "text"}});
    s.userTypes = {{16390, "task_status"}, {16389, "_task_status"}};
    s.functions = {{"public", "add_points", "a integer, b integer", "integer"}};
    return s;
}

struct Case {
    const char* script;                    // `|` marks the cursor
    std::vector<std::string> first;        // the first candidates, in this order
    std::vector<std::string> absent;       // never offered here
    std::vector<std::string> present = {}; // offered somewhere in the list
};

std::vector<std::string> inserts(const Completions& c) {
    std::vector<std::string> out;
    for (const auto& x : c.candidates) out.push_back(x.insert);
    return out;
}

Completions completeAt(const std::string& marked, const SchemaSnapshot& schema) {
    std::string text = marked;
    size_t cursor = text.find('|');
    REQUIRE(cursor != std::string::npos);
    text.erase(cursor, 1);
    return completeSql(text, cursor, schema);
}

}  // namespace

TEST_CASE("Completion offers what fits where the cursor is", "[completion]") {
    const SchemaSnapshot schema = sampleSchema();
    const std::vector<Case> cases = {
        // Relations after FROM and JOIN; the issue's own example finds nothing of pg_catalog.
        {"SELECT * FROM u|", {"users"}, {"UPDATE", "upper"}},
        {"select * from |", {"active_users", "orders", "users", "\"Order Items\"", "app", "app.settings"}, {"id", "SELECT", "settings"}},
        {"SELECT * FROM users u JOIN o|", {"orders"}, {}},
        {"SELECT * FROM ap|", {"app"}, {}, {}},
        // System catalogs only once "pg_" is typed; information_schema's views after its name.
        {"select * from pg_ta|", {"pg_tables"}, {}},
        {"select * from |", {}, {"pg_tables", "pg_class"}},
        {"SELECT * FROM information_schema.col|", {"columns"}, {}},
        {"SELECT * FROM inf|", {"information_schema"}, {}},
        // Writes name tables, not views.
        {"INSERT INTO |", {"orders", "users", "\"Order Items\""}, {"active_users"}},
        {"UPDATE us|", {"users"}, {}},
        {"CREATE INDEX ON o|", {"orders"}, {}},
        // Columns of the statement's relations, through aliases, also from a FROM after the cursor.
        {"SELECT u.| FROM users u", {"id", "email", "name", "\"CamelCase\""}, {"total", "orders"}},
        {"SELECT u.e| FROM users AS u", {"email"}, {"name"}},
        {"SELECT o.t| FROM users u JOIN orders o ON o.user_id = u.id", {"total"}, {}},
        {"SELECT users.n| FROM users", {"name"}, {}},
        {"SELECT * FROM orders o WHERE o.|", {"id", "user_id", "total", "placed_at"}, {"email"}},
        {"SELECT u.| FROM orders o JOIN active_users a ON a.id = o.user_id, users u", {"id", "email", "name"}, {"total"}},
        {"SELECT em| FROM users", {"email"}, {"total"}},
        {"SELECT * FROM orders WHERE pl|", {"placed_at"}, {}},
        {"UPDATE users SET na|", {"name"}, {}},
        {"SELECT id FROM users WHERE id = 1 AND e|", {"email"}, {}, {"exists"}},
        // A schema's relations after `schema.`.
        {"SELECT * FROM app.|", {"settings"}, {"users"}},
        // Types after :: and in a CREATE TABLE column list; the learner's enum too.
        {"SELECT '1'::in|", {"integer", "interval", "inet"}, {"users"}},
        {"SELECT 'new'::ta|", {"task_status"}, {"_task_status"}},
        {"CREATE TABLE t (id bi|", {"bigint", "bigserial"}, {}},
        // Keywords: at the start of a statement, in the case typed.
        {"sel|", {"select"}, {}},
        {"SEL|", {"SELECT"}, {}},
        {"SELECT 1; up|", {"update"}, {"upper"}},
        {"SELECT * FROM users wh|", {"where"}, {}},
        // Functions, built-in and the learner's.
        {"SELECT coa|", {"coalesce"}, {}},
        {"SELECT add_|", {"add_points"}, {}},
        // A quoted name completes quoted and case-sensitive.
        {"SELECT * FROM \"Or|", {"\"Order Items\""}, {"orders"}},
        {"SELECT \"Ca| FROM users", {"\"CamelCase\""}, {}},
        // WITH names are relations too.
        {"WITH recent AS (SELECT 1) SELECT * FROM rec|", {"recent"}, {}},
    };
    for (const Case& c : cases) {
        INFO("script: " << c.script);
        Completions got = completeAt(c.script, schema);
        std::vector<std::string> names = inserts(got);
        std::string joined;
        for (const auto& n : names) joined += n + " ";
        INFO("candidates: " << joined);
        REQUIRE(names.size() >= c.first.size());
        for (size_t i = 0; i < c.first.size(); ++i) CHECK(names[i] == c.first[i]);
        for (const auto& a : c.absent) CHECK(std::find(names.begin(), names.end(), a) == names.end());
        for (const auto& p : c.present) CHECK(std::find(names.begin(), names.end(), p) != names.end());
    }
}

TEST_CASE("Completion offers nothing inside strings, comments and numbers", "[completion]") {
    const SchemaSnapshot schema = sampleSchema();
    for (const char* script : {"SELECT 'us|", "SELECT 'us|'", "-- from us|", "/* from us|", "SELECT 12|",
                               "SELECT $1|", "SELECT \"users\"|"}) {
        INFO(script);
        CHECK(completeAt(script, schema).candidates.empty());
    }
    // After a closed block comment, completion works again.
    CHECK_FALSE(completeAt("/* note */ sel|", schema).candidates.empty());
}

TEST_CASE("Completion reports the word it replaces", "[completion]") {
    const SchemaSnapshot schema = sampleSchema();
    const std::string text = "SELECT * FROM us WHERE true";
    Completions c = completeSql(text, 16, schema);   // cursor after "us"
    CHECK(c.replaceBegin == 14);
    CHECK(c.replaceEnd == 16);
    CHECK(c.prefix == "us");
    // The cursor inside a word: the whole word is replaced.
    c = completeSql(text, 15, schema);
    CHECK(c.replaceBegin == 14);
    CHECK(c.replaceEnd == 16);
    CHECK(c.prefix == "u");
    // Right after a dot nothing is typed yet, but the context is explicit.
    c = completeSql("SELECT u. FROM users u", 9, schema);
    CHECK(c.replaceBegin == 9);
    CHECK(c.replaceEnd == 9);
    CHECK(c.explicitContext);
    CHECK_FALSE(c.candidates.empty());
}

TEST_CASE("Names are quoted only when PostgreSQL needs it", "[completion]") {
    CHECK(quoteIdentifierIfNeeded("users") == "users");
    CHECK(quoteIdentifierIfNeeded("user_id2") == "user_id2");
    CHECK(quoteIdentifierIfNeeded("Users") == "\"Users\"");
    CHECK(quoteIdentifierIfNeeded("order") == "\"order\"");    // reserved
    CHECK(quoteIdentifierIfNeeded("user") == "\"user\"");
    CHECK(quoteIdentifierIfNeeded("name") == "name");          // a keyword, but not reserved
    CHECK(quoteIdentifierIfNeeded("2fa") == "\"2fa\"");
    CHECK(quoteIdentifierIfNeeded("a\"b") == "\"a\"\"b\"");
    CHECK(quoteIdentifierIfNeeded("") == "\"\"");
}

TEST_CASE("Completion stays fast on a long script", "[completion]") {
    // Not a timing assertion: a 2,000-statement script must simply complete, at its end and in
    // its middle, with the statement's own context.
    std::string script;
    for (int i = 0; i < 2000; ++i) script += "SELECT id, email FROM users WHERE id = " + std::to_string(i) + ";\n";
    const SchemaSnapshot schema = sampleSchema();
    std::string text = script + "SELECT * FROM ord";
    Completions c = completeSql(text, text.size(), schema);
    REQUIRE_FALSE(c.candidates.empty());
    CHECK(c.candidates[0].insert == "orders");
}
