// What the Explain action sends (core/explain_request).
#include <catch2/catch.hpp>

#include "core/explain_request.h"

using namespace pgplay;

namespace {

ExplainRequest request(std::string_view sql, bool analyze = true, bool inTransaction = false) {
    auto r = explainRequest(sql, analyze, inTransaction);
    REQUIRE(std::holds_alternative<ExplainRequest>(r));
    return std::get<ExplainRequest>(r);
}

}  // namespace

TEST_CASE("Explain: a query is measured inside a transaction that changes nothing", "[plan][explain]") {
    const ExplainRequest r = request("SELECT * FROM orders WHERE id = 1");
    CHECK(r.script == "BEGIN;\nEXPLAIN (ANALYZE, BUFFERS, SETTINGS, FORMAT JSON) SELECT * FROM orders WHERE id = 1;\nROLLBACK;");
    CHECK(r.analyzed);
    CHECK_FALSE(r.rolledBack);   // nothing to undo worth saying
    CHECK(r.explainIndex == 1);
    CHECK(r.note.empty());
}

TEST_CASE("Explain: a statement that changes data runs and is rolled back, and the view says so", "[plan][explain]") {
    for (const char* sql : {"UPDATE orders SET amount = 0", "delete from orders", "INSERT INTO t VALUES (1)",
                            "WITH gone AS (DELETE FROM t RETURNING *) SELECT count(*) FROM gone",
                            "CREATE TABLE copy AS SELECT * FROM orders"}) {
        INFO(sql);
        const ExplainRequest r = request(sql);
        CHECK(r.analyzed);
        CHECK(r.rolledBack);
        CHECK(r.note.find("rolled back") != std::string::npos);
    }
}

TEST_CASE("Explain: inside the learner's own transaction a savepoint undoes the run", "[plan][explain]") {
    const ExplainRequest r = request("UPDATE orders SET amount = 0", true, true);
    CHECK(r.script.rfind("SAVEPOINT pgplay_explain;\n", 0) == 0);
    CHECK(r.script.find("ROLLBACK TO SAVEPOINT pgplay_explain;") != std::string::npos);
    CHECK(r.script.find("RELEASE SAVEPOINT pgplay_explain;") != std::string::npos);
    CHECK(r.script.find("BEGIN") == std::string::npos);
    CHECK(r.explainIndex == 1);
}

TEST_CASE("Explain: estimate only plans without running", "[plan][explain]") {
    const ExplainRequest r = request("UPDATE orders SET amount = 0", false);
    CHECK(r.script == "EXPLAIN (SETTINGS, FORMAT JSON) UPDATE orders SET amount = 0");
    CHECK_FALSE(r.analyzed);
    CHECK_FALSE(r.rolledBack);
    CHECK(r.explainIndex == 0);
    CHECK(r.note.find("Estimate only") != std::string::npos);
}

TEST_CASE("Explain: the learner's own EXPLAIN runs as written", "[plan][explain]") {
    const ExplainRequest r = request("-- mine\nEXPLAIN (ANALYZE, COSTS OFF) SELECT 1");
    CHECK(r.script == "-- mine\nEXPLAIN (ANALYZE, COSTS OFF) SELECT 1");
    CHECK(r.analyzed);
    CHECK_FALSE(request("explain select 1").analyzed);
}

TEST_CASE("Explain: statements without a plan get a reason", "[plan][explain]") {
    for (const char* sql : {"VACUUM orders", "ALTER TABLE t ADD COLUMN x int", "CREATE INDEX ON t (x)", "", "  -- only a comment"}) {
        INFO(sql);
        auto r = explainRequest(sql, true, false);
        REQUIRE(std::holds_alternative<ExplainRefusal>(r));
        CHECK_FALSE(std::get<ExplainRefusal>(r).message.empty());
    }
    CHECK(std::get<ExplainRefusal>(explainRequest("vacuum t", true, false)).message.find("VACUUM has no plan") != std::string::npos);
}
