// PostgreSQL wire protocol v3: encoding one statement as an extended-protocol batch and decoding
// the backend's reply (see pg_wire.h). Replies come from PGlite's execProtocolRaw() as one byte
// buffer; nothing here trusts it: every length is checked, and anything malformed becomes a
// kProtocol error instead of a crash or an out-of-bounds read.
#include "pg_wire.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstring>
#include <limits>

#include "psql_meta.h"
#include "script_result.h"
#include "type_names.h"

namespace pgplay::wire {

namespace {

// --- encoding ---------------------------------------------------------------------------------

void putInt32(Bytes& b, uint32_t v) {
    b.push_back(static_cast<uint8_t>(v >> 24));
    b.push_back(static_cast<uint8_t>(v >> 16));
    b.push_back(static_cast<uint8_t>(v >> 8));
    b.push_back(static_cast<uint8_t>(v));
}

void putInt16(Bytes& b, uint16_t v) {
    b.push_back(static_cast<uint8_t>(v >> 8));
    b.push_back(static_cast<uint8_t>(v));
}

void putString(Bytes& b, std::string_view s) {
    b.insert(b.end(), s.begin(), s.end());
    b.push_back(0);
}

// Starts a message: type byte and a length placeholder; endMessage() fills the length in.
size_t beginMessage(Bytes& b, char type) {
    b.push_back(static_cast<uint8_t>(type));
    size_t at = b.size();
    putInt32(b, 0);
    return at;
}

void endMessage(Bytes& b, size_t lengthAt) {
    uint32_t length = static_cast<uint32_t>(b.size() - lengthAt);  // counts itself, not the type
    b[lengthAt] = static_cast<uint8_t>(length >> 24);
    b[lengthAt + 1] = static_cast<uint8_t>(length >> 16);
    b[lengthAt + 2] = static_cast<uint8_t>(length >> 8);
    b[lengthAt + 3] = static_cast<uint8_t>(length);
}

// --- decoding ---------------------------------------------------------------------------------

// A bounds-checked cursor over one message body. Reads past the end set `failed` and return
// zeros/empties, so decoders can read a whole message and check once at the end.
class Reader {
public:
    Reader(const uint8_t* data, size_t size) : data_(data), size_(size) {}

    bool failed() const { return failed_; }
    bool atEnd() const { return pos_ == size_; }
    size_t remaining() const { return size_ - pos_; }

