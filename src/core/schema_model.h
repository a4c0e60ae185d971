// The learner's schema as the schema browser shows it: tables (and views) of user schemas with
// their columns, primary key, foreign keys (with ON DELETE / ON UPDATE actions) and indexes.
// Read from the catalogs with one query whose result is parsed here, so it works the same on
// PGlite and on a real server.
#pragma once

#include <string>
#include <vector>

#include "result_model.h"

namespace pgplay {

struct ColumnInfo {
    std::string name;
    std::string type;        // format_type(): "integer", "character varying(80)", "task_status"
    bool notNull = false;
    bool primaryKey = false;
    std::string defaultExpr; // "" when none; identity columns show "generated always as identity"
};

struct ForeignKeyInfo {
    std::string name;
    std::vector<std::string> columns;
    std::string refTable;    // schema-qualified unless in public
    std::vector<std::string> refColumns;
    std::string onDelete;    // "NO ACTION", "CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT"
    std::string onUpdate;
};

struct IndexInfo {
    std::string name;
    std::string definition;  // pg_get_indexdef(): "CREATE UNIQUE INDEX ... USING btree (email)"
    bool unique = false;
    bool primary = false;
};

struct TableInfo {
    std::string schema;
    std::string name;
    std::string kind;        // "table", "view", "materialized view", "partitioned table"
    std::vector<ColumnInfo> columns;
    std::vector<ForeignKeyInfo> foreignKeys;
    std::vector<IndexInfo> indexes;
    int64_t estimatedRows = -1;   // reltuples, -1 when never analyzed
};

// A function or procedure the learner (or an extension) defined, for the editor's completion.
struct FunctionInfo {
    std::string schema;
    std::string name;
    std::string arguments;   // pg_get_function_arguments(): "a integer, b integer"
    std::string result;      // pg_get_function_result(): "integer", "trigger", "" for a procedure
};

struct SchemaSnapshot {
    std::vector<TableInfo> tables;   // sorted by schema, then name
    std::vector<std::pair<uint32_t, std::string>> userTypes;  // (oid, name) of enums/domains/composites
    std::vector<FunctionInfo> functions;   // outside pg_catalog and information_schema, by schema and name
};

// The catalog script to run (internal run, may contain several statements).
const std::string& schemaQuerySql();
// Parses that script's QueryResult. Returns false (and leaves `out` alone) on an error result.
bool parseSchemaResult(const QueryResult& result, SchemaSnapshot& out);

// True when a statement's command tag means the schema may have changed (CREATE, ALTER, DROP,
// COMMENT, TRUNCATE is not, ...). The UI refreshes the browser after such runs.
bool commandChangesSchema(const std::string& command);

}  // namespace pgplay
