// What playing a race scenario produced, step by step: the format `scripts/race-run` prints and
// `window.playground.race(id)` returns, and what the engine's tests compare against real
// PostgreSQL. One entry a session statement, in file order (steps numbered from 0), then one a
// check:
//   {"step": i, "who": "A", "sql": "...", "result": R}
//       R: the first column of the first row when the statement returned rows (null for SQL
//       NULL), else the command tag as PostgreSQL reports it ("UPDATE 1", "BEGIN", "ROLLBACK"
//       for a COMMIT of a failed transaction), else "ERROR <SQLSTATE>".
//       A statement that had to wait also has "blocked": true and "released_after": j, the step
//       after which it finished (R is then what it finally returned).
//   {"check": "...", "value": V}      V read the same way as R.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "result_model.h"

namespace pgplay {

struct RaceStepOutcome {
    size_t step = 0;
    std::string who;
    std::string sql;
    std::optional<std::string> result;   // nullopt: SQL NULL (or, while it waits, not known yet)
    bool blocked = false;
    std::optional<size_t> releasedAfter;  // set when blocked and it finished
};

struct RaceCheckOutcome {
    std::string check;
    std::optional<std::string> value;
};

struct RaceTimeline {
    std::vector<RaceStepOutcome> steps;
    std::vector<RaceCheckOutcome> checks;
};

// R for one statement's result (see above). `result` holds one statement.
std::optional<std::string> raceResultValue(const QueryResult& result);

// The JSON array, exactly as above (keys in that order, no extra whitespace).
std::string raceTimelineJson(const RaceTimeline& timeline);

}  // namespace pgplay
