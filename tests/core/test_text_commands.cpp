// The editor's line commands and its undo history, on plain strings.
#include <catch2/catch.hpp>

#include "core/text_commands.h"
#include "core/undo_history.h"

using namespace pgplay;

namespace {

std::string applied(std::string text, const TextEdit& e) {
    text.replace(e.begin, e.end - e.begin, e.text);
    return text;
}

}  // namespace

TEST_CASE("Ctrl+/ comments the lines a selection touches, aligned, and back", "[editor][commands]") {
    const std::string text = "SELECT id\n  FROM users\n\n  WHERE id = 1;";
    TextEdit e = toggleLineComment(text, 0, text.size());
    const std::string commented = applied(text, e);
    CHECK(commented == "-- SELECT id\n--   FROM users\n\n--   WHERE id = 1;");
    CHECK(e.selectionBegin == 0);
    CHECK(e.selectionEnd == commented.size());
    e = toggleLineComment(commented, 0, commented.size());
    CHECK(applied(commented, e) == text);

    // An indented block keeps its indentation before the dashes.
    const std::string inner = "SELECT\n  a,\n  b";
    CHECK(applied(inner, toggleLineComment(inner, 9, inner.size())) == "SELECT\n  -- a,\n  -- b");
    // A cursor, no selection: only its line, and the cursor stays on its word.
    const std::string one = "SELECT 1;\nSELECT 2;";
    e = toggleLineComment(one, 13, 13);
    CHECK(applied(one, e) == "SELECT 1;\n-- SELECT 2;");
    CHECK(e.selectionBegin == 16);
    e = toggleLineComment("-- x", 4, 4);
    CHECK(applied("-- x", e) == "x");
    CHECK(e.selectionBegin == 1);
    // A selection ending at the start of a line leaves that line alone.
    CHECK(applied(one, toggleLineComment(one, 0, 10)) == "-- SELECT 1;\nSELECT 2;");
    // Mixed lines are commented, not uncommented.
    const std::string mixed = "-- a\nb";
    CHECK(applied(mixed, toggleLineComment(mixed, 0, mixed.size())) == "-- -- a\n-- b");
    CHECK(applied("", toggleLineComment("", 0, 0)) == "-- ");
}

TEST_CASE("Tab and Shift+Tab indent and outdent the selected lines", "[editor][commands]") {
    const std::string text = "SELECT\na,\n\n b";
    TextEdit e = indentLines(text, 2, text.size(), false);
    CHECK(applied(text, e) == "  SELECT\n  a,\n\n   b");   // blank lines stay empty
    const std::string more = applied(text, e);
    CHECK(applied(more, indentLines(more, 0, more.size(), true)) == text);
    CHECK(applied("\tx", indentLines("\tx", 0, 0, true)) == "x");
    e = indentLines("    x", 5, 5, true);   // the cursor moves with its text
    CHECK(applied("    x", e) == "  x");
    CHECK(e.selectionBegin == 3);
    CHECK(applied("x", indentLines("x", 1, 1, true)) == "x");
}

TEST_CASE("Enter keeps the line's indentation, one more after (", "[editor][commands]") {
    TextEdit e = newLineKeepingIndent("  SELECT a", 10, 10);
    CHECK(e.text == "\n  ");
    CHECK(e.selectionBegin == 13);
    CHECK(newLineKeepingIndent("CREATE TABLE t (", 16, 16).text == "\n  ");
    CHECK(newLineKeepingIndent("  f(  ", 6, 6).text == "\n    ");
    // Enter inside the indentation keeps only what is before the cursor.
    CHECK(newLineKeepingIndent("    x", 2, 2).text == "\n  ");
    // Over a selection: the selection is replaced.
    e = newLineKeepingIndent("ab cd", 2, 3);
    CHECK(e.begin == 2);
    CHECK(e.end == 3);
}

TEST_CASE("The bracket matching the one at the cursor, outside strings and comments", "[editor][commands]") {
    const std::string text = "SELECT f(a, (b), ')', arr[1]) -- (";
    const auto tokens = tokenizeSql(text);
    CHECK(matchingBracket(text, tokens, 8) == std::optional<size_t>(28));
    CHECK(matchingBracket(text, tokens, 28) == std::optional<size_t>(8));
    CHECK(matchingBracket(text, tokens, 12) == std::optional<size_t>(14));
    CHECK(matchingBracket(text, tokens, 25) == std::optional<size_t>(27));
    CHECK_FALSE(matchingBracket(text, tokens, 18));   // inside a string
    CHECK_FALSE(matchingBracket(text, tokens, 33));   // inside a comment
    CHECK_FALSE(matchingBracket(text, tokens, 0));
    const std::string open = "SELECT (1";
    CHECK_FALSE(matchingBracket(open, tokenizeSql(open), 7));
}

TEST_CASE("Undo takes back a typed word at a time, redo puts it back", "[editor][undo]") {
    UndoHistory h;
    std::string text;
    double t = 0;
    auto type = [&](const std::string& s) {
        for (char c : s) {
            std::string before = text;
            text += c;
            h.record(before, text, before.size(), text.size(), t += 0.1);
        }
    };
    type("SELECT id FROM users");
    auto r = h.undo(text);
    REQUIRE(r);
    CHECK(r->text == "SELECT id FROM ");
    CHECK(r->cursor == 15);
    r = h.undo(r->text);
    CHECK(r->text == "SELECT id ");
    r = h.undo(r->text);
    r = h.undo(r->text);
    CHECK(r->text == "");
    CHECK_FALSE(h.undo(r->text));
    r = h.redo(r->text);
    CHECK(r->text == "SELECT ");
    r = h.redo(r->text);
    CHECK(r->text == "SELECT id ");
    CHECK(r->cursor == 10);
    // Typing after an undo forgets what could have been redone.
    text = r->text;
    type("x");
    CHECK_FALSE(h.redo(text));
}

TEST_CASE("Undo groups Backspaces, and a paste or a pause is its own step", "[editor][undo]") {
    UndoHistory h;
    std::string text = "SELECT 12345";
    double t = 0;
    for (int i = 0; i < 3; ++i) {
        std::string before = text;
        text.pop_back();
        h.record(before, text, before.size(), text.size(), t += 0.1);
    }
    CHECK(text == "SELECT 12");
    std::string before = text;
    text += " FROM big_table";
    h.record(before, text, before.size(), text.size(), t += 0.1, UndoHistory::Origin::Paste);
    before = text;
    text += "s";
    h.record(before, text, before.size(), text.size(), t += 5.0);   // after a pause
    auto r = h.undo(text);
    CHECK(r->text == "SELECT 12 FROM big_table");
    r = h.undo(r->text);
    CHECK(r->text == "SELECT 12");
    r = h.undo(r->text);
    CHECK(r->text == "SELECT 12345");
    CHECK(r->cursor == 12);
}

TEST_CASE("A long insert typed as one change stands alone", "[editor][undo]") {
    UndoHistory h;
    h.record("", "SELECT", 0, 6, 0);        // a paste the editor could not tell from typing
    h.record("SELECT", "SELECT ", 6, 7, 0.1);
    auto r = h.undo("SELECT ");
    CHECK(r->text == "SELECT");
}

TEST_CASE("Undo gives up on text it did not record", "[editor][undo]") {
    UndoHistory h;
    h.record("a", "ab", 1, 2, 0);
    CHECK_FALSE(h.undo("something else"));
    CHECK_FALSE(h.canUndo());
}
