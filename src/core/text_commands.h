// The editor's line commands, as pure functions of the text and the selection: toggle a line
// comment (Ctrl+/), indent and outdent lines (Tab, Shift+Tab), a new line that keeps the
// indentation (Enter), and the bracket that matches the one at the cursor.
//
// Each command returns the one replacement to make and the selection after it, so the editor
// applies it as a single edit (and a single undo step).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sql_script.h"

namespace pgplay {

struct TextEdit {
    size_t begin = 0, end = 0;             // bytes [begin, end) of the text are replaced
    std::string text;                      // by this
    size_t selectionBegin = 0, selectionEnd = 0;   // in the new text; equal: just the cursor
};

// The unit of indentation the commands add and take away.
inline constexpr std::string_view kIndent = "  ";

// Comments out every line the selection touches with "-- " (at the shallowest indentation, so
// the block stays aligned), or, when all of them are comments already, uncomments them.
TextEdit toggleLineComment(std::string_view text, size_t selectionBegin, size_t selectionEnd);

// Adds kIndent before every non-blank line the selection touches, or takes up to one level away.
TextEdit indentLines(std::string_view text, size_t selectionBegin, size_t selectionEnd, bool outdent);

// Replaces the selection with a line break and the current line's indentation, one level more
// after an opening parenthesis.
TextEdit newLineKeepingIndent(std::string_view text, size_t selectionBegin, size_t selectionEnd);

// The offset of the bracket matching the one at `offset` ( ( ) [ ] outside strings and
// comments ), or nullopt. `tokens` is tokenizeSql(text).
std::optional<size_t> matchingBracket(std::string_view text, const std::vector<Token>& tokens, size_t offset);

}  // namespace pgplay
