// SQL completion (see sql_completion.h).
//
// Index of this file:
// [SECTION] Word lists: keywords, built-in functions and types
// [SECTION] The statement around the cursor: tokens, relations and their aliases
// [SECTION] Context: what kind of name fits at the cursor
// [SECTION] Candidates: matching and ranking
#include "sql_completion.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <unordered_set>

#include "sql_script.h"
#include "text_util.h"

namespace pgplay {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Word lists: keywords, built-in functions and types
//-----------------------------------------------------------------------------

// Keywords a statement starts with, offered first at the start of a statement.
constexpr std::string_view kStatementKeywords[] = {
    "ALTER", "ANALYZE", "BEGIN", "CALL", "COMMENT", "COMMIT", "COPY", "CREATE", "DELETE", "DO", "DROP",
    "EXPLAIN", "GRANT", "INSERT", "LISTEN", "LOCK", "MERGE", "NOTIFY", "PREPARE", "EXECUTE", "RESET",
    "REVOKE", "ROLLBACK", "SAVEPOINT", "SELECT", "SET", "SHOW", "START", "TABLE", "TRUNCATE", "UPDATE",
    "VACUUM", "VALUES", "WITH",
};

// The keywords that join a statement's clauses, offered before the others.
constexpr std::string_view kClauseKeywords[] = {
    "AND", "AS", "BY", "FROM", "GROUP", "HAVING", "IN", "INNER", "IS", "JOIN", "LEFT", "LIMIT", "NOT", "NULL",
    "OFFSET", "ON", "OR", "ORDER", "RETURNING", "SET", "UNION", "VALUES", "WHERE",
};

// The other keywords worth offering: what a learner writes, not PostgreSQL's whole list (which
// would put ABSOLUTE and ASSERTION before AS).
constexpr std::string_view kKeywords[] = {
    "ADD", "ALL", "ALWAYS", "AND", "ANY", "ARRAY", "AS", "ASC", "ATOMIC", "BETWEEN", "BY", "CASCADE",
    "CASE", "CAST", "CHECK", "COLLATE", "COLUMN", "CONCURRENTLY", "CONFLICT", "CONSTRAINT", "CROSS",
    "CURRENT_DATE", "CURRENT_TIMESTAMP", "CURRENT_USER", "DATABASE", "DEFAULT", "DEFERRABLE",
    "DEFERRED", "DESC", "DISTINCT", "DOMAIN", "ELSE", "END", "ENUM", "EXCEPT", "EXCLUDE", "EXISTS",
    "EXTENSION", "FALSE", "FETCH", "FILTER", "FIRST", "FOLLOWING", "FOR", "FOREIGN", "FROM", "FULL",
    "FUNCTION", "GENERATED", "GROUP", "HAVING", "IDENTITY", "IF", "ILIKE", "IMMEDIATE", "IN", "INCLUDE",
    "INDEX", "INITIALLY", "INNER", "INTERSECT", "INTERVAL", "INTO", "IS", "ISOLATION", "JOIN", "KEY",
    "LANGUAGE", "LAST", "LATERAL", "LEFT", "LEVEL", "LIKE", "LIMIT", "LOCKED", "MATERIALIZED",
    "NATURAL", "NO", "NOT", "NOTHING", "NOWAIT", "NULL", "NULLS", "OF", "OFFSET", "ON", "ONLY", "OR",
    "ORDER", "OUTER", "OVER", "OWNER", "PARTITION", "PRECEDING", "PRIMARY", "PROCEDURE", "RANGE",
    "READ", "RECURSIVE", "REFERENCES", "REFRESH", "RENAME", "REPLACE", "RESTRICT", "RETURNING",
    "RETURNS", "RIGHT", "ROLE", "ROW", "ROWS", "SCHEMA", "SEQUENCE", "SERIALIZABLE", "SESSION", "SHARE",
    "SIMILAR", "SKIP", "STORED", "TABLESPACE", "TEMP", "TEMPORARY", "THEN", "TIES", "TO",
    "TRANSACTION", "TRIGGER", "TRUE", "TYPE", "UNBOUNDED", "UNION", "UNIQUE", "UNLOGGED", "USING",
    "VIEW", "WHEN", "WHERE", "WINDOW", "WITHIN", "WITHOUT", "WORK", "WRITE",
};

struct BuiltinFunction {
    std::string_view name;
    std::string_view detail;
};

// Functions a learner reaches for, with a hint of what each takes. Learner-defined functions come
// from the schema snapshot.
constexpr BuiltinFunction kFunctions[] = {
    {"abs", "abs(number)"}, {"age", "age(timestamp, timestamp)"}, {"array_agg", "aggregate: array_agg(value)"},
    {"array_length", "array_length(array, dim)"}, {"avg", "aggregate: avg(number)"}, {"bool_and", "aggregate: bool_and(bool)"},
    {"bool_or", "aggregate: bool_or(bool)"}, {"ceil", "ceil(number)"}, {"coalesce", "coalesce(value, ...)"},
    {"concat", "concat(value, ...)"}, {"concat_ws", "concat_ws(sep, value, ...)"}, {"count", "aggregate: count(*)"},
    {"cume_dist", "window: cume_dist()"}, {"current_setting", "current_setting(name)"}, {"date_part", "date_part(field, source)"},
    {"date_trunc", "date_trunc(field, timestamp)"}, {"dense_rank", "window: dense_rank()"}, {"extract", "extract(field FROM source)"},
    {"first_value", "window: first_value(value)"}, {"floor", "floor(number)"}, {"format", "format(formatstr, ...)"},
    {"gen_random_uuid", "gen_random_uuid()"}, {"generate_series", "generate_series(start, stop [, step])"},
    {"greatest", "greatest(value, ...)"}, {"initcap", "initcap(text)"}, {"json_agg", "aggregate: json_agg(value)"},
    {"jsonb_agg", "aggregate: jsonb_agg(value)"}, {"jsonb_array_elements", "jsonb_array_elements(jsonb)"},
    {"jsonb_build_object", "jsonb_build_object(key, value, ...)"}, {"jsonb_each", "jsonb_each(jsonb)"},
    {"jsonb_object_keys", "jsonb_object_keys(jsonb)"}, {"jsonb_set", "jsonb_set(target, path, value)"},
    {"lag", "window: lag(value [, offset])"}, {"last_value", "window: last_value(value)"}, {"lead", "window: lead(value [, offset])"},
    {"least", "least(value, ...)"}, {"left", "left(text, n)"}, {"length", "length(text)"}, {"lower", "lower(text)"},
    {"lpad", "lpad(text, length [, fill])"}, {"ltrim", "ltrim(text)"}, {"make_date", "make_date(year, month, day)"},
    {"max", "aggregate: max(value)"}, {"md5", "md5(text)"}, {"min", "aggregate: min(value)"}, {"mod", "mod(y, x)"},
    {"now", "now(): start of the transaction"}, {"nextval", "nextval(sequence)"}, {"ntile", "window: ntile(buckets)"},
    {"nullif", "nullif(a, b)"}, {"percent_rank", "window: percent_rank()"},
    {"percentile_cont", "aggregate: percentile_cont(fraction) WITHIN GROUP (ORDER BY ...)"},
    {"pg_column_size", "pg_column_size(value)"}, {"pg_size_pretty", "pg_size_pretty(bytes)"}, {"pg_sleep", "pg_sleep(seconds)"},
    {"pg_total_relation_size", "pg_total_relation_size(relation)"}, {"position", "position(substring IN text)"},
    {"power", "power(a, b)"}, {"random", "random()"}, {"rank", "window: rank()"}, {"regexp_replace", "regexp_replace(text, pattern, replacement)"},
    {"repeat", "repeat(text, n)"}, {"replace", "replace(text, from, to)"}, {"reverse", "reverse(text)"}, {"right", "right(text, n)"},
    {"round", "round(number [, digits])"}, {"row_number", "window: row_number()"}, {"rpad", "rpad(text, length [, fill])"},
    {"rtrim", "rtrim(text)"}, {"split_part", "split_part(text, delimiter, n)"}, {"sqrt", "sqrt(number)"},
    {"starts_with", "starts_with(text, prefix)"}, {"string_agg", "aggregate: string_agg(text, delimiter)"},
    {"substring", "substring(text FROM start [FOR count])"}, {"sum", "aggregate: sum(number)"}, {"to_char", "to_char(value, format)"},
    {"to_date", "to_date(text, format)"}, {"to_jsonb", "to_jsonb(value)"}, {"to_timestamp", "to_timestamp(text, format)"},
    {"trim", "trim(text)"}, {"trunc", "trunc(number)"}, {"txid_current", "txid_current()"}, {"unnest", "unnest(array)"},
    {"upper", "upper(text)"},
};

// Type names as a learner writes them (PostgreSQL's SQL spellings, not pg_type's internal
// names), the most used first: they are offered in this order.
constexpr std::string_view kTypes[] = {
    "integer", "text", "bigint", "numeric", "boolean", "timestamptz", "date", "varchar", "jsonb", "uuid",
    "serial", "bigserial", "smallint", "real", "double precision", "timestamp", "interval", "time", "bytea",
    "json", "inet", "cidr", "money", "char", "tsvector", "xml",
};

// System catalogs and views worth knowing, offered once the learner types "pg_" (the search path
// always has pg_catalog), and information_schema's most used views after "information_schema.".
constexpr std::string_view kCatalogRelations[] = {
    "pg_attribute", "pg_available_extensions", "pg_class", "pg_constraint", "pg_database", "pg_extension",
    "pg_index", "pg_indexes", "pg_locks", "pg_matviews", "pg_namespace", "pg_proc", "pg_roles", "pg_sequences",
    "pg_settings", "pg_stat_activity", "pg_stat_statements", "pg_stat_user_indexes", "pg_stat_user_tables",
    "pg_stats", "pg_tables", "pg_type", "pg_views",
};
constexpr std::string_view kInformationSchemaViews[] = {
    "columns", "key_column_usage", "referential_constraints", "routines", "schemata", "table_constraints",
    "tables", "views",
};

// Words PostgreSQL reserves: a name spelled like one must be quoted to be a name.
constexpr std::string_view kReserved[] = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast",
    "check", "collate", "column", "constraint", "create", "current_catalog", "current_date", "current_role",
    "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do",
    "else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in",
    "initially", "intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp", "not",
    "null", "offset", "on", "only", "or", "order", "placing", "primary", "references", "returning", "select",
    "session_user", "some", "symmetric", "system_user", "table", "then", "to", "trailing", "true", "union",
    "unique", "user", "using", "variadic", "when", "where", "window", "with",
};

