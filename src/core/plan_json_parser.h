// Reads the output of EXPLAIN (FORMAT JSON) into the plan model.
//
// Takes the text of the single cell EXPLAIN returns: an array holding one object with "Plan",
// and beside it "Planning Time", "Execution Time", "Triggers", "Settings", "Planning", "JIT".
// Also taken: that object on its own (auto_explain writes it so), a bare plan node, and the cell
// as psql prints it (header, "+" continuations, frame; see psql_output.h).
//
// Never throws and never crashes: malformed input (not JSON, truncated, wrong types, no "Plan",
// nesting deeper than kMaxPlanDepth, numbers too large to be real) gives an error that says what
// is wrong and where.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string_view>

#include "plan_model.h"

namespace pgplay {

PlanParseResult parseJsonPlan(std::string_view text);

// The same, from a document already parsed (the array, the object, or a bare plan node).
// ordered_json, so that properties the model has no field for keep PostgreSQL's order.
PlanParseResult planFromExplainJson(const nlohmann::ordered_json& document);

}  // namespace pgplay
