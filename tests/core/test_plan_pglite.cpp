// The plans PGlite gives (tests/fixtures/plans/pglite, scripts/capture-plans-pglite.mjs): PGlite is
// what the Explain button runs, and it is PostgreSQL 18 in one process, so its plans differ from
// the PostgreSQL 15 fixtures in ways the parsers must read the same from FORMAT JSON and from text:
// fractional actual rows, InitPlans named without "(returns $0)", SetOp without its Append,
// "Index Searches", "Storage", "Window", parallel plans that launch no workers. Each check runs on
// both forms of the plan. That every plan parses, and that the two forms give the same tree, is
// checked with the other fixture sets in test_plan_json_parser.cpp and test_plan_text_parser.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "core/plan_json_parser.h"
#include "core/plan_text_parser.h"
#include "plan_fixtures.h"

using namespace pgplay;
using plantest::findNode;

namespace {

// The FORMAT JSON and the text form of one PGlite plan, parsed, in that order.
std::vector<Plan> bothForms(const std::string& name) {
    std::vector<Plan> plans;
    for (const char* form : {".json", ".txt"}) {
        const std::string text = plantest::fixture(name + form, "pglite");
        PlanParseResult r = std::string(form) == ".json" ? parseJsonPlan(text) : parseTextPlan(text);
        INFO(name << form << ": " << r.error);
        REQUIRE(r.ok());
        REQUIRE(r.warnings.empty());
        plans.push_back(std::move(*r.plan));
    }
    return plans;
}

// The value of a property the model keeps as text, or "(none)".
std::string other(const PlanNode& node, const std::string& name) {
    for (const PlanProperty& p : node.otherProperties)
        if (p.name == name) return p.value;
    return "(none)";
}

bool startsWith(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

}  // namespace

TEST_CASE("Plan fixtures: every set holds the queries of queries.sql, in both forms", "[plan]") {
    const std::vector<std::string> queries = plantest::queryNames();
    REQUIRE(queries.size() >= 30);
    for (const std::string& source : plantest::fixtureSources()) {
        INFO(source);
        CHECK(plantest::fixtureNames(source) == queries);
        for (const std::string& name : queries) {
            INFO(name);
            CHECK(std::filesystem::exists(plantest::fixtureDir(source) / (name + ".txt")));
        }
    }
}

TEST_CASE("Plan PGlite: joins name their relations; PGlite's own settings come first", "[plan][pglite]") {
    for (const Plan& plan : bothForms("hash_join")) {
        const PlanNode& join = plan.root();
        CHECK(join.nodeType == "Hash Join");
        CHECK(join.joinType == "Inner");
        CHECK(join.hashCond == "(o.customer_id = c.id)");
        REQUIRE(join.children.size() == 2);
        const PlanNode& orders = plan.nodes[join.children[0]];
        CHECK(orders.relation == "orders");
        CHECK(orders.alias == "o");
        CHECK(orders.rowsRemovedByFilter == 3600);
        CHECK(orders.actualRows == 400);   // printed "400.00" from PostgreSQL 18 on
        const PlanNode& hash = plan.nodes[join.children[1]];
        CHECK(hash.nodeType == "Hash");
        REQUIRE(hash.children.size() == 1);
        CHECK(plan.nodes[hash.children[0]].relation == "customers");
        // PGlite runs with these changed from their defaults, so every plan lists them.
        REQUIRE(plan.settings.size() == 5);
        CHECK(plan.settings[0].name == "search_path");
        CHECK(plan.settings[1].name == "max_parallel_workers");
        CHECK(plan.settings[1].value == "0");
        CHECK(plan.settings[2].name == "max_parallel_workers_per_gather");
        CHECK(plan.settings[3].name == "enable_mergejoin");
        CHECK(plan.settings[4].name == "enable_nestloop");
    }

    for (const Plan& plan : bothForms("hash_join_batches")) {
        CHECK(plan.root().nodeType == "Hash Join");   // not removed as a self-join: see queries.sql
        const PlanNode* hash = findNode(plan, "Hash");
        REQUIRE(hash);
        CHECK(hash->hashBatches > 1);
        CHECK(plan.root().buffers.tempWritten > 0);
    }

    for (const Plan& plan : bothForms("merge_join")) {
        CHECK(plan.root().nodeType == "Merge Join");
        CHECK(plan.root().mergeCond == "(c.id = o.customer_id)");
        CHECK(plan.nodes[1].index == "customers_pkey");
        CHECK(plan.nodes[2].index == "orders_customer_idx");
    }

    for (const Plan& plan : bothForms("nested_loop")) {
        CHECK(plan.root().nodeType == "Nested Loop");
        const PlanNode* bitmap = findNode(plan, "Bitmap Index Scan");
        REQUIRE(bitmap);
        CHECK(bitmap->loops == 4);
        // PostgreSQL 18 counts the descents into the index, over all loops.
        CHECK(other(*bitmap, "Index Searches") == "4");
    }

    for (const Plan& plan : bothForms("never_executed")) {
        const PlanNode& customers = plan.nodes[plan.root().children[1]];
        CHECK(customers.relation == "customers");
        CHECK(customers.loops == 0);
        CHECK(customers.exclusiveMs == 0.0);
        CHECK(other(customers, "Index Searches") == "0");
    }
}

TEST_CASE("Plan PGlite: parallel plans launch no workers, so every node runs in one process", "[plan][pglite]") {
    for (const std::string& name : {"parallel_aggregate", "parallel_sort", "parallel_hash_join"}) {
        for (const Plan& plan : bothForms(name)) {
            INFO(name);
            const PlanNode* gather = findNode(plan, "Gather Merge");
            if (!gather) gather = findNode(plan, "Gather");
            REQUIRE(gather);
            CHECK(gather->workersPlanned == 2);
            CHECK(gather->workersLaunched == 0);
            bool parallelAware = false;
            for (const PlanNode& n : plan.nodes) {
                INFO(nodeDisplayName(n));
                CHECK(n.parallelProcesses == 1);
                CHECK(n.loops <= 1);
                CHECK(n.workers.empty());
                // Not divided among processes: the leader did it all.
                CHECK(*n.inclusiveMs == Approx(*n.actualTotalMs * n.loops));
                parallelAware = parallelAware || n.parallelAware;
            }
            CHECK(parallelAware);
            CHECK(std::none_of(plan.settings.begin(), plan.settings.end(),
                               [](const PlanSetting& s) { return s.name == "max_parallel_workers_per_gather"; }));
        }
    }
    for (const Plan& plan : bothForms("parallel_hash_join")) {
        CHECK(nodeDisplayName(*findNode(plan, "Hash Join")) == "Parallel Hash Join");
        CHECK(nodeDisplayName(*findNode(plan, "Hash")) == "Parallel Hash");
        CHECK(plan.root().partialMode == "Finalize");
    }
}

TEST_CASE("Plan PGlite: InitPlans named as from PostgreSQL 17, and whose time they are", "[plan][pglite]") {
    for (const Plan& plan : bothForms("init_plan")) {
        const PlanNode& orders = plan.root();
        CHECK(orders.filter == "(amount > ((InitPlan 1).col1 * 1.9))");
        REQUIRE(orders.children.size() == 1);
        const PlanNode& init = plan.nodes[orders.children[0]];
        CHECK(init.parentRelationship == "InitPlan");
        CHECK(init.subplanName == "InitPlan 1");
        // The scan's filter uses the InitPlan's result, so the InitPlan ran inside the scan's time.
        CHECK(*orders.exclusiveMs == Approx(std::max(0.0, *orders.inclusiveMs - *init.inclusiveMs)).margin(1e-9));
    }

    for (const Plan& plan : bothForms("subplan_hashed")) {
        const PlanNode* customers = findNode(plan, "Seq Scan");
        REQUIRE(customers);
        CHECK(customers->relation == "customers");
        CHECK(customers->filter == "(NOT (ANY (id = (hashed SubPlan 1).col1)))");
        REQUIRE(customers->children.size() == 1);
        const PlanNode& sub = plan.nodes[customers->children[0]];
        CHECK(sub.parentRelationship == "SubPlan");
        CHECK(sub.subplanName == "SubPlan 1");
        CHECK(sub.relation == "orders");
    }

    for (const Plan& plan : bothForms("cte_materialized")) {
        const PlanNode& cte = plan.nodes[plan.root().children[0]];
        CHECK(isCtePlan(cte));
        CHECK(cte.subplanName == "CTE totals");
        const PlanNode* init = findNode(plan, "Aggregate", 2);
        REQUIRE(init);
        CHECK(init->subplanName == "InitPlan 2");
        const PlanNode* scan = findNode(plan, "CTE Scan", 1);
        REQUIRE(scan);
        CHECK(scan->filter == "(total > (InitPlan 2).col1)");
        CHECK(other(*scan, "Storage") == "Memory");   // PostgreSQL 18: where the CTE's rows were kept
        CHECK(other(*scan, "Maximum Storage") != "(none)");
    }

    for (const Plan& plan : bothForms("recursive_cte")) {
        const PlanNode* worktable = findNode(plan, "WorkTable Scan");
        REQUIRE(worktable);
        CHECK(worktable->loops == 100);
        // 99 rows over 100 loops: PostgreSQL 15 printed "rows=1", 18 prints "rows=0.99".
        CHECK(worktable->actualRows == Approx(0.99));
        CHECK(worktable->cteName == "r");
    }
}

TEST_CASE("Plan PGlite: SetOp reads its two inputs directly, and other PostgreSQL 18 nodes", "[plan][pglite]") {
    // Up to 17 a SetOp read an Append of Subquery Scans; from 18 its inputs are outer and inner.
    for (const Plan& plan : bothForms("setop_except")) {
        CHECK(nodeDisplayName(plan.root()) == "HashSetOp Except");
        REQUIRE(plan.root().children.size() == 2);
        const PlanNode& outer = plan.nodes[plan.root().children[0]];
        const PlanNode& inner = plan.nodes[plan.root().children[1]];
        CHECK(outer.parentRelationship == "Outer");
        CHECK(outer.relation == "orders");
        CHECK(inner.parentRelationship == "Inner");
        CHECK(inner.relation == "customers");
        CHECK_FALSE(findNode(plan, "Append"));
        CHECK_FALSE(findNode(plan, "Subquery Scan"));
    }
    for (const Plan& plan : bothForms("setop_intersect")) {
        CHECK(nodeDisplayName(plan.root()) == "SetOp Intersect");
        CHECK(plan.root().strategy == "Sorted");
        REQUIRE(plan.root().children.size() == 2);
        CHECK(plan.nodes[plan.root().children[0]].nodeType == "Index Only Scan");
        CHECK(plan.nodes[plan.root().children[1]].nodeType == "Sort");
    }

    for (const Plan& plan : bothForms("window_function")) {
        CHECK(plan.root().nodeType == "WindowAgg");
        CHECK(startsWith(other(plan.root(), "Window"), "w1 AS (PARTITION BY customer_id ORDER BY amount"));
        CHECK(other(plan.root(), "Storage") == "Memory");
    }

    for (const Plan& plan : bothForms("memoize")) {
        const PlanNode* memoize = findNode(plan, "Memoize");
        REQUIRE(memoize);
        CHECK(memoize->cacheKey == "c.country");
        CHECK(memoize->cacheHits == 990);
        CHECK(memoize->cacheMisses == 10);
        CHECK(memoize->loops == 1000);
    }

    for (const Plan& plan : bothForms("materialize")) {
        const PlanNode* materialize = findNode(plan, "Materialize");
        REQUIRE(materialize);
        CHECK(materialize->loops == 10);
        CHECK(other(*materialize, "Storage") == "Memory");
    }
}

TEST_CASE("Plan PGlite: spills, sorts and writes", "[plan][pglite]") {
    for (const Plan& plan : bothForms("hash_aggregate_spill")) {
        CHECK(nodeDisplayName(plan.root()) == "HashAggregate");
        CHECK(plan.root().hashAggBatches > 1);
        CHECK(plan.root().plannedPartitions > 0);
        CHECK(plan.root().diskUsageKb > 0);
    }
    for (const Plan& plan : bothForms("sort_disk")) {
        CHECK(plan.root().sortMethod == "external merge");
        CHECK(plan.root().sortSpaceType == SortSpace::Disk);
        CHECK(plan.root().buffers.tempWritten > 0);
    }
    for (const Plan& plan : bothForms("incremental_sort")) {
        const PlanNode* incremental = findNode(plan, "Incremental Sort");
        REQUIRE(incremental);
        CHECK(incremental->presortedKey == std::vector<std::string>{"customer_id"});
    }
    for (const Plan& plan : bothForms("insert_with_trigger")) {
        CHECK(nodeDisplayName(plan.root()) == "Insert");
        CHECK(plan.root().relation == "orders");
        REQUIRE(plan.triggers.size() == 1);
        CHECK(plan.triggers[0].constraintName == "orders_customer_id_fkey");
        CHECK(plan.triggers[0].calls == 3);
    }
}

TEST_CASE("Plan PGlite: FORMAT JSON lists Disabled on every node, the text form only when true", "[plan][pglite]") {
    // PostgreSQL 18 marks a node the planner took although an enable_* setting was off with
    // "Disabled: true" (15 added 1e10 to its cost). No captured plan has one, so every JSON node
    // says false, and the text form says nothing.
    const std::vector<Plan> plans = bothForms("bitmap_scan");
    for (const PlanNode& n : plans[0].nodes) CHECK(other(n, "Disabled") == "false");
    for (const PlanNode& n : plans[1].nodes) CHECK(other(n, "Disabled") == "(none)");
}
