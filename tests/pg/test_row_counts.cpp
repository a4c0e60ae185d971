// Commands that return rows without a count in their tag (EXPLAIN, SHOW) report the rows they
// returned, on the real server as through the wire decoder.
#include "pg_fixture.h"

using namespace pgplay;

TEST_CASE("EXPLAIN and SHOW count the rows they return", "[wire][server]") {
    pgtest::ScratchDb db("rowcounts");
    QueryResult r = db.run("CREATE TABLE t (x int); EXPLAIN SELECT * FROM t WHERE x > 1; SHOW TimeZone; "
                           "EXPLAIN (FORMAT JSON) SELECT 1");
    INFO(pgtest::describe(r));
    REQUIRE(r.ok);
    REQUIRE(r.results.size() == 4);
    CHECK(r.results[0].rowCount == 0);
    CHECK(r.results[1].command == "EXPLAIN");
    CHECK(r.results[1].rowCount == static_cast<int64_t>(r.results[1].rows.rowCount()));
    CHECK(r.results[1].rowCount >= 2);   // the scan and its filter
    CHECK(r.results[2].rowCount == 1);
    CHECK(r.results[3].rowCount == 1);
}
