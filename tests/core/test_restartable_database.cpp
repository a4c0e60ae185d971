// RestartableDatabase against a fake engine: queueing, Stop, restart and replay, the watchdog,
// an engine that fails internally, and a failed start. The replies are real wire bytes (built
// by backend_messages.h), so the same decoder as in the browser reads them. The same class runs
// against a real PostgreSQL server in tests/pg/test_restartable_database_pg.cpp.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "backend_messages.h"
#include "core/lesson_checker.h"
#include "core/lesson_parser.h"
#include "core/restartable_database.h"

using namespace pgplay;
using namespace backend;

namespace {

// Records what the database asks of the engine; the test answers for it.
struct FakeEngine final : EngineTransport {
    struct Sent {
        RequestId id;
        size_t statements;
    };
    std::vector<Sent> sent;
    int restarts = 0;
    std::vector<NewContents> replaced;
    bool hasPgDump = true;
    std::vector<std::pair<RequestId, std::vector<std::string>>> dumps;

    void send(RequestId id, const std::vector<uint8_t>&, size_t count) override { sent.push_back({id, count}); }
    bool pgDump(RequestId id, const std::vector<std::string>& args) override {
        if (hasPgDump) dumps.emplace_back(id, args);
        return hasPgDump;
    }
    void restart() override { ++restarts; }
    void replace(NewContents contents) override { replaced.push_back(contents); }
};

struct Harness {
    FakeEngine engine;
    double now = 0;
    RestartableDatabase db{engine, [this] { return now; }};

    // Answers the last request sent: every statement completes with `tag` (changed: the WAL moved).
    void answerLast(const std::string& tag = "INSERT 0 1", bool changed = true, char status = 'I') {
        REQUIRE_FALSE(engine.sent.empty());
        const auto& s = engine.sent.back();
        std::vector<Bytes> replies(s.statements, concat({commandComplete(tag), ready(status)}));
        db.onReply(s.id, std::move(replies), changed, 1.0);
        db.drain();
    }
    void start() {
        db.onReady("18.1");
        db.drain();
        REQUIRE(db.status().state == DatabaseState::Ready);
    }
};

struct Answer {
    int calls = 0;
    QueryResult result;
    Database::ResultCallback callback() {
        return [this](QueryResult r) {
            ++calls;
            result = std::move(r);
        };
    }
};

}  // namespace

TEST_CASE("Requests wait for the engine, then go one at a time, answered in drain()", "[restartable]") {
    Harness h;
    Answer a, b;
    h.db.run("CREATE TABLE t (id int); INSERT INTO t VALUES (1)", {}, a.callback());
    h.db.run("SELECT 1", {}, b.callback());
    h.db.drain();
    CHECK(h.engine.sent.empty());   // still loading
    h.start();
    REQUIRE(h.engine.sent.size() == 1);
    CHECK(h.engine.sent[0].statements == 2);
    CHECK(a.calls == 0);            // never inside run() or before the reply
    h.answerLast("CREATE TABLE");
    CHECK(a.calls == 1);
    CHECK(a.result.ok);
    REQUIRE(h.engine.sent.size() == 2);   // the next one goes once the first is answered
    h.answerLast("SELECT 1", false);
    CHECK(b.calls == 1);
    CHECK_FALSE(h.db.busy());
}

