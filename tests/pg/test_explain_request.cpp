// The Explain action's scripts on the real server: the plan comes back and parses, a measured
// UPDATE changes nothing, and the learner's own open transaction survives.
#include "pg_fixture.h"

#include <nlohmann/json.hpp>

#include "core/explain_request.h"
#include "core/explain_session.h"
#include "core/plan_advice.h"
#include "core/plan_json_parser.h"

using namespace pgplay;

namespace {

Plan planFrom(const QueryResult& r, const ExplainRequest& req) {
    INFO(pgtest::describe(r));
    REQUIRE(r.ok);
    REQUIRE(r.results.size() > req.explainIndex);
    const StatementResult& s = r.results[req.explainIndex];
    REQUIRE(s.rows.rowCount() == 1);
    PlanParseResult parsed = parseJsonPlan(s.rows.text(0, 0));
    INFO(parsed.error);
    REQUIRE(parsed.ok());
    return *parsed.plan;
}

}  // namespace

TEST_CASE("Explain on the server: measured, rolled back, and advice on the plan", "[plan][explain][server]") {
    pgtest::ThrowawayDatabase db("explainreq");
    REQUIRE(pgtest::run(*db.db, "CREATE TABLE orders (id int PRIMARY KEY, customer_id int, amount int);"
                                "INSERT INTO orders SELECT g, g % 500, g FROM generate_series(1, 5000) g; ANALYZE orders").ok);

    const ExplainRequest select = std::get<ExplainRequest>(explainRequest("SELECT * FROM orders WHERE customer_id = 42", true, false));
    const Plan plan = planFrom(pgtest::run(*db.db, select.script), select);
    CHECK(plan.analyzed);
    CHECK(plan.root().nodeType == "Seq Scan");
    const std::vector<PlanWarning> ws = planWarnings(plan, nullptr);
    REQUIRE(ws.size() >= 1);
    CHECK(ws[0].kind == PlanWarningKind::MissingIndex);
    CHECK(ws[0].message.find("An index on orders (customer_id) may help") != std::string::npos);

    const ExplainRequest update = std::get<ExplainRequest>(explainRequest("UPDATE orders SET amount = 0", true, false));
    CHECK(planFrom(pgtest::run(*db.db, update.script), update).root().nodeType == "ModifyTable");
    QueryResult left = pgtest::run(*db.db, "SELECT count(*) FROM orders WHERE amount = 0");
    CHECK(left.results.back().rows.text(0, 0) == "0");   // nothing changed

    // Inside the learner's transaction: the savepoint undoes the run, the transaction goes on.
    REQUIRE(pgtest::run(*db.db, "BEGIN; DELETE FROM orders WHERE id = 1").ok);
    const ExplainRequest inside = std::get<ExplainRequest>(explainRequest("DELETE FROM orders", true, true));
    QueryResult r = pgtest::run(*db.db, inside.script);
    planFrom(r, inside);
    CHECK(r.transactionStatus == "T");
    QueryResult still = pgtest::run(*db.db, "SELECT count(*) FROM orders; ROLLBACK");
    CHECK(still.results[0].rows.text(0, 0) == "4999");   // the learner's own DELETE, and only it
}