    uint8_t byte() {
        if (!need(1)) return 0;
        return data_[pos_++];
    }
    int16_t int16() {
        if (!need(2)) return 0;
        uint16_t v = static_cast<uint16_t>((data_[pos_] << 8) | data_[pos_ + 1]);
        pos_ += 2;
        return static_cast<int16_t>(v);
    }
    int32_t int32() {
        if (!need(4)) return 0;
        uint32_t v = (uint32_t(data_[pos_]) << 24) | (uint32_t(data_[pos_ + 1]) << 16) |
                     (uint32_t(data_[pos_ + 2]) << 8) | uint32_t(data_[pos_ + 3]);
        pos_ += 4;
        return static_cast<int32_t>(v);
    }
    // A NUL-terminated string; a missing terminator is malformed.
    std::string_view cstring() {
        if (failed_) return {};
        const void* nul = std::memchr(data_ + pos_, 0, size_ - pos_);
        if (!nul) {
            failed_ = true;
            return {};
        }
        size_t len = static_cast<size_t>(static_cast<const uint8_t*>(nul) - (data_ + pos_));
        std::string_view s(reinterpret_cast<const char*>(data_ + pos_), len);
        pos_ += len + 1;
        return s;
    }
    std::string_view bytes(size_t n) {
        if (!need(n)) return {};
        std::string_view s(reinterpret_cast<const char*>(data_ + pos_), n);
        pos_ += n;
        return s;
    }

private:
    bool need(size_t n) {
        if (failed_ || n > size_ - pos_) {
            failed_ = true;
            return false;
        }
        return true;
    }
    const uint8_t* data_;
    size_t size_;
    size_t pos_ = 0;
    bool failed_ = false;
};

QueryError protocolError(std::string message) {
    QueryError e;
    e.severity = "ERROR";
    e.sqlstate = sqlstate::kProtocol;
    e.message = "Could not read the database's reply: " + std::move(message);
    return e;
}

int parsePosition(std::string_view s) {
    // PostgreSQL sends a decimal character index; anything else means "no position".
    if (s.empty() || s.size() > 9) return 0;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return 0;
        v = v * 10 + (c - '0');
    }
    return v;
}

// The fields of an ErrorResponse or NoticeResponse: (code byte, string) pairs up to a 0 byte.
struct ErrorFields {
    std::string severity, sqlstate, message, detail, hint, context;
    int position = 0;
};

bool readErrorFields(Reader& r, ErrorFields& out) {
    std::string localizedSeverity;
    for (;;) {
        uint8_t code = r.byte();
        if (r.failed()) return false;
        if (code == 0) break;
        std::string_view value = r.cstring();
        if (r.failed()) return false;
        switch (code) {
            case 'S': localizedSeverity.assign(value); break;
            case 'V': out.severity.assign(value); break;   // never translated (9.6+): prefer it
            case 'C': out.sqlstate.assign(value); break;
            case 'M': out.message.assign(value); break;
            case 'D': out.detail.assign(value); break;
            case 'H': out.hint.assign(value); break;
            case 'P': out.position = parsePosition(value); break;
            case 'W': out.context.assign(value); break;
            default: break;   // internal query, schema/table/column names, source file/line...
        }
    }
    if (out.severity.empty()) out.severity = std::move(localizedSeverity);
    return r.atEnd();
}

}  // namespace

namespace {
constexpr const char* kCopyFailReason = "pgplay sends no COPY data";

// The statement's first word is COPY (comments and blanks before it skipped). Lexed only when
// it can be: every statement of every run comes through here, and the splitter lexed it once
// already.
bool isCopyStatement(const std::string& sql) {
    const size_t first = sql.find_first_not_of(" \t\r\n\f\v");
    if (first == std::string::npos) return false;
    const char c = sql[first];
    if (c != 'c' && c != 'C' && c != '-' && c != '/') return false;   // neither COPY nor a comment
    for (const Token& t : tokenizeSql(sql)) {
        if (t.kind == TokenKind::Whitespace || t.kind == TokenKind::Comment) continue;
        if (t.length != 4) return false;
        for (size_t i = 0; i < 4; ++i)
            if (std::tolower(static_cast<unsigned char>(sql[t.offset + i])) != "copy"[i]) return false;
        return true;
    }
    return false;
}
}  // namespace

Bytes encodeStatement(const std::string& sql, size_t rowCap, const std::optional<std::string>& copyData) {
    Bytes b;
    b.reserve(sql.size() + 64);

    size_t at = beginMessage(b, 'P');   // Parse: unnamed statement, no parameter types
    putString(b, "");
    putString(b, sql);
    putInt16(b, 0);
    endMessage(b, at);

    at = beginMessage(b, 'B');          // Bind: unnamed portal, no parameters, all results as text
    putString(b, "");
    putString(b, "");
    putInt16(b, 0);
    putInt16(b, 0);
    putInt16(b, 0);
    endMessage(b, at);

    at = beginMessage(b, 'D');          // Describe the portal: RowDescription or NoData
    b.push_back('P');
    putString(b, "");
    endMessage(b, at);

    // Execute with a row limit: one row more than the cap tells "more rows exist" apart from
    // "exactly rowCap rows". 0 means no limit, which is what a cap beyond int32 amounts to.
    at = beginMessage(b, 'E');
    putString(b, "");
    uint32_t maxRows = rowCap < static_cast<size_t>(std::numeric_limits<int32_t>::max())
                           ? static_cast<uint32_t>(rowCap + 1)
                           : 0;
    putInt32(b, maxRows);
    endMessage(b, at);

    if (copyData) {
        // The data in CopyData messages of at most 64 kB (any split is allowed), then CopyDone.
        constexpr size_t kChunk = 64 * 1024;
        for (size_t from = 0; from < copyData->size(); from += kChunk) {
            at = beginMessage(b, 'd');
            const size_t n = std::min(kChunk, copyData->size() - from);
            b.insert(b.end(), copyData->begin() + static_cast<std::ptrdiff_t>(from),
                     copyData->begin() + static_cast<std::ptrdiff_t>(from + n));
            endMessage(b, at);
        }
        at = beginMessage(b, 'c');
        endMessage(b, at);
    } else if (isCopyStatement(sql)) {
        at = beginMessage(b, 'f');      // CopyFail: see pg_wire.h
        putString(b, kCopyFailReason);
        endMessage(b, at);
    }

    at = beginMessage(b, 'S');          // Sync: ends the implicit transaction, brings ReadyForQuery
    endMessage(b, at);
    return b;
}

