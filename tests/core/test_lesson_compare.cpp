// Comparison rules of result checks, on hand-built results.
#include <catch2/catch.hpp>

#include "core/lesson_compare.h"

using namespace pgplay;
using Catch::Matchers::Contains;

namespace {

using Cell = std::optional<std::string_view>;

StatementResult result(std::vector<std::pair<std::string, uint32_t>> columns, std::vector<std::vector<Cell>> rows) {
    StatementResult r;
    r.command = "SELECT";
    r.hasRowSet = true;
    for (auto& [name, oid] : columns) r.fields.push_back({name, oid, ""});
    r.rows.reset(columns.size());
    for (auto& row : rows) r.rows.addRow(row);
    r.rowCount = static_cast<int64_t>(rows.size());
    return r;
}

constexpr uint32_t kInt4 = 23, kInt8 = 20, kNumeric = 1700, kFloat8 = 701, kFloat4 = 700, kText = 25, kBool = 16,
                   kMoney = 790, kVarchar = 1043;

}  // namespace

TEST_CASE("Values compare by meaning, type-aware", "[lesson][compare]") {
    CHECK(valuesEqual("1", kNumeric, "1.00", kNumeric));
    CHECK(valuesEqual("1.0", kNumeric, "1", kInt4));
    CHECK(valuesEqual("007.50", kNumeric, "7.5", kNumeric));
    CHECK(valuesEqual("-0.00", kNumeric, "0", kInt8));
    CHECK_FALSE(valuesEqual("1.01", kNumeric, "1", kNumeric));
    CHECK_FALSE(valuesEqual("-1", kNumeric, "1", kNumeric));
    CHECK(valuesEqual("NaN", kNumeric, "NaN", kNumeric));
    CHECK(valuesEqual("0.30000000000000004", kFloat8, "0.3", kNumeric));
    CHECK(valuesEqual("1e+20", kFloat8, "100000000000000000000", kNumeric));
    CHECK_FALSE(valuesEqual("0.31", kFloat8, "0.3", kFloat8));
    CHECK(valuesEqual("89.87", kFloat4, "89.8700027", kFloat8));
    CHECK(valuesEqual("Infinity", kFloat8, "Infinity", kFloat8));
    CHECK(valuesEqual("t", kBool, "true", kBool));
    CHECK_FALSE(valuesEqual("t", kBool, "f", kBool));
    CHECK(valuesEqual("abc", kText, "abc", kVarchar));
    CHECK_FALSE(valuesEqual("abc", kText, "abc ", kText));
    CHECK_FALSE(valuesEqual("Abc", kText, "abc", kText));
    CHECK_FALSE(valuesEqual("1.0", kText, "1", kText));     // text is text
    CHECK_FALSE(valuesEqual("1.0", kNumeric, "1", kText));  // a number against text: as text
    CHECK(valuesEqual("$1.00", kMoney, "$1.00", kMoney));
    // NULL equals only NULL, never the empty string or the text "NULL".
    CHECK(valuesEqual(std::nullopt, kText, std::nullopt, kText));
    CHECK_FALSE(valuesEqual(std::nullopt, kText, "", kText));
    CHECK_FALSE(valuesEqual(std::nullopt, kText, "NULL", kText));
    CHECK_FALSE(valuesEqual(std::nullopt, kNumeric, "0", kNumeric));
}