bool startsWithFolded(std::string_view name, std::string_view prefixLower) {
    if (prefixLower.size() > name.size()) return false;
    for (size_t i = 0; i < prefixLower.size(); ++i)
        if (lowerAscii(name[i]) != prefixLower[i]) return false;
    return true;
}

//-----------------------------------------------------------------------------
// [SECTION] The statement around the cursor: tokens, relations and their aliases
//-----------------------------------------------------------------------------

bool significant(const Token& t) { return t.kind != TokenKind::Whitespace && t.kind != TokenKind::Comment; }

// A name token's value as PostgreSQL reads it.
std::string nameValue(std::string_view text, const Token& t) { return identifierValue(text.substr(t.offset, t.length)); }

bool isName(const Token& t) { return t.kind == TokenKind::Identifier || t.kind == TokenKind::Keyword; }

// Words after which a FROM item's name is not followed by its alias.
bool endsFromItem(const std::string& word) {
    static const std::unordered_set<std::string> words = {
        "where", "join", "inner", "left", "right", "full", "cross", "natural", "on", "using", "group",
        "order", "limit", "offset", "having", "window", "union", "intersect", "except", "set", "returning",
        "for", "fetch", "values", "select", "from", "into", "default", "outer", "lateral", "tablesample",
        "only", "with", "do", "as", "when", "then", "and", "or", "not", "overriding", "conflict"};
    return words.count(word) > 0;
}

