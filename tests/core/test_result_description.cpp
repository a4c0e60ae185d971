// What the accessible layer says about a result or a verdict (core/result_description.h).
#include <catch2/catch.hpp>

#include "core/result_description.h"
#include "result_builders.h"

using namespace pgplay;
using pgtest::textStatement;

TEST_CASE("result description: rows are read out, with their columns, up to a limit", "[a11y]") {
    QueryResult r;
    r.results.push_back(textStatement(2, {{"1", "Ada"}, {"2", std::nullopt}, {"3", ""}}));
    CHECK(describeResult(r) == "3 rows, columns c0, c1. Row 1: c0 1, c1 Ada. Row 2: c0 2, c1 null. Row 3: c0 3, c1 (empty).");
    CHECK(describeResult(r, 1) == "3 rows, columns c0, c1. Row 1: c0 1, c1 Ada. 2 more rows in the grid.");
    r.results[0] = textStatement(1, {{std::string(200, 'x')}});
    CHECK(describeResult(r, 5, 10) == "1 row, column c0. Row 1: c0 xxxxxxxxxx….");
    r.results[0] = textStatement(1, {{"中文字符串"}});
    CHECK(describeResult(r, 5, 2) == "1 row, column c0. Row 1: c0 中文….");   // cut between characters, not bytes
    r.results[0] = textStatement(1, {});
    CHECK(describeResult(r) == "0 rows, column c0.");
    r.results[0].truncated = true;
    CHECK(describeResult(r).rfind("0 rows shown (more exist)", 0) == 0);
}

TEST_CASE("result description: commands, several statements, errors, Stop", "[a11y]") {
    QueryResult r;
    CHECK(describeResult(r) == "Nothing to run.");
    StatementResult create;
    create.tag = "CREATE TABLE";
    r.results.push_back(create);
    CHECK(describeResult(r) == "CREATE TABLE.");
    r.results.push_back(textStatement(1, {{"42"}}));
    CHECK(describeResult(r) == "2 statements ran. The last: 1 row, column c0. Row 1: c0 42.");

    QueryResult e = makeErrorResult("42P01", "relation \"nope\" does not exist", "Create it first.");
    e.error->detail = "Nothing here.";
    CHECK(describeResult(e) == "Error 42P01: relation \"nope\" does not exist. Detail: Nothing here. Hint: Create it first.");
    e.results.push_back(create);
    CHECK(describeResult(e).rfind("1 statement ran. Error 42P01", 0) == 0);
    CHECK(describeResult(makeErrorResult("57014", "canceling statement due to user request")) ==
          "Stopped: canceling statement due to user request.");
}

TEST_CASE("verdict description", "[a11y]") {
    Verdict v;
    v.pass = true;
    v.feedback = "All five rows match.";
    CHECK(describeVerdict(v) == "Check passed. All five rows match.");
    v.pass = false;
    v.feedback = "Margaret is missing.";
    CHECK(describeVerdict(v) == "Not yet. Margaret is missing.");
    v.lessonError = true;
    CHECK(describeVerdict(v).rfind("The check could not run.", 0) == 0);
}

TEST_CASE("result description: a meta-command's title and footer are read out too", "[a11y][meta]") {
    QueryResult r;
    r.results.push_back(textStatement(1, {{"id"}}));
    r.results[0].title = "Table \"public.users\"";
    r.results[0].footer = {"Indexes:", "    \"users_pkey\" PRIMARY KEY, btree (id)"};
    CHECK(describeResult(r) ==
          "Table \"public.users\": 1 row, column c0. Row 1: c0 id. Indexes: \"users_pkey\" PRIMARY KEY, btree (id).");
    StatementResult x;
    x.command = "\\x";
    x.tag = "Expanded display is on.";
    r.results = {x};
    CHECK(describeResult(r) == "Expanded display is on.");
}
