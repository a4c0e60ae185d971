// Reads the default text form of EXPLAIN into the plan model, the way PEV2 does, so that a plan
// pasted from psql works as well as one PostgreSQL handed over directly.
//
// Indentation decides the tree: a node is a line "->  Name  (cost=...) (actual ...)" and its
// children are the nodes indented under it; "SubPlan 1", "InitPlan 1 (returns $0)" and "CTE x"
// label the node indented under them. Every other line is a property of the node, worker,
// "Planning:" or "JIT:" block above it ("Filter: ...", "Sort Method: quicksort  Memory: 25kB",
// "Buffers: shared hit=3", "Worker 0:  ..."), or, at the left margin, of the whole statement
// ("Planning Time: 0.1 ms", "Settings: ...", "Trigger for constraint ...: time=... calls=...").
// Lines are translated into FORMAT JSON's property names and stored by the same code as JSON
// plans (plan_properties.h), so both forms of one plan give the same model.
//
// Accepted around the plan: psql's header, rule, frame and "(N rows)" footer, expanded (\x)
// records, "+" continuations (see psql_output.h), tabs, non-breaking spaces, and lines a
// terminal or web page wrapped (a line that is no plan line is the rest of the one before).
// Never throws and never crashes; what it cannot place is reported in PlanParseResult::warnings.
#pragma once

#include <string_view>

#include "plan_model.h"

namespace pgplay {

PlanParseResult parseTextPlan(std::string_view text);

}  // namespace pgplay
