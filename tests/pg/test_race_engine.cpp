// The race engine (core/race_engine) on one connection to the real server, against the same
// scenario played with one real connection per session (race_on_server). The two timelines
// must be identical: results, who waits, when each wait ends, who gets the serialization or
// deadlock error, and the final values.
#include "pg_fixture.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include <libpq-fe.h>

#include "core/race_engine.h"
#include "race_on_server.h"
#include "race_variants.h"

namespace fs = std::filesystem;
using namespace pgplay;

namespace {

// The scenarios in a folder of the repository, in file name order.
std::vector<RaceScenario> scenariosIn(const std::string& folder) {
    std::vector<RaceScenario> out;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(fs::path(PGPLAY_SOURCE_DIR) / folder))
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

std::vector<RaceScenario> shipped() { return scenariosIn("lessons/races"); }

// Scenarios made for the tests: the corners the shipped ones do not reach (autocommit writers,
// FOR SHARE, DELETE, LOCK TABLE, lock_timeout, upserts, a three-way deadlock).
std::vector<RaceScenario> testOnly() { return scenariosIn("tests/pg/races"); }

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

// Each scenario through the engine, then on the server: the same timeline, or the test fails.
void expectServerTimelines(const std::vector<RaceScenario>& scenarios) {
    for (const RaceScenario& scenario : scenarios) {
        INFO("scenario " << scenario.id);
        const EngineRun engine = playWithEngine(scenario);
        INFO("engine failure: " << (engine.failure ? engine.failure->message : std::string("none")));
        REQUIRE_FALSE(engine.failure);
        const RaceTimeline server = pgtest::playOnServer(scenario);
        CHECK(raceTimelineJson(engine.timeline) == raceTimelineJson(server));
    }
}

}  // namespace

TEST_CASE("The race engine plays every shipped scenario as the real server does", "[race][engine]") {
    expectServerTimelines(shipped());
}

namespace {

// Empties a database between two plays (raw libpq: this runs on worker threads).
void resetDatabase(const std::string& conninfo) {
    PGconn* c = PQconnectdb(conninfo.c_str());
    PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);   // "drop cascades to ..." is not news
    PGresult* r = PQexec(c, "DROP SCHEMA IF EXISTS pgplay_race CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    const std::string error = PQerrorMessage(c);
    PQclear(r);
    PQfinish(c);
    if (!ok) throw std::runtime_error("resetting the race database: " + error);
}

struct VariantOutcome {
    pgtest::ServerPlay server;
    RaceTimeline engine;
    std::optional<RaceFailure> failure;
    std::string error;   // the server could not be used
};

VariantOutcome playBoth(const RaceScenario& scenario, const std::string& conninfo) {
    VariantOutcome out;
    try {
        resetDatabase(conninfo);
        out.server = pgtest::playOnServer(scenario, conninfo);
        resetDatabase(conninfo);
        PqDatabase db(conninfo);
        RaceEngine engine(scenario);
        playRaceSync(engine, [&](const std::string& script) {
            QueryResult result;
            db.run(script, RunOptions{}, [&](QueryResult r) { result = std::move(r); });
            return result;
        });
        out.engine = engine.timeline();
        out.failure = engine.failure();
    } catch (const std::exception& e) {
        out.error = e.what();
    }
    return out;
}

}  // namespace

TEST_CASE("The race engine plays the test-only scenarios as the real server does", "[race][engine]") {
    expectServerTimelines(testOnly());
}

