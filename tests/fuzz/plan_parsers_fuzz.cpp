// libFuzzer target for the plan parsers: every input is read the ways a learner's paste can be
// read (as FORMAT JSON, as the text form, through the paste box that picks one of them), and
// whatever comes back must keep the promises written in plan_model.h, plan_json_parser.h,
// plan_text_parser.h, plan_paste.h and psql_output.h. Plans that parse also go through the
// advice (plan_advice.h) and the comparison with another plan (plan_compare.h), the way the
// Explain view uses them.
//
// The sanitizers catch crashes, bad reads and undefined behaviour; the checks below catch wrong
// answers that crash nothing (a child index past the end, a node that is its own ancestor, an
// error and a plan at once). A broken promise prints what broke and calls abort(), which
// libFuzzer reports as a crash and saves the input for.
//
// Build: scripts/build.sh fuzz. Run (scripts/test.sh does it for a bounded time):
//   build/fuzz/plan_parsers_fuzz build/fuzz/corpus tests/fixtures/plans
// New inputs go to the first directory; the captured plans in the second are the seeds.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/plan_advice.h"
#include "core/plan_compare.h"
#include "core/plan_json_parser.h"
#include "core/plan_paste.h"
#include "core/plan_text_parser.h"
#include "core/psql_output.h"
#include "plan_invariants.h"   // tests/core: the tree checks the Catch2 tests use too