TEST_CASE("Stop answers at once, restarts the engine and replays what was committed", "[restartable]") {
    Harness h;
    h.start();
    Answer create, sleep;
    h.db.run("CREATE TABLE t (id int)", {}, create.callback());
    h.db.drain();
    h.answerLast("CREATE TABLE");
    h.db.run("SELECT pg_sleep(600)", {}, sleep.callback());
    h.db.drain();
    const RequestId running = h.engine.sent.back().id;

    h.db.cancel(running);
    CHECK(sleep.calls == 1);
    CHECK(sleep.result.error->sqlstate == "57014");
    CHECK(sleep.result.error->detail.find("1 committed statement is being replayed") != std::string::npos);
    CHECK(h.engine.restarts == 1);
    CHECK(h.db.status().state == DatabaseState::Restarting);

    // The old engine's late answer is dropped; the new one gets the replay first.
    h.db.onReply(running, {concat({commandComplete("SELECT 1"), ready('I')})}, false, 1.0);
    h.db.drain();
    CHECK(sleep.calls == 1);
    CHECK(h.engine.sent.size() == 2);
    h.db.onReady("18.1");
    h.db.drain();
    REQUIRE(h.engine.sent.size() == 3);   // the replay
    CHECK(h.engine.sent.back().statements == 1);
    CHECK(h.db.status().message == "Restoring your tables and rows");
    h.answerLast("CREATE TABLE");
    CHECK(h.db.status().state == DatabaseState::Ready);
    CHECK(h.db.status().message == "restored your 1 committed statement after Stop");
    Answer later;   // the note stays until the learner's next run
    h.db.run("SELECT 2", {}, later.callback());
    h.db.drain();
    CHECK(h.db.status().message.empty());
    h.answerLast("SELECT 1", false);
    CHECK(later.calls == 1);
}

TEST_CASE("Stop with stored data restarts the engine and replays nothing: it reopens the storage", "[restartable]") {
    Harness h;
    h.db.onReady("18.1", EngineStorage{true, ""});
    h.db.drain();
    Answer create, sleep;
    h.db.run("CREATE TABLE t (id int DEFAULT random())", {}, create.callback());
    h.db.drain();
    h.answerLast("CREATE TABLE");
    CHECK(h.db.journaledStatements() == 0);   // nothing kept twice
    h.db.run("SELECT pg_sleep(600)", {}, sleep.callback());
    h.db.drain();
    h.db.cancel(h.engine.sent.back().id);
    CHECK(sleep.result.error->sqlstate == "57014");
    CHECK(sleep.result.error->detail.find("stored in this browser") != std::string::npos);
    CHECK(h.engine.restarts == 1);
    h.db.onReady("18.1", EngineStorage{true, ""});
    h.db.drain();
    CHECK(h.engine.sent.size() == 2);   // no replay
    CHECK(h.db.status().state == DatabaseState::Ready);
    CHECK(h.db.status().message == "PostgreSQL restarted after Stop: your committed tables and rows are exactly as they were");

    // An engine that could not open the storage says why, and from then on the journal keeps the
    // committed work for the next restart.
    h.db.onReady("18.1", EngineStorage{false, "another tab has your database open"});
    h.db.drain();
    CHECK(h.db.status().storageNote == "another tab has your database open");
    Answer insert;
    h.db.run("CREATE TABLE u (id int)", {}, insert.callback());
    h.db.drain();
    h.answerLast("CREATE TABLE");
    CHECK(h.db.journaledStatements() == 1);
}

TEST_CASE("Stop of a queued request answers it without sending it", "[restartable]") {
    Harness h;
    h.start();
    Answer first, queued;
    h.db.run("SELECT 1", {}, first.callback());
    const RequestId id = h.db.run("SELECT 2", {}, queued.callback());
    h.db.drain();
    h.db.cancel(id);
    CHECK(queued.calls == 1);
    CHECK(queued.result.error->hint == "The query was stopped before it started.");
    CHECK(h.engine.restarts == 0);
    h.answerLast("SELECT 1", false);
    CHECK(h.engine.sent.size() == 1);
}

