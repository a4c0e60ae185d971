// What RestartableDatabase needs from an engine that runs pgplay's wire batches: two calls out
// (send, restart). Answers come back in, on the same thread, through RestartableDatabase's
// on*() methods.
//
// Implementations: PGlite in a Web Worker (src/platform/worker_transport), PGlite in a Node
// worker thread (src/node/node_transport), and in the native tests a fake and a raw socket to a
// real PostgreSQL server (tests/core, tests/pg).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace pgplay {

using RequestId = uint64_t;

// What a replaced database holds when its engine starts again (RestartableDatabase::replace).
enum class NewContents {
    Empty,        // a fresh database: "Reset database"
    PickedFile,   // the data directory the learner picked ("Open database"); the platform holds the file
};

class EngineTransport {
public:
    virtual ~EngineTransport() = default;

    // Hands one script to the engine: `count` wire batches (one per statement) packed as
    // [u32 little-endian length][bytes]... (core/script_batches). The engine runs them in order,
    // stops after the first error, and answers with RestartableDatabase::onReply(id, ...).
    virtual void send(RequestId id, const std::vector<uint8_t>& packedBatches, size_t count) = 0;

    // Throws the engine away, whatever it is doing (the only way to stop a query PGlite is
    // running), and starts a fresh one, which reports onProgress / onReady / onFailed like the
    // first start. Answers still on their way from the old engine must never arrive.
    virtual void restart() = 0;

    // Like restart(), but the new engine's database holds `contents` instead of what was
    // committed. A file that cannot be opened is reported (RestartableDatabase::onReplaceFailed)
    // before the engine starts on the database as it was. The default suits engines that keep
    // nothing between starts (the Node tools' in-memory PGlite): a restart is an empty database,
    // and they never pick files.
    // Runs pg_dump on the database with these options (core/pg_dump_command.h), in turn with
    // the scripts sent; answers with RestartableDatabase::onPgDumpReply(id, ...). False when this
    // engine has no pg_dump (the request is then answered at once with an error).
    virtual bool pgDump(RequestId id, const std::vector<std::string>& args) {
        (void)id;
        (void)args;
        return false;
    }

    virtual void replace(NewContents contents) {
        (void)contents;
        restart();
    }
};

}  // namespace pgplay
