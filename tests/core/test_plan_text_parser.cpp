// EXPLAIN's text form into the plan model (core/plan_text_parser): every captured plan gives the
// same tree as its FORMAT JSON twin, psql's decoration and wrapped lines are read through, and
// nothing a learner can paste crashes it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "core/plan_json_parser.h"
#include "core/plan_paste.h"
#include "core/plan_text_parser.h"
#include "core/psql_output.h"
#include "plan_fixtures.h"

using namespace pgplay;
using plantest::findNode;
using plantest::fixture;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Below a Gather, how the rows split between the processes changes from run to run, and the
// JSON and text fixtures are two runs: those nodes' actual figures are not compared.
bool runsInParallel(const Plan& plan, const PlanNode& n) {
    return n.parallelProcesses > 1 || n.nodeType == "Gather" || n.nodeType == "Gather Merge" ||
           (n.parent >= 0 && plan.nodes[n.parent].parallelProcesses > 1);
}

void checkSameNode(const Plan& json, const Plan& text, size_t i) {
    const PlanNode& a = json.nodes[i];
    const PlanNode& b = text.nodes[i];
    INFO("node " << i << ": " << nodeDisplayName(a));
    CHECK(a.parent == b.parent);
    CHECK(a.depth == b.depth);
    CHECK(a.children == b.children);
    CHECK(a.nodeType == b.nodeType);
    CHECK(a.strategy == b.strategy);
    CHECK(a.partialMode == b.partialMode);
    CHECK(a.joinType == b.joinType);
    CHECK(a.command == b.command);
    CHECK(a.operation == b.operation);
    CHECK(a.parallelAware == b.parallelAware);
    CHECK(a.parentRelationship == b.parentRelationship);
    CHECK(a.subplanName == b.subplanName);
    CHECK(a.relation == b.relation);
    CHECK(a.schema == b.schema);
    CHECK(a.alias == b.alias);
    CHECK(a.index == b.index);
    CHECK(a.cteName == b.cteName);
    CHECK(a.functionName == b.functionName);
    CHECK(nodeDisplayName(a) == nodeDisplayName(b));
    CHECK(a.hasCosts == b.hasCosts);
    CHECK(a.startupCost == b.startupCost);
    CHECK(a.totalCost == b.totalCost);
    CHECK(a.estimatedRows == b.estimatedRows);
    CHECK(a.planWidth == b.planWidth);
    CHECK(a.filter == b.filter);
    CHECK(a.joinFilter == b.joinFilter);
    CHECK(a.indexCond == b.indexCond);
    CHECK(a.recheckCond == b.recheckCond);
    CHECK(a.hashCond == b.hashCond);
    CHECK(a.mergeCond == b.mergeCond);
    CHECK(a.oneTimeFilter == b.oneTimeFilter);
    CHECK(a.sortKey == b.sortKey);
    CHECK(a.presortedKey == b.presortedKey);
    CHECK(a.groupKey == b.groupKey);
    CHECK(a.cacheKey == b.cacheKey);
    CHECK(a.workersPlanned == b.workersPlanned);
    CHECK(a.workers.size() == b.workers.size());
    CHECK(a.actualRows.has_value() == b.actualRows.has_value());
    CHECK(a.actualTotalMs.has_value() == b.actualTotalMs.has_value());
    CHECK(a.hashBatches == b.hashBatches);
    CHECK(a.hashAggBatches.has_value() == b.hashAggBatches.has_value());
    if (runsInParallel(json, a)) return;
    CHECK(a.actualRows == b.actualRows);
    CHECK(a.loops == b.loops);
    CHECK(a.rowsRemovedByFilter == b.rowsRemovedByFilter);
    CHECK(a.rowsRemovedByJoinFilter == b.rowsRemovedByJoinFilter);
    CHECK(a.rowsRemovedByIndexRecheck == b.rowsRemovedByIndexRecheck);
    CHECK(a.sortMethod == b.sortMethod);
    CHECK(a.sortSpaceType == b.sortSpaceType);
    CHECK(a.sortSpaceUsedKb == b.sortSpaceUsedKb);
    CHECK(a.hashAggBatches == b.hashAggBatches);
    CHECK(a.plannedPartitions == b.plannedPartitions);
    CHECK(a.cacheHits == b.cacheHits);
    CHECK(a.cacheMisses == b.cacheMisses);
    CHECK(a.exactHeapBlocks == b.exactHeapBlocks);
    CHECK(a.heapFetches == b.heapFetches);
    CHECK((a.buffers.tempWritten > 0) == (b.buffers.tempWritten > 0));
    // What the model has no field for, as a view lists it. The text form leaves out what FORMAT
    // JSON lists at its default ("Disabled": false, "Subplans Removed": 0, "Inner Unique") and
    // prints incremental sort groups as one line where FORMAT JSON has an object, so the text
    // form's properties are looked up in the JSON's, not the other way round.
    for (const PlanProperty& p : b.otherProperties) {
        if (p.name == "Full-sort Groups" || p.name == "Pre-sorted Groups") continue;
        INFO(p.name << ": " << p.value);
        const auto same = std::find_if(a.otherProperties.begin(), a.otherProperties.end(),
                                       [&](const PlanProperty& q) { return q.name == p.name; });
        REQUIRE(same != a.otherProperties.end());
        CHECK(same->value == p.value);
    }
}

}  // namespace

