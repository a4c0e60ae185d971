// More race scenarios than anyone would write by hand, made from the shipped ones: the same
// statements at every isolation level, with each COMMIT turned into a ROLLBACK, and in other
// orders of the sessions (each session's own statements keep their order). The engine's tests
// play every variant on the real server and through the engine and compare the timelines.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/race_scenario.h"

namespace pgtest {

struct RaceVariant {
    std::string name;   // "lost-update rr rollback@6 order#2"
    pgplay::RaceScenario scenario;
};

// The variants of `base`, without duplicates (the shipped order first). `orders`: how many
// shuffled session orders each isolation/rollback variant gets; `seed` makes them repeatable.
std::vector<RaceVariant> raceVariants(const pgplay::RaceScenario& base, size_t orders, unsigned seed);

}  // namespace pgtest
