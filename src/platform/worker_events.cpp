// What the PGlite worker says, as web/app.js relays it: load progress, ready, failure, and the
// replies to a script. These only queue into WorkerDatabase; drain() delivers them in a frame.
#include <emscripten.h>

#include <cstring>

#include "platform/web_platform.h"

using pgplay::platform;

extern "C" {

EMSCRIPTEN_KEEPALIVE void pgplay_db_progress(float progress, const char* message) {
    if (!platform().database) return;
    platform().database->onProgress(progress, message ? message : "");
    platform().requestFrames(1);
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
    std::vector<pgplay::wire::Bytes> replies;
    int at = 0;
    for (int i = 0; i < count && at + 4 <= packedLen; ++i) {
        uint32_t n;
        std::memcpy(&n, packed + at, 4);
        at += 4;
        if (n > static_cast<uint32_t>(packedLen - at)) break;
        replies.emplace_back(packed + at, packed + at + n);
        at += static_cast<int>(n);
    }
    platform().database->onReply(static_cast<pgplay::RequestId>(requestId), std::move(replies), changed != 0, ms);
    platform().requestFrames(2);
}

}  // extern "C"
