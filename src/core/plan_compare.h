// Two plans side by side, "before" and "after" (typically the same query before and after
// CREATE INDEX): how much faster or slower it got, and which nodes changed.
//
// Nodes are matched by what they work on rather than by their place in the tree, because a new
// index reshapes the tree (a Seq Scan becomes a Bitmap Heap Scan over a Bitmap Index Scan, a
// Hash Join becomes a Nested Loop without its Hash). Each node's *scope* is the set of tables
// (by alias) it reads, itself or through its children; a node that reads none (a Bitmap Index
// Scan, a Hash over a function) takes its parent's. Within one scope the nodes of both plans are
// paired by name in tree order (longest common subsequence); what is left over is paired in
// order as "changed" (Seq Scan -> Index Scan), and the rest is "removed" or "added".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plan_model.h"

namespace pgplay {

enum class PlanNodeChange {
    Same,      // the same operation on the same things (times may differ)
    Changed,   // another operation in the same place: "Seq Scan" -> "Index Scan", another index
    Removed,   // only in the before plan
    Added,     // only in the after plan
};

const char* planNodeChangeName(PlanNodeChange change);   // "same", "changed", "removed", "added"

// One line of the comparison, for the list beside the two trees.
struct PlanChange {
    PlanNodeChange kind = PlanNodeChange::Changed;   // never Same
    int before = -1;   // node index in the before plan (-1 for Added)
    int after = -1;    // node index in the after plan (-1 for Removed)
    std::string message;   // "Seq Scan on orders became Index Scan using orders_customer_idx on orders"
};

struct PlanComparison {
    // Per node of each plan: what became of it, and its counterpart in the other plan (-1: none).
    std::vector<PlanNodeChange> beforeChange, afterChange;
    std::vector<int> beforeMatch, afterMatch;
    std::vector<PlanChange> changes;   // in the after plan's order, removals where they were

    // Measured when both plans ran (EXPLAIN ANALYZE), else the planner's cost of the root.
    bool measured = false;
    double beforeValue = 0, afterValue = 0;   // milliseconds when measured, cost units otherwise
    // before / after: above 1 the after plan is faster (or cheaper). Absent when after is 0.
    std::optional<double> ratio;
    // "12.4 ms -> 0.09 ms: 137x faster", "cost 180 -> 8.3 (estimated): 22x cheaper",
    // "about the same time (1.05x)".
    std::string summary;
};

// Node `n` in a few words: "Index Scan using orders_customer_idx on orders o", "Hash Join".
std::string describePlanNode(const PlanNode& n);

PlanComparison comparePlans(const Plan& before, const Plan& after);

}  // namespace pgplay
