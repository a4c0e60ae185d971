// The playground model driven the way the screen and window.playground drive it, over a
// FakeDatabase whose replies arrive only when the test drains them.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "core/playground.h"
#include "core/script_result.h"
#include "fake_database.h"
#include "result_builders.h"

using namespace pgplay;
using pgtest::FakeDatabase;

namespace {

const char* kLesson = R"(---
id: demo
title: Demo
---
Intro.

## Setup
```sql
CREATE TABLE t (n int);
```

## Step: Count
How many rows?
### Starter
```sql
SELECT
```
### Solution
```sql
SELECT count(*) FROM t;
```
### Check: result

## Step: Biggest
The largest n.
### Hint
max()
### Solution
```sql
SELECT max(n) FROM t;
```
### Check: result
)";

// A script whose one statement completed with this command tag ("SELECT 1", "CREATE TABLE").
QueryResult okResult(const std::string& tag) {
    QueryResult r;
    r.results.emplace_back();
    applyCommandTag(r.results.back(), tag);
    return r;
}

QueryResult errorAt(int position, const std::string& sqlstate = "42703") {
    QueryResult r = makeErrorResult(sqlstate, "column \"x\" does not exist");
    r.error->position = position;
    return r;
}

// A ready database and a model over it, with a clock the test moves.
struct Fixture {
    explicit Fixture(PlaygroundOptions options = {})
        : model(PlaygroundDatabases{db, lessonDb, [this] { ++lessonStarts; }}, std::move(options), [this] { return now; }) {
        db.state.state = DatabaseState::Ready;
        lessonDb.state.state = DatabaseState::Ready;
        model.onApiResult = [this](double id, const std::string& json) { answers.emplace_back(id, json); };
        model.onReady = [this] { ++readyCalls; };
        model.onSaveProgress = [this](const std::string& json) { saved.push_back(json); };
    }

    FakeDatabase db;         // the sandbox
    FakeDatabase lessonDb;   // the lessons' own
    int lessonStarts = 0;
    double now = 100;
    Playground model;
    std::vector<std::pair<double, std::string>> answers;
    int readyCalls = 0;
    std::vector<std::string> saved;
};

Fixture& withLessons(Fixture& f) {
    f.model.addLessonFile("lessons/01-demo.md", kLesson);
    f.model.lessonsLoaded();
    return f;
}

}  // namespace

TEST_CASE("playground: a run from the editor is shown, kept in history and returned by lastResult", "[playground]") {
    Fixture f;
    f.db.answer = [](const FakeDatabase::Request& r) { return r.sql == "SELECT 1" ? okResult("SELECT 1") : QueryResult{}; };
    CHECK(f.model.lastResultJson() == "null");
    f.model.editorEdited("SELECT 1");
    f.model.runEditor({});
    CHECK(f.model.running());
    CHECK(f.model.shown().result == nullptr);   // nothing until the reply
    f.now = 102.5;
    CHECK(f.model.runningSeconds() == Approx(2.5));

    f.db.drain();
    CHECK_FALSE(f.model.running());
    CHECK(f.model.runningSeconds() == 0);
    REQUIRE(f.model.shown().result);
    CHECK(f.model.shown().result->results.at(0).tag == "SELECT 1");
    auto json = nlohmann::json::parse(f.model.lastResultJson());
    CHECK(json["results"][0]["tag"] == "SELECT 1");
    REQUIRE(f.model.history().entries().size() == 1);
    CHECK(f.model.history().entries()[0].sql == "SELECT 1");
    CHECK(f.model.history().entries()[0].summary == "SELECT 1");
    CHECK(f.answers.empty());   // nobody asked through the API
    CHECK(f.db.schemaRefreshesSent() == 0);   // a SELECT changes no schema
}