TEST_CASE("Plan text: every captured plan parses into a consistent tree", "[plan][text]") {
    const auto fixtures = plantest::allFixtures();
    REQUIRE(fixtures.size() >= 60);
    for (const plantest::FixtureId& f : fixtures) {
        INFO(f.label());
        PlanParseResult r = parseTextPlan(f.file(".txt"));
        INFO(r.error);
        REQUIRE(r.ok());
        for (const std::string& w : r.warnings) FAIL_CHECK(w);
        const Plan& plan = *r.plan;
        CHECK(plantest::treeProblems(plan).empty());
        CHECK(plan.analyzed);
        CHECK(plan.planningMs.has_value());
        CHECK(plan.executionMs.has_value());
        if (f.source == "pg15") CHECK(plan.planningBuffers.sharedHit > 0);   // see the same test for JSON
        for (const PlanNode& n : plan.nodes) CHECK(n.exclusiveMs.value_or(-1) >= 0);
    }
}

TEST_CASE("Plan text: the text and FORMAT JSON forms of a query give the same tree", "[plan][text]") {
    for (const plantest::FixtureId& f : plantest::allFixtures()) {
        INFO(f.label());
        const PlanParseResult fromJson = parseJsonPlan(f.file(".json"));
        const PlanParseResult fromText = parseTextPlan(f.file(".txt"));
        REQUIRE(fromJson.ok());
        REQUIRE(fromText.ok());
        const Plan& json = *fromJson.plan;
        const Plan& text = *fromText.plan;
        REQUIRE(json.nodes.size() == text.nodes.size());
        for (size_t i = 0; i < json.nodes.size(); ++i) checkSameNode(json, text, i);
        CHECK(json.analyzed == text.analyzed);
        REQUIRE(json.settings.size() == text.settings.size());
        for (size_t i = 0; i < json.settings.size(); ++i) {
            CHECK(json.settings[i].name == text.settings[i].name);
            CHECK(json.settings[i].value == text.settings[i].value);
        }
        REQUIRE(json.triggers.size() == text.triggers.size());
        for (size_t i = 0; i < json.triggers.size(); ++i) {
            CHECK(json.triggers[i].constraintName == text.triggers[i].constraintName);
            CHECK(json.triggers[i].calls == text.triggers[i].calls);
        }
    }
}

TEST_CASE("Plan text: exclusive times add up to the root's time", "[plan][text]") {
    for (const plantest::FixtureId& f : plantest::allFixtures()) {
        const Plan plan = plantest::textPlan(f.file(".txt"));
        const double root = *plan.root().inclusiveMs;
        double slack = 0.002;   // see the same test for JSON
        for (const PlanNode& n : plan.nodes) slack += 0.0005 * n.loops * 2;
        INFO(f.label() << ": sum " << plantest::exclusiveSum(plan) << ", root " << root);
        CHECK(plantest::exclusiveSum(plan) >= root - 1e-9);
        CHECK(plantest::exclusiveSum(plan) <= root + slack);
    }
}

