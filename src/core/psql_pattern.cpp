#include "psql_pattern.h"

#include <cstring>
#include <vector>

#include "text_util.h"

namespace pgplay {

namespace {

// Characters a regular expression treats specially: escaped when they stand for themselves.
bool regexSpecial(char c) { return c != 0 && std::strchr("|*+?()[]{}.^$\\", c) != nullptr; }

}  // namespace

PsqlPattern translatePsqlPattern(std::string_view pattern) {
    // The parts between unquoted dots, each already translated.
    std::vector<std::string> parts(1);
    bool quoted = false;
    for (size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        std::string& out = parts.back();
        if (c == '"') {
            if (quoted && i + 1 < pattern.size() && pattern[i + 1] == '"') {
                out += '"';   // "" inside quotes: one literal quote
                ++i;
            } else {
                quoted = !quoted;
            }
        } else if (quoted) {
            if (regexSpecial(c)) out += '\\';
            out += c;
        } else if (c == '.') {
            parts.emplace_back();
        } else if (c == '*') {
            out += ".*";
        } else if (c == '?') {
            out += '.';
        } else if (c == '$') {
            out += "\\$";
        } else {
            out += lowerAscii(c);
        }
    }
    PsqlPattern p;
    if (parts.size() > 3) {
        p.tooManyDots = true;
        return p;
    }
    auto anchored = [](const std::string& regex) { return "^(" + regex + ")$"; };
    // A name of just "*" matches everything: psql then leaves the condition out.
    if (parts.back() != ".*") p.nameRegex = anchored(parts.back());
    if (parts.size() >= 2) {
        const std::string& schema = parts[parts.size() - 2];
        p.schemaRegex = schema == ".*" ? std::string(".*") : anchored(schema);
    }
    return p;
}

std::string sqlLiteral(std::string_view text) {
    std::string out = "E'";
    for (char c : text) {
        if (c == '\'' || c == '\\') out += c;
        out += c;
    }
    return out + "'";
}

std::string psqlPatternCondition(std::string_view pattern, std::string_view schemaColumn, std::string_view nameColumn,
                                 std::string_view visibleExpr, std::string_view altNameColumn) {
    if (pattern.empty()) return visibleExpr.empty() ? std::string() : "\n  AND " + std::string(visibleExpr);
    const PsqlPattern p = translatePsqlPattern(pattern);
    auto match = [](std::string_view column, const std::string& regex) {
        return std::string(column) + " OPERATOR(pg_catalog.~) " + sqlLiteral(regex) + " COLLATE pg_catalog.default";
    };
    std::string out;
    if (!p.nameRegex.empty()) {
        if (altNameColumn.empty())
            out += "\n  AND " + match(nameColumn, p.nameRegex);
        else
            out += "\n  AND (" + match(nameColumn, p.nameRegex) + "\n       OR " + match(altNameColumn, p.nameRegex) + ")";
    }
    if (p.schemaRegex.empty()) {
        if (!visibleExpr.empty()) out += "\n  AND " + std::string(visibleExpr);
    } else if (p.schemaRegex != ".*") {
        out += "\n  AND " + match(schemaColumn, p.schemaRegex);
    }
    return out;
}

}  // namespace pgplay
