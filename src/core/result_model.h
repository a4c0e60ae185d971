// The query result model: what one run of a SQL script produced.
//
// Every backend (PGlite in a worker, PGlite in Node, libpq against a real server) fills these
// same structs, so the UI, the lesson checker and the tests never care where a result came from.
// Values are kept as PostgreSQL's text output, byte for byte, so nothing is lost to a float or a
// locale; SQL NULL is kept apart from the empty string.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgplay {

// One column of a result set, as RowDescription describes it.
struct Field {
    std::string name;
    uint32_t typeOid = 0;      // pg_type.oid of the column's type
    std::string typeName;      // "int4", "text", "numeric", an enum's name... ("" when unknown)
};

// Rows of one statement, stored compactly: one text blob plus an (offset, length) pair per cell.
// A cell is NULL when its length is -1. 100,000 rows of a few columns stay a few megabytes.
class RowSet {
public:
    size_t rowCount() const { return columnCount_ == 0 ? rows_ : cells_.size() / columnCount_; }
    size_t columnCount() const { return columnCount_; }
    void reset(size_t columnCount);

    // Appends one row; `cells` has columnCount() entries, std::nullopt for NULL.
    void addRow(const std::vector<std::optional<std::string_view>>& cells);
    // Streaming form used by decoders: addCell() columnCount() times per row.
    void addCell(std::optional<std::string_view> value);
    void addEmptyRow() { ++rows_; }   // a row of a zero-column result (SELECT FROM t)

    bool isNull(size_t row, size_t col) const;
    std::string_view text(size_t row, size_t col) const;   // "" for NULL; check isNull first
    std::optional<std::string_view> cell(size_t row, size_t col) const;

    size_t byteSize() const { return blob_.size() + cells_.size() * sizeof(CellRef); }

private:
    struct CellRef {
        uint32_t offset;
        int32_t length;   // -1 = SQL NULL
    };
    size_t columnCount_ = 0;
    size_t rows_ = 0;     // only used when columnCount_ == 0
    std::string blob_;
    std::vector<CellRef> cells_;
};

// The outcome of one statement of a script.
// A value the engine cut because it was longer than its per-value byte cap: the cell holds a
// prefix, and this says how long the whole value was.
struct CutValue {
    size_t row = 0;
    size_t column = 0;
    uint64_t fullBytes = 0;
};

struct StatementResult {
    std::string command;       // first word(s) of the command tag: "SELECT", "INSERT", "CREATE TABLE"
    std::string tag;           // the full command tag: "INSERT 0 3", "SELECT 2", "" for an empty query
    int64_t rowCount = 0;      // rows returned (SELECT) or affected (INSERT/UPDATE/DELETE/...)
    bool hasRowSet = false;    // true when the statement returns rows (even zero rows)
    std::vector<Field> fields;
    RowSet rows;
    bool truncated = false;    // more rows existed than the row cap; they were not fetched
    // Byte caps (web/pglite-runner.js): values cut to a prefix, in row order; and, when nonzero,
    // the bytes of rows after which the rest were dropped (truncated is then set too).
    std::vector<CutValue> cutValues;
    size_t rowsCutAtBytes = 0;
    const CutValue* cutValue(size_t row, size_t column) const;   // nullptr for a whole value
    size_t statementOffset = 0;   // byte offset of this statement in the script
    std::string statementText;    // the statement as sent (trimmed)
    char txStatusAfter = 'I';     // ReadyForQuery status after it: 'I' idle, 'T' in a block, 'E' failed block
    // What psql prints around a result (meta-commands, psql_meta.h): a title above the table
    // ("List of relations", "Table \"public.users\"") and footer lines below it, exactly as psql
    // prints them ("Indexes:", "    \"users_pkey\" PRIMARY KEY, btree (id)", "Time: 1.234 ms").
    std::string title;
    std::vector<std::string> footer;
    bool expanded = false;        // psql's \x was on: show each row as a record of column | value lines
};

// A PostgreSQL error (ErrorResponse), or one made up by pgplay itself (sqlstate starting "PG").
struct QueryError {
    std::string severity;      // "ERROR", "FATAL"
    std::string sqlstate;      // "42P01", "57014" (query_canceled), ...
    std::string message;
    std::string detail;
    std::string hint;
    // 1-based character (not byte) position in the whole script, 0 when none; like PostgreSQL's
    // own P field, but already shifted from the failing statement to the script the learner wrote.
    int position = 0;
    std::string context;       // where inside a function it happened, if anywhere
    size_t statementIndex = 0; // which statement of the script failed
};

// A NOTICE / WARNING / INFO the server sent while the script ran (RAISE NOTICE, implicit index...).
struct Notice {
    std::string severity;
    std::string sqlstate;
    std::string message;
    std::string detail;
    std::string hint;
};

// Everything one run of a script produced. Statements run in order and stop at the first error;
// `results` holds the statements that completed before it.
struct QueryResult {
    bool ok = true;
    double ms = 0;                       // wall time of the whole script, as the runner measured it
    std::vector<StatementResult> results;
    std::optional<QueryError> error;
    std::vector<Notice> notices;
    bool databaseChanged = false;        // the script wrote something (WAL moved); see state_journal
    std::string transactionStatus = "I"; // ReadyForQuery status after the run: I idle, T in block, E failed block
};

// Builds the result of a script that could not run at all, with a pgplay-made SQLSTATE.
QueryResult makeErrorResult(std::string sqlstate, std::string message, std::string hint = {});

// Some pgplay-made SQLSTATEs (PostgreSQL's own come from the server).
namespace sqlstate {
inline constexpr const char* kQueryCanceled = "57014";     // PostgreSQL's own, reused for Stop
inline constexpr const char* kNulInQuery = "PGNUL";        // the script contains a NUL byte
inline constexpr const char* kDatabaseUnavailable = "PGDWN"; // the database failed to start
inline constexpr const char* kProtocol = "PGPRO";          // a reply we could not decode
inline constexpr const char* kMetaCommand = "PGMET";      // a psql meta-command that psql would refuse
                                                           // (invalid command \foo, \d of nothing)
inline constexpr const char* kEngineFailed = "PGENG";      // the engine itself failed (not the SQL);
                                                           // it is restarted from what was committed
inline constexpr const char* kPgDump = "PGDMP";            // a pg_dump command line that cannot run, or
                                                           // pg_dump itself failed
}  // namespace sqlstate

// "23505 (unique_violation)" for the SQLSTATEs lessons and learners meet; just the code for others.
std::string describeSqlstate(const std::string& code);

}  // namespace pgplay
