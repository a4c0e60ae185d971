// psql meta-commands: reading the line, the list queries, the client-side actions, and making
// the answers one result (see psql_meta.h). \d NAME has a file of its own: psql_describe.cpp.
//
// The queries are pgplay's own, written to give what psql 15 prints (its output and `psql -E`
// are the reference): the same column names and order, the same filters (what the search path
// finds, no system schemas unless S or a pattern), the same sort. They avoid catalog columns that
// differ between PostgreSQL 15 and 17, or read them through to_jsonb(row), which tolerates a
// column that is missing or renamed (pg_database.daticulocale became datlocale in 17).
//
// Index of this file:
// [SECTION] Reading the line
// [SECTION] List queries
// [SECTION] Assembling
// [SECTION] Display settings (\x, \timing)
#include "psql_meta.h"

#include <cstdio>

#include "psql_describe.h"
#include "psql_pattern.h"
#include "text_util.h"

namespace pgplay {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Reading the line
//-----------------------------------------------------------------------------

// The arguments after the command word: split at blanks; double quotes stay in (patterns give
// them meaning), single quotes are taken away as psql does for plain arguments.
std::vector<std::string> splitArguments(std::string_view text) {
    std::vector<std::string> args;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && isAsciiSpace(text[i])) ++i;
        if (i >= text.size()) break;
        std::string arg;
        char quote = 0;
        for (; i < text.size(); ++i) {
            const char c = text[i];
            if (quote == '\'') {
                if (c == '\'') {
                    if (i + 1 < text.size() && text[i + 1] == '\'') {
                        arg += '\'';
                        ++i;
                    } else {
                        quote = 0;
                    }
                } else {
                    arg += c;
                }
                continue;
            }
            if (quote == '"') {
                if (c == '"') quote = 0;
                arg += c;
                continue;
            }
            if (isAsciiSpace(c)) break;
            if (c == '\'') {
                quote = c;
            } else {
                if (c == '"') quote = c;
                arg += c;
            }
        }
        // psql drops semicolons at the end of an argument ("\d users;"), so a line written
        // like SQL still works; one that was only a semicolon is no argument at all.
        while (!arg.empty() && arg.back() == ';') arg.pop_back();
        if (!arg.empty()) args.push_back(std::move(arg));
    }
    return args;
}

QueryError metaError(std::string message, std::string hint = {}) {
    QueryError e;
    e.severity = "ERROR";
    e.sqlstate = sqlstate::kMetaCommand;
    e.message = std::move(message);
    e.hint = std::move(hint);
    e.position = 1;   // the backslash: the editor marks the line
    return e;
}

// psql's boolean words for \x and \timing: "on", "off", and the usual spellings (any unique prefix
// of true/false/yes/no/on/off, and 1/0).
std::optional<bool> parseBool(std::string word) {
    for (char& c : word) c = lowerAscii(c);
    if (word.empty()) return std::nullopt;
    auto prefixOf = [&](std::string_view full) { return full.compare(0, word.size(), word) == 0; };
    if (word == "1" || prefixOf("true") || prefixOf("yes")) return true;
    if (word == "0" || prefixOf("false") || (word.size() >= 2 && prefixOf("off"))) return false;
    if (word.size() >= 2 && prefixOf("on")) return true;
    if (word == "no" || word == "n") return false;
    return std::nullopt;
}

std::string listRelationsQuery(const MetaPlan& p);
std::string listFunctionsQuery(const MetaPlan& p);
std::string listSchemasQuery(const MetaPlan& p);
std::string listTypesQuery(const MetaPlan& p);
std::string listRolesQuery(const MetaPlan& p);
std::string listDatabasesQuery(const MetaPlan& p);
std::string listExtensionsQuery(const MetaPlan& p);

// "dt+S" -> base "dt", plus, system. psql takes S and + in any order after the letters.
std::string stripModifiers(std::string word, bool& plus, bool& system) {
    while (word.size() > 1 && (word.back() == '+' || word.back() == 'S')) {
        (word.back() == '+' ? plus : system) = true;
        word.pop_back();
    }
    return word;
}

}  // namespace

