// RestartableDatabase on a real PostgreSQL server: the browser's own request queue, Stop,
// restart, journal replay and watchdog, with a raw wire connection playing PGlite. Restarting
// this engine means what it means in the browser: the old session is gone, and a fresh, empty
// database takes its place (PGlite starts from initdb), so only the replay can bring work back.
#include "pg_fixture.h"

#include <unistd.h>

#include <memory>

#include "core/lesson_checker.h"
#include "core/lesson_parser.h"
#include "core/restartable_database.h"
#include "core/script_batches.h"
#include "raw_connection.h"

using namespace pgplay;

namespace {

class ServerEngine final : public EngineTransport {
public:
    ServerEngine() : admin_(pgtest::conninfo()), name_("pgplay_restart_" + std::to_string(getpid())) { fresh(); }
    ~ServerEngine() override {
        connection_.reset();
        admin_.run("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)", RunOptions{}, [](QueryResult) {});
    }

    RestartableDatabase* db = nullptr;
    bool holdNext = false;   // the next script "runs forever": it is never answered
    int restarts = 0;

    void send(RequestId id, const std::vector<uint8_t>& packed, size_t count) override {
        if (holdNext) {
            holdNext = false;
            return;
        }
        std::vector<wire::Bytes> replies;
        for (const wire::Bytes& batch : unpackReplies(packed.data(), packed.size(), count)) {
            bool hadError = false;
            replies.push_back(connection_->exchange(batch, hadError));
            if (hadError) break;
        }
        db->onReply(id, std::move(replies), true, 1.0);
    }

    void restart() override {
        ++restarts;
        fresh();
        db->onReady("restarted");
    }

private:
    void fresh() {
        connection_.reset();
        QueryResult r = pgtest::run(admin_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
        REQUIRE(r.ok);
        r = pgtest::run(admin_, "CREATE DATABASE " + name_);
        REQUIRE(r.ok);
        connection_ = std::make_unique<pgtest::RawConnection>(pgtest::conninfo() + " dbname=" + name_);
    }

    PqDatabase admin_;
    std::string name_;
    std::unique_ptr<pgtest::RawConnection> connection_;
};

struct Rig {
    ServerEngine engine;
    double now = 0;
    RestartableDatabase db{engine, [this] { return now; }};
    Rig() {
        engine.db = &db;
        db.onReady("15");
        db.drain();
    }
    // Runs a script to its answer (the engine answers inside send(); drain() delivers).
    QueryResult run(const std::string& sql, RunOptions options = {}) {
        QueryResult out;
        int calls = 0;
        db.run(sql, options, [&](QueryResult r) {
            ++calls;
            out = std::move(r);
        });
        for (int i = 0; i < 10 && calls == 0; ++i) db.drain();
        REQUIRE(calls == 1);
        return out;
    }
    void settle() {
        for (int i = 0; i < 10; ++i) db.drain();
    }
};

}  // namespace

TEST_CASE("Stop on a real server: committed rows come back, the open transaction does not", "[restartable][pg]") {
    Rig rig;
    REQUIRE(rig.run("CREATE TABLE accounts (id int PRIMARY KEY, balance int); "
                    "INSERT INTO accounts VALUES (1, 100), (2, 50)").ok);
    REQUIRE(rig.run("BEGIN; UPDATE accounts SET balance = 0 WHERE id = 1; INSERT INTO accounts VALUES (3, 7)").ok);

    rig.engine.holdNext = true;
    QueryResult stopped;
    RequestId id = rig.db.run("SELECT pg_sleep(600)", {}, [&](QueryResult r) { stopped = std::move(r); });
    rig.db.drain();
    rig.db.cancel(id);
    REQUIRE(stopped.error);
    CHECK(stopped.error->sqlstate == "57014");
    CHECK(rig.engine.restarts == 1);
    rig.settle();
    CHECK(rig.db.status().state == DatabaseState::Ready);
    CHECK(rig.db.status().message == "restored your 2 committed statements after Stop");

    QueryResult after = rig.run("SELECT id, balance FROM accounts ORDER BY id");
    REQUIRE(after.ok);
    REQUIRE(after.results[0].rows.rowCount() == 2);
    CHECK(after.results[0].rows.text(0, 1) == "100");   // the open transaction's update was rolled back
    CHECK(after.transactionStatus == "I");
}

TEST_CASE("The watchdog on a real server: a script that never answers is stopped, work is kept", "[restartable][pg][watchdog]") {
    Rig rig;
    REQUIRE(rig.run("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('yes')").ok);
    rig.engine.holdNext = true;
    RunOptions limited;
    limited.timeoutMs = 500;
    QueryResult timedOut;
    rig.db.run("WITH RECURSIVE r AS (SELECT 1 UNION ALL SELECT 1 FROM r) SELECT count(*) FROM r", limited,
               [&](QueryResult r) { timedOut = std::move(r); });
    rig.db.drain();
    rig.now = 499;
    rig.db.drain();
    CHECK_FALSE(timedOut.error);
    rig.now = 500;
    rig.settle();
    REQUIRE(timedOut.error);
    CHECK(timedOut.error->message == "canceling statement due to statement timeout");
    QueryResult after = rig.run("SELECT v FROM kept");
    REQUIRE(after.ok);
    CHECK(after.results[0].rows.text(0, 0) == "yes");
}

TEST_CASE("Lesson checks through the browser's database on a real server: verdicts, a bounded journal, Stop", "[restartable][pg][lesson]") {
    LessonParseResult parsed = parseLesson(R"(---
id: accounts
title: Accounts
---
## Setup
```sql
CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL);
INSERT INTO accounts VALUES (1, 100), (2, 50);
```
## Step: move money
Move 30 from account 1 to account 2.
### Solution
```sql
UPDATE accounts SET balance = balance - 30 WHERE id = 1;
UPDATE accounts SET balance = balance + 30 WHERE id = 2;
```
### Check: state
```sql
SELECT array_agg(balance ORDER BY id) = '{70,80}' FROM accounts;
```
The balances should end at 70 and 80.
)", "lessons/accounts.md");
    REQUIRE(parsed.ok());
    Rig rig;
    auto grade = [&](const std::string& sql) {
        Verdict verdict;
        int calls = 0;
        checkStep(rig.db, *parsed.lesson, 0, sql, [&](Verdict v) {
            ++calls;
            verdict = std::move(v);
        });
        for (int i = 0; i < 100 && calls == 0; ++i) rig.db.drain();
        REQUIRE(calls == 1);
        return verdict;
    };
    const std::string right = "UPDATE accounts SET balance = balance + CASE id WHEN 1 THEN -30 ELSE 30 END";
    CHECK(grade(right).pass);
    const size_t journal = rig.db.journaledStatements();
    for (int i = 0; i < 10; ++i) CHECK_FALSE(grade("UPDATE accounts SET balance = 0").pass);
    CHECK(grade(right).pass);
    CHECK(rig.db.journaledStatements() == journal);   // every check starts the journal afresh

    // Stop now brings back the step's state plus the learner's last answer, nothing else.
    rig.engine.holdNext = true;
    RequestId id = rig.db.run("SELECT pg_sleep(600)", {}, [](QueryResult) {});
    rig.db.drain();
    rig.db.cancel(id);
    rig.settle();
    QueryResult after = rig.run("SELECT array_agg(balance ORDER BY id)::text FROM accounts");
    REQUIRE(after.ok);
    CHECK(after.results[0].rows.text(0, 0) == "{70,80}");
}
