#include "plan_advice.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "er_model.h"   // indexColumns

namespace pgplay {

namespace {

// A sequential scan is worth a word when it reads at least this many rows...
constexpr double kLargeScanRows = 1000;
// ...and keeps at most this share of them.
constexpr double kSelectiveShare = 0.1;
// Estimates this many times off (either way), on at least this many rows, mislead the planner.
constexpr double kMisestimateFactor = 10;
constexpr double kMisestimateRows = 100;
// An inner side run this many times makes a nested loop expensive.
constexpr double kManyLoops = 1000;
// ...or this many times that, when each run is an index lookup or a cache hit.
constexpr double kCheapRunFactor = 10;

std::string count(double n) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.0f", n);
    std::string s = buf;
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
    return s;
}

std::string percent(double share) {
    char buf[32];
    // One decimal near the ends, so 99.9% is not rounded to a misleading 100%.
    std::snprintf(buf, sizeof(buf), share < 0.01 || share > 0.99 ? "%.1f%%" : "%.0f%%", share * 100);
    return buf;
}

std::string workMem(const Plan& plan) {
    for (const PlanSetting& s : plan.settings)
        if (s.name == "work_mem") return "work_mem (" + s.value + " here)";
    return "work_mem (4MB unless set)";
}

bool isIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool isIdentChar(char c) { return isIdentStart(c) || (c >= '0' && c <= '9') || c == '$'; }

// The table's schema entry, by the relation name the plan gives (unqualified without VERBOSE).
const TableInfo* tableNamed(const SchemaSnapshot* schema, const PlanNode& n) {
    if (!schema || !n.relation) return nullptr;
    for (const TableInfo& t : schema->tables)
        if (t.name == *n.relation && (n.schema.empty() || n.schema == t.schema)) return &t;
    return nullptr;
}

// An index whose first column is `column`: the one a filter on it could use.
const IndexInfo* indexLeadingWith(const TableInfo* t, const std::string& column) {
    if (!t) return nullptr;
    for (const IndexInfo& i : t->indexes) {
        const std::vector<std::string> columns = indexColumns(i.definition);
        if (!columns.empty() && columns.front() == column) return &i;
    }
    return nullptr;
}

void scanAdvice(const Plan& plan, int i, const SchemaSnapshot* schema, std::vector<PlanWarning>& out) {
    const PlanNode& n = plan.nodes[static_cast<size_t>(i)];
    if (n.nodeType != "Seq Scan" || !n.relation || n.filter.empty() || !n.actualRows || n.loops <= 0) return;
    const double kept = *n.actualRows * n.loops;
    const double read = kept + n.rowsRemovedByFilter * n.loops;
    if (read <= 0) return;
    const double share = kept / read;
    const std::string column = filterColumn(n.filter);
    const std::string table = *n.relation;
    if (const IndexInfo* index = column.empty() ? nullptr : indexLeadingWith(tableNamed(schema, n), column)) {
        std::string why;
        if (read < kLargeScanRows)
            why = "the table is small (" + count(read) + " rows): reading it whole costs less than going through "
                  "the index, so the planner is right.";
        else if (share > 0.2)
            why = "the filter keeps " + percent(share) + " of the rows: fetching that many through the index "
                  "would cost more than reading the table in order, so the planner is right.";
        else
            why = "the filter keeps only " + percent(share) + " of " + count(read) + " rows, so the index should "
                  "have helped: the planner's statistics may be stale. Run ANALYZE " + table + ".";
        out.push_back({PlanWarningKind::UnusedIndex, i, {},
                       "The index " + index->name + " on " + table + " (" + column + ") was not used: " + why});
        return;
    }
    if (read < kLargeScanRows || share > kSelectiveShare) return;
    std::string message = "Seq Scan on " + table + " read " + count(read) + " rows and threw away " +
                          count(read - kept) + " of them (" + percent(1 - share) + ") to keep " + count(kept) +
                          " (Filter: " + n.filter + ").";
    if (!column.empty()) message += " An index on " + table + " (" + column + ") may help.";
    else message += " An index on the filtered expression may help.";
    out.push_back({PlanWarningKind::MissingIndex, i, {}, message});
}

// Nodes that read all their input before they return a row: a Limit above one of them does not
// stop what is below it early. (Incremental Sort, Gather Merge, Materialize, WindowAgg and
// sorted aggregates stream their rows.)
bool readsAllInput(const PlanNode& n) {
    if (n.nodeType == "Sort" || n.nodeType == "Hash") return true;
    if (n.nodeType == "Aggregate") return n.strategy == "Hashed" || n.strategy == "Plain" || n.strategy == "Mixed";
    if (n.nodeType == "SetOp") return n.strategy == "Hashed";
    return false;
}

// A Limit above the node stopped asking for rows: fewer rows than estimated is the Limit at work,
// not a wrong estimate (the plan shows the estimate for running to the end).
bool cutShortByLimit(const Plan& plan, int i) {
    for (int p = plan.nodes[static_cast<size_t>(i)].parent; p >= 0; p = plan.nodes[static_cast<size_t>(p)].parent) {
        const PlanNode& above = plan.nodes[static_cast<size_t>(p)];
        if (above.nodeType == "Limit") return true;
        if (readsAllInput(above)) return false;
    }
    return false;
}

void estimateAdvice(const Plan& plan, int i, std::vector<PlanWarning>& out) {
    const PlanNode& n = plan.nodes[static_cast<size_t>(i)];
    if (!n.actualRows || n.loops <= 0 || !n.hasCosts) return;
    const double actual = *n.actualRows, estimated = n.estimatedRows;
    if (std::max(actual, estimated) < kMisestimateRows) return;
    const double factor = std::max(actual, 1.0) / std::max(estimated, 1.0);
    if (factor < kMisestimateFactor && factor > 1 / kMisestimateFactor) return;
    if (factor < 1 && cutShortByLimit(plan, i)) return;
    const bool more = factor > 1;
    char times[32];
    std::snprintf(times, sizeof(times), "%.0fx", more ? factor : 1 / factor);
    std::string message = "The planner expected " + count(estimated) + (estimated == 1 ? " row" : " rows") + " from this " + nodeDisplayName(n) +
                          " and got " + count(actual) + " (" + times + (more ? " more" : " fewer") +
                          "). Plans built on wrong estimates choose the wrong joins and scans.";
    message += n.relation ? " Run ANALYZE " + *n.relation + " so the planner has fresh statistics."
                          : " Fresh statistics (ANALYZE) on the tables below it may help.";
    out.push_back({PlanWarningKind::Misestimate, i, {}, message});
}

void spillAdvice(const Plan& plan, int i, std::vector<PlanWarning>& out) {
    const PlanNode& n = plan.nodes[static_cast<size_t>(i)];
    if (n.sortSpaceType == SortSpace::Disk)
        out.push_back({PlanWarningKind::DiskSpill, i, {},
                       "The sort spilled to disk (" + (n.sortSpaceUsedKb ? count(static_cast<double>(*n.sortSpaceUsedKb)) + " kB, " : std::string()) +
                           n.sortMethod + "): it did not fit in " + workMem(plan) + ". A larger work_mem, or an index "
                           "that returns the rows already in order, keeps it in memory."});
    else if (n.hashBatches && *n.hashBatches > 1)
        out.push_back({PlanWarningKind::DiskSpill, i, {},
                       "The hash table was split into " + count(static_cast<double>(*n.hashBatches)) +
                           " batches written to disk: it did not fit in " + workMem(plan) + " (times hash_mem_multiplier)."});
    else if (n.hashAggBatches && *n.hashAggBatches > 1)
        out.push_back({PlanWarningKind::DiskSpill, i, {},
                       "The hash aggregate spilled to disk in " + count(static_cast<double>(*n.hashAggBatches)) +
                           " batches: its groups did not fit in " + workMem(plan) + " (times hash_mem_multiplier)."});
}

void loopAdvice(const Plan& plan, int i, std::vector<PlanWarning>& out) {
    const PlanNode& n = plan.nodes[static_cast<size_t>(i)];
    if (n.nodeType != "Nested Loop") return;
    for (int c : n.children) {
        const PlanNode& inner = plan.nodes[static_cast<size_t>(c)];
        if (inner.parentRelationship != "Inner" || inner.loops < kManyLoops) continue;
        // Each run an index lookup, or answered from Memoize's cache: a run costs a few pages, so
        // it takes ten times as many runs before the loop itself is worth a word.
        const bool cheapRuns = inner.nodeType == "Index Scan" || inner.nodeType == "Index Only Scan" ||
                               inner.nodeType == "Bitmap Heap Scan" || inner.nodeType == "Memoize";
        if (cheapRuns && inner.loops < kManyLoops * kCheapRunFactor) continue;
        out.push_back({PlanWarningKind::ManyLoops, i, {},
                       "The inner side of this Nested Loop (" + nodeDisplayName(inner) + ") ran " + count(inner.loops) +
                           " times, once for every row of the outer side. With this many rows a Hash Join or Merge "
                           "Join is often cheaper; an index for the inner side's condition makes each run fast."});
    }
}

}  // namespace