TEST_CASE("The watchdog stops a request that outlives its time limit", "[restartable][watchdog]") {
    Harness h;
    h.start();
    Answer a;
    RunOptions limited;
    limited.timeoutMs = 1000;
    CHECK(h.db.msUntilDeadline() == -1);
    h.db.run("WITH RECURSIVE r AS (SELECT 1 UNION ALL SELECT 1 FROM r) SELECT count(*) FROM r", limited, a.callback());
    h.db.drain();
    CHECK(h.db.msUntilDeadline() == 1000);
    h.now = 999;
    h.db.drain();
    CHECK(a.calls == 0);
    CHECK(h.db.msUntilDeadline() == 1);
    h.now = 1000;
    CHECK(h.db.drain());
    REQUIRE(a.calls == 1);
    CHECK(a.result.error->sqlstate == "57014");
    CHECK(a.result.error->message == "canceling statement due to statement timeout");
    CHECK(a.result.error->detail.find("longer than 1 s") != std::string::npos);
    CHECK(h.engine.restarts == 1);
    CHECK(h.db.msUntilDeadline() == -1);
    h.db.onReady("18.1");
    h.db.drain();
    CHECK(h.db.status().message == "PostgreSQL restarted after a query ran longer than 1 s");
}

TEST_CASE("An engine that fails internally is restarted from the committed state", "[restartable]") {
    Harness h;
    h.start();
    Answer create, big, after;
    h.db.run("CREATE TABLE t (id int)", {}, create.callback());
    h.db.drain();
    h.answerLast("CREATE TABLE");
    h.db.run("SELECT repeat('x', 400000000)", {}, big.callback());
    h.db.drain();
    h.db.onReply(h.engine.sent.back().id,
                 {concat({errorFields('E', {{'S', "ERROR"}, {'C', "PGENG"}, {'M', "PostgreSQL stopped with an internal error: out of memory"}}),
                          ready('I')})},
                 true, 1.0);
    h.db.run("SELECT 1", {}, after.callback());
    h.db.drain();
    REQUIRE(big.calls == 1);
    CHECK(big.result.error->sqlstate == "PGENG");
    CHECK(big.result.error->hint.find("restarts PostgreSQL") != std::string::npos);
    CHECK(h.engine.restarts == 1);
    CHECK(after.calls == 0);   // waits for the fresh engine instead of failing too
    h.db.onReady("18.1");
    h.db.drain();
    CHECK(h.engine.sent.back().statements == 1);   // the replay comes first
    CHECK(h.db.status().message == "Restoring your tables and rows");
    h.answerLast("CREATE TABLE");
    h.answerLast("SELECT 1", false);
    CHECK(after.calls == 1);
    CHECK(after.result.ok);
}

TEST_CASE("A failed start fails the waiting requests; restart() tries again", "[restartable]") {
    Harness h;
    Answer a, b;
    h.db.run("SELECT 1", {}, a.callback());
    h.db.onFailed("could not download pglite.wasm");
    h.db.drain();
    REQUIRE(a.calls == 1);
    CHECK(a.result.error->sqlstate == "PGDWN");
    CHECK(h.db.status().state == DatabaseState::Failed);
    h.db.restart();
    CHECK(h.engine.restarts == 1);
    CHECK(h.db.status().state == DatabaseState::Loading);
    h.db.run("SELECT 1", {}, b.callback());
    h.start();
    h.answerLast("SELECT 1", false);
    CHECK(b.calls == 1);
    CHECK(b.result.ok);
}

TEST_CASE("An engine that dies under a request answers it, and Try again brings the work back", "[restartable]") {
    Harness h;
    h.start();
    Answer create, running, later;
    h.db.run("CREATE TABLE t (id int)", {}, create.callback());
    h.db.drain();
    h.answerLast("CREATE TABLE");
    h.db.run("SELECT 1", {}, running.callback());
    h.db.drain();
    h.db.onFailed("the database worker failed: out of memory");
    h.db.drain();
    REQUIRE(running.calls == 1);   // never left waiting
    CHECK(running.result.error->sqlstate == "PGDWN");
    h.db.restart();
    CHECK(h.db.status().state == DatabaseState::Restarting);
    CHECK(h.db.status().message == "Restarting PostgreSQL after it failed");
    h.db.onReady("18.1");
    h.db.drain();
    h.answerLast("CREATE TABLE");   // the replay
    CHECK(h.db.status().message == "restored your 1 committed statement after it failed");
}

