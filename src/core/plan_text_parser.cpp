// Index of this file:
//   [SECTION] Small text helpers
//   [SECTION] Lines: decoration, tabs, wrapped lines
//   [SECTION] The node line: "Parallel Index Scan Backward using i on t x  (cost=...) (actual ...)"
//   [SECTION] Property lines: "Key: value" into FORMAT JSON's names
//   [SECTION] The tree: which block each line belongs to
#include "plan_text_parser.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <set>

#include "plan_properties.h"
#include "psql_output.h"

namespace pgplay {

namespace {

using json = nlohmann::ordered_json;
using Properties = std::vector<std::pair<std::string, json>>;   // FORMAT JSON names, in order

constexpr size_t kMaxWarnings = 20;

// [SECTION] Small text helpers ---------------------------------------------------------------

std::string_view trim(std::string_view s) {
    const size_t start = s.find_first_not_of(" \t");
    if (start == std::string_view::npos) return {};
    const size_t end = s.find_last_not_of(" \t");
    return s.substr(start, end - start + 1);
}

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool endsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// `word` at the start of `s`, followed by the end or a space: "Hash" in "Hash  (cost" but not
// in "HashAggregate".
bool startsWithWord(std::string_view s, std::string_view word) {
    return startsWith(s, word) && (s.size() == word.size() || s[word.size()] == ' ');
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// A plain decimal number as EXPLAIN prints them ("12", "0.031", "-1", "1e+06"); nothing else,
// not "inf" or "nan", which strtod would take, and nothing beyond kLargestPlanFigure: callers
// turn counts into int64_t, and a larger double (a pasted "hit=1e300") would not fit, which is
// undefined behaviour (found by tests/fuzz/plan_parsers_fuzz).
std::optional<double> number(std::string_view s) {
    s = trim(s);
    size_t i = 0, digits = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    while (i < s.size() && isDigit(s[i])) ++i, ++digits;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && isDigit(s[i])) ++i, ++digits;
    }
    if (digits == 0) return std::nullopt;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
        if (i == s.size() || !isDigit(s[i])) return std::nullopt;
        while (i < s.size() && isDigit(s[i])) ++i;
    }
    if (i != s.size()) return std::nullopt;
    const std::string copy(s);
    const double value = std::strtod(copy.c_str(), nullptr);
    if (!std::isfinite(value) || std::fabs(value) > kLargestPlanFigure) return std::nullopt;
    return value;
}

// "25kB" -> 25.
std::optional<double> kilobytes(std::string_view s) {
    s = trim(s);
    if (!endsWith(s, "kB")) return std::nullopt;
    return number(s.substr(0, s.size() - 2));
}

// "time=0.031..0.036" style pairs.
bool range(std::string_view s, double& from, double& to) {
    const size_t dots = s.find("..");
    if (dots == std::string_view::npos) return false;
    const auto a = number(s.substr(0, dots));
    const auto b = number(s.substr(dots + 2));
    if (!a || !b) return false;
    from = *a;
    to = *b;
    return true;
}

std::vector<std::string_view> splitOn(std::string_view s, std::string_view separator) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
        const size_t at = s.find(separator, start);
        parts.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
        if (at == std::string_view::npos) return parts;
        start = at + separator.size();
    }
}

// "a, f(b, c), 'x, y'" -> a | f(b, c) | 'x, y': the text form joins lists with ", ", and
// expressions keep their commas inside parentheses, brackets or quotes.
std::vector<std::string> splitList(std::string_view s) {
    std::vector<std::string> items;
    int nesting = 0;
    char quote = 0;
    size_t start = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '(' || c == '[' || c == '{') {
            ++nesting;
        } else if ((c == ')' || c == ']' || c == '}') && nesting > 0) {
            --nesting;
        } else if (c == ',' && nesting == 0 && i + 1 < s.size() && s[i + 1] == ' ') {
            items.emplace_back(trim(s.substr(start, i - start)));
            start = i + 2;
        }
    }
    if (!trim(s.substr(std::min(start, s.size()))).empty() || !items.empty()) items.emplace_back(trim(s.substr(std::min(start, s.size()))));
    return items;
}

// One identifier as quote_identifier() prints it: bare, or in double quotes with "" for ".
// Returns false when there is none.
bool readIdentifier(std::string_view& s, std::string& out) {
    out.clear();
    if (s.empty() || s[0] == ' ') return false;
    if (s[0] != '"') {
        size_t end = 0;
        while (end < s.size() && s[end] != ' ' && s[end] != '.') ++end;
        out = std::string(s.substr(0, end));
        s.remove_prefix(end);
        return !out.empty();
    }
    size_t i = 1;
    while (i < s.size()) {
        if (s[i] == '"') {
            if (i + 1 < s.size() && s[i + 1] == '"') {
                out += '"';
                i += 2;
                continue;
            }
            s.remove_prefix(i + 1);
            return true;
        }
        out += s[i++];
    }
    s = {};
    return true;   // an unterminated quote: take what there is
}

// "schema.name" or "name".
std::vector<std::string> readQualifiedName(std::string_view& s) {
    std::vector<std::string> parts;
    std::string part;
    while (readIdentifier(s, part)) {
        parts.push_back(part);
        if (s.empty() || s[0] != '.') break;
        s.remove_prefix(1);
    }
    return parts;
}

// [SECTION] Lines: decoration, tabs, wrapped lines ------------------------------------------

struct Line {
    int column = 0;     // leading spaces, tabs expanded
    std::string text;   // the rest, trimmed
    int number = 0;     // 1-based, in the text after psql's decoration is removed
};

// "Filter: ...", "Worker 0:  ...", "I/O Timings: ...", "Full-sort Groups: ...", "Planning:".
bool isPropertyLine(std::string_view s) {
    if (s.empty() || !(s[0] >= 'A' && s[0] <= 'Z')) return false;
    for (size_t i = 1; i < s.size() && i < 64; ++i) {
        const char c = s[i];
        if (c == ':') return i + 1 == s.size() || s[i + 1] == ' ';
        if (!(isLetter(c) || isDigit(c) || c == ' ' || c == '_' || c == '-' || c == '/' || c == '(' || c == ')')) return false;
    }
    return false;
}