// Clauses after which a comma no longer separates FROM items (ON and USING do not end the list:
// `FROM a JOIN b ON ..., c` goes on).
bool endsFromList(const std::string& word) {
    static const std::unordered_set<std::string> words = {
        "where", "group", "order", "limit", "offset", "having", "window", "union", "intersect", "except",
        "set", "returning", "for", "fetch", "values", "select", "into"};
    return words.count(word) > 0;
}

struct RelationRef {
    std::string schema;      // "" when not qualified
    std::string name;
    std::string alias;       // "" when none
};

struct StatementView {
    std::vector<Token> tokens;   // significant tokens of the statement around the cursor
    std::vector<RelationRef> relations;
    std::vector<std::string> cteNames;
};

// The significant tokens of the statement holding `cursor` (between top-level semicolons).
std::vector<Token> statementTokens(std::string_view text, const std::vector<Token>& all, size_t cursor) {
    // Outward from the cursor to the semicolons around it: a long script costs no more than
    // the statement being typed.
    auto isSemicolon = [&](const Token& t) { return t.kind == TokenKind::Punctuation && text.substr(t.offset, t.length) == ";"; };
    const size_t at = static_cast<size_t>(
        std::partition_point(all.begin(), all.end(), [&](const Token& t) { return t.offset + t.length <= cursor; }) - all.begin());
    size_t begin = at;
    while (begin > 0 && !isSemicolon(all[begin - 1])) --begin;
    size_t end = at;
    while (end < all.size() && !isSemicolon(all[end])) ++end;
    std::vector<Token> out;
    for (size_t i = begin; i < end; ++i)
        if (significant(all[i])) out.push_back(all[i]);
    return out;
}

