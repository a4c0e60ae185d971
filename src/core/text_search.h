// Find and replace in the editor's text: every match of what the learner searches for, and the
// text with matches replaced. Case-insensitive search folds ASCII letters only (SQL keywords and
// most names); other characters must match exactly.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgplay {

struct SearchOptions {
    bool matchCase = false;
    bool wholeWord = false;   // not inside a longer name: `id` does not match in `user_id`
};

// Byte offsets of the matches of `needle`, in order and not overlapping; at most `limit`.
std::vector<size_t> findAll(std::string_view text, std::string_view needle, SearchOptions options, size_t limit = 100000);

// The match to go to from the cursor at `from`: the first that starts at or after it (before it,
// going back), wrapping around the ends; nullopt when there are none. An index into `matches`.
std::optional<size_t> nextMatch(const std::vector<size_t>& matches, size_t from, bool backwards);

// `text` with every match replaced by `replacement`; `count` says how many.
std::string replaceAll(std::string_view text, std::string_view needle, std::string_view replacement,
                       SearchOptions options, size_t& count);

}  // namespace pgplay