// "SubPlan 1", "InitPlan 2 (returns $1)", "InitPlan 1" (PostgreSQL 17), "CTE totals".
bool isSubplanLabel(std::string_view s) {
    auto numbered = [&](std::string_view word) {
        if (!startsWith(s, word)) return false;
        size_t i = word.size();
        const size_t digitsFrom = i;
        while (i < s.size() && isDigit(s[i])) ++i;
        if (i == digitsFrom) return false;
        return i == s.size() || startsWith(s.substr(i), " (returns ");
    };
    if (numbered("SubPlan ") || numbered("InitPlan ")) return true;
    return startsWith(s, "CTE ") && s.size() > 4 && s.find(": ") == std::string_view::npos;
}

// ModifyTable lists its target tables when there are several (partitions): "Update on t_p1 t_1".
bool isTargetLine(std::string_view s) {
    for (std::string_view op : {"Insert on ", "Update on ", "Delete on ", "Merge on ", "Foreign Insert on ",
                                "Foreign Update on ", "Foreign Delete on "})
        if (startsWith(s, op) && s.find("(cost=") == std::string_view::npos && s.find("(actual") == std::string_view::npos)
            return true;
    return false;
}

bool startsLikeNode(std::string_view s);

bool isStructured(std::string_view s) {
    return startsWith(s, "->") || isSubplanLabel(s) || isPropertyLine(s) || startsWith(s, "Trigger ") || isTargetLine(s) ||
           startsLikeNode(s);
}

// When a wrapped line was cut at a space, psql's padding removal or the copy lost that space:
// "...(actual time=0.532..0.532" + "rows=0 loops=1)". Put it back where two tokens would fuse.
void appendWrapped(std::string& line, const std::string& rest) {
    if (!line.empty() && !rest.empty() && line.back() != ' ' && rest.front() != ' ') {
        const char a = line.back(), b = rest.front();
        if ((isDigit(a) && isLetter(b)) || (a == ')' && b == '(') || (isLetter(a) && (startsWith(rest, "(cost=") || startsWith(rest, "(actual") || startsWith(rest, "(never"))))
            line += ' ';
    }
    line += rest;
}

std::vector<Line> readLines(std::string_view input) {
    const std::string text = stripPsqlDecoration(input);
    std::vector<Line> lines;
    size_t start = 0;
    int number = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        ++number;
        std::string raw;
        for (size_t i = start; i < end; ++i) {
            const char c = text[i];
            if (c == '\t') {
                raw.append(8 - raw.size() % 8, ' ');   // a tab stops at the next multiple of 8, as in a terminal
            } else if (c == '\xC2' && i + 1 < end && text[i + 1] == '\xA0') {
                raw += ' ';   // a non-breaking space, from a web page
                ++i;
            } else if (c != '\r') {
                raw += c;
            }
        }
        start = end + 1;
        const size_t indent = raw.find_first_not_of(' ');
        if (indent == std::string::npos) continue;
        const std::string content = raw.substr(indent);
        if (!lines.empty() && !isStructured(content)) {
            appendWrapped(lines.back().text, raw);   // the rest of a wrapped line: its own spaces count
            continue;
        }
        lines.push_back({static_cast<int>(indent), content, number});
    }
    for (Line& line : lines) line.text = std::string(trim(line.text));
    return lines;
}

// [SECTION] The node line ----------------------------------------------------------------------

struct NodeName {
    std::string_view text;       // as the text form prints it
    std::string_view nodeType;   // FORMAT JSON's "Node Type"
    std::string_view strategy;
};

constexpr NodeName kNodeNames[] = {
    {"Result", "Result", ""},
    {"ProjectSet", "ProjectSet", ""},
    {"Append", "Append", ""},
    {"Merge Append", "Merge Append", ""},
    {"Recursive Union", "Recursive Union", ""},
    {"BitmapAnd", "BitmapAnd", ""},
    {"BitmapOr", "BitmapOr", ""},
    {"Seq Scan", "Seq Scan", ""},
    {"Sample Scan", "Sample Scan", ""},
    {"Gather", "Gather", ""},
    {"Gather Merge", "Gather Merge", ""},
    {"Index Scan", "Index Scan", ""},
    {"Index Only Scan", "Index Only Scan", ""},
    {"Bitmap Index Scan", "Bitmap Index Scan", ""},
    {"Bitmap Heap Scan", "Bitmap Heap Scan", ""},
    {"Tid Scan", "Tid Scan", ""},
    {"Tid Range Scan", "Tid Range Scan", ""},
    {"Subquery Scan", "Subquery Scan", ""},
    {"Function Scan", "Function Scan", ""},
    {"Table Function Scan", "Table Function Scan", ""},
    {"Values Scan", "Values Scan", ""},
    {"CTE Scan", "CTE Scan", ""},
    {"Named Tuplestore Scan", "Named Tuplestore Scan", ""},
    {"WorkTable Scan", "WorkTable Scan", ""},
    {"Foreign Scan", "Foreign Scan", ""},
    {"Materialize", "Materialize", ""},
    {"Memoize", "Memoize", ""},
    {"Sort", "Sort", ""},
    {"Incremental Sort", "Incremental Sort", ""},
    {"Group", "Group", ""},
    {"WindowAgg", "WindowAgg", ""},
    {"Unique", "Unique", ""},
    {"LockRows", "LockRows", ""},
    {"Limit", "Limit", ""},
    {"Hash", "Hash", ""},
    {"Aggregate", "Aggregate", "Plain"},
    {"GroupAggregate", "Aggregate", "Sorted"},
    {"HashAggregate", "Aggregate", "Hashed"},
    {"MixedAggregate", "Aggregate", "Mixed"},
    {"SetOp", "SetOp", "Sorted"},
    {"HashSetOp", "SetOp", "Hashed"},
};

// The longest known name at the start of `s`.
const NodeName* knownName(std::string_view s) {
    const NodeName* best = nullptr;
    for (const NodeName& n : kNodeNames)
        if (startsWithWord(s, n.text) && (!best || n.text.size() > best->text.size())) best = &n;
    return best;
}

