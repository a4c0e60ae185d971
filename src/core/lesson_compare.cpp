// Result comparison for lesson checks. Every value is reduced to a canonical key under its
// column's mode, so comparing rows as multisets is comparing sorted keys; the feedback then
// names the first row that is missing or extra, the way a teacher would point at it.
#include "lesson_compare.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <vector>

#include "type_names.h"

namespace pgplay {

namespace {

enum class TypeClass { Other, Exact, Float, Float4, Bool };

TypeClass classify(uint32_t oid) {
    switch (oid) {
        case 16: return TypeClass::Bool;
        case 700: return TypeClass::Float4;
        case 701: return TypeClass::Float;
        case 790: return TypeClass::Other;    // money prints "$1.00": compare it as text
        case 1700: return TypeClass::Exact;
        default: break;
    }
    return TypeNames::isNumeric(oid) ? TypeClass::Exact : TypeClass::Other;
}

constexpr const char* kNullKey = "\x01NULL";   // no PostgreSQL text output starts with \x01

// "007.50" -> "7.5", "-0.0" -> "0". Anything that is not a plain decimal (NaN, Infinity) is
// returned as it is, which is how PostgreSQL spells it on both sides.
std::string canonicalDecimal(std::string_view s) {
    size_t i = 0;
    bool negative = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
    std::string intPart, fracPart;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) intPart += s[i++];
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) fracPart += s[i++];
    }
    if (i != s.size() || (intPart.empty() && fracPart.empty())) return std::string(s);
    size_t lead = intPart.find_first_not_of('0');
    intPart = lead == std::string::npos ? "0" : intPart.substr(lead);
    size_t trail = fracPart.find_last_not_of('0');
    fracPart = trail == std::string::npos ? "" : fracPart.substr(0, trail + 1);
    if (intPart == "0" && fracPart.empty()) negative = false;
    return (negative ? "-" : "") + intPart + (fracPart.empty() ? "" : "." + fracPart);
}

std::string canonicalFloat(std::string_view s, int digits) {
    std::string text(s);
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0') return text;   // "NaN", "Infinity" parse too; garbage stays
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    if (v == 0) return "0";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
}

std::string shorten(std::string_view s, size_t max = 40) {
    if (s.size() <= max) return std::string(s);
    size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;   // not mid-character
    return std::string(s.substr(0, cut)) + "…";
}

std::string plural(size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string columnList(const StatementResult& r) {
    std::string out;
    for (size_t i = 0; i < r.fields.size(); ++i) out += (i ? ", " : "") + r.fields[i].name;
    return out;
}

}  // namespace

ValueMode valueModeFor(uint32_t expectedType, uint32_t actualType) {
    TypeClass a = classify(expectedType), b = classify(actualType);
    auto numeric = [](TypeClass c) { return c == TypeClass::Exact || c == TypeClass::Float || c == TypeClass::Float4; };
    if (a == TypeClass::Bool && b == TypeClass::Bool) return ValueMode::Bool;
    if (numeric(a) && numeric(b)) {
        if (a == TypeClass::Float4 || b == TypeClass::Float4) return ValueMode::Float4;
        if (a == TypeClass::Float || b == TypeClass::Float) return ValueMode::Float;
        return ValueMode::Exact;
    }
    return ValueMode::Text;
}

std::string canonicalValue(std::optional<std::string_view> value, ValueMode mode) {
    if (!value) return kNullKey;
    switch (mode) {
        case ValueMode::Exact: return canonicalDecimal(*value);
        case ValueMode::Float: return canonicalFloat(*value, 12);
        case ValueMode::Float4: return canonicalFloat(*value, 6);
        case ValueMode::Bool:
            if (*value == "t" || *value == "true") return "true";
            if (*value == "f" || *value == "false") return "false";
            return std::string(*value);
        case ValueMode::Text: break;
    }
    return std::string(*value);
}

bool valuesEqual(std::optional<std::string_view> a, uint32_t typeA, std::optional<std::string_view> b,
                 uint32_t typeB) {
    ValueMode mode = valueModeFor(typeA, typeB);
    return canonicalValue(a, mode) == canonicalValue(b, mode);
}

