// Race scenario files (core/race_scenario) and the timeline JSON (core/race_timeline).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/race_scenario.h"
#include "core/race_statement.h"
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

namespace {

// The scenario files a teacher writes are the parser's real input, so the fuzzer starts from
// them; kScenario stands in when the source tree is not known.
std::vector<std::string> shippedScenarios() {
    std::vector<std::string> out{kScenario};
#ifdef PGPLAY_SOURCE_DIR
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(PGPLAY_SOURCE_DIR) / "lessons" / "races";
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().extension() == ".txt") files.push_back(entry.path());
    std::sort(files.begin(), files.end());   // directory order varies; the seed's walk must not
    for (const fs::path& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        out.push_back(text.str());
    }
#endif
    return out;
}

// An upper bound on the lines the parser can see: every "\r\n", "\n" or lone "\r" starts one.
// Counted here independently of the parser's own line splitting, so a line number past the end
// of the text cannot be excused by the same mistake in both.
int linesIn(const std::string& text) {
    int lines = 1;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        if (text[i] == '\n' || text[i] == '\r') ++lines;
    }
    return lines;
}

// What must hold of any parse, whatever the input; "" when it does, else what broke.
std::string raceParseProblem(const std::string& text) {
    RaceParseResult r;
    try {
        r = parseRaceScenario(text, "fuzz.txt");
    } catch (const std::exception& e) {
        return std::string("parseRaceScenario threw: ") + e.what();
    } catch (...) {
        return "parseRaceScenario threw";
    }
    if (r.ok()) {
        if (!r.errors.empty()) return "ok() and errors together";
        const RaceScenario& s = *r.scenario;
        if (s.id.empty() || s.title.empty()) return "ok() without an id or title";
        if (s.sessions.size() < 2) return "ok() with fewer than two sessions";
        if (s.steps.empty()) return "ok() without steps";
        for (const RaceStep& step : s.steps) {
            if (std::find(s.sessions.begin(), s.sessions.end(), step.session) == s.sessions.end())
                return "step of session " + step.session + ", which is not in sessions";
            if (step.sql.empty()) return "a step with empty sql";
            if (step.line < 1 || step.line > linesIn(text)) return "a step's line is outside the text";
            // The engine classifies every step it plays, so whatever the parser lets through
            // must be classifiable without throwing.
            try {
                (void)classifyRaceStatement(step.sql);
            } catch (...) {
                return "classifyRaceStatement threw on: " + step.sql;
            }
        }
        for (const RaceCheck& check : s.checks)
            if (check.sql.empty()) return "a check with empty sql";
        return "";
    }
    if (r.errors.empty()) return "neither ok() nor any error";
    if (r.errorText().empty()) return "errors but an empty errorText()";
    for (const LessonError& e : r.errors) {
        if (e.message.empty()) return "an error without a message";
        if (e.line < 0 || e.line > linesIn(text))
            return "error line " + std::to_string(e.line) + " outside 0.." + std::to_string(linesIn(text)) + ": " +
                   e.message;
    }
    return "";
}

// Builds inputs from a fixed seed: pure noise, soups of plausible lines, and damaged real files.
class RaceFuzzer {
public:
    explicit RaceFuzzer(std::vector<std::string> seeds) : seeds_(std::move(seeds)) {}