TEST_CASE("playground: an API run goes into the editor and answers its own API id", "[playground]") {
    Fixture f;
    f.db.answer = [](const FakeDatabase::Request& r) { return okResult(r.sql == "SELECT 1" ? "SELECT 1" : "SELECT 2"); };
    f.model.takeEditorRequests();
    f.model.runFromApi(7, "SELECT 1");
    CHECK(f.model.editorText() == "SELECT 1");
    EditorRequests requests = f.model.takeEditorRequests();
    CHECK(requests.setText == std::optional<std::string>("SELECT 1"));
    CHECK(requests.clearErrorMark);
    CHECK_FALSE(f.model.takeEditorRequests().any());   // taken means gone

    f.model.runFromApi(8, "SELECT 2");   // a second call before the first one's reply
    f.db.drain();
    REQUIRE(f.answers.size() == 2);
    CHECK(f.answers[0].first == 7);
    CHECK(nlohmann::json::parse(f.answers[0].second)["results"][0]["tag"] == "SELECT 1");
    CHECK(f.answers[1].first == 8);
    CHECK(f.answers[1].second == f.model.lastResultJson());   // the grid shows the newest
    CHECK(f.model.editorText() == "SELECT 2");
}

TEST_CASE("playground: a selection's error position becomes the editor's line and column", "[playground]") {
    Fixture f;
    // Multi-byte characters before the selection and inside it, before the error.
    const std::string text = "-- größe, 中文\nSELECT 1;\nSELECT 'é', x FROM t;\n";
    const std::string selected = "SELECT 'é', x FROM t;";
    const size_t begin = text.find(selected);
    f.model.editorEdited(text);
    f.db.answer = [&](const FakeDatabase::Request& r) {
        CHECK(r.sql == selected);
        return errorAt(13);   // PostgreSQL counts characters: "SELECT 'é', " is 12 of them
    };
    f.model.runEditor({begin, begin + selected.size()});
    f.model.takeEditorRequests();
    f.db.drain();

    const ShownResult& shown = f.model.shown();
    REQUIRE(shown.errorLocation);
    CHECK(shown.errorLocation->byteOffset == text.find(", x") + 2);
    CHECK(shown.errorLocation->line == 3);
    CHECK(shown.errorLocation->column == 13);
    CHECK(describe(*shown.errorLocation) == "line 3, column 13");
    EditorRequests requests = f.model.takeEditorRequests();
    REQUIRE(requests.markError);
    CHECK(requests.markError->first == text.find(", x") + 2);
    CHECK(requests.markError->second == "42703: column \"x\" does not exist");

    f.model.showErrorInEditor();
    CHECK(f.model.takeEditorRequests().moveCursorTo == std::optional<size_t>(text.find(", x") + 2));
    CHECK(f.model.history().entries().back().summary == "ERROR 42703");
}

TEST_CASE("playground: an error position is dropped when the text changed while the run was out", "[playground]") {
    Fixture f;
    f.db.answer = [](const FakeDatabase::Request&) { return errorAt(8); };
    f.model.editorEdited("SELECT x");
    f.model.runEditor({});
    f.model.editorEdited("SELECT x -- edited");
    f.db.drain();
    REQUIRE(f.model.shown().result);
    CHECK(f.model.shown().result->error);
    CHECK_FALSE(f.model.shown().errorLocation);
    CHECK_FALSE(f.model.takeEditorRequests().markError);
}

TEST_CASE("playground: a new run clears the error mark; new text drops a mark not yet applied", "[playground]") {
    Fixture f;
    f.db.answer = [](const FakeDatabase::Request&) { return errorAt(8); };
    f.model.editorEdited("SELECT x");
    f.model.runEditor({});
    f.db.drain();
    f.model.runEditor({});   // before the UI applied the first mark
    EditorRequests requests = f.model.takeEditorRequests();
    CHECK(requests.clearErrorMark);
    CHECK_FALSE(requests.markError);

    f.db.drain();
    f.model.putInEditor("SELECT 2");
    requests = f.model.takeEditorRequests();
    CHECK_FALSE(requests.markError);
    CHECK(requests.setText == std::optional<std::string>("SELECT 2"));
    CHECK(requests.focus);
}