// The relations the statement reads or writes, with their aliases: FROM and JOIN items (also in
// subqueries), UPDATE t, INSERT INTO t, DELETE FROM t, and the names WITH defines.
StatementView readStatement(std::string_view text, std::vector<Token> tokens) {
    StatementView view;
    view.tokens = std::move(tokens);
    const auto& tk = view.tokens;
    auto word = [&](size_t i) { return i < tk.size() && isName(tk[i]) ? nameValue(text, tk[i]) : std::string(); };
    auto punct = [&](size_t i) { return i < tk.size() ? std::string(text.substr(tk[i].offset, tk[i].length)) : std::string(); };

    bool inFromList = false;   // after FROM: a comma starts another item
    int depth = 0, fromDepth = 0;
    for (size_t i = 0; i < tk.size(); ++i) {
        const std::string p = punct(i);
        if (p == "(") { ++depth; continue; }
        if (p == ")") { --depth; if (depth < fromDepth) inFromList = false; continue; }
        const std::string w = tk[i].kind == TokenKind::Keyword ? word(i) : std::string();
        // WITH name AS ( ... ), name AS ( ... )
        if ((w == "with" || (p == "," && depth == 0 && !inFromList)) && isName(tk.size() > i + 1 ? tk[i + 1] : tk[i])) {
            size_t n = i + 1;
            if (word(n) == "recursive") ++n;
            if (n + 1 < tk.size() && isName(tk[n]) && (word(n + 1) == "as" || punct(n + 1) == "(") && word(n) != "as")
                view.cteNames.push_back(word(n));
        }
        bool itemFollows = false;
        if (w == "from" || w == "join" || w == "update" || w == "into") {
            itemFollows = true;
            if (w == "from") { inFromList = true; fromDepth = depth; }
        } else if (p == "," && inFromList && depth == fromDepth) {
            itemFollows = true;
        } else if (endsFromList(w) && depth == fromDepth) {
            inFromList = false;
        }
        if (!itemFollows) continue;
        size_t n = i + 1;
        while (word(n) == "only" || word(n) == "lateral") ++n;
        if (n >= tk.size() || !isName(tk[n]) || (tk[n].kind == TokenKind::Keyword && endsFromItem(word(n)))) continue;
        RelationRef ref;
        ref.name = word(n);
        if (punct(n + 1) == "." && n + 2 < tk.size() && isName(tk[n + 2])) {
            ref.schema = ref.name;
            ref.name = word(n + 2);
            n += 2;
        }
        size_t a = n + 1;
        if (word(a) == "as") ++a;
        if (a < tk.size() && isName(tk[a]) && !(tk[a].kind == TokenKind::Keyword && endsFromItem(word(a))) &&
            punct(a + 1) != ".")
            ref.alias = word(a);
        if (punct(n + 1) != "(") view.relations.push_back(std::move(ref));   // not a function call
    }
    return view;
}