MetaPlan planMetaCommand(std::string_view line) {
    MetaPlan plan;
    size_t i = line.empty() || line[0] != '\\' ? 0 : 1;
    const size_t wordStart = i;
    while (i < line.size() && !isAsciiSpace(line[i]) && line[i] != '"' && line[i] != '\'') ++i;
    std::string word(line.substr(wordStart, i - wordStart));
    while (word.size() > 1 && word.back() == ';') word.pop_back();   // "\dt;" as psql reads it
    plan.command = "\\" + word;
    const std::vector<std::string> args = splitArguments(line.substr(i));
    const std::string firstArg = args.empty() ? std::string() : args[0];

    bool plus = false, system = false;
    const std::string base = stripModifiers(word, plus, system);
    plan.plus = plus;
    plan.system = system;

    if (word == "?") {
        plan.kind = MetaKind::Help;
    } else if (word == "x") {
        plan.kind = MetaKind::Expanded;
        if (!firstArg.empty()) {
            std::string lower = firstArg;
            for (char& c : lower) c = lowerAscii(c);
            if (lower == "auto") {
                plan.autoExpanded = true;
            } else if (std::optional<bool> b = parseBool(firstArg)) {
                plan.setting = b;
            } else {
                plan.kind = MetaKind::Invalid;
                plan.error = metaError("unrecognized value \"" + firstArg + "\" for \"\\x\": Boolean expected");
            }
        }
    } else if (word == "timing") {
        plan.kind = MetaKind::Timing;
        if (!firstArg.empty()) {
            if (std::optional<bool> b = parseBool(firstArg)) {
                plan.setting = b;
            } else {
                plan.kind = MetaKind::Invalid;
                plan.error = metaError("unrecognized value \"" + firstArg + "\" for \"\\timing\": Boolean expected");
            }
        }
    } else if (word == "conninfo") {
        plan.kind = MetaKind::ConnInfo;
    } else if (base == "l" || base == "list") {
        plan.kind = MetaKind::ListDatabases;
    } else if (base == "d") {
        plan.kind = firstArg.empty() ? MetaKind::ListRelations : MetaKind::Describe;
        plan.relationKinds = "tvmsE";
    } else if (base == "df") {
        plan.kind = MetaKind::ListFunctions;
    } else if (base == "dn") {
        plan.kind = MetaKind::ListSchemas;
    } else if (base == "dT") {
        plan.kind = MetaKind::ListTypes;
    } else if (base == "du" || base == "dg") {
        plan.kind = MetaKind::ListRoles;
    } else if (base == "dx") {
        plan.kind = MetaKind::ListExtensions;
    } else if (base.size() > 1 && base[0] == 'd' && base.find_first_not_of("tivmsE", 1) == std::string::npos) {
        plan.kind = MetaKind::ListRelations;
        plan.relationKinds = base.substr(1);
    } else {
        plan.kind = MetaKind::Invalid;
        plan.error = metaError("invalid command " + plan.command, "Try \\? for help.");
        return plan;
    }
    plan.pattern = firstArg;
    if (!plan.pattern.empty() && translatePsqlPattern(plan.pattern).tooManyDots) {
        plan.kind = MetaKind::Invalid;
        plan.error = metaError("improper qualified name (too many dotted names): " + plan.pattern);
        return plan;
    }

    switch (plan.kind) {
        case MetaKind::ListRelations: plan.queries = {listRelationsQuery(plan)}; break;
        case MetaKind::Describe: plan.queries = describeQueries(plan.pattern); break;
        case MetaKind::ListFunctions: plan.queries = {listFunctionsQuery(plan)}; break;
        case MetaKind::ListSchemas: plan.queries = {listSchemasQuery(plan)}; break;
        case MetaKind::ListTypes: plan.queries = {listTypesQuery(plan)}; break;
        case MetaKind::ListRoles: plan.queries = {listRolesQuery(plan)}; break;
        case MetaKind::ListDatabases: plan.queries = {listDatabasesQuery(plan)}; break;
        case MetaKind::ListExtensions: plan.queries = {listExtensionsQuery(plan)}; break;
        case MetaKind::ConnInfo:
            // PGlite has no socket: inet_server_addr() is NULL there, and the answer says so.
            plan.queries = {"SELECT pg_catalog.current_database(), current_user, "
                            "pg_catalog.host(pg_catalog.inet_server_addr()), pg_catalog.inet_server_port()"};
            break;
        default: break;
    }
    return plan;
}

