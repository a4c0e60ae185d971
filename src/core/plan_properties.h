// EXPLAIN's property names, and where each one lands in the plan model.
//
// FORMAT JSON names every property ("Plan Rows", "Hash Cond", "Sort Space Type"...). The text
// form prints most of them under the same name ("Hash Cond: ..."), and the rest in a few fixed
// line shapes that plan_text_parser turns back into these names. So both parsers hand every
// property to the functions here, and a property means the same thing whichever form it came in.
//
// Each function returns "" when the property was taken: a known name whose value has the right
// type, or an unknown name, kept as text in otherProperties. Otherwise it returns what is wrong
// with the value ("should be a number, not text"), for the caller to put in context.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>

#include "plan_model.h"

namespace pgplay {

// Figures beyond this are not from a real plan (costs of disabled nodes reach 1e10, rows 1e15).
// Both parsers refuse them, which keeps every sum and product in finishPlan finite and every
// figure convertible to int64_t (whose largest value is about 9.2e18).
inline constexpr double kLargestPlanFigure = 1e18;

// One property of a plan node (not "Plans" or "Workers": those are structure, for the parser).
std::string applyNodeProperty(PlanNode& node, const std::string& name, const nlohmann::ordered_json& value);

// One property of a parallel worker's figures ("Workers" in FORMAT JSON, "Worker 0:" in text).
std::string applyWorkerProperty(PlanWorker& worker, const std::string& name, const nlohmann::ordered_json& value);

// One property of the whole statement, beside "Plan": "Planning Time", "Execution Time",
// "Triggers", "Settings", "Planning" (buffers used while planning), "JIT"...
std::string applyPlanProperty(Plan& plan, const std::string& name, const nlohmann::ordered_json& value);

// A value as one line of text, the way a view lists otherProperties: text as it is, a list
// joined with ", ", numbers and true/false as JSON writes them.
std::string propertyText(const nlohmann::ordered_json& value);

}  // namespace pgplay