TEST_CASE("playground: DDL while a schema refresh is out asks for exactly one more", "[playground][schema]") {
    Fixture f;
    f.db.answer = [](const FakeDatabase::Request& r) { return okResult(r.sql); };
    f.model.poll();   // Ready: announced
    f.model.poll();   // the first refresh goes out
    REQUIRE(f.db.schemaRefreshesSent() == 1);
    for (const char* ddl : {"CREATE TABLE", "ALTER TABLE", "DROP TABLE"}) {
        f.model.editorEdited(ddl);
        f.model.runEditor({});
    }
    // The three runs answer while the refresh is still out.
    CHECK(f.db.drainWhere([](const FakeDatabase::Request& r) { return !r.isSchemaRefresh(); }) == 3);
    CHECK(f.db.schemaRefreshesSent() == 1);
    f.db.drain();   // the first refresh answers; one more goes out and answers too
    CHECK(f.db.schemaRefreshesSent() == 2);
    CHECK(f.db.pending().empty());

    // With nothing out, DDL refreshes at once.
    f.model.editorEdited("CREATE INDEX");
    f.model.runEditor({});
    f.db.drain();
    CHECK(f.db.schemaRefreshesSent() == 3);
}

TEST_CASE("playground: rows changed refresh no schema; anything else that wrote does", "[playground][schema]") {
    Fixture f;
    f.db.answer = [](const FakeDatabase::Request& r) {
        QueryResult q = okResult(r.sql.rfind("INSERT", 0) == 0 ? "INSERT 0 1" : r.sql.rfind("DO", 0) == 0 ? "DO" : "SELECT 1");
        q.databaseChanged = !r.isSchemaRefresh();   // the WAL moved
        return q;
    };
    f.model.runFromApi(1, "INSERT INTO t VALUES (1)");
    f.db.drain();
    CHECK(f.db.schemaRefreshesSent() == 0);
    f.model.runFromApi(2, "DO $$ BEGIN EXECUTE 'CREATE TABLE made_here (n int)'; END $$");
    f.db.drain();
    CHECK(f.db.schemaRefreshesSent() == 1);
    f.model.runFromApi(3, "SELECT make_tables()");
    f.db.drain();
    CHECK(f.db.schemaRefreshesSent() == 2);
}

TEST_CASE("playground: Stop cancels every run, newest first; the stopped run is shown and refreshes the schema",
          "[playground][stop]") {
    Fixture f;
    f.model.runFromApi(1, "SELECT pg_sleep(600)");
    f.model.runFromApi(2, "SELECT 2");
    f.model.runFromApi(3, "SELECT 3");
    std::vector<RequestId> ids;
    for (const auto& r : f.db.pending()) ids.push_back(r.id);
    f.model.stop();
    CHECK(f.db.cancels == std::vector<RequestId>{ids[2], ids[1], ids[0]});

    f.db.drain();
    CHECK_FALSE(f.model.running());
    REQUIRE(f.answers.size() == 3);
    for (const auto& [id, json] : f.answers) CHECK(nlohmann::json::parse(json)["error"]["sqlstate"] == "57014");
    CHECK(f.model.history().entries().back().summary == "stopped");
    // Stop may restore the database: the first stopped run refreshes the schema, the other two
    // ask for one more while it is out.
    CHECK(f.db.schemaRefreshesSent() == 2);
}

