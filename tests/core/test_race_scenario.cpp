// Race scenario files (core/race_scenario) and the timeline JSON (core/race_timeline).
#include <catch2/catch.hpp>

#include <random>

#include "core/race_scenario.h"
#include "core/race_timeline.h"

using namespace pgplay;

namespace {

const char* kScenario = R"(# a comment
id: lost-update
title: Lost update
summary: one line
> Intro, first line,
> and its second line.
setup: CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 100)
setup: CREATE INDEX ON t (v)

A: BEGIN
B: BEGIN;
A: SELECT v FROM t WHERE id = 1   -- reads 100
> A reads 100.
B: UPDATE t SET v = 'a;b' WHERE id = 1
Worker2: SELECT 1
check: SELECT v FROM t
> Only one write counts.
)";

std::string errorsOf(const std::string& text) {
    RaceParseResult r = parseRaceScenario(text, "races/x.txt");
    CHECK_FALSE(r.ok());
    return r.errorText();
}

const std::string kHeader = "id: x\ntitle: X\n";

}  // namespace

TEST_CASE("A race scenario file: header, setup, steps, checks and their prose", "[race][scenario]") {
    RaceParseResult r = parseRaceScenario(kScenario, "races/01.txt");
    INFO(r.errorText());
    REQUIRE(r.ok());
    const RaceScenario& s = *r.scenario;
    CHECK(s.id == "lost-update");
    CHECK(s.title == "Lost update");
    CHECK(s.summary == "one line");
    CHECK(s.intro == "Intro, first line, and its second line.");
    CHECK(s.setup == std::vector<std::string>{"CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 100)",
                                              "CREATE INDEX ON t (v)"});
    REQUIRE(s.steps.size() == 5);
    CHECK(s.steps[1].sql == "BEGIN");   // the trailing ';' goes
    CHECK(s.steps[2].sql == "SELECT v FROM t WHERE id = 1   -- reads 100");
    CHECK(s.steps[2].explanation == "A reads 100.");
    CHECK(s.steps[2].line == 12);
    CHECK(s.steps[3].sql == "UPDATE t SET v = 'a;b' WHERE id = 1");   // ';' inside a string is one statement
    CHECK(s.sessions == std::vector<std::string>{"A", "B", "Worker2"});
    REQUIRE(s.checks.size() == 1);
    CHECK(s.checks[0].sql == "SELECT v FROM t");
    CHECK(s.checks[0].explanation == "Only one write counts.");
}

TEST_CASE("A malformed race scenario gets every error with its line", "[race][scenario]") {
    CHECK(errorsOf("title: X\nA: SELECT 1\nB: SELECT 2\n") == "races/x.txt: the scenario has no \"id:\" line\n");
    CHECK(errorsOf("id: Bad_Id\ntitle: X\nA: SELECT 1\nB: SELECT 2\n").find("races/x.txt:1: id:") == 0);
    CHECK(errorsOf(kHeader) == "races/x.txt: the scenario has no session statements (lines like \"A: BEGIN\")\n");
    CHECK(errorsOf(kHeader + "A: SELECT 1\nA: SELECT 2\n") ==
          "races/x.txt:3: a race needs at least two sessions; only A has statements\n");
    CHECK(errorsOf(kHeader + "A: SELECT 1; SELECT 2\nB: SELECT 3\n") ==
          "races/x.txt:3: A: one statement a line (this one holds 2)\n");
    CHECK(errorsOf(kHeader + "A:\nB: SELECT 3\n").find("races/x.txt:3: A: needs a statement") == 0);
    CHECK(errorsOf(kHeader + "A: -- nothing\nB: SELECT 3\n").find("races/x.txt:3: A: holds only a comment") == 0);
    CHECK(errorsOf(kHeader + "a: SELECT 1\nB: SELECT 2\n").find("races/x.txt:3: unknown line \"a:\"") == 0);
    CHECK(errorsOf(kHeader + "A: SELECT 1\nB: SELECT 2\nsetup: SELECT 3\n") ==
          "races/x.txt:5: setup: lines come before the first session statement\n");
    CHECK(errorsOf(kHeader + "A: SELECT 1\nB: SELECT 2\ncheck: SELECT 3\nA: SELECT 4\n") ==
          "races/x.txt:6: session statements come before the check: lines\n");
    CHECK(errorsOf(kHeader + "just words\nA: SELECT 1\nB: SELECT 2\n").find("races/x.txt:3: expected") == 0);
    CHECK(errorsOf(kHeader + "title: Again\nA: SELECT 1\nB: SELECT 2\n") == "races/x.txt:3: title: appears twice\n");
    CHECK(errorsOf(kHeader + std::string("A: SELECT 1\0\nB: SELECT 2\n", 26)).find("NUL") != std::string::npos);
    // Everything wrong at once is reported at once.
    RaceParseResult many = parseRaceScenario("x\ny\nA: SELECT 1; SELECT 2\n", "f");
    CHECK(many.errors.size() == 6);   // two bad lines, two statements, no id, no title, one session
}

TEST_CASE("Race scenario reader: random and mutated input never crashes", "[race][scenario][fuzz]") {
    std::mt19937 rng(20261127);
    const std::string base = kScenario;
    const std::string alphabet = "AB:;>#\n '\"$-ck setup check id title \x01\xff\xc3\xa9";
    for (int i = 0; i < 3000; ++i) {
        std::string text = base;
        const int edits = 1 + static_cast<int>(rng() % 8);
        for (int e = 0; e < edits && !text.empty(); ++e) {
            const size_t at = rng() % text.size();
            switch (rng() % 3) {
                case 0: text.erase(at, 1 + rng() % 5); break;
                case 1: text.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
                default: text[at] = static_cast<char>(rng() % 256); break;
            }
        }
        RaceParseResult r = parseRaceScenario(text, "fuzz.txt");
        CHECK((r.ok() != !r.errors.empty()));
    }
}

TEST_CASE("The race timeline prints in the documented JSON shape", "[race][timeline]") {
    RaceTimeline t;
    RaceStepOutcome a;
    a.step = 0;
    a.who = "A";
    a.sql = "SELECT v FROM t";
    a.result = "100";
    RaceStepOutcome b;
    b.step = 1;
    b.who = "B";
    b.sql = "UPDATE t SET v = 1";
    b.result = "UPDATE 1";
    b.blocked = true;
    b.releasedAfter = 2;
    RaceStepOutcome c;
    c.step = 2;
    c.who = "A";
    c.sql = "SELECT NULL";
    t.steps = {a, b, c};
    t.checks = {{"SELECT v FROM t", std::string("130")}};
    CHECK(raceTimelineJson(t) ==
          R"([{"step":0,"who":"A","sql":"SELECT v FROM t","result":"100"},)"
          R"({"step":1,"who":"B","sql":"UPDATE t SET v = 1","result":"UPDATE 1","blocked":true,"released_after":2},)"
          R"({"step":2,"who":"A","sql":"SELECT NULL","result":null},{"check":"SELECT v FROM t","value":"130"}])");

    QueryResult failed = makeErrorResult("40001", "could not serialize access");
    CHECK(raceResultValue(failed) == "ERROR 40001");
}
