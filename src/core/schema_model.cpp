// The schema browser's model, read from the system catalogs (see schema_model.h).
//
// The catalog script is plain SQL with flat, one-value-per-column results: no arrays or JSON to
// re-parse, so any runner (PGlite over the wire, libpq) returns text the parser below can take
// as is. Every statement filters relations the same way: ordinary tables, views, materialized
// views and partitioned tables outside pg_catalog, information_schema and the other pg_* schemas
// (TOAST, other sessions' temp schemas), but including the session's own temp tables.
#include "schema_model.h"

#include <algorithm>
#include <cstdlib>
#include <unordered_map>

namespace pgplay {

namespace {

// Each statement's result shape; parseSchemaResult() checks these column counts.
enum Statement { kTables, kColumns, kForeignKeys, kIndexes, kUserTypes, kFunctions, kStatementCount };
constexpr size_t kColumnCounts[kStatementCount] = {5, 8, 8, 5, 2, 4};

const char* const kCatalogScript = R"SQL(
SELECT c.oid, n.nspname, c.relname, c.relkind,
       CASE WHEN c.relkind IN ('r', 'm', 'p') THEN c.reltuples::bigint ELSE -1 END
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'v', 'm', 'p')
  AND (n.nspname !~ '^pg_' OR n.oid = pg_my_temp_schema())
  AND n.nspname <> 'information_schema'
ORDER BY n.nspname, c.relname;

SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       a.attidentity, a.attgenerated, pg_get_expr(d.adbin, d.adrelid),
       EXISTS (SELECT 1 FROM pg_index pk
               WHERE pk.indrelid = a.attrelid AND pk.indisprimary AND a.attnum = ANY (pk.indkey))
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE c.relkind IN ('r', 'v', 'm', 'p')
  AND (n.nspname !~ '^pg_' OR n.oid = pg_my_temp_schema())
  AND n.nspname <> 'information_schema'
  AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum;

SELECT con.conrelid, con.conname, k.ord, a.attname, ra.attname,
       CASE WHEN rn.nspname = 'public' THEN r.relname::text ELSE rn.nspname || '.' || r.relname END,
       con.confdeltype, con.confupdtype
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_class r ON r.oid = con.confrelid
JOIN pg_namespace rn ON rn.oid = r.relnamespace
CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, refattnum, ord)
JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refattnum
WHERE con.contype = 'f'
  AND (n.nspname !~ '^pg_' OR n.oid = pg_my_temp_schema())
  AND n.nspname <> 'information_schema'
ORDER BY con.conrelid, con.conname, k.ord;

SELECT i.indrelid, ic.relname, pg_get_indexdef(i.indexrelid), i.indisunique, i.indisprimary
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE (n.nspname !~ '^pg_' OR n.oid = pg_my_temp_schema())
  AND n.nspname <> 'information_schema'
ORDER BY i.indrelid, i.indisprimary DESC, ic.relname;

SELECT t.oid, t.typname
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typcategory = 'A'
LEFT JOIN pg_class ec ON ec.oid = e.typrelid
LEFT JOIN pg_class tc ON tc.oid = t.typrelid
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (t.typtype IN ('e', 'd', 'r', 'm') OR (t.typtype = 'c' AND tc.relkind = 'c')
       OR e.typtype IN ('e', 'd', 'r', 'm') OR (e.typtype = 'c' AND ec.relkind = 'c'))
ORDER BY t.oid;

SELECT n.nspname, p.proname, pg_get_function_arguments(p.oid), coalesce(pg_get_function_result(p.oid), '')
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE (n.nspname !~ '^pg_' OR n.oid = pg_my_temp_schema())
  AND n.nspname <> 'information_schema'
ORDER BY n.nspname, p.proname, p.oid
)SQL";

// Values as PostgreSQL prints them; a NULL reads as "" (the catalog script never relies on NULL
// except for "no default").
std::string textAt(const RowSet& rows, size_t row, size_t col) {
    return std::string(rows.text(row, col));
}

bool boolAt(const RowSet& rows, size_t row, size_t col) {
    return rows.text(row, col) == "t";
}

int64_t intAt(const RowSet& rows, size_t row, size_t col) {
    std::string s = textAt(rows, row, col);
    return std::strtoll(s.c_str(), nullptr, 10);
}

uint32_t oidAt(const RowSet& rows, size_t row, size_t col) {
    std::string s = textAt(rows, row, col);
    return static_cast<uint32_t>(std::strtoul(s.c_str(), nullptr, 10));
}

std::string relkindName(std::string_view relkind) {
    if (relkind == "r") return "table";
    if (relkind == "v") return "view";
    if (relkind == "m") return "materialized view";
    if (relkind == "p") return "partitioned table";
    return std::string(relkind);
}

// pg_constraint.confdeltype / confupdtype codes, as the clause reads in SQL.
std::string foreignKeyAction(std::string_view code) {
    if (code == "a") return "NO ACTION";
    if (code == "r") return "RESTRICT";
    if (code == "c") return "CASCADE";
    if (code == "n") return "SET NULL";
    if (code == "d") return "SET DEFAULT";
    return std::string(code);
}

