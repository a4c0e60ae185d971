// The JSON contract of window.playground.run() and the worker's replies (result_json.h).
#include <catch2/catch.hpp>

#include <chrono>

#include "core/result_json.h"

using namespace pgplay;
using nlohmann::json;

namespace {

QueryResult sampleResult() {
    QueryResult q;
    q.ok = true;
    q.ms = 12.5;
    StatementResult create;
    create.command = "CREATE TABLE";
    create.tag = "CREATE TABLE";
    q.results.push_back(std::move(create));

    StatementResult select;
    select.command = "SELECT";
    select.tag = "SELECT 2";
    select.rowCount = 2;
    select.hasRowSet = true;
    select.fields = {Field{"id", 23, "int4"}, Field{"note", 25, "text"}};
    select.rows.reset(2);
    select.rows.addRow({std::string_view("1"), std::nullopt});
    select.rows.addRow({std::string_view("2"), std::string_view("")});
    select.truncated = true;
    q.results.push_back(std::move(select));

    q.notices.push_back(Notice{"NOTICE", "00000", "hi", "d", "h"});
    q.transactionStatus = "T";
    return q;
}

}  // namespace

TEST_CASE("toJson has exactly the documented shape", "[json]") {
    json j = toJson(sampleResult());
    CHECK(j["ok"] == true);
    CHECK(j["ms"] == 12.5);
    CHECK(j["error"].is_null());
    CHECK(j["transactionStatus"] == "T");
    REQUIRE(j["results"].size() == 2);

    const json& create = j["results"][0];
    CHECK(create["command"] == "CREATE TABLE");
    CHECK(create["tag"] == "CREATE TABLE");
    CHECK(create["rowCount"] == 0);
    CHECK(create["fields"] == json::array());
    CHECK(create["rows"] == json::array());
    CHECK(create["truncated"] == false);

    const json& select = j["results"][1];
    CHECK(select["rowCount"] == 2);
    CHECK(select["truncated"] == true);
    CHECK(select["fields"] == json::parse(R"([{"name":"id","type":"int4","typeOid":23},
                                              {"name":"note","type":"text","typeOid":25}])"));
    // Values stay text; NULL is null and "" is "".
    CHECK(select["rows"] == json::parse(R"([["1",null],["2",""]])"));

    CHECK(j["notices"] == json::parse(R"([{"severity":"NOTICE","sqlstate":"00000","message":"hi","detail":"d","hint":"h"}])"));

    // No keys beyond the contract.
    std::vector<std::string> keys;
    for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
    CHECK(keys == std::vector<std::string>{"error", "ms", "notices", "ok", "results", "transactionStatus"});
    std::vector<std::string> statementKeys;
    for (auto it = select.begin(); it != select.end(); ++it) statementKeys.push_back(it.key());
    CHECK(statementKeys == std::vector<std::string>{"command", "fields", "rowCount", "rows", "tag", "truncated"});
}

TEST_CASE("toJson of an error", "[json]") {
    QueryResult q;
    q.ok = false;
    QueryError e;
    e.severity = "ERROR";
    e.sqlstate = "42P01";
    e.message = "relation \"nope\" does not exist";
    e.position = 15;
    e.context = "ctx";
    e.statementIndex = 1;
    q.error = e;
    q.transactionStatus = "E";

    json j = toJson(q);
    CHECK(j["ok"] == false);
    CHECK(j["error"] == json::parse(R"({"sqlstate":"42P01","message":"relation \"nope\" does not exist",
        "detail":"","hint":"","position":15,"severity":"ERROR","context":"ctx"})"));
    CHECK(j["transactionStatus"] == "E");
    CHECK(toJson(e) == j["error"]);
}

TEST_CASE("toJsonText round-trips through a JSON parser", "[json]") {
    QueryResult q = sampleResult();
    json back = json::parse(toJsonText(q));
    CHECK(back == toJson(q));
}

TEST_CASE("toJsonText survives invalid UTF-8 in cell text", "[json]") {
    QueryResult q;
    StatementResult s;
    s.hasRowSet = true;
    s.fields = {Field{"b\xff", 25, "text"}};
    s.rows.reset(1);
    s.rows.addCell(std::string_view("ok\xc3(\xff"));
    q.results.push_back(std::move(s));
    std::string text;
    REQUIRE_NOTHROW(text = toJsonText(q));
    json back = json::parse(text);
    std::string cell = back["results"][0]["rows"][0][0];
    CHECK(cell.rfind("ok", 0) == 0);
    CHECK(cell.find("\xef\xbf\xbd") != std::string::npos);   // U+FFFD replaces the bad bytes
}

TEST_CASE("toJsonText handles 100k rows", "[json]") {
    QueryResult q;
    StatementResult s;
    s.command = "SELECT";
    s.tag = "SELECT 100000";
    s.rowCount = 100000;
    s.hasRowSet = true;
    s.fields = {Field{"id", 23, "int4"}, Field{"name", 25, "text"}, Field{"v", 1700, "numeric"}};
    s.rows.reset(3);
    for (int i = 0; i < 100000; ++i) {
        std::string id = std::to_string(i);
        s.rows.addRow({std::string_view(id), std::string_view("user name"), i % 7 ? std::optional<std::string_view>("3.14") : std::nullopt});
    }
    q.results.push_back(std::move(s));

    auto start = std::chrono::steady_clock::now();
    std::string text = toJsonText(q);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    json back = json::parse(text);
    REQUIRE(back["results"][0]["rows"].size() == 100000);
    CHECK(back["results"][0]["rows"][99999][0] == "99999");
    CHECK(back["results"][0]["rows"][0][2].is_null());
    // A generous bound (debug builds, slow CI): the point is no quadratic behaviour.
    CHECK(seconds < 5.0);
}

TEST_CASE("toJson carries a meta-command's title, footer and expanded display", "[json][meta]") {
    QueryResult q;
    StatementResult s;
    s.command = "\\d";
    s.tag = "\\d";
    s.hasRowSet = true;
    s.fields = {Field{"Column", 25, "text"}};
    s.rows.reset(1);
    s.rows.addRow({std::string_view("id")});
    s.rowCount = 1;
    s.title = "Table \"public.users\"";
    s.footer = {"Indexes:", "    \"users_pkey\" PRIMARY KEY, btree (id)"};
    s.expanded = true;
    q.results.push_back(std::move(s));
    const json j = toJson(q)["results"][0];
    CHECK(j["command"] == "\\d");
    CHECK(j["title"] == "Table \"public.users\"");
    CHECK(j["footer"] == json::array({"Indexes:", "    \"users_pkey\" PRIMARY KEY, btree (id)"}));
    CHECK(j["expanded"] == true);
}