    std::string next() {
        switch (pick(6)) {
            case 0: return noise(pick(300));
            case 1:
            case 2: return lineSoup();
            default: return mutate(seeds_[pick(seeds_.size())]);
        }
    }

private:
    size_t pick(size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng_() % n); }
    bool chance(int percent) { return static_cast<int>(rng_() % 100) < percent; }

    // Any byte at all: NUL, control characters, and bytes that are not valid UTF-8.
    std::string noise(size_t length) {
        std::string out(length, '\0');
        for (char& c : out) c = static_cast<char>(rng_() % 256);
        return out;
    }

    std::string sessionName() {
        // Valid names, a 16-character name (the longest allowed) and a 17-character one, names
        // the parser must reject, and S0..S11 so that some inputs go past the 8-session limit.
        static const char* const names[] = {"A", "B", "C", "Worker1", "Z9", "ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOPQ",
                                            "a", "1A", "A_B", "A B", "Ä"};
        if (chance(30)) return "S" + std::to_string(pick(12));
        return names[pick(sizeof names / sizeof *names)];
    }

    std::string sql() {
        static const char* const statements[] = {
            "SELECT 1", "BEGIN", "BEGIN;", "COMMIT", "ROLLBACK", "END;;", "UPDATE t SET v = v + 1 WHERE id = 1",
            "SELECT 1; SELECT 2", "", "   ", "-- only a comment", "/* open comment", "SELECT 'unterminated",
            "SELECT $$ body", "SELECT 'a;b'", "INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING",
            "SET lock_timeout = '2s'", "SET LOCAL lock_timeout TO 'nan'", "SELECT * FROM t FOR UPDATE SKIP LOCKED",
            "LOCK TABLE t IN ACCESS EXCLUSIVE MODE NOWAIT", "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d",
            "BEGIN ISOLATION LEVEL", "SET TRANSACTION", "(", ";", "SAVEPOINT s", "CREATE INDEX CONCURRENTLY ON t (v)",
            "BEGIN; -- start", "SELECT 1 -- for update", "SELECT \"unterminated"};
        std::string out = statements[pick(sizeof statements / sizeof *statements)];
        if (chance(10)) out += noise(pick(12));
        return out;
    }

    std::string line() {
        switch (pick(16)) {
            case 0: return "id: " + std::string(chance(80) ? "race-" + std::to_string(pick(99)) : "Bad_Id");
            case 1: return "title: Race " + std::to_string(pick(99));
            case 2: return "summary: " + std::string(chance(50) ? "one line" : "");
            case 3: return "setup: " + sql();
            case 4:
            case 5:
            case 6:
            case 7: return sessionName() + ": " + sql();
            case 8: return "check: " + sql();
            case 9: return "> " + std::string(chance(80) ? "some prose about the step" : "");
            case 10: return "# a comment";
            case 11: return chance(50) ? "" : "   \t";
            case 12: return chance(50) ? "just words" : ":";
            case 13: return "unknown: value";
            case 14: {
                // A very long line: a long statement, or a long run of one character.
                std::string longLine = sessionName() + ": SELECT '";
                longLine.append(2000 + pick(20000), chance(50) ? 'x' : ';');
                return longLine + "'";
            }
            default: return noise(pick(40));
        }
    }

    std::string lineSoup() {
        static const char* const endings[] = {"\n", "\r\n", "\r"};
        const bool mixedEndings = chance(20);
        const char* ending = endings[pick(3)];
        std::string out;
        // Mostly a header first, so that many soups get far enough to exercise the step checks.
        if (chance(70)) out += std::string("id: soup") + ending + "title: Soup" + ending;
        const size_t count = pick(chance(5) ? 200 : 30);
        for (size_t i = 0; i < count; ++i) {
            out += line();
            out += mixedEndings ? endings[pick(3)] : ending;
        }
        if (chance(30) && !out.empty()) out.resize(pick(out.size()));   // cut off anywhere
        return out;
    }

    std::string mutate(std::string text) {
        switch (pick(5)) {
            case 0:   // truncated, as a half-saved file
                text.resize(pick(text.size() + 1));
                return text;
            case 1: {   // CRLF endings throughout
                std::string out;
                for (char c : text) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
                return out;
            }
            case 2: {   // whole lines dropped, duplicated or moved
                std::vector<std::string> lines;
                std::istringstream in(text);
                for (std::string l; std::getline(in, l);) lines.push_back(l);
                const int edits = 1 + static_cast<int>(pick(4));
                for (int e = 0; e < edits && !lines.empty(); ++e) {
                    const size_t at = pick(lines.size());
                    switch (pick(3)) {
                        case 0: lines.erase(lines.begin() + static_cast<long>(at)); break;
                        case 1: lines.insert(lines.begin() + static_cast<long>(at), lines[at]); break;
                        default: std::swap(lines[at], lines[pick(lines.size())]); break;
                    }
                }
                std::string out;
                for (const std::string& l : lines) out += l + "\n";
                return out;
            }
            case 3: {   // plausible lines spliced in
                const int inserts = 1 + static_cast<int>(pick(4));
                for (int e = 0; e < inserts; ++e) {
                    size_t at = text.empty() ? 0 : text.find('\n', pick(text.size()));
                    at = at == std::string::npos ? text.size() : at + 1;
                    text.insert(at, line() + "\n");
                }
                return text;
            }
            default: {   // byte edits, NUL and invalid UTF-8 included
                const int edits = 1 + static_cast<int>(pick(10));
                for (int e = 0; e < edits && !text.empty(); ++e) {
                    const size_t at = pick(text.size());
                    switch (pick(4)) {
                        case 0: text.erase(at, 1 + pick(8)); break;
                        case 1: text.insert(at, noise(1 + pick(4))); break;
                        case 2: text.insert(at, chance(50) ? std::string(1, '\0') : std::string("\xc3\x28\xff")); break;
                        default: text[at] = static_cast<char>(rng_() % 256); break;
                    }
                }
                return text;
            }
        }
    }

    std::vector<std::string> seeds_;
    std::mt19937 rng_{4242};
};

}  // namespace

