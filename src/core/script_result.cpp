// Rules shared by every runner for turning server replies into a QueryResult (script_result.h).
#include "script_result.h"

#include <utility>

#include "pg_wire.h"
#include "type_names.h"

namespace pgplay {

void applyCommandTag(StatementResult& r, const std::string& tag) {
    r.tag = tag;
    wire::parseCommandTag(tag, r.command, r.rowCount);
    // EXPLAIN, SHOW and the like return rows but put no count in their tag: the rows received
    // are the count, so the tab and footer do not say "0 rows" over a full grid.
    if (r.hasRowSet && r.rowCount == 0 && r.rows.rowCount() > 0) r.rowCount = static_cast<int64_t>(r.rows.rowCount());
}

bool admitRow(StatementResult& r, size_t rowCap) {
    if (r.rows.rowCount() < rowCap) return true;
    r.truncated = true;
    return false;
}

void markTruncated(StatementResult& r, size_t rowCap) {
    r.truncated = true;
    r.rowCount = static_cast<int64_t>(r.rows.rowCount() < rowCap ? r.rows.rowCount() : rowCap);
    r.command = "SELECT";
    r.tag = "SELECT " + std::to_string(r.rowCount);
}

void addStatementResult(QueryResult& q, const SqlStatement& stmt, StatementResult r) {
    r.statementOffset = stmt.offset;
    r.statementText = stmt.text;
    q.results.push_back(std::move(r));
}

void failAtStatement(QueryResult& q, std::string_view script, const SqlStatement& stmt, size_t index,
                     QueryError error) {
    if (error.position > 0) {
        size_t offset = stmt.offset < script.size() ? stmt.offset : script.size();
        error.position += static_cast<int>(utf8CharCount(script, offset));
    }
    error.statementIndex = index;
    q.ok = false;
    q.error = std::move(error);
}

void applyTypeNames(QueryResult& q, const TypeNames& names) {
    for (StatementResult& r : q.results)
        for (Field& f : r.fields) {
            std::string name = names.nameOf(f.typeOid);
            if (!name.empty()) f.typeName = std::move(name);
        }
}

}  // namespace pgplay
