// EXPLAIN (FORMAT JSON) into the plan model (core/plan_json_parser): every captured plan, what
// each one is about, the derived times, and malformed input of every kind.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <iterator>
#include <string>

#include "core/plan_json_parser.h"
#include "plan_fixtures.h"

using namespace pgplay;
using plantest::findNode;
using plantest::fixture;

namespace {

Plan parsed(const std::string& name) {
    PlanParseResult r = parseJsonPlan(fixture(name + ".json"));
    INFO(name << ": " << r.error);
    REQUIRE(r.ok());
    return *r.plan;
}

std::string errorOf(const std::string& text) {
    PlanParseResult r = parseJsonPlan(text);
    CHECK_FALSE(r.ok());
    CHECK_FALSE(r.error.empty());
    return r.error;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A plan nested `levels` deep: a Limit over a Limit over ... over a Result.
std::string nestedPlan(int levels) {
    std::string open, close;
    for (int i = 0; i < levels; ++i) {
        open += "{\"Node Type\": \"Limit\", \"Plans\": [";
        close += "]}";
    }
    return "[{\"Plan\": " + open + "{\"Node Type\": \"Result\"}" + close + "}]";
}

}  // namespace

TEST_CASE("Plan JSON: every captured plan parses into a consistent tree", "[plan][json]") {
    const auto fixtures = plantest::allFixtures();
    REQUIRE(fixtures.size() >= 60);
    for (const plantest::FixtureId& f : fixtures) {
        INFO(f.label());
        PlanParseResult r = parseJsonPlan(f.file(".json"));
        INFO(r.error);
        REQUIRE(r.ok());
        CHECK(r.warnings.empty());
        const Plan& plan = *r.plan;
        CHECK(plantest::treeProblems(plan).empty());
        CHECK(plan.analyzed);
        CHECK(plan.planningMs.has_value());
        CHECK(plan.executionMs.has_value());
        // Catalog lookups while planning (BUFFERS): psql connects afresh for each EXPLAIN, so its
        // caches are cold; the PGlite capture is one session, and its caches are often warm.
        if (f.source == "pg15") CHECK(plan.planningBuffers.sharedHit > 0);
        for (const PlanNode& n : plan.nodes) {
            CHECK(n.hasCosts);
            CHECK(n.actualRows.has_value());
            CHECK(n.inclusiveMs.has_value());
            CHECK(n.exclusiveMs.value_or(-1) >= 0);
            // Parent Relationship is given for every node but the root.
            CHECK(n.parentRelationship.empty() == (n.parent < 0));
        }
    }
}

TEST_CASE("Plan JSON: a node's name reads as in the text form of the same plan", "[plan][json]") {
    for (const plantest::FixtureId& f : plantest::allFixtures()) {
        const PlanParseResult r = parseJsonPlan(f.file(".json"));
        REQUIRE(r.ok());
        const std::string text = f.file(".txt");
        for (const PlanNode& n : r.plan->nodes) {
            const std::string shown = nodeDisplayName(n);
            INFO(f.label() << ": " << shown);
            CHECK((contains(text, shown + "  (cost=") || contains(text, shown + " on ") || contains(text, shown + " using ")));
        }
    }
}

TEST_CASE("Plan JSON: exclusive times add up to the root's time", "[plan][json]") {
    for (const plantest::FixtureId& f : plantest::allFixtures()) {
        const PlanParseResult r = parseJsonPlan(f.file(".json"));
        REQUIRE(r.ok());
        const Plan& plan = *r.plan;
        const double root = *plan.root().inclusiveMs;
        // Per-loop times are printed to the microsecond, so every loop can be 0.0005 ms off;
        // where rounding makes a child look slower than its parent, exclusive time is clamped
        // to 0, which is the only way the sum can exceed the root.
        double slack = 0.002;
        for (const PlanNode& n : plan.nodes) slack += 0.0005 * n.loops * 2;
        INFO(f.label() << ": sum " << plantest::exclusiveSum(plan) << ", root " << root);
        CHECK(plantest::exclusiveSum(plan) >= root - 1e-9);
        CHECK(plantest::exclusiveSum(plan) <= root + slack);
    }
}

TEST_CASE("Plan JSON: joins, their conditions and the rows filters removed", "[plan][json]") {
    Plan plan = parsed("hash_join");
    const PlanNode& join = plan.root();
    CHECK(join.nodeType == "Hash Join");
    CHECK(join.joinType == "Inner");
    CHECK(join.hashCond == "(o.customer_id = c.id)");
    REQUIRE(join.children.size() == 2);
    const PlanNode& orders = plan.nodes[join.children[0]];
    CHECK(orders.parentRelationship == "Outer");
    CHECK(orders.relation == "orders");
    CHECK(orders.alias == "o");
    CHECK(orders.filter == "(amount > '450'::numeric)");
    CHECK(orders.rowsRemovedByFilter == 3600);
    CHECK(orders.actualRows == 400);
    const PlanNode& hash = plan.nodes[join.children[1]];
    CHECK(hash.parentRelationship == "Inner");
    CHECK(hash.hashBuckets == 1024);
    CHECK(hash.hashBatches == 1);
    CHECK(hash.peakMemoryKb > 0);
    REQUIRE(plan.settings.size() == 2);
    CHECK(plan.settings[0].name == "enable_mergejoin");
    CHECK(plan.settings[0].value == "off");

    plan = parsed("hash_join_batches");
    const PlanNode* spilled = findNode(plan, "Hash");
    REQUIRE(spilled);
    CHECK(spilled->hashBatches > 1);
    CHECK(spilled->originalHashBatches.has_value());
    CHECK(plan.root().buffers.tempWritten > 0);

    plan = parsed("merge_join");
    CHECK(plan.root().nodeType == "Merge Join");
    CHECK(plan.root().mergeCond == "(c.id = o.customer_id)");

    plan = parsed("nested_loop");
    CHECK(plan.root().nodeType == "Nested Loop");
    const PlanNode& inner = plan.nodes[plan.root().children[1]];
    CHECK(inner.loops == 4);
    CHECK(inner.recheckCond == "(customer_id = c.id)");
    CHECK(inner.exactHeapBlocks > 0);
    // Its time is per loop: the node's total is four times what it printed.
    CHECK(*inner.inclusiveMs == Approx(*inner.actualTotalMs * 4));

    plan = parsed("materialize");
    const PlanNode* loop = findNode(plan, "Nested Loop");
    REQUIRE(loop);
    CHECK(loop->joinFilter == "(a.code < b.code)");
    CHECK(loop->rowsRemovedByJoinFilter == 55);
    const PlanNode* materialize = findNode(plan, "Materialize");
    REQUIRE(materialize);
    CHECK(materialize->loops == 10);
}

TEST_CASE("Plan JSON: a node that never ran has zero rows, loops and time", "[plan][json]") {
    const Plan plan = parsed("never_executed");
    const PlanNode& customers = plan.nodes[plan.root().children[1]];
    CHECK(customers.relation == "customers");
    CHECK(customers.actualRows == 0);
    CHECK(customers.loops == 0);
    CHECK(customers.inclusiveMs == 0.0);
    CHECK(customers.exclusiveMs == 0.0);
}

TEST_CASE("Plan JSON: aggregates, sorts and their memory", "[plan][json]") {
    Plan plan = parsed("hash_aggregate");
    CHECK(plan.root().nodeType == "Aggregate");
    CHECK(plan.root().strategy == "Hashed");
    CHECK(plan.root().partialMode == "Simple");
    CHECK(plan.root().groupKey == std::vector<std::string>{"status"});
    CHECK(plan.root().hashAggBatches == 1);
    CHECK(nodeDisplayName(plan.root()) == "HashAggregate");

    plan = parsed("hash_aggregate_spill");
    CHECK(plan.root().strategy == "Hashed");
    CHECK(plan.root().hashAggBatches > 1);
    CHECK(plan.root().plannedPartitions > 0);
    CHECK(plan.root().diskUsageKb > 0);

    plan = parsed("group_aggregate");
    CHECK(plan.root().strategy == "Sorted");
    CHECK(nodeDisplayName(plan.root()) == "GroupAggregate");

    plan = parsed("sort_memory");
    CHECK(plan.root().sortMethod == "quicksort");
    CHECK(plan.root().sortSpaceType == SortSpace::Memory);
    CHECK(plan.root().sortKey == std::vector<std::string>{"amount DESC", "id"});

    plan = parsed("sort_disk");
    CHECK(plan.root().sortMethod == "external merge");
    CHECK(plan.root().sortSpaceType == SortSpace::Disk);
    CHECK(plan.root().sortSpaceUsedKb > 0);
    CHECK(plan.root().buffers.tempWritten > 0);
    CHECK(plan.root().buffers.tempRead > 0);

    plan = parsed("incremental_sort");
    const PlanNode* incremental = findNode(plan, "Incremental Sort");
    REQUIRE(incremental);
    CHECK(incremental->presortedKey == std::vector<std::string>{"customer_id"});

    plan = parsed("window_function");
    CHECK(plan.root().nodeType == "WindowAgg");

    plan = parsed("unique");
    CHECK(plan.root().nodeType == "Unique");
    CHECK(plan.nodes[1].nodeType == "Sort");

    plan = parsed("setop_except");
    CHECK(plan.root().nodeType == "SetOp");
    CHECK(plan.root().strategy == "Hashed");
    CHECK(plan.root().command == "Except");
    CHECK(nodeDisplayName(plan.root()) == "HashSetOp Except");
    const PlanNode* subquery = findNode(plan, "Subquery Scan");
    REQUIRE(subquery);
    CHECK(subquery->alias == "*SELECT* 1");
    CHECK(subquery->parentRelationship == "Member");
    CHECK(plan.nodes[subquery->children[0]].parentRelationship == "Subquery");

    plan = parsed("setop_intersect");
    CHECK(plan.root().strategy == "Sorted");
    CHECK(plan.root().command == "Intersect");
}

TEST_CASE("Plan JSON: SubPlans, InitPlans and CTEs, and whose time they are", "[plan][json]") {
    Plan plan = parsed("subplan");
    const PlanNode* sub = findNode(plan, "Aggregate");
    REQUIRE(sub);
    CHECK(sub->parentRelationship == "SubPlan");
    CHECK(sub->subplanName == "SubPlan 1");
    CHECK(sub->loops == 50);
    // A SubPlan runs inside its parent's expressions: its time is not the parent's own.
    const PlanNode& scan = plan.root();
    CHECK(*scan.exclusiveMs == Approx(std::max(0.0, *scan.inclusiveMs - *sub->inclusiveMs)).margin(1e-9));

    plan = parsed("subplan_hashed");
    const PlanNode* customers = findNode(plan, "Seq Scan");
    REQUIRE(customers);
    CHECK(customers->filter == "(NOT (hashed SubPlan 1))");
    CHECK(plan.nodes[customers->children[0]].parentRelationship == "SubPlan");

    plan = parsed("init_plan");
    const PlanNode& orders = plan.root();
    REQUIRE(orders.children.size() == 1);
    const PlanNode& init = plan.nodes[orders.children[0]];
    CHECK(init.parentRelationship == "InitPlan");
    CHECK(init.subplanName == "InitPlan 1 (returns $0)");
    CHECK_FALSE(isCtePlan(init));
    // The scan's filter uses $0, so the InitPlan ran inside the scan's own time.
    CHECK(*orders.exclusiveMs == Approx(*orders.inclusiveMs - *init.inclusiveMs).margin(1e-9));

    plan = parsed("cte_materialized");
    const PlanNode& top = plan.root();
    const PlanNode& cte = plan.nodes[top.children[0]];
    CHECK(isCtePlan(cte));
    CHECK(cte.subplanName == "CTE totals");
    int scans = 0;
    for (const PlanNode& n : plan.nodes)
        if (n.nodeType == "CTE Scan") {
            CHECK(n.cteName == "totals");
            ++scans;
        }
    CHECK(scans == 2);
    // The CTE's time is inside its scans, not the Aggregate it hangs under.
    CHECK(*top.exclusiveMs < *cte.inclusiveMs);

    plan = parsed("recursive_cte");
    const PlanNode* worktable = findNode(plan, "WorkTable Scan");
    REQUIRE(worktable);
    CHECK(worktable->cteName == "r");
    CHECK(worktable->alias == "r_1");
    CHECK(worktable->loops == 100);
    CHECK(findNode(plan, "Recursive Union"));
}

TEST_CASE("Plan JSON: a CTE read by a scan and by an InitPlan that scan evaluates is not counted twice", "[plan][json]") {
    // The times of pglite/cte_materialized.json as PGlite printed them once: the InitPlan's scan
    // pulled nearly all of the CTE's rows, while the outer scan's total holds that InitPlan. The CTE
    // used to be shared out by the scans' totals, so the outer scan was charged 36 ms it did not
    // have (cut off at 0) and the inner scan kept 30 ms that were the CTE's: 99 ms in all, of 70.
    const std::string node = R"("Startup Cost": 0, "Total Cost": 1, "Plan Rows": 1, "Plan Width": 4, "Actual Rows": 1, "Actual Loops": 1)";
    const std::string text = R"j([{"Plan": {"Node Type": "Aggregate", "Actual Total Time": 70.169, )j" + node + R"j(, "Plans": [
        {"Node Type": "Aggregate", "Parent Relationship": "InitPlan", "Subplan Name": "CTE totals", "Actual Total Time": 68.585, )j" + node + R"j(,
         "Plans": [{"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Relation Name": "orders", "Actual Total Time": 0.664, )j" + node + R"j(}]},
        {"Node Type": "Aggregate", "Parent Relationship": "InitPlan", "Subplan Name": "InitPlan 2", "Actual Total Time": 62.781, )j" + node + R"j(,
         "Plans": [{"Node Type": "CTE Scan", "Parent Relationship": "Outer", "CTE Name": "totals", "Alias": "totals_1", "Actual Total Time": 62.021, )j" + node + R"j(}]},
        {"Node Type": "CTE Scan", "Parent Relationship": "Outer", "CTE Name": "totals", "Alias": "totals", "Filter": "(total > (InitPlan 2).col1)",
         "Actual Total Time": 70.082, )j" + node + R"j(}]}}])j";
    const PlanParseResult r = parseJsonPlan(text);
    INFO(r.error);
    REQUIRE(r.ok());
    const Plan& plan = *r.plan;
    REQUIRE(plan.nodes.size() == 6);
    CHECK(plantest::exclusiveSum(plan) == Approx(70.169).margin(0.01));
    const PlanNode& innerScan = plan.nodes[4];
    const PlanNode& outerScan = plan.nodes[5];
    REQUIRE(innerScan.alias == "totals_1");
    // Shared out by the scans' own time: 62.021 and 70.082 - 62.781 = 7.301.
    CHECK(*innerScan.exclusiveMs == Approx(62.021 - 68.585 * 62.021 / (62.021 + 7.301)));
    CHECK(*outerScan.exclusiveMs == Approx(7.301 - 68.585 * 7.301 / (62.021 + 7.301)));
    CHECK(*innerScan.exclusiveMs < 1);
}

