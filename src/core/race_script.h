// Race-backed lesson steps (lesson_model.h's "### Race:" and "### Check: race"): the learner's
// answer is a race written one statement a line, each line starting with the session that runs
// it, in the order they are issued:
//
//   A: BEGIN
//   B: BEGIN
//   A: UPDATE accounts SET balance = balance + 20 WHERE id = 1
//   B: UPDATE accounts SET balance = balance + 30 WHERE id = 1   -- waits for A
//   A: COMMIT
//   B: COMMIT
//
// Blank lines and lines starting with "--" or "#" are skipped, so a learner can annotate; an
// indented line right after a statement continues it (a statement of several lines). The
// lines are those of a race scenario file (race_scenario.h) without its header, prose or
// checks: the step supplies the tables, and its checks read what the race left.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "race_scenario.h"

namespace pgplay {

// Reads a race script into a scenario titled `title` whose setup is `setup` (each a script, run
// in order before the first statement). Errors carry the script's own line numbers and say what
// a line should look like; the file name in them is "your race".
RaceParseResult raceScenarioFromScript(std::string_view script, const std::string& title,
                                       std::vector<std::string> setup = {});

// The scenario's statements as a race script, one "A: statement" a line: what the race view's
// edits give back to the editor, and read again by raceScenarioFromScript.
std::string raceScript(const RaceScenario& scenario);

}  // namespace pgplay
