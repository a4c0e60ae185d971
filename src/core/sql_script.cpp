// The SQL lexer and statement splitter. The rules follow PostgreSQL's own scanner (scan.l) and
// psql's statement splitting, re-expressed as a hand-written single pass so the editor can run it
// on every keystroke: each byte is looked at a bounded number of times, so 1 MB takes milliseconds.
#include "core/sql_script.h"

#include <algorithm>
#include <cstring>

#include "core/text_util.h"

namespace pgplay {

namespace {

// PostgreSQL's keywords (reserved and unreserved) plus the built-in type names a learner types
// most, so `id integer` is coloured like `id INTEGER`. A few unreserved keywords that are far
// more often column names than keywords (name, value, data, version, ...) are left out on purpose.
// Lower case, sorted by byte value: isSqlKeyword() binary-searches it, and the static_assert
// below refuses to compile an unsorted list.
constexpr std::string_view kKeywords[] = {
    "abort", "absolute", "access", "action", "add", "admin", "after", "aggregate", "all", "also",
    "alter", "always", "analyse", "analyze", "and", "any", "array", "as", "asc", "asensitive",
    "assertion", "assignment", "asymmetric", "at", "atomic", "attach", "attribute",
    "authorization", "backward", "before", "begin", "between", "bigint", "bigserial", "binary",
    "bit", "bool", "boolean", "both", "breadth", "by", "bytea", "cache", "call", "called",
    "cascade", "cascaded", "case", "cast", "catalog", "chain", "char", "character",
    "characteristics", "check", "checkpoint", "cidr", "class", "close", "cluster", "coalesce",
    "collate", "collation", "column", "columns", "comment", "comments", "commit", "committed",
    "compression", "concurrently", "conditional", "configuration", "conflict", "connection",
    "constraint", "constraints", "continue", "conversion", "copy", "cost", "create", "cross",
    "csv", "cube", "current", "current_catalog", "current_date", "current_role", "current_schema",
    "current_time", "current_timestamp", "current_user", "cursor", "cycle", "database", "date",
    "day", "deallocate", "dec", "decimal", "declare", "default", "defaults", "deferrable",
    "deferred", "definer", "delete", "delimiter", "delimiters", "depends", "depth", "desc",
    "detach", "dictionary", "disable", "discard", "distinct", "do", "domain", "double", "drop",
    "each", "else", "empty", "enable", "encoding", "encrypted", "end", "enum", "error", "escape",
    "event", "except", "exclude", "excluding", "exclusive", "execute", "exists", "explain",
    "expression", "extension", "external", "extract", "false", "family", "fetch", "filter",
    "finalize", "first", "float", "float4", "float8", "following", "for", "force", "foreign",
    "format", "forward", "freeze", "from", "full", "function", "functions", "generated", "global",
    "grant", "granted", "greatest", "group", "grouping", "groups", "handler", "having", "header",
    "hold", "hour", "identity", "if", "ilike", "immediate", "immutable", "implicit", "import",
    "in", "include", "including", "increment", "indent", "index", "indexes", "inet", "inherit",
    "inherits", "initially", "inline", "inner", "inout", "input", "insensitive", "insert",
    "instead", "int", "int2", "int4", "int8", "integer", "intersect", "interval", "into",
    "invoker", "is", "isnull", "isolation", "join", "json", "json_array", "json_arrayagg",
    "json_exists", "json_object", "json_objectagg", "json_query", "json_scalar", "json_serialize",
    "json_table", "json_value", "jsonb", "keep", "key", "keys", "language", "large", "last",
    "lateral", "leading", "leakproof", "least", "left", "level", "like", "limit", "listen", "load",
    "local", "localtime", "localtimestamp", "lock", "locked", "logged", "macaddr", "mapping",
    "match", "matched", "materialized", "maxvalue", "merge", "merge_action", "method", "minute",
    "minvalue", "mode", "money", "month", "move", "national", "natural", "nchar", "nested", "new",
    "next", "nfc", "nfd", "nfkc", "nfkd", "no", "none", "normalize", "normalized", "not",
    "nothing", "notify", "notnull", "nowait", "null", "nullif", "nulls", "numeric", "object", "of",
    "off", "offset", "oid", "oids", "old", "omit", "on", "only", "operator", "option", "or",
    "order", "ordinality", "others", "out", "outer", "over", "overlaps", "overlay", "overriding",
    "owned", "owner", "parallel", "parameter", "partial", "partition", "passing", "placing",
    "plan", "plans", "policy", "position", "preceding", "precision", "prepare", "prepared",
    "preserve", "primary", "prior", "privileges", "procedural", "procedure", "procedures",
    "program", "publication", "quote", "quotes", "range", "read", "real", "reassign", "recursive",
    "ref", "references", "referencing", "refresh", "regclass", "reindex", "relative", "release",
    "rename", "repeatable", "replace", "replica", "reset", "restart", "restrict", "return",
    "returning", "returns", "revoke", "right", "role", "rollback", "rollup", "routine", "routines",
    "row", "rows", "rule", "savepoint", "scalar", "schema", "schemas", "scroll", "search",
    "second", "security", "select", "sequence", "sequences", "serial", "serial4", "serial8",
    "serializable", "server", "session", "session_user", "set", "setof", "sets", "share", "show",
    "similar", "simple", "skip", "smallint", "smallserial", "snapshot", "some", "sql", "stable",
    "standalone", "start", "statement", "statistics", "stdin", "stdout", "storage", "stored",
    "strict", "string", "strip", "subscription", "substring", "support", "symmetric", "sysid",
    "system", "system_user", "table", "tables", "tablesample", "tablespace", "temp", "template",
    "temporary", "text", "then", "ties", "time", "timestamp", "timestamptz", "timetz", "to",
    "trailing", "transaction", "transform", "treat", "trigger", "trim", "true", "truncate",
    "trusted", "tsquery", "tsvector", "type", "types", "uescape", "unbounded", "uncommitted",
    "unconditional", "unencrypted", "union", "unique", "unknown", "unlisten", "unlogged", "until",
    "update", "user", "using", "uuid", "vacuum", "valid", "validate", "validator", "values",
    "varchar", "variadic", "varying", "verbose", "view", "views", "volatile", "when", "where",
    "whitespace", "window", "with", "within", "without", "work", "wrapper", "write", "xml",
    "xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces",
    "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable", "year", "yes", "zone",
};

constexpr bool keywordsSorted() {
    for (size_t i = 1; i < sizeof(kKeywords) / sizeof(kKeywords[0]); ++i)
        if (!(kKeywords[i - 1] < kKeywords[i])) return false;
    return true;
}
static_assert(keywordsSorted(), "kKeywords must be sorted and free of duplicates");

constexpr size_t kLongestKeyword = 32;

// Character classes of PostgreSQL's scanner. Bytes >= 0x80 count as letters there, which is how
// UTF-8 identifiers (and invalid bytes) become part of a word instead of stray symbols.
inline bool isSpace(unsigned char c) { return isAsciiSpace(static_cast<char>(c)); }
inline bool isDigit(unsigned char c) { return c >= '0' && c <= '9'; }
inline bool isIdentStart(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
inline bool isIdentCont(unsigned char c) { return isIdentStart(c) || isDigit(c) || c == '$'; }
// Dollar-quote tags are like identifiers but cannot contain '$' (it would end the tag).
inline bool isTagCont(unsigned char c) { return isIdentStart(c) || isDigit(c); }
inline bool isOpChar(unsigned char c) { return c != 0 && std::strchr("+-*/<>=~!@#%^&|`?", c) != nullptr; }
// An operator containing one of these may end in + or - (e.g. @-); others may not, so that
// `x=-1` reads as `=` then `-1` (PostgreSQL's rule).
inline bool isOpSpecial(unsigned char c) { return c != 0 && std::strchr("~!@#%^&|`?", c) != nullptr; }

bool equalsIgnoreCase(std::string_view a, std::string_view lowerB) {
    if (a.size() != lowerB.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (lowerAscii(a[i]) != lowerB[i]) return false;
    return true;
}

class Lexer {
public:
    // `backslashQuotes`: a backslash escapes the next byte inside '...' too, as it does while
    // standard_conforming_strings is off (psql follows the setting the same way).
    Lexer(std::string_view text, bool backslashQuotes = false) : s_(text), backslashQuotes_(backslashQuotes) {}

    std::vector<Token> run() {
        std::vector<Token> out;
        // Real SQL averages about 4 bytes per token; reserving avoids most regrowth.
        out.reserve(s_.size() / 4 + 1);
        size_t i = 0;
        while (i < s_.size()) {
            Token t = next(i);
            out.push_back(t);
            i = t.offset + t.length;
        }
        return out;
    }

private:
    unsigned char at(size_t i) const { return i < s_.size() ? static_cast<unsigned char>(s_[i]) : 0; }
    bool has(size_t i) const { return i < s_.size(); }

    Token make(TokenKind k, size_t from, size_t to) const { return Token{k, from, to - from}; }
    Token unterminated(size_t from) const { return make(TokenKind::Unterminated, from, s_.size()); }

    Token next(size_t i) {
        const unsigned char c = at(i);
        const unsigned char c1 = at(i + 1);

        if (isSpace(c)) {
            size_t j = i + 1;
            while (has(j) && isSpace(at(j))) ++j;
            return make(TokenKind::Whitespace, i, j);
        }
        if (c == '-' && c1 == '-') {   // line comment; the newline is whitespace, not comment
            size_t j = i + 2;
            while (has(j) && at(j) != '\n' && at(j) != '\r') ++j;
            return make(TokenKind::Comment, i, j);
        }
        if (c == '/' && c1 == '*') return blockComment(i);
        if (c == '\'')
            return quoted(i, i + 1, '\'', backslashQuotes_ ? Escapes::BackslashAndDoubledQuote : Escapes::DoubledQuote,
                          TokenKind::String);
        if (c == '"') return quoted(i, i + 1, '"', Escapes::DoubledQuote, TokenKind::Identifier);
        if (c == '$') return dollar(i);
        if (isDigit(c) || (c == '.' && isDigit(c1))) return number(i);
        if (isIdentStart(c)) return word(i);
        if (c == ':') {   // :: is a cast, := a named-argument/assignment operator
            if (c1 == ':' || c1 == '=') return make(TokenKind::Operator, i, i + 2);
            return make(TokenKind::Punctuation, i, i + 1);
        }
        if (c != 0 && std::strchr("()[],;.", c) != nullptr)
            return make(TokenKind::Punctuation, i, i + 1);
        if (isOpChar(c)) return op(i);
        // Anything else ({, }, \, control bytes, NUL): one byte, so nothing is ever skipped.
        return make(TokenKind::Operator, i, i + 1);
    }

    // Nested /* ... */ as in PostgreSQL (unlike the SQL standard's and C's flat comments).
    Token blockComment(size_t i) {
        size_t depth = 1;
        size_t j = i + 2;
        while (has(j)) {
            if (at(j) == '/' && at(j + 1) == '*') {
                ++depth;
                j += 2;
            } else if (at(j) == '*' && at(j + 1) == '/') {
                j += 2;
                if (--depth == 0) return make(TokenKind::Comment, i, j);
            } else {
                ++j;
            }
        }
        return unterminated(i);
    }

    enum class Escapes { None, DoubledQuote, BackslashAndDoubledQuote };

    // A quoted string or identifier whose body starts at `bodyStart` (just after the opening
    // quote); the token starts at `from`, before any E, B, X, N or U& prefix.
    Token quoted(size_t from, size_t bodyStart, char quote, Escapes esc, TokenKind kind) {
        size_t j = bodyStart;
        while (has(j)) {
            const unsigned char ch = at(j);
            if (esc == Escapes::BackslashAndDoubledQuote && ch == '\\') {
                if (!has(j + 1)) break;   // backslash at the very end: still open
                j += 2;
                continue;
            }
            if (ch == static_cast<unsigned char>(quote)) {
                if (esc != Escapes::None && at(j + 1) == static_cast<unsigned char>(quote)) {
                    j += 2;   // '' (or "") stands for one quote
                    continue;
                }
                return make(kind, from, j + 1);
            }
            ++j;
        }
        return unterminated(from);
    }

    Token dollar(size_t i) {
        if (isDigit(at(i + 1))) {   // $1: a parameter, never a dollar quote
            size_t j = i + 1;
            while (has(j) && isDigit(at(j))) ++j;
            return make(TokenKind::Parameter, i, j);
        }
        size_t j = i + 1;
        if (isIdentStart(at(j))) {
            ++j;
            while (has(j) && isTagCont(at(j))) ++j;
        }
        if (at(j) != '$' || !has(j)) return make(TokenKind::Operator, i, i + 1);   // lone $
        // The body ends at the first exact (case-sensitive) repeat of the opening delimiter.
        // A plain search finds the same place PostgreSQL's scanner does: the closing tag
        // cannot be hidden inside anything, since nothing is special in a dollar-quoted body.
        const std::string_view delim = s_.substr(i, j - i + 1);
        const size_t close = s_.find(delim, j + 1);
        if (close == std::string_view::npos) return unterminated(i);
        return make(TokenKind::String, i, close + delim.size());
    }

    // Digits with optional single underscores between them ("1_000"); returns the end.
    size_t digitsFrom(size_t j, bool (*isBaseDigit)(unsigned char)) const {
        while (has(j)) {
            if (isBaseDigit(at(j))) {
                ++j;
            } else if (at(j) == '_' && isBaseDigit(at(j + 1))) {
                j += 2;
            } else {
                break;
            }
        }
        return j;
    }

    static bool isHex(unsigned char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
    static bool isOct(unsigned char c) { return c >= '0' && c <= '7'; }
    static bool isBin(unsigned char c) { return c == '0' || c == '1'; }
    static bool isDec(unsigned char c) { return isDigit(c); }

    Token number(size_t i) {
        if (at(i) == '0') {
            const char p = lowerAscii(static_cast<char>(at(i + 1)));
            bool (*base)(unsigned char) = p == 'x' ? isHex : p == 'o' ? isOct : p == 'b' ? isBin : nullptr;
            if (base != nullptr) {
                size_t j = i + 2;
                if (at(j) == '_') ++j;   // 0x_FF is allowed
                if (base(at(j))) return make(TokenKind::Number, i, digitsFrom(j, base));
                // "0x" without digits: the 0 alone is the number; the rest reads as a word.
            }
        }
        size_t j = i;
        if (at(j) == '.') {
            j = digitsFrom(j + 1, isDec);
        } else {
            j = digitsFrom(j, isDec);
            // "1..10" is 1 then "..": only a dot not followed by another dot is a decimal point.
            if (at(j) == '.' && at(j + 1) != '.') j = digitsFrom(j + 1, isDec);
        }
        if (lowerAscii(static_cast<char>(at(j))) == 'e') {
            size_t k = j + 1;
            if (at(k) == '+' || at(k) == '-') ++k;
            if (isDigit(at(k))) j = digitsFrom(k, isDec);
        }
        return make(TokenKind::Number, i, j);
    }

    Token word(size_t i) {
        const char c = lowerAscii(static_cast<char>(at(i)));
        const unsigned char c1 = at(i + 1);
        if (c1 == '\'') {
            if (c == 'e') return quoted(i, i + 2, '\'', Escapes::BackslashAndDoubledQuote, TokenKind::String);
            if (c == 'n') return quoted(i, i + 2, '\'', Escapes::DoubledQuote, TokenKind::String);
            // Bit strings take no escapes at all: B'10''01' is B'10' followed by '01'.
            if (c == 'b' || c == 'x') return quoted(i, i + 2, '\'', Escapes::None, TokenKind::String);
        }
        if (c == 'u' && c1 == '&') {
            if (at(i + 2) == '\'') return quoted(i, i + 3, '\'', Escapes::DoubledQuote, TokenKind::String);
            if (at(i + 2) == '"') return quoted(i, i + 3, '"', Escapes::DoubledQuote, TokenKind::Identifier);
        }
        size_t j = i + 1;
        while (has(j) && isIdentCont(at(j))) ++j;
        const TokenKind kind = isSqlKeyword(s_.substr(i, j - i)) ? TokenKind::Keyword : TokenKind::Identifier;
        return make(kind, i, j);
    }

    Token op(size_t i) {
        size_t j = i;
        bool special = false;
        while (has(j) && isOpChar(at(j))) {
            // A comment start ends the operator: `a+--x` is + then a comment.
            if (j > i && ((at(j) == '-' && at(j + 1) == '-') || (at(j) == '/' && at(j + 1) == '*'))) break;
            special = special || isOpSpecial(at(j));
            ++j;
        }
        if (!special)
            while (j - i > 1 && (at(j - 1) == '+' || at(j - 1) == '-')) --j;
        return make(TokenKind::Operator, i, j);
    }

    std::string_view s_;
    bool backslashQuotes_ = false;
};

bool isWord(const Token& t) { return t.kind == TokenKind::Keyword || t.kind == TokenKind::Identifier; }
bool isBlank(const Token& t) { return t.kind == TokenKind::Whitespace || t.kind == TokenKind::Comment; }

}  // namespace

bool isSqlKeyword(std::string_view word) {
    if (word.empty() || word.size() > kLongestKeyword) return false;
    char buf[kLongestKeyword];
    for (size_t i = 0; i < word.size(); ++i) buf[i] = lowerAscii(word[i]);
    const std::string_view key(buf, word.size());
    const auto* end = std::end(kKeywords);
    const auto* it = std::lower_bound(std::begin(kKeywords), end, key);
    return it != end && *it == key;
}

std::vector<Token> tokenizeSql(std::string_view text) { return Lexer(text).run(); }

namespace {

// COPY ... FROM STDIN at the top level of tokens [a, b) of `script`.
bool isCopyFromStdin(std::string_view script, const std::vector<Token>& tokens, size_t a, size_t b) {
    auto word = [&](size_t k, std::string_view lower) {
        return isWord(tokens[k]) && equalsIgnoreCase(script.substr(tokens[k].offset, tokens[k].length), lower);
    };
    size_t k = a;
    while (k < b && isBlank(tokens[k])) ++k;
    if (k >= b || !word(k, "copy")) return false;
    int depth = 0;
    for (++k; k < b; ++k) {
        if (tokens[k].kind == TokenKind::Punctuation) {
            const char c = script[tokens[k].offset];
            if (c == '(') ++depth;
            else if (c == ')' && depth > 0) --depth;
        }
        if (depth != 0 || !word(k, "from")) continue;
        size_t n = k + 1;
        while (n < b && isBlank(tokens[n])) ++n;
        return n < b && word(n, "stdin");
    }
    return false;
}

// SET [SESSION|LOCAL] standard_conforming_strings {=|TO} value, or RESET of it: the setting's
// new value (true: backslashes escape in '...'), or nullopt for any other statement.
std::optional<bool> backslashQuotesAfter(std::string_view sql) {
    // Every statement of every run comes through here: look closer only at a SET or RESET
    // (comments before one are not worth a second lexing pass for each statement).
    const char c0 = sql.empty() ? 0 : lowerAscii(sql[0]);
    if ((c0 != 's' && c0 != 'r') || sql.size() > 200) return std::nullopt;
    std::vector<std::string> words;   // the statement's words and values, lower case, blanks skipped
    for (const Token& t : tokenizeSql(sql)) {
        if (isBlank(t)) continue;
        std::string w(sql.substr(t.offset, t.length));
        if (t.kind == TokenKind::String && w.size() >= 2 && w.front() == '\'' && w.back() == '\'')
            w = w.substr(1, w.size() - 2);
        for (char& c : w) c = lowerAscii(c);
        words.push_back(std::move(w));
        if (words.size() > 6) return std::nullopt;
    }
    size_t k = 0;
    if (words.empty()) return std::nullopt;
    const bool reset = words[0] == "reset";
    if (!reset && words[0] != "set") return std::nullopt;
    ++k;
    if (!reset && k < words.size() && (words[k] == "session" || words[k] == "local")) ++k;
    if (k >= words.size() || words[k] != "standard_conforming_strings") return std::nullopt;
    ++k;
    if (reset) return k == words.size() ? std::optional<bool>(false) : std::nullopt;
    if (k + 2 != words.size() || (words[k] != "=" && words[k] != "to")) return std::nullopt;
    const std::string& v = words[k + 1];
    if (v == "off" || v == "false" || v == "no" || v == "0") return true;
    if (v == "on" || v == "true" || v == "yes" || v == "1" || v == "default") return false;
    return std::nullopt;
}

// Why splitSegment() stopped before the end of the script.
enum class SegmentStop {
    End,           // it ran to the end
    CopyData,      // after a COPY ... FROM STDIN statement: its data lines follow
    MetaCommand,   // at a top-level backslash: a psql meta-command runs to the end of the line
    Relex,         // after SET standard_conforming_strings: '...' strings read differently from here
};

// Splits script[start, end of script) into `out` up to the first place the lexer's view of the
// rest changes (see SegmentStop); `resume` is where to go on from: after the COPY's ';', at the
// backslash, or after the SET's ';'.
SegmentStop splitSegment(std::string_view script, size_t start, bool backslashQuotes, std::vector<SqlStatement>& out,
                         size_t& resume, bool& backslashQuotesNext) {
    const std::string_view rest = script.substr(start);
    std::vector<Token> tokens = Lexer(rest, backslashQuotes).run();
    for (Token& t : tokens) t.offset += start;

    auto wordIs = [&](const Token& t, std::string_view lowerWord) {
        return isWord(t) && equalsIgnoreCase(script.substr(t.offset, t.length), lowerWord);
    };

    // State of the statement being collected.
    size_t first = 0;            // index of its first token
    int parenDepth = 0;
    // Recognising CREATE [OR REPLACE] {FUNCTION|PROCEDURE}: words seen so far at its head.
    size_t headWords = 0;
    bool headOr = false;
    bool routine = false;        // this statement creates a function or procedure
    bool afterBegin = false;     // the previous word was BEGIN (of a routine), ATOMIC may follow
    int atomicDepth = 0;         // inside BEGIN ATOMIC ... END: 1, plus one per open CASE

    auto finish = [&](size_t endToken) {   // tokens [first, endToken) form one statement
        size_t a = first;
        while (a < endToken && tokens[a].kind == TokenKind::Whitespace) ++a;
        size_t b = endToken;
        while (b > a && tokens[b - 1].kind == TokenKind::Whitespace) --b;
        bool onlyComments = true;
        for (size_t k = a; k < b && onlyComments; ++k) onlyComments = isBlank(tokens[k]);
        if (!onlyComments) {
            const size_t from = tokens[a].offset;
            const size_t to = tokens[b - 1].offset + tokens[b - 1].length;
            out.push_back(SqlStatement{from, std::string(script.substr(from, to - from)), std::nullopt, false});
        }
        parenDepth = 0;
        headWords = 0;
        headOr = false;
        routine = false;
        afterBegin = false;
        atomicDepth = 0;
    };

    for (size_t k = 0; k < tokens.size(); ++k) {
        const Token& t = tokens[k];
        if (isBlank(t)) continue;

        if (t.kind == TokenKind::Punctuation) {
            const char c = script[t.offset];
            if (c == '(') ++parenDepth;
            else if (c == ')' && parenDepth > 0) --parenDepth;
            else if (c == ';' && parenDepth == 0 && atomicDepth == 0) {
                const bool copyIn = isCopyFromStdin(script, tokens, first, k);
                const size_t before = out.size();
                finish(k);
                resume = t.offset + 1;
                if (copyIn) return SegmentStop::CopyData;   // its data follows: not SQL
                if (out.size() > before) {
                    const std::optional<bool> next = backslashQuotesAfter(out.back().text);
                    if (next && *next != backslashQuotes) {
                        backslashQuotesNext = *next;
                        return SegmentStop::Relex;
                    }
                }
                // A comment on the same line right after the ';' belongs to the statement just
                // ended ("SELECT 1; -- one"), not to the next one: skip it.
                size_t n = k + 1;
                while (n < tokens.size() && isBlank(tokens[n])) {
                    const Token& b = tokens[n];
                    if (b.kind == TokenKind::Whitespace &&
                        script.substr(b.offset, b.length).find_first_of("\r\n") != std::string_view::npos)
                        break;
                    ++n;
                }
                first = n;
                k = n - 1;
                continue;
            }
        }

        if (t.kind == TokenKind::Operator && script[t.offset] == '\\') {
            // psql's rule: an unquoted backslash begins a meta-command; SQL before it on the
            // line is a statement of its own.
            finish(k);
            resume = t.offset;
            return SegmentStop::MetaCommand;
        }

        if (isWord(t)) {
            if (headWords < 4) {   // CREATE [OR REPLACE] FUNCTION|PROCEDURE
                const size_t w = headWords++;
                if (w == 0) {
                    if (!wordIs(t, "create")) headWords = 4;
                } else if (w == 1 && wordIs(t, "or")) {
                    headOr = true;
                } else if (w == 2 && headOr) {
                    if (!wordIs(t, "replace")) headWords = 4;
                } else if (w == (headOr ? 3u : 1u)) {
                    routine = wordIs(t, "function") || wordIs(t, "procedure");
                    headWords = 4;
                } else {
                    headWords = 4;
                }
            } else if (routine) {
                // A SQL-standard routine body: BEGIN ATOMIC stmt; stmt; END. Inside it, CASE
                // also closes with END, so CASE opens a level that its END closes.
                if (atomicDepth == 0) {
                    if (afterBegin && parenDepth == 0 && wordIs(t, "atomic")) atomicDepth = 1;
                } else if (wordIs(t, "case")) {
                    ++atomicDepth;
                } else if (wordIs(t, "end")) {
                    --atomicDepth;
                }
            }
            afterBegin = routine && wordIs(t, "begin");
        } else {
            afterBegin = false;
        }
    }
    finish(tokens.size());
    return SegmentStop::End;
}

// The meta-command at script[at] (a backslash): up to the end of the line or the next backslash
// outside quotes, where psql starts another one. Sets `next` to where the script goes on: the
// next line, the next meta-command, or the SQL after a "\\" (which ends the arguments).
std::string_view metaCommandAt(std::string_view script, size_t at, size_t& next) {
    size_t lineEnd = script.find('\n', at);
    if (lineEnd == std::string_view::npos) lineEnd = script.size();
    next = lineEnd;
    char quote = 0;
    for (size_t i = at + 1; i < lineEnd; ++i) {
        const char c = script[i];
        if (quote) {
            if (c == quote) quote = 0;
            else if (quote == '\'' && c == '\\') ++i;   // psql allows \' inside '...' arguments
            continue;
        }
        if (c == '\'' || c == '"' || c == '`') {
            quote = c;
        } else if (c == '\\') {
            next = (i + 1 < lineEnd && script[i + 1] == '\\') ? i + 2 : i;
            lineEnd = i;
            break;
        }
    }
    size_t end = lineEnd;
    while (end > at && isSpace(static_cast<unsigned char>(script[end - 1]))) --end;
    return script.substr(at, end - at);
}

// COPY ... FROM STDIN's data (see splitSqlScript): sets the statement's copyData and returns
// where the SQL goes on, or npos when the script ends in the data.
size_t takeCopyData(std::string_view script, size_t copyEnd, SqlStatement& copy) {
    // The data starts on the line after the COPY's ';' and ends at a line "\." (a '\r' before
    // its '\n' allowed) or at the end of the script.
    const size_t newline = script.find('\n', copyEnd);
    if (newline == std::string_view::npos) return std::string_view::npos;   // nothing after it: no data (copyData stays nullopt)
    const size_t dataStart = newline + 1;
    size_t dataEnd = script.size(), next = std::string_view::npos;
    for (size_t line = dataStart; line < script.size();) {
        size_t lineEnd = script.find('\n', line);
        if (lineEnd == std::string_view::npos) lineEnd = script.size();
        std::string_view text = script.substr(line, lineEnd - line);
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        if (text == "\\.") {
            dataEnd = line;
            next = lineEnd + 1;
            break;
        }
        line = lineEnd + 1;
    }
    std::string data(script.substr(dataStart, dataEnd - dataStart));
    if (!data.empty() && data.back() != '\n') data += '\n';   // the last line, cut by the end of the script
    copy.copyData = std::move(data);
    return next;
}

}  // namespace

std::vector<SqlStatement> splitSqlScript(std::string_view script) {
    std::vector<SqlStatement> out;
    size_t start = 0;
    bool backslashQuotes = false;   // standard_conforming_strings = off so far in the script
    while (start <= script.size()) {
        size_t resume = 0;
        bool backslashQuotesNext = backslashQuotes;
        const SegmentStop stop = splitSegment(script, start, backslashQuotes, out, resume, backslashQuotesNext);
        if (stop == SegmentStop::End) break;
        if (stop == SegmentStop::Relex) {
            backslashQuotes = backslashQuotesNext;
            start = resume;
        } else if (stop == SegmentStop::MetaCommand) {
            size_t next = 0;
            const std::string_view line = metaCommandAt(script, resume, next);
            SqlStatement meta{resume, std::string(line), std::nullopt, true};
            out.push_back(std::move(meta));
            start = next;
        } else {
            start = takeCopyData(script, resume, out.back());
            if (start == std::string_view::npos) break;
        }
    }
    return out;
}

size_t utf8CharCount(std::string_view text, size_t byteOffset) {
    const size_t n = std::min(byteOffset, text.size());
    size_t count = 0;
    for (size_t i = 0; i < n; ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++count;
    return count;
}

size_t utf8ByteOffset(std::string_view text, size_t charIndex) {
    size_t count = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;   // continuation byte
        if (count == charIndex) return i;
        ++count;
    }
    return text.size();
}

size_t findNulByte(std::string_view text) { return text.find('\0'); }

}  // namespace pgplay
