// Lesson prose Markdown (md4c's CommonMark reading, adapted to MdBlock/MdSpan): every construct
// the lesson pane draws, the cases where text must stay text (snake_case, 2 * 3), the outline
// the lesson parser cuts sections from, and no crash or slowdown on any input.
#include <catch2/catch.hpp>

#include <chrono>
#include <random>

#include "core/markdown.h"

using namespace pgplay;

namespace {

// Spans as a compact string for readable expectations: text, `code`, **strong**, _emphasis_.
std::string show(const std::vector<MdSpan>& spans) {
    std::string out;
    for (const MdSpan& s : spans) {
        switch (s.kind) {
            case MdSpanKind::Text: out += s.text; break;
            case MdSpanKind::Code: out += "{code:" + s.text + "}"; break;
            case MdSpanKind::Strong: out += "{strong:" + s.text + "}"; break;
            case MdSpanKind::Emphasis: out += "{em:" + s.text + "}"; break;
        }
    }
    return out;
}

std::string inl(std::string_view text) { return show(parseMarkdownInline(text)); }

// Blocks as one line each.
std::string show(const std::vector<MdBlock>& blocks) {
    std::string out;
    for (const MdBlock& b : blocks) {
        switch (b.kind) {
            case MdBlockKind::Heading: out += "H" + std::to_string(b.level) + " " + show(b.spans); break;
            case MdBlockKind::Paragraph: out += "P " + show(b.spans); break;
            case MdBlockKind::ListItem:
                out += "L" + std::to_string(b.level) + (b.ordered ? " " + std::to_string(b.number) + ". " : " - ") +
                       show(b.spans);
                break;
            case MdBlockKind::Code: out += "C[" + b.language + "] " + b.code; break;
            case MdBlockKind::Rule: out += "R"; break;
        }
        out += "\n";
    }
    return out;
}

std::string blocks(std::string_view text) { return show(parseMarkdown(text)); }

// Every block is well formed, whatever the input. (One CHECK per input, not per span: the
// pathological inputs have hundreds of thousands of spans.)
bool sane(const std::vector<MdBlock>& bs) {
    for (const MdBlock& b : bs) {
        if (b.kind == MdBlockKind::Heading && (b.level < 1 || b.level > 6)) return false;
        if (b.kind == MdBlockKind::ListItem && b.level < 0) return false;
        for (const MdSpan& s : b.spans) {
            if (s.text.find('\0') != std::string::npos) return false;
            if (s.kind != MdSpanKind::Code && s.text.empty()) return false;
        }
    }
    return true;
}

void checkSane(const std::vector<MdBlock>& bs) { CHECK(sane(bs)); }

}  // namespace

TEST_CASE("markdown: paragraphs join soft wraps and split at blank lines", "[markdown]") {
    CHECK(blocks("one\ntwo\n  three  \n\n\nfour") == "P one two three\nP four\n");
    CHECK(blocks("") == "");
    CHECK(blocks("\n\n  \n\t\n") == "");
    CHECK(blocks("a\r\nb\r\n\r\nc\rd") == "P a b\nP c d\n");
}

TEST_CASE("markdown: headings", "[markdown]") {
    CHECK(blocks("# One\n## Two ##\n###### Six\n####### Seven") ==
          "H1 One\nH2 Two\nH6 Six\nP ####### Seven\n");
    CHECK(blocks("#hashtag") == "P #hashtag\n");
    CHECK(blocks("# C#") == "H1 C#\n");
    CHECK(blocks("#") == "H1 \n");
    CHECK(blocks("text\n## Heading\nmore") == "P text\nH2 Heading\nP more\n");
    CHECK(blocks("# The `JOIN` **clause**") == "H1 The {code:JOIN} {strong:clause}\n");
}