TEST_CASE("Race scenario reader: thousands of generated inputs keep its promises", "[race][scenario][fuzz]") {
    const std::vector<std::string> seeds = shippedScenarios();
#ifdef PGPLAY_SOURCE_DIR
    REQUIRE(seeds.size() >= 11);   // kScenario and the ten shipped races at least
#endif
    // The unmutated seeds must themselves parse, or the mutations would start from broken files.
    for (const std::string& seed : seeds) {
        const RaceParseResult r = parseRaceScenario(seed, "seed.txt");
        INFO(r.errorText());
        CHECK(r.ok());
        CHECK(raceParseProblem(seed) == "");
    }

    RaceFuzzer fuzzer(seeds);
    int failures = 0, parsed = 0, refused = 0;
    for (int i = 0; i < 20000; ++i) {
        const std::string text = fuzzer.next();
        const std::string problem = raceParseProblem(text);
        if (!problem.empty() && ++failures <= 5) {
            // Only the first few failures are reported in full: one is enough to reproduce it.
            INFO("input " << i << " (" << text.size() << " bytes):\n" << text.substr(0, 2000));
            CHECK(problem == "");
        }
        (parseRaceScenario(text, "fuzz.txt").ok() ? parsed : refused)++;
    }
    CHECK(failures == 0);
    // A fuzzer whose inputs all fail (or all pass) tests only half the parser.
    CHECK(parsed > 100);
    CHECK(refused > 100);
}

TEST_CASE("A race step's statement is cut the way psql cuts it", "[race][scenario]") {
    // A final ';' and a comment after it are not part of the statement the engine runs.
    RaceParseResult r = parseRaceScenario("id: x\ntitle: X\nA: BEGIN; -- start\nB: SELECT 1 ;\ncheck: SELECT 2; -- end\n",
                                          "x.txt");
    INFO(r.errorText());
    REQUIRE(r.ok());
    CHECK(r.scenario->steps[0].sql == "BEGIN");
    CHECK(r.scenario->steps[1].sql == "SELECT 1");
    CHECK(r.scenario->checks[0].sql == "SELECT 2");
    CHECK(r.scenario->setupLines.empty());
    CHECK(classifyRaceStatement(r.scenario->steps[0].sql).kind == RaceStatementKind::Begin);
}