// Joins print their algorithm and join type together: "Hash Left Join", "Nested Loop Semi
// Join"; an inner join is "Hash Join", "Merge Join", or just "Nested Loop".
bool readJoin(std::string_view& rest, Properties& out) {
    for (std::string_view algorithm : {"Nested Loop", "Hash", "Merge"}) {
        if (!startsWithWord(rest, algorithm)) continue;
        std::string_view after = rest.substr(algorithm.size());
        std::string joinType;
        for (std::string_view type : {"Right Anti", "Right Semi", "Left", "Full", "Right", "Semi", "Anti"}) {
            const std::string suffix = " " + std::string(type) + " Join";
            if (startsWithWord(after, suffix)) {
                joinType = std::string(type);
                after.remove_prefix(suffix.size());
                break;
            }
        }
        if (joinType.empty() && startsWithWord(after, " Join")) {
            joinType = "Inner";
            after.remove_prefix(5);
        }
        if (joinType.empty() && algorithm == "Nested Loop") joinType = "Inner";
        if (joinType.empty()) continue;   // "Hash" alone is the Hash node; "Merge Append" is no join
        out.emplace_back("Node Type", algorithm == "Nested Loop" ? "Nested Loop" : std::string(algorithm) + " Join");
        out.emplace_back("Join Type", joinType);
        rest = after;
        return true;
    }
    return false;
}

// "on orders o", "on public.orders", "on \"*VALUES*\"": what the node reads, and the name the
// query gave it. The object's meaning depends on the node type, as in EXPLAIN's own code.
void readTarget(std::string_view& rest, const std::string& nodeType, Properties& out) {
    if (!startsWith(rest, " on ")) return;
    rest.remove_prefix(4);
    std::vector<std::string> name = readQualifiedName(rest);
    if (name.empty()) return;
    if (nodeType == "Bitmap Index Scan") {
        out.emplace_back("Index Name", name.back());
        return;
    }
    if (name.size() > 1) out.emplace_back("Schema", name[name.size() - 2]);
    const std::string object = name.back();
    std::string alias = object;
    if (startsWith(rest, " ") && rest.size() > 1 && rest[1] != '(') {
        std::string_view afterSpace = rest.substr(1);
        std::string second;
        if (readIdentifier(afterSpace, second)) {
            alias = second;
            rest = afterSpace;
        }
    }
    if (nodeType == "CTE Scan" || nodeType == "WorkTable Scan") out.emplace_back("CTE Name", object);
    else if (nodeType == "Function Scan") out.emplace_back("Function Name", object);
    else if (nodeType == "Table Function Scan") out.emplace_back("Table Function Name", object);
    else if (nodeType == "Named Tuplestore Scan") out.emplace_back("Tuplestore Name", object);
    else if (nodeType != "Subquery Scan" && nodeType != "Values Scan") out.emplace_back("Relation Name", object);
    out.emplace_back("Alias", alias);
}

// The name part of a node line, before the figures, as FORMAT JSON's properties.
Properties readNodeName(std::string_view name) {
    Properties out;
    std::string_view rest = name;
    bool parallel = false, async = false;
    if (startsWith(rest, "Parallel ")) parallel = true, rest.remove_prefix(9);
    if (startsWith(rest, "Async ")) async = true, rest.remove_prefix(6);
    std::string partialMode;
    for (std::string_view mode : {"Partial", "Finalize"}) {
        const NodeName* known = knownName(rest.substr(std::min(rest.size(), mode.size() + 1)));
        if (startsWithWord(rest, mode) && known && known->nodeType == "Aggregate") {
            partialMode = std::string(mode);
            rest.remove_prefix(mode.size() + 1);
        }
    }

    std::string nodeType;
    if (readJoin(rest, out)) {
        nodeType = out.front().second.get<std::string>();
    } else if (startsWith(rest, "Custom Scan (")) {
        const size_t close = rest.find(')');
        nodeType = "Custom Scan";
        out.emplace_back("Node Type", nodeType);
        out.emplace_back("Custom Plan Provider", std::string(rest.substr(13, close == std::string_view::npos ? std::string_view::npos : close - 13)));
        rest.remove_prefix(close == std::string_view::npos ? rest.size() : close + 1);
    } else {
        for (std::string_view op : {"Insert", "Update", "Delete", "Merge"}) {
            for (std::string_view prefix : {"", "Foreign "}) {
                const std::string word = std::string(prefix) + std::string(op);
                if (nodeType.empty() && startsWith(rest, word + " on ")) {
                    nodeType = prefix.empty() ? "ModifyTable" : "Foreign Scan";
                    out.emplace_back("Node Type", nodeType);
                    out.emplace_back("Operation", std::string(op));
                    rest.remove_prefix(word.size());
                }
            }
        }
        if (nodeType.empty()) {
            if (const NodeName* known = knownName(rest)) {
                nodeType = std::string(known->nodeType);
                out.emplace_back("Node Type", nodeType);
                if (!known->strategy.empty()) out.emplace_back("Strategy", std::string(known->strategy));
                rest.remove_prefix(known->text.size());
            } else {
                // A node this reader does not know (a newer PostgreSQL, an extension): its name
                // is everything before what it reads.
                size_t end = std::min(rest.find(" on "), rest.find(" using "));
                nodeType = std::string(trim(rest.substr(0, end)));
                out.emplace_back("Node Type", nodeType);
                rest.remove_prefix(std::min(end, rest.size()));
            }
            if (nodeType == "Foreign Scan") out.emplace_back("Operation", "Select");
        }
    }
    if (nodeType == "Aggregate") out.emplace_back("Partial Mode", partialMode.empty() ? "Simple" : partialMode);
    if (nodeType == "SetOp")
        for (std::string_view command : {"Intersect All", "Intersect", "Except All", "Except"})
            if (startsWithWord(rest, " " + std::string(command))) {
                out.emplace_back("Command", std::string(command));
                rest.remove_prefix(command.size() + 1);
                break;
            }
    if (startsWithWord(rest, " Backward")) {
        out.emplace_back("Scan Direction", "Backward");
        rest.remove_prefix(9);
    }
    if (startsWith(rest, " using ")) {
        rest.remove_prefix(7);
        std::string index;
        if (readIdentifier(rest, index)) out.emplace_back("Index Name", index);
    }
    readTarget(rest, nodeType, out);
    out.emplace_back("Parallel Aware", parallel);
    out.emplace_back("Async Capable", async);
    return out;
}