TEST_CASE("Plan text: what each captured plan is about", "[plan][text]") {
    Plan plan = plantest::textPlan(fixture("sort_disk.txt"));
    CHECK(plan.root().sortMethod == "external merge");
    CHECK(plan.root().sortSpaceType == SortSpace::Disk);
    CHECK(plan.root().sortSpaceUsedKb > 0);
    CHECK(plan.root().buffers.sharedHit > 0);
    CHECK(plan.root().buffers.tempRead > 0);
    CHECK(plan.root().buffers.tempWritten > 0);
    REQUIRE(plan.settings.size() == 1);
    CHECK(plan.settings[0].name == "work_mem");
    CHECK(plan.settings[0].value == "64kB");

    plan = plantest::textPlan(fixture("parallel_sort.txt"));
    const PlanNode& gather = plan.root();
    CHECK(gather.nodeType == "Gather Merge");
    CHECK(gather.workersPlanned == 2);
    REQUIRE(gather.workersLaunched.has_value());
    const PlanNode& sort = plan.nodes[1];
    CHECK(sort.parallelProcesses == *gather.workersLaunched + 1);
    REQUIRE(sort.workers.size() == 2);
    CHECK(sort.workers[1].number == 1);
    CHECK(sort.workers[1].sortMethod == "quicksort");
    CHECK(sort.workers[1].sortSpaceType == SortSpace::Memory);
    // The leader's own sort is the node's; the workers' are theirs.
    CHECK(sort.sortSpaceUsedKb > sort.workers[0].sortSpaceUsedKb);

    plan = plantest::textPlan(fixture("subplan.txt"));
    const PlanNode* sub = findNode(plan, "Aggregate");
    REQUIRE(sub);
    CHECK(sub->parentRelationship == "SubPlan");
    CHECK(sub->subplanName == "SubPlan 1");
    CHECK(sub->parent == 0);
    CHECK(plan.nodes[sub->children[0]].parentRelationship == "Outer");

    plan = plantest::textPlan(fixture("cte_materialized.txt"));
    CHECK(isCtePlan(plan.nodes[1]));
    CHECK(plan.nodes[1].parentRelationship == "InitPlan");
    const PlanNode* init = findNode(plan, "Aggregate", 2);
    REQUIRE(init);
    CHECK(init->subplanName == "InitPlan 2 (returns $1)");
    const PlanNode* mainScan = findNode(plan, "CTE Scan", 1);
    REQUIRE(mainScan);
    CHECK(mainScan->alias == "totals");
    CHECK(mainScan->filter == "(total > $1)");
    CHECK(mainScan->parentRelationship == "Outer");

    plan = plantest::textPlan(fixture("memoize.txt"));
    const PlanNode* memoize = findNode(plan, "Memoize");
    REQUIRE(memoize);
    CHECK(memoize->cacheHits == 990);
    CHECK(memoize->cacheMisses == 10);
    CHECK(memoize->cacheEvictions == 0);
    CHECK(memoize->peakMemoryKb > 0);
    REQUIRE(memoize->otherProperties.size() == 1);
    CHECK(memoize->otherProperties[0].name == "Cache Mode");

    plan = plantest::textPlan(fixture("hash_aggregate_spill.txt"));
    CHECK(plan.root().plannedPartitions > 0);
    CHECK(plan.root().hashAggBatches > 1);
    CHECK(plan.root().diskUsageKb > 0);

    plan = plantest::textPlan(fixture("insert_with_trigger.txt"));
    CHECK(plan.root().operation == "Insert");
    CHECK(plan.root().relation == "orders");
    REQUIRE(plan.triggers.size() == 1);
    CHECK(plan.triggers[0].name.empty());   // the text form names constraint triggers only with VERBOSE
    CHECK(plan.triggers[0].constraintName == "orders_customer_id_fkey");
    CHECK(plan.triggers[0].calls == 3);
    CHECK(plan.triggers[0].timeMs > 0);

    plan = plantest::textPlan(fixture("never_executed.txt"));
    const PlanNode& never = plan.nodes[2];
    CHECK(never.loops == 0);
    CHECK(never.actualRows == 0);
    CHECK(never.actualTotalMs == 0.0);   // as FORMAT JSON reports it
    CHECK(never.exclusiveMs == 0.0);

    plan = plantest::textPlan(fixture("incremental_sort.txt"));
    const PlanNode& incremental = plan.nodes[1];
    CHECK(incremental.presortedKey == std::vector<std::string>{"customer_id"});
    REQUIRE(incremental.otherProperties.size() == 1);
    CHECK(incremental.otherProperties[0].name == "Full-sort Groups");
}

