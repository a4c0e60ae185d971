// Derived figures of a plan: how long each node took by itself, and how its name reads.
//
// Exclusive time follows what PEV2 and explain.depesz.com do, for the same reasons:
//   - A node's actual time is an average per loop, so the total is time * loops.
//   - Below a Gather, every process (the workers and the leader) runs the node: loops add up
//     across processes while the processes run side by side, so the wall-clock time is the total
//     divided by the number of processes.
//   - A node's time includes its children's; what is left after subtracting them is its own.
//   - An InitPlan runs once, lazily, inside whichever node first evaluates its result ($0 in
//     "Filter: (x > $0)"). That node's time contains it, not necessarily the node the InitPlan
//     hangs under, so the InitPlan's time is taken from the node that uses it.
//   - A CTE ("CTE x") runs as CTE Scans read from it, so its time is inside those scans and is
//     taken from them, shared out in proportion to each scan's own time (which scan pulled
//     which rows is not reported).
//   - A SubPlan runs inside the expression of the node it hangs under, once per call, and is
//     subtracted from that node like any child.
// Rounding (times are printed to the microsecond, per loop) and measuring overhead can make a
// node look faster than its children; exclusive time is then 0, never negative.
#include "plan_model.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace pgplay {

bool PlanBuffers::any() const {
    return sharedHit || sharedRead || sharedDirtied || sharedWritten || localHit || localRead || localDirtied ||
           localWritten || tempRead || tempWritten || ioReadMs.value_or(0) > 0 || ioWriteMs.value_or(0) > 0 ||
           tempIoReadMs.value_or(0) > 0 || tempIoWriteMs.value_or(0) > 0;
}

bool isCtePlan(const PlanNode& node) {
    return node.parentRelationship == "InitPlan" && node.subplanName.compare(0, 4, "CTE ") == 0;
}

