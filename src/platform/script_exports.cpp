// The sandbox's scripts between the page and the app: the page (web/scripts-store.js) hands over
// what it stored at start and .sql files the learner opens or drops, and reads back the JSON to
// store after each change (onScriptsChanged).
#include <emscripten.h>

#include <string>

#include "platform/web_platform.h"

using pgplay::platform;

namespace {
std::string g_scriptsJson;
std::string text(const char* data, int length) {
    return data && length > 0 ? std::string(data, static_cast<size_t>(length)) : std::string();
}
}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE void pgplay_load_scripts(const char* data, int length, int linkIsForLesson) {
    if (!platform().app) return;
    platform().app->playground().loadSavedScripts(text(data, length), linkIsForLesson != 0);
    platform().requestFrames(2);
}

// The scripts as JSON to store, or "" when they are more than browser storage should hold (the
// page then keeps what it stored last, and says so).
EMSCRIPTEN_KEEPALIVE const char* pgplay_scripts_json() {
    g_scriptsJson.clear();
    if (platform().app && platform().app->playground().scripts().fitsStorage())
        g_scriptsJson = platform().app->playground().scriptsJson();
    return g_scriptsJson.c_str();
}

// Another tab stored its scripts (the page heard a 'storage' event and has nothing unsaved).
EMSCRIPTEN_KEEPALIVE void pgplay_sync_scripts(const char* data, int length) {
    if (!platform().app) return;
    platform().app->playground().syncScripts(text(data, length));
    platform().requestFrames(2);
}

EMSCRIPTEN_KEEPALIVE void pgplay_open_script_file(const char* fileName, const char* data, int length) {
    if (!platform().app) return;
    platform().app->playground().openScriptFile(fileName ? fileName : "", text(data, length));
    platform().requestFrames(2);
}

}  // extern "C"