std::string formatRow(const StatementResult& r, size_t row) {
    std::string out = "(";
    for (size_t c = 0; c < r.rows.columnCount(); ++c) {
        if (c) out += ", ";
        if (r.rows.isNull(row, c)) {
            out += "NULL";
            continue;
        }
        std::string_view v = r.rows.text(row, c);
        TypeClass k = c < r.fields.size() ? classify(r.fields[c].typeOid) : TypeClass::Other;
        if (k == TypeClass::Other) out += "'" + shorten(v) + "'";
        else out += shorten(v);
    }
    return out + ")";
}

CompareOutcome compareResults(const StatementResult& expected, const StatementResult& actual,
                              const CompareOptions& options) {
    CompareOutcome out;
    const size_t cols = expected.fields.size();
    if (actual.fields.size() != cols) {
        out.feedback = "Expected " + plural(cols, "column", "columns") + " (" + columnList(expected) +
                       "), your query returned " + std::to_string(actual.fields.size()) + " (" +
                       columnList(actual) + ").";
        return out;
    }
    if (options.names) {
        for (size_t c = 0; c < cols; ++c) {
            if (expected.fields[c].name != actual.fields[c].name) {
                out.feedback = "Column " + std::to_string(c + 1) + " should be named \"" + expected.fields[c].name +
                               "\"; yours is named \"" + actual.fields[c].name + "\".";
                return out;
            }
        }
    }

    std::vector<ValueMode> modes(cols);
    for (size_t c = 0; c < cols; ++c) modes[c] = valueModeFor(expected.fields[c].typeOid, actual.fields[c].typeOid);
    auto keyOf = [&](const StatementResult& r, size_t row) {
        std::string key;
        for (size_t c = 0; c < cols; ++c) {
            std::string v = canonicalValue(r.rows.cell(row, c), modes[c]);
            key += std::to_string(v.size()) + ":" + v;   // length-prefixed: no separator ambiguity
        }
        return key;
    };
    const size_t nExp = expected.rows.rowCount(), nAct = actual.rows.rowCount();
    std::vector<std::string> expKeys(nExp), actKeys(nAct);
    for (size_t i = 0; i < nExp; ++i) expKeys[i] = keyOf(expected, i);
    for (size_t i = 0; i < nAct; ++i) actKeys[i] = keyOf(actual, i);

    // Multiset difference: the first expected row the learner lacks, the first row too many.
    std::map<std::string, long> balance;
    for (const std::string& k : expKeys) ++balance[k];
    for (const std::string& k : actKeys) --balance[k];
    std::optional<size_t> missing, extra;
    {
        std::map<std::string, long> left = balance;
        for (size_t i = 0; i < nExp && !missing; ++i)
            if (left[expKeys[i]] > 0) missing = i;
        for (size_t i = 0; i < nAct && !extra; ++i)
            if (left[actKeys[i]] < 0) extra = i;
    }

    if (missing || extra) {
        std::string s;
        if (nExp != nAct)
            s = plural(nExp, "row", "rows") + " expected, you returned " + std::to_string(nAct) + ".";
        else
            s = "You returned the right number of rows (" + std::to_string(nAct) + "), but not the right ones.";
        if (missing) s += " Missing: " + formatRow(expected, *missing) + ".";
        if (extra) s += " Not expected: " + formatRow(actual, *extra) + ".";
        if (actual.truncated) s += " (Your result was cut off at " + std::to_string(nAct) + " rows.)";
        out.feedback = s;
        return out;
    }
    if (options.ordered) {
        for (size_t i = 0; i < nExp; ++i) {
            if (expKeys[i] != actKeys[i]) {
                out.feedback = "The rows are right but not in the required order: row " + std::to_string(i + 1) +
                               " should be " + formatRow(expected, i) + ", yours is " + formatRow(actual, i) + ".";
                return out;
            }
        }
    }
    out.same = true;
    out.feedback = "Same " + plural(nExp, "row", "rows") + (options.ordered ? ", in the same order." : ".");
    return out;
}

}  // namespace pgplay