TEST_CASE("Plan JSON: parallel plans", "[plan][json]") {
    Plan plan = parsed("parallel_aggregate");
    CHECK(nodeDisplayName(plan.root()) == "Finalize GroupAggregate");
    const PlanNode* gather = findNode(plan, "Gather Merge");
    REQUIRE(gather);
    CHECK(gather->workersPlanned == 2);
    REQUIRE(gather->workersLaunched.has_value());
    const int processes = *gather->workersLaunched + 1;
    const PlanNode* sort = findNode(plan, "Sort");
    REQUIRE(sort);
    CHECK(sort->parallelProcesses == processes);
    // Loops add up over the processes, which run side by side: the wall time is their average.
    CHECK(*sort->inclusiveMs == Approx(*sort->actualTotalMs * sort->loops / processes));
    CHECK(sort->workers.size() == static_cast<size_t>(*gather->workersLaunched));
    for (const PlanWorker& w : sort->workers) CHECK(w.sortMethod == "quicksort");
    const PlanNode* partial = findNode(plan, "Aggregate", 1);
    REQUIRE(partial);
    CHECK(partial->partialMode == "Partial");
    CHECK(nodeDisplayName(*partial) == "Partial HashAggregate");
    const PlanNode* scan = findNode(plan, "Seq Scan");
    REQUIRE(scan);
    CHECK(scan->parallelAware);
    CHECK(nodeDisplayName(*scan) == "Parallel Seq Scan");
    CHECK(plan.root().parallelProcesses == 1);

    plan = parsed("parallel_hash_join");
    const PlanNode* join = findNode(plan, "Hash Join");
    REQUIRE(join);
    CHECK(join->parallelAware);
    CHECK(nodeDisplayName(*join) == "Parallel Hash Join");
    CHECK(findNode(plan, "Gather")->workersLaunched.has_value());
    CHECK(nodeDisplayName(*findNode(plan, "Hash")) == "Parallel Hash");
}