TEST_CASE("Explain session on the server: explain, CREATE INDEX, explain again compares the two", "[plan][explain][compare][server]") {
    pgtest::ThrowawayDatabase db("explaincmp");
    REQUIRE(pgtest::run(*db.db, "CREATE TABLE orders (id int PRIMARY KEY, customer_id int, amount int);"
                                "INSERT INTO orders SELECT g, g % 500, g FROM generate_series(1, 20000) g; ANALYZE orders").ok);
    SchemaSnapshot schema;
    ExplainSession session(*db.db, schema);
    const std::string query = "SELECT sum(amount) FROM orders WHERE customer_id = 42";
    session.explain(query, true, false);
    REQUIRE(session.shown().ok);
    CHECK_FALSE(session.comparison());   // nothing to compare with yet
    CHECK(comparisonJson(session) == "null");

    REQUIRE(pgtest::run(*db.db, "CREATE INDEX orders_customer_id_idx ON orders (customer_id)").ok);
    session.explain("select sum(amount)\n  from orders where customer_id = 42;", true, false);   // the same query, typed again
    REQUIRE(session.shown().ok);
    REQUIRE(session.earlier().size() == 1);
    REQUIRE(session.comparedWith() == std::optional<size_t>(0));
    const PlanComparison& c = *session.comparison();
    CHECK(c.measured);
    REQUIRE(c.ratio);
    CHECK(*c.ratio > 1.5);   // 40 of 20,000 rows: the index wins by far
    bool scanChanged = false;
    for (const PlanChange& ch : c.changes)
        scanChanged |= ch.kind == PlanNodeChange::Changed && ch.message.rfind("Seq Scan on orders became ", 0) == 0;
    CHECK(scanChanged);
    const auto json = nlohmann::json::parse(comparisonJson(session));
    CHECK(json["before"]["statement"] == query);
    CHECK(json["measured"] == true);
    CHECK(json["changes"].size() == c.changes.size());
    CHECK(json["summary"].get<std::string>().find("faster") != std::string::npos);

    // Another statement is not compared on its own; the learner may still pick an earlier plan.
    session.explain("SELECT count(*) FROM orders", true, false);
    REQUIRE(session.earlier().size() == 2);
    CHECK_FALSE(session.comparison());
    session.compareWith(1);
    REQUIRE(session.comparison());
    CHECK_FALSE(session.comparison()->changes.empty());
    session.compareWith(7);   // out of range: no comparison, no crash
    CHECK_FALSE(session.comparison());
}

TEST_CASE("Explain session on the server: the learner's own EXPLAIN, in text or JSON, is drawn from its result", "[plan][explain][server]") {
    pgtest::ThrowawayDatabase db("explainown");
    REQUIRE(pgtest::run(*db.db, "CREATE TABLE tasks (id int PRIMARY KEY, assigned_to int);"
                                "INSERT INTO tasks SELECT g, g % 1000 FROM generate_series(1, 20000) g; ANALYZE tasks").ok);
    SchemaSnapshot schema;
    ExplainSession session(*db.db, schema);
    CHECK_FALSE(session.showFromResult(pgtest::run(*db.db, "SELECT 1")));   // no EXPLAIN: nothing drawn
    CHECK_FALSE(session.visible());

    const QueryResult text = pgtest::run(*db.db, "SELECT 1; EXPLAIN ANALYZE SELECT id FROM tasks WHERE assigned_to = 17");
    REQUIRE(session.showFromResult(text));
    CHECK(session.visible());
    REQUIRE(session.shown().ok);
    CHECK(session.shown().statement == "EXPLAIN ANALYZE SELECT id FROM tasks WHERE assigned_to = 17");
    CHECK(session.shown().analyzed);
    CHECK(session.shown().plan->root().nodeType == "Seq Scan");
    bool missingIndex = false;
    for (const PlanWarning& w : session.shown().warnings) missingIndex |= w.kind == PlanWarningKind::MissingIndex;
    CHECK(missingIndex);

    // The same EXPLAIN again after CREATE INDEX, in JSON this time: compared with the first.
    REQUIRE(pgtest::run(*db.db, "CREATE INDEX ON tasks (assigned_to)").ok);
    REQUIRE(session.showFromResult(pgtest::run(*db.db, "explain analyze select id from tasks where assigned_to = 17;")));
    REQUIRE(session.comparison());
    CHECK(session.comparison()->changes.front().message.rfind("Seq Scan on tasks became ", 0) == 0);
    REQUIRE(session.showFromResult(pgtest::run(*db.db, "EXPLAIN (FORMAT JSON) SELECT id FROM tasks WHERE assigned_to = 17")));
    CHECK(session.shown().ok);
    CHECK_FALSE(session.shown().analyzed);

    // YAML is not drawn, and says so.
    REQUIRE(session.showFromResult(pgtest::run(*db.db, "EXPLAIN (FORMAT YAML) SELECT id FROM tasks")));
    CHECK_FALSE(session.shown().ok);
    CHECK(session.shown().error.find("text and JSON forms") != std::string::npos);
}
