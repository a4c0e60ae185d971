// The Markdown subset lesson prose uses (lesson intro, step tasks, hints, check messages), cut
// into blocks an ImGui renderer draws one by one. Not CommonMark: only what teachers write.
//
//   # Heading .. ###### Heading       "#" run + space; closing "#"s dropped
//   - item / * item / + item          bullet list items; nesting by indent (2+ spaces a level)
//   1. item / 1) item                 ordered list items (number kept as written)
//   ```sql ... ``` / ~~~ ... ~~~      code blocks, verbatim; an unterminated fence runs to the end
//   --- / *** / ___                   a rule, alone on its line
//   anything else                     paragraphs: blank lines separate them, line breaks inside
//                                     one are soft wraps (joined with a space)
//
// Inline: `code` (``code with ` inside``), **strong** / __strong__, *emphasis* / _emphasis_
// (underscores only at word edges, so snake_case_name stays text), backslash escapes of ASCII
// punctuation, [text](url) as the text "text (url)". Anything else is plain text.
//
// Spans are flat: text that is both strong and emphasized is Strong; code stays Code.
// NUL bytes are dropped (they cannot be drawn, and C-string APIs would cut text at them); CRLF
// and lone CR end lines like LF. Never throws; any input gives blocks in time linear in its size.
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

enum class MdBlockKind { Heading, Paragraph, ListItem, Code, Rule };

struct MdBlock {
    MdBlockKind kind = MdBlockKind::Paragraph;
    int level = 0;              // Heading: 1-6; ListItem: nesting depth from 0 (2+ spaces of indent per level)
    bool ordered = false;       // ListItem: "1." style
    int number = 0;             // ListItem: the number written, when ordered
    std::vector<MdSpan> spans;  // Heading, Paragraph, ListItem
    std::string code;           // Code: the text, without the fences (lines joined by '\n', no final '\n')
    std::string language;       // Code: the fence's first word, lowercased ("sql"), or ""
};

std::vector<MdBlock> parseMarkdown(std::string_view text);

// The inline part alone (what a paragraph's joined text becomes); exposed for tests and for
// one-line prose such as a lesson summary.
std::vector<MdSpan> parseMarkdownInline(std::string_view text);

}  // namespace pgplay
