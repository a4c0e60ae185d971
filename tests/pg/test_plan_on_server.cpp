// The plan parsers on plans a live server makes now, through the same Database the app uses:
// FORMAT JSON and the text form of the same statements parse, agree on the tree, and carry
// what the EXPLAIN options asked for (ANALYZE, BUFFERS, VERBOSE, WAL, SETTINGS, COSTS OFF,
// TIMING OFF). The fixtures in tests/fixtures/plans are one server's plans frozen in time; these
// catch a server whose output drifted from them.
#include <string>

#include "core/plan_json_parser.h"
#include "core/plan_paste.h"
#include "core/plan_text_parser.h"
#include "pg_fixture.h"

using namespace pgplay;
using pgtest::ScratchDb;

namespace {

const char* kSchema =
    "CREATE TABLE customers (id int PRIMARY KEY, country text NOT NULL);\n"
    "INSERT INTO customers SELECT i, 'c' || (i % 10) FROM generate_series(1, 500) AS i;\n"
    "CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers, amount int NOT NULL);\n"
    "INSERT INTO orders SELECT i, i % 500 + 1, i % 97 FROM generate_series(1, 2000) AS i;\n"
    "CREATE INDEX ON orders (customer_id);\n"
    "ANALYZE customers; ANALYZE orders;\n";

// The EXPLAIN output of the script's last statement, as the text of one cell: the JSON document,
// or the text form's rows joined by newlines (as a view would join them).
std::string explainOutput(ScratchDb& t, const std::string& script) {
    const QueryResult r = t.run(script);
    INFO(script << "\n" << pgtest::describe(r));
    REQUIRE(r.ok);
    REQUIRE_FALSE(r.results.empty());
    const StatementResult& s = r.results.back();
    REQUIRE(s.rows.columnCount() == 1);
    std::string out;
    for (size_t row = 0; row < s.rows.rowCount(); ++row) out += (row ? "\n" : "") + std::string(s.rows.text(row, 0));
    return out;
}

Plan parsedOk(const PlanParseResult& r) {
    INFO(r.error);
    REQUIRE(r.ok());
    for (const std::string& w : r.warnings) FAIL_CHECK(w);
    return *r.plan;
}

void checkSameTree(const Plan& json, const Plan& text) {
    REQUIRE(json.nodes.size() == text.nodes.size());
    for (size_t i = 0; i < json.nodes.size(); ++i) {
        const PlanNode& a = json.nodes[i];
        const PlanNode& b = text.nodes[i];
        INFO("node " << i << ": " << nodeDisplayName(a));
        CHECK(a.parent == b.parent);
        CHECK(nodeDisplayName(a) == nodeDisplayName(b));
        CHECK(a.nodeType == b.nodeType);
        CHECK(a.parentRelationship == b.parentRelationship);
        CHECK(a.subplanName == b.subplanName);
        CHECK(a.relation == b.relation);
        CHECK(a.schema == b.schema);
        CHECK(a.alias == b.alias);
        CHECK(a.index == b.index);
        CHECK(a.estimatedRows == b.estimatedRows);
        CHECK(a.totalCost == b.totalCost);
        CHECK(a.output == b.output);
        CHECK(a.actualRows.has_value() == b.actualRows.has_value());
        if (a.parallelProcesses == 1) {
            CHECK(a.actualRows == b.actualRows);
            CHECK(a.loops == b.loops);
        }
    }
}

}  // namespace

TEST_CASE("Plans from a live server parse in both forms and agree", "[plan][pg]") {
    ScratchDb t("pgplay_t_plans");
    REQUIRE(t.run(kSchema).ok);

    const char* queries[] = {
        "SELECT c.country, sum(o.amount) FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY c.country ORDER BY 2 DESC",
        "SELECT id, (SELECT count(*) FROM orders o WHERE o.customer_id = c.id) FROM customers c WHERE id < 20",
        "WITH big AS MATERIALIZED (SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id) "
        "SELECT * FROM big WHERE total > (SELECT avg(total) FROM big)",
        "SELECT * FROM orders WHERE customer_id = 7 OR id < 5",
        "SELECT customer_id FROM orders EXCEPT SELECT id FROM customers WHERE id > 250",
    };
    for (const char* query : queries) {
        INFO(query);
        const std::string json = explainOutput(t, std::string("EXPLAIN (ANALYZE, BUFFERS, SETTINGS, FORMAT JSON) ") + query);
        const std::string text = explainOutput(t, std::string("EXPLAIN (ANALYZE, BUFFERS, SETTINGS) ") + query);
        const Plan fromJson = parsedOk(parseJsonPlan(json));
        const Plan fromText = parsedOk(parseTextPlan(text));
        CHECK(fromJson.analyzed);
        CHECK(fromJson.executionMs.has_value());
        CHECK(fromText.executionMs.has_value());
        checkSameTree(fromJson, fromText);
        CHECK(detectPlanFormat(json) == PlanFormat::Json);
        CHECK(detectPlanFormat(text) == PlanFormat::Text);
        for (const PlanNode& n : fromText.nodes) CHECK(n.exclusiveMs.value_or(-1) >= 0);
    }
}

