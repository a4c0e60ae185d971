// Plays a race scenario on the real PostgreSQL server: one libpq connection per session, each
// statement sent without waiting for it (PQsendQuery), at a learner's pace. This is the truth
// the race engine (which runs on single-connection PGlite) must reproduce step for step.
//
// Pace (DESIGN.md): a statement is issued only after everything before it has settled for
// longer than deadlock_timeout (1 s), so the deadlock victim is the session whose statement
// closed the cycle. A statement "blocked" when the server showed it waiting on a lock
// (pg_stat_activity.wait_event_type = 'Lock'); it is "released after" the step during whose
// settling it answered.
#pragma once

#include <string>

#include "core/race_scenario.h"
#include "core/race_timeline.h"

namespace pgtest {

struct ServerPlay {
    pgplay::RaceTimeline timeline;
    // Set when the interleaving cannot be played: a session was given a statement while its
    // previous one still waited ("step 5: B still waits for step 4"). The timeline stops there.
    std::string invalid;
    bool unfinished = false;   // a statement still waited after the last step
};

// Plays `scenario` in the (empty) database `conninfo` names. No test macros: safe to call from
// several threads at once, each with its own database. Throws std::runtime_error when the server
// cannot be used or the setup fails.
ServerPlay playOnServer(const pgplay::RaceScenario& scenario, const std::string& conninfo);

// Runs `scenario` in a database of its own on the test server (PGPLAY_TEST_PG) and returns its
// timeline. Fails the test (REQUIRE) when the scenario cannot be played there, e.g. a session
// given a statement while its previous one still waits.
pgplay::RaceTimeline playOnServer(const pgplay::RaceScenario& scenario);

}  // namespace pgtest
