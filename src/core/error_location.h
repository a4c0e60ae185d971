// Where a PostgreSQL error points in the editor.
//
// PostgreSQL reports an error position as 1-based characters (code points) into the text it
// was sent. The learner may have run only a selection, and the editor holds UTF-8, so the
// position is shifted by where the selection starts and converted from characters to bytes
// (for marking the editor) and to a line and column (for telling the learner).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pgplay {

struct ErrorLocation {
    size_t byteOffset = 0;   // into the editor's text
    size_t line = 1;         // from 1
    size_t column = 1;       // from 1, in characters (what the learner counts), not bytes
};

// Maps `position` (PostgreSQL's P field: 1-based characters in `sql`) to the editor's `text`, in
// which `sql` starts at byte `sqlOffset`. Nothing when there is no position (0 or less).
std::optional<ErrorLocation> locateError(std::string_view text, size_t sqlOffset, std::string_view sql,
                                         int position);

// "line 3, column 15"
std::string describe(const ErrorLocation& where);

}  // namespace pgplay
