// The race engine (core/race_engine) on one connection to the real server, against the same
// scenario played with one real connection per session (race_on_server). The two timelines
// must be identical: results, who waits, when each wait ends, who gets the serialization or
// deadlock error, and the final values.
#include "pg_fixture.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/race_engine.h"
#include "race_on_server.h"

namespace fs = std::filesystem;
using namespace pgplay;

namespace {

std::vector<RaceScenario> shipped() {
    std::vector<RaceScenario> out;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(fs::path(PGPLAY_SOURCE_DIR) / "lessons" / "races"))
        if (entry.path().extension() == ".txt") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        RaceParseResult parsed = parseRaceScenario(text.str(), file.filename().string());
        INFO(parsed.errorText());
        REQUIRE(parsed.ok());
        out.push_back(*parsed.scenario);
    }
    return out;
}

struct EngineRun {
    RaceTimeline timeline;
    std::optional<RaceFailure> failure;
};

// The engine over one connection to a database of its own, as it runs over PGlite.
EngineRun playWithEngine(const RaceScenario& scenario) {
    pgtest::ThrowawayDatabase db("raceengine");
    RaceEngine engine(scenario);
    playRaceSync(engine, [&](const std::string& script) { return pgtest::run(*db.db, script); });
    return {engine.timeline(), engine.failure()};
}

}  // namespace

TEST_CASE("The race engine plays every shipped scenario as the real server does", "[race][engine]") {
    for (const RaceScenario& scenario : shipped()) {
        INFO("scenario " << scenario.id);
        const EngineRun engine = playWithEngine(scenario);
        INFO("engine failure: " << (engine.failure ? engine.failure->message : std::string("none")));
        REQUIRE_FALSE(engine.failure);
        const RaceTimeline server = pgtest::playOnServer(scenario);
        CHECK(raceTimelineJson(engine.timeline) == raceTimelineJson(server));
    }
}
