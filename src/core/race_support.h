// The SQL the race engine installs in a scenario's database (never the learner's sandbox).
//
// PGlite has one connection, so the race engine (core/race_engine) plays every session's
// statements on it, physically applied as they happen, and lets PostgreSQL itself keep the
// account of who wrote what:
//   - pgplay_race.log: one row per row written (session, table, operation, old and new row as
//     jsonb, and the commit number once the session commits), filled by an AFTER ROW trigger on
//     every table of the scenario. The session is the setting pgplay.session.
//   - view(who, snap) / unview(who, snap): inside a transaction, undo what `who` must not see
//     (the others' uncommitted writes, and commits after its snapshot), newest first; and redo
//     them, oldest first, after a write of `who`, before COMMIT. A read is view + SELECT +
//     ROLLBACK, so nothing stays.
//   - begin_statement(who) and touched(): which rows a statement wrote or locked, by primary key,
//     so the engine can tell whether it must wait for another session.
//   - relation_locks(): the table locks the statement took (pg_locks), for the table lock queue.
//   - hide(rows): a SKIP LOCKED read does not see rows other sessions hold.
//   - undo_session(who) and commit_session(who, n): the end of a transaction.
// Undo and redo run with session_replication_role = replica, so they are not logged, and
// triggers (foreign keys' too) stay quiet. Rows are found again by their primary key: a table
// without one is refused (raceTrackTablesSql raises).
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