TEST_CASE("Rows compare as multisets unless ordered", "[lesson][compare]") {
    StatementResult expected = result({{"id", kInt4}, {"name", kText}}, {{"1", "Ada"}, {"2", "Grace"}, {"2", "Grace"}});
    StatementResult shuffled = result({{"id", kInt4}, {"name", kText}}, {{"2", "Grace"}, {"1", "Ada"}, {"2", "Grace"}});
    CHECK(compareResults(expected, shuffled, {}).same);
    CompareOptions ordered;
    ordered.ordered = true;
    CompareOutcome o = compareResults(expected, shuffled, ordered);
    CHECK_FALSE(o.same);
    CHECK_THAT(o.feedback, Contains("not in the required order: row 1 should be (1, 'Ada'), yours is (2, 'Grace')"));
    CHECK(compareResults(expected, expected, ordered).same);

    // Multisets: a duplicate counts.
    StatementResult once = result({{"id", kInt4}, {"name", kText}}, {{"1", "Ada"}, {"2", "Grace"}});
    o = compareResults(expected, once, {});
    CHECK_FALSE(o.same);
    CHECK_THAT(o.feedback, Contains("3 rows expected, you returned 2. Missing: (2, 'Grace')."));
    o = compareResults(once, expected, {});
    CHECK_THAT(o.feedback, Contains("2 rows expected, you returned 3. Not expected: (2, 'Grace')."));

    StatementResult other = result({{"id", kInt4}, {"name", kText}}, {{"1", "Ada"}, {"2", "Grace"}, {"3", std::nullopt}});
    o = compareResults(expected, other, {});
    CHECK_FALSE(o.same);
    CHECK_THAT(o.feedback, Contains("right number of rows (3), but not the right ones. Missing: (2, 'Grace'). "
                                    "Not expected: (3, NULL)."));

    StatementResult none = result({{"id", kInt4}, {"name", kText}}, {});
    CHECK_THAT(compareResults(once, none, {}).feedback, Contains("2 rows expected, you returned 0."));
    CHECK_THAT(compareResults(none, once, {}).feedback, Contains("0 rows expected, you returned 2."));
    CHECK(compareResults(none, none, {}).same);
}

TEST_CASE("Numeric normalisation applies inside rows", "[lesson][compare]") {
    StatementResult expected = result({{"price", kNumeric}, {"ok", kBool}}, {{"19.90", "t"}, {"5", "f"}});
    StatementResult actual = result({{"total", kNumeric}, {"flag", kBool}}, {{"5.000", "f"}, {"19.9", "t"}});
    CHECK(compareResults(expected, actual, {}).same);
    StatementResult floats = result({{"price", kFloat8}, {"ok", kBool}}, {{"19.899999999999999", "t"}, {"5", "f"}});
    CHECK(compareResults(expected, floats, {}).same);
    StatementResult off = result({{"price", kNumeric}, {"ok", kBool}}, {{"19.91", "t"}, {"5", "f"}});
    CHECK_THAT(compareResults(expected, off, {}).feedback, Contains("Missing: (19.90, t)"));
}

TEST_CASE("Column count always matters, names only when asked", "[lesson][compare]") {
    StatementResult expected = result({{"email", kText}}, {{"a@x.io"}});
    StatementResult renamed = result({{"mail", kText}}, {{"a@x.io"}});
    CHECK(compareResults(expected, renamed, {}).same);
    CompareOptions names;
    names.names = true;
    CompareOutcome o = compareResults(expected, renamed, names);
    CHECK_FALSE(o.same);
    CHECK_THAT(o.feedback, Contains("Column 1 should be named \"email\"; yours is named \"mail\"."));

    StatementResult wide = result({{"id", kInt4}, {"email", kText}}, {{"1", "a@x.io"}});
    o = compareResults(expected, wide, {});
    CHECK_FALSE(o.same);
    CHECK_THAT(o.feedback, Contains("Expected 1 column (email), your query returned 2 (id, email)."));
}

TEST_CASE("Rows in feedback are short and readable", "[lesson][compare]") {
    std::string longText(100, 'x');
    StatementResult r = result({{"id", kInt4}, {"note", kText}, {"gone", kText}}, {{"7", std::string_view(longText), std::nullopt}});
    std::string row = formatRow(r, 0);
    CHECK(row.rfind("(7, 'xxxx", 0) == 0);
    CHECK(row.find("…") != std::string::npos);
    CHECK(row.size() < 70);
    CHECK(row.find("NULL)") != std::string::npos);
}
