#include "ui/app.h"

#include <algorithm>
#include <cmath>

#include "core/lesson_json.h"
#include "core/result_json.h"
#include "core/script_result.h"
#include "core/sql_script.h"
#include "imgui.h"
#include "ui/theme.h"

namespace pgplay {
namespace {

// A splitter bar between two panes; returns the dragged distance this frame.
float splitter(const char* id, bool vertical, float thickness, float length) {
    ImVec2 size = vertical ? ImVec2(thickness, length) : ImVec2(length, thickness);
    ImGui::InvisibleButton(id, size);
    bool hot = ImGui::IsItemActive() || ImGui::IsItemHovered();
    if (hot) ImGui::SetMouseCursor(vertical ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
    ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    ImVec2 a = vertical ? ImVec2((min.x + max.x) * 0.5f, min.y) : ImVec2(min.x, (min.y + max.y) * 0.5f);
    ImVec2 b = vertical ? ImVec2((min.x + max.x) * 0.5f, max.y) : ImVec2(max.x, (min.y + max.y) * 0.5f);
    ImGui::GetWindowDrawList()->AddLine(a, b, ImGui::GetColorU32(hot ? ImGuiCol_SeparatorHovered : ImGuiCol_Separator),
                                        hot ? 2.0f : 1.0f);
    if (!ImGui::IsItemActive()) return 0;
    return vertical ? ImGui::GetIO().MouseDelta.x : ImGui::GetIO().MouseDelta.y;
}

std::string summarize(const QueryResult& r) {
    if (r.error) return r.error->sqlstate == sqlstate::kQueryCanceled ? "stopped" : "ERROR " + r.error->sqlstate;
    if (r.results.empty()) return "nothing to run";
    const StatementResult& last = r.results.back();
    std::string s = last.tag.empty() ? "(empty)" : last.tag;
    if (r.results.size() > 1) s = std::to_string(r.results.size()) + " statements, last: " + s;
    return s;
}

}  // namespace

App::App(Database& database, Fonts fonts, AppOptions options)
    : database_(database), fonts_(fonts), options_(std::move(options)), lesson_(database, catalog_, progress_) {
    theme::apply();
    lesson_.onProgressChanged = [this] {
        if (onSaveProgress) onSaveProgress(progress_.toJson());
    };
    lesson_.onStepPrepared = [this] { refreshSchema(); };
    lesson_.onVerdict = [this](const Verdict& verdict) {
        refreshSchema();   // the checker leaves the step's state plus the learner's SQL
        noteText(verdict.feedback);
        std::string json = verdictJson(verdict).dump();
        for (double apiId : pendingChecks_)
            if (onApiResult) onApiResult(apiId, json);
        pendingChecks_.clear();
    };
    if (!options_.initialSql.empty()) editor_.setText(options_.initialSql);
    if (options_.embed) editorFraction_ = 0.45f;
    lessonView_.setRoadmapAllowed(!options_.embed);
}

int App::nextRedrawInMs() const {
    DatabaseState s = database_.status().state;
    // A few frames a second are enough for a progress bar, and leave the CPU to PostgreSQL.
    if (s == DatabaseState::Loading || s == DatabaseState::Restarting) return 250;
    if (!runs_.empty()) return 100;   // the running timer
    return -1;
}

void App::runEditor() {
    lesson_.rememberSql(editor_.text());
    auto [begin, end] = editor_.selection();
    const std::string& text = editor_.text();
    if (begin < end && end <= text.size())
        submit(text.substr(begin, end - begin), begin, std::nullopt);
    else
        submit(text, 0, std::nullopt);
}

void App::runScriptFromApi(double apiId, std::string sql) {
    editor_.setText(sql);
    submit(std::move(sql), 0, apiId);
}

void App::submit(std::string sql, size_t editorOffset, std::optional<double> apiId) {
    Run run;
    run.sql = sql;
    run.editorOffset = editorOffset;
    run.editorTextAtRun = editor_.text();
    if (apiId) run.apiIds.push_back(*apiId);
    run.startedAt = ImGui::GetTime();
    editor_.clearError();
    // Callbacks fire from Database::drain() or cancel(), never inside run(): the id is set by then.
    auto idHolder = std::make_shared<RequestId>(0);
    RequestId id = database_.run(sql, RunOptions{}, [this, idHolder](QueryResult r) { finishRun(*idHolder, std::move(r)); });
    *idHolder = id;
    run.id = id;
    runs_.push_back(std::move(run));
}

void App::finishRun(RequestId id, QueryResult result) {
    auto it = std::find_if(runs_.begin(), runs_.end(), [&](const Run& r) { return r.id == id; });
    if (it == runs_.end()) return;
    Run run = std::move(*it);
    runs_.erase(it);

    applyTypeNames(result, types_);   // enums and other user types the decoder cannot name
    noteResultText(result);

    history_.add({run.sql, result.ok, result.ms, summarize(result)});

    bool schemaMayHaveChanged = result.databaseChanged ||
                                (result.error && result.error->sqlstate == sqlstate::kQueryCanceled);
    for (const StatementResult& s : result.results) schemaMayHaveChanged |= commandChangesSchema(s.command);

    lastErrorEditorOffset_.reset();
    std::string errorWhere;
    if (result.error && result.error->position > 0 && editor_.text() == run.editorTextAtRun) {
        size_t inSql = utf8ByteOffset(run.sql, static_cast<size_t>(result.error->position - 1));
        lastErrorEditorOffset_ = run.editorOffset + inSql;
        editor_.markError(*lastErrorEditorOffset_, result.error->sqlstate + ": " + result.error->message);
        const std::string& text = editor_.text();
        size_t lineStart = text.rfind('\n', *lastErrorEditorOffset_ == 0 ? 0 : *lastErrorEditorOffset_ - 1);
        lineStart = (lineStart == std::string::npos || *lastErrorEditorOffset_ == 0) ? 0 : lineStart + 1;
        size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + lineStart, '\n'));
        size_t column = 1 + utf8CharCount(std::string_view(text).substr(lineStart), *lastErrorEditorOffset_ - lineStart);
        errorWhere = "line " + std::to_string(line) + ", column " + std::to_string(column);
    }

