// Lesson prose Markdown, cut into blocks an ImGui renderer draws one by one. The reading is
// md4c's (CommonMark 0.30, third_party/md4c), so what a teacher previews on any CommonMark site
// is what the lesson shows, and the lesson file's structure (lesson_parser.cpp, through
// outlineMarkdown below) comes from the same reading as its prose.
//
// What the blocks keep of CommonMark:
//   # Heading .. ###### Heading, and setext (text underlined with === or ---)   Heading
//   paragraphs (soft and hard line breaks become one space)                     Paragraph
//   - / * / + and 1. / 1) list items, any nesting                               ListItem
//   ``` / ~~~ fences, and blocks indented 4 spaces                              Code
//   --- / *** / ___                                                             Rule
//   block quotes                                                                their content, unquoted
// Raw HTML is text (there is no HTML to render it into); tables and other extensions are off.
// A list item's first paragraph is the item's text; further paragraphs or code inside it follow
// as their own blocks.
//
// Inline: `code`, **strong** / __strong__, *emphasis* / _emphasis_ (CommonMark's delimiter
// rules, so snake_case_name and 2 * 3 stay text), backslash escapes, the common entities
// (&amp; &lt; &gt; &quot; &apos; &nbsp; and numeric ones; others stay as written), and
// [text](url) / ![alt](url) shown as the text "text (url)" (just "url" when the text is the url).
// Text inside a link is plain text. Spans are flat: text that is both strong and emphasized is
// Strong; code stays Code.
//
// NUL bytes are dropped (they cannot be drawn, and C-string APIs would cut text at them); CRLF
// and lone CR end lines like LF. No input makes these throw anything but std::bad_alloc; md4c
// parses in time roughly linear in the input's size.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pgplay {

enum class MdSpanKind { Text, Code, Strong, Emphasis };

struct MdSpan {
    MdSpanKind kind;
    std::string text;
};

enum class MdBlockKind { Heading, Paragraph, ListItem, Code, Rule, Table };

// A table row (GitHub's pipe tables): one list of spans a cell.
struct MdTableRow {
    bool header = false;
    std::vector<std::vector<MdSpan>> cells;
};

struct MdBlock {
    MdBlockKind kind = MdBlockKind::Paragraph;
    int level = 0;              // Heading: 1-6; ListItem: nesting depth from 0
    bool ordered = false;       // ListItem: "1." style
    int number = 0;             // ListItem: its number, when ordered (the list's start + its place)
    std::vector<MdSpan> spans;  // Heading, Paragraph, ListItem
    std::string code;           // Code: the text, without the fences (lines joined by '\n', no final '\n')
    std::string language;       // Code: the fence's first word, lowercased ("sql"), or ""
    std::vector<MdTableRow> rows;   // Table: header rows first; every row has `columns` cells
    size_t columns = 0;             // Table
};

std::vector<MdBlock> parseMarkdown(std::string_view text);

// The inline part alone, for one-line prose such as a lesson summary: the text is read as one
// paragraph (line breaks are spaces; "# x" or "- x" stay text, nothing starts a block).
std::vector<MdSpan> parseMarkdownInline(std::string_view text);

// The top-level blocks of a document and the lines they span: what a reader of the document's
// structure needs (the lesson parser cuts a lesson into sections at its headings and takes SQL
// from its fenced code blocks). Same md4c reading as parseMarkdown.
struct MdOutlineBlock {
    enum class Kind { Heading, FencedCode, IndentedCode, Other };
    Kind kind = Kind::Other;
    // 0-based lines of the text as lineStarts() (text_util.h) counts them, inclusive. Exact for
    // headings with text and for code blocks; for a block with no text at all (a rule, an empty
    // heading) the first non-blank line after the block before it.
    size_t firstLine = 0;
    size_t lastLine = 0;
    int level = 0;              // Heading: 1-6
    std::string text;           // Heading: its text as shown (markup resolved); code: the code
    std::string language;       // FencedCode: the info string's first word, lowercased
    std::string fence;          // FencedCode: the opening fence ("```", "~~~~")
    bool closed = true;         // FencedCode: false when no closing fence ends it before the end
};

std::vector<MdOutlineBlock> outlineMarkdown(std::string_view text);

}  // namespace pgplay
