// The plan tree of one EXPLAIN, as the plan viewer shows it.
//
// Both readers fill these same structs: plan_json_parser (EXPLAIN (FORMAT JSON)) and
// plan_text_parser (the default text form, as psql prints it), so a view never cares which form
// a learner pasted. Fields keep PostgreSQL's own words ("Hash Join", "Inner", "Hashed") so they
// can be looked up in the manual.
//
// Raw fields say what the server reported. Derived fields (inclusiveMs, exclusiveMs,
// exclusiveCost, parallelProcesses) are computed once by finishPlan(), which both parsers call;
// each says how it is computed where it is declared.
//
// Index of this file:
//   [SECTION] Parts of a node: buffers, WAL, workers, other properties
//   [SECTION] PlanNode
//   [SECTION] Plan and PlanParseResult
//   [SECTION] Functions
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pgplay {

// Plans nested deeper than this are refused by both parsers with an error. Real plans stay far
// below it (PostgreSQL itself runs out of stack long before), so a deeper one is malformed or
// hostile, and the limit keeps every walk over the tree safe to write recursively.
inline constexpr int kMaxPlanDepth = 1000;

// [SECTION] Parts of a node: buffers, WAL, workers, other properties -------------------------

// Where a sort kept its tuples: all in memory, or spilled to temporary files.
enum class SortSpace { None, Memory, Disk };

// Blocks a node touched (EXPLAIN (BUFFERS)): counts of 8 kB pages, including its children's.
// The text form leaves zero counters out, FORMAT JSON lists them all; both end up here as 0.
struct PlanBuffers {
    int64_t sharedHit = 0, sharedRead = 0, sharedDirtied = 0, sharedWritten = 0;
    int64_t localHit = 0, localRead = 0, localDirtied = 0, localWritten = 0;   // temporary tables
    int64_t tempRead = 0, tempWritten = 0;                                      // sorts, hashes that spilled
    // With track_io_timing: time spent reading and writing blocks, in milliseconds.
    std::optional<double> ioReadMs, ioWriteMs;           // shared and local blocks together
    std::optional<double> tempIoReadMs, tempIoWriteMs;

    bool any() const;   // some counter or timing is nonzero
};

// WAL a node generated (EXPLAIN (WAL)).
struct PlanWal {
    int64_t records = 0;
    int64_t fullPageImages = 0;
    int64_t bytes = 0;
};

// A name and its value as text, for what the model has no field of its own for ("Inner Unique",
// "Cache Mode", "Sampling", an extension's "Remote SQL"...), in the order the server gave them.
struct PlanProperty {
    std::string name;
    std::string value;
};

// One parallel worker's own figures for a node. Sorts, hash aggregates and the like report them
// with plain ANALYZE; times and rows per worker need VERBOSE.
struct PlanWorker {
    int number = 0;
    std::optional<double> actualStartupMs, actualTotalMs;   // per loop
    std::optional<double> actualRows;                       // per loop
    double loops = 0;
    std::string sortMethod;
    std::optional<int64_t> sortSpaceUsedKb;
    SortSpace sortSpaceType = SortSpace::None;
    PlanBuffers buffers;
    std::vector<PlanProperty> otherProperties;
};

// [SECTION] PlanNode -----------------------------------------------------------------------

struct PlanNode {
    // --- Place in the tree: indices into Plan::nodes, which is in EXPLAIN's own order.
    int parent = -1;              // -1 for the root
    std::vector<int> children;    // InitPlans and CTEs first, then outer, inner, members, SubPlans
    int depth = 0;                // the root is 0

    // --- What the node is. The text form folds several of these into one name
    // ("Parallel Partial HashAggregate", "Hash Left Join"); nodeDisplayName() rebuilds it.
    std::string nodeType;             // "Seq Scan", "Hash Join", "Aggregate", "ModifyTable"...
    std::string strategy;             // Aggregate: Plain, Sorted, Hashed, Mixed; SetOp: Sorted, Hashed
    std::string partialMode;          // Aggregate: Simple, Partial, Finalize
    std::string joinType;             // joins: Inner, Left, Full, Right, Semi, Anti, Right Anti...
    std::string command;              // SetOp: Intersect, Intersect All, Except, Except All
    std::string operation;            // ModifyTable and Foreign Scan: Insert, Update, Delete, Merge, Select
    std::string scanDirection;        // index scans: Forward, Backward, NoMovement ("" when the text form left it out)
    std::string customPlanProvider;   // Custom Scan: the extension's name for it
    bool parallelAware = false;       // shares its work with the other processes under a Gather
    bool asyncCapable = false;

    // How the parent uses it: "Outer", "Inner", "Member" (Append...), "Subquery", "InitPlan",
    // "SubPlan"; empty for the root. subplanName names InitPlans, SubPlans and CTEs:
    // "InitPlan 1 (returns $0)", "SubPlan 2", "CTE totals".
    std::string parentRelationship;
    std::string subplanName;

    // --- What it reads.
    std::optional<std::string> relation;   // table, for scans of one; also ModifyTable's target
    std::string schema;                    // only with VERBOSE
    std::string alias;                     // the name the query gave it ("o" in "orders o"), or the name itself
    std::optional<std::string> index;      // index scans
    std::string cteName;                   // CTE Scan and WorkTable Scan
    std::string functionName;              // Function Scan of one function

    // --- The planner's estimates (absent with COSTS OFF; then hasCosts is false).
    bool hasCosts = false;
    double startupCost = 0;    // cost units before the first row
    double totalCost = 0;      // cost units for all rows, per loop
    double estimatedRows = 0;  // rows per loop
    int planWidth = 0;         // average row width in bytes

    // --- What happened (EXPLAIN ANALYZE). Rows and times are averages per loop, as printed.
    std::optional<double> actualRows;                       // absent without ANALYZE
    double loops = 0;                                       // 0: never executed (or no ANALYZE)
    std::optional<double> actualStartupMs, actualTotalMs;   // absent with TIMING OFF

    // --- Conditions, as PostgreSQL printed them, and the rows they threw away (per loop).
    std::string filter, joinFilter, indexCond, recheckCond, hashCond, mergeCond, oneTimeFilter;
    double rowsRemovedByFilter = 0;
    double rowsRemovedByJoinFilter = 0;
    double rowsRemovedByIndexRecheck = 0;
    std::vector<std::string> sortKey, presortedKey, groupKey;
    std::optional<std::vector<std::string>> output;   // output columns: only with VERBOSE

    // --- Sorts, hashes and caches.
    std::string sortMethod;                     // "quicksort", "top-N heapsort", "external merge"...
    std::optional<int64_t> sortSpaceUsedKb;
    SortSpace sortSpaceType = SortSpace::None;
    std::optional<int64_t> hashBuckets, originalHashBuckets;    // Hash: buckets grow at run time
    std::optional<int64_t> hashBatches, originalHashBatches;    // more than 1: the hash table spilled
    std::optional<int64_t> hashAggBatches;                      // HashAggregate: more than 1 spilled
    std::optional<int64_t> plannedPartitions;                   // HashAggregate: spill foreseen by the planner
    std::optional<int64_t> peakMemoryKb;                        // Hash, HashAggregate, Memoize
    std::optional<int64_t> diskUsageKb;                         // HashAggregate
    std::optional<int64_t> cacheHits, cacheMisses, cacheEvictions, cacheOverflows;   // Memoize
    std::string cacheKey;                                                            // Memoize
    std::optional<double> heapFetches;                          // Index Only Scan: rows it still had to check in the table
    std::optional<int64_t> exactHeapBlocks, lossyHeapBlocks;    // Bitmap Heap Scan

    // --- Parallel query.
    std::optional<int> workersPlanned, workersLaunched;   // Gather and Gather Merge
    bool singleCopy = false;                              // Gather: the plan below runs in one worker only
    std::vector<PlanWorker> workers;                      // per-worker figures, when reported

    // --- I/O.
    PlanBuffers buffers;
    std::optional<PlanWal> wal;

    std::vector<PlanProperty> otherProperties;

    // --- Derived by finishPlan() ---------------------------------------------------------
    // Processes that ran this node at the same time: for nodes below a Gather (not through an
    // InitPlan or SubPlan), the workers launched plus the leader; 1 elsewhere. Their loops add
    // up across processes, their time does not (they run side by side).
    int parallelProcesses = 1;
    // Wall-clock time in this node and everything below it, over all its loops:
    // actualTotalMs * loops / parallelProcesses. Absent without ANALYZE timing.
    std::optional<double> inclusiveMs;
    // Time in this node alone: inclusiveMs minus what its children took, never below 0. An
    // InitPlan's time is taken from the node that used its result, a CTE's from the CTE Scans
    // that read it (see plan_model.cpp). Absent when inclusiveMs is.
    std::optional<double> exclusiveMs;
    // totalCost minus the children's total costs (SubPlans' are per call, so they are left
    // alone), never below 0. Only meaningful as a rough share: costs are per loop.
    double exclusiveCost = 0;
};

// [SECTION] Plan and PlanParseResult --------------------------------------------------------

// A trigger that ran after the statement (EXPLAIN ANALYZE of a write), foreign-key checks included.
struct PlanTrigger {
    std::string name;             // empty in the text form for constraint triggers without VERBOSE
    std::string constraintName;   // foreign keys: the constraint it checks
    std::string relation;
    std::optional<double> timeMs;   // absent with TIMING OFF
    double calls = 0;
};

// A planner setting that differs from its default (EXPLAIN (SETTINGS)).
struct PlanSetting {
    std::string name;    // "work_mem"
    std::string value;   // "64kB"
};

struct Plan {
    std::vector<PlanNode> nodes;   // in EXPLAIN's order (parents before children); nodes[0] is the root
    std::optional<double> planningMs;
    std::optional<double> executionMs;   // ANALYZE only
    PlanBuffers planningBuffers;         // EXPLAIN (BUFFERS): catalog reads while planning
    std::vector<PlanTrigger> triggers;
    std::vector<PlanSetting> settings;
    std::optional<int64_t> jitFunctions;   // JIT compilation, when it happened
    std::optional<double> jitTotalMs;
    std::vector<PlanProperty> otherProperties;   // "Query Identifier", "Query Text"...
    bool analyzed = false;   // EXPLAIN ANALYZE: nodes carry actual rows and loops (set by finishPlan)

    const PlanNode& root() const { return nodes.front(); }
};

// What a parser returns: a plan, or why there is none. Parsers never throw.
struct PlanParseResult {
    std::optional<Plan> plan;
    std::string error;                   // set exactly when plan is absent; one sentence for the learner
    std::vector<std::string> warnings;   // parts of the input that were skipped, with their line

    bool ok() const { return plan.has_value(); }
};

// [SECTION] Functions ----------------------------------------------------------------------

// Computes the derived fields of every node and Plan::analyzed. Both parsers call it; call it
// again after editing a plan by hand.
void finishPlan(Plan& plan);

// The node's name as the text form of EXPLAIN prints it: "Parallel Seq Scan", "Hash Left Join",
// "Partial HashAggregate", "HashSetOp Except", "Index Scan Backward", "Insert".
std::string nodeDisplayName(const PlanNode& node);

// A duration as the plan view prints it: "312 ms", "12.4 ms", "0.081 ms".
std::string planDurationText(double ms);

// A CTE's own plan ("CTE x"): an InitPlan whose rows CTE Scans read, run once for the whole query.
bool isCtePlan(const PlanNode& node);

}  // namespace pgplay