TEST_CASE("playground: ready is announced once, also when PostgreSQL fails", "[playground][ready]") {
    SECTION("failure") {
        Fixture f(PlaygroundOptions{"SELECT 1", true, false});
        f.db.state.state = DatabaseState::Loading;
        f.model.poll();
        CHECK(f.readyCalls == 0);
        f.db.state.state = DatabaseState::Failed;
        f.model.poll();
        f.model.poll();
        CHECK(f.readyCalls == 1);
        CHECK(f.db.sent.empty());   // no initial run, no schema refresh on a database that is not there
        f.model.restartDatabase();   // "Try again"
        CHECK(f.db.restarts == 1);
        f.db.state.state = DatabaseState::Ready;
        f.model.poll();
        CHECK(f.readyCalls == 1);
        CHECK(f.db.sent == std::vector<std::string>{schemaQuerySql()});   // the schema browser fills in
    }
    SECTION("ready, restart, ready again") {
        Fixture f(PlaygroundOptions{"SELECT 1", true, false});
        f.db.state.state = DatabaseState::Loading;
        f.model.poll();
        f.db.state.state = DatabaseState::Ready;
        f.model.poll();
        CHECK(f.readyCalls == 1);
        // &run=1 runs the editor once, before the schema is read (the next frame).
        CHECK(f.db.sent == std::vector<std::string>{"SELECT 1"});
        CHECK(f.model.pollDue());
        f.model.poll();
        CHECK_FALSE(f.model.pollDue());
        CHECK(f.db.sent == std::vector<std::string>{"SELECT 1", schemaQuerySql()});
        f.db.drain();
        f.db.state.state = DatabaseState::Restarting;
        f.model.poll();
        f.db.state.state = DatabaseState::Ready;
        f.model.poll();
        CHECK(f.readyCalls == 1);
        CHECK(f.db.sent.size() == 3);   // only a schema refresh after the restart
        CHECK(f.db.sent.back() == schemaQuerySql());
    }
}

TEST_CASE("playground: ?sql= is the editor's first text", "[playground]") {
    Fixture f(PlaygroundOptions{"SELECT 42", false, false});
    CHECK(f.model.editorText() == "SELECT 42");
    CHECK(f.model.takeEditorRequests().setText == std::optional<std::string>("SELECT 42"));
    f.model.poll();
    f.model.poll();
    CHECK(f.db.sent == std::vector<std::string>{schemaQuerySql()});   // not run without &run=1
}

TEST_CASE("playground: a lesson from the URL waits for the lessons, then opens with its starter", "[playground][lesson]") {
    Fixture f;
    f.model.openLessonFromUrl("demo", 2);
    CHECK_FALSE(f.model.lesson().isOpen());
    CHECK(nlohmann::json::parse(f.model.lessonStateJson())["loaded"] == false);
    withLessons(f);
    REQUIRE(f.model.lesson().isOpen());
    CHECK(f.model.lesson().stepIndex() == 1);

    auto state = nlohmann::json::parse(f.model.lessonStateJson());
    CHECK(state["open"] == true);
    CHECK(state["loaded"] == true);
    CHECK(state["lesson"] == "demo");
    CHECK(state["step"] == 2);
    CHECK(state["title"] == "Biggest");
    CHECK(state["done"] == nlohmann::json::array({false, false}));
    CHECK(state["preparing"] == true);
    CHECK(state["checking"] == false);
    CHECK(state["hintsShown"] == 0);
    CHECK(state["verdict"].is_null());
    CHECK(state["lessons"] == nlohmann::json::parse(R"([{"id": "demo", "steps": 2, "done": 0, "questions": 0, "questionsRight": 0}])"));
    CHECK(!f.saved.empty());   // the current step is saved

    f.lessonDb.drain();
    f.model.revealHint();
    state = nlohmann::json::parse(f.model.lessonStateJson());
    CHECK(state["preparing"] == false);
    CHECK(state["hintsShown"] == 1);
}