TEST_CASE("Plan text: psql's decoration is read through", "[plan][text]") {
    const Plan plain = plantest::textPlan(fixture("hash_join.txt"));
    int pastes = 0;
    for (const auto& path : plantest::psqlFixtures()) {
        INFO(path);
        const std::string text = plantest::readFile(path);
        const PlanParseResult r = parsePastedPlan(text);
        INFO(r.error);
        REQUIRE(r.ok());
        CHECK(r.warnings.empty());
        CHECK(plantest::treeProblems(*r.plan).empty());
        CHECK(r.plan->executionMs.has_value());
        const bool json = contains(path.filename().string(), "json");
        CHECK((detectPlanFormat(text) == PlanFormat::Json) == json);
        if (contains(path.filename().string(), "hash_join")) {
            REQUIRE(r.plan->nodes.size() == plain.nodes.size());
            for (size_t i = 0; i < plain.nodes.size(); ++i) {
                CHECK(r.plan->nodes[i].nodeType == plain.nodes[i].nodeType);
                CHECK(r.plan->nodes[i].actualRows == plain.nodes[i].actualRows);
            }
        }
        ++pastes;
    }
    CHECK(pastes == 5);

    // A whole terminal session: the prompt and the query before the result are passed over.
    const PlanParseResult session = parsePastedPlan("postgres=# EXPLAIN ANALYZE SELECT 1;\n" + plantest::readFile(plantest::fixtureDir() / "psql" / "hash_join.aligned.txt") + "\npostgres=# ");
    INFO(session.error);
    REQUIRE(session.ok());
    CHECK(session.plan->nodes.size() == plain.nodes.size());
    CHECK(session.plan->executionMs.has_value());

    // Border 2 in ascii, and a tool that draws only a right border (DBeaver).
    const std::string framed =
        "+------------------------------------------------------------+\n"
        "|                         QUERY PLAN                         |\n"
        "+------------------------------------------------------------+\n"
        "| Limit  (cost=0.28..0.46 rows=5 width=24)                   |\n"
        "|   ->  Index Scan using orders_pkey on orders  (cost=0.28..143.28 rows=4000 width=24) |\n"
        "+------------------------------------------------------------+\n"
        "(2 rows)\n";
    Plan plan = plantest::textPlan(framed);
    REQUIRE(plan.nodes.size() == 2);
    CHECK(plan.nodes[1].index == "orders_pkey");
    const std::string rightBorder =
        "QUERY PLAN                                        |\n"
        "--------------------------------------------------+\n"
        "Limit  (cost=0.28..0.46 rows=5 width=24)          |\n"
        "  ->  Seq Scan on orders  (cost=0.00..68 rows=4000 width=24)|\n";
    plan = plantest::textPlan(rightBorder);
    REQUIRE(plan.nodes.size() == 2);
    CHECK(plan.nodes[1].relation == "orders");
}

TEST_CASE("Plan text: lines a terminal wrapped are joined again", "[plan][text]") {
    const std::string text = fixture("hash_join.txt");
    const Plan whole = plantest::textPlan(text);
    for (size_t width : {40, 61, 80}) {
        INFO("wrapped at " << width);
        std::string wrapped;
        size_t start = 0;
        while (start < text.size()) {
            size_t end = text.find('\n', start);
            if (end == std::string::npos) end = text.size();
            for (size_t at = start; at < end; at += width) wrapped += text.substr(at, std::min(width, end - at)) + "\n";
            start = end + 1;
        }
        const PlanParseResult r = parseTextPlan(wrapped);
        INFO(r.error);
        REQUIRE(r.ok());
        const Plan& plan = *r.plan;
        REQUIRE(plan.nodes.size() == whole.nodes.size());
        for (size_t i = 0; i < plan.nodes.size(); ++i) {
            CHECK(nodeDisplayName(plan.nodes[i]) == nodeDisplayName(whole.nodes[i]));
            CHECK(plan.nodes[i].relation == whole.nodes[i].relation);
            CHECK(plan.nodes[i].totalCost == whole.nodes[i].totalCost);
            CHECK(plan.nodes[i].actualRows == whole.nodes[i].actualRows);
            CHECK(plan.nodes[i].loops == whole.nodes[i].loops);
        }
        CHECK(plan.executionMs == whole.executionMs);
    }
}

