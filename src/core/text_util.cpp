#include "text_util.h"

#include <algorithm>
#include <cstdio>

namespace pgplay {

std::string_view trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && isAsciiSpace(s[b])) ++b;
    while (e > b && isAsciiSpace(s[e - 1])) --e;
    return s.substr(b, e - b);
}

bool isBlank(std::string_view s) { return trim(s).empty(); }

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = lowerAscii(c);
    return out;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = upperAscii(c);
    return out;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (lowerAscii(a[i]) != lowerAscii(b[i])) return false;
    return true;
}

std::string identifierValue(std::string_view name) {
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
        std::string out;
        for (size_t i = 1; i + 1 < name.size(); ++i) {
            out += name[i];
            if (name[i] == '"' && i + 2 < name.size() && name[i + 1] == '"') ++i;
        }
        return out;
    }
    return lower(name);
}

std::string secondsText(int ms) {
    if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f s", ms / 1000.0);
    return buffer;
}

std::vector<size_t> lineStarts(std::string_view text) {
    std::vector<size_t> starts{0};
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        if ((text[i] == '\n' || text[i] == '\r') && i + 1 < text.size()) starts.push_back(i + 1);
    }
    return starts;
}

size_t lineOfOffset(const std::vector<size_t>& starts, size_t offset) {
    auto it = std::upper_bound(starts.begin(), starts.end(), offset);
    return it == starts.begin() ? 0 : static_cast<size_t>(it - starts.begin()) - 1;
}

std::string_view lineText(std::string_view text, const std::vector<size_t>& starts, size_t index) {
    if (index >= starts.size()) return {};
    size_t b = starts[index];
    size_t e = index + 1 < starts.size() ? starts[index + 1] : text.size();
    while (e > b && (text[e - 1] == '\n' || text[e - 1] == '\r')) --e;
    return text.substr(b, e - b);
}

}  // namespace pgplay