Bytes encodeQueries(const std::vector<std::string>& queries, size_t rowCap) {
    Bytes b;
    for (const std::string& query : queries) {
        Bytes one = encodeStatement(query, rowCap);
        b.insert(b.end(), one.begin(), one.end() - 5);   // all but its Sync ('S' and a length of 4)
    }
    const size_t at = beginMessage(b, 'S');
    endMessage(b, at);
    return b;
}

std::optional<QueryError> decodeStatementReply(const Bytes& reply, size_t rowCap, StatementResult& out,
                                               std::vector<Notice>& notices) {
    std::optional<QueryError> serverError;
    bool ready = false;
    bool copyOut = false;
    bool copyIn = false;         // COPY ... FROM STDIN: failed by the CopyFail encodeStatement sent
    bool lastRowKept = false;   // the last DataRow got past the row cap (a '~' note may follow it)
    size_t pos = 0;
    const size_t size = reply.size();

    while (pos < size) {
        if (ready) return protocolError("unexpected data after ReadyForQuery");
        if (size - pos < 5) return protocolError("truncated message header");
        const char type = static_cast<char>(reply[pos]);
        const uint32_t length = (uint32_t(reply[pos + 1]) << 24) | (uint32_t(reply[pos + 2]) << 16) |
                                (uint32_t(reply[pos + 3]) << 8) | uint32_t(reply[pos + 4]);
        if (length < 4) return protocolError(std::string("bad length in message '") + type + "'");
        if (length - 4 > size - pos - 5) return protocolError(std::string("truncated message '") + type + "'");
        Reader r(reply.data() + pos + 5, length - 4);
        pos += 1 + length;

        switch (type) {
            case '1':   // ParseComplete
            case '2':   // BindComplete
            case '3':   // CloseComplete
            case 'S':   // ParameterStatus (SET TimeZone ... reports the new value)
            case 'K':   // BackendKeyData
            case 'A':   // NotificationResponse (LISTEN in the same session)
                break;

            case 'T': {   // RowDescription
                int16_t count = r.int16();
                if (count < 0) return protocolError("negative field count");
                std::vector<Field> fields;
                fields.reserve(static_cast<size_t>(count));
                static const TypeNames builtinNames;
                for (int16_t i = 0; i < count && !r.failed(); ++i) {
                    Field f;
                    f.name.assign(r.cstring());
                    r.int32();   // table oid
                    r.int16();   // column number
                    f.typeOid = static_cast<uint32_t>(r.int32());
                    r.int16();   // type size
                    r.int32();   // type modifier
                    r.int16();   // format code (always text: Bind asked for it)
                    f.typeName = builtinNames.nameOf(f.typeOid);
                    fields.push_back(std::move(f));
                }
                if (r.failed() || !r.atEnd()) return protocolError("malformed RowDescription");
                out.fields = std::move(fields);
                out.hasRowSet = true;
                out.rows.reset(out.fields.size());
                break;
            }

            case 'n':   // NoData: the statement returns no rows (DDL, plain INSERT, ...)
                break;

            case 'D': {   // DataRow
                if (!out.hasRowSet) return protocolError("DataRow without RowDescription");
                int16_t count = r.int16();
                if (r.failed() || count < 0 || static_cast<size_t>(count) != out.fields.size())
                    return protocolError("DataRow does not match its RowDescription");
                // Validate the whole row before storing any of it, so a bad row leaves no half row.
                Reader check = r;
                for (int16_t i = 0; i < count; ++i) {
                    int32_t len = check.int32();
                    if (len < -1) return protocolError("bad value length in DataRow");
                    if (len > 0) check.bytes(static_cast<size_t>(len));
                }
                if (check.failed() || !check.atEnd()) return protocolError("malformed DataRow");
                lastRowKept = admitRow(out, rowCap);
                if (!lastRowKept) break;
                if (count == 0) {
                    out.rows.addEmptyRow();
                    break;
                }
                for (int16_t i = 0; i < count; ++i) {
                    int32_t len = r.int32();
                    if (len < 0)
                        out.rows.addCell(std::nullopt);
                    else
                        out.rows.addCell(r.bytes(static_cast<size_t>(len)));
                }
                break;
            }

            case 'H': {   // CopyOutResponse (COPY ... TO STDOUT): its lines become a text column
                r.byte();
                int16_t count = r.int16();
                for (int16_t i = 0; i < count && !r.failed(); ++i) r.int16();
                if (r.failed() || count < 0 || !r.atEnd()) return protocolError("malformed CopyOutResponse");
                out.fields = {Field{"COPY", 25, "text"}};
                out.hasRowSet = true;
                out.rows.reset(1);
                copyOut = true;
                break;
            }

            case 'd': {   // CopyData: one line of COPY output, newline included
                if (!copyOut) return protocolError("CopyData outside COPY");
                std::string_view line = r.bytes(r.remaining());
                if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
                if (admitRow(out, rowCap)) out.rows.addCell(line);
                break;
            }

            case 'c':   // CopyDone
                break;

            case 'G':   // CopyInResponse: the CopyFail sent with the statement ends it (an error follows)
                copyIn = true;
                break;

            case 'W':   // CopyBothResponse (replication)
                return protocolError("COPY ... FROM STDIN is not supported here; use INSERT instead");

            case 'C': {   // CommandComplete
                std::string_view tag = r.cstring();
                if (r.failed() || !r.atEnd()) return protocolError("malformed CommandComplete");
                applyCommandTag(out, std::string(tag));
                if (out.truncated) markTruncated(out, rowCap);
                break;
            }

            case 's':   // PortalSuspended: the row limit was reached and more rows exist
                if (!r.atEnd()) return protocolError("malformed PortalSuspended");
                markTruncated(out, rowCap);
                break;

            case 'I':   // EmptyQueryResponse: the statement was only blanks or comments
                if (!r.atEnd()) return protocolError("malformed EmptyQueryResponse");
                applyCommandTag(out, "");
                break;

            case '~': {   // pgplay's own note from the engine's byte caps (web/pglite-runner.js)
                const uint8_t kind = r.byte();
                if (kind == 1) {   // values of the DataRow just before were cut to a prefix
                    int16_t n = r.int16();
                    if (r.failed() || n < 0) return protocolError("malformed byte-cap note");
                    for (int16_t i = 0; i < n && !r.failed(); ++i) {
                        const int16_t column = r.int16();
                        const uint32_t full = static_cast<uint32_t>(r.int32());
                        if (column < 0 || static_cast<size_t>(column) >= out.fields.size())
                            return protocolError("byte-cap note names no column");
                        if (lastRowKept && out.rows.rowCount() > 0)
                            out.cutValues.push_back({out.rows.rowCount() - 1, static_cast<size_t>(column), full});
                    }
                } else if (kind == 2) {   // rows after the byte cap were dropped
                    r.int32();   // how many: the count of rows kept is what the learner sees
                    const uint32_t cap = static_cast<uint32_t>(r.int32());
                    out.truncated = true;
                    out.rowsCutAtBytes = cap;
                } else {
                    return protocolError("unknown byte-cap note");
                }
                if (r.failed() || !r.atEnd()) return protocolError("malformed byte-cap note");
                break;
            }

            case 'E': {   // ErrorResponse
                ErrorFields f;
                if (!readErrorFields(r, f)) return protocolError("malformed ErrorResponse");
                if (!serverError) {   // the first error is the one that stopped the statement
                    QueryError e;
                    e.severity = std::move(f.severity);
                    e.sqlstate = std::move(f.sqlstate);
                    e.message = std::move(f.message);
                    e.detail = std::move(f.detail);
                    e.hint = std::move(f.hint);
                    e.position = f.position;
                    e.context = std::move(f.context);
                    serverError = std::move(e);
                }
                break;
            }

            case 'N': {   // NoticeResponse
                ErrorFields f;
                if (!readErrorFields(r, f)) return protocolError("malformed NoticeResponse");
                notices.push_back(Notice{std::move(f.severity), std::move(f.sqlstate), std::move(f.message),
                                         std::move(f.detail), std::move(f.hint)});
                break;
            }

            case 'Z': {   // ReadyForQuery: the batch is done
                uint8_t status = r.byte();
                if (r.failed() || !r.atEnd() || (status != 'I' && status != 'T' && status != 'E'))
                    return protocolError("malformed ReadyForQuery");
                out.txStatusAfter = static_cast<char>(status);
                ready = true;
                break;
            }

            default:
                return protocolError(std::string("unexpected message type '") + type + "'");
        }
    }

    if (copyIn && serverError && serverError->message.find(kCopyFailReason) != std::string::npos) {
        // The CopyFail pgplay sent ended a COPY ... FROM STDIN: say what happened in the learner's terms.
        serverError->sqlstate = "0A000";   // feature_not_supported
        serverError->message = "COPY ... FROM STDIN has no data to read here";
        serverError->detail =
            "Its rows go on the lines right after the statement, one per line, ending with a line \\. (the way "
            "pg_dump writes table data); this script ends with the COPY, so nothing was loaded.";
        serverError->hint = "Put the data lines after it, or load the rows with INSERT INTO ... VALUES (...), (...).";
        serverError->position = 0;
    }
    if (serverError) return serverError;   // a FATAL error may end the reply without ReadyForQuery
    if (!ready) return protocolError("the reply ended before ReadyForQuery");
    return std::nullopt;
}

