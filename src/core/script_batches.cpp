#include "script_batches.h"

#include <cstring>

#include "psql_meta.h"

namespace pgplay {

std::optional<QueryResult> refuseUnsendable(const std::string& script) {
    size_t nul = findNulByte(script);
    if (nul == std::string::npos) return std::nullopt;
    const int position = static_cast<int>(utf8CharCount(script, nul)) + 1;
    QueryResult r = makeErrorResult(sqlstate::kNulInQuery,
                                    "the SQL text contains a NUL character (byte 0) at character " + std::to_string(position),
                                    "PostgreSQL cannot accept NUL characters in SQL. Remove it and run again.");
    r.error->position = position;
    return r;
}

std::vector<uint8_t> packStatementBatches(const std::vector<SqlStatement>& statements, size_t rowCap) {
    return packStatementBatches(statements, rowCap, 0, statements.size());
}

std::vector<uint8_t> packStatementBatches(const std::vector<SqlStatement>& statements, size_t rowCap, size_t begin,
                                          size_t end) {
    std::vector<uint8_t> packed;
    for (size_t i = begin; i < end && i < statements.size(); ++i) {
        const SqlStatement& s = statements[i];
        bool last = false;
        wire::Bytes batch;
        if (s.metaCommand) {
            const MetaPlan plan = planMetaCommand(s.text);
            batch = wire::encodeQueries(plan.queries, rowCap);
            // An unknown command fails before anything runs: nothing after it may run either
            // (the runner stops only at errors the server sends). Its batch is a bare Sync.
            last = plan.kind == MetaKind::Invalid;
        } else {
            batch = wire::encodeStatement(s.text, rowCap, s.copyData);
        }
        const uint32_t n = static_cast<uint32_t>(batch.size());
        const uint8_t length[4] = {uint8_t(n), uint8_t(n >> 8), uint8_t(n >> 16), uint8_t(n >> 24)};
        packed.insert(packed.end(), length, length + 4);
        packed.insert(packed.end(), batch.begin(), batch.end());
        if (last) break;
    }
    return packed;
}

size_t runPieceEnd(const std::vector<SqlStatement>& statements, size_t begin) {
    // A piece also ends at an unknown meta-command: its batch is the last one packed (see
    // packStatementBatches), and the runner must be told exactly how many batches it gets.
    for (size_t i = begin; i < statements.size(); ++i) {
        if (!statements[i].metaCommand) continue;
        const MetaKind kind = planMetaCommand(statements[i].text).kind;
        if (kind == MetaKind::Describe || kind == MetaKind::Invalid) return i + 1;
    }
    return statements.size();
}

std::vector<wire::Bytes> unpackReplies(const uint8_t* packed, size_t size, size_t count) {
    std::vector<wire::Bytes> items;
    size_t at = 0;
    while (items.size() < count && at + 4 <= size) {
        const uint32_t n = uint32_t(packed[at]) | uint32_t(packed[at + 1]) << 8 | uint32_t(packed[at + 2]) << 16 |
                           uint32_t(packed[at + 3]) << 24;
        at += 4;
        if (n > size - at) break;
        items.emplace_back(packed + at, packed + at + n);
        at += n;
    }
    return items;
}

}  // namespace pgplay