TEST_CASE("Plan JSON: scans of every kind name what they read", "[plan][json]") {
    Plan plan = parsed("bitmap_scan");
    CHECK(plan.root().nodeType == "Bitmap Heap Scan");
    CHECK(plan.root().recheckCond == "((customer_id < 20) OR (created = '2024-03-01'::date))");
    const PlanNode& bitmapOr = plan.nodes[plan.root().children[0]];
    CHECK(bitmapOr.nodeType == "BitmapOr");
    REQUIRE(bitmapOr.children.size() == 2);
    for (int c : bitmapOr.children) {
        CHECK(plan.nodes[c].nodeType == "Bitmap Index Scan");
        CHECK(plan.nodes[c].parentRelationship == "Member");
    }
    CHECK(plan.nodes[bitmapOr.children[0]].index == "orders_customer_idx");

    plan = parsed("memoize");
    const PlanNode* memoize = findNode(plan, "Memoize");
    REQUIRE(memoize);
    CHECK(memoize->cacheKey == "c.country");
    CHECK(memoize->cacheHits == 990);
    CHECK(memoize->cacheMisses == 10);
    CHECK(memoize->loops == 1000);

    plan = parsed("partitioned");
    const PlanNode* append = findNode(plan, "Append");
    REQUIRE(append);
    REQUIRE(append->children.size() == 2);
    CHECK(plan.nodes[append->children[0]].relation == "events_h1");
    CHECK(plan.nodes[append->children[0]].alias == "events_1");
    CHECK(plan.nodes[append->children[1]].relation == "events_h2");

    plan = parsed("append_union_all");
    CHECK(plan.root().nodeType == "Append");
    CHECK(plan.nodes[1].parentRelationship == "Member");

    plan = parsed("index_only_scan");
    CHECK(plan.root().nodeType == "Index Only Scan");
    CHECK(plan.root().index == "orders_customer_idx");
    CHECK(plan.root().heapFetches.has_value());

    plan = parsed("limit");
    CHECK(plan.root().nodeType == "Limit");
    CHECK(plan.nodes[1].nodeType == "Index Scan");
    CHECK(plan.nodes[1].scanDirection == "Forward");

    plan = parsed("values_and_function");
    const PlanNode* values = findNode(plan, "Values Scan");
    REQUIRE(values);
    CHECK(values->alias == "*VALUES*");
    CHECK_FALSE(values->relation.has_value());
    const PlanNode* function = findNode(plan, "Function Scan");
    REQUIRE(function);
    CHECK(function->functionName == "generate_series");
    CHECK(function->alias == "g");
}

