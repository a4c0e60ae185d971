// Lessons and progress between the page and the app: the page (web/lessons.js, web/storage.js)
// hands over the lesson files (from build/web/lessons/) and the saved progress (localStorage),
// and the app asks the page to save, export or import progress through js_bridge.h.
#include <emscripten.h>

#include <string>

#include "platform/js_bridge.h"
#include "platform/web_platform.h"

using pgplay::platform;

namespace {
std::string g_lessonState;
std::string text(const char* data, int length) {
    return data && length > 0 ? std::string(data, static_cast<size_t>(length)) : std::string();
}
}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE void pgplay_add_lesson(const char* fileName, const char* data, int length) {
    if (!platform().app || !fileName) return;
    platform().app->addLessonFile(fileName, text(data, length));
}

EMSCRIPTEN_KEEPALIVE void pgplay_lessons_loaded() {
    if (!platform().app) return;
    platform().app->playground().lessonsLoaded();
    platform().requestFrames(2);
}

EMSCRIPTEN_KEEPALIVE void pgplay_load_progress(const char* data, int length) {
    if (!platform().app) return;
    platform().app->playground().loadSavedProgress(text(data, length));
}

EMSCRIPTEN_KEEPALIVE void pgplay_import_progress(const char* data, int length) {
    if (!platform().app) return;
    platform().app->playground().importProgress(text(data, length));
    platform().requestFrames(2);
}

// ?lesson=<id>&step=<n>: steps count from 1.
EMSCRIPTEN_KEEPALIVE void pgplay_open_lesson(const char* lessonId, int step) {
    if (!platform().app || !lessonId) return;
    platform().app->playground().openLessonFromUrl(lessonId, step > 0 ? static_cast<size_t>(step) : 1);
    platform().requestFrames(2);
}

// ?file=<lesson file>: the file's text, fetched by the page; call before pgplay_lessons_loaded.
EMSCRIPTEN_KEEPALIVE void pgplay_open_lesson_file(const char* fileName, const char* data, int length, int step) {
    if (!platform().app || !fileName) return;
    platform().app->openLessonFile(fileName, text(data, length), step > 0 ? static_cast<size_t>(step) : 1);
    platform().requestFrames(2);
}

// The page could not use what its URL asked for (a file that is missing, too large, elsewhere).
EMSCRIPTEN_KEEPALIVE void pgplay_start_problem(const char* message, const char* hint) {
    if (!platform().app || !message) return;
    platform().app->playground().showStartProblem(message, hint ? hint : "");
    platform().requestFrames(2);
}

// window.playground.check(): the Check button's path; resolves with the verdict.
EMSCRIPTEN_KEEPALIVE void pgplay_api_check(double apiId) {
    if (!platform().app) return;
    platform().app->playground().checkFromApi(apiId);
    platform().requestFrames(2);
}

// window.playground.ormLens(): the lens's Run both; resolves with both runs' counts and times.
EMSCRIPTEN_KEEPALIVE void pgplay_api_orm_lens(double apiId) {
    if (!platform().app) return;
    platform().app->ormLensFromApi(apiId);
    platform().requestFrames(2);
}

EMSCRIPTEN_KEEPALIVE const char* pgplay_api_lesson_state() {
    g_lessonState = platform().app ? platform().app->playground().lessonStateJson() : "null";
    return g_lessonState.c_str();
}

}  // extern "C"
