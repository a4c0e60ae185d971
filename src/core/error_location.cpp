#include "error_location.h"

#include <algorithm>

#include "sql_script.h"

namespace pgplay {

std::optional<ErrorLocation> locateError(std::string_view text, size_t sqlOffset, std::string_view sql,
                                         int position) {
    if (position <= 0) return std::nullopt;
    ErrorLocation where;
    // A position past the end (PostgreSQL points just after the text for "syntax error at end of
    // input") lands at the end of `sql`, which is still inside the editor's text.
    where.byteOffset = std::min(sqlOffset + utf8ByteOffset(sql, static_cast<size_t>(position - 1)), text.size());
    const size_t lineStart = where.byteOffset == 0 ? 0 : text.rfind('\n', where.byteOffset - 1);
    const size_t first = lineStart == std::string_view::npos || where.byteOffset == 0 ? 0 : lineStart + 1;
    where.line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(first), '\n'));
    where.column = 1 + utf8CharCount(text.substr(first), where.byteOffset - first);
    return where;
}

std::string describe(const ErrorLocation& where) {
    return "line " + std::to_string(where.line) + ", column " + std::to_string(where.column);
}

}  // namespace pgplay
