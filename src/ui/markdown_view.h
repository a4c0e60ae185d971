// Draws lesson prose (core/markdown blocks) with ImGui: wrapped paragraphs, headings, lists,
// inline code in the monospace font on a tinted background, SQL blocks with a "Use" button.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ui/fonts.h"

namespace pgplay {

// Returns the SQL of a code block whose "Use in editor" button was pressed, if any.
std::optional<std::string> drawMarkdown(std::string_view markdown, const Fonts& fonts, const char* id);

}  // namespace pgplay
