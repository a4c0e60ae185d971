#include "psql_output.h"

#include <vector>

namespace pgplay {

namespace {

std::vector<std::string> splitLines(std::string_view text) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find_first_of("\r\n", start);
        if (end == std::string_view::npos) end = text.size();
        lines.emplace_back(text.substr(start, end - start));
        if (end == text.size()) break;
        start = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
    }
    return lines;
}

// Unicode box drawing characters (U+2500..U+257F) are E2 94 xx and E2 95 xx in UTF-8.
bool boxDrawingAt(const std::string& s, size_t i) {
    return i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 &&
           (static_cast<unsigned char>(s[i + 1]) == 0x94 || static_cast<unsigned char>(s[i + 1]) == 0x95);
}

// Length of the frame character at i ('|' or a box drawing vertical), 0 if there is none.
size_t borderAt(const std::string& s, size_t i) {
    if (i < s.size() && s[i] == '|') return 1;
    return boxDrawingAt(s, i) ? 3 : 0;
}

// Length of the frame character that ends s, 0 if there is none.
size_t borderAtEnd(const std::string& s) {
    if (!s.empty() && s.back() == '|') return 1;
    return s.size() >= 3 && boxDrawingAt(s, s.size() - 3) ? 3 : 0;
}

void trimRight(std::string& s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
}

std::string trimmed(const std::string& s) {
    const size_t start = s.find_first_not_of(" \t");
    if (start == std::string::npos) return {};
    std::string out = s.substr(start);
    trimRight(out);
    return out;
}

// The line's text without a frame on either side.
std::string withoutFrame(std::string line) {
    trimRight(line);
    if (size_t n = borderAtEnd(line)) line.erase(line.size() - n);
    const size_t start = line.find_first_not_of(' ');
    if (start != std::string::npos)
        if (size_t n = borderAt(line, start)) line.erase(0, start + n);
    return line;
}

// A rule: only dashes, pluses, equals signs, colons and box drawing, like "-----+-----".
bool isRule(const std::string& line) {
    bool sawDash = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (boxDrawingAt(line, i)) {
            sawDash = true;
            i += 2;
        } else if (c == '-' || c == '=') {
            sawDash = true;
        } else if (c != '+' && c != ':' && c != ' ' && c != '|') {
            return false;
        }
    }
    return sawDash;
}

bool isFooter(const std::string& text) {   // "(12 rows)", "(1 row)"
    if (text.size() < 7 || text.front() != '(' || text.back() != ')') return false;
    size_t i = 1;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    const std::string rest = text.substr(i);
    return i > 1 && (rest == " rows)" || rest == " row)");
}

bool isRecordLine(const std::string& line) { return line.find("[ RECORD ") != std::string::npos && isRule(line.substr(0, line.find('['))); }

// Drops psql's mark for "the value goes on on the next line" and the padding before it.
void dropContinuationMark(std::string& line) {
    trimRight(line);
    if (!line.empty() && line.back() == '+') line.pop_back();
    else if (line.size() >= 3 && line.compare(line.size() - 3, 3, "\xE2\x86\xB5") == 0) line.erase(line.size() - 3);   // ↵
    trimRight(line);
}

std::string joinLines(const std::vector<std::string>& lines) {
    std::string out;
    for (size_t i = 0; i < lines.size(); ++i) out += (i ? "\n" : "") + lines[i];
    return out;
}

// \x display: "-[ RECORD 1 ]----" between records, "QUERY PLAN | value" for the value.
std::string expandedValues(const std::vector<std::string>& lines) {
    std::vector<std::string> values;
    for (const std::string& raw : lines) {
        if (isRecordLine(raw) || isRule(raw)) continue;
        const std::string line = withoutFrame(raw);
        size_t at = line.find_first_not_of(' ');
        if (at == std::string::npos) continue;
        if (line.compare(at, 10, "QUERY PLAN") == 0) at += 10;
        else if (isFooter(trimmed(line))) continue;
        at = line.find_first_not_of(' ', at);
        if (at == std::string::npos) continue;
        if (size_t n = borderAt(line, at)) at += n;
        if (at < line.size() && line[at] == ' ') ++at;
        std::string value = line.substr(std::min(at, line.size()));
        dropContinuationMark(value);
        values.push_back(std::move(value));
    }
    return joinLines(values);
}

}  // namespace

std::string stripPsqlDecoration(std::string_view text) {
    const std::vector<std::string> lines = splitLines(text);
    for (const std::string& line : lines)
        if (isRecordLine(line)) return expandedValues(lines);

    // The header: "QUERY PLAN", centred, maybe framed, with a rule under it. A terminal narrower
    // than the table wraps it ("QUERY PLA" / "N"), so its start is enough. What comes before it
    // (a prompt, the query) is not part of the result.
    size_t header = lines.size();
    for (size_t i = 0; i < lines.size() && header == lines.size(); ++i) {
        const std::string text = trimmed(withoutFrame(lines[i]));
        if (text.compare(0, 9, "QUERY PLA") != 0 || text.size() > 10) continue;
        for (size_t next = i + 1; next < lines.size() && next <= i + 3; ++next)
            if (isRule(lines[next])) header = i;
    }
    if (header == lines.size()) return joinLines(lines);

    size_t body = header + 1;
    while (body < lines.size() && !isRule(lines[body]) && body < header + 3) ++body;   // the header's wrapped rest
    while (body < lines.size() && isRule(lines[body])) ++body;

    std::vector<std::string> values;
    for (size_t i = body; i < lines.size(); ++i) {
        if (isRule(lines[i])) break;   // the bottom of a frame
        std::string line = withoutFrame(lines[i]);
        if (isFooter(trimmed(line))) break;
        dropContinuationMark(line);
        values.push_back(std::move(line));
    }
    return joinLines(values);
}

}  // namespace pgplay