// "(cost=1.09..2.21 rows=3 width=8) (actual time=0.031..0.036 rows=3 loops=1)", "(actual rows=3
// loops=1)" with TIMING OFF, "(never executed)".
Properties readFigures(std::string_view s, std::vector<std::string>& problems) {
    Properties out;
    size_t open = s.find('(');
    while (open != std::string_view::npos) {
        const size_t close = s.find(')', open);
        const std::string_view group = s.substr(open + 1, close == std::string_view::npos ? std::string_view::npos : close - open - 1);
        if (group == "never executed") {
            out.emplace_back("Actual Rows", 0);
            out.emplace_back("Actual Loops", 0);
        } else {
            const bool actual = startsWith(group, "actual");
            for (std::string_view token : splitOn(group, " ")) {
                const size_t eq = token.find('=');
                if (eq == std::string_view::npos) continue;
                const std::string_view key = token.substr(0, eq), value = token.substr(eq + 1);
                double from = 0, to = 0;
                const auto n = number(value);
                if (key == "cost" && range(value, from, to)) {
                    out.emplace_back("Startup Cost", from);
                    out.emplace_back("Total Cost", to);
                } else if (key == "time" && actual && range(value, from, to)) {
                    out.emplace_back("Actual Startup Time", from);
                    out.emplace_back("Actual Total Time", to);
                } else if (key == "rows" && n) {
                    out.emplace_back(actual ? "Actual Rows" : "Plan Rows", *n);
                } else if (key == "width" && n && *n == std::floor(*n)) {
                    out.emplace_back("Plan Width", static_cast<int64_t>(*n));
                } else if (key == "loops" && n) {
                    out.emplace_back("Actual Loops", *n);
                } else {
                    problems.push_back("could not read \"" + std::string(token) + "\"");
                }
            }
        }
        if (close == std::string_view::npos) break;
        open = s.find('(', close);
    }
    return out;
}

// Where the figures start: the name ends at "  (cost=", or at " (actual" with COSTS OFF.
size_t figuresStart(std::string_view s) {
    for (std::string_view marker : {"(cost=", "(actual ", "(actual)", "(never executed)"}) {
        const size_t at = s.find(marker);
        if (at != std::string_view::npos) return at;
    }
    return std::string_view::npos;
}

bool looksLikeNode(std::string_view s) {
    if (figuresStart(s) != std::string_view::npos) return true;
    std::string_view rest = s;
    for (std::string_view prefix : {"Parallel ", "Async ", "Partial ", "Finalize "})
        if (startsWith(rest, prefix)) rest.remove_prefix(prefix.size());
    Properties ignored;
    return knownName(rest) || readJoin(rest, ignored) || startsWith(rest, "Custom Scan (") || isTargetLine(rest);
}

// A node line without its arrow: the root, or the root of a second plan. A wrapped line's rest
// can hold "(actual" too, so the name must come first.
bool startsLikeNode(std::string_view s) {
    std::string_view rest = s;
    for (std::string_view prefix : {"Parallel ", "Async ", "Partial ", "Finalize "})
        if (startsWith(rest, prefix)) rest.remove_prefix(prefix.size());
    Properties ignored;
    const bool named = knownName(rest) || readJoin(rest, ignored) || startsWith(rest, "Custom Scan (");
    return named && figuresStart(s) != std::string_view::npos;
}

// [SECTION] Property lines -------------------------------------------------------------------

// "Hits: 990  Misses: 10  Memory Usage: 2kB": the text form's lines of several figures, two
// spaces apart.
std::vector<std::pair<std::string, std::string>> segments(std::string_view s) {
    std::vector<std::pair<std::string, std::string>> out;
    for (std::string_view part : splitOn(s, "  ")) {
        part = trim(part);
        if (part.empty()) continue;
        const size_t colon = part.find(": ");
        if (colon == std::string_view::npos) {
            if (!out.empty()) out.back().second += " " + std::string(part);
            continue;
        }
        out.emplace_back(std::string(part.substr(0, colon)), std::string(trim(part.substr(colon + 2))));
    }
    return out;
}

// "1024 (originally 512)" -> 1024 and 512; "1024" -> 1024 twice.
bool originally(std::string_view s, double& now, double& before) {
    const size_t paren = s.find(" (originally ");
    const auto a = number(s.substr(0, paren));
    if (!a) return false;
    now = before = *a;
    if (paren == std::string_view::npos) return true;
    std::string_view b = s.substr(paren + 13);
    if (!endsWith(b, ")")) return false;
    const auto n = number(b.substr(0, b.size() - 1));
    if (!n) return false;
    before = *n;
    return true;
}

// "shared hit=3 read=2, local hit=1, temp read=4 written=5".
bool readBuffers(std::string_view s, Properties& out) {
    for (std::string_view group : splitOn(s, ",")) {
        group = trim(group);
        const size_t space = group.find(' ');
        const std::string scope(group.substr(0, space));
        if (scope != "shared" && scope != "local" && scope != "temp") return false;
        const std::string Scope = scope == "shared" ? "Shared" : scope == "local" ? "Local" : "Temp";
        for (std::string_view token : splitOn(group.substr(space == std::string_view::npos ? group.size() : space + 1), " ")) {
            const size_t eq = token.find('=');
            if (eq == std::string_view::npos) return false;
            std::string what(token.substr(0, eq));
            const auto n = number(token.substr(eq + 1));
            if (!n || what.empty()) return false;
            what[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(what[0])));
            out.emplace_back(Scope + " " + what + " Blocks", static_cast<int64_t>(*n));
        }
    }
    return true;
}

// "shared/local read=0.1 write=0.2, temp read=0.3" (15), "read=0.1" (14), "shared read=...,
// local read=..." (17).
bool readIoTimings(std::string_view s, Properties& out) {
    for (std::string_view group : splitOn(s, ",")) {
        group = trim(group);
        std::string prefix = "I/O ";
        if (startsWith(group, "shared/local ")) group.remove_prefix(13);
        else if (startsWith(group, "shared ")) prefix = "Shared I/O ", group.remove_prefix(7);
        else if (startsWith(group, "local ")) prefix = "Local I/O ", group.remove_prefix(6);
        else if (startsWith(group, "temp ")) prefix = "Temp I/O ", group.remove_prefix(5);
        for (std::string_view token : splitOn(group, " ")) {
            const size_t eq = token.find('=');
            const auto n = eq == std::string_view::npos ? std::nullopt : number(token.substr(eq + 1));
            if (!n) return false;
            const std::string_view what = token.substr(0, eq);
            if (what != "read" && what != "write") return false;
            out.emplace_back(prefix + (what == "read" ? "Read Time" : "Write Time"), *n);
        }
    }
    return true;
}