std::string columnDefault(const RowSet& rows, size_t row) {
    std::string_view identity = rows.text(row, 4);
    if (identity == "a") return "generated always as identity";
    if (identity == "d") return "generated by default as identity";
    std::string expr = textAt(rows, row, 6);
    if (rows.text(row, 5) == "s" && !expr.empty()) return "generated always as (" + expr + ") stored";
    return expr;
}

}  // namespace

const std::string& schemaQuerySql() {
    static const std::string sql(kCatalogScript);
    return sql;
}

bool parseSchemaResult(const QueryResult& result, SchemaSnapshot& out) {
    if (!result.ok || result.results.size() != kStatementCount) return false;
    for (size_t s = 0; s < kStatementCount; ++s) {
        const StatementResult& r = result.results[s];
        if (!r.hasRowSet || r.rows.columnCount() != kColumnCounts[s]) return false;
    }

    SchemaSnapshot snapshot;
    std::unordered_map<uint32_t, size_t> tableIndex;   // pg_class oid -> snapshot.tables slot

    const RowSet& tables = result.results[kTables].rows;
    snapshot.tables.reserve(tables.rowCount());
    for (size_t i = 0; i < tables.rowCount(); ++i) {
        TableInfo t;
        t.schema = textAt(tables, i, 1);
        t.name = textAt(tables, i, 2);
        t.kind = relkindName(tables.text(i, 3));
        t.estimatedRows = tables.isNull(i, 4) ? -1 : intAt(tables, i, 4);
        if (t.estimatedRows < -1) t.estimatedRows = -1;
        tableIndex[oidAt(tables, i, 0)] = snapshot.tables.size();
        snapshot.tables.push_back(std::move(t));
    }

    const RowSet& columns = result.results[kColumns].rows;
    for (size_t i = 0; i < columns.rowCount(); ++i) {
        auto it = tableIndex.find(oidAt(columns, i, 0));
        if (it == tableIndex.end()) continue;   // created between two statements of the script
        ColumnInfo c;
        c.name = textAt(columns, i, 1);
        c.type = textAt(columns, i, 2);
        c.notNull = boolAt(columns, i, 3);
        c.defaultExpr = columnDefault(columns, i);
        c.primaryKey = boolAt(columns, i, 7);
        snapshot.tables[it->second].columns.push_back(std::move(c));
    }

    // One row per (constraint, column pair); rows of a constraint are adjacent and in key order.
    const RowSet& fks = result.results[kForeignKeys].rows;
    for (size_t i = 0; i < fks.rowCount(); ++i) {
        auto it = tableIndex.find(oidAt(fks, i, 0));
        if (it == tableIndex.end()) continue;
        std::vector<ForeignKeyInfo>& list = snapshot.tables[it->second].foreignKeys;
        std::string name = textAt(fks, i, 1);
        if (list.empty() || list.back().name != name || intAt(fks, i, 2) == 1) {
            ForeignKeyInfo fk;
            fk.name = std::move(name);
            fk.refTable = textAt(fks, i, 5);
            fk.onDelete = foreignKeyAction(fks.text(i, 6));
            fk.onUpdate = foreignKeyAction(fks.text(i, 7));
            list.push_back(std::move(fk));
        }
        list.back().columns.push_back(textAt(fks, i, 3));
        list.back().refColumns.push_back(textAt(fks, i, 4));
    }

    const RowSet& indexes = result.results[kIndexes].rows;
    for (size_t i = 0; i < indexes.rowCount(); ++i) {
        auto it = tableIndex.find(oidAt(indexes, i, 0));
        if (it == tableIndex.end()) continue;
        IndexInfo idx;
        idx.name = textAt(indexes, i, 1);
        idx.definition = textAt(indexes, i, 2);
        idx.unique = boolAt(indexes, i, 3);
        idx.primary = boolAt(indexes, i, 4);
        snapshot.tables[it->second].indexes.push_back(std::move(idx));
    }

    const RowSet& types = result.results[kUserTypes].rows;
    snapshot.userTypes.reserve(types.rowCount());
    for (size_t i = 0; i < types.rowCount(); ++i)
        snapshot.userTypes.emplace_back(oidAt(types, i, 0), textAt(types, i, 1));

    const RowSet& functions = result.results[kFunctions].rows;
    snapshot.functions.reserve(functions.rowCount());
    for (size_t i = 0; i < functions.rowCount(); ++i)
        snapshot.functions.push_back({textAt(functions, i, 0), textAt(functions, i, 1), textAt(functions, i, 2),
                                      textAt(functions, i, 3)});

    std::stable_sort(snapshot.tables.begin(), snapshot.tables.end(), [](const TableInfo& a, const TableInfo& b) {
        return a.schema != b.schema ? a.schema < b.schema : a.name < b.name;
    });
    out = std::move(snapshot);
    return true;
}

bool commandChangesSchema(const std::string& command) {
    auto startsWithWord = [&](std::string_view word) {
        return command.compare(0, word.size(), word) == 0 &&
               (command.size() == word.size() || command[word.size()] == ' ');
    };
    // DO and CALL run arbitrary code, DDL included. ROLLBACK can undo a CREATE made earlier in
    // the transaction. ANALYZE and VACUUM refresh the row estimates the browser shows.
    for (const char* word : {"CREATE", "ALTER", "DROP", "COMMENT", "DO", "CALL", "ROLLBACK", "ANALYZE", "VACUUM"})
        if (startsWithWord(word)) return true;
    return false;
}

}  // namespace pgplay
