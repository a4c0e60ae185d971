// Lessons and verdicts as JSON, for scripts/lesson-check and window.playground.
//   lesson summary: {id, title, summary, steps, file}
//   verdict:        {pass, lessonError, feedback, checks:[{kind, line, pass, feedback}],
//                    error: {sqlstate, message, ...} | null}
#pragma once

#include <nlohmann/json.hpp>

#include "lesson_checker.h"
#include "lesson_model.h"

namespace pgplay {

nlohmann::json lessonSummaryJson(const Lesson& lesson);
nlohmann::json verdictJson(const Verdict& verdict);

}  // namespace pgplay
