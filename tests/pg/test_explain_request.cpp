// The Explain action's scripts on the real server: the plan comes back and parses, a measured
// UPDATE changes nothing, and the learner's own open transaction survives.
#include "pg_fixture.h"

#include "core/explain_request.h"
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
