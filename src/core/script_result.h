// Assembling a script's QueryResult statement by statement.
//
// Two runners produce QueryResults: the wire decoder (pg_wire, for PGlite in the browser and in
// Node) and the libpq runner of the native tests (src/native/pq_database). Both go through these
// helpers, so a command tag, a truncated result or an error position means the same thing
// whichever backend produced it — and the native tests vouch for the browser's rules.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "result_model.h"
#include "sql_script.h"

namespace pgplay {

class TypeNames;

// Sets command, tag and rowCount from a command tag ("INSERT 0 3" -> "INSERT", 3); a statement
// that returned rows under a tag without a count (EXPLAIN, SHOW) counts the rows it returned.
void applyCommandTag(StatementResult& r, const std::string& tag);

// Called for each row the server sends, before storing it: true while the row is within the
// row cap; past it, marks the result truncated and returns false (the row is dropped).
bool admitRow(StatementResult& r, size_t rowCap);

// A statement whose rows stopped at the row cap is reported like a SELECT that returned exactly
// the rows kept ("SELECT <rowCap>"): the server's own count, when it sends one, covers rows that
// were never fetched, and with the wire protocol's PortalSuspended there is no tag at all.
void markTruncated(StatementResult& r, size_t rowCap);

// Appends a completed statement, recording where it sits in the script.
void addStatementResult(QueryResult& q, const SqlStatement& stmt, StatementResult r);

// Records the error that stopped the script at statement `index`: ok = false, statementIndex,
// and the position shifted from the statement (PostgreSQL's P field: 1-based characters in the
// text that was sent) to the whole script the learner wrote.
void failAtStatement(QueryResult& q, std::string_view script, const SqlStatement& stmt, size_t index,
                     QueryError error);

// Fills Field::typeName of every field whose type `names` knows (built-ins, learned user types).
void applyTypeNames(QueryResult& q, const TypeNames& names);

}  // namespace pgplay