TEST_CASE("playground: a lesson the URL names wrongly leaves a notice", "[playground][lesson]") {
    Fixture f;
    withLessons(f);
    f.model.openLessonFromUrl("nope", 1);
    CHECK_FALSE(f.model.lesson().isOpen());
    CHECK(f.model.lessonNotice().error);
    CHECK(f.model.lessonNotice().text.find("'nope'") != std::string::npos);
    const unsigned revision = f.model.lessonNotice().revision;
    f.model.openLessonFromUrl("demo", 9);
    CHECK(f.model.lessonNotice().revision != revision);
    REQUIRE(f.model.lesson().isOpen());
    CHECK(f.model.lesson().stepIndex() == 0);
}

TEST_CASE("playground: a returning learner gets their step back, unless the URL brings SQL or an embed",
          "[playground][lesson]") {
    const std::string saved = R"({"format": "pgplay-progress", "version": 1, "current": {"lesson": "demo", "step": 2},
                                   "lessons": {"demo": {"steps": {"2": {"done": false, "sql": "SELECT max(n) FROM t"}}}}})";
    {
        Fixture f;
        f.model.loadSavedProgress(saved);
        withLessons(f);
        REQUIRE(f.model.lesson().isOpen());
        CHECK(f.model.lesson().stepIndex() == 1);
        CHECK(f.model.editorText() == "SELECT max(n) FROM t");
    }
    {
        Fixture f(PlaygroundOptions{"SELECT 1", false, false});
        f.model.loadSavedProgress(saved);
        withLessons(f);
        CHECK_FALSE(f.model.lesson().isOpen());
    }
    {
        Fixture f(PlaygroundOptions{"", false, true});
        f.model.loadSavedProgress(saved);
        withLessons(f);
        CHECK_FALSE(f.model.lesson().isOpen());
    }
    {
        Fixture f;
        f.model.loadSavedProgress("{not json");
        CHECK(f.model.lessonNotice().error);
        CHECK(f.model.lessonNotice().text.find("left alone") != std::string::npos);
    }
}

TEST_CASE("playground: imported progress is merged and saved", "[playground][lesson]") {
    Fixture f;
    withLessons(f);
    f.model.importProgress("[]");
    CHECK(f.model.lessonNotice().error);
    CHECK(f.saved.empty());
    f.model.importProgress(R"({"format": "pgplay-progress", "version": 1, "lessons": {"demo": {"steps": {"1": {"done": true}}}}})");
    CHECK_FALSE(f.model.lessonNotice().error);
    CHECK(f.model.progress().isDone("demo", 0));
    REQUIRE(f.saved.size() == 1);
    CHECK(nlohmann::json::parse(f.saved[0])["lessons"]["demo"]["steps"]["1"]["done"] == true);
    CHECK(nlohmann::json::parse(f.model.lessonStateJson())["lessons"][0]["done"] == 1);
}

TEST_CASE("playground: check() answers with the verdict, or at once when no step is open", "[playground][lesson]") {
    Fixture f;
    withLessons(f);
    f.model.checkFromApi(5);
    REQUIRE(f.answers.size() == 1);
    CHECK(f.answers[0].first == 5);
    CHECK(nlohmann::json::parse(f.answers[0].second)["feedback"] == "No lesson step is open.");

    f.model.openLessonStep("demo", 0);
    f.lessonDb.drain();
    f.model.editorEdited("SELECT count(*) FROM t");
    f.model.checkFromApi(6);
    f.model.checkFromApi(7);   // while the first check runs: both wait for the same verdict
    CHECK(f.answers.size() == 1);
    f.lessonDb.drain();
    REQUIRE(f.answers.size() == 3);
    CHECK(f.answers[1].first == 6);
    CHECK(f.answers[2].first == 7);
    CHECK(f.answers[1].second == f.answers[2].second);
    CHECK(nlohmann::json::parse(f.answers[1].second).contains("pass"));
    CHECK(nlohmann::json::parse(f.model.lessonStateJson())["verdict"].is_object());
}

