#include "node/node_database.h"

#include <emscripten.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/script_batches.h"

// Loads PGlite and the runner; returns NULL on success or a malloc'd error message.
EM_ASYNC_JS(char*, pgplay_node_open, (const char* pgliteDir, const char* runnerPath), {
    try {
        const url = require('url');
        const path = require('path');
        const dir = UTF8ToString(pgliteDir);
        const { PGlite } = await import(url.pathToFileURL(path.join(dir, 'index.js')).href);
        const runner = await import(url.pathToFileURL(UTF8ToString(runnerPath)).href);
        const pg = await PGlite.create();
        const version = await pg.query('SHOW server_version');
        Module.pgplayNode = { pg, runner, version: version.rows[0].server_version };
        return 0;
    } catch (err) {
        const text = 'PGlite failed to start: ' + (err && err.message ? err.message : String(err));
        const n = lengthBytesUTF8(text) + 1;
        const p = _malloc(n);
        stringToUTF8(text, p, n);
        return p;
    }
});

// Runs `count` packed batches ([u32 len][bytes]...). Returns a malloc'd buffer:
// [u32 count][u32 changed][f64 ms][u32 packed size][u32 0] then the replies packed as
// [u32 len][bytes] each (core/script_batches).
EM_ASYNC_JS(uint8_t*, pgplay_node_run, (const uint8_t* packed, size_t packedLen, int count), {
    const { pg, runner } = Module.pgplayNode;
    const src = HEAPU8.slice(packed, packed + packedLen);
    const view = new DataView(src.buffer);
    const batches = [];
    let at = 0;
    for (let i = 0; i < count; i++) {
        const n = view.getUint32(at, true);
        batches.push(src.subarray(at + 4, at + 4 + n));
        at += 4 + n;
    }
    const { replies, changed, ms } = await runner.runBatches(pg, batches);
    let total = 24;
    for (const r of replies) total += 4 + r.length;
    const out = _malloc(total);
    const heap = new DataView(HEAPU8.buffer);
    heap.setUint32(out, replies.length, true);
    heap.setUint32(out + 4, changed ? 1 : 0, true);
    heap.setFloat64(out + 8, ms, true);
    heap.setUint32(out + 16, total - 24, true);
    heap.setUint32(out + 20, 0, true);
    let p = out + 24;
    for (const r of replies) {
        heap.setUint32(p, r.length, true);
        HEAPU8.set(r, p + 4);
        p += 4 + r.length;
    }
    return out;
});

EM_JS(char*, pgplay_node_version, (), {
    const text = Module.pgplayNode ? Module.pgplayNode.version : '';
    const n = lengthBytesUTF8(text) + 1;
    const p = _malloc(n);
    stringToUTF8(text, p, n);
    return p;
});

namespace pgplay {

NodeDatabase::NodeDatabase(const std::string& pgliteDir, const std::string& runnerPath) {
    char* error = pgplay_node_open(pgliteDir.c_str(), runnerPath.c_str());
    if (error) {
        status_.state = DatabaseState::Failed;
        status_.message = error;
        std::free(error);
        return;
    }
    char* version = pgplay_node_version();
    status_.version = version;
    std::free(version);
    status_.state = DatabaseState::Ready;
}

QueryResult NodeDatabase::runNow(const std::string& script, const RunOptions& options) {
    if (status_.state != DatabaseState::Ready)
        return makeErrorResult(sqlstate::kDatabaseUnavailable, "PostgreSQL is not running: " + status_.message);
    if (auto refused = refuseUnsendable(script)) return std::move(*refused);
    std::vector<SqlStatement> statements = splitSqlScript(script);
    if (statements.empty()) return QueryResult{};
    std::vector<uint8_t> packed = packStatementBatches(statements, options.rowCap);
    uint8_t* out = pgplay_node_run(packed.data(), packed.size(), static_cast<int>(statements.size()));
    uint32_t count, changed;
    double ms;
    std::memcpy(&count, out, 4);
    std::memcpy(&changed, out + 4, 4);
    std::memcpy(&ms, out + 8, 8);
    uint32_t packedSize;
    std::memcpy(&packedSize, out + 16, 4);
    std::vector<wire::Bytes> replies = unpackReplies(out + 24, packedSize, count);
    std::free(out);
    QueryResult result = wire::decodeScriptReplies(script, statements, replies, options.rowCap);
    result.ms = ms;
    result.databaseChanged = changed != 0;
    return result;
}

RequestId NodeDatabase::run(const std::string& script, const RunOptions& options, ResultCallback done) {
    queue_.push_back({script, options, std::move(done)});
    return nextId_++;
}

void NodeDatabase::drain() {
    while (!queue_.empty()) {
        Pending next = std::move(queue_.front());
        queue_.pop_front();
        QueryResult result = runNow(next.script, next.options);
        if (next.done) next.done(std::move(result));
    }
}

}  // namespace pgplay
