#include <catch2/catch.hpp>

#include <string>

#include "core/error_location.h"

using namespace pgplay;

TEST_CASE("error location: no position, no location") {
    CHECK_FALSE(locateError("SELECT x", 0, "SELECT x", 0));
    CHECK_FALSE(locateError("SELECT x", 0, "SELECT x", -1));
}

TEST_CASE("error location: the first character of the text is line 1, column 1") {
    auto where = locateError("SELEC 1", 0, "SELEC 1", 1);
    REQUIRE(where);
    CHECK(where->byteOffset == 0);
    CHECK(where->line == 1);
    CHECK(where->column == 1);
}

TEST_CASE("error location: characters, not bytes, before the error and before the selection") {
    // "😀" is 4 bytes and one character; "é" 2 bytes.
    const std::string text = "-- 😀 é\nSELECT 'é😀', nope";
    const std::string sql = "SELECT 'é😀', nope";
    const size_t start = text.find(sql);
    auto where = locateError(text, start, sql, 14);   // 'n' is the 14th character of sql
    REQUIRE(where);
    CHECK(where->byteOffset == text.find("nope"));
    CHECK(where->line == 2);
    CHECK(where->column == 14);
    CHECK(describe(*where) == "line 2, column 14");
}

TEST_CASE("error location: the start of a line and the end of the input") {
    const std::string text = "SELECT 1;\nSELEC 2";
    auto where = locateError(text, 0, text, 11);
    REQUIRE(where);
    CHECK(where->line == 2);
    CHECK(where->column == 1);
    // "syntax error at end of input" points one past the last character.
    where = locateError(text, 0, text, 18);
    REQUIRE(where);
    CHECK(where->byteOffset == text.size());
    CHECK(where->line == 2);
    CHECK(where->column == 8);
}
