// The shared text helpers: ASCII-only case and space handling, and line counting that agrees
// with CommonMark's line endings.
#include <catch2/catch.hpp>

#include "core/text_util.h"

using namespace pgplay;

TEST_CASE("text_util: trim, blank, case", "[text]") {
    CHECK(trim("  a b \t\r\n") == "a b");
    CHECK(trim("\f\v") == "");
    CHECK(trim("") == "");
    CHECK(trim("\xC2\xA0x\xC2\xA0") == "\xC2\xA0x\xC2\xA0");   // no-break space is not ASCII space
    CHECK(isBlank(" \t\r\n"));
    CHECK(isBlank(""));
    CHECK_FALSE(isBlank(" x "));
    CHECK(lower("Index Scan ÄÖ") == "index scan ÄÖ");   // UTF-8 bytes stay as they are
    CHECK(upper("23p01") == "23P01");
    CHECK(lowerAscii('Z') == 'z');
    CHECK(upperAscii('{') == '{');
    CHECK(isAsciiSpace('\v'));
    CHECK_FALSE(isAsciiSpace('\0'));
}

TEST_CASE("text_util: lines end at LF, CRLF or CR", "[text]") {
    const std::string_view text = "a\nb\r\nc\rd\n\ne";
    const std::vector<size_t> starts = lineStarts(text);
    CHECK(starts == std::vector<size_t>{0, 2, 5, 7, 9, 10});
    CHECK(lineText(text, starts, 1) == "b");
    CHECK(lineText(text, starts, 2) == "c");
    CHECK(lineText(text, starts, 4) == "");
    CHECK(lineText(text, starts, 5) == "e");
    CHECK(lineText(text, starts, 6) == "");
    CHECK(lineOfOffset(starts, 0) == 0);
    CHECK(lineOfOffset(starts, 3) == 1);   // the '\r' of "b\r\n"
    CHECK(lineOfOffset(starts, 4) == 1);
    CHECK(lineOfOffset(starts, 5) == 2);
    CHECK(lineOfOffset(starts, 99) == 5);
    CHECK(lineStarts("") == std::vector<size_t>{0});
    CHECK(lineStarts("x\n") == std::vector<size_t>{0});   // a final line end starts no empty line
    CHECK(lineStarts("\r\n\r\n") == std::vector<size_t>{0, 2});
}

TEST_CASE("text_util: durations in seconds", "[text]") {
    CHECK(secondsText(10000) == "10 s");
    CHECK(secondsText(1000) == "1 s");
    CHECK(secondsText(300) == "0.3 s");
    CHECK(secondsText(2500) == "2.5 s");
    CHECK(secondsText(60000) == "60 s");
}

TEST_CASE("equalsIgnoringCase folds ASCII letters only", "[text]") {
    CHECK(equalsIgnoringCase("NULL", "null"));
    CHECK_FALSE(equalsIgnoringCase("null", "nullif"));
    CHECK_FALSE(equalsIgnoringCase("\xC3\x9C", "\xC3\xBC"));   // Ü and ü: not ASCII
}

TEST_CASE("identifierValue reads a name as PostgreSQL does", "[text]") {
    CHECK(identifierValue("Users") == "users");
    CHECK(identifierValue("\"Users\"") == "Users");
    CHECK(identifierValue("\"say \"\"hi\"\"\"") == "say \"hi\"");
    CHECK(identifierValue("\"") == "\"");   // not a quoted name: folded as it is
    CHECK(identifierValue("") == "");
}