TEST_CASE("A replay that hangs is given up, not waited on forever", "[restartable][watchdog]") {
    Harness h;
    h.start();
    Answer a, sleep;
    h.db.run("CREATE TABLE t (id int)", {}, a.callback());
    h.db.drain();
    h.answerLast("CREATE TABLE");
    h.db.run("SELECT pg_sleep(600)", {}, sleep.callback());
    h.db.drain();
    h.db.cancel(h.engine.sent.back().id);
    h.db.onReady("18.1");
    h.db.drain();   // replay sent
    h.now = 60000;
    h.db.drain();
    CHECK(h.engine.restarts == 2);
    CHECK(h.db.journaledStatements() == 0);
    h.db.onReady("18.1");
    h.db.drain();
    CHECK(h.db.status().state == DatabaseState::Ready);
    CHECK(h.db.status().message.find("1 statement could not be restored") != std::string::npos);
}

TEST_CASE("A request that starts fresh lets the journal forget what came before", "[restartable]") {
    Harness h;
    h.start();
    Answer a, b, c;
    h.db.run("CREATE TABLE old (id int); INSERT INTO old VALUES (1)", {}, a.callback());
    h.db.drain();
    h.answerLast("CREATE TABLE");
    CHECK(h.db.journaledStatements() == 2);
    RunOptions fresh;
    fresh.startsFresh = true;
    h.db.run("DROP SCHEMA public CASCADE; CREATE SCHEMA public", fresh, b.callback());
    h.db.drain();
    h.answerLast("DROP SCHEMA");
    CHECK(h.db.journaledStatements() == 2);   // only the reset itself
}

// Regression: every Check appended to the journal, because the checker marked its reset as
// starting fresh by comparing SQL text, and its reset script had a SET appended. After many
// Checks, Stop replayed every one of them.
TEST_CASE("Lesson checks do not grow the Stop journal", "[restartable][lesson]") {
    LessonParseResult parsed = parseLesson(R"(---
id: check
title: Check
---
## Setup
```sql
CREATE TABLE t (id int PRIMARY KEY);
```
## Step: add a row
Insert one row.
### Solution
```sql
INSERT INTO t VALUES (1);
```
### Check: state
```sql
SELECT count(*) = 1 FROM t;
```
The table should hold one row.
)", "lessons/check.md");
    REQUIRE(parsed.ok());
    Harness h;
    h.start();
    size_t afterFirst = 0;
    for (int i = 0; i < 20; ++i) {
        int verdicts = 0;
        checkStep(h.db, *parsed.lesson, 0, "INSERT INTO t VALUES (1)", [&](Verdict) { ++verdicts; });
        // Answer every request of the check until its verdict arrives.
        for (int guard = 0; verdicts == 0 && guard < 50; ++guard) {
            h.db.drain();
            if (!h.engine.sent.empty() && h.db.busy()) h.answerLast("INSERT 0 1");
        }
        REQUIRE(verdicts == 1);
        if (i == 0) afterFirst = h.db.journaledStatements();
    }
    CHECK(afterFirst > 0);
    CHECK(h.db.journaledStatements() == afterFirst);
}

TEST_CASE("Reset replaces the contents: the request in flight is stopped, queued ones run on the empty database",
          "[restartable][replace]") {
    Harness h;
    h.start();
    Answer create, sleep, after;
    h.db.run("CREATE TABLE t (id int)", {}, create.callback());
    h.db.drain();
    h.answerLast("CREATE TABLE");
    h.db.run("SELECT pg_sleep(600)", {}, sleep.callback());
    h.db.drain();
    h.db.run("SELECT 1", {}, after.callback());

    h.db.replace(NewContents::Empty);
    CHECK(sleep.calls == 1);
    CHECK(sleep.result.error->sqlstate == "57014");
    CHECK(h.engine.replaced == std::vector<NewContents>{NewContents::Empty});
    CHECK(h.engine.restarts == 0);
    CHECK(h.db.status().state == DatabaseState::Restarting);
    CHECK(h.db.status().message == "Emptying your database");

    h.db.onReady("18.1");   // in memory: nothing is replayed into the new, empty database
    h.db.drain();
    CHECK(h.db.status().state == DatabaseState::Ready);
    CHECK(h.db.journaledStatements() == 0);
    REQUIRE(h.engine.sent.size() == 3);   // the queued SELECT 1, not a replay
    CHECK(h.db.status().message.empty());   // the learner's next run clears the news, as always
    h.answerLast("SELECT 1", false);
    CHECK(after.calls == 1);
}