bool readWal(std::string_view s, Properties& out) {
    for (std::string_view token : splitOn(s, " ")) {
        if (token == "buffers") continue;   // "buffers full=N" (PostgreSQL 18)
        const size_t eq = token.find('=');
        const auto n = eq == std::string_view::npos ? std::nullopt : number(token.substr(eq + 1));
        if (!n) return false;
        const std::string_view what = token.substr(0, eq);
        if (what == "records") out.emplace_back("WAL Records", static_cast<int64_t>(*n));
        else if (what == "fpi") out.emplace_back("WAL FPI", static_cast<int64_t>(*n));
        else if (what == "bytes") out.emplace_back("WAL Bytes", static_cast<int64_t>(*n));
        else if (what == "full") out.emplace_back("WAL Buffers Full", static_cast<int64_t>(*n));
        else return false;
    }
    return true;
}

// Lines whose figures the text form prints in a shape of its own; FORMAT JSON names each figure.
// Returns false when the line is not one of them, or does not read as one.
bool readFigureLine(std::string_view key, std::string_view value, std::string_view line, Properties& out) {
    if (key == "Buffers") return readBuffers(value, out);
    if (key == "I/O Timings") return readIoTimings(value, out);
    if (key == "WAL") return readWal(value, out);
    if (key == "Heap Blocks") {   // "exact=28 lossy=3", zero counts left out
        out.emplace_back("Exact Heap Blocks", 0);
        out.emplace_back("Lossy Heap Blocks", 0);
        for (std::string_view token : splitOn(value, " ")) {
            const size_t eq = token.find('=');
            const auto n = eq == std::string_view::npos ? std::nullopt : number(token.substr(eq + 1));
            if (!n) return false;
            if (token.substr(0, eq) == "exact") out[0].second = static_cast<int64_t>(*n);
            else if (token.substr(0, eq) == "lossy") out[1].second = static_cast<int64_t>(*n);
            else return false;
        }
        return true;
    }
    if (key != "Sort Method" && key != "Buckets" && key != "Batches" && key != "Planned Partitions" && key != "Hits" && key != "Storage")
        return false;

    const bool hash = key == "Buckets";
    const bool hashAgg = key == "Batches" || key == "Planned Partitions";
    for (const auto& [label, text] : segments(line)) {
        double now = 0, before = 0;
        const auto n = number(text);
        const auto kb = kilobytes(text);
        if (label == "Sort Method") {
            out.emplace_back("Sort Method", text);
        } else if ((label == "Memory" || label == "Disk") && kb) {
            out.emplace_back("Sort Space Type", label);
            out.emplace_back("Sort Space Used", static_cast<int64_t>(*kb));
        } else if (hash && (label == "Buckets" || label == "Batches") && originally(text, now, before)) {
            out.emplace_back(label == "Buckets" ? "Hash Buckets" : "Hash Batches", static_cast<int64_t>(now));
            out.emplace_back(label == "Buckets" ? "Original Hash Buckets" : "Original Hash Batches", static_cast<int64_t>(before));
        } else if (hashAgg && label == "Batches" && n) {
            out.emplace_back("HashAgg Batches", static_cast<int64_t>(*n));
        } else if (label == "Planned Partitions" && n) {
            out.emplace_back("Planned Partitions", static_cast<int64_t>(*n));
        } else if (label == "Memory Usage" && kb) {
            out.emplace_back("Peak Memory Usage", static_cast<int64_t>(*kb));
        } else if (label == "Disk Usage" && kb) {
            out.emplace_back("Disk Usage", static_cast<int64_t>(*kb));
        } else if ((label == "Hits" || label == "Misses" || label == "Evictions" || label == "Overflows") && n) {
            out.emplace_back("Cache " + label, static_cast<int64_t>(*n));
        } else if (label == "Storage") {
            out.emplace_back("Storage", text);
        } else if (label == "Maximum Storage" && kb) {
            out.emplace_back("Maximum Storage", static_cast<int64_t>(*kb));
        } else {
            return false;
        }
    }
    // HashAggregate in FORMAT JSON always has these; the text form leaves out the zero ones.
    if (hashAgg) {
        bool planned = false, disk = false;
        for (const auto& [name, v] : out) planned = planned || name == "Planned Partitions", disk = disk || name == "Disk Usage";
        if (!planned) out.emplace_back("Planned Partitions", 0);
        if (!disk) out.emplace_back("Disk Usage", 0);
    }
    return true;
}

enum class ValueKind { Text, Number, Flag, List };

// How FORMAT JSON types the properties the text form prints as "Key: value".
ValueKind kindOf(std::string_view key) {
    static const std::set<std::string_view> numbers = {
        "Rows Removed by Filter", "Rows Removed by Join Filter", "Rows Removed by Index Recheck", "Heap Fetches",
        "Workers Planned", "Workers Launched", "Subplans Removed", "Tuples Inserted", "Conflicting Tuples",
        "Index Searches", "Planned Partitions"};
    static const std::set<std::string_view> flags = {"Inner Unique", "Single Copy", "Disabled", "Parallel Aware", "Async Capable"};
    static const std::set<std::string_view> lists = {"Sort Key", "Presorted Key", "Group Key", "Hash Key", "Output",
                                                     "Conflict Arbiter Indexes", "Params Evaluated"};
    if (numbers.count(key)) return ValueKind::Number;
    if (flags.count(key)) return ValueKind::Flag;
    if (lists.count(key)) return ValueKind::List;
    return ValueKind::Text;
}

