// What the PGlite worker says, as web/app.js relays it: load progress, ready, failure, and the
// replies to a script. These only queue into the RestartableDatabase; drain() delivers them in a
// frame.
#include <emscripten.h>

#include "core/script_batches.h"
#include "platform/web_platform.h"

using pgplay::platform;

extern "C" {

EMSCRIPTEN_KEEPALIVE void pgplay_db_progress(float progress, const char* message) {
    if (!platform().database) return;
    platform().database->onProgress(progress, message ? message : "");
    // No frame here: downloads report progress many times a second, and every frame drawn
    // competes with PostgreSQL's start-up for the CPU. The loading screen redraws on its own
    // timer (App::nextRedrawInMs).
}

EMSCRIPTEN_KEEPALIVE void pgplay_db_ready(const char* version) {
    if (!platform().database) return;
    platform().database->onReady(version ? version : "");
    platform().requestFrames(2);
}

EMSCRIPTEN_KEEPALIVE void pgplay_db_failed(const char* message) {
    if (!platform().database) return;
    platform().database->onFailed(message ? message : "unknown error");
    platform().requestFrames(2);
}

// `packed` holds `count` replies as [u32 little-endian length][bytes]...; the page frees it.
EMSCRIPTEN_KEEPALIVE void pgplay_db_reply(double requestId, const uint8_t* packed, int packedLen, int count,
                                          int changed, double ms) {
    if (!platform().database) return;
    std::vector<pgplay::wire::Bytes> replies =
        pgplay::unpackReplies(packed, packedLen > 0 ? static_cast<size_t>(packedLen) : 0, count > 0 ? count : 0);
    platform().database->onReply(static_cast<pgplay::RequestId>(requestId), std::move(replies), changed != 0, ms);
    platform().requestFrames(2);
}

}  // extern "C"
