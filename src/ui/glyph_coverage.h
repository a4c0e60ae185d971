// Which characters the fonts must be able to draw beyond the ranges built in at start.
//
// The built-in atlas covers Latin, Greek, Cyrillic and common symbols. A learner who types
// 中文 or 😀, or whose query returns them, should see them, not "?": text the app shows is
// scanned here, and when it holds characters outside the built-in ranges the platform loads a
// fallback font (only then: it is several megabytes) and rebuilds the atlas with just those
// characters added, so the atlas stays small.
#pragma once

#include <cstdint>
#include <set>
#include <string_view>
#include <vector>

namespace pgplay {

class GlyphCoverage {
public:
    // Notes the characters of `utf8`; true when it held characters not seen before that the
    // built-in ranges lack.
    bool add(std::string_view utf8);
    // The extra characters as ImGui glyph ranges: pairs [first, last], then a 0.
    std::vector<uint32_t> ranges() const;
    bool empty() const { return extra_.empty(); }
    static bool builtIn(uint32_t codepoint);
    // Ranges the atlas always has (pairs, 0-terminated), shared with the platform's font setup.
    static const uint32_t* builtInRanges();

private:
    std::set<uint32_t> extra_;
};

}  // namespace pgplay