TEST_CASE("Plan text: node names in all their forms", "[plan][text]") {
    struct Case {
        const char* line;
        const char* nodeType;
        const char* detail;   // joinType, strategy, command, operation and scanDirection, run together
        const char* relation;
        const char* alias;
    };
    const Case cases[] = {
        {"Nested Loop Left Join  (cost=0.00..1.00 rows=1 width=4)", "Nested Loop", "Left", "", ""},
        {"Nested Loop  (cost=0.00..1.00 rows=1 width=4)", "Nested Loop", "Inner", "", ""},
        {"Hash Right Anti Join  (cost=0.00..1.00 rows=1 width=4)", "Hash Join", "Right Anti", "", ""},
        {"Merge Full Join  (cost=0.00..1.00 rows=1 width=4)", "Merge Join", "Full", "", ""},
        {"Hash Semi Join", "Hash Join", "Semi", "", ""},
        {"Hash  (cost=0.00..1.00 rows=1 width=4)", "Hash", "", "", ""},
        {"Merge Append  (cost=0.00..1.00 rows=1 width=4)", "Merge Append", "", "", ""},
        {"MixedAggregate  (cost=0.00..1.00 rows=1 width=4)", "Aggregate", "Mixed", "", ""},
        {"Partial GroupAggregate  (cost=0.00..1.00 rows=1 width=4)", "Aggregate", "Sorted", "", ""},
        {"HashSetOp Intersect All  (cost=0.00..1.00 rows=1 width=4)", "SetOp", "HashedIntersect All", "", ""},
        {"Update on public.orders o  (cost=0.00..1.00 rows=0 width=0)", "ModifyTable", "Update", "orders", "o"},
        {"Merge on t  (cost=0.00..1.00 rows=0 width=0)", "ModifyTable", "Merge", "t", "t"},
        {"Foreign Scan on remote_t r  (cost=100.00..150.00 rows=1 width=4)", "Foreign Scan", "Select", "remote_t", "r"},
        {"Foreign Delete on remote_t  (cost=100.00..150.00 rows=1 width=4)", "Foreign Scan", "Delete", "remote_t", "remote_t"},
        {"Index Scan Backward using t_pkey on t  (cost=0.00..1.00 rows=1 width=4)", "Index Scan", "Backward", "t", "t"},
        {"Seq Scan on \"My Table\" \"a \"\"b\"\"\"  (cost=0.00..1.00 rows=1 width=4)", "Seq Scan", "", "My Table", "a \"b\""},
        {"Tid Range Scan on t  (cost=0.00..1.00 rows=1 width=4)", "Tid Range Scan", "", "t", "t"},
        {"Custom Scan (ColumnarScan) on events  (cost=0.00..1.00 rows=1 width=4)", "Custom Scan", "", "events", "events"},
        {"Brand New Scan on t  (cost=0.00..1.00 rows=1 width=4)", "Brand New Scan", "", "t", "t"},
    };
    for (const Case& c : cases) {
        INFO(c.line);
        const Plan plan = plantest::textPlan(c.line);
        const PlanNode& n = plan.root();
        CHECK(n.nodeType == c.nodeType);
        const std::string detail = n.joinType + n.strategy + n.command + n.operation + n.scanDirection;
        CHECK(detail == c.detail);
        CHECK(n.relation.value_or("") == c.relation);
        CHECK(n.alias == c.alias);
    }

    Plan plan = plantest::textPlan("Update on public.orders o  (cost=0.00..1.00 rows=0 width=0)");
    CHECK(plan.root().schema == "public");
    plan = plantest::textPlan("Custom Scan (ColumnarScan) on events  (cost=0.00..1.00 rows=1 width=4)");
    CHECK(plan.root().customPlanProvider == "ColumnarScan");
    CHECK(nodeDisplayName(plan.root()) == "Custom Scan (ColumnarScan)");
    plan = plantest::textPlan("Partial GroupAggregate  (cost=0.00..1.00 rows=1 width=4)");
    CHECK(plan.root().partialMode == "Partial");
    CHECK(nodeDisplayName(plan.root()) == "Partial GroupAggregate");
    plan = plantest::textPlan("Parallel Index Only Scan Backward using i on t x  (cost=0.00..1.00 rows=1 width=4)");
    CHECK(plan.root().parallelAware);
    CHECK(plan.root().index == "i");
    CHECK(nodeDisplayName(plan.root()) == "Parallel Index Only Scan Backward");
}

