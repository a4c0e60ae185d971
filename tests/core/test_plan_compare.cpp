// Comparing two plans (core/plan_compare): the time ratio, and which nodes changed when an index
// reshapes the tree.
#include <catch2/catch.hpp>

#include "core/plan_compare.h"
#include "core/plan_json_parser.h"
#include "core/plan_text_parser.h"
#include "plan_fixtures.h"

using namespace pgplay;
using plantest::textPlan;

namespace {

const std::string kSeqScan =
    "Aggregate  (cost=80.01..80.02 rows=1 width=8) (actual time=0.900..0.901 rows=1 loops=1)\n"
    "  ->  Seq Scan on orders o  (cost=0.00..80.00 rows=4 width=0) (actual time=0.020..0.890 rows=4 loops=1)\n"
    "        Filter: (customer_id = 42)\n"
    "        Rows Removed by Filter: 3996\n"
    "Planning Time: 0.100 ms\n"
    "Execution Time: 0.950 ms\n";

const std::string kBitmapScan =
    "Aggregate  (cost=12.10..12.11 rows=1 width=8) (actual time=0.030..0.031 rows=1 loops=1)\n"
    "  ->  Bitmap Heap Scan on orders o  (cost=4.30..12.09 rows=4 width=0) (actual time=0.015..0.025 rows=4 loops=1)\n"
    "        Recheck Cond: (customer_id = 42)\n"
    "        Heap Blocks: exact=4\n"
    "        ->  Bitmap Index Scan on orders_customer_id_idx  (cost=0.00..4.30 rows=4 width=0) (actual time=0.010..0.010 rows=4 loops=1)\n"
    "              Index Cond: (customer_id = 42)\n"
    "Planning Time: 0.200 ms\n"
    "Execution Time: 0.050 ms\n";

}  // namespace

TEST_CASE("Plan compare: an index turns a Seq Scan into a bitmap scan, 19x faster", "[plan][compare]") {
    const Plan before = textPlan(kSeqScan), after = textPlan(kBitmapScan);
    const PlanComparison c = comparePlans(before, after);
    REQUIRE(c.measured);
    REQUIRE(c.ratio);
    CHECK(*c.ratio == Approx(19.0));
    CHECK(c.summary == "0.950 ms → 0.050 ms: 19x faster");

    CHECK(c.beforeChange == std::vector<PlanNodeChange>{PlanNodeChange::Same, PlanNodeChange::Changed});
    CHECK(c.afterChange == std::vector<PlanNodeChange>{PlanNodeChange::Same, PlanNodeChange::Changed, PlanNodeChange::Added});
    CHECK(c.beforeMatch == std::vector<int>{0, 1});
    CHECK(c.afterMatch == std::vector<int>{0, 1, -1});
    REQUIRE(c.changes.size() == 2);
    CHECK(c.changes[0].message == "Seq Scan on orders o became Bitmap Heap Scan on orders o");
    CHECK(c.changes[1].kind == PlanNodeChange::Added);
    CHECK(c.changes[1].message == "New: Bitmap Index Scan using orders_customer_id_idx");

    // The other way round: slower, and the index scan is gone.
    const PlanComparison back = comparePlans(after, before);
    CHECK(back.summary == "0.050 ms → 0.950 ms: 19x slower");
    REQUIRE(back.changes.size() == 2);
    CHECK(back.changes[1].kind == PlanNodeChange::Removed);
    CHECK(back.changes[1].before == 2);
    CHECK(back.changes[1].message == "Bitmap Index Scan using orders_customer_id_idx is gone");
}

TEST_CASE("Plan compare: the same plan twice changes nothing", "[plan][compare]") {
    for (const std::string& name : plantest::fixtureNames()) {
        INFO(name);
        PlanParseResult r = parseJsonPlan(plantest::fixture(name + ".json"));
        REQUIRE(r.ok());
        const PlanComparison c = comparePlans(*r.plan, *r.plan);
        CHECK(c.changes.empty());
        for (size_t i = 0; i < r.plan->nodes.size(); ++i) {
            CHECK(c.beforeChange[i] == PlanNodeChange::Same);
            CHECK(c.beforeMatch[i] == static_cast<int>(i));
        }
        if (r.plan->executionMs && *r.plan->executionMs > 0) CHECK(c.summary.find("about the same time (1.00x)") != std::string::npos);
        CHECK(c.summary.find("the plan's shape did not change") != std::string::npos);
    }
}

