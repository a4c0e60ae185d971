// What the Explain action sends for the statement a learner points at: EXPLAIN (ANALYZE,
// BUFFERS, SETTINGS, FORMAT JSON) when the statement can be run and measured, inside a
// transaction that is rolled back when it changes data (so explaining an UPDATE changes
// nothing), and the planner's estimate alone (EXPLAIN (SETTINGS, FORMAT JSON)) when asked, or
// when running it could not be undone. Statements EXPLAIN does not take get a reason instead.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

namespace pgplay {

struct ExplainRequest {
    std::string script;          // what to run
    bool analyzed = false;       // EXPLAIN ANALYZE: the statement really runs
    bool rolledBack = false;     // ...inside BEGIN ... ROLLBACK, because it changes data
    size_t explainIndex = 0;     // which statement of `script` returns the plan
    std::string note;            // for the view: why it is estimate-only or rolled back ("" when neither)
};

struct ExplainRefusal {
    std::string message;         // "EXPLAIN shows plans of SELECT, INSERT, UPDATE, DELETE, MERGE, ..."
};

// `statement`: one statement, as the editor's splitter cut it. `analyze`: the learner's "run it"
// switch (on by default). `inTransaction`: the learner's own transaction block is open; the
// measured run is then undone with a savepoint, so it does not end the learner's transaction. A
// statement that already is an EXPLAIN runs as the learner wrote it.
std::variant<ExplainRequest, ExplainRefusal> explainRequest(std::string_view statement, bool analyze, bool inTransaction);

}  // namespace pgplay