    lastResult_ = std::make_shared<const QueryResult>(std::move(result));
    lastResultJson_.reset();
    results_.setResult(lastResult_, std::move(errorWhere));
    if (!run.apiIds.empty() && onApiResult) {
        std::string json = lastResultJson();
        for (double apiId : run.apiIds) onApiResult(apiId, json);
    }
    if (schemaMayHaveChanged) refreshSchema();
}

void App::stop() {
    // Cancel the newest first so the database does not start the queued ones in between.
    std::vector<RequestId> ids;
    for (const Run& r : runs_) ids.push_back(r.id);
    for (auto it = ids.rbegin(); it != ids.rend(); ++it) database_.cancel(*it);
}

void App::addLessonFile(const std::string& fileName, const std::string& text) {
    catalog_.add(fileName, text);
    noteText(text);
}

void App::noteResultText(const QueryResult& result) {
    // Scans what the grid can show; a huge result is sampled by its first rows only.
    constexpr size_t kRowsScanned = 5000;
    for (const StatementResult& s : result.results) {
        for (const Field& f : s.fields) noteText(f.name);
        const size_t rows = std::min(s.rows.rowCount(), kRowsScanned);
        for (size_t r = 0; r < rows; ++r)
            for (size_t c = 0; c < s.rows.columnCount(); ++c) noteText(s.rows.text(r, c));
    }
    if (result.error) noteText(result.error->message + result.error->detail + result.error->hint);
    for (const Notice& n : result.notices) noteText(n.message);
}

void App::lessonsLoaded() {
    lessonsLoaded_ = true;
    // A returning learner continues where they were, unless the URL asks for something else.
    if (!pendingLesson_ && options_.initialSql.empty() && !options_.embed) {
        if (auto current = progress_.current(); current && catalog_.find(current->first)) pendingLesson_ = current;
    }
    maybeOpenPendingLesson();
}

void App::loadSavedProgress(const std::string& json) {
    std::string error;
    if (!json.empty() && !progress_.fromJson(json, error))
        lessonView_.setNotice("Your saved progress could not be read and was left alone: " + error, true);
}