const char* planWarningKindName(PlanWarningKind kind) {
    switch (kind) {
        case PlanWarningKind::MissingIndex: return "missing-index";
        case PlanWarningKind::UnusedIndex: return "unused-index";
        case PlanWarningKind::Misestimate: return "misestimate";
        case PlanWarningKind::DiskSpill: return "disk-spill";
        case PlanWarningKind::ManyLoops: return "many-loops";
    }
    return "";
}

std::optional<PlanWarningKind> parsePlanWarningKind(std::string_view name) {
    for (PlanWarningKind k : {PlanWarningKind::MissingIndex, PlanWarningKind::UnusedIndex, PlanWarningKind::Misestimate,
                              PlanWarningKind::DiskSpill, PlanWarningKind::ManyLoops})
        if (name == planWarningKindName(k)) return k;
    return std::nullopt;
}

std::vector<size_t> planNodePath(const Plan& plan, int node) {
    std::vector<size_t> path;
    for (int i = node; i >= 0 && static_cast<size_t>(i) < plan.nodes.size();) {
        const int parent = plan.nodes[static_cast<size_t>(i)].parent;
        if (parent < 0) break;
        const std::vector<int>& siblings = plan.nodes[static_cast<size_t>(parent)].children;
        path.push_back(static_cast<size_t>(std::find(siblings.begin(), siblings.end(), i) - siblings.begin()));
        i = parent;
    }
    std::reverse(path.begin(), path.end());
    return path;
}