// One "Key: value" line of a node or worker as FORMAT JSON properties; false when the value
// does not read as the type FORMAT JSON gives it.
bool readPropertyLine(std::string_view line, Properties& out) {
    const size_t colon = line.find(':');
    const std::string key(line.substr(0, colon));
    const std::string_view value = colon == std::string_view::npos ? std::string_view() : trim(line.substr(colon + 1));
    if (readFigureLine(key, value, line, out)) return true;
    if (!out.empty()) return false;   // a figure line that did not read through
    switch (kindOf(key)) {
        case ValueKind::Number: {
            const auto n = number(value);
            if (!n) return false;
            // FORMAT JSON writes counts as whole numbers ("Index Searches": 1). Stored as a double,
            // a count the model has no field for ("Index Searches", PostgreSQL 18; "Subplans
            // Removed") reached otherProperties as "1.0" from text and "1" from JSON of the same plan.
            // Beyond 2^53 a double is not exact, and read() refuses such figures anyway.
            if (value.find_first_of(".eE") == std::string_view::npos && std::fabs(*n) < 9e15)
                out.emplace_back(key, static_cast<int64_t>(*n));
            else
                out.emplace_back(key, *n);
            return true;
        }
        case ValueKind::Flag:
            if (value != "true" && value != "false") return false;
            out.emplace_back(key, value == "true");
            return true;
        case ValueKind::List: {
            json items = json::array();
            for (const std::string& item : splitList(value)) items.push_back(item);
            out.emplace_back(key, std::move(items));
            return true;
        }
        case ValueKind::Text:
            if (key == "Buffers" || key == "I/O Timings" || key == "WAL" || key == "Heap Blocks" || key == "Sort Method" ||
                key == "Buckets" || key == "Batches" || key == "Hits" || key == "Storage")
                return false;   // their own shape did not read
            out.emplace_back(key, std::string(value));
            return true;
    }
    return false;
}

// "actual time=0.1..0.2 rows=5 loops=1" after "Worker 0:" (VERBOSE).
bool readWorkerFigures(std::string_view s, Properties& out) {
    if (!startsWith(s, "actual ")) return false;
    std::vector<std::string> problems;
    Properties figures = readFigures("(" + std::string(s) + ")", problems);
    if (!problems.empty()) return false;
    out = std::move(figures);
    return true;
}

// "Settings: work_mem = '64kB', enable_seqscan = 'off'": values are quoted but not escaped, so a
// value ends at the quote that is followed by ", name = '" or by the end.
json readSettings(std::string_view s) {
    json settings = json::object();
    while (!s.empty()) {
        const size_t equals = s.find(" = '");
        if (equals == std::string_view::npos) break;
        const std::string name(trim(s.substr(0, equals)));
        s.remove_prefix(equals + 4);
        size_t end = std::string_view::npos;
        for (size_t at = s.find('\''); at != std::string_view::npos; at = s.find('\'', at + 1)) {
            if (at + 1 == s.size()) {
                end = at;
                break;
            }
            if (startsWith(s.substr(at), "', ") && s.substr(at + 3).find(" = '") != std::string_view::npos) {
                end = at;
                break;
            }
        }
        settings[name] = std::string(s.substr(0, end));
        if (end == std::string_view::npos) break;
        s.remove_prefix(std::min(s.size(), end + 3));
    }
    return settings;
}

// "Trigger for constraint orders_customer_id_fkey: time=0.331 calls=3", "Trigger audit on t:
// calls=2" (TIMING OFF), "Trigger RI_ConstraintTrigger_c_1 for constraint fk on orders: ..."
bool readTrigger(std::string_view s, json& trigger) {
    const size_t colon = s.rfind(": ");
    if (!startsWith(s, "Trigger") || colon == std::string_view::npos) return false;
    std::string_view head = trim(s.substr(7, colon - 7));
    trigger = json::object();
    for (std::string_view token : splitOn(s.substr(colon + 2), " ")) {
        const size_t eq = token.find('=');
        const auto n = eq == std::string_view::npos ? std::nullopt : number(token.substr(eq + 1));
        if (!n) return false;
        if (token.substr(0, eq) == "time") trigger["Time"] = *n;
        else if (token.substr(0, eq) == "calls") trigger["Calls"] = *n;
        else return false;
    }
    std::string_view relation;
    const size_t on = head.rfind(" on ");
    if (on != std::string_view::npos || startsWith(head, "on ")) {
        const size_t from = on == std::string_view::npos ? 3 : on + 4;
        relation = head.substr(from);
        head = head.substr(0, on == std::string_view::npos ? 0 : on);
    }
    const size_t constraint = head.find("for constraint ");
    if (constraint != std::string_view::npos) {
        trigger["Constraint Name"] = std::string(trim(head.substr(constraint + 15)));
        head = trim(head.substr(0, constraint));
    }
    trigger["Trigger Name"] = std::string(head);
    if (!relation.empty()) trigger["Relation"] = std::string(relation);
    return true;
}

// "0.544 ms" -> 0.544.
std::optional<double> milliseconds(std::string_view s) {
    s = trim(s);
    if (!endsWith(s, " ms")) return std::nullopt;
    return number(s.substr(0, s.size() - 3));
}

// [SECTION] The tree -------------------------------------------------------------------------

class TextPlanReader {
public:
    PlanParseResult read(std::string_view text) {
        for (const Line& line : readLines(text)) {
            if (!result_.error.empty()) break;
            if (secondPlan_) continue;
            if (plan_.nodes.empty()) {
                readFirstLine(line);
                continue;
            }
            while (!frames_.empty() && frames_.back().column >= line.column) frames_.pop_back();
            if (frames_.empty()) readStatementLine(line);
            else readLineIn(frames_.back(), line);   // a copy: reading may push frames
        }
        if (result_.error.empty() && plan_.nodes.empty()) {
            result_.error = firstSkipped_.empty()
                                ? "There is no plan in the text."
                                : "No plan found: the text starts with \"" + firstSkipped_ +
                                      "\", not a plan node such as \"Seq Scan on t  (cost=0.00..1.10 rows=10 width=4)\".";
        }
        if (!result_.error.empty()) return std::move(result_);
        if (skippedWarnings_ > 0) result_.warnings.push_back("... and " + std::to_string(skippedWarnings_) + " more lines skipped.");
        finishPlan(plan_);
        result_.plan = std::move(plan_);
        return std::move(result_);
    }

private:
    enum class FrameKind { Node, Label, Worker, Planning, Jit, Skipped };
    struct Frame {
        int column = 0;
        FrameKind kind = FrameKind::Node;
        int node = -1;         // Node, Label (the node the label hangs under), Worker
        int worker = -1;       // Worker: index in the node's workers
        std::string label;     // Label: "SubPlan 1", "InitPlan 1 (returns $0)", "CTE x"