TEST_CASE("Plan JSON: writes show their target and the triggers they fired", "[plan][json]") {
    const Plan plan = parsed("insert_with_trigger");
    CHECK(plan.root().nodeType == "ModifyTable");
    CHECK(plan.root().operation == "Insert");
    CHECK(plan.root().relation == "orders");
    CHECK(nodeDisplayName(plan.root()) == "Insert");
    REQUIRE(plan.triggers.size() == 1);
    CHECK(plan.triggers[0].constraintName == "orders_customer_id_fkey");
    CHECK(plan.triggers[0].relation == "orders");
    CHECK(plan.triggers[0].calls == 3);
    CHECK(plan.triggers[0].timeMs.has_value());
}

TEST_CASE("Plan JSON: the forms other tools wrap the document in", "[plan][json]") {
    const std::string node = R"({"Node Type": "Result", "Startup Cost": 0.00, "Total Cost": 0.01, "Plan Rows": 1, "Plan Width": 4})";
    for (const std::string& text : {"[{\"Plan\": " + node + "}]",                      // EXPLAIN itself
                                    "{\"Query Text\": \"select 1\", \"Plan\": " + node + "}",   // auto_explain
                                    node,                                               // a node on its own
                                    "[{\"QUERY PLAN\": [{\"Plan\": " + node + "}]}]"}) {   // an export with the column name
        INFO(text);
        PlanParseResult r = parseJsonPlan(text);
        INFO(r.error);
        REQUIRE(r.ok());
        CHECK(r.plan->root().nodeType == "Result");
        CHECK(r.plan->root().totalCost == 0.01);
        CHECK_FALSE(r.plan->analyzed);
        CHECK_FALSE(r.plan->root().inclusiveMs.has_value());
    }

    PlanParseResult two = parseJsonPlan("[{\"Plan\": " + node + "}, {\"Plan\": " + node + "}]");
    REQUIRE(two.ok());
    REQUIRE(two.warnings.size() == 1);
    CHECK(contains(two.warnings[0], "2 plans"));

    // As psql prints it, with "+" at the end of each line but the last.
    for (const auto& path : plantest::psqlFixtures()) {
        if (!contains(path.filename().string(), "json")) continue;
        INFO(path);
        PlanParseResult r = parseJsonPlan(plantest::readFile(path));
        INFO(r.error);
        REQUIRE(r.ok());
        CHECK(plantest::treeProblems(*r.plan).empty());
    }
}