std::string filterColumn(const std::string& filter) {
    // The first identifier, past parentheses; a name followed by '(' is a function, and an AND or
    // OR means more than one condition: neither is one column.
    if (filter.find(" OR ") != std::string::npos || filter.find(" AND ") != std::string::npos) return "";
    size_t i = 0;
    while (i < filter.size() && (filter[i] == '(' || filter[i] == ' ')) ++i;
    std::string name;
    while (i < filter.size()) {
        if (!isIdentStart(filter[i])) return name;
        const size_t start = i;
        while (i < filter.size() && isIdentChar(filter[i])) ++i;
        name = filter.substr(start, i - start);
        if (i < filter.size() && filter[i] == '(') return "";     // a function call
        if (i < filter.size() && filter[i] == '.') { ++i; continue; }   // alias.column: keep the column
        return name;
    }
    return name;
}

std::vector<PlanWarning> planWarnings(const Plan& plan, const SchemaSnapshot* schema) {
    std::vector<PlanWarning> out;
    if (!plan.analyzed) return out;
    for (int i = 0; i < static_cast<int>(plan.nodes.size()); ++i) {
        scanAdvice(plan, i, schema, out);
        estimateAdvice(plan, i, out);
        spillAdvice(plan, i, out);
        loopAdvice(plan, i, out);
    }
    for (PlanWarning& w : out) w.nodePath = planNodePath(plan, w.node);
    return out;
}

}  // namespace pgplay