void App::importProgress(const std::string& json) {
    LessonProgress imported;
    std::string error;
    if (!imported.fromJson(json, error)) {
        lessonView_.setNotice(error, true);
        return;
    }
    progress_.merge(imported);
    lessonView_.setNotice("Progress imported.", false);
    if (onSaveProgress) onSaveProgress(progress_.toJson());
}

void App::openLessonFromUrl(const std::string& lessonId, size_t step) {
    pendingLesson_ = std::make_pair(lessonId, step > 0 ? step - 1 : 0);
    maybeOpenPendingLesson();
}

void App::maybeOpenPendingLesson() {
    if (!pendingLesson_ || !lessonsLoaded_) return;
    auto [id, step] = *pendingLesson_;
    pendingLesson_.reset();
    const Lesson* lesson = catalog_.find(id);
    if (!lesson) {
        lessonView_.setNotice("There is no lesson '" + id + "'. Pick one from the list.", true);
        return;
    }
    if (step >= lesson->steps.size()) {
        lessonView_.setNotice("'" + lesson->title + "' has " + std::to_string(lesson->steps.size()) +
                                  " steps; opening its first.", true);
        step = 0;
    }
    openLessonStep(id, step);
}

void App::openLessonStep(const std::string& lessonId, size_t step) {
    lesson_.rememberSql(editor_.text());
    if (!lesson_.open(lessonId, step)) return;
    editor_.setText(lesson_.editorTextForStep());
    editor_.focus();
    results_.setResult(nullptr);
    lastResult_.reset();
    lastResultJson_.reset();
}

void App::applyLessonIntents(const LessonIntents& intents) {
    if (intents.open) openLessonStep(intents.open->first, intents.open->second);
    if (intents.close) {
        lesson_.rememberSql(editor_.text());
        lesson_.close();
    }
    if (intents.check) lesson_.check(editor_.text());
    if (intents.reset) lesson_.reset();
    if (intents.hint) lesson_.revealHint();
    if (intents.solution) lesson_.showSolution();
    if (intents.next) {
        lesson_.rememberSql(editor_.text());
        if (lesson_.openNext()) {
            editor_.setText(lesson_.editorTextForStep());
            editor_.focus();
            results_.setResult(nullptr);
        }
    }
    if (intents.useSql) {
        editor_.setText(*intents.useSql);
        editor_.focus();
    }
    if (intents.exportProgress && onExportProgress) onExportProgress(progress_.toJson());
    if (intents.importProgress && onImportProgress) onImportProgress();
}

void App::checkFromApi(double apiId) {
    if (!lesson_.isOpen()) {
        Verdict none;
        none.feedback = "No lesson step is open.";
        if (onApiResult) onApiResult(apiId, verdictJson(none).dump());
        return;
    }
    pendingChecks_.push_back(apiId);
    if (!lesson_.checking()) lesson_.check(editor_.text());
}

std::string App::lessonStateJson() const {
    nlohmann::json state = {{"open", lesson_.isOpen()}, {"loaded", lessonsLoaded_}};
    if (lesson_.isOpen()) {
        const Lesson& l = *lesson_.lesson();
        nlohmann::json done = nlohmann::json::array();
        for (size_t i = 0; i < l.steps.size(); ++i) done.push_back(progress_.isDone(l.id, i));
        state["lesson"] = l.id;
        state["step"] = lesson_.stepIndex() + 1;
        state["title"] = lesson_.step()->title;
        state["done"] = done;
        state["preparing"] = lesson_.preparing();
        state["checking"] = lesson_.checking();
        state["hintsShown"] = lesson_.hintsShown();
        state["verdict"] = lesson_.verdict() ? verdictJson(*lesson_.verdict()) : nlohmann::json(nullptr);
    }
    nlohmann::json lessons = nlohmann::json::array();
    for (const Lesson& l : catalog_.lessons())
        lessons.push_back({{"id", l.id}, {"steps", l.steps.size()}, {"done", progress_.doneCount(l.id)}});
    state["lessons"] = lessons;
    return state.dump();
}

std::string App::lastResultJson() const {
    if (!lastResult_) return "null";
    if (!lastResultJson_) lastResultJson_ = toJsonText(*lastResult_);
    return *lastResultJson_;
}