TEST_CASE("Open database: a file that cannot be opened leaves the database as it was, and says why",
          "[restartable][replace]") {
    Harness h;
    h.start();
    Answer create;
    h.db.run("CREATE TABLE t (id int)", {}, create.callback());
    h.db.drain();
    h.answerLast("CREATE TABLE");

    SECTION("emptied") {
        h.db.replace(NewContents::Empty);
        h.db.onReady("18.1", EngineStorage{true, ""});
        h.db.drain();
        CHECK(h.db.status().message == "Your database is empty now: a fresh start");
    }
    SECTION("opened") {
        h.db.replace(NewContents::PickedFile, "work.tar.gz");
        CHECK(h.db.status().message == "Opening work.tar.gz");
        h.db.onReady("18.1", EngineStorage{true, ""});
        h.db.drain();
        CHECK(h.db.status().message == "Opened work.tar.gz: its tables and rows are your database now");
        CHECK(h.engine.sent.size() == 1);   // nothing replayed
    }
    SECTION("refused, in memory: the committed work is replayed") {
        h.db.replace(NewContents::PickedFile, "notes.txt");
        h.db.onReplaceFailed("it is not a PostgreSQL data directory");
        h.db.onReady("18.1");
        h.db.drain();
        REQUIRE(h.engine.sent.size() == 2);   // the replay of CREATE TABLE
        h.answerLast("CREATE TABLE");
        CHECK(h.db.status().message.find("notes.txt could not be opened (it is not a PostgreSQL data directory)") !=
              std::string::npos);
    }
    SECTION("refused, stored: reopened as it was") {
        h.db.replace(NewContents::PickedFile, "notes.txt");
        h.db.onReplaceFailed("it is not a PostgreSQL data directory");
        h.db.onReady("18.1", EngineStorage{true, ""});
        h.db.drain();
        CHECK(h.db.status().message ==
              "notes.txt could not be opened (it is not a PostgreSQL data directory); your database is as it was");
    }
}

TEST_CASE("A notice reaches the status line only while the database is ready", "[restartable]") {
    Harness h;
    h.db.onNotice("Saved pgplay-sandbox.tar.gz (0.4 MB)");
    h.db.drain();
    CHECK(h.db.status().message != "Saved pgplay-sandbox.tar.gz (0.4 MB)");
    h.start();
    h.db.onNotice("Saved pgplay-sandbox.tar.gz (0.4 MB)");
    h.db.drain();
    CHECK(h.db.status().message == "Saved pgplay-sandbox.tar.gz (0.4 MB)");
}

TEST_CASE("CREATE DATABASE on the one-database engine says to use a schema", "[restartable]") {
    Harness h;
    h.start();
    Answer a;
    h.db.run("CREATE DATABASE shop", {}, a.callback());
    h.db.drain();
    const RequestId id = h.engine.sent.back().id;
    h.db.onReply(id, {concat({errorFields('E', {{'S', "ERROR"}, {'C', "3D000"}, {'M', "template database \"template1\" does not exist"}}),
                              ready('I')})},
                 false, 1.0);
    h.db.drain();
    REQUIRE(a.result.error);
    CHECK(a.result.error->sqlstate == "3D000");
    CHECK(a.result.error->hint.find("CREATE SCHEMA shop") != std::string::npos);
    CHECK(a.result.error->detail.find("one database") != std::string::npos);
}

