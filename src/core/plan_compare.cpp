#include "plan_compare.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace pgplay {

namespace {

// What a scan reads, as the query names it: the alias ("o" in "orders o"), else the table, CTE
// or function. Empty for nodes that read nothing themselves.
std::string readsName(const PlanNode& n) {
    if (!n.alias.empty()) return n.alias;
    if (n.relation) return *n.relation;
    if (!n.cteName.empty()) return "cte " + n.cteName;
    if (!n.functionName.empty()) return "function " + n.functionName;
    return "";
}

// Each node's scope, as a sorted, comma-joined list of readsName()s (see the header).
std::vector<std::string> scopes(const Plan& plan) {
    const size_t count = plan.nodes.size();
    std::vector<std::vector<std::string>> sets(count);
    // Children come after their parents in EXPLAIN's order: walking backwards sees them first.
    for (size_t i = count; i-- > 0;) {
        const PlanNode& n = plan.nodes[i];
        if (std::string own = readsName(n); !own.empty()) sets[i].push_back(own);
        for (int c : n.children)
            sets[i].insert(sets[i].end(), sets[static_cast<size_t>(c)].begin(), sets[static_cast<size_t>(c)].end());
        std::sort(sets[i].begin(), sets[i].end());
        sets[i].erase(std::unique(sets[i].begin(), sets[i].end()), sets[i].end());
    }
    std::vector<std::string> out(count);
    for (size_t i = 0; i < count; ++i) {
        for (const std::string& s : sets[i]) out[i] += (out[i].empty() ? "" : ",") + s;
        // Nothing read below (a Bitmap Index Scan, a Result): the parent's scope, already known.
        if (out[i].empty() && plan.nodes[i].parent >= 0) out[i] = out[static_cast<size_t>(plan.nodes[i].parent)];
    }
    return out;
}

// Same operation on the same things: name, table and index alike.
bool sameOperation(const PlanNode& a, const PlanNode& b) {
    return nodeDisplayName(a) == nodeDisplayName(b) && a.relation == b.relation && a.index == b.index &&
           a.subplanName == b.subplanName;
}

// Pairs the nodes of one scope: longest common subsequence by sameOperation, in tree order.
void matchScope(const Plan& before, const std::vector<int>& a, const Plan& after, const std::vector<int>& b,
                PlanComparison& out) {
    const size_t n = a.size(), m = b.size();
    // The table is n x m: fine for real plans, whose scopes hold a few nodes each (a UNION ALL of
    // 125 joins over the same aliases has 125). A pasted monster with thousands of nodes in one
    // scope is compared by position instead, rather than asking for gigabytes.
    constexpr size_t kMaxTable = size_t{1} << 22;
    if (n > 0 && m > kMaxTable / n) {
        for (size_t k = 0; k < std::min(n, m); ++k) {
            const size_t i = static_cast<size_t>(a[k]), j = static_cast<size_t>(b[k]);
            out.beforeMatch[i] = b[k];
            out.afterMatch[j] = a[k];
            out.beforeChange[i] = out.afterChange[j] =
                sameOperation(before.nodes[i], after.nodes[j]) ? PlanNodeChange::Same : PlanNodeChange::Changed;
        }
        return;
    }
    std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            lcs[i][j] = sameOperation(before.nodes[static_cast<size_t>(a[i])], after.nodes[static_cast<size_t>(b[j])])
                            ? lcs[i + 1][j + 1] + 1
                            : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    std::vector<int> leftA, leftB;
    size_t i = 0, j = 0;
    while (i < n && j < m) {
        if (sameOperation(before.nodes[static_cast<size_t>(a[i])], after.nodes[static_cast<size_t>(b[j])])) {
            out.beforeMatch[static_cast<size_t>(a[i])] = b[j];
            out.afterMatch[static_cast<size_t>(b[j])] = a[i];
            out.beforeChange[static_cast<size_t>(a[i])] = out.afterChange[static_cast<size_t>(b[j])] = PlanNodeChange::Same;
            ++i, ++j;
        } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
            leftA.push_back(a[i++]);
        } else {
            leftB.push_back(b[j++]);
        }
    }
    while (i < n) leftA.push_back(a[i++]);
    while (j < m) leftB.push_back(b[j++]);
    // What is left took another operation's place: pair it up in order.
    for (size_t k = 0; k < std::min(leftA.size(), leftB.size()); ++k) {
        out.beforeMatch[static_cast<size_t>(leftA[k])] = leftB[k];
        out.afterMatch[static_cast<size_t>(leftB[k])] = leftA[k];
        out.beforeChange[static_cast<size_t>(leftA[k])] = out.afterChange[static_cast<size_t>(leftB[k])] = PlanNodeChange::Changed;
    }
}