std::optional<QueryError> decodeMetaReply(const Bytes& reply, const std::string& line, size_t rowCap,
                                          StatementResult& out, std::vector<Notice>& notices) {
    // Cut the reply into one piece per query (each ends with its CommandComplete, PortalSuspended,
    // EmptyQueryResponse or ErrorResponse) and decode each as a statement of its own, with the
    // batch's one ReadyForQuery at its end.
    std::vector<Bytes> pieces;
    Bytes current, ready;
    size_t pos = 0;
    while (pos < reply.size()) {
        if (reply.size() - pos < 5) return protocolError("truncated message header");
        const char type = static_cast<char>(reply[pos]);
        const uint32_t length = (uint32_t(reply[pos + 1]) << 24) | (uint32_t(reply[pos + 2]) << 16) |
                                (uint32_t(reply[pos + 3]) << 8) | uint32_t(reply[pos + 4]);
        if (length < 4 || length - 4 > reply.size() - pos - 5)
            return protocolError(std::string("truncated message '") + type + "'");
        const auto from = reply.begin() + static_cast<std::ptrdiff_t>(pos);
        const auto to = from + static_cast<std::ptrdiff_t>(1 + length);
        pos += 1 + length;
        if (type == 'Z') {
            ready.assign(from, to);
            if (pos != reply.size()) return protocolError("unexpected data after ReadyForQuery");
            break;
        }
        current.insert(current.end(), from, to);
        if (type == 'C' || type == 's' || type == 'I' || type == 'E') pieces.push_back(std::move(current)), current.clear();
    }
    if (!current.empty()) {   // notices after the last query belong to it
        if (pieces.empty()) pieces.emplace_back();
        pieces.back().insert(pieces.back().end(), current.begin(), current.end());
    }
    if (ready.empty()) {
        // A FATAL error may end the reply without ReadyForQuery: report it as it is.
        for (Bytes& piece : pieces) {
            StatementResult scratch;
            if (auto e = decodeStatementReply(piece, rowCap, scratch, notices)) return e;
        }
        return protocolError("the reply ended before ReadyForQuery");
    }
    StatementResult status;
    if (auto e = decodeStatementReply(ready, rowCap, status, notices)) return e;
    out.txStatusAfter = status.txStatusAfter;   // also when a query failed: the script reports it

    std::vector<StatementResult> parts;
    for (Bytes& piece : pieces) {
        piece.insert(piece.end(), ready.begin(), ready.end());
        StatementResult part;
        if (auto e = decodeStatementReply(piece, rowCap, part, notices)) {
            if (e->sqlstate != sqlstate::kProtocol) e->position = 0;   // a place in pgplay's query, not the script
            return e;
        }
        parts.push_back(std::move(part));
    }
    MetaOutcome outcome = assembleMetaResult(planMetaCommand(line), parts);
    if (outcome.error) return outcome.error;
    out = std::move(outcome.result);
    out.txStatusAfter = status.txStatusAfter;
    return std::nullopt;
}

