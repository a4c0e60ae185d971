#include "ui/glyph_coverage.h"

namespace pgplay {
namespace {

constexpr uint32_t kBuiltIn[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1
    0x0100, 0x024F,  // Latin Extended-A/B
    0x0370, 0x03FF,  // Greek
    0x0400, 0x04FF,  // Cyrillic
    0x2000, 0x206F,  // punctuation (— … “ ”)
    0x2190, 0x21FF,  // arrows
    0x2200, 0x22FF,  // math operators
    0x2500, 0x257F,  // box drawing
    0x25A0, 0x25FF,  // geometric shapes (▶ ▼ ●)
    0x2700, 0x27BF,  // dingbats (✓ ✗)
    0,
};

// Decodes one UTF-8 sequence at `s`; invalid bytes come back as U+FFFD, one byte each.
uint32_t next(std::string_view text, size_t& at) {
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
    unsigned char c = byte(at);
    int length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || at + length > text.size()) {
        ++at;
        return 0xFFFD;
    }
    uint32_t cp = length == 1 ? c : c & (0x7F >> length);
    for (int i = 1; i < length; ++i) {
        unsigned char b = byte(at + i);
        if ((b & 0xC0) != 0x80) {
            ++at;
            return 0xFFFD;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    at += length;
    return cp;
}

}  // namespace

const uint32_t* GlyphCoverage::builtInRanges() { return kBuiltIn; }

bool GlyphCoverage::builtIn(uint32_t cp) {
    if (cp < 0x20) return true;   // control characters are never drawn
    for (const uint32_t* r = kBuiltIn; r[0]; r += 2)
        if (cp >= r[0] && cp <= r[1]) return true;
    return false;
}

bool GlyphCoverage::add(std::string_view utf8) {
    bool grew = false;
    for (size_t at = 0; at < utf8.size();) {
        if (static_cast<unsigned char>(utf8[at]) < 0x80) {   // the common case, quickly
            ++at;
            continue;
        }
        uint32_t cp = next(utf8, at);
        // Beyond U+FFFF only emoji and rarer scripts; variation selectors and joiners are not drawn.
        if (builtIn(cp) || cp == 0xFFFD || cp == 0xFE0F || cp == 0x200D || cp > 0x10FFFF) continue;
        grew |= extra_.insert(cp).second;
    }
    return grew;
}

std::vector<uint32_t> GlyphCoverage::ranges() const {
    std::vector<uint32_t> out;
    for (uint32_t cp : extra_) {
        if (!out.empty() && out.back() + 1 == cp)
            out.back() = cp;
        else
            out.insert(out.end(), {cp, cp});
    }
    out.push_back(0);
    return out;
}

}  // namespace pgplay
