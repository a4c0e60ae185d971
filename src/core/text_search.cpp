#include "text_search.h"

#include <algorithm>

#include "text_util.h"

namespace pgplay {
namespace {

bool isNameByte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u == '$' || u >= 0x80;
}

bool matchesAt(std::string_view text, size_t at, std::string_view needle, const SearchOptions& o) {
    if (at + needle.size() > text.size()) return false;
    for (size_t i = 0; i < needle.size(); ++i) {
        const char a = text[at + i], b = needle[i];
        if (o.matchCase ? a != b : lowerAscii(a) != lowerAscii(b)) return false;
    }
    if (o.wholeWord) {
        if (at > 0 && isNameByte(text[at - 1]) && isNameByte(needle.front())) return false;
        const size_t end = at + needle.size();
        if (end < text.size() && isNameByte(text[end]) && isNameByte(needle.back())) return false;
    }
    return true;
}

}  // namespace

std::vector<size_t> findAll(std::string_view text, std::string_view needle, SearchOptions options, size_t limit) {
    std::vector<size_t> out;
    if (needle.empty()) return out;
    for (size_t at = 0; at + needle.size() <= text.size() && out.size() < limit;) {
        if (matchesAt(text, at, needle, options)) {
            out.push_back(at);
            at += needle.size();
        } else {
            ++at;
        }
    }
    return out;
}

std::optional<size_t> nextMatch(const std::vector<size_t>& matches, size_t from, bool backwards) {
    if (matches.empty()) return std::nullopt;
    if (!backwards) {
        auto it = std::lower_bound(matches.begin(), matches.end(), from);
        return it == matches.end() ? 0 : static_cast<size_t>(it - matches.begin());
    }
    auto it = std::lower_bound(matches.begin(), matches.end(), from);
    return it == matches.begin() ? matches.size() - 1 : static_cast<size_t>(it - matches.begin()) - 1;
}

std::string replaceAll(std::string_view text, std::string_view needle, std::string_view replacement,
                       SearchOptions options, size_t& count) {
    const std::vector<size_t> matches = findAll(text, needle, options, static_cast<size_t>(-1));
    count = matches.size();
    std::string out;
    out.reserve(text.size());
    size_t from = 0;
    for (size_t at : matches) {
        out.append(text.substr(from, at - from));
        out.append(replacement);
        from = at + needle.size();
    }
    out.append(text.substr(from));
    return out;
}

}  // namespace pgplay
