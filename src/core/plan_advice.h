// What a learner should notice in a plan, in plain words: a sequential scan that throws most of a
// large table away (and the index that may help, naming the column from the filter), an index
// that exists but is not used and why that can be right, estimates off by 10x or more, a sort
// or hash that spilled to disk, and the inner side of a nested loop run many times.
// `kind` and `nodePath` are part of window.playground.explain()'s contract (DESIGN.md).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "plan_model.h"
#include "schema_model.h"

namespace pgplay {

enum class PlanWarningKind { MissingIndex, UnusedIndex, Misestimate, DiskSpill, ManyLoops };

struct PlanWarning {
    PlanWarningKind kind;
    int node = 0;                  // index in Plan::nodes
    std::vector<size_t> nodePath;  // child positions from the root: [] is the root, [0, 1] its first child's second
    std::string message;
};

const char* planWarningKindName(PlanWarningKind kind);   // "missing-index", "misestimate", ...
std::optional<PlanWarningKind> parsePlanWarningKind(std::string_view name);   // the reverse

// The warnings for an analyzed plan (a plan without ANALYZE gets none: they compare what happened
// with what was expected). `schema` tells which indexes exist; it may be null.
std::vector<PlanWarning> planWarnings(const Plan& plan, const SchemaSnapshot* schema);

std::vector<size_t> planNodePath(const Plan& plan, int node);

// The column a simple filter tests: "(customer_id = 42)" -> "customer_id", "((o.status)::text =
// 'open'::text)" -> "status"; "" when it is not one column (an expression, OR of two columns...).
std::string filterColumn(const std::string& filter);

}  // namespace pgplay
