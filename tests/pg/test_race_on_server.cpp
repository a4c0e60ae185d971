// Every shipped race scenario (lessons/races/*.txt) played on the real PostgreSQL server. These
// timelines are the truth the race engine must reproduce; here they also check that each
// scenario shows what its prose says. Each timeline is written to
// build/test-artifacts/races/<id>.json for reading and for comparing with the engine.
#include "pg_fixture.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "race_on_server.h"

namespace fs = std::filesystem;
using namespace pgplay;

namespace {

std::map<std::string, RaceScenario> shippedScenarios() {
    std::map<std::string, RaceScenario> out;
    for (const auto& entry : fs::directory_iterator(fs::path(PGPLAY_SOURCE_DIR) / "lessons" / "races")) {
        if (entry.path().extension() != ".txt") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        RaceParseResult parsed = parseRaceScenario(text.str(), entry.path().filename().string());
        INFO(parsed.errorText());
        REQUIRE(parsed.ok());
        out[parsed.scenario->id] = *parsed.scenario;
    }
    return out;
}

RaceTimeline play(const std::string& id) {
    static const std::map<std::string, RaceScenario> scenarios = shippedScenarios();
    auto it = scenarios.find(id);
    REQUIRE(it != scenarios.end());
    RaceTimeline t = pgtest::playOnServer(it->second);
    const std::string json = raceTimelineJson(t);
    fs::path dir = fs::path(PGPLAY_SOURCE_DIR) / "build" / "test-artifacts" / "races";
    fs::create_directories(dir);
    std::ofstream(dir / (id + ".json")) << json << "\n";
    INFO(json);
    REQUIRE(t.steps.size() == it->second.steps.size());
    return t;
}

// One step's outcome as "R", "R blocked until N" (N: the step after which it finished).
std::string shown(const RaceStepOutcome& s) {
    std::string out = s.result ? *s.result : "NULL";
    if (s.blocked) out += " blocked until " + (s.releasedAfter ? std::to_string(*s.releasedAfter) : std::string("the end"));
    return out;
}

std::vector<std::string> shownSteps(const RaceTimeline& t) {
    std::vector<std::string> out;
    for (const RaceStepOutcome& s : t.steps) out.push_back(shown(s));
    return out;
}

using Steps = std::vector<std::string>;

}  // namespace

TEST_CASE("Every shipped race scenario parses", "[race][scenario]") {
    CHECK(shippedScenarios().size() >= 10);
}

TEST_CASE("Race on a real server: lost update", "[race][server]") {
    RaceTimeline t = play("lost-update");
    CHECK(shownSteps(t) == Steps{"BEGIN", "BEGIN", "100", "100", "UPDATE 1", "UPDATE 1 blocked until 6", "COMMIT", "COMMIT"});
    CHECK(t.checks.at(0).value == "130");
}

TEST_CASE("Race on a real server: atomic update", "[race][server]") {
    RaceTimeline t = play("atomic-update");
    CHECK(shownSteps(t) == Steps{"BEGIN", "BEGIN", "UPDATE 1", "UPDATE 1 blocked until 4", "COMMIT", "COMMIT"});
    CHECK(t.checks.at(0).value == "150");
}

TEST_CASE("Race on a real server: SELECT ... FOR UPDATE", "[race][server]") {
    RaceTimeline t = play("select-for-update");
    CHECK(shownSteps(t) ==
          Steps{"BEGIN", "BEGIN", "100", "120 blocked until 5", "UPDATE 1", "COMMIT", "UPDATE 1", "COMMIT"});
    CHECK(t.checks.at(0).value == "150");
}

TEST_CASE("Race on a real server: the Read Committed re-check", "[race][server]") {
    RaceTimeline t = play("read-committed-recheck");
    CHECK(shownSteps(t) == Steps{"BEGIN", "BEGIN", "UPDATE 1", "UPDATE 0 blocked until 4", "COMMIT", "COMMIT"});
    CHECK(t.checks.at(0).value == "20");
}

TEST_CASE("Race on a real server: REPEATABLE READ", "[race][server]") {
    RaceTimeline t = play("repeatable-read");
    CHECK(shownSteps(t) == Steps{"BEGIN", "BEGIN", "100", "100", "UPDATE 1", "ERROR 40001 blocked until 6", "COMMIT",
                                 "ROLLBACK", "BEGIN", "120", "UPDATE 1", "COMMIT"});
    CHECK(t.checks.at(0).value == "150");
}

TEST_CASE("Race on a real server: SERIALIZABLE write skew", "[race][server]") {
    RaceTimeline t = play("serializable-write-skew");
    CHECK(shownSteps(t) == Steps{"BEGIN", "BEGIN", "2", "2", "UPDATE 1", "UPDATE 1", "COMMIT", "ERROR 40001"});
    CHECK(t.checks.at(0).value == "1");
}

TEST_CASE("Race on a real server: deadlock", "[race][server]") {
    RaceTimeline t = play("deadlock");
    CHECK(shownSteps(t) == Steps{"BEGIN", "BEGIN", "UPDATE 1", "UPDATE 1", "UPDATE 1 blocked until 5",
                                 "ERROR 40P01 blocked until 5", "ROLLBACK", "COMMIT"});
    CHECK(t.checks.at(0).value == "1=90 2=110");
}

TEST_CASE("Race on a real server: SKIP LOCKED job queue and NOWAIT", "[race][server]") {
    RaceTimeline t = play("skip-locked-queue");
    CHECK(shownSteps(t) == Steps{"BEGIN", "BEGIN", "1", "2", "ERROR 55P03", "UPDATE 1", "UPDATE 1", "COMMIT", "COMMIT"});
    CHECK(t.checks.at(0).value == "1:A 2:B 3:-");
}

TEST_CASE("Race on a real server: unique insert", "[race][server]") {
    RaceTimeline t = play("unique-insert");
    CHECK(shownSteps(t) == Steps{"BEGIN", "BEGIN", "INSERT 0 1", "ERROR 23505 blocked until 4", "COMMIT", "ROLLBACK"});
    CHECK(t.checks.at(0).value == "1");
}

TEST_CASE("Race on a real server: a migration's lock queue", "[race][server]") {
    RaceTimeline t = play("migration-lock");
    CHECK(shownSteps(t) == Steps{"BEGIN", "2", "ALTER TABLE blocked until 4", "2 blocked until 4", "COMMIT"});
    CHECK(t.checks.at(0).value == "1");
}