namespace {

bool isGather(const PlanNode& node) { return node.nodeType == "Gather" || node.nodeType == "Gather Merge"; }

// InitPlans and SubPlans run in the process that evaluates them, outside the parallel part.
bool runsOnItsOwn(const PlanNode& node) {
    return node.parentRelationship == "InitPlan" || node.parentRelationship == "SubPlan";
}

// No server runs more processes than this (PostgreSQL's MAX_BACKENDS, 2^18 - 1). A pasted plan
// can claim any int ("Workers Launched: 2147483647"); without the bound, adding the leader
// overflowed int (undefined behaviour, reported by UBSan in tests/fuzz/plan_parsers_fuzz).
constexpr int kMostWorkers = (1 << 18) - 1;

int processesUnder(const PlanNode& gather) {
    const int workers = std::clamp(gather.workersLaunched.value_or(gather.workersPlanned.value_or(0)), 0, kMostWorkers);
    // With Single Copy the leader only collects; without workers it runs the plan itself.
    if (gather.singleCopy) return std::max(1, workers);
    return workers + 1;
}

// Plan::nodes is in pre-order, so a node's subtree is a run of nodes: from the node to the end
// of its last child's subtree. One pass from the back finds every run's end.
std::vector<int> subtreeEnds(const std::vector<PlanNode>& nodes) {
    std::vector<int> ends(nodes.size());
    for (int i = static_cast<int>(nodes.size()) - 1; i >= 0; --i)
        ends[i] = nodes[i].children.empty() ? i + 1 : std::max(i + 1, ends[nodes[i].children.back()]);
    return ends;
}

// The searches below look through a subtree per InitPlan and CTE. Real plans have a few hundred
// nodes; a made-up one with a hundred thousand InitPlans must not take minutes, so the searches
// share a budget, and once it is spent an InitPlan's time is left with its parent and a CTE's
// with the node it hangs under.
struct SearchBudget {
    long nodesLeft = 500'000;
    bool take() { return nodesLeft-- > 0; }
};

// Every expression of a node as printed, where a use of an InitPlan's result can appear.
std::vector<const std::string*> expressionsOf(const PlanNode& n) {
    std::vector<const std::string*> out = {&n.filter,    &n.joinFilter, &n.indexCond,     &n.recheckCond,
                                           &n.hashCond,  &n.mergeCond,  &n.oneTimeFilter, &n.cacheKey};
    for (const auto* list : {&n.sortKey, &n.presortedKey, &n.groupKey})
        for (const std::string& s : *list) out.push_back(&s);
    if (n.output)
        for (const std::string& s : *n.output) out.push_back(&s);
    for (const PlanProperty& p : n.otherProperties) out.push_back(&p.value);
    return out;
}

// How expressions refer to an InitPlan's result: "$0" up to PostgreSQL 16 ("InitPlan 1 (returns
// $0,$1)"), "(InitPlan 1).col1" from 17 on.
std::vector<std::string> initPlanReferences(const std::string& subplanName) {
    std::vector<std::string> refs;
    const size_t paren = subplanName.find(" (returns ");
    refs.push_back("(" + subplanName.substr(0, paren) + ")");
    if (paren == std::string::npos) return refs;
    const std::string params = subplanName.substr(paren + 10);
    for (size_t i = 0; i < params.size(); ++i) {
        if (params[i] != '$') continue;
        size_t end = i + 1;
        while (end < params.size() && std::isdigit(static_cast<unsigned char>(params[end]))) ++end;
        if (end > i + 1) refs.push_back(params.substr(i, end - i));
        i = end - 1;
    }
    return refs;
}

bool mentions(const std::string& text, const std::string& ref) {
    for (size_t at = text.find(ref); at != std::string::npos; at = text.find(ref, at + 1)) {
        const size_t after = at + ref.size();
        // "$1" must not match "$12".
        if (ref[0] != '$' || after >= text.size() || !std::isdigit(static_cast<unsigned char>(text[after]))) return true;
    }
    return false;
}

bool usesAny(const PlanNode& node, const std::vector<std::string>& refs) {
    for (const std::string* text : expressionsOf(node))
        for (const std::string& ref : refs)
            if (mentions(*text, ref)) return true;
    return false;
}

// The node whose time contains an InitPlan's run: the first executed node below the InitPlan's
// parent (the parent included, the InitPlan's own subtree not) whose expressions use its result.
// Without VERBOSE an output column that uses it is not printed; the parent is then the best guess
// (a Result node evaluating "SELECT (SELECT max(x) FROM t)" is the usual case).
int initPlanUser(const std::vector<PlanNode>& nodes, const std::vector<int>& ends, int initPlan, SearchBudget& budget) {
    const int parent = nodes[initPlan].parent;
    const std::vector<std::string> refs = initPlanReferences(nodes[initPlan].subplanName);
    for (int i = parent; i < ends[parent] && budget.take(); ++i) {
        if (i == initPlan) {
            i = ends[initPlan] - 1;
            continue;
        }
        if (nodes[i].loops > 0 && usesAny(nodes[i], refs)) return i;
    }
    return parent;
}

// The CTE Scans that read a CTE: below the CTE's parent, outside the CTE's own plan.
std::vector<int> cteScansOf(const std::vector<PlanNode>& nodes, const std::vector<int>& ends, int cte, SearchBudget& budget) {
    const std::string name = nodes[cte].subplanName.substr(4);
    std::vector<int> scans;
    const int parent = nodes[cte].parent;
    for (int i = parent; i < ends[parent]; ++i) {
        if (!budget.take()) return {};
        if (i == cte) {
            i = ends[cte] - 1;
            continue;
        }
        if (nodes[i].nodeType == "CTE Scan" && nodes[i].cteName == name) scans.push_back(i);
    }
    return scans;
}

void deriveTimes(Plan& plan) {
    std::vector<PlanNode>& nodes = plan.nodes;
    const int count = static_cast<int>(nodes.size());
    for (int i = 0; i < count; ++i) {
        PlanNode& n = nodes[i];
        n.parallelProcesses = 1;
        if (n.parent >= 0 && !runsOnItsOwn(n)) {
            const PlanNode& p = nodes[n.parent];
            n.parallelProcesses = isGather(p) ? processesUnder(p) : p.parallelProcesses;
        }
        n.inclusiveMs.reset();
        n.exclusiveMs.reset();
        if (n.actualTotalMs) n.inclusiveMs = *n.actualTotalMs * n.loops / n.parallelProcesses;
    }

    // Unclamped first, so that what one step takes away another can still see.
    std::vector<double> own(nodes.size(), 0);
    for (int i = 0; i < count; ++i) {
        if (!nodes[i].inclusiveMs) continue;
        own[i] = *nodes[i].inclusiveMs;
        for (int c : nodes[i].children)
            if (nodes[c].parentRelationship != "InitPlan") own[i] -= nodes[c].inclusiveMs.value_or(0);
    }
    const std::vector<int> ends = subtreeEnds(nodes);
    SearchBudget budget;
    std::vector<int> ctes;
    for (int i = 0; i < count; ++i) {
        const PlanNode& n = nodes[i];
        if (n.parent < 0 || n.parentRelationship != "InitPlan" || !n.inclusiveMs) continue;
        if (isCtePlan(n)) ctes.push_back(i);
        else own[initPlanUser(nodes, ends, i, budget)] -= *n.inclusiveMs;
    }
    // CTEs after every other InitPlan, and shared out by the scans' own time, not their total: a
    // scan's total can hold an InitPlan it evaluated, and with it another scan of the same CTE
    // ("WHERE total > (SELECT avg(total) FROM totals)"). Weighed by totals, the outer scan was
    // charged for CTE time the inner scan had spent, its share was cut off at 0, and the inner scan
    // kept what was the CTE's: the exclusive times of a plan PGlite gave added up to 140% of the
    // root's.
    for (int i : ctes) {
        const PlanNode& n = nodes[i];
        const std::vector<int> scans = cteScansOf(nodes, ends, i, budget);
        double scanTime = 0;
        for (int s : scans) scanTime += std::max(0.0, own[s]);
        if (scanTime <= 0) {
            own[n.parent] -= *n.inclusiveMs;   // no scan took time (or the budget ran out): the parent holds it
            continue;
        }
        for (int s : scans) own[s] -= *n.inclusiveMs * std::max(0.0, own[s]) / scanTime;
    }
    for (int i = 0; i < count; ++i)
        if (nodes[i].inclusiveMs) nodes[i].exclusiveMs = std::max(0.0, own[i]);
}

void deriveCosts(Plan& plan) {
    for (PlanNode& n : plan.nodes) {
        n.exclusiveCost = 0;
        if (!n.hasCosts) continue;
        double cost = n.totalCost;
        for (int c : n.children)
            if (plan.nodes[c].parentRelationship != "SubPlan") cost -= plan.nodes[c].totalCost;
        n.exclusiveCost = std::max(0.0, cost);
    }
}

}  // namespace

