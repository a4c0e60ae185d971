// What every plan a parser returns must satisfy, whatever its input. Shared by the Catch2 tests
// (through plan_fixtures.h) and the libFuzzer target in tests/fuzz/, so it includes no test
// framework: it returns what is wrong as text and leaves failing to the caller.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "core/plan_model.h"

namespace plantest {

// What every plan a parser returns must satisfy, whatever the input was: a consistent tree in
// pre-order and finite, non-negative derived times. Returns "" or what is wrong.
inline std::string treeProblems(const pgplay::Plan& plan) {
    const auto& nodes = plan.nodes;
    if (nodes.empty()) return "no nodes";
    if (nodes[0].parent != -1 || nodes[0].depth != 0) return "the root has a parent";
    std::vector<int> listedAsChild(nodes.size(), 0);
    for (size_t i = 0; i < nodes.size(); ++i) {
        const pgplay::PlanNode& n = nodes[i];
        if (n.nodeType.empty()) return "node " + std::to_string(i) + " has no type";
        if (n.depth > pgplay::kMaxPlanDepth) return "node " + std::to_string(i) + " is too deep";
        if (i > 0) {
            if (n.parent < 0 || n.parent >= static_cast<int>(i)) return "node " + std::to_string(i) + " comes before its parent";
            if (n.depth != nodes[n.parent].depth + 1) return "node " + std::to_string(i) + " has the wrong depth";
            // Pre-order: the node before this one is its parent or in its parent's subtree, so
            // every subtree is one run of nodes (finishPlan's subtreeEnds counts on it).
            int above = static_cast<int>(i) - 1;
            while (above >= 0 && above != n.parent) above = nodes[above].parent;
            if (above != n.parent) return "node " + std::to_string(i) + " breaks the pre-order";
        }
        int previousChild = static_cast<int>(i);
        for (int c : n.children) {
            if (c <= previousChild || c >= static_cast<int>(nodes.size()) || nodes[c].parent != static_cast<int>(i))
                return "node " + std::to_string(i) + " has a wrong child";
            previousChild = c;   // in the order they come in Plan::nodes
            ++listedAsChild[c];
        }
        if (n.inclusiveMs && !std::isfinite(*n.inclusiveMs)) return "node " + std::to_string(i) + " has an infinite time";
        if (n.exclusiveMs && (!std::isfinite(*n.exclusiveMs) || *n.exclusiveMs < 0))
            return "node " + std::to_string(i) + " has a negative or infinite exclusive time";
        if (n.exclusiveMs.has_value() != n.inclusiveMs.has_value()) return "node " + std::to_string(i) + " has half its times";
        if (!std::isfinite(n.exclusiveCost) || n.exclusiveCost < 0) return "node " + std::to_string(i) + " has a bad exclusive cost";
    }
    for (size_t i = 1; i < nodes.size(); ++i)
        if (listedAsChild[i] != 1) return "node " + std::to_string(i) + " is not listed once among its parent's children";
    return {};
}

}  // namespace plantest