TEST_CASE("Plan text: plans with COSTS OFF, TIMING OFF and VERBOSE", "[plan][text]") {
    Plan plan = plantest::textPlan("Hash Join\n"
                       "  Hash Cond: (a.id = b.id)\n"
                       "  ->  Seq Scan on a\n"
                       "  ->  Hash\n"
                       "        ->  Seq Scan on b\n");
    REQUIRE(plan.nodes.size() == 4);
    CHECK_FALSE(plan.root().hasCosts);
    CHECK_FALSE(plan.analyzed);
    CHECK(plan.nodes[3].parent == 2);
    CHECK_FALSE(plan.root().inclusiveMs.has_value());

    plan = plantest::textPlan("Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4) (actual rows=0 loops=1)\n"
                  "Planning Time: 0.050 ms\n"
                  "Execution Time: 0.015 ms\n");
    CHECK(plan.analyzed);
    CHECK(plan.root().actualRows == 0);
    CHECK_FALSE(plan.root().actualTotalMs.has_value());
    CHECK_FALSE(plan.root().inclusiveMs.has_value());

    plan = plantest::textPlan("Sort  (cost=1.0..1.1 rows=3 width=8) (actual time=0.031..0.036 rows=3 loops=1)\n"
                  "  Output: id, (sum(amount)), f(a, b)\n"
                  "  Sort Key: (sum(o.amount)) DESC, o.id\n"
                  "  Sort Method: top-N heapsort  Memory: 25kB\n"
                  "  Buffers: shared hit=3 read=2 dirtied=1 written=4, local hit=5, temp read=6 written=7\n"
                  "  I/O Timings: shared/local read=0.100 write=0.200, temp read=0.300\n"
                  "  WAL: records=2 fpi=1 bytes=300\n"
                  "  ->  Seq Scan on public.orders o  (cost=0.00..1.00 rows=3 width=8) (actual time=0.001..0.002 rows=3 loops=1)\n"
                  "        Output: o.id, o.amount\n"
                  "Query Identifier: -4242\n"
                  "Planning Time: 0.100 ms\n"
                  "JIT:\n"
                  "  Functions: 4\n"
                  "  Options: Inlining false, Optimization false, Expressions true, Deforming true\n"
                  "  Timing: Generation 0.624 ms, Inlining 0.000 ms, Optimization 0.346 ms, Emission 5.040 ms, Total 6.010 ms\n"
                  "Execution Time: 6.500 ms\n");
    const PlanNode& sort = plan.root();
    REQUIRE(sort.output.has_value());
    CHECK(*sort.output == std::vector<std::string>{"id", "(sum(amount))", "f(a, b)"});
    CHECK(sort.sortKey == std::vector<std::string>{"(sum(o.amount)) DESC", "o.id"});
    CHECK(sort.sortMethod == "top-N heapsort");
    CHECK(sort.sortSpaceUsedKb == 25);
    CHECK(sort.buffers.sharedHit == 3);
    CHECK(sort.buffers.sharedRead == 2);
    CHECK(sort.buffers.sharedDirtied == 1);
    CHECK(sort.buffers.sharedWritten == 4);
    CHECK(sort.buffers.localHit == 5);
    CHECK(sort.buffers.tempRead == 6);
    CHECK(sort.buffers.tempWritten == 7);
    CHECK(sort.buffers.ioReadMs == 0.1);
    CHECK(sort.buffers.ioWriteMs == 0.2);
    CHECK(sort.buffers.tempIoReadMs == 0.3);
    REQUIRE(sort.wal.has_value());
    CHECK(sort.wal->records == 2);
    CHECK(sort.wal->bytes == 300);
    const PlanNode& scan = plan.nodes[1];
    CHECK(scan.schema == "public");
    CHECK(scan.relation == "orders");
    CHECK(scan.alias == "o");
    CHECK(plan.jitFunctions == 4);
    CHECK(plan.jitTotalMs == 6.01);
    CHECK(plan.executionMs == 6.5);
    bool queryId = false;
    for (const PlanProperty& p : plan.otherProperties) queryId = queryId || (p.name == "Query Identifier" && p.value == "-4242");
    CHECK(queryId);
}

TEST_CASE("Plan text: hash details, workers, grouping sets and PostgreSQL 17's InitPlans", "[plan][text]") {
    Plan plan = plantest::textPlan("Hash  (cost=1.00..1.00 rows=10 width=4) (actual time=0.2..0.2 rows=10 loops=1)\n"
                       "  Buckets: 2048 (originally 1024)  Batches: 4 (originally 1)  Memory Usage: 50kB\n"
                       "  ->  Seq Scan on t  (cost=0.00..1.00 rows=10 width=4) (actual time=0.01..0.1 rows=10 loops=1)\n");
    CHECK(plan.root().hashBuckets == 2048);
    CHECK(plan.root().originalHashBuckets == 1024);
    CHECK(plan.root().hashBatches == 4);
    CHECK(plan.root().originalHashBatches == 1);
    CHECK(plan.root().peakMemoryKb == 50);

    plan = plantest::textPlan("Gather  (cost=0.00..1.00 rows=10 width=4) (actual time=0.2..2.0 rows=10 loops=1)\n"
                  "  Workers Planned: 2\n"
                  "  Workers Launched: 1\n"
                  "  ->  Parallel Seq Scan on t  (cost=0.00..1.00 rows=5 width=4) (actual time=0.01..1.5 rows=5 loops=2)\n"
                  "        Worker 0:  actual time=0.010..1.400 rows=4 loops=1\n"
                  "          Buffers: shared hit=2\n"
                  "        Buffers: shared hit=5\n");
    const PlanNode& scan = plan.nodes[1];
    CHECK(scan.parallelProcesses == 2);
    CHECK(*scan.inclusiveMs == Approx(1.5));
    REQUIRE(scan.workers.size() == 1);
    CHECK(scan.workers[0].actualTotalMs == 1.4);
    CHECK(scan.workers[0].actualRows == 4);
    CHECK(scan.workers[0].buffers.sharedHit == 2);
    CHECK(scan.buffers.sharedHit == 5);

    plan = plantest::textPlan("MixedAggregate  (cost=1.00..2.00 rows=3 width=12)\n"
                  "  Hash Key: a\n"
                  "  Group Key: ()\n"
                  "  Group Key: b\n"
                  "  ->  Seq Scan on t  (cost=0.00..1.00 rows=10 width=8)\n");
    CHECK(plan.root().groupKey == std::vector<std::string>{"()"});
    REQUIRE(plan.root().otherProperties.size() == 2);
    CHECK(plan.root().otherProperties[0].name == "Hash Key");
    CHECK(plan.root().otherProperties[1].name == "Group Key");
    CHECK(plan.root().otherProperties[1].value == "b");

    // PostgreSQL 17 names an InitPlan's result "(InitPlan 1).col1" instead of "$0".
    plan = plantest::textPlan("Hash Join  (cost=1.00..2.00 rows=1 width=4) (actual time=0.500..1.000 rows=1 loops=1)\n"
                  "  Hash Cond: (a.id = b.id)\n"
                  "  InitPlan 1\n"
                  "    ->  Result  (cost=0.00..0.01 rows=1 width=4) (actual time=0.300..0.300 rows=1 loops=1)\n"
                  "  ->  Seq Scan on a  (cost=0.00..1.00 rows=1 width=4) (actual time=0.350..0.400 rows=1 loops=1)\n"
                  "        Filter: (x > (InitPlan 1).col1)\n"
                  "  ->  Hash  (cost=1.00..1.00 rows=1 width=4) (actual time=0.100..0.100 rows=1 loops=1)\n"
                  "        ->  Seq Scan on b  (cost=0.00..1.00 rows=1 width=4) (actual time=0.050..0.080 rows=1 loops=1)\n");
    REQUIRE(plan.nodes.size() == 5);
    CHECK(plan.nodes[1].parentRelationship == "InitPlan");
    CHECK(plan.nodes[2].parentRelationship == "Outer");
    CHECK(plan.nodes[3].parentRelationship == "Inner");
    // The scan evaluated the InitPlan: its time is taken from the scan, not from the join.
    CHECK(*plan.root().exclusiveMs == Approx(1.0 - 0.4 - 0.1));
    CHECK(*plan.nodes[2].exclusiveMs == Approx(0.4 - 0.3));
    CHECK(plantest::exclusiveSum(plan) == Approx(1.0));
}