TEST_CASE("playground: Ctrl+Shift+Enter checks inside a lesson and runs outside one", "[playground][lesson]") {
    Fixture f;
    withLessons(f);
    f.model.editorEdited("SELECT 1");
    f.model.checkOrRun({});
    CHECK(f.model.running());
    f.db.drain();
    f.model.openLessonStep("demo", 0);
    f.lessonDb.drain();
    f.model.checkOrRun({});
    CHECK_FALSE(f.model.running());
    CHECK(f.model.lesson().checking());
}

TEST_CASE("playground: opening a step empties the grid and lastResult, and keeps the learner's SQL",
          "[playground][lesson]") {
    Fixture f;
    withLessons(f);
    f.model.openLessonStep("demo", 0);
    CHECK(f.model.editorText() == "SELECT");   // the starter
    f.model.editorEdited("SELECT count(*) FROM t");
    f.model.runEditor({});
    f.lessonDb.drain();
    REQUIRE(f.model.shown().result);
    f.model.openLessonStep("demo", 1);
    CHECK(f.model.shown().result == nullptr);
    CHECK(f.model.lastResultJson() == "null");
    f.model.openLessonStep("demo", 0);
    CHECK(f.model.editorText() == "SELECT count(*) FROM t");   // remembered for the step
}

// Regression: after the lesson pane's Next, window.playground.lastResult() returned the previous
// step's result although the grid was empty.
TEST_CASE("playground: after Next, lastResult is the empty grid, not the previous step's result", "[playground][lesson]") {
    Fixture f;
    withLessons(f);
    f.model.openLessonStep("demo", 0);
    f.lessonDb.drain();
    f.model.editorEdited("SELECT count(*) FROM t");
    f.model.runEditor({});
    f.lessonDb.drain();
    REQUIRE(f.model.shown().result);
    REQUIRE(f.model.lastResultJson() != "null");

    f.model.nextStep();
    REQUIRE(f.model.lesson().stepIndex() == 1);
    CHECK(f.model.shown().result == nullptr);
    CHECK(f.model.lastResultJson() == "null");
}

// Regression (issue 9): opening a lesson dropped every schema of the one database the learner's
// own tables lived in.
TEST_CASE("playground: a lesson works on its own database; closing it finds the sandbox and its script as they were",
          "[playground][lesson]") {
    Fixture f;
    withLessons(f);
    f.model.editorEdited("CREATE TABLE mywork (n int)");
    f.model.runEditor({});
    f.db.drain();
    const size_t sandboxRequests = f.db.sent.size();
    CHECK(f.lessonStarts == 0);   // never started for a learner who opens no lesson

    f.model.openLessonStep("demo", 0);
    CHECK(f.lessonStarts == 1);
    CHECK(f.model.onLessonDatabase());
    CHECK(nlohmann::json::parse(f.model.databaseStatusJson())["database"] == "lesson");
    CHECK_FALSE(f.model.schemaLoaded());   // the sandbox's tables are not the lesson's
    f.model.editorEdited("SELECT count(*) FROM t");
    f.model.runEditor({});
    f.model.checkLesson();
    f.model.resetLesson();
    f.model.nextStep();
    f.lessonDb.drain();
    CHECK(f.db.sent.size() == sandboxRequests);   // setup, runs, checks, resets: none on the sandbox
    REQUIRE_FALSE(f.lessonDb.sent.empty());
    CHECK(f.lessonDb.sent.front().find("DROP SCHEMA") != std::string::npos);   // the step's reset, on its own database
    CHECK(f.lessonStarts == 1);

    f.model.closeLesson();
    CHECK_FALSE(f.model.onLessonDatabase());
    CHECK(nlohmann::json::parse(f.saved.back())["current"].is_null());   // a reload opens the sandbox
    CHECK(f.model.editorText() == "CREATE TABLE mywork (n int)");   // the sandbox's script is back
    CHECK(f.model.shown().result == nullptr);   // the lesson's result said nothing about the sandbox
    CHECK(f.db.sent.back() == schemaQuerySql());   // the schema browser reads the sandbox again
    f.model.editorEdited("SELECT 1");
    f.model.runEditor({});
    CHECK(f.db.sent.back() == "SELECT 1");
    f.model.openLessonStep("demo", 1);
    CHECK(f.lessonStarts == 1);   // started once
}