void finishPlan(Plan& plan) {
    plan.analyzed = false;
    bool timed = false;
    for (const PlanNode& n : plan.nodes) {
        plan.analyzed = plan.analyzed || n.actualRows.has_value();
        timed = timed || n.actualTotalMs.has_value();
    }
    // A node that never ran has zero times in FORMAT JSON; the text form only says "(never
    // executed)". Give both the same figures.
    for (PlanNode& n : plan.nodes) {
        if (!timed || !n.actualRows || n.loops > 0) continue;
        if (!n.actualStartupMs) n.actualStartupMs = 0.0;
        if (!n.actualTotalMs) n.actualTotalMs = 0.0;
    }
    deriveTimes(plan);
    deriveCosts(plan);
}

std::string planDurationText(double ms) {
    char buf[40];
    std::snprintf(buf, sizeof(buf), ms >= 100 ? "%.0f ms" : ms >= 1 ? "%.1f ms" : "%.3f ms", ms);
    return buf;
}

std::string nodeDisplayName(const PlanNode& n) {
    std::string base = n.nodeType;
    auto joined = [&](const char* algorithm) {
        const bool inner = n.joinType.empty() || n.joinType == "Inner";
        if (inner) return std::string(algorithm) + (n.nodeType == "Nested Loop" ? "" : " Join");
        return std::string(algorithm) + " " + n.joinType + " Join";
    };
    if (n.nodeType == "Aggregate") {
        if (n.strategy == "Sorted") base = "GroupAggregate";
        else if (n.strategy == "Hashed") base = "HashAggregate";
        else if (n.strategy == "Mixed") base = "MixedAggregate";
        if (n.partialMode == "Partial" || n.partialMode == "Finalize") base = n.partialMode + " " + base;
    } else if (n.nodeType == "SetOp") {
        base = n.strategy == "Hashed" ? "HashSetOp" : "SetOp";
        if (!n.command.empty()) base += " " + n.command;
    } else if (n.nodeType == "ModifyTable") {
        if (!n.operation.empty()) base = n.operation;
    } else if (n.nodeType == "Foreign Scan") {
        if (n.operation == "Insert" || n.operation == "Update" || n.operation == "Delete") base = "Foreign " + n.operation;
    } else if (n.nodeType == "Custom Scan") {
        if (!n.customPlanProvider.empty()) base = "Custom Scan (" + n.customPlanProvider + ")";
    } else if (n.nodeType == "Nested Loop") {
        base = joined("Nested Loop");
    } else if (n.nodeType == "Hash Join") {
        base = joined("Hash");
    } else if (n.nodeType == "Merge Join") {
        base = joined("Merge");
    }
    if (n.scanDirection == "Backward") base += " Backward";
    std::string prefix;
    if (n.parallelAware) prefix += "Parallel ";
    if (n.asyncCapable) prefix += "Async ";
    return prefix + base;
}

}  // namespace pgplay