TEST_CASE("EXPLAIN options show up in the parsed plan", "[plan][pg]") {
    ScratchDb t("pgplay_t_plan_options");
    REQUIRE(t.run(kSchema).ok);

    // VERBOSE: schema-qualified names and output columns, in both forms.
    const std::string verbose = "SELECT o.id, c.country FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.amount = 3";
    const Plan jsonVerbose = parsedOk(parseJsonPlan(explainOutput(t, "EXPLAIN (ANALYZE, VERBOSE, FORMAT JSON) " + verbose)));
    const Plan textVerbose = parsedOk(parseTextPlan(explainOutput(t, "EXPLAIN (ANALYZE, VERBOSE) " + verbose)));
    checkSameTree(jsonVerbose, textVerbose);
    REQUIRE(textVerbose.root().output.has_value());
    CHECK(*textVerbose.root().output == std::vector<std::string>{"o.id", "c.country"});
    bool qualified = false;
    for (const PlanNode& n : textVerbose.nodes) qualified = qualified || n.schema == t.schema();
    CHECK(qualified);

    // WAL and a trigger: a write, rolled back afterwards.
    const std::string insert = "INSERT INTO orders SELECT id + 10000, customer_id, amount FROM orders WHERE id <= 5";
    for (const char* format : {"", ", FORMAT JSON"}) {
        INFO(format);
        const std::string out = explainOutput(t, std::string("BEGIN; EXPLAIN (ANALYZE, WAL, BUFFERS") + format + ") " + insert);
        REQUIRE(t.run("ROLLBACK").ok);
        const Plan plan = parsedOk(parsePastedPlan(out));
        CHECK(plan.root().nodeType == "ModifyTable");
        CHECK(plan.root().operation == "Insert");
        REQUIRE(plan.root().wal.has_value());
        CHECK(plan.root().wal->records > 0);
        REQUIRE(plan.triggers.size() == 1);
        CHECK(plan.triggers[0].constraintName == "orders_customer_id_fkey");
        CHECK(plan.triggers[0].calls == 5);
    }

    // COSTS OFF and TIMING OFF: what is left out is absent, not zero.
    const std::string plain = "SELECT count(*) FROM orders WHERE amount > 50";
    for (const char* format : {"", ", FORMAT JSON"}) {
        INFO(format);
        Plan plan = parsedOk(parsePastedPlan(explainOutput(t, std::string("EXPLAIN (COSTS OFF") + format + ") " + plain)));
        CHECK_FALSE(plan.root().hasCosts);
        CHECK_FALSE(plan.analyzed);
        plan = parsedOk(parsePastedPlan(explainOutput(t, std::string("EXPLAIN (ANALYZE, TIMING OFF") + format + ") " + plain)));
        CHECK(plan.analyzed);
        CHECK(plan.root().actualRows == 1);
        CHECK_FALSE(plan.root().actualTotalMs.has_value());
        CHECK_FALSE(plan.root().inclusiveMs.has_value());
    }

    // A parallel plan, when the server can start workers.
    const std::string parallel = "SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0; "
                                 "SET max_parallel_workers_per_gather = 2; ";
    const Plan fromJson = parsedOk(parseJsonPlan(explainOutput(t, parallel + "EXPLAIN (ANALYZE, FORMAT JSON) " + plain)));
    const Plan fromText = parsedOk(parseTextPlan(explainOutput(t, parallel + "EXPLAIN (ANALYZE) " + plain)));
    REQUIRE(t.run("RESET ALL").ok);
    checkSameTree(fromJson, fromText);
    bool gathered = false;
    for (const PlanNode& n : fromText.nodes)
        if (n.nodeType == "Gather") {
            gathered = true;
            CHECK(n.workersPlanned == 2);
            CHECK(n.workersLaunched.has_value());
        }
    CHECK(gathered);
}