TEST_CASE("markdown: lists", "[markdown]") {
    CHECK(blocks("- a\n* b\n+ c") == "L0 - a\nL0 - b\nL0 - c\n");
    CHECK(blocks("1. one\n2) two\n10. ten") == "L0 1. one\nL0 2. two\nL0 10. ten\n");
    SECTION("nesting by indent") {
        CHECK(blocks("- a\n  - b\n    - c\n  - d\n- e") == "L0 - a\nL1 - b\nL2 - c\nL1 - d\nL0 - e\n");
        CHECK(blocks("1. a\n   - b\n2. c") == "L0 1. a\nL1 - b\nL0 2. c\n");
        CHECK(blocks("- a\n\t- b") == "L0 - a\nL1 - b\n");
        CHECK(blocks("- a\n - b") == "L0 - a\nL0 - b\n");   // one space is not a level
    }
    SECTION("continuation lines join the item") {
        CHECK(blocks("- first line\n  second line\n- next") == "L0 - first line second line\nL0 - next\n");
        CHECK(blocks("- lazy\ncontinuation") == "L0 - lazy continuation\n");
    }
    SECTION("loose lists keep their nesting; a paragraph ends the list") {
        CHECK(blocks("- a\n\n  - b\n\npara\n\n  - c") == "L0 - a\nL1 - b\nP para\nL0 - c\n");
    }
    SECTION("a list after a paragraph line") {
        CHECK(blocks("Columns:\n- id\n- name") == "P Columns:\nL0 - id\nL0 - name\n");
        CHECK(blocks("Steps:\n1. first") == "P Steps:\nL0 1. first\n");
    }
    SECTION("not list items") {
        CHECK(blocks("-1 is negative") == "P -1 is negative\n");
        CHECK(blocks("1.5 is a number") == "P 1.5 is a number\n");
        CHECK(blocks("*emphasis* first") == "P {em:emphasis} first\n");
        CHECK(blocks("It was founded in\n1999. Since then") == "P It was founded in 1999. Since then\n");
        CHECK(blocks("1234567890. too many digits") == "P 1234567890. too many digits\n");
    }
    SECTION("empty items") { CHECK(blocks("-\n- b") == "L0 - \nL0 - b\n"); }
    SECTION("inline markup in items") {
        CHECK(blocks("- use `LEFT JOIN` **here**") == "L0 - use {code:LEFT JOIN} {strong:here}\n");
    }
}

TEST_CASE("markdown: code blocks", "[markdown]") {
    CHECK(blocks("```sql\nSELECT 1;\n\n## not a heading\n- not a list\n```") ==
          "C[sql] SELECT 1;\n\n## not a heading\n- not a list\n");
    CHECK(blocks("~~~\nplain\n~~~\nafter") == "C[] plain\nP after\n");
    CHECK(blocks("```SQL extra words\nx\n```") == "C[sql] x\n");
    SECTION("verbatim: markup, indentation, inner tabs, trailing spaces") {
        const auto bs = parseMarkdown("```\n  **x**  \n\tindented\tby a tab\n```");
        REQUIRE(bs.size() == 1);
        // md4c hands a code line's leading indentation over as spaces (a tab to the next stop of 4).
        CHECK(bs[0].code == "  **x**  \n    indented\tby a tab");
    }
    SECTION("a longer fence holds a shorter one; the other fence character does not close") {
        CHECK(blocks("````\n```\n~~~\n````") == "C[] ```\n~~~\n");
    }
    SECTION("an unterminated fence runs to the end") {
        CHECK(blocks("text\n```sql\nSELECT 1;\n") == "P text\nC[sql] SELECT 1;\n");
        CHECK(blocks("```") == "C[] \n");
    }
    SECTION("a fence ends a paragraph") { CHECK(blocks("para\n```\nx\n```") == "P para\nC[] x\n"); }
    SECTION("inside a list item, the fence's indent is not code") {
        CHECK(blocks("- item\n  ```sql\n  SELECT 1;\n    indented\n  ```\n- next") ==
              "L0 - item\nC[sql] SELECT 1;\n  indented\nL0 - next\n");
    }
    SECTION("a backtick fence's info cannot hold backticks: that is inline code") {
        CHECK(blocks("```inline```") == "P {code:inline}\n");
    }
    SECTION("CRLF") { CHECK(blocks("```sql\r\nSELECT 1;\r\n```\r\n") == "C[sql] SELECT 1;\n"); }
}