TEST_CASE("Plan text: a count the model has no field for reads 1, not 1.0 (PostgreSQL 18's Index Searches)", "[plan][text]") {
    const Plan plan = plantest::textPlan("Append  (cost=0.00..16.60 rows=2 width=4) (actual time=0.010..0.020 rows=1.00 loops=1)\n"
                             "  Subplans Removed: 2\n"
                             "  ->  Index Scan using t_pkey on t  (cost=0.28..8.30 rows=1 width=4) (actual time=0.005..0.006 rows=1.00 loops=1)\n"
                             "        Index Cond: (id = 1)\n"
                             "        Index Searches: 4\n");
    REQUIRE(plan.root().otherProperties.size() == 1);
    CHECK(plan.root().otherProperties[0].name == "Subplans Removed");
    CHECK(plan.root().otherProperties[0].value == "2");
    REQUIRE(plan.nodes[1].otherProperties.size() == 1);
    CHECK(plan.nodes[1].otherProperties[0].name == "Index Searches");
    CHECK(plan.nodes[1].otherProperties[0].value == "4");
    // The same node from FORMAT JSON, as PostgreSQL 18 writes it.
    const PlanParseResult json = parseJsonPlan(R"([{"Plan": {"Node Type": "Index Scan", "Index Searches": 4}}])");
    REQUIRE(json.ok());
    CHECK(json.plan->root().otherProperties[0].value == "4");
}

TEST_CASE("Plan text: tabs, CRLF, non-breaking spaces and a second plan", "[plan][text]") {
    Plan plan = plantest::textPlan("Limit  (cost=0.28..0.46 rows=5 width=24)\r\n"
                       "\t->  Index Scan using orders_pkey on orders  (cost=0.28..143.28 rows=4000 width=24)\r\n"
                       "\t      Index Cond: (id > 1)\r\n");
    REQUIRE(plan.nodes.size() == 2);
    CHECK(plan.nodes[1].indexCond == "(id > 1)");

    plan = plantest::textPlan("Limit  (cost=0.28..0.46 rows=5 width=24)\n"
                  "\xC2\xA0\xC2\xA0->\xC2\xA0\xC2\xA0Seq Scan on orders  (cost=0.00..68.00 rows=4000 width=24)\n");
    REQUIRE(plan.nodes.size() == 2);
    CHECK(plan.nodes[1].relation == "orders");

    const PlanParseResult two = parseTextPlan("Result  (cost=0.00..0.01 rows=1 width=4)\n"
                                              "Result  (cost=0.00..0.01 rows=1 width=4)\n");
    REQUIRE(two.ok());
    CHECK(two.plan->nodes.size() == 1);
    REQUIRE(two.warnings.size() == 1);
    CHECK(contains(two.warnings[0], "second plan"));
}

