// The playground model over a real server: PostgreSQL's own error positions (in characters, for
// a selection after multi-byte text) land on the right line and column, DDL reaches the schema
// browser, and a lesson step checked through the API answers with a real verdict. PqDatabase
// answers inside run(), so this also covers a Database that does not wait for a drain.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "core/playground.h"
#include "pg_fixture.h"

using namespace pgplay;

namespace {

const char* kLesson = R"(---
id: demo
title: Demo
---
## Setup
```sql
CREATE TABLE t (n int);
INSERT INTO t VALUES (1), (2), (3);
```

## Step: Count
How many rows?
### Solution
```sql
SELECT count(*) FROM t;
```
### Check: result

## Step: Biggest
The largest n.
### Solution
```sql
SELECT max(n) FROM t;
```
### Check: result
)";

bool hasTable(const SchemaSnapshot& schema, const std::string& name) {
    return std::any_of(schema.tables.begin(), schema.tables.end(), [&](const TableInfo& t) { return t.name == name; });
}

}  // namespace

TEST_CASE("playground on PostgreSQL: runs, error positions, schema and a lesson step", "[playground]") {
    pgtest::ThrowawayDatabase sandbox("playground");
    pgtest::ThrowawayDatabase lessons("playground_lessons");   // lesson resets drop every schema
    double now = 0;
    Playground model(PlaygroundDatabases{*sandbox.db, *lessons.db}, PlaygroundOptions{}, [&] { return now; });
    std::vector<std::pair<double, std::string>> answers;
    model.onApiResult = [&](double id, const std::string& json) { answers.emplace_back(id, json); };
    int ready = 0;
    model.onReady = [&] { ++ready; };

    model.poll();
    CHECK(ready == 1);
    model.poll();   // the schema is read the frame after ready (a query sent on ready goes first)
    CHECK(model.schemaLoaded());

    SECTION("a selection's error, counted by PostgreSQL in characters, is on the editor's line and column") {
        model.runFromApi(1, "CREATE TABLE widgets (id int, größe text)");
        REQUIRE(answers.size() == 1);
        CHECK(nlohmann::json::parse(answers[0].second)["ok"] == true);
        CHECK(hasTable(model.schema(), "widgets"));   // the DDL refreshed the schema browser

        const std::string text = "-- größe, 中文 😀\nSELECT 1;\nSELECT 'é', größe, nope FROM widgets;\n";
        const std::string selected = "SELECT 'é', größe, nope FROM widgets;";
        const size_t begin = text.find(selected);
        model.editorEdited(text);
        model.runEditor({begin, begin + selected.size()});
        const ShownResult& shown = model.shown();
        REQUIRE(shown.result);
        REQUIRE(shown.result->error);
        CHECK(shown.result->error->sqlstate == "42703");
        REQUIRE(shown.errorLocation);
        CHECK(shown.errorLocation->byteOffset == text.find("nope"));
        CHECK(shown.errorLocation->line == 3);
        CHECK(shown.errorLocation->column == 20);
        EditorRequests requests = model.takeEditorRequests();
        REQUIRE(requests.markError);
        CHECK(requests.markError->first == text.find("nope"));
    }

    SECTION("a lesson step checked through the API, then Next with an empty grid; the sandbox is left alone") {
        model.runFromApi(1, "CREATE TABLE mywork (n int); INSERT INTO mywork VALUES (7)");
        REQUIRE(hasTable(model.schema(), "mywork"));
        answers.clear();
        model.addLessonFile("lessons/01-demo.md", kLesson);
        model.lessonsLoaded();
        model.openLessonFromUrl("demo", 1);
        REQUIRE(model.lesson().isOpen());
        CHECK_FALSE(model.lesson().preparing());
        CHECK(hasTable(model.schema(), "t"));   // the step's tables, refreshed once prepared

        model.editorEdited("SELECT sum(n) FROM t");
        model.checkFromApi(2);
        REQUIRE(answers.size() == 1);
        CHECK(nlohmann::json::parse(answers[0].second)["pass"] == false);

        model.editorEdited("SELECT count(*) AS how_many FROM t");
        model.runEditor({});
        REQUIRE(model.shown().result);
        CHECK(model.shown().result->results.at(0).rows.text(0, 0) == "3");
        model.checkFromApi(3);
        REQUIRE(answers.size() == 2);
        CHECK(nlohmann::json::parse(answers[1].second)["pass"] == true);
        auto state = nlohmann::json::parse(model.lessonStateJson());
        CHECK(state["done"] == nlohmann::json::array({true, false}));

        model.nextStep();
        CHECK(model.lesson().stepIndex() == 1);
        CHECK(model.lastResultJson() == "null");
        CHECK(model.editorText().empty());   // no starter, nothing written yet

        model.closeLesson();
        CHECK(hasTable(model.schema(), "mywork"));
        CHECK_FALSE(hasTable(model.schema(), "t"));
        model.runFromApi(4, "SELECT n FROM mywork");
        REQUIRE(model.shown().result);
        CHECK(model.shown().result->results.at(0).rows.text(0, 0) == "7");
    }
}

TEST_CASE("playground on PostgreSQL: \\x and \\timing last across runs, as in a psql session", "[playground][meta]") {
    pgtest::ThrowawayDatabase sandbox("playground_meta");
    double now = 0;
    Playground model(PlaygroundDatabases{*sandbox.db, *sandbox.db}, PlaygroundOptions{}, [&] { return now; });
    model.poll();
    model.editorEdited("\\x\n\\timing");
    model.runEditor({});
    REQUIRE(model.shown().result);
    CHECK(model.shown().result->results[0].tag == "Expanded display is on.");
    CHECK(model.shown().result->results[1].tag == "Timing is on.");
    CHECK(model.history().entries().back().summary == "2 statements, last: Timing is on.");

    model.editorEdited("SELECT 1 AS a, 2 AS b");
    model.runEditor({});
    const StatementResult& s = model.shown().result->results.at(0);
    CHECK(s.expanded);
    REQUIRE(s.footer.size() == 1);
    CHECK(s.footer[0].rfind("Time: ", 0) == 0);
    const nlohmann::json json = nlohmann::json::parse(model.lastResultJson());
    CHECK(json["results"][0]["expanded"] == true);

    model.editorEdited("\\x\nSELECT 3");
    model.runEditor({});
    CHECK(model.shown().result->results[0].tag == "Expanded display is off.");
    CHECK_FALSE(model.shown().result->results[1].expanded);
    CHECK(model.psqlDisplay().timing);
}