        Frame(int column_, FrameKind kind_, int node_ = -1, int worker_ = -1, std::string label_ = {})
            : column(column_), kind(kind_), node(node_), worker(worker_), label(std::move(label_)) {}
    };

    void warn(const Line& line, const std::string& what) {
        if (result_.warnings.size() >= kMaxWarnings) {
            ++skippedWarnings_;
            return;
        }
        std::string shown = line.text.size() > 80 ? line.text.substr(0, 77) + "..." : line.text;
        result_.warnings.push_back("Line " + std::to_string(line.number) + ", \"" + shown + "\": " + what + ".");
    }

    void readFirstLine(const Line& line) {
        const std::string_view s = line.text;
        if (s[0] == '[' || s[0] == '{') {
            result_.error = "This looks like EXPLAIN (FORMAT JSON) output, not the text form.";
            return;
        }
        if (s == "Query rewrites to nothing") {
            result_.error = "The statement has no plan: a rule rewrote it to nothing.";
            return;
        }
        std::string_view name = s;
        if (startsWith(name, "->")) name = trim(name.substr(2));   // a pasted subtree: its top arrow is harmless
        if (!looksLikeNode(name)) {
            // What comes before the plan (a prompt, the query itself) is passed over.
            if (firstSkipped_.empty()) firstSkipped_ = line.text.size() > 60 ? line.text.substr(0, 57) + "..." : line.text;
            return;
        }
        if (!firstSkipped_.empty()) warn(line, "the text before this line is not part of the plan and was skipped");
        addNode(line, name, -1, "", "");
    }

    void readLineIn(const Frame top, const Line& line) {
        const std::string& s = line.text;
        if (top.kind == FrameKind::Skipped) return;
        if (startsWith(s, "->")) {
            readChildNode(line);
            return;
        }
        switch (top.kind) {
            case FrameKind::Node:
                if (isSubplanLabel(s)) {
                    frames_.emplace_back(line.column, FrameKind::Label, top.node, -1, s);
                } else if (startsWith(s, "Worker ") && isPropertyLine(s)) {
                    readWorkerLine(top.node, line);
                } else if (isTargetLine(s)) {
                    plan_.nodes[top.node].otherProperties.push_back({"Target", s});
                } else {
                    readNodeProperty(top.node, line);
                }
                return;
            case FrameKind::Worker: {
                Properties props;
                if (!readPropertyLine(s, props)) {
                    warn(line, "a worker's figures that could not be read");
                    return;
                }
                applyToWorker(top.node, top.worker, props, line);
                return;
            }
            case FrameKind::Planning: {
                Properties props;
                if (!readPropertyLine(s, props)) {
                    warn(line, "a planning figure that could not be read");
                    return;
                }
                json planning = json::object();
                for (auto& [key, value] : props) planning[key] = value;
                applyToPlan("Planning", planning, line);
                return;
            }
            case FrameKind::Jit: {
                json jit = json::object();
                const size_t colon = s.find(": ");
                const std::string key = s.substr(0, colon);
                const std::string value = colon == std::string::npos ? "" : s.substr(colon + 2);
                if (key == "Functions" && number(value)) {
                    jit[key] = *number(value);
                } else if (key == "Timing" && value.find("Total ") != std::string::npos) {
                    const std::string total = value.substr(value.rfind("Total ") + 6);
                    if (auto ms = milliseconds(total.substr(0, total.find(','))); ms) jit["Timing"] = {{"Total", *ms}};
                } else {
                    jit[key] = value;
                }
                applyToPlan("JIT", jit, line);
                return;
            }
            case FrameKind::Label:
                warn(line, "expected the plan node of " + top.label);
                return;
            case FrameKind::Skipped:
                return;
        }
    }

    void readChildNode(const Line& line) {
        // The nearest node or label above: lines of a worker or planning block never have children.
        while (!frames_.empty() && frames_.back().kind != FrameKind::Node && frames_.back().kind != FrameKind::Label)
            frames_.pop_back();
        if (frames_.empty()) {
            warn(line, "a plan node outside the plan");
            frames_.emplace_back(line.column, FrameKind::Skipped);
            return;
        }
        const Frame top = frames_.back();
        const std::string_view name = trim(std::string_view(line.text).substr(2));
        if (top.kind == FrameKind::Label) {
            // A label names exactly one node; the label frame stays, so a second node under it
            // would hang under the same parent.
            const bool cte = startsWith(top.label, "CTE ");
            addNode(line, name, top.node, cte || startsWith(top.label, "InitPlan") ? "InitPlan" : "SubPlan", top.label);
            return;
        }
        const PlanNode& parent = plan_.nodes[top.node];
        std::string relationship;
        if (parent.nodeType == "Append" || parent.nodeType == "Merge Append" || parent.nodeType == "BitmapAnd" ||
            parent.nodeType == "BitmapOr")
            relationship = "Member";
        else if (parent.nodeType == "Subquery Scan")
            relationship = "Subquery";
        else
            relationship = plainChildren_[top.node] == 0 ? "Outer" : "Inner";
        ++plainChildren_[top.node];
        addNode(line, name, top.node, relationship, "");
    }