TEST_CASE("markdown: rules", "[markdown]") {
    CHECK(blocks("a\n\n---\n\nb") == "P a\nR\nP b\n");
    CHECK(blocks("***\n___\n- - -\n-----") == "R\nR\nR\nR\n");
    CHECK(blocks("a\n\n---") == "P a\nR\n");
    CHECK(blocks("a\n---") == "H2 a\n");   // CommonMark: a setext heading, not a rule
    CHECK(blocks("a\n===\nb") == "H1 a\nP b\n");
    CHECK(blocks("--") == "P --\n");
    CHECK(blocks("***bold italic***") == "P {strong:bold italic}\n");
}

TEST_CASE("markdown: inline code", "[markdown]") {
    CHECK(inl("use `SELECT *` here") == "use {code:SELECT *} here");
    CHECK(inl("``double `backtick` span``") == "{code:double `backtick` span}");
    CHECK(inl("`` `x` ``") == "{code:`x`}");
    CHECK(inl("`  `") == "{code:  }");
    CHECK(inl("`**not strong**`") == "{code:**not strong**}");
    CHECK(inl("`a\\`b") == "{code:a\\}b");   // backslashes are literal in code
    SECTION("unbalanced backticks are text") {
        CHECK(inl("a ` b") == "a ` b");
        CHECK(inl("```a``") == "```a``");
        CHECK(inl("``a`b") == "``a`b");
    }
    SECTION("code inside strong") { CHECK(inl("**the `id` column**") == "{strong:the }{code:id}{strong: column}"); }
}

TEST_CASE("markdown: strong and emphasis", "[markdown]") {
    CHECK(inl("**strong** and *em* and _em_ and __strong__") ==
          "{strong:strong} and {em:em} and {em:em} and {strong:strong}");
    CHECK(inl("*a **b** c*") == "{em:a }{strong:b}{em: c}");
    CHECK(inl("**a *b* c**") == "{strong:a b c}");   // flat spans: strong wins
    CHECK(inl("***both***") == "{strong:both}");
    CHECK(inl("**(parenthesised)**.") == "{strong:(parenthesised)}.");
    SECTION("text that only looks like emphasis") {
        CHECK(inl("snake_case_name and other_snake_name") == "snake_case_name and other_snake_name");
        CHECK(inl("2 * 3 * 4") == "2 * 3 * 4");
        CHECK(inl("SELECT COUNT(*) FROM t") == "SELECT COUNT(*) FROM t");
        CHECK(inl("`COUNT(*)`, `COUNT(*)`") == "{code:COUNT(*)}, {code:COUNT(*)}");
        CHECK(inl("a * b") == "a * b");
        CHECK(inl("**") == "**");
        CHECK(inl("*not closed") == "*not closed");
        CHECK(inl("closed not opened*") == "closed not opened*");
        CHECK(inl("_ spaced _") == "_ spaced _");
    }
    SECTION("leftover delimiters stay text") {
        CHECK(inl("**a*") == "*{em:a}");
        CHECK(inl("*a**") == "{em:a}*");
    }
    SECTION("two stars that can pair are emphasis, as on any CommonMark site: SQL goes in backticks") {
        CHECK(inl("SELECT COUNT(*), COUNT(*) FROM t") == "SELECT COUNT({em:), COUNT(}) FROM t");
    }
    SECTION("intraword stars are emphasis, as in CommonMark") { CHECK(inl("un*frigging*believable") == "un{em:frigging}believable"); }
    SECTION("rule of 3") { CHECK(inl("*a**b*") == "{em:a**b}"); }
}