TEST_CASE("Plan JSON: properties the model has no field for are kept as text", "[plan][json]") {
    PlanParseResult r = parseJsonPlan(R"([{"Plan": {"Node Type": "Foreign Scan", "Remote SQL": "SELECT 1",
        "Inner Unique": true, "Sampling Parameters": ["10"], "Odd": {"a": 1}}, "Query Identifier": 42}])");
    REQUIRE(r.ok());
    const auto& other = r.plan->root().otherProperties;
    REQUIRE(other.size() == 4);
    // In the order PostgreSQL wrote them.
    CHECK(other[0].name == "Remote SQL");
    CHECK(other[0].value == "SELECT 1");
    CHECK(other[1].name == "Inner Unique");
    CHECK(other[1].value == "true");
    CHECK(other[2].value == "10");
    CHECK(other[3].name == "Odd");
    CHECK(other[3].value == R"({"a":1})");
    REQUIRE(r.plan->otherProperties.size() == 1);
    CHECK(r.plan->otherProperties[0].value == "42");
}

TEST_CASE("Plan JSON: malformed input gives an error that says what is wrong", "[plan][json][malformed]") {
    CHECK(contains(errorOf(""), "empty"));
    CHECK(contains(errorOf("  \n "), "empty"));
    CHECK(contains(errorOf("Seq Scan on t"), "not the output of EXPLAIN (FORMAT JSON)"));
    CHECK(contains(errorOf("[{\"Plan\": {\"Node Type\": \"Result\""), "not valid JSON"));
    CHECK(contains(errorOf("[{\"Plan\": {\"Node Type\": \"Result\""), "line 1"));
    CHECK(contains(errorOf("[NaN]"), "not valid JSON"));
    CHECK(contains(errorOf("[{\"Plan\": {\"Node Type\": \"Result\", \"Plan Rows\": NaN}}]"), "not valid JSON"));
    CHECK(contains(errorOf("[]"), "empty list"));
    CHECK(contains(errorOf("[1]"), "not a number"));
    CHECK(contains(errorOf("[\"Plan\"]"), "not text"));
    CHECK(contains(errorOf("[{\"Planning Time\": 1}]"), "no \"Plan\""));
    CHECK(contains(errorOf("[{\"Plan\": {}}]"), "no \"Node Type\""));
    CHECK(contains(errorOf("[{\"Plan\": {\"Node Type\": 5}}]"), "no \"Node Type\""));
    CHECK(contains(errorOf("[{\"Plan\": []}]"), "should be an object"));

    const std::string wrongType = errorOf(R"([{"Plan": {"Node Type": "Seq Scan", "Plan Rows": "many"}}])");
    CHECK(contains(wrongType, "Plan node 1 (Seq Scan)"));
    CHECK(contains(wrongType, "\"Plan Rows\" should be a number, not text"));
    CHECK(contains(errorOf(R"([{"Plan": {"Node Type": "Sort", "Sort Key": "a"}}])"), "should be a list of text"));
    CHECK(contains(errorOf(R"([{"Plan": {"Node Type": "Sort", "Sort Key": ["a", 1]}}])"), "should be a list of text"));
    CHECK(contains(errorOf(R"([{"Plan": {"Node Type": "Gather", "Workers Planned": 1.5}}])"), "whole number"));
    CHECK(contains(errorOf(R"([{"Plan": {"Node Type": "Gather", "Parallel Aware": "yes"}}])"), "true or false"));
    CHECK(contains(errorOf(R"([{"Plan": {"Node Type": "Hash Join", "Plans": {"Node Type": "Hash"}}}])"), "\"Plans\" should be a list"));
    CHECK(contains(errorOf(R"([{"Plan": {"Node Type": "Hash Join", "Plans": [5]}}])"), "Plan node 2 should be an object"));
    CHECK(contains(errorOf(R"([{"Plan": {"Node Type": "Hash Join", "Plans": [{"Node Type": "Hash", "Actual Loops": null}]}}])"),
                   "Plan node 2 (Hash): \"Actual Loops\" should be a number, not null"));
    CHECK(contains(errorOf(R"([{"Plan": {"Node Type": "Sort", "Workers": [{"Sort Space Used": "a lot"}]}}])"), "a worker's"));
    CHECK(contains(errorOf(R"([{"Plan": {"Node Type": "Sort", "Workers": 2}}])"), "\"Workers\" should be a list"));
    CHECK(contains(errorOf(R"([{"Plan": {"Node Type": "Result"}, "Triggers": 5}])"), "\"Triggers\" should be a list"));
    CHECK(contains(errorOf(R"([{"Plan": {"Node Type": "Result"}, "Triggers": [{"Calls": "x"}]}])"), "\"Calls\""));
    CHECK(contains(errorOf(R"([{"Plan": {"Node Type": "Result"}, "Settings": []}])"), "\"Settings\" should be an object"));
    CHECK(contains(errorOf(R"([{"Plan": {"Node Type": "Result"}, "Planning Time": "fast"}])"), "\"Planning Time\" should be a number"));
}

