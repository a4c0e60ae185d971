// The many-clients race (core/race_clients): N clients adding 1 to one counter K times under
// four strategies. The engine plays them on one connection; the statements it issued, in its
// order, are then played on the real server with one connection per client, and the two
// timelines must be identical, as for every other race.
#include "pg_fixture.h"

#include <filesystem>
#include <fstream>
#include <future>

#include "core/race_clients.h"
#include "core/race_player.h"
#include "race_on_server.h"

using namespace pgplay;

namespace {

struct ClientsRun {
    ClientsOutcome outcome;
    RaceScenario played;   // the statements the schedule issued, as a fixed scenario
    RaceTimeline timeline;
};

ClientsRun playClients(ClientStrategy strategy, int clients, int increments) {
    pgtest::ThrowawayDatabase db("raceclients");
    ClientsSchedule schedule(strategy, clients, increments);
    RaceEngine engine(schedule.scenario(), false, [&](const RaceEngine& e) { return schedule.next(e); });
    engine.letFirstWaiterWin();
    playRaceSync(engine, [&](const std::string& script) { return pgtest::run(*db.db, script); });
    ClientsRun out{schedule.outcome(engine), engine.scenario(), engine.timeline()};
    INFO(clientStrategyName(strategy) << ": " << (engine.failure() ? engine.failure()->message : "ok"));
    REQUIRE_FALSE(engine.failure());
    return out;
}

}  // namespace

TEST_CASE("Many clients: each strategy's totals", "[race][clients]") {
    constexpr int kClients = 4, kIncrements = 3;
    std::vector<ClientsRun> runs;
    for (ClientStrategy s : kClientStrategies) runs.push_back(playClients(s, kClients, kIncrements));
    const ClientsOutcome& rmw = runs[0].outcome;
    CHECK(rmw.expected == 12);
    REQUIRE(rmw.final);
    CHECK(*rmw.final < 12);   // updates are lost
    CHECK(rmw.waits > 0);     // the writers queue on the row lock, and still overwrite
    CHECK(runs[1].outcome.final == 12);   // atomic
    CHECK(runs[1].outcome.retries == 0);
    CHECK(runs[2].outcome.final == 12);   // FOR UPDATE
    CHECK(runs[2].outcome.waits > 0);
    CHECK(runs[3].outcome.final == 12);   // SERIALIZABLE with retries
    CHECK(runs[3].outcome.retries > 0);
    for (const ClientsRun& r : runs) CHECK(r.outcome.retries + r.outcome.waits <= r.outcome.statements);
}

// With two clients at most one waits, so the order is no race: the server must agree exactly.
TEST_CASE("Many clients: two clients give the real server's timeline, statement for statement", "[race][clients]") {
    constexpr int kClients = 2, kIncrements = 3;
    std::vector<ClientsRun> runs;
    for (ClientStrategy s : kClientStrategies) runs.push_back(playClients(s, kClients, kIncrements));
    CHECK(*runs[0].outcome.final < 6);
    CHECK(runs[3].outcome.retries > 0);

    // The server, one connection per client, the same statements in the same order.
    std::vector<std::unique_ptr<pgtest::ThrowawayDatabase>> dbs;
    for (size_t i = 0; i < runs.size(); ++i) dbs.push_back(std::make_unique<pgtest::ThrowawayDatabase>("raceclients" + std::to_string(i)));
    std::vector<std::future<pgtest::ServerPlay>> onServer;
    for (size_t i = 0; i < runs.size(); ++i)
        onServer.push_back(std::async(std::launch::async, [&, i] { return pgtest::playOnServer(runs[i].played, dbs[i]->sessionConninfo()); }));
    for (size_t i = 0; i < runs.size(); ++i) {
        pgtest::ServerPlay server = onServer[i].get();
        INFO(clientStrategyName(runs[i].outcome.strategy));
        INFO("server: " << server.invalid);
        const std::filesystem::path dir = std::filesystem::path(PGPLAY_SOURCE_DIR) / "build" / "test-artifacts" / "races";
        std::filesystem::create_directories(dir);
        std::ofstream(dir / ("clients-" + std::to_string(i) + "-engine.json")) << raceTimelineJson(runs[i].timeline) << "\n";
        std::ofstream(dir / ("clients-" + std::to_string(i) + "-server.json")) << raceTimelineJson(server.timeline) << "\n";
        REQUIRE(server.invalid.empty());
        REQUIRE_FALSE(server.unfinished);
        CHECK(raceTimelineJson(runs[i].timeline) == raceTimelineJson(server.timeline));
    }
}

TEST_CASE("Many clients in the race player: four runs, one after another", "[race][clients]") {
    pgtest::ThrowawayDatabase db("raceclientsplayer");
    RacePlayer player(*db.db);
    player.runClients(4, 5);
    REQUIRE_FALSE(player.clientsRunning());
    REQUIRE(player.clientsOutcomes().size() == 4);
    for (const ClientsOutcome& o : player.clientsOutcomes()) {
        INFO(clientStrategyName(o.strategy) << " " << o.failure.value_or(""));
        CHECK_FALSE(o.failure);
        CHECK(o.expected == 20);
        CHECK(o.ms >= 0);
    }
    CHECK(player.clientsOutcomes()[1].final == 20);
    CHECK(player.clientsOutcomes()[0].final < 20);
}
