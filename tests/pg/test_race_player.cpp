// The race view's model (core/race_player) over a real server connection: what the lanes show
// at each position, choosing who goes next, editing a statement, and the tables after a step.
#include "pg_fixture.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/race_player.h"

namespace fs = std::filesystem;
using namespace pgplay;

namespace {

struct PlayerDb {
    pgtest::ThrowawayDatabase db{"raceplayer"};
    int starts = 0;
    RacePlayer player{*db.db, [this] { ++starts; }};
    PlayerDb() {
        for (const char* name : {"01-lost-update.txt", "07-deadlock.txt"}) {
            std::ifstream in(fs::path(PGPLAY_SOURCE_DIR) / "lessons" / "races" / name, std::ios::binary);
            std::stringstream text;
            text << in.rdbuf();
            player.addScenarioFile(name, text.str());
        }
        REQUIRE(player.fileErrors().empty());
    }
};

std::string balanceNow(const RacePlayer& p) {
    const RaceStepSnapshot* s = p.snapshotNow();
    REQUIRE(s);
    REQUIRE(s->tables.size() == 1);
    REQUIRE(s->tables[0].name == "accounts");
    std::string out;
    for (const auto& row : s->tables[0].rows) out += (out.empty() ? "" : " ") + row.at(0).value_or("NULL") + "=" + row.at(1).value_or("NULL");
    return out;
}

}  // namespace

TEST_CASE("Race player: the lanes reveal the played scenario step by step", "[race][player]") {
    PlayerDb t;
    RacePlayer& p = t.player;
    REQUIRE_FALSE(p.open("no-such-race"));
    REQUIRE(p.open("lost-update"));
    CHECK(t.starts == 1);   // the race's database is started on first use
    REQUIRE_FALSE(p.playing());   // a libpq database answers at once
    INFO((p.failure() ? p.failure()->message : ""));
    REQUIRE_FALSE(p.failure());
    CHECK(p.total() == 8);
    CHECK(p.position() == 0);
    CHECK(p.stateOf(0) == RaceStepState::NotIssued);
    CHECK(balanceNow(p) == "1=100");

    for (int i = 0; i < 6; ++i) p.step();
    CHECK(p.stateOf(4) == RaceStepState::Done);
    CHECK(p.stateOf(5) == RaceStepState::Waiting);   // B's UPDATE waits for A's row lock
    CHECK(p.waitingFor("B") == std::vector<std::string>{"A"});
    CHECK(p.canGoNext() == std::vector<std::string>{"A"});   // B waits: only A can go on
    const RaceStepSnapshot* now = p.snapshotNow();
    REQUIRE(now);
    REQUIRE(now->rowLocks.size() == 1);
    CHECK(now->rowLocks[0].session == "A");
    CHECK(balanceNow(p) == "1=100");   // nothing committed yet

    p.step();   // A commits: B is released and overwrites
    CHECK(p.stateOf(5) == RaceStepState::Done);
    CHECK(p.timeline().steps[5].result == "UPDATE 1");
    CHECK(balanceNow(p) == "1=120");
    p.runToEnd();
    CHECK(p.atEnd());
    CHECK(balanceNow(p) == "1=130");
    REQUIRE(p.timeline().checks.size() == 1);
    CHECK(p.timeline().checks[0].value == "130");
    p.back();
    CHECK(p.position() == 7);
    p.rewind();
    CHECK(p.position() == 0);
    CHECK(t.starts == 1);
}

TEST_CASE("Race player: choosing who goes next and editing a statement play it again", "[race][player]") {
    PlayerDb t;
    RacePlayer& p = t.player;
    REQUIRE(p.open("lost-update"));
    for (int i = 0; i < 4; ++i) p.step();   // both have begun and read 100
    // A commits its update before B writes: then B waits for nothing and still overwrites.
    p.chooseNext("A");   // A: UPDATE (already next)
    p.chooseNext("A");   // A: COMMIT jumps ahead of B's UPDATE
    REQUIRE_FALSE(p.failure());
    CHECK(p.position() == 6);
    CHECK(p.scenario().steps[5].sql == "COMMIT");
    CHECK(p.scenario().steps[5].session == "A");
    CHECK(p.edited());
    p.runToEnd();
    CHECK_FALSE(p.timeline().steps[6].blocked);
    CHECK(p.timeline().checks.at(0).value == "130");

    // The atomic fix, typed into B's lane: 150.
    p.restoreOriginal();
    CHECK_FALSE(p.edited());
    p.editStatement(5, "UPDATE accounts SET balance = balance + 30 WHERE id = 1");
    p.runToEnd();
    REQUIRE_FALSE(p.failure());
    CHECK(p.timeline().checks.at(0).value == "150");
}

TEST_CASE("Race player: a refused statement stops the lanes there, with the reason", "[race][player]") {
    PlayerDb t;
    RacePlayer& p = t.player;
    REQUIRE(p.open("deadlock"));
    p.editStatement(4, "SAVEPOINT s");
    REQUIRE(p.failure());
    CHECK(p.failure()->kind == RaceFailure::Kind::Refused);
    CHECK(p.failure()->step == 4u);
    CHECK(p.failure()->message.find("savepoints") != std::string::npos);
    CHECK(p.reachable() == 4);
    p.runToEnd();
    CHECK(p.position() == 4);
    CHECK(p.stateOf(3) == RaceStepState::Done);
}

TEST_CASE("Race player: the step that closes a wait cycle shows the cycle", "[race][player]") {
    PlayerDb t;
    RacePlayer& p = t.player;
    REQUIRE(p.open("deadlock"));
    REQUIRE_FALSE(p.failure());
    for (int i = 0; i < 5; ++i) p.step();
    REQUIRE(p.snapshotNow());
    CHECK(p.snapshotNow()->deadlockCycle.empty());
    CHECK(p.stateOf(4) == RaceStepState::Waiting);   // A waits for B's row
    p.step();                                        // B closes the cycle and is the victim
    CHECK(p.snapshotNow()->deadlockCycle == std::vector<std::string>{"B", "A", "B"});
    CHECK(p.stateOf(5) == RaceStepState::Failed);
    CHECK(p.stateOf(4) == RaceStepState::Done);      // A goes on within the same step
    p.step();
    CHECK(p.snapshotNow()->deadlockCycle.empty());
}
