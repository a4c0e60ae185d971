// window.playground, the C++ half: web/api.js turns these into Promises and postMessage
// replies. They call the playground model (core/playground.h) the Run and Stop buttons use.
#include <emscripten.h>

#include <string>

#include <nlohmann/json.hpp>

#include "platform/web_platform.h"

using pgplay::platform;

namespace {
// Strings returned to JS stay valid until the next call of the same function.
std::string g_lastResult, g_editorText;
}

extern "C" {

// `sql` is UTF-8 with an explicit length: it may contain NUL characters (refused with an error).
EMSCRIPTEN_KEEPALIVE void pgplay_api_run(double apiId, const char* sql, int length) {
    if (!platform().app) return;
    platform().app->playground().runFromApi(apiId, std::string(sql ? sql : "", sql && length > 0 ? static_cast<size_t>(length) : 0));
    platform().requestFrames(2);
}

EMSCRIPTEN_KEEPALIVE void pgplay_api_cancel() {
    if (!platform().app) return;
    platform().app->playground().stop();
    platform().requestFrames(2);
}

// The page's accessible action buttons (web/a11y.js): 1 when `name` is an action.
EMSCRIPTEN_KEEPALIVE int pgplay_action(const char* name) {
    if (!platform().app || !name) return 0;
    const bool done = platform().app->performAction(name);
    platform().requestFrames(2);
    return done ? 1 : 0;
}

// The result the UI shows now, as JSON ("null" before the first run).
EMSCRIPTEN_KEEPALIVE const char* pgplay_api_last_result() {
    g_lastResult = platform().app ? platform().app->playground().lastResultJson() : "null";
    return g_lastResult.c_str();
}

// window.playground.explain(sql, {analyze}): the Explain button's path; resolves with explainJson().
EMSCRIPTEN_KEEPALIVE void pgplay_api_explain(double apiId, const char* sql, int length, int analyze) {
    if (!platform().app) return;
    platform().app->explainFromApi(apiId, std::string(sql ? sql : "", sql && length > 0 ? static_cast<size_t>(length) : 0),
                                   analyze != 0);
    platform().requestFrames(2);
}

// window.playground.planComparison(): the plan view's comparison with an earlier plan, as JSON.
EMSCRIPTEN_KEEPALIVE const char* pgplay_api_plan_comparison() {
    static std::string comparison;
    comparison = platform().app ? platform().app->planComparisonJson() : "null";
    return comparison.c_str();
}

// window.playground.diagram(): opens the ER diagram; its model as JSON.
EMSCRIPTEN_KEEPALIVE const char* pgplay_api_diagram() {
    static std::string model;
    model = platform().app ? platform().app->openDiagram() : "null";
    platform().requestFrames(2);
    return model.c_str();
}

// window.playground.openLesson(id, step): the roadmap's path to a step (from 1), waiting for the
// lesson files if they are not in yet; an unknown id or step leaves a notice as ?lesson= does.
EMSCRIPTEN_KEEPALIVE void pgplay_api_open_lesson(const char* lessonId, int step) {
    if (!platform().app || !lessonId) return;
    platform().app->playground().openLessonFromUrl(lessonId, step > 0 ? static_cast<size_t>(step) : 1);
    platform().requestFrames(2);
}

// window.playground.openQuickCheck(): the open lesson's questions, as "Quick check" opens them.
EMSCRIPTEN_KEEPALIVE void pgplay_api_open_quiz() {
    if (!platform().app) return;
    platform().app->playground().openQuiz();
    platform().requestFrames(2);
}

// window.playground.answerQuestion(n, answer): `answer` is {"chosen": [0-based...]} or
// {"typed": "..."}; returns the verdict as JSON, "null" when there is nothing to answer.
EMSCRIPTEN_KEEPALIVE const char* pgplay_api_answer_question(int index, const char* answerJson) {
    static std::string verdict;
    verdict = "null";
    if (!platform().app || index < 0 || !answerJson) return verdict.c_str();
    const nlohmann::json body = nlohmann::json::parse(answerJson, nullptr, false);
    if (!body.is_object()) return verdict.c_str();
    pgplay::QuestionAnswer answer;
    if (auto typed = body.find("typed"); typed != body.end() && typed->is_string()) answer.typed = typed->get<std::string>();
    if (auto chosen = body.find("chosen"); chosen != body.end() && chosen->is_array())
        for (const auto& c : *chosen)
            if (c.is_number_unsigned()) answer.chosen.push_back(c.get<size_t>());
    verdict = platform().app->playground().answerQuestion(static_cast<size_t>(index), answer);
    platform().requestFrames(2);
    return verdict.c_str();
}

// window.playground.closeLesson(): "All lessons": back to the roadmap and the learner's sandbox.
EMSCRIPTEN_KEEPALIVE void pgplay_api_close_lesson() {
    if (!platform().app) return;
    platform().app->playground().closeLesson();
    platform().requestFrames(2);
}

// window.playground.resetDatabase() and openDatabase(file) (the page holds the file): the
// Database menu's actions without its confirmation, for scripts that mean it.
EMSCRIPTEN_KEEPALIVE void pgplay_api_replace_database(int contents, const char* label) {
    if (!platform().app) return;
    platform().app->replaceSandbox(contents == 1 ? pgplay::NewContents::PickedFile : pgplay::NewContents::Empty,
                                   label ? label : "");
    platform().requestFrames(2);
}

// window.playground.database(): the database the editor works on, as the status line shows it.
EMSCRIPTEN_KEEPALIVE const char* pgplay_api_database_status() {
    static std::string status;
    status = platform().app ? platform().app->playground().databaseStatusJson() : "null";
    return status.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* pgplay_api_editor_text() {
    g_editorText = platform().app ? platform().app->playground().editorText() : "";
    return g_editorText.c_str();
}

}  // extern "C"
