// PostgreSQL's frontend/backend wire protocol (version 3), the part pgplay needs.
//
// The browser runs PGlite, which speaks this protocol through execProtocolRaw(). pgplay sends
// each statement as an extended-protocol batch (Parse, Bind, Describe, Execute with a row
// limit, Sync) so that a statement with millions of rows stops at the row cap inside PostgreSQL
// instead of filling memory, and decodes the replies here in plain C++ (exact command tags,
// every error field, notices, NULLs). See https://www.postgresql.org/docs/current/protocol.html
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "result_model.h"
#include <optional>

#include "sql_script.h"

namespace pgplay::wire {

using Bytes = std::vector<uint8_t>;

// Parse + Bind + Describe(portal) + Execute(maxRows = rowCap + 1) + Sync for one statement,
// all with the unnamed statement and portal and text result format. A COPY statement also gets,
// before the Sync, its data (`copyData`: CopyData messages, then CopyDone) or, with none, a
// CopyFail: COPY ... FROM STDIN would otherwise wait for data forever (PGlite has no one to ask).
// Every other COPY ignores both, as the protocol says a server must. A COPY FROM STDIN without
// data so fails with a clear error (decodeStatementReply).
Bytes encodeStatement(const std::string& sql, size_t rowCap, const std::optional<std::string>& copyData = std::nullopt);

// A psql meta-command's batch (psql_meta.h): each catalog query's Parse, Bind, Describe and
// Execute, then one Sync; only a Sync when there are none (a client-side \x still gets a
// ReadyForQuery back, with the transaction status). The queries run as one implicit transaction
// when no block is open, and the first error skips the rest.
Bytes encodeQueries(const std::vector<std::string>& queries, size_t rowCap);

// Decodes the reply to a meta-command's encodeQueries() batch: each query's answer, assembled
// into one result the way psql shows it (assembleMetaResult), or the error that stopped it.
std::optional<QueryError> decodeMetaReply(const Bytes& reply, const std::string& line, size_t rowCap,
                                          StatementResult& out, std::vector<Notice>& notices);

// Decodes the reply to one encodeStatement() batch into `out` (fields, rows up to rowCap,
// command tag, truncated flag, txStatusAfter), appending notices to `notices`. Returns the
// error if the reply carried an ErrorResponse (its position still relative to the statement),
// or a kProtocol error if the bytes are malformed.
std::optional<QueryError> decodeStatementReply(const Bytes& reply, size_t rowCap,
                                               StatementResult& out, std::vector<Notice>& notices);

// Builds a whole QueryResult from the statements of a script and the replies the runner got
// (replies.size() <= statements.size(): the runner stops after the first error). A meta-command
// statement's reply is decoded with decodeMetaReply(). Shifts an
// error's position from its statement to the script (1-based characters), sets statementIndex.
QueryResult decodeScriptReplies(std::string_view script, const std::vector<SqlStatement>& statements,
                                const std::vector<Bytes>& replies, size_t rowCap);

// Command-tag helpers: "INSERT 0 3" -> command "INSERT", rows 3; "CREATE TABLE" -> rows 0.
void parseCommandTag(const std::string& tag, std::string& command, int64_t& rowCount);

}  // namespace pgplay::wire