TEST_CASE("Plan JSON: numbers too large to come from a real plan are refused", "[plan][json][malformed]") {
    // Beyond a double, nlohmann's reader itself refuses them.
    CHECK(contains(errorOf(R"([{"Plan": {"Node Type": "Result", "Actual Rows": 1e400}}])"), "number overflow"));
    CHECK(contains(errorOf(R"([{"Plan": {"Node Type": "Result", "Actual Rows": -1e400}}])"), "number overflow"));
    for (const char* value : {"123456789012345678901234567890", "1e19", "-1e300", "18446744073709551615"}) {
        INFO(value);
        const std::string error = errorOf(std::string(R"([{"Plan": {"Node Type": "Result", "Actual Rows": )") + value + "}}]");
        CHECK(contains(error, "\"Actual Rows\" is out of range"));
    }
    // Large but real: the cost of a disabled node.
    PlanParseResult r = parseJsonPlan(R"([{"Plan": {"Node Type": "Seq Scan", "Total Cost": 10000000035.5}}])");
    REQUIRE(r.ok());
    CHECK(r.plan->root().totalCost == 10000000035.5);
}

// Regression: "Workers Launched" as large as an int can be made the leader's "+ 1" overflow int
// in finishPlan (undefined behaviour; in practice a negative process count and negative times).
TEST_CASE("Plan JSON: a Gather claiming 2147483647 workers counts as many processes as a server can have", "[plan][json][malformed]") {
    const PlanParseResult r = parseJsonPlan(R"([{"Plan": {"Node Type": "Gather", "Workers Launched": 2147483647,
        "Actual Total Time": 1.0, "Actual Rows": 1, "Actual Loops": 1,
        "Plans": [{"Node Type": "Seq Scan", "Parallel Aware": true, "Parent Relationship": "Outer",
                   "Actual Total Time": 1.0, "Actual Rows": 1, "Actual Loops": 262144}]}}])");
    REQUIRE(r.ok());
    const PlanNode& scan = r.plan->nodes.at(1);
    CHECK(scan.parallelProcesses == 262144);   // 2^18 - 1 workers (PostgreSQL's MAX_BACKENDS) and the leader
    CHECK(scan.inclusiveMs == Approx(1.0));
    CHECK(plantest::treeProblems(*r.plan).empty());
}