TEST_CASE("markdown: escapes and links", "[markdown]") {
    CHECK(inl("\\*not em\\*") == "*not em*");
    CHECK(inl("\\`not code\\`") == "`not code`");
    CHECK(inl("a\\_b\\\\c") == "a_b\\c");
    CHECK(inl("\\q stays") == "\\q stays");
    CHECK(inl("ends with \\") == "ends with \\");
    SECTION("links become text (url)") {
        CHECK(inl("see [the docs](https://www.postgresql.org/docs/)") ==
              "see the docs (https://www.postgresql.org/docs/)");
        CHECK(inl("[`JOIN`](https://x.org/a_(b)) now") == "JOIN (https://x.org/a_(b)) now");
        CHECK(inl("[t](<u v> \"title\")") == "t (u v)");
        CHECK(inl("[t](u \"title\")") == "t (u)");
        CHECK(inl("[https://x.org](https://x.org)") == "https://x.org");
        CHECK(inl("**[bold link](u)**") == "{strong:bold link (u)}");
        CHECK(inl("[a [b](u) c") == "[a b (u) c");
    }
    SECTION("brackets that are not links") {
        CHECK(inl("array[1] and [x]") == "array[1] and [x]");
        CHECK(inl("[x](unclosed") == "[x](unclosed");
        CHECK(inl("\\[x](u)") == "[x](u)");
    }
}

TEST_CASE("markdown: the rest of CommonMark, as the pane shows it", "[markdown]") {
    SECTION("ordered lists keep their start; items count on from it") {
        CHECK(blocks("3. c\n4. d\n9. e") == "L0 3. c\nL0 4. d\nL0 5. e\n");
    }
    SECTION("a loose item: its first paragraph is the item, the rest follows") {
        CHECK(blocks("- one\n\n  more of one\n\n  ```sql\n  SELECT 1;\n  ```\n- two") ==
              "L0 - one\nP more of one\nC[sql] SELECT 1;\nL0 - two\n");
    }
    SECTION("block quotes show their content") { CHECK(blocks("> quoted\n> - item") == "P quoted\nL0 - item\n"); }
    SECTION("hard line breaks are spaces") { CHECK(blocks("a  \nb\\\nc") == "P a b c\n"); }
    SECTION("raw HTML is text") { CHECK(blocks("<div>\n<b>x</b>") == "P <div> <b>x</b>\n"); }
    SECTION("entities") {
        CHECK(inl("AT&amp;T &lt;3 &#233; &#x1F600; &bogus; &#0;") == "AT&T <3 \xC3\xA9 \xF0\x9F\x98\x80 &bogus; \xEF\xBF\xBD");
        CHECK(inl("`&amp;`") == "{code:&amp;}");
    }
    SECTION("autolinks and images") {
        CHECK(inl("<https://x.org>") == "https://x.org");
        CHECK(inl("![a plan](plan.png)") == "a plan (plan.png)");
        CHECK(inl("[](u)") == "(u)");
        CHECK(blocks("[]()\n\n- []()\n\n  x") == "L0 - \nP x\n");   // an empty paragraph goes, an empty item stays
    }
    SECTION("inline text never starts a block") {
        CHECK(inl("# not a heading") == "# not a heading");
        CHECK(inl("1. not a list\n- nor this") == "1. not a list - nor this");
        CHECK(inl("> no quote") == "> no quote");
        CHECK(inl("  _em_ at the start") == "{em:em} at the start");
    }
}