TEST_CASE("restartable database: an encoding conversion says PostgreSQL in the browser has none", "[database][hints]") {
    Harness h;
    h.start();
    const auto reply = [&](const std::string& message) {
        Answer a;
        h.db.run("SELECT convert_to('é', 'LATIN1')", {}, a.callback());
        h.db.drain();
        const RequestId id = h.engine.sent.back().id;
        h.db.onReply(id, {concat({errorFields('E', {{'S', "ERROR"}, {'C', "58P01"}, {'M', message}}), ready('I')})}, false, 1.0);
        h.db.drain();
        REQUIRE(a.result.error);
        return *a.result.error;
    };
    const auto missing = reply("could not load library \"/pglite/lib/postgresql/utf8_and_iso8859_1.so\": could not load dynamic lib");
    CHECK(missing.message.rfind("could not load library", 0) == 0);   // PostgreSQL's own words stay
    CHECK(missing.detail.find("UTF-8 only") != std::string::npos);
    CHECK(missing.hint.find("encode(convert_to(") != std::string::npos);
    CHECK(reply("incompatible library \"/pglite/lib/postgresql/utf8_and_iso8859_1.so\": missing magic block").detail.find("UTF-8") !=
          std::string::npos);
    // Any other library is not about encodings.
    CHECK(reply("could not load library \"/pglite/lib/postgresql/plpgsql.so\": oops").detail.empty());
}

TEST_CASE("pg_dump requests go in turn with the scripts and answer with the dump", "[restartable][pg_dump]") {
    Harness h;
    h.start();
    RunOptions dump;
    dump.pgDump = true;
    Answer insert, dumped, refused, stopped;
    h.db.run("INSERT INTO t VALUES (1)", {}, insert.callback());
    h.db.run("pg_dump shop --table=t --clean", dump, dumped.callback());
    h.db.drain();
    CHECK(h.engine.dumps.empty());   // behind the INSERT
    h.answerLast();
    REQUIRE(h.engine.dumps.size() == 1);
    CHECK(h.engine.dumps[0].second == std::vector<std::string>{"--table=t", "--clean"});
    h.db.onPgDumpReply(h.engine.dumps[0].first, "CREATE TABLE public.t (id integer);\n", "", 12.0);
    h.db.drain();
    REQUIRE(dumped.calls == 1);
    REQUIRE(dumped.result.ok);
    CHECK(dumped.result.results[0].fields[0].name == "pg_dump");
    CHECK(dumped.result.results[0].rows.text(0, 0) == "CREATE TABLE public.t (id integer);\n");
    CHECK(h.db.journaledStatements() == 1);   // the INSERT; a dump changes nothing to replay

    // A command line pg_dump cannot take never reaches the engine; neither does one for an
    // engine without pg_dump.
    h.db.run("pg_dump --format=custom", dump, refused.callback());
    h.db.drain();
    CHECK(refused.result.error->sqlstate == "PGDMP");
    CHECK(refused.result.error->message.find("only the plain format") != std::string::npos);
    h.engine.hasPgDump = false;
    h.db.run("pg_dump", dump, refused.callback());
    h.db.drain();
    CHECK(refused.result.error->message == "pg_dump is not available for this database");
    CHECK(h.engine.dumps.size() == 1);

    // Stop answers at once; the dump's late answer is dropped.
    h.engine.hasPgDump = true;
    h.db.run("pg_dump", dump, stopped.callback());
    h.db.drain();
    REQUIRE(h.engine.dumps.size() == 2);
    h.db.cancel(h.engine.dumps[1].first);
    CHECK(stopped.result.error->sqlstate == "57014");
    h.db.onPgDumpReply(h.engine.dumps[1].first, "late", "", 1.0);
    h.db.drain();
    CHECK(stopped.calls == 1);
}
