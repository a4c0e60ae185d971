// A plan as a learner pastes it into the plan viewer: EXPLAIN (FORMAT JSON) output or the text
// form, bare or as psql printed it. Tells the two apart and hands the text to the parser for it,
// so the viewer needs one paste box, not a format switch.
#pragma once

#include <string_view>

#include "plan_model.h"

namespace pgplay {

enum class PlanFormat { Json, Text };

// JSON when the first thing in the text, once psql's decoration is gone, is [ or {.
PlanFormat detectPlanFormat(std::string_view text);

PlanParseResult parsePastedPlan(std::string_view text);

}  // namespace pgplay
