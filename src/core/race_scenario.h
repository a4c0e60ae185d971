// A race scenario: two or more sessions whose statements interleave, written as a text file a
// teacher can add without C++ (lessons/races/*.txt).
//
//   # a comment (ignored)
//   id: lost-update                     (required; lowercase letters, digits, '-')
//   title: Lost update                  (required)
//   summary: one line for the list      (optional)
//   > Prose before the first step: the scenario's introduction.
//   setup: CREATE TABLE t (...); INSERT INTO t VALUES (...)   (one or more lines, any statements)
//   A: BEGIN                            (a session's statement: one statement, in issue order)
//   B: UPDATE t SET v = v + 1
//   > Prose after a step explains that step: what happened and why.
//   check: SELECT v FROM t              (evaluated at the end; its value is the first column
//                                        of the first row)
//
// Session names are a capital letter followed by letters or digits (A, B, Worker1); `setup`
// and `check` are lower case, so they never clash. Lines are read one by one; a statement that
// needs several lines does not fit, by design (the swimlanes show one line a step).
// Every problem becomes an error with its line; reading goes on, so all are reported at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lesson_parser.h"   // LessonError: file, line, message

namespace pgplay {

struct RaceStep {
    std::string session;       // "A"
    std::string sql;           // one statement, without a trailing ';'
    std::string explanation;   // the "> " lines after it, joined with spaces ("" when none)
    int line = 0;
};

struct RaceCheck {
    std::string sql;
    std::string explanation;
    int line = 0;
};

struct RaceScenario {
    std::string id;
    std::string title;
    std::string summary;
    std::string intro;                  // the "> " lines before the first step
    std::vector<std::string> setup;     // each setup: line's script, in order
    std::vector<int> setupLines;        // the file line of each
    std::vector<RaceStep> steps;
    std::vector<RaceCheck> checks;
    std::vector<std::string> sessions;  // in order of first appearance
};

struct RaceParseResult {
    std::optional<RaceScenario> scenario;   // set only when there are no errors
    std::vector<LessonError> errors;
    bool ok() const { return scenario.has_value(); }
    std::string errorText() const;          // every error, one a line: "file:line: message"
};

// "A", "B2", "Worker": a capital letter, then letters or digits (16 at most).
bool isRaceSessionName(std::string_view name);

// Reads a scenario file. Never throws; any input gives a scenario or errors.
RaceParseResult parseRaceScenario(std::string_view text, const std::string& fileName);

}  // namespace pgplay