TEST_CASE("Plan JSON: deep nesting is refused without running out of stack", "[plan][json][malformed]") {
    CHECK(contains(errorOf(std::string(10000, '[') + std::string(10000, ']')), "nested more than"));
    CHECK(contains(errorOf(std::string(100000, '[')), "nested more than"));
    CHECK(contains(errorOf(nestedPlan(10000)), "nested more than"));
    CHECK(contains(errorOf(nestedPlan(kMaxPlanDepth + 1)), "nested more than 1000 levels"));

    PlanParseResult deepest = parseJsonPlan(nestedPlan(kMaxPlanDepth));
    INFO(deepest.error);
    REQUIRE(deepest.ok());
    CHECK(deepest.plan->nodes.size() == static_cast<size_t>(kMaxPlanDepth + 1));
    CHECK(deepest.plan->nodes.back().depth == kMaxPlanDepth);
    CHECK(plantest::treeProblems(*deepest.plan).empty());
}

TEST_CASE("Plan JSON: a plan with tens of thousands of InitPlans is read quickly", "[plan][json][malformed]") {
    // Every InitPlan's user is searched for below its parent; the searches share a budget, so
    // this made-up plan does not take n-squared steps.
    std::string plans;
    for (int i = 0; i < 20000; ++i)
        plans += std::string(i ? "," : "") + R"({"Node Type": "Result", "Parent Relationship": "InitPlan", "Subplan Name": "InitPlan )" +
                 std::to_string(i + 1) + " (returns $" + std::to_string(i) +
                 R"x()", "Actual Total Time": 0.001, "Actual Rows": 1, "Actual Loops": 1})x";
    const std::string text = R"([{"Plan": {"Node Type": "Result", "Actual Total Time": 40, "Actual Rows": 1, "Actual Loops": 1, "Plans": [)" +
                             plans + "]}}]";
    const PlanParseResult r = parseJsonPlan(text);
    REQUIRE(r.ok());
    CHECK(r.plan->nodes.size() == 20001);
    CHECK(plantest::treeProblems(*r.plan).empty());
    CHECK(*r.plan->root().exclusiveMs == Approx(40 - 20000 * 0.001));
}

TEST_CASE("Plan JSON: damaged fixtures never crash the parser", "[plan][json][fuzz]") {
    std::vector<std::string> seeds;
    for (const plantest::FixtureId& f : plantest::allFixtures()) seeds.push_back(f.file(".json"));
    plantest::fuzzParser(seeds, 20240601, [](const std::string& input) { return parseJsonPlan(input); });
}
