#include "result_description.h"

#include <algorithm>

namespace pgplay {

namespace {

std::string plural(int64_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// At most `max` characters (whole UTF-8 sequences), with "…" when cut.
std::string shortened(std::string_view text, size_t max) {
    size_t chars = 0, i = 0;
    while (i < text.size() && chars < max) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        ++chars;
    }
    if (i >= text.size()) return std::string(text);
    return std::string(text.substr(0, i)) + "…";
}

std::string describeStatement(const StatementResult& s, size_t maxRows, size_t maxValueChars) {
    if (!s.hasRowSet) {
        // A meta-command's tag is a sentence already ("Expanded display is on.").
        if (s.tag.empty()) return "An empty statement.";
        return s.tag.back() == '.' ? s.tag : s.tag + ".";
    }
    const size_t fetched = s.rows.rowCount();
    std::string out = s.title.empty() ? std::string() : s.title + ": ";
    out += plural(static_cast<int64_t>(fetched), "row", "rows");
    if (s.truncated) out += " shown (more exist)";
    if (!s.fields.empty()) {
        out += s.fields.size() == 1 ? ", column " : ", columns ";
        for (size_t c = 0; c < s.fields.size(); ++c) out += (c ? ", " : "") + s.fields[c].name;
    }
    out += ".";
    const size_t rows = std::min(fetched, maxRows);
    for (size_t r = 0; r < rows; ++r) {
        out += " Row " + std::to_string(r + 1) + ":";
        for (size_t c = 0; c < s.fields.size() && c < s.rows.columnCount(); ++c) {
            const std::string value = s.rows.isNull(r, c) ? "null" : shortened(s.rows.text(r, c), maxValueChars);
            out += (c ? ", " : " ") + s.fields[c].name + " " + (value.empty() ? "(empty)" : value);
        }
        out += ".";
    }
    if (fetched > rows) out += " " + plural(static_cast<int64_t>(fetched - rows), "more row", "more rows") + " in the grid.";
    for (const std::string& line : s.footer) {
        // Footer lines as sentences: "Indexes: "users_pkey" PRIMARY KEY, btree (id)."
        const size_t start = line.find_first_not_of(' ');
        if (start == std::string::npos) continue;
        const std::string text = line.substr(start);
        out += " " + text + (text.back() == ':' || text.back() == '.' ? "" : ".");
    }
    return out;
}

}  // namespace

std::string describeResult(const QueryResult& result, size_t maxRows, size_t maxValueChars) {
    std::string out;
    if (result.results.size() > 1 || (result.error && !result.results.empty()))
        out = plural(static_cast<int64_t>(result.results.size()), "statement", "statements") + " ran. ";
    if (result.error) {
        const QueryError& e = *result.error;
        if (e.sqlstate == sqlstate::kQueryCanceled) return out + "Stopped: " + e.message + ".";
        out += "Error" + (e.sqlstate.empty() ? std::string() : " " + e.sqlstate) + ": " + e.message + ".";
        if (!e.detail.empty()) out += " Detail: " + e.detail;
        if (!e.hint.empty()) out += " Hint: " + e.hint;
        return out;
    }
    if (result.results.empty()) return "Nothing to run.";
    if (result.results.size() > 1) out += "The last: ";
    return out + describeStatement(result.results.back(), maxRows, maxValueChars);
}

std::string describeVerdict(const Verdict& verdict) {
    std::string out = verdict.lessonError ? "The check could not run." : verdict.pass ? "Check passed." : "Not yet.";
    if (!verdict.feedback.empty()) out += " " + verdict.feedback;
    return out;
}

}  // namespace pgplay
