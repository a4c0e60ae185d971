// What a PGlite worker says, as web/db-bridge.js relays it (with its channel, a DatabaseChannel):
// load progress, ready, failure, and the replies to a script. Each queues into that channel's
// RestartableDatabase; ready, failure and replies are then delivered at once
// (WebPlatform::followDatabase), progress at the next frame.
#include <emscripten.h>

#include "core/script_batches.h"
#include "platform/web_platform.h"

using pgplay::platform;

extern "C" {

EMSCRIPTEN_KEEPALIVE void pgplay_db_progress(int channel, float progress, const char* message) {
    pgplay::RestartableDatabase* db = platform().databaseFor(channel);
    if (!db) return;
    db->onProgress(progress, message ? message : "");
    // No frame here: downloads report progress many times a second, and every frame drawn
    // competes with PostgreSQL's start-up for the CPU. The loading screen redraws on its own
    // timer (App::nextRedrawInMs).
}

// `persistent`: the data lives in the browser's storage; `storageNote`: why not, when it should.
EMSCRIPTEN_KEEPALIVE void pgplay_db_ready(int channel, const char* version, int persistent, const char* storageNote) {
    pgplay::RestartableDatabase* db = platform().databaseFor(channel);
    if (!db) return;
    db->onReady(version ? version : "", pgplay::EngineStorage{persistent != 0, storageNote ? storageNote : ""});
    platform().followDatabase(*db);
    platform().requestFrames(2);
}

EMSCRIPTEN_KEEPALIVE void pgplay_db_failed(int channel, const char* message) {
    pgplay::RestartableDatabase* db = platform().databaseFor(channel);
    if (!db) return;
    db->onFailed(message ? message : "unknown error");
    platform().followDatabase(*db);
    platform().requestFrames(2);
}

// The file to open (Open database) was refused; the engine starts on the database as it was.
EMSCRIPTEN_KEEPALIVE void pgplay_db_replace_failed(int channel, const char* message) {
    pgplay::RestartableDatabase* db = platform().databaseFor(channel);
    if (!db) return;
    db->onReplaceFailed(message ? message : "unknown error");
}

// News for the status line: a database saved as a file, or why it could not be.
EMSCRIPTEN_KEEPALIVE void pgplay_db_notice(int channel, const char* message) {
    pgplay::RestartableDatabase* db = platform().databaseFor(channel);
    if (!db) return;
    db->onNotice(message ? message : "");
    platform().requestFrames(2);
}

// The learner picked a file to open as their sandbox: the Database menu asks before using it.
EMSCRIPTEN_KEEPALIVE void pgplay_sandbox_file_picked(const char* name, double bytes) {
    if (!platform().app) return;
    platform().app->sandboxFilePicked(name ? name : "", bytes);
    platform().requestFrames(2);
}

// `packed` holds `count` replies as [u32 little-endian length][bytes]...; the page frees it.
// pg_dump's answer (web/db-worker.js 'pgDumped'): the dump, or why it failed.
EMSCRIPTEN_KEEPALIVE void pgplay_db_pg_dumped(int channel, double requestId, const char* dump, int dumpLen,
                                              const char* error, double ms) {
    pgplay::RestartableDatabase* db = platform().databaseFor(channel);
    if (!db) return;
    db->onPgDumpReply(static_cast<pgplay::RequestId>(requestId),
                      std::string(dump ? dump : "", dump && dumpLen > 0 ? static_cast<size_t>(dumpLen) : 0),
                      error ? error : "", ms);
    platform().followDatabase(*db);
    platform().requestFrames(2);
}

EMSCRIPTEN_KEEPALIVE void pgplay_db_reply(int channel, double requestId, const uint8_t* packed, int packedLen,
                                          int count, int changed, double ms) {
    pgplay::RestartableDatabase* db = platform().databaseFor(channel);
    if (!db) return;
    std::vector<pgplay::wire::Bytes> replies =
        pgplay::unpackReplies(packed, packedLen > 0 ? static_cast<size_t>(packedLen) : 0, count > 0 ? count : 0);
    db->onReply(static_cast<pgplay::RequestId>(requestId), std::move(replies), changed != 0, ms);
    // Delivered at once, not at the next frame: this runs between frames (a message event), the
    // callbacks only update models, and the next queued script goes out without waiting for the
    // display (a race plays as a chain of short scripts, each sent when the last one answers: a
    // many-clients run is a thousand answers; a learner's run answers a frame sooner).
    platform().followDatabase(*db);
    // While a race plays, the view redraws on its own timer (App::nextRedrawInMs), and one more
    // frame follows the last answer; other answers show in the next frames.
    if (channel != static_cast<int>(pgplay::DatabaseChannel::Races)) platform().requestFrames(2);
}

// web/main.js calls this in a microtask after a database asked to be woken (a request was
// queued), so the request goes out now rather than at the next frame.
EMSCRIPTEN_KEEPALIVE void pgplay_drain_databases() {
    for (int channel = 0; channel < pgplay::kDatabaseChannels; ++channel)
        if (pgplay::RestartableDatabase* db = platform().databaseFor(channel); db && db->drain())
            platform().requestFrames(2);
}

}  // extern "C"
