// The race view's model over a database that answers only when told to: what it does while a
// play is in flight (the real-server tests, tests/pg/test_race_player.cpp, cover the outcomes).
#include <catch2/catch.hpp>

#include "core/race_player.h"
#include "fake_database.h"

using namespace pgplay;

namespace {

const char* kScenario =
    "id: tiny\ntitle: Tiny\nsetup: CREATE TABLE t (id int PRIMARY KEY)\nA: BEGIN\nB: BEGIN\nA: COMMIT\nB: COMMIT\n";

}  // namespace

TEST_CASE("Race player: the race's database is started on first use, and a play in flight shows as playing", "[race][player]") {
    pgtest::FakeDatabase db;
    int starts = 0;
    RacePlayer player(db, [&] { ++starts; });
    player.addScenarioFile("tiny.txt", kScenario);
    REQUIRE(player.fileErrors().empty());
    CHECK(starts == 0);
    REQUIRE(player.open("tiny"));
    CHECK(starts == 1);
    CHECK(player.playing());
    CHECK(player.reachable() == 0);   // nothing can be stepped before the play ends
    player.step();
    CHECK(player.position() == 0);
    CHECK(player.canGoNext().empty());
    CHECK(player.snapshotNow() == nullptr);
    REQUIRE(db.sent.size() == 1);     // the reset first; the engine's scripts follow its answer
    player.close();
    player.open("tiny");
    CHECK(starts == 1);               // started once
}

TEST_CASE("Race player: closing or reopening answers whoever waits for the play", "[race][player]") {
    pgtest::FakeDatabase db;
    RacePlayer player(db);
    player.addScenarioFile("tiny.txt", kScenario);
    REQUIRE(player.open("tiny"));
    int told = 0;
    bool wasOpen = true;
    player.whenPlayed([&] {
        ++told;
        wasOpen = player.isOpen();
    });
    CHECK(told == 0);
    player.close();
    CHECK(told == 1);
    CHECK_FALSE(wasOpen);
    db.drain();                       // the old play's answers arrive and are dropped
    CHECK_FALSE(player.isOpen());
    CHECK(told == 1);
}

TEST_CASE("Race player: a duplicate id and a malformed file are listed as errors", "[race][player]") {
    pgtest::FakeDatabase db;
    RacePlayer player(db);
    player.addScenarioFile("tiny.txt", kScenario);
    player.addScenarioFile("again.txt", kScenario);
    player.addScenarioFile("broken.txt", "id: Broken!\n");
    CHECK(player.scenarios().size() == 1);
    REQUIRE(player.fileErrors().size() >= 3);
    CHECK(player.fileErrors()[0].file == "again.txt");
    CHECK(player.fileErrors()[0].message.find("already has the id \"tiny\"") != std::string::npos);
    CHECK_FALSE(player.open("broken"));
}