QueryResult decodeScriptReplies(std::string_view script, const std::vector<SqlStatement>& statements,
                                const std::vector<Bytes>& replies, size_t rowCap) {
    QueryResult result;
    if (replies.size() > statements.size())
        return makeErrorResult(sqlstate::kProtocol, "Could not read the database's reply: more replies than statements");
    for (size_t i = 0; i < replies.size(); ++i) {
        StatementResult r;
        std::optional<QueryError> error =
            statements[i].metaCommand ? decodeMetaReply(replies[i], statements[i].text, rowCap, r, result.notices)
                                      : decodeStatementReply(replies[i], rowCap, r, result.notices);
        result.transactionStatus = std::string(1, r.txStatusAfter);
        if (error) {
            failAtStatement(result, script, statements[i], i, std::move(*error));
            break;
        }
        addStatementResult(result, statements[i], std::move(r));
    }
    return result;
}

void parseCommandTag(const std::string& tag, std::string& command, int64_t& rowCount) {
    // The count is the last word; "INSERT 0 3" also carries a legacy OID (always 0) before it.
    // Everything up to the first number is the command: "CREATE TABLE", "SELECT", "INSERT".
    command.clear();
    rowCount = 0;
    size_t end = tag.size();
    size_t commandEnd = end;
    bool sawNumber = false;
    for (;;) {
        while (end > 0 && tag[end - 1] == ' ') --end;
        size_t start = end;
        while (start > 0 && tag[start - 1] != ' ') --start;
        if (start == end) break;
        bool digits = true;
        for (size_t i = start; i < end; ++i)
            if (tag[i] < '0' || tag[i] > '9') digits = false;
        if (!digits || start == 0) break;   // a tag is never only a number
        if (!sawNumber) {
            // Saturate: a count that does not fit int64 cannot be shown exactly anyway.
            int64_t v = 0;
            for (size_t i = start; i < end; ++i) {
                int d = tag[i] - '0';
                if (v > (std::numeric_limits<int64_t>::max() - d) / 10) {
                    v = std::numeric_limits<int64_t>::max();
                    break;
                }
                v = v * 10 + d;
            }
            rowCount = v;
            sawNumber = true;
        }
        commandEnd = start;
        end = start;
    }
    while (commandEnd > 0 && tag[commandEnd - 1] == ' ') --commandEnd;
    command = tag.substr(0, commandEnd);
}

}  // namespace pgplay::wire
