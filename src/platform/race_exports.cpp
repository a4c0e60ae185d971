// Race scenarios between the page and the app: the page (web/lessons.js) hands over the
// scenario files (build/web/lessons/races/) and ?race=<id>; window.playground.race(id) (web/api.js)
// plays one and resolves with its timeline.
#include <emscripten.h>

#include <string>

#include "platform/web_platform.h"

using pgplay::platform;

extern "C" {

EMSCRIPTEN_KEEPALIVE void pgplay_add_race(const char* fileName, const char* data, int length) {
    if (!platform().app || !fileName) return;
    platform().app->addRaceFile(fileName, data && length > 0 ? std::string(data, static_cast<size_t>(length)) : "");
}

EMSCRIPTEN_KEEPALIVE void pgplay_races_loaded() {
    if (!platform().app) return;
    platform().app->racesLoaded();
    platform().requestFrames(2);
}

// ?race=<id>
EMSCRIPTEN_KEEPALIVE void pgplay_open_race(const char* id) {
    if (!platform().app || !id) return;
    platform().app->openRace(id);
    platform().requestFrames(2);
}

EMSCRIPTEN_KEEPALIVE const char* pgplay_api_race_state() {
    static std::string state;
    state = platform().app ? platform().app->raceStateJson() : "null";
    return state.c_str();
}

EMSCRIPTEN_KEEPALIVE void pgplay_api_race(double apiId, const char* id) {
    if (!platform().app) return;
    platform().app->raceFromApi(apiId, id ? id : "");
    platform().requestFrames(2);
}

}  // extern "C"