    void addNode(const Line& line, std::string_view text, int parent, const std::string& relationship, const std::string& subplanName) {
        const int depth = parent < 0 ? 0 : plan_.nodes[parent].depth + 1;
        if (depth > kMaxPlanDepth) {
            result_.error = "The plan is nested more than " + std::to_string(kMaxPlanDepth) + " levels deep, deeper than any real plan.";
            return;
        }
        const size_t figures = figuresStart(text);
        const std::string_view name = trim(text.substr(0, figures));
        if (name.empty()) {
            warn(line, "a plan node without a name; it and what is under it are skipped");
            frames_.emplace_back(line.column, FrameKind::Skipped);
            return;
        }
        std::vector<std::string> problems;
        Properties props = readNodeName(name);
        if (figures != std::string_view::npos) {
            Properties more = readFigures(text.substr(figures), problems);
            props.insert(props.end(), more.begin(), more.end());
        }
        if (!relationship.empty()) props.emplace_back("Parent Relationship", relationship);
        if (!subplanName.empty()) props.emplace_back("Subplan Name", subplanName);

        const int index = static_cast<int>(plan_.nodes.size());
        plan_.nodes.emplace_back();
        plainChildren_.push_back(0);
        keysSeen_.emplace_back();
        PlanNode& node = plan_.nodes.back();
        node.parent = parent;
        node.depth = depth;
        if (parent >= 0) plan_.nodes[parent].children.push_back(index);
        for (const auto& [key, value] : props) {
            const std::string error = applyNodeProperty(node, key, value);
            if (!error.empty()) problems.push_back("\"" + key + "\" " + error);
        }
        for (const std::string& problem : problems) warn(line, problem);
        frames_.emplace_back(line.column, FrameKind::Node, index);
    }

    void readNodeProperty(int node, const Line& line) {
        const std::string& s = line.text;
        if (!isPropertyLine(s)) {
            warn(line, "not a property of a plan node");
            return;
        }
        const std::string key = s.substr(0, s.find(':'));
        Properties props;
        // A key seen twice in one node (grouping sets print "Group Key:" once per set) would
        // overwrite the first; keep the later ones as text instead.
        if (keysSeen_[node].count(key) || !readPropertyLine(s, props)) {
            if (!keysSeen_[node].count(key)) warn(line, "kept as text: its value could not be read");
            plan_.nodes[node].otherProperties.push_back({key, std::string(trim(s.substr(std::min(s.size(), key.size() + 1))))});
            return;
        }
        keysSeen_[node].insert(key);
        for (const auto& [name, value] : props) {
            const std::string error = applyNodeProperty(plan_.nodes[node], name, value);
            if (!error.empty()) warn(line, "\"" + name + "\" " + error);
        }
    }

    // "Worker 0:  Sort Method: quicksort  Memory: 25kB", "Worker 1:  actual time=... loops=1".
    void readWorkerLine(int node, const Line& line) {
        const std::string& s = line.text;
        const size_t colon = s.find(':');
        const auto workerNumber = number(std::string_view(s).substr(7, colon - 7));
        if (!workerNumber || *workerNumber < 0 || *workerNumber > 1e6) {
            readNodeProperty(node, line);
            return;
        }
        std::vector<PlanWorker>& workers = plan_.nodes[node].workers;
        int worker = -1;
        for (size_t i = 0; i < workers.size(); ++i)
            if (workers[i].number == static_cast<int>(*workerNumber)) worker = static_cast<int>(i);
        if (worker < 0) {
            workers.emplace_back();
            workers.back().number = static_cast<int>(*workerNumber);
            worker = static_cast<int>(workers.size()) - 1;
        }
        frames_.emplace_back(line.column, FrameKind::Worker, node, worker);
        const std::string rest(trim(std::string_view(s).substr(colon + 1)));
        if (rest.empty()) return;
        Properties props;
        if (!readWorkerFigures(rest, props) && !readPropertyLine(rest, props)) {
            warn(line, "a worker's figures that could not be read");
            return;
        }
        applyToWorker(node, worker, props, line);
    }

    void applyToWorker(int node, int worker, const Properties& props, const Line& line) {
        for (const auto& [name, value] : props) {
            const std::string error = applyWorkerProperty(plan_.nodes[node].workers[worker], name, value);
            if (!error.empty()) warn(line, "\"" + name + "\" " + error);
        }
    }

    void applyToPlan(const std::string& name, const json& value, const Line& line) {
        const std::string error = applyPlanProperty(plan_, name, value);
        if (!error.empty()) warn(line, "\"" + name + "\" " + error);
    }

    // A line at the left margin, after the tree: about the whole statement.
    void readStatementLine(const Line& line) {
        const std::string& s = line.text;
        const size_t colon = s.find(": ");
        const std::string key = s.substr(0, colon == std::string::npos ? s.find(':') : colon);
        const std::string value = colon == std::string::npos ? "" : s.substr(colon + 2);
        if (s == "Planning:") {
            frames_.emplace_back(line.column, FrameKind::Planning);
        } else if (s == "JIT:") {
            frames_.emplace_back(line.column, FrameKind::Jit);
        } else if (key == "Planning Time" || key == "Execution Time" || key == "Total runtime") {
            const auto ms = milliseconds(value);
            if (ms) applyToPlan(key == "Total runtime" ? "Execution Time" : key, *ms, line);
            else warn(line, "a time that could not be read");
        } else if (key == "Settings") {
            applyToPlan("Settings", readSettings(value), line);
        } else if (startsWith(s, "Trigger")) {
            json trigger;
            if (readTrigger(s, trigger)) applyToPlan("Triggers", json::array({trigger}), line);
            else warn(line, "a trigger line that could not be read");
        } else if (looksLikeNode(s)) {
            // EXPLAIN of a statement a rule expands prints one plan after the other.
            result_.warnings.push_back("Line " + std::to_string(line.number) + ": a second plan follows; only the first is shown.");
            secondPlan_ = true;
        } else if (isPropertyLine(s)) {
            const auto n = number(value);
            json parsedValue = value;
            if (n) parsedValue = *n == std::floor(*n) && std::fabs(*n) < 1e15 ? json(static_cast<int64_t>(*n)) : json(*n);
            applyToPlan(key, parsedValue, line);
            frames_.emplace_back(line.column, FrameKind::Skipped);   // whatever is indented under it
        } else {
            warn(line, "not part of the plan");
        }
    }

    Plan plan_;
    PlanParseResult result_;
    std::vector<Frame> frames_;
    std::vector<int> plainChildren_;                  // per node: children that are not InitPlans or SubPlans
    std::vector<std::set<std::string>> keysSeen_;     // per node: property keys already read
    size_t skippedWarnings_ = 0;
    std::string firstSkipped_;   // the first line before the plan that was passed over
    bool secondPlan_ = false;
};

}  // namespace

PlanParseResult parseTextPlan(std::string_view text) { return TextPlanReader().read(text); }

}  // namespace pgplay
