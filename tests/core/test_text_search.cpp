// Find and replace over the editor's text.
#include <catch2/catch.hpp>

#include "core/text_search.h"

using namespace pgplay;

TEST_CASE("findAll finds every match, case-folded unless asked, whole names when asked", "[editor][search]") {
    const std::string text = "SELECT id, user_id FROM users WHERE Id = 1";
    CHECK(findAll(text, "id", {}) == std::vector<size_t>{7, 16, 36});
    CHECK(findAll(text, "id", {true, false}) == std::vector<size_t>{7, 16});
    CHECK(findAll(text, "id", {false, true}) == std::vector<size_t>{7, 36});
    CHECK(findAll(text, "user", {false, true}).empty());
    CHECK(findAll(text, "", {}).empty());
    CHECK(findAll("aaaa", "aa", {}) == std::vector<size_t>{0, 2});   // not overlapping
    CHECK(findAll("grüße GRÜSSE", "grüße", {}) == std::vector<size_t>{0});   // ASCII folding only
    CHECK(findAll(std::string(1000, 'x'), "x", {}, 10).size() == 10);
    // A needle that starts or ends with punctuation matches next to a name.
    CHECK(findAll("a.id", ".id", {false, true}) == std::vector<size_t>{1});
}

TEST_CASE("nextMatch goes on from the cursor and wraps around", "[editor][search]") {
    const std::vector<size_t> m{5, 20, 40};
    CHECK(nextMatch(m, 0, false) == std::optional<size_t>(0));
    CHECK(nextMatch(m, 6, false) == std::optional<size_t>(1));
    CHECK(nextMatch(m, 41, false) == std::optional<size_t>(0));
    CHECK(nextMatch(m, 20, true) == std::optional<size_t>(0));
    CHECK(nextMatch(m, 5, true) == std::optional<size_t>(2));
    CHECK_FALSE(nextMatch({}, 0, false));
}

TEST_CASE("replaceAll replaces every match and counts them", "[editor][search]") {
    size_t n = 0;
    CHECK(replaceAll("SELECT id FROM t WHERE ID > 1", "id", "user_id", {}, n) == "SELECT user_id FROM t WHERE user_id > 1");
    CHECK(n == 2);
    CHECK(replaceAll("abc", "x", "y", {}, n) == "abc");
    CHECK(n == 0);
    CHECK(replaceAll("aaa", "a", "aa", {}, n) == "aaaaaa");   // replacements are not searched again
    CHECK(n == 3);
}