namespace {

using namespace pgplay;

[[noreturn]] void fail(const char* parser, const char* what, const std::string& detail = {}) {
    std::fprintf(stderr, "plan_parsers_fuzz: %s: %s%s%s\n", parser, what, detail.empty() ? "" : ": ", detail.c_str());
    std::abort();
}

void require(bool holds, const char* parser, const char* what) {
    if (!holds) fail(parser, what);
}

// The text parser stops listing warnings after 20 and adds one line for the rest, and one for a
// second plan; the JSON parser has one. A list that grew with the input would flood the view.
constexpr size_t kMostWarnings = 32;

// finishPlan must give the same figures when called again ("call it again after editing a plan
// by hand", plan_model.h): derived fields depend on raw ones only.
void requireFinishIsStable(const Plan& plan, const char* parser) {
    Plan again = plan;
    finishPlan(again);
    require(again.analyzed == plan.analyzed, parser, "finishPlan changed Plan::analyzed the second time");
    for (size_t i = 0; i < plan.nodes.size(); ++i) {
        const PlanNode &a = plan.nodes[i], &b = again.nodes[i];
        if (a.parallelProcesses != b.parallelProcesses || a.inclusiveMs != b.inclusiveMs || a.exclusiveMs != b.exclusiveMs ||
            a.exclusiveCost != b.exclusiveCost || a.actualStartupMs != b.actualStartupMs || a.actualTotalMs != b.actualTotalMs)
            fail(parser, "finishPlan gave other figures the second time", "node " + std::to_string(i));
    }
}

// A schema the advice can match the plan against: a table for each relation the plan reads,
// with an index on the column its filter tests (so "index not used" advice is reached) and one
// over the filter's raw text (so indexColumns reads arbitrary definitions). Bounded, because the
// advice looks tables up by name for every scan.
SchemaSnapshot schemaFor(const Plan& plan) {
    SchemaSnapshot schema;
    for (const PlanNode& n : plan.nodes) {
        if (!n.relation || schema.tables.size() >= 64) continue;
        TableInfo t;
        t.schema = n.schema.empty() ? "public" : n.schema;
        t.name = *n.relation;
        t.kind = "table";
        const std::string on = " ON " + t.schema + "." + t.name + " USING btree (";
        t.indexes.push_back({t.name + "_col_idx", "CREATE INDEX" + on + filterColumn(n.filter) + ")", false, false});
        t.indexes.push_back({t.name + "_raw_idx", "CREATE UNIQUE INDEX" + on + n.filter + ")", true, false});
        schema.tables.push_back(std::move(t));
    }
    return schema;
}

bool isIdentifierChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

void requireAdviceHolds(const Plan& plan, const SchemaSnapshot* schema, const char* parser) {
    const std::vector<PlanWarning> warnings = planWarnings(plan, schema);
    if (!plan.analyzed) require(warnings.empty(), parser, "advice for a plan without ANALYZE");
    for (const PlanWarning& w : warnings) {
        require(w.node >= 0 && static_cast<size_t>(w.node) < plan.nodes.size(), parser, "advice about a node that is not there");
        require(!w.message.empty() && *planWarningKindName(w.kind) != '\0', parser, "advice without words");
        // nodePath is what window.playground.explain() hands out: it must lead back to the node.
        size_t at = 0;
        for (size_t step : w.nodePath) {
            require(step < plan.nodes[at].children.size(), parser, "an advice path past a node's children");
            at = static_cast<size_t>(plan.nodes[at].children[step]);
        }
        require(at == static_cast<size_t>(w.node), parser, "an advice path that leads to another node");
    }
}

// What comparePlans promises about its two plans (plan_compare.h): every node is the same,
// changed, removed or added, a matched pair points at each other and agrees, and the list
// names each node that is not the same exactly once.
PlanComparison requireComparisonHolds(const Plan& before, const Plan& after, const char* parser) {
    const PlanComparison c = comparePlans(before, after);
    const size_t nb = before.nodes.size(), na = after.nodes.size();
    require(c.beforeChange.size() == nb && c.beforeMatch.size() == nb && c.afterChange.size() == na && c.afterMatch.size() == na,
            parser, "a comparison that does not cover every node");
    std::vector<int> listedBefore(nb, 0), listedAfter(na, 0);
    for (const PlanChange& change : c.changes) {
        require(change.kind != PlanNodeChange::Same && !change.message.empty(), parser, "a listed change that is none");
        require(change.before >= -1 && change.before < static_cast<int>(nb) && change.after >= -1 && change.after < static_cast<int>(na),
                parser, "a listed change of a node that is not there");
        require((change.before >= 0) == (change.kind != PlanNodeChange::Added) &&
                    (change.after >= 0) == (change.kind != PlanNodeChange::Removed),
                parser, "a listed change with the wrong sides");
        if (change.before >= 0) ++listedBefore[static_cast<size_t>(change.before)];
        if (change.after >= 0) ++listedAfter[static_cast<size_t>(change.after)];
    }
    for (size_t i = 0; i < nb; ++i) {
        const int j = c.beforeMatch[i];
        require(j >= -1 && j < static_cast<int>(na), parser, "a match past the other plan's nodes");
        require((j < 0) == (c.beforeChange[i] == PlanNodeChange::Removed), parser, "a removed node with a match, or a match removed");
        if (j >= 0)
            require(c.afterMatch[static_cast<size_t>(j)] == static_cast<int>(i) && c.afterChange[static_cast<size_t>(j)] == c.beforeChange[i],
                    parser, "a matched pair that disagrees");
        require(listedBefore[i] == (c.beforeChange[i] == PlanNodeChange::Same ? 0 : 1), parser, "a change listed other than once");
    }
    for (size_t j = 0; j < na; ++j) {
        require((c.afterMatch[j] < 0) == (c.afterChange[j] == PlanNodeChange::Added), parser, "an added node with a match, or a match added");
        require(listedAfter[j] == (c.afterChange[j] == PlanNodeChange::Same ? 0 : 1), parser, "a change listed other than once");
    }
    require(!c.ratio || std::isfinite(*c.ratio), parser, "an infinite time ratio");
    require(!c.summary.empty(), parser, "a comparison without a summary");
    return c;
}

// The plan compared with: a small analyzed join, the usual "before" of a learner's query.
const Plan& referencePlan() {
    static const Plan plan = *parseTextPlan(
        "Hash Join  (cost=1.09..2.21 rows=3 width=8) (actual time=0.031..0.036 rows=3 loops=1)\n"
        "  Hash Cond: (o.customer_id = c.id)\n"
        "  ->  Seq Scan on orders o  (cost=0.00..1.10 rows=10 width=8) (actual time=0.010..0.012 rows=10 loops=1)\n"
        "        Filter: (status = 'open'::text)\n"
        "        Rows Removed by Filter: 5\n"
        "  ->  Hash  (cost=1.04..1.04 rows=4 width=4) (actual time=0.008..0.008 rows=4 loops=1)\n"
        "        Buckets: 1024  Batches: 1  Memory Usage: 9kB\n"
        "        ->  Seq Scan on customers c  (cost=0.00..1.04 rows=4 width=4) (actual time=0.004..0.005 rows=4 loops=1)\n"
        "Execution Time: 0.061 ms\n").plan;
    return plan;
}

void requirePlanHolds(const Plan& plan, const char* parser) {
    if (const std::string problems = plantest::treeProblems(plan); !problems.empty()) fail(parser, "a broken tree", problems);
    bool anyActualRows = false;
    for (const PlanNode& n : plan.nodes) {
        anyActualRows = anyActualRows || n.actualRows.has_value();
        require(n.parallelProcesses >= 1, parser, "a node run by fewer than one process");
        require(!nodeDisplayName(n).empty(), parser, "a node without a display name");
        // filterColumn names one column of the filter or nothing.
        const std::string column = filterColumn(n.filter);
        require(std::all_of(column.begin(), column.end(), isIdentifierChar) && n.filter.find(column) != std::string::npos,
                parser, "filterColumn gave something that is not a column of the filter");
    }
    require(plan.analyzed == anyActualRows, parser, "Plan::analyzed disagrees with the nodes' actual rows");
    requireFinishIsStable(plan, parser);
    const SchemaSnapshot schema = schemaFor(plan);
    requireAdviceHolds(plan, &schema, parser);
    requireAdviceHolds(plan, nullptr, parser);

    // A plan compared with itself has not changed at all.
    const PlanComparison self = requireComparisonHolds(plan, plan, parser);
    require(self.changes.empty(), parser, "a plan compared with itself has changes");
    for (size_t i = 0; i < plan.nodes.size(); ++i)
        require(self.beforeMatch[i] == static_cast<int>(i) && self.beforeChange[i] == PlanNodeChange::Same, parser,
                "a node compared with itself is not the same");
    requireComparisonHolds(referencePlan(), plan, parser);
    requireComparisonHolds(plan, referencePlan(), parser);
}

void requireResultHolds(const PlanParseResult& r, const char* parser) {
    // "set exactly when plan is absent" (plan_model.h).
    require(r.ok() != !r.error.empty(), parser, "a plan and an error at once, or neither");
    require(r.warnings.size() <= kMostWarnings, parser, "more warnings than the view can show");
    if (r.ok()) requirePlanHolds(*r.plan, parser);
}

bool sameOutcome(const PlanParseResult& a, const PlanParseResult& b) {
    if (a.ok() != b.ok() || a.error != b.error || a.warnings != b.warnings) return false;
    return !a.ok() || a.plan->nodes.size() == b.plan->nodes.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    // Taking psql's decoration away never adds text.
    require(stripPsqlDecoration(text).size() <= text.size(), "psql_output", "stripPsqlDecoration made the text longer");

    const PlanParseResult json = parseJsonPlan(text);
    const PlanParseResult plain = parseTextPlan(text);
    requireResultHolds(json, "json");
    requireResultHolds(plain, "text");

    // The paste box picks one parser; the other must refuse the text, or a paste could be read as
    // a plan in one format and never tried in the one it is in.
    const PlanFormat format = detectPlanFormat(text);
    if (format == PlanFormat::Json) require(!plain.ok(), "paste", "text taken as JSON that the text parser reads");
    else require(!json.ok(), "paste", "text taken as the text form that the JSON parser reads");

    // And then answers exactly as that parser does (also: parsing twice gives the same answer).
    require(sameOutcome(parsePastedPlan(text), format == PlanFormat::Json ? json : plain), "paste",
            "the paste box answered differently from the parser it chose");
    return 0;
}