namespace {

//-----------------------------------------------------------------------------
// [SECTION] List queries
//-----------------------------------------------------------------------------

// psql leaves the system schemas out unless asked for them (S) or named by a pattern.
std::string hideSystemSchemas(const MetaPlan& p, const char* column, bool toast = false) {
    if (p.system || !p.pattern.empty()) return {};
    std::string out = std::string("\n  AND ") + column + " <> 'pg_catalog'";
    if (toast) out += std::string("\n  AND ") + column + " !~ '^pg_toast'";
    return out + std::string("\n  AND ") + column + " <> 'information_schema'";
}

std::string listRelationsQuery(const MetaPlan& p) {
    const std::string& k = p.relationKinds;
    auto has = [&](char c) { return k.find(c) != std::string::npos; };
    const bool tables = has('t'), indexes = has('i'), views = has('v'), matviews = has('m'), sequences = has('s'),
               foreign = has('E');
    std::string sql =
        "SELECT n.nspname AS \"Schema\",\n"
        "  c.relname AS \"Name\",\n"
        "  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'"
        " WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table'"
        " WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END AS \"Type\",\n"
        "  pg_catalog.pg_get_userbyid(c.relowner) AS \"Owner\"";
    if (indexes) sql += ",\n  c2.relname AS \"Table\"";
    if (p.plus) {
        sql += ",\n  CASE c.relpersistence WHEN 'p' THEN 'permanent' WHEN 't' THEN 'temporary' WHEN 'u' THEN 'unlogged' END"
               " AS \"Persistence\"";
        if (tables || matviews || indexes) sql += ",\n  am.amname AS \"Access method\"";
        sql += ",\n  pg_catalog.pg_size_pretty(pg_catalog.pg_table_size(c.oid)) AS \"Size\""
               ",\n  pg_catalog.obj_description(c.oid, 'pg_class') AS \"Description\"";
    }
    sql += "\nFROM pg_catalog.pg_class c"
           "\n  LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace";
    if (p.plus) sql += "\n  LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam";
    if (indexes)
        sql += "\n  LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid"
               "\n  LEFT JOIN pg_catalog.pg_class c2 ON i.indrelid = c2.oid";
    std::string kinds;
    if (tables) kinds += "'r','p',";
    if (views) kinds += "'v',";
    if (matviews) kinds += "'m',";
    if (indexes) kinds += "'i','I',";
    if (sequences) kinds += "'S',";
    if (p.system || !p.pattern.empty()) kinds += "'t',";   // TOAST tables only when asked for
    if (foreign) kinds += "'f',";
    sql += "\nWHERE c.relkind IN (" + kinds + "'')";
    sql += hideSystemSchemas(p, "n.nspname", true);
    sql += psqlPatternCondition(p.pattern, "n.nspname", "c.relname", "pg_catalog.pg_table_is_visible(c.oid)");
    return sql + "\nORDER BY 1, 2";
}

std::string listFunctionsQuery(const MetaPlan& p) {
    std::string sql =
        "SELECT n.nspname AS \"Schema\",\n"
        "  p.proname AS \"Name\",\n"
        "  pg_catalog.pg_get_function_result(p.oid) AS \"Result data type\",\n"
        "  pg_catalog.pg_get_function_arguments(p.oid) AS \"Argument data types\",\n"
        "  CASE p.prokind WHEN 'a' THEN 'agg' WHEN 'w' THEN 'window' WHEN 'p' THEN 'proc' ELSE 'func' END AS \"Type\"\n"
        "FROM pg_catalog.pg_proc p\n"
        "  LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace\n"
        "WHERE true";
    sql += hideSystemSchemas(p, "n.nspname");
    sql += psqlPatternCondition(p.pattern, "n.nspname", "p.proname", "pg_catalog.pg_function_is_visible(p.oid)");
    return sql + "\nORDER BY 1, 2, 4";
}

std::string listSchemasQuery(const MetaPlan& p) {
    std::string sql =
        "SELECT n.nspname AS \"Name\",\n"
        "  pg_catalog.pg_get_userbyid(n.nspowner) AS \"Owner\"";
    if (p.plus)
        sql += ",\n  pg_catalog.array_to_string(n.nspacl, E'\\n') AS \"Access privileges\""
               ",\n  pg_catalog.obj_description(n.oid, 'pg_namespace') AS \"Description\"";
    sql += "\nFROM pg_catalog.pg_namespace n\nWHERE true";
    if (!p.system && p.pattern.empty()) sql += "\n  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'";
    // A schema pattern is a name pattern for \dn: "public" or "pub*".
    sql += psqlPatternCondition(p.pattern, "", "n.nspname", "");
    return sql + "\nORDER BY 1";
}

std::string listTypesQuery(const MetaPlan& p) {
    std::string sql =
        "SELECT n.nspname AS \"Schema\",\n"
        "  pg_catalog.format_type(t.oid, NULL) AS \"Name\",\n"
        "  pg_catalog.obj_description(t.oid, 'pg_type') AS \"Description\"\n"
        "FROM pg_catalog.pg_type t\n"
        "  LEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n"
        // Not the row types of tables and views (only free-standing composite types), not arrays.
        "WHERE (t.typrelid = 0 OR (SELECT c.relkind = 'c' FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid))\n"
        "  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type el WHERE el.oid = t.typelem AND el.typarray = t.oid)";
    sql += hideSystemSchemas(p, "n.nspname");
    sql += psqlPatternCondition(p.pattern, "n.nspname", "t.typname", "pg_catalog.pg_type_is_visible(t.oid)",
                                "pg_catalog.format_type(t.oid, NULL)");
    return sql + "\nORDER BY 1, 2";
}

// The Attributes column is put together in SQL, in psql's order and words.
std::string listRolesQuery(const MetaPlan& p) {
    std::string sql =
        "SELECT r.rolname AS \"Role name\",\n"
        "  pg_catalog.concat_ws(E'\\n',\n"
        "    NULLIF(pg_catalog.concat_ws(', ',\n"
        "      CASE WHEN r.rolsuper THEN 'Superuser' END,\n"
        "      CASE WHEN NOT r.rolinherit THEN 'No inheritance' END,\n"
        "      CASE WHEN r.rolcreaterole THEN 'Create role' END,\n"
        "      CASE WHEN r.rolcreatedb THEN 'Create DB' END,\n"
        "      CASE WHEN NOT r.rolcanlogin THEN 'Cannot login' END,\n"
        "      CASE WHEN r.rolreplication THEN 'Replication' END,\n"
        "      CASE WHEN r.rolbypassrls THEN 'Bypass RLS' END), ''),\n"
        "    CASE WHEN r.rolconnlimit = 0 THEN 'No connections'\n"
        "         WHEN r.rolconnlimit = 1 THEN '1 connection'\n"
        "         WHEN r.rolconnlimit > 1 THEN r.rolconnlimit || ' connections' END,\n"
        "    CASE WHEN r.rolvaliduntil IS NOT NULL THEN 'Password valid until ' || r.rolvaliduntil END)"
        " AS \"Attributes\",\n"
        "  ARRAY(SELECT b.rolname FROM pg_catalog.pg_auth_members m\n"
        "        JOIN pg_catalog.pg_roles b ON m.roleid = b.oid WHERE m.member = r.oid) AS \"Member of\"";
    if (p.plus) sql += ",\n  pg_catalog.shobj_description(r.oid, 'pg_authid') AS \"Description\"";
    sql += "\nFROM pg_catalog.pg_roles r\nWHERE true";
    if (!p.system && p.pattern.empty()) sql += "\n  AND r.rolname !~ '^pg_'";
    sql += psqlPatternCondition(p.pattern, "", "r.rolname", "");
    return sql + "\nORDER BY 1";
}

std::string listDatabasesQuery(const MetaPlan& p) {
    // ICU Locale and Locale Provider as psql 15 shows them; the column that holds the locale is
    // daticulocale in 15 and 16 and datlocale from 17 on, so it is read by name from the row.
    std::string sql =
        "SELECT d.datname AS \"Name\",\n"
        "  pg_catalog.pg_get_userbyid(d.datdba) AS \"Owner\",\n"
        "  pg_catalog.pg_encoding_to_char(d.encoding) AS \"Encoding\",\n"
        "  d.datcollate AS \"Collate\",\n"
        "  d.datctype AS \"Ctype\",\n"
        "  COALESCE(pg_catalog.to_jsonb(d) ->> 'daticulocale', pg_catalog.to_jsonb(d) ->> 'datlocale') AS \"ICU Locale\",\n"
        "  CASE pg_catalog.to_jsonb(d) ->> 'datlocprovider' WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu'"
        " WHEN 'b' THEN 'builtin' END AS \"Locale Provider\",\n"
        "  pg_catalog.array_to_string(d.datacl, E'\\n') AS \"Access privileges\"";
    if (p.plus)
        sql += ",\n  CASE WHEN pg_catalog.has_database_privilege(d.datname, 'CONNECT')"
               " THEN pg_catalog.pg_size_pretty(pg_catalog.pg_database_size(d.datname)) ELSE 'No Access' END AS \"Size\""
               ",\n  t.spcname AS \"Tablespace\""
               ",\n  pg_catalog.shobj_description(d.oid, 'pg_database') AS \"Description\"";
    sql += "\nFROM pg_catalog.pg_database d";
    if (p.plus) sql += "\n  JOIN pg_catalog.pg_tablespace t ON d.dattablespace = t.oid";
    sql += "\nWHERE true";
    sql += psqlPatternCondition(p.pattern, "", "d.datname", "");
    return sql + "\nORDER BY 1";
}

std::string listExtensionsQuery(const MetaPlan& p) {
    std::string sql =
        "SELECT e.extname AS \"Name\",\n"
        "  e.extversion AS \"Version\",\n"
        "  n.nspname AS \"Schema\",\n"
        "  pg_catalog.obj_description(e.oid, 'pg_extension') AS \"Description\"\n"
        "FROM pg_catalog.pg_extension e\n"
        "  LEFT JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace\n"
        "WHERE true";
    sql += psqlPatternCondition(p.pattern, "", "e.extname", "");
    return sql + "\nORDER BY 1";
}

//-----------------------------------------------------------------------------
// [SECTION] Assembling
//-----------------------------------------------------------------------------

const char* listTitle(MetaKind kind) {
    switch (kind) {
        case MetaKind::ListRelations: return "List of relations";
        case MetaKind::ListFunctions: return "List of functions";
        case MetaKind::ListSchemas: return "List of schemas";
        case MetaKind::ListTypes: return "List of data types";
        case MetaKind::ListRoles: return "List of roles";
        case MetaKind::ListDatabases: return "List of databases";
        case MetaKind::ListExtensions: return "List of installed extensions";
        default: return "";
    }
}

// What psql says when a list comes back empty (it prints no table then).
std::string emptyListMessage(const MetaPlan& p) {
    auto named = [&](const char* what) { return std::string("Did not find any ") + what + " named \"" + p.pattern + "\"."; };
    switch (p.kind) {
        case MetaKind::ListRelations:
            // psql 15 says "relation" whichever kinds were asked for.
            return p.pattern.empty() ? "Did not find any relations." : named("relation");
        default: return {};
    }
}

StatementResult clientResult(const MetaPlan& plan, std::string tag) {
    StatementResult r;
    r.command = plan.command;
    r.tag = std::move(tag);
    return r;
}

StatementResult helpResult(const MetaPlan& plan) {
    static const char* const kHelp[][2] = {
        {"\\d[S+]", "list tables, views, sequences and foreign tables"},
        {"\\d[S+] NAME", "describe a table, view, sequence or index: columns, then indexes and constraints"},
        {"\\dt[S+] [PATTERN]", "list tables"},
        {"\\di[S+] [PATTERN]", "list indexes"},
        {"\\dv[S+] [PATTERN]", "list views"},
        {"\\dm[S+] [PATTERN]", "list materialized views"},
        {"\\ds[S+] [PATTERN]", "list sequences"},
        {"\\dE[S+] [PATTERN]", "list foreign tables"},
        {"\\df[S+] [PATTERN]", "list functions and procedures"},
        {"\\dn[S+] [PATTERN]", "list schemas"},
        {"\\dT[S+] [PATTERN]", "list data types"},
        {"\\du[S+] [PATTERN]", "list roles"},
        {"\\l[+] [PATTERN]", "list databases"},
        {"\\dx[+] [PATTERN]", "list installed extensions"},
        {"\\x [on|off|auto]", "toggle expanded output: each row as a record of column | value lines"},
        {"\\timing [on|off]", "toggle showing how long statements took"},
        {"\\conninfo", "information about the current connection"},
        {"\\?", "this list"},
    };
    StatementResult r = clientResult(plan, "");
    r.title = "psql meta-commands pgplay understands";
    r.fields = {Field{"Command", 25, "text"}, Field{"Description", 25, "text"}};
    r.hasRowSet = true;
    r.rows.reset(2);
    for (const auto& row : kHelp) r.rows.addRow({std::string_view(row[0]), std::string_view(row[1])});
    r.rowCount = static_cast<int64_t>(r.rows.rowCount());
    r.tag = plan.command;
    r.footer = {"PATTERN: a name, * for any text, ? for one character, schema.name for another schema;",
                "S adds system objects, + more columns. A meta-command runs to the end of its line."};
    return r;
}

std::string connInfoText(const StatementResult& part) {
    if (part.rows.rowCount() < 1 || part.rows.columnCount() < 4) return "You are connected.";
    const std::string db(part.rows.text(0, 0)), user(part.rows.text(0, 1));
    std::string out = "You are connected to database \"" + db + "\" as user \"" + user + "\"";
    if (part.rows.isNull(0, 2)) return out + " in PGlite (PostgreSQL compiled to WebAssembly, with no server to connect to).";
    return out + " on host \"" + std::string(part.rows.text(0, 2)) + "\" at port \"" + std::string(part.rows.text(0, 3)) +
           "\".";
}

}  // namespace

