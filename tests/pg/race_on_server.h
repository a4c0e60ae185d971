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

// Runs `scenario` in a database of its own on the test server (PGPLAY_TEST_PG) and returns its
// timeline. Fails the test (REQUIRE) when the scenario cannot be played there, e.g. a session
// given a statement while its previous one still waits.
pgplay::RaceTimeline playOnServer(const pgplay::RaceScenario& scenario);

}  // namespace pgtest