// The pace makes the server slow to play (each wait settles for over a second), so the variants
// are played on several databases at once.
TEST_CASE("Generated interleavings: the engine matches the real server or refuses", "[race][engine][generated]") {
    std::vector<pgtest::RaceVariant> variants;
    std::vector<RaceScenario> bases = shipped();
    for (RaceScenario& s : testOnly()) bases.push_back(std::move(s));
    for (const RaceScenario& scenario : bases)
        for (pgtest::RaceVariant& v : pgtest::raceVariants(scenario, 5, 7)) variants.push_back(std::move(v));

    constexpr size_t kParallel = 12;
    std::vector<std::unique_ptr<pgtest::ThrowawayDatabase>> databases;
    for (size_t i = 0; i < kParallel; ++i)
        databases.push_back(std::make_unique<pgtest::ThrowawayDatabase>("racegen" + std::to_string(i)));
    std::vector<VariantOutcome> outcomes(variants.size());
    std::atomic<size_t> next{0};
    std::vector<std::thread> workers;
    for (size_t w = 0; w < kParallel; ++w)
        workers.emplace_back([&, w] {
            for (size_t i = next++; i < variants.size(); i = next++)
                outcomes[i] = playBoth(variants[i].scenario, databases[w]->sessionConninfo());
        });
    for (std::thread& t : workers) t.join();

    size_t matched = 0, invalid = 0;
    std::map<std::string, std::vector<std::string>> refusals;   // message -> variants
    for (size_t i = 0; i < variants.size(); ++i) {
        const VariantOutcome& o = outcomes[i];
        INFO(variants[i].name);
        REQUIRE(o.error.empty());
        if (!o.server.invalid.empty()) {
            // The server shows that a session was given a statement while it waited: the engine
            // must have seen the same wait.
            ++invalid;
            INFO("server: " << o.server.invalid);
            REQUIRE(o.failure);
            CHECK(o.failure->message.find("still waits") != std::string::npos);
            continue;
        }
        if (o.failure) {
            INFO(o.failure->message);
            REQUIRE(o.failure->kind == RaceFailure::Kind::Refused);
            std::string why = o.failure->message.substr(o.failure->message.find("): ") + 3);
            refusals[why].push_back(variants[i].name);
            continue;
        }
        RaceTimeline server = o.server.timeline;
        RaceTimeline engine = o.engine;
        if (o.server.unfinished) server.checks.clear(), engine.checks.clear();   // the ending is a race itself
        CHECK(raceTimelineJson(engine) == raceTimelineJson(server));
        ++matched;
    }
    std::ostringstream summary;
    summary << variants.size() << " generated interleavings: " << matched << " played identically by the engine and "
            << "the server, " << invalid << " impossible (a session given a statement while it waits; the engine "
            << "saw the same wait), " << (variants.size() - matched - invalid) << " refused by the engine:\n";
    for (const auto& [why, names] : refusals) {
        summary << "  " << names.size() << " x " << why << "\n";
        for (const std::string& n : names) summary << "      " << n << "\n";
    }
    fs::path dir = fs::path(PGPLAY_SOURCE_DIR) / "build" / "test-artifacts" / "races";
    fs::create_directories(dir);
    std::ofstream(dir / "generated.txt") << summary.str();
    WARN(summary.str());
}

// Plays one scenario file through the engine and prints every script and its result:
// RACE_FILE=path/to/scenario.txt pg_tests "[.trace]"
TEST_CASE("Trace the engine on one scenario file", "[.trace]") {
    const char* file = std::getenv("RACE_FILE");
    REQUIRE(file);
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    RaceParseResult parsed = parseRaceScenario(text.str(), file);
    INFO(parsed.errorText());
    REQUIRE(parsed.ok());
    pgtest::ThrowawayDatabase db("racetrace");
    RaceEngine engine(*parsed.scenario);
    playRaceSync(engine, [&](const std::string& script) {
        QueryResult r = pgtest::run(*db.db, script);
        std::cout << "---- " << script << "\n";
        for (const StatementResult& s : r.results) {
            std::cout << "  " << s.tag;
            for (size_t row = 0; row < s.rows.rowCount(); ++row) {
                std::cout << " [";
                for (size_t c = 0; c < s.rows.columnCount(); ++c) std::cout << (c ? " " : "") << s.rows.text(row, c);
                std::cout << "]";
            }
            std::cout << "\n";
        }
        if (r.error) std::cout << "  ERROR " << r.error->sqlstate << " " << r.error->message << "\n";
        return r;
    });
    std::cout << raceTimelineJson(engine.timeline()) << "\n" << (engine.failure() ? engine.failure()->message : "") << "\n";
}
