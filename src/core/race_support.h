// The SQL the race engine installs in a scenario's database (never the learner's sandbox).
//
// PGlite has one connection, so the engine plays every session's statements on it, physically
// applied as they happen, and lets PostgreSQL itself keep the account of who wrote what:
//   - pgplay_race.log: one row per row written (session, table, operation, old and new row as
//     jsonb), filled by an AFTER ROW trigger on every table the scenario made. The session is
//     the custom setting pgplay.session, which the engine sets before each statement.
//   - pgplay_race.undo_others(keep): undoes, newest first, the not yet committed writes of
//     every session but `keep`. The engine calls it inside BEGIN ... ROLLBACK, so one session
//     sees the database as it would (the others' uncommitted writes invisible) and nothing stays.
//   - pgplay_race.undo_session(who): undoes `who`'s uncommitted writes and forgets them
//     (ROLLBACK, or an error that aborts its transaction).
//   - pgplay_race.commit_session(who): marks `who`'s writes committed.
// The undo runs with session_replication_role = replica, so it is not logged itself. Rows are
// found again by their primary key: a table without one is refused (track_table raises).
#pragma once

#include <string>

namespace pgplay {

// Creates the schema, the log, the trigger function and the undo functions. Run once, after the
// scenario's setup.
const std::string& raceSupportInstallSql();

// Puts the logging trigger on every ordinary table of the user's schemas (run after setup, so
// tables the setup made are tracked). Raises for a table without a primary key.
const std::string& raceTrackTablesSql();

}  // namespace pgplay