void App::refreshSchema() {
    if (schemaRefreshRunning_) {
        schemaRefreshAgain_ = true;   // one more after the current one, never a pile of them
        return;
    }
    schemaRefreshRunning_ = true;
    RunOptions options;
    options.internal = true;
    options.rowCap = 20000;
    database_.run(schemaQuerySql(), options, [this](QueryResult r) {
        schemaRefreshRunning_ = false;
        SchemaSnapshot snapshot;
        if (parseSchemaResult(r, snapshot)) {
            schema_ = std::move(snapshot);
            for (const auto& [oid, name] : schema_.userTypes) types_.learn(oid, name);
            schemaLoaded_ = true;
        }
        if (schemaRefreshAgain_) {
            schemaRefreshAgain_ = false;
            refreshSchema();
        }
    });
}

void App::watchDatabaseState() {
    DatabaseState state = database_.status().state;
    if (state == lastState_) return;
    if (state == DatabaseState::Ready) refreshSchema();   // first start, or back after a restart and replay
    if ((state == DatabaseState::Ready || state == DatabaseState::Failed) && !announcedReady_) {
        // Announced on failure too, so a page waiting on playground.ready is never left hanging:
        // its runs then answer with the reason PostgreSQL could not start.
        announcedReady_ = true;
        if (state == DatabaseState::Ready && options_.runInitialSql && !editor_.text().empty()) runEditor();
        if (onReady) onReady();
    }
    lastState_ = state;
}

void App::showErrorInEditor() {
    if (lastErrorEditorOffset_) editor_.moveCursorTo(*lastErrorEditorOffset_);
}

void App::frame() {
    watchDatabaseState();
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(viewport->Size);
    ImGui::Begin("pgplay", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    drawToolbar();
    // An embed shows just the editor and results, unless it embeds a lesson step: then the step
    // (task, Check, hints) stands beside the editor.
    if (!options_.embed || lesson_.isOpen()) {
        ImGui::BeginChild("sidebar", ImVec2(sidebarWidth_, 0));
        drawSidebar();
        ImGui::EndChild();
        ImGui::SameLine(0, 0);
        sidebarWidth_ = std::clamp(sidebarWidth_ + splitter("##sidebar-split", true, 8, ImGui::GetContentRegionAvail().y),
                                   160.0f, std::max(160.0f, viewport->Size.x * 0.5f));
        ImGui::SameLine(0, 0);
    }
    ImGui::BeginChild("work", ImVec2(0, 0));
    drawWorkArea();
    ImGui::EndChild();
    ImGui::End();
}

void App::drawToolbar() {
    ImGui::AlignTextToFramePadding();
    if (!options_.embed) {
        ImGui::TextColored(theme::kAccent, "pgplay");
        ImGui::SameLine();
        ImGui::TextColored(theme::kDimText, "PostgreSQL playground");
        ImGui::SameLine(0, 24);
    }
    const bool running = !runs_.empty();
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.16f, 0.42f, 0.26f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.20f, 0.52f, 0.32f, 1.0f));
    if (ImGui::Button("▶ Run")) runEditor();
    ImGui::PopStyleColor(2);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Run the script, or only the selected text (Ctrl+Enter)");
    ImGui::SameLine();
    ImGui::BeginDisabled(!running);
    if (ImGui::Button("■ Stop")) stop();
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Stop the running query. Your committed tables and rows are kept.");
    ImGui::SameLine(0, 16);
    drawDatabaseStatus();
    ImGui::Separator();
}