std::string ratioText(double ratio, bool measured) {
    char buf[64];
    const char* better = measured ? "faster" : "cheaper";
    const char* worse = measured ? "slower" : "more expensive";
    if (ratio >= 1.1 || ratio <= 1 / 1.1) {
        const double r = ratio >= 1 ? ratio : 1 / ratio;
        std::snprintf(buf, sizeof(buf), r >= 10 ? "%.0fx %s" : "%.1fx %s", r, ratio >= 1 ? better : worse);
    } else {
        std::snprintf(buf, sizeof(buf), "about the same %s (%.2fx)", measured ? "time" : "cost", ratio);
    }
    return buf;
}

std::string costText(double cost) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), cost >= 100 ? "%.0f" : "%.3g", cost);
    return buf;
}

}  // namespace

const char* planNodeChangeName(PlanNodeChange change) {
    switch (change) {
        case PlanNodeChange::Same: return "same";
        case PlanNodeChange::Changed: return "changed";
        case PlanNodeChange::Removed: return "removed";
        case PlanNodeChange::Added: return "added";
    }
    return "same";
}

std::string describePlanNode(const PlanNode& n) {
    std::string out = nodeDisplayName(n);
    if (n.index) out += " using " + *n.index;
    if (n.relation) out += " on " + *n.relation + (n.alias.empty() || n.alias == *n.relation ? "" : " " + n.alias);
    else if (!n.cteName.empty()) out += " on CTE " + n.cteName;
    else if (!n.subplanName.empty()) out += " (" + n.subplanName + ")";
    return out;
}

PlanComparison comparePlans(const Plan& before, const Plan& after) {
    PlanComparison out;
    out.beforeChange.assign(before.nodes.size(), PlanNodeChange::Removed);
    out.afterChange.assign(after.nodes.size(), PlanNodeChange::Added);
    out.beforeMatch.assign(before.nodes.size(), -1);
    out.afterMatch.assign(after.nodes.size(), -1);

    // Group each plan's nodes by scope, in tree order, and match scope by scope.
    const std::vector<std::string> scopeA = scopes(before), scopeB = scopes(after);
    std::map<std::string, std::pair<std::vector<int>, std::vector<int>>> groups;
    for (size_t i = 0; i < before.nodes.size(); ++i) groups[scopeA[i]].first.push_back(static_cast<int>(i));
    for (size_t i = 0; i < after.nodes.size(); ++i) groups[scopeB[i]].second.push_back(static_cast<int>(i));
    for (const auto& [scope, nodes] : groups) matchScope(before, nodes.first, after, nodes.second, out);

    // The list, in the after plan's order; each removal goes where its parent's counterpart is.
    std::vector<std::vector<int>> removedUnder(after.nodes.size() + 1);   // last slot: no place found
    for (size_t i = 0; i < before.nodes.size(); ++i) {
        if (out.beforeChange[i] != PlanNodeChange::Removed) continue;
        int place = static_cast<int>(after.nodes.size());
        for (int p = before.nodes[i].parent; p >= 0; p = before.nodes[static_cast<size_t>(p)].parent)
            if (out.beforeMatch[static_cast<size_t>(p)] >= 0) {
                place = out.beforeMatch[static_cast<size_t>(p)];
                break;
            }
        removedUnder[static_cast<size_t>(place)].push_back(static_cast<int>(i));
    }
    auto addRemovals = [&](size_t slot) {
        for (int r : removedUnder[slot])
            out.changes.push_back({PlanNodeChange::Removed, r, -1, describePlanNode(before.nodes[static_cast<size_t>(r)]) + " is gone"});
    };
    for (size_t j = 0; j < after.nodes.size(); ++j) {
        const PlanNode& b = after.nodes[j];
        if (out.afterChange[j] == PlanNodeChange::Changed) {
            const int i = out.afterMatch[j];
            out.changes.push_back({PlanNodeChange::Changed, i, static_cast<int>(j),
                                   describePlanNode(before.nodes[static_cast<size_t>(i)]) + " became " + describePlanNode(b)});
        } else if (out.afterChange[j] == PlanNodeChange::Added) {
            out.changes.push_back({PlanNodeChange::Added, -1, static_cast<int>(j), "New: " + describePlanNode(b)});
        }
        addRemovals(j);
    }
    addRemovals(after.nodes.size());

    // How much faster: measured time when both ran, else the planner's estimate.
    out.measured = before.executionMs.has_value() && after.executionMs.has_value();
    if (out.measured) {
        out.beforeValue = *before.executionMs;
        out.afterValue = *after.executionMs;
    } else {
        out.beforeValue = before.nodes.empty() ? 0 : before.root().totalCost;
        out.afterValue = after.nodes.empty() ? 0 : after.root().totalCost;
    }
    if (out.afterValue > 0 && std::isfinite(out.beforeValue / out.afterValue)) out.ratio = out.beforeValue / out.afterValue;
    out.summary = out.measured ? planDurationText(out.beforeValue) + " → " + planDurationText(out.afterValue)
                               : "cost " + costText(out.beforeValue) + " → " + costText(out.afterValue) + " (estimated)";
    if (out.ratio) out.summary += ": " + ratioText(*out.ratio, out.measured);
    if (out.changes.empty()) out.summary += "; the plan's shape did not change";
    return out;
}

}  // namespace pgplay
