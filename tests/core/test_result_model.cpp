// RowSet's compact storage and results made up by pgplay.
#include <catch2/catch.hpp>

#include "core/result_model.h"

using namespace pgplay;

TEST_CASE("RowSet stores text byte for byte and keeps NULL apart from empty", "[result]") {
    RowSet rows;
    rows.reset(3);
    rows.addRow({std::string_view("1"), std::nullopt, std::string_view("")});
    rows.addCell(std::string_view("héllo"));
    rows.addCell(std::string_view("a\0b", 3));   // values may hold any byte
    rows.addCell(std::nullopt);

    REQUIRE(rows.rowCount() == 2);
    REQUIRE(rows.columnCount() == 3);
    CHECK(rows.text(0, 0) == "1");
    CHECK(rows.isNull(0, 1));
    CHECK(rows.text(0, 1).empty());
    CHECK_FALSE(rows.cell(0, 1).has_value());
    CHECK_FALSE(rows.isNull(0, 2));
    REQUIRE(rows.cell(0, 2).has_value());
    CHECK(rows.cell(0, 2)->empty());
    CHECK(rows.text(1, 0) == "héllo");
    CHECK(rows.text(1, 1) == std::string_view("a\0b", 3));
    CHECK(rows.isNull(1, 2));
}

TEST_CASE("RowSet out-of-range cells read as NULL", "[result]") {
    RowSet rows;
    rows.reset(1);
    rows.addCell(std::string_view("x"));
    CHECK(rows.isNull(5, 0));
    CHECK(rows.isNull(0, 5));
    CHECK(rows.text(5, 5).empty());
    CHECK_FALSE(rows.cell(1, 0).has_value());
}

TEST_CASE("RowSet::addRow pads short rows and cuts long ones", "[result]") {
    RowSet rows;
    rows.reset(2);
    rows.addRow({std::string_view("a")});
    rows.addRow({std::string_view("b"), std::string_view("c"), std::string_view("d")});
    REQUIRE(rows.rowCount() == 2);
    CHECK(rows.isNull(0, 1));
    CHECK(rows.text(1, 0) == "b");
    CHECK(rows.text(1, 1) == "c");
}

TEST_CASE("RowSet with no columns counts rows", "[result]") {
    RowSet rows;
    rows.reset(0);
    rows.addEmptyRow();
    rows.addRow({});
    CHECK(rows.rowCount() == 2);
    CHECK(rows.columnCount() == 0);
    rows.reset(0);
    CHECK(rows.rowCount() == 0);
}

TEST_CASE("RowSet::reset drops old rows", "[result]") {
    RowSet rows;
    rows.reset(1);
    rows.addCell(std::string_view("old"));
    rows.reset(2);
    CHECK(rows.rowCount() == 0);
    CHECK(rows.columnCount() == 2);
    rows.addRow({std::string_view("a"), std::string_view("b")});
    CHECK(rows.text(0, 1) == "b");
}

TEST_CASE("RowSet stays compact for many rows", "[result]") {
    RowSet rows;
    rows.reset(3);
    for (int i = 0; i < 100000; ++i) {
        std::string id = std::to_string(i);
        rows.addRow({std::string_view(id), std::string_view("name"), std::nullopt});
    }
    CHECK(rows.rowCount() == 100000);
    CHECK(rows.text(99999, 0) == "99999");
    CHECK(rows.isNull(12345, 2));
    // 8 bytes per cell plus the text itself: well under 4 MB.
    CHECK(rows.byteSize() < 4u * 1024 * 1024);
    CHECK(rows.byteSize() >= 100000u * 3 * 8);
}

TEST_CASE("makeErrorResult", "[result]") {
    QueryResult r = makeErrorResult(sqlstate::kDatabaseUnavailable, "PostgreSQL could not start", "Reload the page");
    CHECK_FALSE(r.ok);
    REQUIRE(r.error);
    CHECK(r.error->sqlstate == "PGDWN");
    CHECK(r.error->message == "PostgreSQL could not start");
    CHECK(r.error->hint == "Reload the page");
    CHECK(r.error->severity == "ERROR");
    CHECK(r.error->position == 0);
    CHECK(r.results.empty());
    CHECK(r.transactionStatus == "I");
    CHECK_FALSE(makeErrorResult(sqlstate::kQueryCanceled, "canceled").error->hint.size());
}

TEST_CASE("describeSqlstate names the SQLSTATEs lessons use", "[result]") {
    CHECK(describeSqlstate("23505") == "23505 (unique_violation)");
    // ON DELETE RESTRICT on PostgreSQL 18 (15 says 23503): named too.
    CHECK(describeSqlstate("23001") == "23001 (restrict_violation)");
    CHECK(describeSqlstate("2BP01") == "2BP01 (dependent_objects_still_exist)");
    CHECK(describeSqlstate("42803") == "42803 (grouping_error)");
    CHECK(describeSqlstate(sqlstate::kQueryCanceled) == "57014 (query_canceled)");
    CHECK(describeSqlstate("XX000") == "XX000");
    CHECK(describeSqlstate("") == "");
}