TEST_CASE("markdown: the outline gives top-level blocks and their lines", "[markdown][outline]") {
    using K = MdOutlineBlock::Kind;
    auto outline = [](std::string_view text) {
        std::string out;
        for (const MdOutlineBlock& b : outlineMarkdown(text)) {
            out += b.kind == K::Heading ? "H" + std::to_string(b.level) + "(" + b.text + ")"
                   : b.kind == K::FencedCode ? "F[" + b.language + "," + b.fence + (b.closed ? "" : ",open") + "](" + b.text + ")"
                   : b.kind == K::IndentedCode ? "I(" + b.text + ")"
                                               : std::string("O");
            out += " " + std::to_string(b.firstLine) + "-" + std::to_string(b.lastLine) + "\n";
        }
        return out;
    };
    CHECK(outline("# A\n\npara\ngraph\n\n```sql\nSELECT 1;\n```\n\n  ## B ##\n- x\n- y\n") ==
          "H1(A) 0-0\nO 2-3\nF[sql,```](SELECT 1;) 5-7\nH2(B) 9-9\nO 10-11\n");
    SECTION("fences: the opening line even without an info string; blank lines inside") {
        CHECK(outline("x\n\n````\n\nSELECT 1;\n```\n\n````\nafter") ==
              "O 0-0\nF[,````](\nSELECT 1;\n```\n) 2-7\nO 8-8\n");
        CHECK(outline("~~~\n~~~") == "F[,~~~]() 0-1\n");
    }
    SECTION("an unclosed fence runs to the end") {
        CHECK(outline("a\n```sql\nSELECT 1;\n## not a heading\n") == "O 0-0\nF[sql,```,open](SELECT 1;\n## not a heading) 1-3\n");
    }
    SECTION("setext headings take their underline; text-less blocks are found by their lines") {
        CHECK(outline("Title\nline two\n---\n***\n\n##\ntext") == "H2(Title line two) 0-2\nO 3-3\nH2() 5-5\nO 6-6\n");
        CHECK(outline("-\n- b\n\npara\n\n    code\n\n    more\n") == "O 0-1\nO 3-3\nI(code\n\nmore) 5-7\n");
    }
    SECTION("headings as shown; inside a list or quote they are not top-level") {
        CHECK(outline("## Step: The `JOIN` \\*clause\\* &amp; more") == "H2(Step: The JOIN *clause* & more) 0-0\n");
        CHECK(outline("- ## in a list\n> ## in a quote") == "O 0-0\nO 1-1\n");
    }
    SECTION("CRLF, lone CR and NUL keep lines where they are") {
        CHECK(outline("# A\r\n\r\n```sql\r\nSELECT 1;\r\n```\r\n# B") == "H1(A) 0-0\nF[sql,```](SELECT 1;) 2-4\nH1(B) 5-5\n");
        CHECK(outline("# A\r\rx\ry\r# B") == "H1(A) 0-0\nO 2-3\nH1(B) 4-4\n");
        CHECK(outline(std::string("# A\0\n\0\n# B", 11)) == "H1(A) 0-0\nH1(B) 2-2\n");
    }
}

TEST_CASE("markdown: lesson-like prose", "[markdown]") {
    const char* text =
        "List every task with its project's name.\n"
        "Tasks without a project should still appear, with `NULL` as the name.\n"
        "\n"
        "Hint: a **LEFT JOIN** keeps rows from the left table_name.\n"
        "\n"
        "```sql\n"
        "SELECT t.title, p.name\n"
        "FROM tasks t LEFT JOIN projects p ON p.id = t.project_id;\n"
        "```\n";
    CHECK(blocks(text) ==
          "P List every task with its project's name. Tasks without a project should still appear, with "
          "{code:NULL} as the name.\n"
          "P Hint: a {strong:LEFT JOIN} keeps rows from the left table_name.\n"
          "C[sql] SELECT t.title, p.name\nFROM tasks t LEFT JOIN projects p ON p.id = t.project_id;\n");
}

TEST_CASE("markdown: NUL bytes and tabs", "[markdown]") {
    const std::string withNul("a\0b **c\0d**\n\0\n# h\0", 19);
    const auto bs = parseMarkdown(withNul);
    checkSane(bs);
    CHECK(show(bs) == "P ab {strong:cd}\nH1 h\n");
    CHECK(show(parseMarkdownInline(std::string("x\0y", 3))) == "xy");
    CHECK(blocks("  indented paragraph\twith tab") == "P indented paragraph\twith tab\n");
    CHECK(blocks("\tfour columns in\twith tab") == "C[] four columns in\twith tab\n");   // CommonMark: indented code
}

