// Share links between the app and the page: the app says what a link should reproduce, the page
// (web/share.js) compresses it into a URL and answers with the link or why there is none.
#include <emscripten.h>

#include <string>

#include "platform/js_bridge.h"
#include "platform/web_platform.h"

using pgplay::platform;

namespace {
std::string g_payload;
}

extern "C" {

// window.playground.shareLink(): what the Share button would put in the link, as JSON.
EMSCRIPTEN_KEEPALIVE const char* pgplay_api_share_payload() {
    g_payload = platform().app ? platform().app->sharePayloadJson() : "{}";
    return g_payload.c_str();
}

// The link the Share button asked for, or the problem that stopped it; `copied`: the page put it
// on the clipboard already.
EMSCRIPTEN_KEEPALIVE void pgplay_share_ready(const char* url, const char* problem, int copied) {
    if (!platform().app) return;
    platform().app->showShareLink(url ? url : "", problem ? problem : "", copied != 0);
    platform().requestFrames(2);
}

}  // extern "C"
