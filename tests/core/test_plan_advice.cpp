// What the plan view points out (core/plan_advice), on plans captured from PostgreSQL 15 and a
// few written for the purpose.
#include <catch2/catch.hpp>

#include <regex>

#include "core/plan_advice.h"
#include "core/plan_json_parser.h"
#include "core/plan_text_parser.h"
#include "plan_fixtures.h"

using namespace pgplay;
using plantest::textPlan;

namespace {

std::vector<PlanWarning> warningsOf(const std::string& fixture, const SchemaSnapshot* schema = nullptr) {
    PlanParseResult r = parseJsonPlan(plantest::fixture(fixture + ".json"));
    INFO(r.error);
    REQUIRE(r.ok());
    return planWarnings(*r.plan, schema);
}

const PlanWarning* find(const std::vector<PlanWarning>& ws, PlanWarningKind kind) {
    for (const PlanWarning& w : ws)
        if (w.kind == kind) return &w;
    return nullptr;
}

SchemaSnapshot ordersWithIndexOn(const std::string& column) {
    SchemaSnapshot s;
    TableInfo t;
    t.schema = "public";
    t.name = "orders";
    t.indexes.push_back({"orders_" + column + "_idx", "CREATE INDEX orders_" + column + "_idx ON public.orders USING btree (" + column + ")", false, false});
    s.tables.push_back(t);
    return s;
}

}  // namespace

TEST_CASE("Plan advice: a Seq Scan that throws most of a large table away suggests an index on the filtered column", "[plan][advice]") {
    const auto ws = warningsOf("hash_join");   // Seq Scan on orders o, Filter: (amount > '450'::numeric), 3600 of 4000 removed
    const PlanWarning* w = find(ws, PlanWarningKind::MissingIndex);
    REQUIRE(w);
    CHECK(w->message.find("An index on orders (amount) may help") != std::string::npos);
    CHECK(w->message.find("read 4,000 rows") != std::string::npos);
    CHECK(w->nodePath == std::vector<size_t>{0});   // the Hash Join's first child
}

TEST_CASE("Plan advice: an index that exists but was not used, and why", "[plan][advice]") {
    const SchemaSnapshot schema = ordersWithIndexOn("amount");
    const auto ws = warningsOf("hash_join", &schema);
    CHECK_FALSE(find(ws, PlanWarningKind::MissingIndex));
    const PlanWarning* w = find(ws, PlanWarningKind::UnusedIndex);
    REQUIRE(w);
    CHECK(w->message.find("orders_amount_idx") != std::string::npos);
    CHECK(w->message.find("ANALYZE orders") != std::string::npos);   // selective, so the statistics are suspect

    // A small table: reading it whole is right.
    const Plan small = textPlan(
        "Seq Scan on orders  (cost=0.00..2.25 rows=5 width=8) (actual time=0.01..0.02 rows=5 loops=1)\n"
        "  Filter: (amount > 10)\n"
        "  Rows Removed by Filter: 95\n");
    const auto smallWs = planWarnings(small, &schema);
    REQUIRE(find(smallWs, PlanWarningKind::UnusedIndex));
    CHECK(find(smallWs, PlanWarningKind::UnusedIndex)->message.find("the table is small") != std::string::npos);

    // A filter that keeps most rows: the index would cost more.
    const Plan wide = textPlan(
        "Seq Scan on orders  (cost=0.00..80.00 rows=3000 width=8) (actual time=0.01..0.9 rows=3000 loops=1)\n"
        "  Filter: (amount > 10)\n"
        "  Rows Removed by Filter: 1000\n");
    const PlanWarning* wideW = find(planWarnings(wide, &schema), PlanWarningKind::UnusedIndex);
    REQUIRE(wideW);
    CHECK(wideW->message.find("keeps 75% of the rows") != std::string::npos);
}

TEST_CASE("Plan advice: sorts and hashes that spill to disk name work_mem", "[plan][advice]") {
    const PlanWarning* sort = find(warningsOf("sort_disk"), PlanWarningKind::DiskSpill);
    REQUIRE(sort);
    CHECK(sort->message.find("160 kB") != std::string::npos);
    CHECK(sort->message.find("work_mem (64kB here)") != std::string::npos);
    const PlanWarning* hash = find(warningsOf("hash_join_batches"), PlanWarningKind::DiskSpill);
    REQUIRE(hash);
    CHECK(hash->message.find("4 batches") != std::string::npos);
    CHECK(find(warningsOf("hash_aggregate_spill"), PlanWarningKind::DiskSpill));
    CHECK_FALSE(find(warningsOf("sort_memory"), PlanWarningKind::DiskSpill));
}

TEST_CASE("Plan advice: estimates 10x off, and a nested loop's inner side run many times", "[plan][advice]") {
    const Plan plan = textPlan(
        "Nested Loop  (cost=0.29..50.00 rows=10 width=8) (actual time=0.02..30.0 rows=5000 loops=1)\n"
        "  ->  Seq Scan on customers c  (cost=0.00..20.00 rows=10 width=4) (actual time=0.01..1.0 rows=5000 loops=1)\n"
        "  ->  Seq Scan on orders o  (cost=0.00..3.00 rows=1 width=4) (actual time=0.001..0.002 rows=1 loops=5000)\n"
        "        Filter: (id = c.id)\n");
    const auto ws = planWarnings(plan, nullptr);
    const PlanWarning* estimate = find(ws, PlanWarningKind::Misestimate);
    REQUIRE(estimate);
    CHECK(estimate->message.find("expected 10 rows") != std::string::npos);
    CHECK(estimate->message.find("500x more") != std::string::npos);
    const PlanWarning* loops = find(ws, PlanWarningKind::ManyLoops);
    REQUIRE(loops);
    CHECK(loops->message.find("ran 5,000 times") != std::string::npos);
    CHECK(loops->nodePath.empty());   // the root
}