// Schemas a bare name is looked up in: the default search path's public, and temp tables.
bool onSearchPath(const std::string& schema) { return schema == "public" || schema.rfind("pg_temp", 0) == 0; }

// The relation a name in the statement means: qualified, or on the search path; failing that any
// schema's (a learner who forgot the qualifier still gets that table's columns).
const TableInfo* findTable(const SchemaSnapshot& schema, const std::string& schemaName, const std::string& name) {
    const TableInfo* elsewhere = nullptr;
    for (const TableInfo& t : schema.tables) {
        if (t.name != name) continue;
        if (!schemaName.empty()) {
            if (t.schema == schemaName) return &t;
            continue;
        }
        if (onSearchPath(t.schema)) return &t;
        if (!elsewhere) elsewhere = &t;
    }
    return elsewhere;
}

//-----------------------------------------------------------------------------
// [SECTION] Context: what kind of name fits at the cursor
//-----------------------------------------------------------------------------

enum class Context {
    StatementStart,   // statement keywords
    Relation,         // tables, views, schemas
    WritableTable,    // INSERT INTO, UPDATE, TRUNCATE, REFERENCES: tables, schemas
    Qualified,        // after `x.`: columns of relation x, or what lives in schema x
    Type,             // after :: or a column name in CREATE TABLE
    Expression,       // columns, functions, keywords
    General,          // keywords first, then everything
};

// Words after which a relation name comes.
bool relationFollows(const std::string& prev, const std::string& prev2) {
    if (prev == "from" || prev == "join" || prev == "only") return true;
    if (prev == "table" && prev2 != "create") return true;
    if (prev == "view" && (prev2 == "drop" || prev2 == "alter")) return true;
    if (prev == "exists" && prev2 == "if") return true;   // DROP TABLE IF EXISTS
    return false;
}

bool writableTableFollows(const std::string& prev, const std::string& prev2) {
    return prev == "into" || prev == "update" || prev == "truncate" || prev == "references" ||
           (prev == "table" && (prev2 == "truncate" || prev2 == "lock" || prev2 == "alter"));
}

bool expressionFollows(std::string_view prev) {
    static const std::unordered_set<std::string_view> words = {
        "select", "where", "and", "or", "on", "by", "set", "having", "not", "distinct", "returning", "when",
        "then", "else", "case", "in", "between", "like", "ilike", "is", "using", "partition", "over", "filter", "values"};
    if (words.count(prev)) return true;
    // After punctuation or an operator an expression (or the next list item) comes.
    return prev == "," || prev == "(" || prev == "=" || prev == "<" || prev == ">" || prev == "<=" || prev == ">=" ||
           prev == "<>" || prev == "!=" || prev == "+" || prev == "-" || prev == "*" || prev == "/" || prev == "||";
}

}  // namespace