void App::drawDatabaseStatus() {
    const DatabaseStatus status = database_.status();
    ImGui::AlignTextToFramePadding();
    if (!runs_.empty() && status.state == DatabaseState::Ready) {
        double seconds = ImGui::GetTime() - runs_.front().startedAt;
        const char* spinner = "|/-\\";
        ImGui::TextColored(theme::kWarningText, "%c Running… %.1f s", spinner[static_cast<int>(seconds * 8) % 4], seconds);
        return;
    }
    switch (status.state) {
    case DatabaseState::Loading:
    case DatabaseState::Restarting: {
        ImGui::TextColored(theme::kWarningText, "%s", status.message.empty() ? "Starting PostgreSQL" : status.message.c_str());
        ImGui::SameLine();
        ImGui::ProgressBar(status.progress, ImVec2(160, 0));
        if (!runs_.empty()) {
            ImGui::SameLine();
            ImGui::TextColored(theme::kDimText, "your query runs when it is ready");
        }
        break;
    }
    case DatabaseState::Failed:
        ImGui::TextColored(theme::kErrorText, "PostgreSQL could not start: %s", status.message.c_str());
        break;
    case DatabaseState::Ready:
        ImGui::TextColored(theme::kOkText, "●");
        ImGui::SameLine();
        ImGui::TextColored(theme::kDimText, "PostgreSQL %s in your browser", status.version.c_str());
        if (!status.message.empty()) {
            ImGui::SameLine();
            ImGui::TextColored(theme::kOkText, "· %s", status.message.c_str());
        }
        break;
    }
}

void App::drawSidebar() {
    if (options_.embed) {
        ImGui::BeginChild("lesson-scroll");
        LessonIntents intents = lessonView_.draw(lesson_, catalog_, progress_, fonts_);
        ImGui::EndChild();
        applyLessonIntents(intents);
        return;
    }
    if (ImGui::BeginTabBar("sidebar-tabs")) {
        if (ImGui::BeginTabItem("Lessons")) {
            ImGui::BeginChild("lesson-scroll");
            LessonIntents intents = lessonView_.draw(lesson_, catalog_, progress_, fonts_);
            ImGui::EndChild();
            applyLessonIntents(intents);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Schema")) {
            ImGui::BeginChild("schema-scroll");
            SchemaIntents intents = schemaView_.draw(schema_, schemaLoaded_, fonts_);
            ImGui::EndChild();
            if (intents.insertText) {
                editor_.setText(*intents.insertText);
                editor_.focus();
            }
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("History")) {
            ImGui::BeginChild("history-scroll");
            if (auto picked = historyView_.draw(history_, fonts_)) {
                editor_.setText(*picked);
                editor_.focus();
            }
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
}

void App::drawWorkArea() {
    const float available = ImGui::GetContentRegionAvail().y;
    const float editorHeight = std::clamp(available * editorFraction_, 80.0f, std::max(80.0f, available - 120.0f));
    EditorIntents editorIntents = editor_.draw("##sql", ImVec2(ImGui::GetContentRegionAvail().x, editorHeight), fonts_);
    if (editor_.revision() != editorRevisionSeen_) {
        editorRevisionSeen_ = editor_.revision();
        noteText(editor_.text());
    }
    if (editorIntents.check && lesson_.isOpen())
        lesson_.check(editor_.text());
    else if (editorIntents.run || editorIntents.check)
        runEditor();
    float dragged = splitter("##editor-split", false, 8, ImGui::GetContentRegionAvail().x);
    if (dragged != 0 && available > 0) editorFraction_ = std::clamp(editorFraction_ + dragged / available, 0.1f, 0.9f);

    ImGui::BeginChild("results", ImVec2(0, 0), ImGuiChildFlags_None, ImGuiWindowFlags_NoScrollbar);
    DatabaseState state = database_.status().state;
    if (!lastResult_ && (state == DatabaseState::Loading || state == DatabaseState::Failed)) {
        const DatabaseStatus status = database_.status();
        ImGui::Spacing();
        if (state == DatabaseState::Failed) {
            ImGui::TextColored(theme::kErrorText, "PostgreSQL could not start.");
            ImGui::TextWrapped("%s", status.message.c_str());
            ImGui::TextColored(theme::kDimText, "Reload the page to try again.");
        } else {
            ImGui::TextUnformatted("Starting PostgreSQL in your browser. You can write SQL meanwhile.");
            ImGui::ProgressBar(status.progress, ImVec2(std::min(420.0f, ImGui::GetContentRegionAvail().x), 0),
                               status.message.c_str());
        }
    } else {
        ResultsIntents intents = results_.draw(types_, fonts_);
        if (intents.showErrorInEditor) showErrorInEditor();
    }
    ImGui::EndChild();
}

}  // namespace pgplay
