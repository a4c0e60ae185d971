// The SQLSTATE names pgplay prints are PostgreSQL's own: for each code, PL/pgSQL raises it and
// catches it by the name describeSqlstate gives, which fails if the two do not belong together.
#include "pg_fixture.h"

#include "core/result_model.h"

using namespace pgplay;
using pgtest::ScratchDb;

TEST_CASE("describeSqlstate's names are the server's condition names", "[result]") {
    ScratchDb t("pgplay_t_sqlstates");
    const char* codes[] = {
        "23505", "23503", "23502", "23514", "23P01", "22001", "22003", "22P02", "22007", "22008", "428C9", "42P01",
        "42703", "42601", "42804", "42883", "42P07", "42701", "40001", "40P01", "55P03", "57014", "25P02", "23000",
        "23001", "21000", "22000", "22004", "22012", "22021", "22023", "25001", "25006", "2BP01", "3D000", "3F000",
        "0A000", "42501", "42702", "42710", "42723", "42803", "42846", "42P06", "42P10", "42P13", "42P16", "42P18",
        "55006", "P0001", "P0002", "P0003", "P0004", "55000", "3B001", "25P01", "26000", "42P05", "42809", "42P17",
        "2F005", "39P01", "54001",
    };
    for (const char* code : codes) {
        const std::string described = describeSqlstate(code);
        INFO(described);
        const size_t open = described.find(" (");
        REQUIRE(open != std::string::npos);   // every code here has a name
        const std::string name = described.substr(open + 2, described.size() - open - 3);
        QueryResult r = t.run("DO $$ BEGIN RAISE SQLSTATE '" + std::string(code) + "'; EXCEPTION WHEN " + name +
                              " THEN NULL; END $$");
        INFO(pgtest::describe(r));
        CHECK(r.ok);
    }
}