std::string quoteIdentifierIfNeeded(std::string_view name) {
    bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9') && name[0] != '$';
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$')) plain = false;
    if (plain && std::binary_search(std::begin(kReserved), std::end(kReserved), name)) plain = false;
    if (plain) return std::string(name);
    std::string out = "\"";
    for (char c : name) {
        out += c;
        if (c == '"') out += '"';
    }
    return out + "\"";
}

//-----------------------------------------------------------------------------
// [SECTION] Candidates: matching and ranking
//-----------------------------------------------------------------------------

Completions completeSql(std::string_view text, size_t cursor, const SchemaSnapshot& schema, size_t limit) {
    return completeSql(text, tokenizeSql(text), cursor, schema, limit);
}

Completions completeSql(std::string_view text, const std::vector<Token>& all, size_t cursor, const SchemaSnapshot& schema,
                        size_t limit) {
    Completions out;
    cursor = std::min(cursor, text.size());
    out.replaceBegin = out.replaceEnd = cursor;

    // The token the cursor is in or right after.
    const Token* at = nullptr;
    auto after = std::partition_point(all.begin(), all.end(), [&](const Token& t) { return t.offset < cursor; });
    if (after != all.begin() && cursor <= std::prev(after)->offset + std::prev(after)->length) at = &*std::prev(after);
    bool quotedPrefix = false;
    if (at) {
        const std::string_view s = text.substr(at->offset, at->length);
        switch (at->kind) {
        case TokenKind::String:
        case TokenKind::Number:
        case TokenKind::Parameter:
            return out;
        case TokenKind::Comment:
            // A line comment runs to the end of its line; a closed block comment ends before us.
            if (!(s.size() >= 2 && s.substr(0, 2) == "/*" && cursor == at->offset + at->length)) return out;
            at = nullptr;
            break;
        case TokenKind::Unterminated:
            // `"Ord` still being typed is a quoted name; an open string or comment is not.
            if (s.empty() || s.front() != '"') return out;
            quotedPrefix = true;
            break;
        case TokenKind::Identifier:
            if (s.front() == '"') {
                if (s.size() >= 2 && s.back() == '"' && cursor == at->offset + at->length) return out;   // closed: done
                quotedPrefix = true;
            }
            break;
        case TokenKind::Keyword:
            break;
        default:
            at = nullptr;   // after an operator or punctuation: nothing typed yet
        }
    }
    if (at) {
        out.replaceBegin = at->offset;
        out.replaceEnd = at->offset + at->length;
        out.prefix = std::string(text.substr(at->offset, cursor - at->offset));
    }
    // What a name must start with: case-folded, or exact after an opening double quote.
    const std::string wanted = quotedPrefix ? out.prefix.substr(1) : lower(out.prefix);

    // The statement's tokens before the word.
    StatementView view = readStatement(text, statementTokens(text, all, cursor));
    std::vector<Token> before;
    for (const Token& t : view.tokens)
        if (t.offset + t.length <= out.replaceBegin) before.push_back(t);
    auto tokText = [&](size_t fromEnd) -> std::string {
        if (fromEnd >= before.size()) return {};
        const Token& t = before[before.size() - 1 - fromEnd];
        if (isName(t)) return nameValue(text, t);
        return std::string(text.substr(t.offset, t.length));
    };
    const std::string prev = tokText(0), prev2 = tokText(1);

    Context context = Context::General;
    std::string qualifier;
    if (before.empty()) {
        context = Context::StatementStart;
    } else if (prev == "." && before.size() >= 2 && isName(before[before.size() - 2]) &&
               before[before.size() - 1].offset == before[before.size() - 2].offset + before[before.size() - 2].length) {
        context = Context::Qualified;
        qualifier = prev2;
        out.explicitContext = true;
    } else if (prev == "::") {
        context = Context::Type;
        out.explicitContext = true;
    } else if (writableTableFollows(prev, prev2)) {
        context = Context::WritableTable;
    } else if (relationFollows(prev, prev2)) {
        context = Context::Relation;
    } else if (prev == "on" && (view.tokens.size() > 0 && nameValue(text, view.tokens[0]) == "create")) {
        context = Context::WritableTable;   // CREATE INDEX ... ON table
    } else if (expressionFollows(prev)) {
        context = Context::Expression;
    } else if (before.size() >= 2 && isName(before.back()) && (prev2 == "(" || prev2 == ",") &&
               view.tokens.size() >= 2 && nameValue(text, view.tokens[0]) == "create" &&
               std::any_of(view.tokens.begin(), view.tokens.end(), [&](const Token& t) { return isName(t) && nameValue(text, t) == "table"; })) {
        context = Context::Type;   // CREATE TABLE t (name |
    }

    // Anywhere else (after a FROM item, say) the next word is more likely a keyword (WHERE,
    // JOIN) than a name: General ranks keywords first.
    std::vector<CompletionCandidate> ranked[8];   // by rank: 0 best
    std::unordered_set<std::string> seen;
    auto offer = [&](int rank, std::string insert, CompletionKind kind, std::string detail, std::string_view match) {
        const bool matches = quotedPrefix ? match.substr(0, wanted.size()) == wanted : startsWithFolded(match, wanted);
        if (!matches || !seen.insert(insert).second) return;
        ranked[rank].push_back({std::move(insert), kind, std::move(detail)});
    };
    // Keywords keep the case the learner types them in: `sel` becomes `select`, `SEL` SELECT.
    const bool lowerKeywords = !out.prefix.empty() && std::islower(static_cast<unsigned char>(out.prefix[0]));
    auto keyword = [&](int rank, std::string_view k) {
        if (quotedPrefix) return;
        std::string word = lowerKeywords ? lower(k) : std::string(k);
        offer(rank, word, CompletionKind::Keyword, "keyword", lower(k));
    };
    // Names go in as PostgreSQL must read them; after an opening quote, always quoted.
    auto identifier = [&](std::string_view name) {
        if (!quotedPrefix) return quoteIdentifierIfNeeded(name);
        std::string q = "\"";
        for (char c : name) {
            q += c;
            if (c == '"') q += '"';
        }
        return q + "\"";
    };
    auto relationKind = [](const TableInfo& t) { return t.kind == "table" || t.kind == "partitioned table" ? CompletionKind::Table : CompletionKind::View; };
    auto relations = [&](int rank, bool tablesOnly, const std::string& inSchema) {
        for (const TableInfo& t : schema.tables) {
            if (tablesOnly && relationKind(t) != CompletionKind::Table) continue;
            if (!inSchema.empty() && t.schema != inSchema) continue;
            if (inSchema.empty() && !onSearchPath(t.schema)) {
                // Outside the search path a relation needs its schema.
                offer(rank + 1, identifier(t.schema) + "." + identifier(t.name), relationKind(t), t.kind, t.schema + "." + t.name);
                continue;
            }
            offer(rank, identifier(t.name), relationKind(t), t.kind, t.name);
        }
        if (inSchema.empty())
            for (const std::string& cte : view.cteNames) offer(rank, identifier(cte), CompletionKind::Table, "WITH query", cte);
        if ((inSchema.empty() && wanted.rfind("pg", 0) == 0 && !tablesOnly) || inSchema == "pg_catalog")
            for (std::string_view r : kCatalogRelations) offer(rank + 2, std::string(r), CompletionKind::View, "system catalog", r);
        if (inSchema == "information_schema" && !tablesOnly)
            for (std::string_view r : kInformationSchemaViews) offer(rank, std::string(r), CompletionKind::View, "information_schema", r);
    };
    auto schemas = [&](int rank) {
        for (const TableInfo& t : schema.tables)
            if (!onSearchPath(t.schema)) offer(rank, identifier(t.schema), CompletionKind::Schema, "schema", t.schema);
        if (wanted.size() >= 2) offer(rank + 2, "information_schema", CompletionKind::Schema, "schema", "information_schema");
    };
    auto columnsOf = [&](int rank, const TableInfo& t) {
        for (const ColumnInfo& c : t.columns) {
            std::string detail = c.type + " \xC2\xB7 " + t.name;
            offer(rank, identifier(c.name), CompletionKind::Column, std::move(detail), c.name);
        }
    };
    auto statementColumns = [&](int rank) {
        bool any = false;
        for (const RelationRef& r : view.relations)
            if (const TableInfo* t = findTable(schema, r.schema, r.name)) { columnsOf(rank, *t); any = true; }
        return any;
    };
    auto functions = [&](int rank, const std::string& inSchema) {
        for (const FunctionInfo& f : schema.functions) {
            if (!inSchema.empty() && f.schema != inSchema) continue;
            offer(rank, identifier(f.name), CompletionKind::Function, f.name + "(" + f.arguments + ") \xE2\x86\x92 " + f.result, f.name);
        }
        if (inSchema.empty() || inSchema == "pg_catalog")
            for (const BuiltinFunction& f : kFunctions) offer(rank, std::string(f.name), CompletionKind::Function, std::string(f.detail), f.name);
    };
    auto types = [&](int rank) {
        for (std::string_view t : kTypes) offer(rank, std::string(t), CompletionKind::Type, "type", t);
        for (const auto& [oid, name] : schema.userTypes)
            if (name.empty() || name[0] != '_') offer(rank, identifier(name), CompletionKind::Type, "your type", name);
    };

    switch (context) {
    case Context::StatementStart:
        for (std::string_view k : kStatementKeywords) keyword(0, k);
        break;
    case Context::Relation:
        relations(0, false, "");
        schemas(1);
        if (!wanted.empty()) for (std::string_view k : {"LATERAL", "ONLY"}) keyword(3, k);
        break;
    case Context::WritableTable:
        relations(0, true, "");
        schemas(1);
        break;
    case Context::Qualified: {
        const TableInfo* t = nullptr;
        for (const RelationRef& r : view.relations)
            if (r.alias == qualifier || (r.alias.empty() && r.name == qualifier)) { t = findTable(schema, r.schema, r.name); break; }
        if (!t) t = findTable(schema, "", qualifier);
        if (t) columnsOf(0, *t);
        relations(1, false, qualifier);   // qualifier is a schema
        functions(2, qualifier);
        break;
    }
    case Context::Type:
        types(0);
        break;
    case Context::Expression:
        if (!statementColumns(0))
            for (const TableInfo& t : schema.tables) columnsOf(2, t);
        functions(1, "");
        for (std::string_view k : kClauseKeywords) keyword(3, k);
        for (std::string_view k : kKeywords) keyword(4, k);
        relations(5, false, "");   // a table name qualifies a column: users.email
        break;
    case Context::General:
        for (std::string_view k : kClauseKeywords) keyword(0, k);
        for (std::string_view k : kKeywords) keyword(1, k);
        statementColumns(2);
        relations(3, false, "");
        functions(4, "");
        for (std::string_view k : kStatementKeywords) keyword(5, k);
        break;
    }

    for (auto& group : ranked) {
        // Columns and types keep their order (the table's, the most used first); other names go
        // alphabetically, with those that need quotes after the plain ones (learners rarely
        // type them). A rank holds columns only, types only, or neither.
        if (!group.empty() && group.front().kind != CompletionKind::Column && group.front().kind != CompletionKind::Type)
            std::sort(group.begin(), group.end(), [](const CompletionCandidate& a, const CompletionCandidate& b) {
                const bool qa = a.insert[0] == '"', qb = b.insert[0] == '"';
                return qa != qb ? qb : lower(a.insert) < lower(b.insert);
            });
        for (auto& c : group) {
            if (out.candidates.size() >= limit) break;
            out.candidates.push_back(std::move(c));
        }
    }
    return out;
}

}  // namespace pgplay
