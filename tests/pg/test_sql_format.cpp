// The formatter never changes what a statement means: each statement of the corpus returns the
// same columns and rows from a real server before and after formatting.
#include "pg_fixture.h"

#include "../core/sql_format_corpus.h"
#include "core/sql_format.h"

using namespace pgplay;
using pgtest::ScratchDb;

namespace {

std::vector<std::string> flatten(const StatementResult& s) {
    std::vector<std::string> out;
    for (const Field& f : s.fields) out.push_back("field:" + f.name);
    for (size_t r = 0; r < s.rows.rowCount(); ++r)
        for (size_t c = 0; c < s.rows.columnCount(); ++c)
            out.push_back(s.rows.isNull(r, c) ? std::string("NULL") : std::string(s.rows.text(r, c)));
    return out;
}

}  // namespace

TEST_CASE("Formatted statements return the same rows as the originals", "[format]") {
    ScratchDb t("pgplay_t_format");
    QueryResult setup = t.run(pgtest::kFormatCorpusSetup);
    INFO(pgtest::describe(setup));
    REQUIRE(setup.ok);
    for (const char* sql : pgtest::kFormatCorpus) {
        const std::string formatted = formatSqlStatement(sql);
        INFO(sql << "\n--- formatted ---\n" << formatted);
        QueryResult before = t.run(sql);
        QueryResult after = t.run(formatted);
        REQUIRE(before.ok);
        CHECK(after.ok);
        REQUIRE(after.results.size() == before.results.size());
        CHECK(flatten(after.results.back()) == flatten(before.results.back()));
    }
}
