// A script on its way to PGlite and back, shared by every PGlite-backed Database (the browser's
// worker and the Node tools): refuse what cannot be sent, split it into statements, pack each
// statement's wire batch into one buffer for the JavaScript side, and unpack the replies.
// Packed form, both directions: for each item a little-endian u32 length, then the bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pg_wire.h"
#include "result_model.h"
#include "sql_script.h"

namespace pgplay {

// The result for a script that must not be sent at all (a NUL byte: PostgreSQL's protocol
// cannot carry it), or nullopt when it can be sent.
std::optional<QueryResult> refuseUnsendable(const std::string& script);

// One wire batch per statement (core/pg_wire encodeStatement; encodeQueries for a psql
// meta-command), packed. Packing stops after a meta-command that fails before it runs (invalid
// command \foo): the engine's runner only stops at errors the server sends.
std::vector<uint8_t> packStatementBatches(const std::vector<SqlStatement>& statements, size_t rowCap);
// The same for statements [begin, end).
std::vector<uint8_t> packStatementBatches(const std::vector<SqlStatement>& statements, size_t rowCap, size_t begin,
                                          size_t end);

// Where the piece of a run that starts at `begin` ends: after the first \d NAME, whose error
// ("Did not find any relation named ...") is only known once its answer is decoded, so the
// statements after it must wait for that answer; after an unknown meta-command, which fails
// and so is the last batch packed; else at the end of the script.
size_t runPieceEnd(const std::vector<SqlStatement>& statements, size_t begin);

// Up to `count` items from a packed buffer; stops early (never reads past `size`) if it is short.
std::vector<wire::Bytes> unpackReplies(const uint8_t* packed, size_t size, size_t count);

}  // namespace pgplay