TEST_CASE("markdown: pathological input is fast and safe", "[markdown][fuzz]") {
    const auto start = std::chrono::steady_clock::now();
    const size_t mb = 1 << 20;
    const size_t quarter = mb / 4;   // the repeated patterns: enough to show linear time
    std::vector<std::string> inputs = {
        std::string(mb, '*'),
        std::string(quarter, '_'),
        std::string(quarter, '`'),
        std::string(quarter, '['),
        std::string(quarter, '#'),
        std::string(quarter, '\n'),
        std::string(quarter, ' '),
        std::string(quarter, '\\'),
    };
    auto repeat = [&](std::string_view unit) {
        std::string s;
        s.reserve(quarter + unit.size());
        while (s.size() < quarter) s.append(unit);
        return s;
    };
    for (const char* unit :
         {"*a ", "**a ", "_a ", "a*", "*a", "` `` ", "`` ` ", "[a](", "[a]", "](", "[", "- ", "- a\n  ",
          "*_", "_*", "**_", "a_b_", "\\*", "```\n", "~~~", "1. x\n", "    - x\n", "# *a\n", "*(*)", "x\r",
          "\t- \t"})
        inputs.push_back(repeat(unit));
    // Backtick runs of every length, none closed: an unindexed search would be quadratic.
    {
        std::string s;
        for (size_t len = 1; s.size() < quarter; ++len) s += std::string(len, '`') + "x";
        inputs.push_back(s);
    }
    // Deep nesting of alternating delimiters.
    {
        std::string s = repeat("*_") + "a" + repeat("_*");
        inputs.push_back(s);
    }
    // Deep list nesting.
    {
        std::string s;
        for (int i = 0; s.size() < quarter; ++i) s += std::string(static_cast<size_t>(i % 4000) * 2, ' ') + "- x\n";
        inputs.push_back(s);
    }
    for (const std::string& in : inputs) {
        checkSane(parseMarkdown(in));
        CHECK(sane({MdBlock{MdBlockKind::Paragraph, 0, false, 0, parseMarkdownInline(in), "", ""}}));
    }
    CHECK(parseMarkdown(std::string(mb, '*')).size() == 1);   // a very long rule
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count() < 60);   // debug build
}

TEST_CASE("markdown: random and truncated input never crashes", "[markdown][fuzz]") {
    std::mt19937 rng(20240601);
    const std::string alphabet = "*_`[]()\\#-+~1.) \n\r\tab\0!";
    for (int round = 0; round < 3000; ++round) {
        std::string s;
        const size_t len = rng() % 200;
        for (size_t i = 0; i < len; ++i) {
            if (rng() % 8 == 0) s += static_cast<char>(rng() % 256);
            else s += alphabet[rng() % alphabet.size()];
        }
        checkSane(parseMarkdown(s));
    }
    const std::string doc =
        "# Title\n\nSome *prose* with `code`, **strong**, _em_, [a link](http://x).\n\n"
        "- item\n  - nested `x`\n1. one\n\n```sql\nSELECT 1;\n```\n---\n~~~\nrest";
    for (size_t n = 0; n <= doc.size(); ++n) checkSane(parseMarkdown(std::string_view(doc).substr(0, n)));
}

TEST_CASE("Pipe tables become Table blocks with header and body rows", "[markdown]") {
    std::vector<MdBlock> blocks = parseMarkdown("Intro:\n\n| project | tasks |\n|---|---|\n| 1 Apollo | `Design` (done) |\n| 2 Borealis |\n\nAfter.");
    REQUIRE(blocks.size() == 3);
    CHECK(blocks[0].kind == MdBlockKind::Paragraph);
    REQUIRE(blocks[1].kind == MdBlockKind::Table);
    const MdBlock& t = blocks[1];
    CHECK(t.columns == 2);
    REQUIRE(t.rows.size() == 3);
    CHECK(t.rows[0].header);
    CHECK_FALSE(t.rows[1].header);
    REQUIRE(t.rows[0].cells.size() == 2);
    CHECK(t.rows[0].cells[0][0].text == "project");
    REQUIRE(t.rows[1].cells.size() == 2);
    CHECK(t.rows[1].cells[1][0].kind == MdSpanKind::Code);
    CHECK(t.rows[1].cells[1][0].text == "Design");
    CHECK(t.rows[1].cells[1][1].text == " (done)");
    CHECK(blocks[2].kind == MdBlockKind::Paragraph);
}