TEST_CASE("playground: Stop cancels a run on the database it went to, after a lesson opened", "[playground][lesson]") {
    Fixture f;
    withLessons(f);
    f.model.editorEdited("SELECT pg_sleep(100)");
    f.model.runEditor({});
    f.model.openLessonStep("demo", 0);
    f.model.stop();
    CHECK(f.db.cancels.size() == 1);
    CHECK(f.lessonDb.cancels.empty());
}

TEST_CASE("playground: a schema read that comes back after a lesson opened is not taken for the lesson's",
          "[playground][schema][lesson]") {
    Fixture f;
    withLessons(f);
    // The catalog's answer: one table, "mine" (the six statements of schemaQuerySql()).
    f.db.answer = [](const FakeDatabase::Request& r) {
        if (r.sql != schemaQuerySql()) return okResult("CREATE TABLE");
        QueryResult q;
        q.results = {pgtest::textStatement(5, {{"100", "public", "mine", "r", "0"}}), pgtest::textStatement(8, {}),
                     pgtest::textStatement(8, {}), pgtest::textStatement(5, {}), pgtest::textStatement(2, {}),
                     pgtest::textStatement(4, {})};
        return q;
    };
    f.model.editorEdited("CREATE TABLE mine (n int)");
    f.model.runEditor({});
    f.db.drain();   // the run, then its schema refresh goes out
    REQUIRE(f.db.sent.back() == schemaQuerySql());
    f.model.openLessonStep("demo", 0);
    f.db.drain();   // the sandbox's schema arrives after the switch
    CHECK(f.model.schema().tables.empty());
    CHECK(f.lessonDb.sent.back() == schemaQuerySql());   // read again, from the lesson's database

    f.model.closeLesson();
    f.lessonDb.drain();   // the lesson's schema comes back too late, and is dropped in turn
    f.db.drain();
    CHECK(f.model.schemaLoaded());   // the same answer, now for the database it came from
    REQUIRE(f.model.schema().tables.size() == 1);
    CHECK(f.model.schema().tables[0].name == "mine");
}

TEST_CASE("playground: an embed's setup script runs first, once, and is shown only when it fails", "[playground][embed]") {
    PlaygroundOptions options{"SELECT * FROM t", true, true};
    options.setupSql = "CREATE TABLE t (n int); INSERT INTO t VALUES (1);";
    SECTION("it succeeds") {
        Fixture f(options);
        f.db.state.state = DatabaseState::Loading;
        f.model.poll();
        CHECK(f.db.sent.empty());
        f.db.state.state = DatabaseState::Ready;
        f.model.poll();
        // The setup, then the initial query, before anything the page asks once it hears ready.
        CHECK(f.db.sent == std::vector<std::string>{options.setupSql, "SELECT * FROM t"});
        CHECK(f.readyCalls == 1);
        f.model.runFromApi(1, "SELECT 2");
        f.db.drain();
        REQUIRE(f.model.shown().result);
        CHECK_FALSE(f.model.shown().result->error);
        REQUIRE(f.model.history().entries().size() == 2);   // the setup is not the learner's history
        for (const auto& entry : f.model.history().entries()) CHECK(entry.sql != options.setupSql);
        CHECK(f.db.schemaRefreshesSent() >= 1);   // its tables reach the schema browser
        // A restart does not run it again (the database replays what was committed).
        f.db.state.state = DatabaseState::Restarting;
        f.model.poll();
        f.db.state.state = DatabaseState::Ready;
        f.model.poll();
        CHECK(std::count(f.db.sent.begin(), f.db.sent.end(), options.setupSql) == 1);
    }
    SECTION("it fails") {
        PlaygroundOptions bad = options;
        bad.runInitialSql = false;
        Fixture g(bad);
        g.db.answer = [&](const FakeDatabase::Request& r) {
            return r.sql == bad.setupSql ? errorAt(8, "42P07") : QueryResult{};
        };
        g.model.poll();
        g.db.drain();
        REQUIRE(g.model.shown().result);
        REQUIRE(g.model.shown().result->error);
        CHECK(g.model.shown().result->error->message.rfind("The embed's setup script failed: ", 0) == 0);
        CHECK(g.model.shown().result->error->position == 0);
        CHECK(g.model.editorText() == "SELECT * FROM t");   // the editor keeps its text
        CHECK_FALSE(g.model.takeEditorRequests().markError);
    }
    SECTION("the full-size app never runs it") {
        PlaygroundOptions full = options;
        full.embed = false;
        Fixture f(full);
        f.model.poll();
        CHECK(std::count(f.db.sent.begin(), f.db.sent.end(), options.setupSql) == 0);
    }
}

