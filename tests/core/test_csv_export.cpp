// Clipboard text must round-trip through a spreadsheet: these pin the quoting of each format.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/csv_export.h"

using namespace pgplay;

namespace {

using Cell = std::optional<std::string_view>;

StatementResult makeResult(std::vector<std::string> names, std::vector<std::vector<Cell>> rows) {
    StatementResult r;
    r.command = "SELECT";
    r.tag = "SELECT " + std::to_string(rows.size());
    r.hasRowSet = true;
    for (auto& n : names) r.fields.push_back(Field{n, 25, "text"});
    r.rows.reset(names.size());
    for (auto& row : rows) r.rows.addRow(row);
    r.rowCount = static_cast<int64_t>(rows.size());
    return r;
}

}  // namespace

TEST_CASE("cellToText gives the raw value, NULL as empty") {
    auto r = makeResult({"a", "b"}, {{Cell("x,\"y\"\n"), std::nullopt}});
    CHECK(cellToText(r.rows, 0, 0) == "x,\"y\"\n");
    CHECK(cellToText(r.rows, 0, 1) == "");
    CHECK(cellToText(r.rows, 1, 0) == "");   // out of range
    CHECK(cellToText(r.rows, 0, 2) == "");
}

TEST_CASE("CSV quoting follows RFC 4180") {
    auto r = makeResult({"plain", "comma", "quote", "newline", "cr", "null", "empty", "spaces"},
                        {{Cell("abc"), Cell("a,b"), Cell("say \"hi\""), Cell("line1\nline2"), Cell("a\rb"),
                          std::nullopt, Cell(""), Cell("  padded  ")}});
    CHECK(rowToText(r, 0, TextFormat::Csv) ==
          "abc,\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\",\"a\rb\",,\"\",  padded  ");
    CHECK(rowToText(r, 1, TextFormat::Csv) == "");
}

TEST_CASE("TSV escapes tabs, newlines and backslashes") {
    auto r = makeResult({"a", "b", "c", "d"},
                        {{Cell("x\ty"), Cell("l1\nl2\r"), Cell("C:\\dir"), std::nullopt}});
    CHECK(rowToText(r, 0, TextFormat::Tsv) == "x\\ty\tl1\\nl2\\r\tC:\\\\dir\t");
    // Quotes and commas are plain in TSV.
    auto q = makeResult({"a"}, {{Cell("\"a, b\"")}});
    CHECK(rowToText(q, 0, TextFormat::Tsv) == "\"a, b\"");
}

TEST_CASE("resultToText writes a header and one line per row") {
    auto r = makeResult({"id", "name, full"}, {{Cell("1"), Cell("Ann")}, {Cell("2"), std::nullopt}});
    CHECK(resultToText(r, TextFormat::Csv) == "id,\"name, full\"\n1,Ann\n2,\n");
    CHECK(resultToText(r, TextFormat::Tsv) == "id\tname, full\n1\tAnn\n2\t\n");
}

TEST_CASE("resultToText of empty and row-less results") {
    auto zeroRows = makeResult({"a", "b"}, {});
    CHECK(resultToText(zeroRows, TextFormat::Csv) == "a,b\n");

    StatementResult insert;
    insert.command = "INSERT";
    insert.tag = "INSERT 0 1";
    insert.rowCount = 1;
    CHECK(resultToText(insert, TextFormat::Csv) == "");
    CHECK(resultToText(insert, TextFormat::Tsv) == "");
    CHECK(rowToText(insert, 0, TextFormat::Csv) == "");

    // Unnamed column (SELECT '' AS "") still gets a field in the header.
    auto unnamed = makeResult({"", "x"}, {{Cell("1"), Cell("2")}});
    CHECK(resultToText(unnamed, TextFormat::Csv) == "\"\",x\n1,2\n");
}

TEST_CASE("UTF-8 and binary-looking text pass through unchanged") {
    auto r = makeResult({"名前"}, {{Cell("café ☕")}, {Cell("\\x00ff")}});
    CHECK(resultToText(r, TextFormat::Csv) == "名前\ncafé ☕\n\\x00ff\n");
    CHECK(resultToText(r, TextFormat::Tsv) == "名前\ncafé ☕\n\\\\x00ff\n");
}

TEST_CASE("many rows export in order") {
    std::vector<std::string> values;
    for (int i = 0; i < 1000; ++i) values.push_back("v" + std::to_string(i));
    std::vector<std::vector<Cell>> rows;
    for (auto& v : values) rows.push_back({Cell(v)});
    auto r = makeResult({"v"}, rows);
    const std::string csv = resultToText(r, TextFormat::Csv);
    std::string expected = "v\n";
    for (auto& v : values) expected += v + "\n";
    CHECK(csv == expected);
}