TEST_CASE("Plan compare: a Hash Join that became a Nested Loop loses its Hash", "[plan][compare]") {
    const Plan hash = textPlan(
        "Hash Join  (cost=30.50..120.00 rows=40 width=16)\n"
        "  Hash Cond: (o.customer_id = c.id)\n"
        "  ->  Seq Scan on orders o  (cost=0.00..80.00 rows=4000 width=8)\n"
        "  ->  Hash  (cost=18.00..18.00 rows=10 width=8)\n"
        "        ->  Seq Scan on customers c  (cost=0.00..18.00 rows=10 width=8)\n"
        "              Filter: (country = 'c1'::text)\n");
    const Plan loop = textPlan(
        "Nested Loop  (cost=4.57..60.00 rows=40 width=16)\n"
        "  ->  Seq Scan on customers c  (cost=0.00..18.00 rows=10 width=8)\n"
        "        Filter: (country = 'c1'::text)\n"
        "  ->  Index Scan using orders_customer_id_idx on orders o  (cost=0.28..4.00 rows=4 width=8)\n"
        "        Index Cond: (customer_id = c.id)\n");
    const PlanComparison c = comparePlans(hash, loop);
    CHECK_FALSE(c.measured);
    CHECK(c.summary == "cost 120 → 60 (estimated): 2.0x cheaper");
    std::vector<std::string> messages;
    for (const PlanChange& ch : c.changes) messages.push_back(ch.message);
    CHECK(messages == std::vector<std::string>{
                          "Hash Join became Nested Loop",
                          "Hash is gone",
                          "Seq Scan on orders o became Index Scan using orders_customer_id_idx on orders o",
                      });
    CHECK(c.beforeChange[3] == PlanNodeChange::Same);   // Seq Scan on customers c, matched through the Hash
    CHECK(c.beforeMatch[3] == 1);
}

TEST_CASE("Plan compare: plans of different shapes and sizes never index out of range", "[plan][compare]") {
    std::vector<Plan> plans;
    for (const std::string& name : plantest::fixtureNames()) {
        PlanParseResult r = parseJsonPlan(plantest::fixture(name + ".json"));
        REQUIRE(r.ok());
        plans.push_back(*r.plan);
    }
    for (const Plan& a : plans)
        for (const Plan& b : plans) {
            const PlanComparison c = comparePlans(a, b);
            REQUIRE(c.beforeMatch.size() == a.nodes.size());
            REQUIRE(c.afterMatch.size() == b.nodes.size());
            for (size_t i = 0; i < a.nodes.size(); ++i) {
                const int m = c.beforeMatch[i];
                REQUIRE(m < static_cast<int>(b.nodes.size()));
                if (m >= 0) CHECK(c.afterMatch[static_cast<size_t>(m)] == static_cast<int>(i));   // matches are mutual
                CHECK((m >= 0) == (c.beforeChange[i] != PlanNodeChange::Removed));
            }
            size_t unmatched = 0;
            for (PlanNodeChange ch : c.beforeChange) unmatched += ch != PlanNodeChange::Same;
            for (PlanNodeChange ch : c.afterChange) unmatched += ch == PlanNodeChange::Added;
            CHECK(c.changes.size() == unmatched);   // every change listed once (a Changed pair once)
        }
}

TEST_CASE("Plan compare: thousands of nodes over the same table are compared by position, quickly", "[plan][compare]") {
    // An Append of 3,000 scans of one table: one scope of 3,001 nodes on each side, past the
    // size where the common-subsequence table is built.
    std::string text = "Append  (cost=0.00..3000.00 rows=3000 width=4)\n";
    for (int i = 0; i < 3000; ++i) text += "  ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n";
    const Plan big = textPlan(text);
    REQUIRE(big.nodes.size() == 3001);
    std::string other = text;
    other.replace(other.find("Seq Scan on t"), 13, "Index Scan using t_pkey on t");
    const PlanComparison c = comparePlans(big, textPlan(other));
    REQUIRE(c.changes.size() == 1);
    CHECK(c.changes[0].message == "Seq Scan on t became Index Scan using t_pkey on t");
    CHECK(c.beforeMatch[3000] == 3000);
}
