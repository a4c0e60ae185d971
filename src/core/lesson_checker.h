// Grading a learner's SQL for one lesson step, over the asynchronous Database seam, so the same
// code runs in the browser (PGlite in a worker), in Node and against a real server in tests.
//
// Every check runs on a fresh copy of the step's state: reset (lessonResetSql), the lesson's
// setup, the step's setup. Then:
//   result  — run the reference solution and keep its result; reset again; run the learner's
//             SQL and keep its result; compare (lesson_compare.h). Without SQL of its own the
//             check compares the LAST statement that returned rows in each script; with SQL,
//             it runs that query after each script and compares those results instead.
//   state   — learner's SQL, then the check query: its last statement must return one `true`.
//   fails   — learner's SQL, then the statement: it must fail with the given SQLSTATE.
//   succeeds— learner's SQL, then the statement: it must succeed.
//   plan    — learner's SQL, then EXPLAIN of the query's last statement: a node of the type
//             (on the relation, a table or index name) must appear / must not appear.
// An error in the learner's SQL fails the step with PostgreSQL's message. SQL text is never
// compared. Afterwards (by default) the database is left in the step's state with the learner's
// SQL applied, so what the learner sees is their own work, not the checks' leftovers.
//
// The database is the learner's throwaway: the reset drops every user schema.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "database.h"
#include "lesson_model.h"
#include "result_model.h"

namespace pgplay {

struct CheckOutcome {
    CheckKind kind = CheckKind::Result;
    int line = 0;               // the check's heading in the lesson file
    bool pass = false;
    std::string feedback;       // what differs; empty when it passed
};

struct Verdict {
    bool pass = false;
    // The lesson itself is broken here (its setup or reference solution failed): not the
    // learner's fault; feedback says what went wrong for the teacher.
    bool lessonError = false;
    std::string feedback;       // plain sentences for the learner
    std::vector<CheckOutcome> checks;
    std::optional<QueryError> learnerError;   // the learner's SQL failed with this
};

struct CheckerOptions {
    size_t rowCap = 10000;             // rows fetched per statement while checking
    bool leaveLearnerState = true;     // finish with step state + learner SQL (see above)
    // Each script of a check may run this long (RunOptions::timeoutMs: a watchdog outside
    // PostgreSQL, which restarts the engine), so `SELECT pg_sleep(1e6)` or an endless recursive
    // CTE cannot hang the checker; the verdict then says the query ran too long. 0: no limit.
    int timeoutMs = 10000;
};

using VerdictCallback = std::function<void(Verdict)>;

// Grades `learnerSql` for step `stepIndex` (0-based) of `lesson`. `done` is called exactly once,
// perhaps before checkStep returns (a synchronous Database), perhaps frames later. The lesson
// is copied; `db` must outlive the check.
void checkStep(Database& db, const Lesson& lesson, size_t stepIndex, const std::string& learnerSql,
               VerdictCallback done, CheckerOptions options = {});

// Puts the database in step `stepIndex`'s starting state (reset + lesson setup + step setup),
// the "Reset step" button. Each script may run for kPrepareTimeoutMs. `done` gets the first
// failing result, or the last one.
constexpr int kPrepareTimeoutMs = 60000;
void prepareStep(Database& db, const Lesson& lesson, size_t stepIndex, std::function<void(QueryResult)> done);

// The script that returns the learner's database to empty: leaves any transaction, discards
// session state, drops every user schema and recreates an empty `public`. Works the same on
// PGlite and on a real server.
const std::string& lessonResetSql();

}  // namespace pgplay