MetaOutcome assembleMetaResult(const MetaPlan& plan, const std::vector<StatementResult>& parts) {
    MetaOutcome out;
    if (plan.kind == MetaKind::Invalid) {
        out.error = plan.error;
        return out;
    }
    if (parts.size() < plan.queries.size()) {
        QueryError e = metaError("the catalog queries of " + plan.command + " did not all answer");
        out.error = e;
        return out;
    }
    switch (plan.kind) {
        case MetaKind::Expanded:
            out.result = clientResult(plan, plan.autoExpanded ? "Expanded display is used automatically."
                                            : plan.setting.value_or(true) ? "Expanded display is on."
                                                                          : "Expanded display is off.");
            return out;
        case MetaKind::Timing:
            out.result = clientResult(plan, plan.setting.value_or(true) ? "Timing is on." : "Timing is off.");
            return out;
        case MetaKind::Help:
            out.result = helpResult(plan);
            return out;
        case MetaKind::ConnInfo:
            out.result = clientResult(plan, connInfoText(parts[0]));
            return out;
        case MetaKind::Describe:
            return assembleDescribe(plan, parts);
        default: break;
    }
    // A list: the query's own rows and columns, under psql's title.
    StatementResult r = parts[0];
    r.command = plan.command;
    r.title = listTitle(plan.kind);
    r.rowCount = static_cast<int64_t>(r.rows.rowCount());
    r.tag = plan.command;
    if (r.rows.rowCount() == 0) {
        const std::string message = emptyListMessage(plan);
        if (!message.empty()) {
            // psql prints only the sentence: no empty table under it.
            StatementResult empty = clientResult(plan, message);
            out.result = std::move(empty);
            return out;
        }
    }
    out.result = std::move(r);
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Display settings (\x, \timing)
//-----------------------------------------------------------------------------

void PsqlDisplay::apply(QueryResult& run) {
    StatementResult* lastSql = nullptr;
    for (StatementResult& s : run.results) {
        if (s.command == "\\x") {
            const MetaPlan plan = planMetaCommand(s.statementText);
            if (plan.autoExpanded) {
                // The grid scrolls sideways instead: "auto" shows results the usual way.
                expanded = false;
                continue;
            }
            expanded = plan.setting.value_or(!expanded);
            s.tag = expanded ? "Expanded display is on." : "Expanded display is off.";
            continue;
        }
        if (s.command == "\\timing") {
            const MetaPlan plan = planMetaCommand(s.statementText);
            timing = plan.setting.value_or(!timing);
            if (!timing) lastSql = nullptr;
            s.tag = timing ? "Timing is on." : "Timing is off.";
            continue;
        }
        if (s.hasRowSet && expanded) s.expanded = true;
        if (!isMetaResult(s) && timing) lastSql = &s;
    }
    if (timing && lastSql) {
        // pgplay times the whole run, not each statement: with several, the line says so.
        char line[96];
        size_t sqlCount = 0;
        for (const StatementResult& s : run.results) sqlCount += isMetaResult(s) ? 0 : 1;   // the run's time covers them all
        if (sqlCount == 1)
            std::snprintf(line, sizeof line, "Time: %.3f ms", run.ms);
        else
            std::snprintf(line, sizeof line, "Time: %.3f ms (the whole run of %zu statements)", run.ms, sqlCount);
        lastSql->footer.emplace_back(line);
    }
}

}  // namespace pgplay