TEST_CASE("Plan advice: an inner side that is an index lookup or a cache may run ten times as often", "[plan][advice]") {
    for (const char* inner : {"Index Scan using orders_pkey on orders o  (cost=0.29..3.00 rows=1 width=4) (actual time=0.001..0.002 rows=1 loops=5000)\n"
                              "        Index Cond: (id = c.id)\n",
                              "Memoize  (cost=0.29..3.00 rows=1 width=4) (actual time=0.001..0.002 rows=1 loops=5000)\n"
                              "        Cache Key: c.id\n"}) {
        INFO(inner);
        const Plan plan = textPlan(
            std::string("Nested Loop  (cost=0.29..50.00 rows=5000 width=8) (actual time=0.02..30.0 rows=5000 loops=1)\n"
                        "  ->  Seq Scan on customers c  (cost=0.00..20.00 rows=5000 width=4) (actual time=0.01..1.0 rows=5000 loops=1)\n"
                        "  ->  ") + inner);
        CHECK_FALSE(find(planWarnings(plan, nullptr), PlanWarningKind::ManyLoops));
        const Plan many = textPlan(
            std::string("Nested Loop  (cost=0.29..50.00 rows=20000 width=8) (actual time=0.02..30.0 rows=20000 loops=1)\n"
                        "  ->  Seq Scan on customers c  (cost=0.00..20.00 rows=20000 width=4) (actual time=0.01..1.0 rows=20000 loops=1)\n"
                        "  ->  ") + std::regex_replace(inner, std::regex("loops=5000"), "loops=20000"));
        CHECK(find(planWarnings(many, nullptr), PlanWarningKind::ManyLoops));
    }
}

TEST_CASE("Plan advice: fewer rows than estimated under a Limit is the Limit at work", "[plan][advice]") {
    // A top-N sort returns only what the Limit asks for; an index scan stops when it has enough.
    Plan plan = textPlan(
        "Limit  (cost=100.0..100.1 rows=10 width=8) (actual time=20.0..20.0 rows=10 loops=1)\n"
        "  ->  Sort  (cost=100.0..350.0 rows=100000 width=8) (actual time=20.0..20.0 rows=10 loops=1)\n"
        "        Sort Key: total DESC\n"
        "        Sort Method: top-N heapsort  Memory: 25kB\n"
        "        ->  Seq Scan on orders  (cost=0.00..1500.00 rows=100000 width=8) (actual time=0.01..9.0 rows=100000 loops=1)\n");
    CHECK_FALSE(find(planWarnings(plan, nullptr), PlanWarningKind::Misestimate));
    plan = textPlan(
        "Limit  (cost=0.29..0.80 rows=10 width=8) (actual time=0.02..0.05 rows=10 loops=1)\n"
        "  ->  Index Scan Backward using orders_created_at_idx on orders  (cost=0.29..5000.00 rows=100000 width=8) (actual time=0.02..0.04 rows=10 loops=1)\n");
    CHECK_FALSE(find(planWarnings(plan, nullptr), PlanWarningKind::Misestimate));
    // Below a node that reads everything, the Limit cuts nothing short: a real misestimate.
    plan = textPlan(
        "Limit  (cost=100.0..100.1 rows=10 width=8) (actual time=20.0..20.0 rows=3 loops=1)\n"
        "  ->  Sort  (cost=100.0..350.0 rows=3 width=8) (actual time=20.0..20.0 rows=3 loops=1)\n"
        "        Sort Key: total DESC\n"
        "        Sort Method: quicksort  Memory: 25kB\n"
        "        ->  Seq Scan on orders  (cost=0.00..1500.00 rows=5000 width=8) (actual time=0.01..9.0 rows=3 loops=1)\n"
        "              Filter: (status = 'x')\n");
    const PlanWarning* w = find(planWarnings(plan, nullptr), PlanWarningKind::Misestimate);
    REQUIRE(w);
    CHECK(w->message.find("Seq Scan") != std::string::npos);
}

TEST_CASE("Plan advice: a plan without ANALYZE gets no warnings; every captured plan is safe", "[plan][advice]") {
    const Plan estimated = textPlan("Seq Scan on orders  (cost=0.00..68.00 rows=4000 width=24)\n  Filter: (amount > 1)\n");
    CHECK(planWarnings(estimated, nullptr).empty());
    for (const plantest::FixtureId& f : plantest::allFixtures()) {   // PGlite's too: the Explain button runs there
        INFO(f.label());
        PlanParseResult r = parseJsonPlan(f.file(".json"));
        REQUIRE(r.ok());
        for (const PlanWarning& w : planWarnings(*r.plan, nullptr)) {
            CHECK_FALSE(w.message.empty());
            CHECK(std::string(planWarningKindName(w.kind)).size() > 0);
        }
    }
}

TEST_CASE("filterColumn finds the one column a simple filter tests", "[plan][advice]") {
    CHECK(filterColumn("(customer_id = 42)") == "customer_id");
    CHECK(filterColumn("((o.status)::text = 'open'::text)") == "status");
    CHECK(filterColumn("(amount > '450'::numeric)") == "amount");
    CHECK(filterColumn("(lower(email) = 'a'::text)").empty());
    CHECK(filterColumn("((a = 1) OR (b = 2))").empty());
    CHECK(filterColumn("").empty());
    CHECK(filterColumn("(((").empty());
}