TEST_CASE("Plan text: malformed input", "[plan][text][malformed]") {
    auto errorOf = [](const std::string& text) {
        const PlanParseResult r = parseTextPlan(text);
        CHECK_FALSE(r.ok());
        CHECK_FALSE(r.error.empty());
        return r.error;
    };
    CHECK(contains(errorOf(""), "no plan"));
    CHECK(contains(errorOf(" \n\n\t\n"), "no plan"));
    CHECK(contains(errorOf("hello world"), "No plan found: the text starts with \"hello world\""));
    CHECK(contains(errorOf("Planning Time: 0.1 ms"), "No plan found"));
    CHECK(contains(errorOf("[{\"Plan\": {}}]"), "FORMAT JSON"));
    CHECK(contains(errorOf("Query rewrites to nothing"), "rewrote it to nothing"));

    // What cannot be read is skipped with a warning; the rest of the plan stays.
    const PlanParseResult r = parseTextPlan("Seq Scan on t  (cost=abc..1.00 rows=x width=4) (actual time=1..2 rows=3 loops=1)\n"
                                            "  Buffers: shared lots\n"
                                            "  Rows Removed by Filter: many\n"
                                            "  SubPlan 1\n"
                                            "  Worker x:  whatever\n");
    REQUIRE(r.ok());
    CHECK(r.warnings.size() >= 3);
    CHECK(r.plan->root().actualRows == 3);
    CHECK(r.plan->root().estimatedRows == 0);

    // Deeper than any real plan: refused, and quickly.
    std::string deep = "Result  (cost=0.00..0.01 rows=1 width=4)\n";
    for (int level = 1; level <= 2000; ++level) deep += std::string(level, ' ') + "->  Result\n";
    CHECK(contains(errorOf(deep), "nested more than 1000 levels"));
    std::string deepest = "Result\n";
    for (int level = 1; level <= kMaxPlanDepth; ++level) deepest += std::string(level, ' ') + "->  Result\n";
    const PlanParseResult ok = parseTextPlan(deepest);
    REQUIRE(ok.ok());
    CHECK(ok.plan->nodes.back().depth == kMaxPlanDepth);
    CHECK(plantest::treeProblems(*ok.plan).empty());

    // A pile of labels and worker lines with nothing to hang on.
    std::string labels = "Result\n";
    for (int i = 0; i < 3000; ++i) labels += std::string(2 + i % 50, ' ') + (i % 2 ? "SubPlan 1\n" : "Worker 1:  Buffers: shared hit=1\n");
    const PlanParseResult piled = parseTextPlan(labels);
    REQUIRE(piled.ok());
    CHECK(piled.warnings.size() <= 21);
}

// Regression (found by tests/fuzz/plan_parsers_fuzz): counts in the text form were converted
// from double to int64_t unchecked, so "Buffers: shared hit=1e300" was undefined behaviour (in
// practice a huge negative count). Figures beyond kLargestPlanFigure are now refused, as FORMAT
// JSON's are, and the line is kept as text with a warning.
TEST_CASE("Plan text: a count too large for int64_t is refused, not converted", "[plan][text][malformed]") {
    const PlanParseResult r = parseTextPlan("Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) (actual time=0.1..0.2 rows=1 loops=1)\n"
                                            "  Buffers: shared hit=1e300 read=2\n"
                                            "  Sort Method: external merge  Disk: 99999999999999999999kB\n"
                                            "  Heap Blocks: exact=-1e19\n"
                                            "  WAL: records=1e20\n");
    REQUIRE(r.ok());
    const PlanNode& n = r.plan->root();
    CHECK(n.buffers.sharedHit == 0);
    CHECK(n.buffers.sharedRead == 0);   // the whole line is refused, not half of it
    CHECK_FALSE(n.sortSpaceUsedKb);
    CHECK_FALSE(n.exactHeapBlocks);
    CHECK_FALSE(n.wal);
    CHECK(r.warnings.size() == 4);
    // The largest figure a plan can hold still reads.
    const Plan ok = plantest::textPlan("Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n  Buffers: shared hit=1e18\n");
    CHECK(ok.root().buffers.sharedHit == 1'000'000'000'000'000'000);
}

TEST_CASE("Plan text: damaged fixtures never crash the parser", "[plan][text][fuzz]") {
    std::vector<std::string> seeds;
    for (const plantest::FixtureId& f : plantest::allFixtures()) seeds.push_back(f.file(".txt"));
    for (const auto& path : plantest::psqlFixtures()) seeds.push_back(plantest::readFile(path));
    plantest::fuzzParser(seeds, 20240602, [](const std::string& input) { return parsePastedPlan(input); },
                         [](const std::string& input) {
                             const PlanParseResult asText = parseTextPlan(input);   // JSON fed to the text parser too
                             REQUIRE(asText.ok() != !asText.error.empty());
                         });
}