TEST_CASE("playground: a lesson file from the URL is added and its step opened, or its errors shown", "[playground][embed]") {
    SECTION("a good file") {
        Fixture f(PlaygroundOptions{"", false, true});
        f.model.addLessonFile("lessons/01-demo.md", kLesson);
        std::string mine = kLesson;
        mine.replace(mine.find("id: demo"), 8, "id: my-post");
        f.model.openLessonFile("/posts/exercise.md", mine, 2);
        CHECK_FALSE(f.model.lesson().isOpen());   // waits for the lessons
        f.model.lessonsLoaded();
        REQUIRE(f.model.lesson().isOpen());
        CHECK(f.model.lesson().lesson()->id == "my-post");
        CHECK(f.model.lesson().stepIndex() == 1);
    }
    SECTION("a file that does not parse, or reuses a lesson's id") {
        for (std::string text : {std::string("no front matter"), std::string(kLesson)}) {
            Fixture f(PlaygroundOptions{"", false, true});
            f.model.addLessonFile("lessons/01-demo.md", kLesson);
            f.model.openLessonFile("/posts/exercise.md", text, 1);
            f.model.lessonsLoaded();
            CHECK_FALSE(f.model.lesson().isOpen());
            REQUIRE(f.model.shown().result);
            REQUIRE(f.model.shown().result->error);
            CHECK(f.model.shown().result->error->message.rfind("The lesson file /posts/exercise.md could not be used:", 0) == 0);
            CHECK(f.model.lessonNotice().error);
        }
    }
}

TEST_CASE("playground: a link's SQL for a lesson step never replaces the learner's own answer", "[playground][share]") {
    SECTION("no answer of theirs: the link's SQL is in the editor") {
        Fixture f(PlaygroundOptions{"SELECT count(*) FROM t;", false, false});
        f.model.openLessonFromUrl("demo", 1);
        withLessons(f);
        REQUIRE(f.model.lesson().isOpen());
        CHECK(f.model.editorText() == "SELECT count(*) FROM t;");
        CHECK(f.model.lessonNotice().offeredSql.empty());
    }
    SECTION("their own answer stays; the link's is offered") {
        Fixture f(PlaygroundOptions{"SELECT count(*) FROM t;", false, false});
        f.model.loadSavedProgress(R"({"format":"pgplay-progress","version":1,"current":null,"lessons":{"demo":{"steps":{"1":{"done":false,"sql":"SELECT 'mine'"}}}}})");
        f.model.openLessonFromUrl("demo", 1);
        withLessons(f);
        REQUIRE(f.model.lesson().isOpen());
        CHECK(f.model.editorText() == "SELECT 'mine'");
        CHECK(f.model.lessonNotice().offeredSql == "SELECT count(*) FROM t;");
        CHECK_FALSE(f.model.lessonNotice().error);
    }
}
