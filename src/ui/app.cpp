#include "ui/app.h"

#include <algorithm>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/race_script.h"
#include "core/result_description.h"
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

}  // namespace

App::App(PlaygroundDatabases databases, Database& raceDatabase, std::function<void()> startRaceDatabase,
         SandboxFileActions sandboxFiles, Fonts fonts, AppOptions options)
    : playground_(std::move(databases), options, [] { return ImGui::GetTime(); }),
      fonts_(fonts),
      options_(std::move(options)),
      races_(raceDatabase, std::move(startRaceDatabase)),
      sandboxFiles_(std::move(sandboxFiles)),
      explain_([this]() -> Database& { return playground_.activeDatabase(); }, playground_.schema()) {
    theme::apply();
    if (options_.embed) editorFraction_ = 0.45f;
    lessonView_.setRoadmapAllowed(!options_.embed);
}

int App::nextRedrawInMs() const {
    DatabaseState s = playground_.databaseStatus().state;
    // A few frames a second are enough for a progress bar, and leave the CPU to PostgreSQL.
    if (s == DatabaseState::Loading || s == DatabaseState::Restarting) return 250;
    if (playground_.pollDue()) return 0;
    if (editor_.framePending() || scriptTabs_.framePending()) return 0;   // focus to take, an edit to apply
    if (playground_.running()) return 100;   // the running timer
    if (races_.playing() || races_.clientsRunning()) return 250;   // "Playing…" until the replies are in
    return -1;
}

void App::addLessonFile(const std::string& fileName, const std::string& text) {
    playground_.addLessonFile(fileName, text);
    noteText(text);
}

void App::openLessonFile(const std::string& fileName, const std::string& text, size_t step) {
    playground_.openLessonFile(fileName, text, step);
    noteText(text);
}

void App::addRaceFile(const std::string& fileName, const std::string& text) {
    races_.addScenarioFile(fileName, text);
    noteText(text);
}

void App::racesLoaded() {
    racesLoaded_ = true;
    if (!raceToOpen_.empty()) openRace(std::exchange(raceToOpen_, std::string()));
    for (auto& [apiId, id] : std::exchange(raceCallsWaiting_, {})) raceFromApi(apiId, id);
}

void App::openRace(const std::string& id) {
    if (!racesLoaded_) {
        raceToOpen_ = id;
        return;
    }
    showRacesTab_ = true;
    if (id == "many-clients") {
        races_.openClients();
        return;
    }
    raceNotice_ = races_.open(id) ? "" : "There is no race scenario \"" + id + "\" (from the page's address). "
                                          "Pick one below.";
}

void App::raceFromApi(double apiId, const std::string& id) {
    if (!racesLoaded_) {
        raceCallsWaiting_.emplace_back(apiId, id);
        return;
    }
    auto answer = [this, apiId](const std::string& json) {
        if (playground_.onApiResult) playground_.onApiResult(apiId, json);
    };
    if (!races_.open(id)) {
        nlohmann::json known = nlohmann::json::array();
        for (const RaceScenario& s : races_.scenarios()) known.push_back(s.id);
        answer(nlohmann::json{{"error", "there is no race scenario \"" + id + "\""}, {"known", known}}.dump());
        return;
    }
    showRacesTab_ = true;
    races_.whenPlayed([this, answer, id] {
        if (!races_.isOpen() || races_.scenario().id != id) {
            answer(nlohmann::json{{"error", "the race was closed, or another one opened, before it was played"}}.dump());
            return;
        }
        if (const auto& f = races_.failure()) {
            const char* kind = f->kind == RaceFailure::Kind::Refused ? "refused" : f->kind == RaceFailure::Kind::SetupFailed ? "setup" : "engine";
            answer(nlohmann::json{{"error", f->message}, {"kind", kind}, {"timeline", nlohmann::json::parse(raceTimelineJson(races_.timeline()))}}.dump());
            return;
        }
        answer(raceTimelineJson(races_.timeline()));
    });
}

std::string App::raceStateJson() const {
    using json = nlohmann::ordered_json;
    if (races_.clientsOpen()) {
        json outcomes = json::array();
        for (const ClientsOutcome& o : races_.clientsOutcomes())
            outcomes.push_back({{"strategy", clientStrategyName(o.strategy)}, {"clients", o.clients},
                                {"increments", o.increments}, {"expected", o.expected},
                                {"final", o.final ? json(*o.final) : json(nullptr)}, {"waits", o.waits},
                                {"retries", o.retries}, {"statements", o.statements}, {"ms", o.ms},
                                {"failure", o.failure ? json(*o.failure) : json(nullptr)}});
        return json{{"id", "many-clients"}, {"running", races_.clientsRunning()}, {"outcomes", outcomes}}.dump();
    }
    if (!races_.isOpen()) return "null";
    const RaceScenario& s = races_.scenario();
    json steps = json::array();
    for (size_t i = 0; i < s.steps.size(); ++i) {
        static const char* names[] = {"not issued", "done", "waiting", "failed"};
        json step = {{"who", s.steps[i].session}, {"sql", s.steps[i].sql},
                     {"state", names[static_cast<int>(races_.stateOf(i))]}};
        if (races_.stateOf(i) == RaceStepState::Done || races_.stateOf(i) == RaceStepState::Failed) {
            const auto& result = races_.timeline().steps[i].result;
            step["result"] = result ? json(*result) : json(nullptr);
        }
        if (races_.stateOf(i) == RaceStepState::Waiting) step["waitingFor"] = races_.waitingFor(s.steps[i].session);
        steps.push_back(std::move(step));
    }
    json out = {{"id", s.id}, {"title", s.title}, {"position", races_.position()}, {"total", races_.total()},
                {"reachable", races_.reachable()}, {"playing", races_.playing()}, {"edited", races_.edited()},
                {"next", races_.canGoNext()}, {"steps", std::move(steps)}};
    out["failure"] = races_.failure() ? json(races_.failure()->message) : json(nullptr);
    return out.dump();
}

bool App::learnerInTransaction() const {
    const auto& shown = playground_.shown().result;
    return shown && shown->transactionStatus != "I";
}

void App::explainAtCursor() {
    races_.close();
    diagramOpen_ = false;
    const EditorSelection s = editorSelection();
    explain_.explain(ExplainSession::statementAt(editor_.text(), s.begin, s.end), explainAnalyze_, learnerInTransaction());
}

void App::explainFromApi(double apiId, const std::string& sql, bool analyze) {
    races_.close();
    diagramOpen_ = false;
    explain_.explain(ExplainSession::statementAt(sql, 0, 0), analyze, learnerInTransaction(),
                     [this, apiId](const ExplainOutcome& o) {
                         if (playground_.onApiResult) playground_.onApiResult(apiId, explainJson(o));
                     });
}

std::string App::openDiagram() {
    races_.close();
    diagramOpen_ = true;
    using json = nlohmann::ordered_json;
    const ErModel m = buildErModel(playground_.schema());
    json entities = json::array(), relationships = json::array();
    for (const ErEntity& e : m.entities) {
        json columns = json::array();
        for (const ErColumn& c : e.columns)
            columns.push_back({{"name", c.name}, {"type", c.type}, {"primaryKey", c.primaryKey},
                               {"foreignKey", c.foreignKey}, {"notNull", c.notNull}, {"unique", c.unique}});
        entities.push_back({{"name", e.name}, {"kind", e.kind}, {"linkTable", e.linkTable}, {"columns", columns}});
    }
    static const char* cardinality[] = {"one-to-one", "one-to-many", "many-to-many"};
    for (const ErRelationship& r : m.relationships) {
        // One-to-x: from the referenced table to the referencing one; many-to-many: the two
        // sides in the link table's column order.
        const bool m2m = r.cardinality == ErCardinality::ManyToMany;
        json rel = {{"from", m.entities[m2m ? r.child : r.parent].name}, {"to", m.entities[m2m ? r.parent : r.child].name},
                    {"cardinality", cardinality[static_cast<int>(r.cardinality)]}, {"onDelete", r.onDelete},
                    {"optional", r.optional}, {"constraint", r.constraint}};
        rel["through"] = r.link ? json(m.entities[*r.link].name) : json(nullptr);
        relationships.push_back(std::move(rel));
    }
    return json{{"loaded", playground_.schemaLoaded()}, {"entities", entities}, {"relationships", relationships}}.dump();
}

// A race step's answer is a race script (core/race_script.h) in the editor's text, which Check
// grades. The race view plays it beside the task: opened with the step, played again whenever
// the text changes (Solution, Reset, the page's API), and its own edits (a statement retyped,
// another session sent first) written back into the text.
void App::followRaceStep() {
    const LessonSession& lesson = playground_.lesson();
    const Step* step = lesson.isOpen() && !lesson.quizOpen() ? lesson.step() : nullptr;
    // The ORM lens's numbers belong to the step they were measured on.
    if (!ormLens_.key().empty() &&
        (!step || ormLens_.key() != lesson.stepKey()))
        ormLens_.forget();
    const std::string key = step && step->isRace() ? lesson.stepKey() : "";
    if (key != raceStep_.key) {
        // The race of the step left behind goes with it (even when its text stopped being a race).
        if (!raceStep_.key.empty() && races_.isOpen() && races_.scenario().id == raceStep_.race) races_.close();
        raceStep_ = {};
        raceStep_.key = key;
        if (step && step->isRace()) {
            raceStep_.race = step->race;
            showRaceStep();
        }
        return;
    }
    if (!step || !step->isRace()) return;
    if (!raceStep_.shown || !races_.isOpen()) {
        raceStep_.shown = false;
        return;
    }
    // The scenario files may arrive after the step opened: their title and introduction then.
    const bool framed = races_.scenario().intro.empty() && races_.find(step->race) && !races_.find(step->race)->intro.empty();
    if (playground_.editorText() != raceStep_.text || framed) {
        showRaceStep();
    } else {
        // The scenario changes at once with an edit; its play follows. Check must grade the edit.
        std::string mine = raceScript(races_.scenario());
        if (mine != raceStep_.script) {
            raceStep_.text = raceStep_.script = mine;
            playground_.replaceEditorText(std::move(mine));
        }
    }
}

bool App::showRaceStep() {
    const LessonSession& lesson = playground_.lesson();
    const Step* step = lesson.step();
    if (!step || !step->isRace()) return false;
    const std::string& text = playground_.editorText();
    RaceParseResult mine = raceScenarioFromScript(text, step->title, {lesson.lesson()->setupSql, step->setupSql});
    raceStep_.text = text;
    if (!mine.ok()) {
        // The lanes would show a race that is no longer the answer: the editor shows the text.
        if (races_.isOpen() && races_.scenario().id == step->race) races_.close();
        raceStep_.shown = false;
        const LessonError& e = mine.errors.front();
        lessonView_.setNotice("The editor's text is not a race yet" + (e.line > 0 ? " (line " + std::to_string(e.line) + ")" : std::string()) +
                                  ": " + e.message + ".",
                              true);
        return false;
    }
    // The scenario file's introduction and title frame the learner's statements.
    RaceScenario original = *mine.scenario;
    mine.scenario->id = step->race;
    if (const RaceScenario* file = races_.find(step->race)) {
        mine.scenario->title = file->title;
        mine.scenario->summary = file->summary;
        mine.scenario->intro = file->intro;
    }
    if (RaceParseResult starter = raceScenarioFromScript(step->starter, step->title, mine.scenario->setup); starter.ok())
        original = *starter.scenario;
    original.id = mine.scenario->id;
    original.title = mine.scenario->title;
    original.summary = mine.scenario->summary;
    original.intro = mine.scenario->intro;
    raceStep_.script = raceScript(*mine.scenario);
    diagramOpen_ = false;
    races_.openScenario(std::move(*mine.scenario), std::move(original));
    raceStep_.shown = true;
    return true;
}

bool App::runOrmLens(std::function<void()> done) {
    const LessonSession& lesson = playground_.lesson();
    const Step* step = lesson.isOpen() && !lesson.quizOpen() ? lesson.step() : nullptr;
    if (!step || !step->orm) return false;
    if (learnerInTransaction()) {
        // Its queries would run inside the learner's transaction, and one error would abort it.
        lessonView_.setNotice("Run both waits until your transaction ends: COMMIT or ROLLBACK first.", true);
        if (done) done();
        return true;
    }
    ormLens_.run(playground_.activeDatabase(), *step->orm, playground_.editorText(),
                 lesson.stepKey(), std::move(done));
    return true;
}

void App::ormLensFromApi(double apiId) {
    auto answer = [this, apiId](const std::string& json) {
        if (playground_.onApiResult) playground_.onApiResult(apiId, json);
    };
    if (!runOrmLens([this, answer] {
            using json = nlohmann::ordered_json;
            const auto describeRun = [](const std::optional<OrmLensRun>& run) {
                if (!run) return json(nullptr);
                return json{{"queries", run->queries}, {"rows", run->rows}, {"ms", run->ms}, {"dbMs", run->dbMs},
                            {"cutShort", run->cutShort},
                            {"error", run->error ? json(run->error->message) : json(nullptr)}};
            };
            if (learnerInTransaction()) return answer(json{{"error", "a transaction is open: COMMIT or ROLLBACK first"}}.dump());
            if (ormLens_.running() || !ormLens_.orm()) return answer(json{{"error", "the comparison was replaced by another"}}.dump());
            answer(json{{"orm", describeRun(ormLens_.orm())}, {"yours", describeRun(ormLens_.yours())}}.dump());
        }))
        answer(nlohmann::json{{"error", "the open lesson step has no ORM lens"}}.dump());
}

void App::applyRaceIntents(const RaceIntents& intents) {
    if (intents.open || intents.openClients) {
        diagramOpen_ = false;
        showPane_ = CompactPane::Sql;   // on a phone, the race is on the other tab
    }
    if (intents.open) {
        races_.open(*intents.open);
        raceNotice_.clear();
    }
    if (intents.open || intents.openClients || intents.close) raceStep_.shown = false;
    if (intents.close) races_.close();
    if (intents.openClients) races_.openClients();
    if (intents.runClients) races_.runClients(intents.runClients->first, intents.runClients->second);
    if (intents.rewind) races_.rewind();
    if (intents.back) races_.back();
    if (intents.step) races_.step();
    if (intents.runToEnd) races_.runToEnd();
    if (intents.restore) races_.restoreOriginal();
    if (intents.chooseNext) races_.chooseNext(*intents.chooseNext);
    if (intents.edit) {
        noteText(intents.edit->second);
        races_.editStatement(intents.edit->first, intents.edit->second);
    }
    followRaceStep();   // a race step's answer follows the edit before anything can check it
}

void App::followModel() {
    const ShownResult& shown = playground_.shown();
    if (shown.revision != shownRevisionSeen_) {
        shownRevisionSeen_ = shown.revision;
        results_.setResult(shown.result, shown.errorLocation ? describe(*shown.errorLocation) : std::string());
        if (shown.result) noteResultText(*shown.result);
        // The learner's own EXPLAIN is drawn too, in the Plan tab beside the text. Any other
        // result brings the Results tab forward; a step just opened (no result) its diagram.
        if (shown.result && !explain_.showFromResult(*shown.result)) selectResults_ = true;
        if (!shown.result) selectDiagram_ = true;
    }
    const PlaygroundNotice& notice = playground_.lessonNotice();
    if (notice.revision != noticeRevisionSeen_) {
        noticeRevisionSeen_ = notice.revision;
        lessonView_.setNotice(notice.text, notice.error, notice.offeredSql);
    }
    const LessonSession& lesson = playground_.lesson();
    if (lesson.verdictCount() != verdictsSeen_) {
        verdictsSeen_ = lesson.verdictCount();
        if (lesson.verdict()) noteText(lesson.verdict()->feedback);
        // A passing answer to an ORM lens step is measured beside the ORM's queries at once.
        if (lesson.verdict() && lesson.verdict()->pass && !lesson.checking()) runOrmLens();
    }
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

void App::drawScriptTabs() {
    const ScriptTabIntents t = scriptTabs_.draw(playground_.scripts());
    if (t.select) playground_.selectScript(*t.select);
    if (t.add) playground_.addScript();
    if (t.rename) playground_.renameScript(t.rename->first, t.rename->second);
    if (t.download) playground_.downloadScript(*t.download);
    if (t.openFile) playground_.requestScriptFile();
    if (t.close) playground_.closeScript(*t.close);
    if (t.format) editor_.format();
    if (t.backToEditor) editor_.focus();
}

void App::applyEditorRequests() {
    EditorRequests r = playground_.takeEditorRequests();
    if (!r.any()) return;
    if (r.setText) editor_.setText(std::move(*r.setText), r.newDocument);
    if (r.clearErrorMark) editor_.clearError();
    if (r.markError) editor_.markError(r.markError->first, std::move(r.markError->second));
    if (r.moveCursorTo) editor_.moveCursorTo(*r.moveCursorTo);
    if (r.focus) editor_.focus();
}

EditorSelection App::editorSelection() const {
    auto [begin, end] = editor_.selection();
    return {begin, end};
}

void App::applyLessonIntents(const LessonIntents& intents) {
    if (intents.open) playground_.openLessonStep(intents.open->first, intents.open->second);
    if (intents.close) playground_.closeLesson();
    if (intents.check) playground_.checkLesson();
    if (intents.reset) playground_.resetLesson();
    if (intents.hint) playground_.revealHint();
    if (intents.solution) playground_.showSolution();
    if (intents.next) playground_.nextStep();
    if (intents.openQuiz) playground_.openQuiz();
    if (intents.closeQuiz) playground_.closeQuiz();
    if (intents.answer) playground_.answerQuestion(intents.answer->first, intents.answer->second);
    if (intents.revealAnswer) playground_.revealAnswer(*intents.revealAnswer);
    if (intents.runOrmLens) runOrmLens();
    if (intents.showRace && showRaceStep()) showPane_ = CompactPane::Sql;
    if (intents.showRaceText) {
        races_.close();
        raceStep_.shown = false;
        showPane_ = CompactPane::Sql;
    }
    if (intents.useSql) {
        playground_.putInEditor(*intents.useSql);
        showPane_ = CompactPane::Sql;
    }
    if (intents.exportProgress) playground_.exportProgress();
    if (intents.importProgress) playground_.requestProgressImport();
}

void App::frame() {
    playground_.poll();
    followModel();
    followRaceStep();
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(viewport->Size);
    ImGui::Begin("pgplay", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    drawToolbar();
    toolbarBottom_ = ImGui::GetCursorPosY();
    // An embed shows just the editor and results, unless it embeds a lesson step: then the step
    // (task, Check, hints) stands beside the editor.
    const bool raceShown = races_.isOpen() || races_.clientsOpen();
    // A race step's race is its answer: the task stays beside it.
    const bool withSidebar =
        !options_.embed || (playground_.lesson().isOpen() && (!raceShown || (raceStep_.shown && races_.isOpen())));
    if (withSidebar && compact()) {
        // One column: the sidebar and the work area are two tabs, so each gets the whole width.
        // A lesson that opens shows its task first; the learner switches to SQL to answer.
        if (!std::exchange(compactShown_, true) && !showPane_) showPane_ = CompactPane::Sql;
        if (playground_.lesson().isOpen() && !lessonWasOpen_) showPane_ = CompactPane::Learn;
        lessonWasOpen_ = playground_.lesson().isOpen();
        if (ImGui::BeginTabBar("compact-panes")) {
            const auto pane = [&](const char* label, CompactPane which) {
                return ImGui::BeginTabItem(label, nullptr, showPane_ == which ? ImGuiTabItemFlags_SetSelected : 0);
            };
            if (pane(playground_.lesson().isOpen() ? "Lesson" : "Learn", CompactPane::Learn)) {
                ImGui::BeginChild("sidebar");
                drawSidebar();
                ImGui::EndChild();
                ImGui::EndTabItem();
            }
            if (pane(raceShown ? "Race" : "SQL", CompactPane::Sql)) {
                ImGui::BeginChild("work");
                drawMainArea();
                ImGui::EndChild();
                ImGui::EndTabItem();
            }
            showPane_.reset();
            ImGui::EndTabBar();
        }
        ImGui::End();
        reportEmbedHeight();
        reportAccessibleText();
        return;
    }
    if (withSidebar) {
        ImGui::BeginChild("sidebar", ImVec2(sidebarWidth_, 0));
        drawSidebar();
        ImGui::EndChild();
        ImGui::SameLine(0, 0);
        sidebarWidth_ = std::clamp(sidebarWidth_ + splitter("##sidebar-split", true, 8, ImGui::GetContentRegionAvail().y),
                                   160.0f, std::max(160.0f, viewport->Size.x * 0.5f));
        ImGui::SameLine(0, 0);
    }
    ImGui::BeginChild("work", ImVec2(0, 0));
    drawMainArea();
    ImGui::EndChild();
    ImGui::End();
    reportEmbedHeight();
    reportAccessibleText();
}

bool App::compact() const { return ImGui::GetMainViewport()->Size.x < kCompactWidth; }

void App::drawMainArea() {
    if (races_.clientsOpen()) {
        applyRaceIntents(raceView_.drawClients(races_, fonts_, options_.embed));
    } else if (races_.isOpen()) {
        applyRaceIntents(raceView_.draw(races_, fonts_, options_.embed));
    } else if (diagramOpen_) {
        if (erView_.draw(playground_.schema(), playground_.schemaLoaded(), fonts_, true).close) diagramOpen_ = false;
    } else {
        drawWorkArea();
    }
}

void App::setAppearance(bool light, bool reducedMotion) {
    if (light != theme::isLight()) theme::apply(light);
    reducedMotion_ = reducedMotion;
}

bool App::performAction(const std::string& name) {
    if (name == "run") playground_.runEditor(editorSelection());
    else if (name == "stop") playground_.stop();
    else if (name == "check") playground_.checkOrRun(editorSelection());
    else if (name == "hint") playground_.revealHint();
    else if (name == "next") playground_.nextStep();
    else if (name == "explain") explainAtCursor();
    else return false;
    return true;
}

void App::reportAccessibleText() {
    if (!onAccessibleText) return;
    const LessonSession& lesson = playground_.lesson();
    const DatabaseStatus status = playground_.databaseStatus();
    // Rebuilt only when something it says changed: the result, the step, a verdict, a hint, the
    // race, the database's state.
    std::string key = std::to_string(playground_.shown().revision) + "/" + std::to_string(lesson.verdictCount()) + "/" +
                      std::to_string(lesson.hintsShown()) + "/" + std::to_string(static_cast<int>(status.state)) + "/" +
                      (lesson.isOpen() ? lesson.lesson()->id + "#" + std::to_string(lesson.stepIndex()) : "") + "/" +
                      (races_.isOpen() ? races_.scenario().id : "") + "/" + (lesson.quizOpen() ? "quiz" : "");
    if (lesson.quizOpen()) key += "#" + std::to_string(lesson.quizRevision());
    if (ormLens_.orm() && ormLens_.yours()) key += "/lens:" + describeOrmLensRun(*ormLens_.orm()) + describeOrmLensRun(*ormLens_.yours());
    if (key == accessibleKey_) return;
    accessibleKey_ = std::move(key);
    nlohmann::ordered_json out;
    if (lesson.isOpen()) {
        const Step& step = *lesson.step();
        nlohmann::ordered_json hints = nlohmann::ordered_json::array();
        for (size_t i = 0; i < lesson.hintsShown() && i < step.hints.size(); ++i) hints.push_back(step.hints[i]);
        out["lesson"] = {{"title", lesson.lesson()->title}, {"step", lesson.stepIndex() + 1},
                         {"steps", lesson.lesson()->steps.size()}, {"stepTitle", step.title}, {"task", step.task},
                         {"hints", hints}};
        // The ORM lens as the pane shows it: the code, the queries it sends, the last comparison.
        if (step.orm) {
            std::string lens = "ORM lens, " + step.orm->label + ":\n```\n" + step.orm->code + "\n```\nThe ORM sends `" +
                               step.orm->outerSql + "`, then `" + step.orm->innerSql + "` once for each row, with $1 = its " +
                               step.orm->column + ".";
            if (ormLens_.orm() && ormLens_.yours() && !ormLens_.running())
                lens += " Run both: the ORM, " + describeOrmLensRun(*ormLens_.orm()) + "; your SQL, " +
                        describeOrmLensRun(*ormLens_.yours()) + ".";
            out["lesson"]["lens"] = lens;
        }
    }
    if (lesson.isOpen() && lesson.quizOpen()) {
        // The quick check read aloud: each question, its choices numbered, and its verdict.
        nlohmann::ordered_json questions = nlohmann::ordered_json::array();
        const Lesson& l = *lesson.lesson();
        for (size_t i = 0; i < l.questions.size(); ++i) {
            const Question& q = l.questions[i];
            nlohmann::ordered_json choices = nlohmann::ordered_json::array();
            for (const QuestionOption& o : q.options) choices.push_back(o.text);
            const auto& v = lesson.questionVerdict(i);
            questions.push_back({{"title", q.title}, {"prompt", q.prompt}, {"choices", choices},
                                 {"verdict", (v ? (v->right ? "" : "Not yet. ") + v->feedback : std::string()) +
                                                 (lesson.answerRevealed(i) && !q.answers.empty()
                                                      ? " The answer: " + q.answers.front() + "."
                                                      : std::string())}});
        }
        out["lesson"]["quiz"] = questions;
    }
    if (races_.isOpen()) out["race"] = {{"title", races_.scenario().title}, {"summary", races_.scenario().summary}};
    const auto& shown = playground_.shown().result;
    out["result"] = shown ? describeResult(*shown) : "";
    out["verdict"] = lesson.isOpen() && lesson.verdict() ? describeVerdict(*lesson.verdict()) : "";
    out["database"] = status.state == DatabaseState::Ready     ? "ready"
                      : status.state == DatabaseState::Failed  ? "PostgreSQL could not start: " + status.message
                                                               : "PostgreSQL is starting";
    onAccessibleText(out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

std::string App::sharePayloadJson() const {
    nlohmann::ordered_json payload = {{"sql", playground_.editorText()}};
    if (playground_.lesson().isOpen()) {
        payload["lesson"] = playground_.lesson().lesson()->id;
        payload["step"] = playground_.lesson().stepIndex() + 1;
    }
    // A race step's race is the step's answer, in "sql": the step opens it again by itself.
    if (races_.isOpen() && !raceStep_.shown) payload["race"] = races_.scenario().id;
    return payload.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void App::showShareLink(const std::string& url, const std::string& problem, bool copied) {
    share_.url = url;
    share_.problem = problem;
    share_.copied = copied;
    share_.open = true;
    noteText(problem);
}

void App::drawShareDialog() {
    if (std::exchange(share_.open, false)) ImGui::OpenPopup("Share");
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(560.0f, viewport->Size.x - 24), 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal("Share", nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
    ImGui::PushTextWrapPos(0);
    if (!share_.problem.empty()) {
        ImGui::TextColored(theme::kErrorText, "%s", share_.problem.c_str());
    } else {
        ImGui::TextUnformatted("A link to this script, with the lesson step or race open now. The script travels in the "
                               "link itself: nothing is uploaded, and your database stays in this browser.");
        ImGui::Spacing();
        ImGui::SetNextItemWidth(-1);
        ImGui::InputText("##share-url", share_.url.data(), share_.url.size() + 1, ImGuiInputTextFlags_ReadOnly |
                                                                                    ImGuiInputTextFlags_AutoSelectAll);
        if (ImGui::Button("Copy link")) {
            ImGui::SetClipboardText(share_.url.c_str());
            share_.copied = true;
        }
        if (share_.copied) {
            ImGui::SameLine();
            ImGui::TextColored(theme::kOkText, "Copied to the clipboard.");
        }
    }
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    if (ImGui::Button("Close") || ImGui::IsKeyPressed(ImGuiKey_Escape)) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

EmbedLayout App::embedLayoutNow() const {
    EmbedLayoutInput in;
    in.toolbarHeight = toolbarBottom_;
    in.lineHeight = ImGui::GetTextLineHeightWithSpacing();
    const std::string& text = playground_.editorText();
    in.editorLines = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    in.paneView = playground_.lesson().isOpen() || races_.isOpen() || races_.clientsOpen() || diagramOpen_;
    if (const auto& result = playground_.shown().result) {
        if (result->error || result->results.empty() || !result->results.back().hasRowSet) {
            in.below = EmbedLayoutInput::Below::Message;
        } else {
            in.below = EmbedLayoutInput::Below::Rows;
            in.resultRows = static_cast<int>(std::min<size_t>(result->results.back().rows.rowCount(), 1000));
        }
    }
    return embedLayout(in);
}

void App::reportEmbedHeight() {
    if (!options_.embed || !onEmbedHeight) return;
    const int height = static_cast<int>(embedLayoutNow().preferredHeight);
    if (height == embedHeightSent_) return;
    embedHeightSent_ = height;
    onEmbedHeight(height);
}

void App::drawToolbar() {
    ImGui::AlignTextToFramePadding();
    const bool narrow = compact();
    if (!options_.embed && !narrow) {
        ImGui::TextColored(theme::kAccent, "pgplay");
        ImGui::SameLine();
        ImGui::TextColored(theme::kDimText, "PostgreSQL playground");
        ImGui::SameLine(0, 24);
    }
    const bool running = playground_.running();
    ImGui::PushStyleColor(ImGuiCol_Button, theme::kGoButton);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, theme::kGoButtonHovered);
    if (ImGui::Button("▶ Run")) playground_.runEditor(editorSelection());
    ImGui::PopStyleColor(2);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Run the script, or only the selected text (Ctrl+Enter)");
    ImGui::SameLine();
    ImGui::BeginDisabled(!running);
    if (ImGui::Button("■ Stop")) playground_.stop();
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Stop the running query. Your committed tables and rows are kept.");
    ImGui::SameLine();
    if (ImGui::Button("Explain")) explainAtCursor();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("How PostgreSQL runs the statement under the cursor: its plan, drawn as a tree (Ctrl+E)");
    ImGui::SameLine();
    ImGui::Checkbox("run it", &explainAnalyze_);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("On: EXPLAIN ANALYZE runs the statement to measure it (changes are rolled back).\n"
                          "Off: only the planner's estimate.");
    // On a phone the toolbar takes three short rows: the run buttons, the menus, the status.
    if (!options_.embed) {
        if (!narrow) ImGui::SameLine(0, 16);
        drawSandboxMenu();
        ImGui::SameLine();
        if (ImGui::Button("Share") && onShare) onShare(sharePayloadJson(), false);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("A link to this script (and the lesson step or race open now)");
    }
    if (options_.embed && onShare) {
        // The same exercise in a tab of its own, with room for the lessons, races and schema.
        if (!narrow) ImGui::SameLine(0, 16);
        if (ImGui::Button("Open full size ↗")) onShare(sharePayloadJson(), true);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open this exercise in pgplay, in a new tab, with your SQL");
    }
    if (!narrow || options_.embed) {
        ImGui::SameLine(0, 16);
        if (ImGui::GetContentRegionAvail().x < 240) ImGui::NewLine();   // a tablet: the status on its own row
    }
    drawDatabaseStatus();
    ImGui::Separator();
    drawShareDialog();
}

void App::drawSandboxMenu() {
    const bool lessonOpen = playground_.onLessonDatabase();
    const bool ready = playground_.databaseStatus().state == DatabaseState::Ready;
    const SandboxIntents intents =
        sandboxMenu_.draw(!lessonOpen && ready, lessonOpen ? "A lesson is open: these act on your own database, which "
                                                             "is back when you close the lesson (All lessons)."
                                                           : "PostgreSQL is not ready yet.");
    if (intents.download && sandboxFiles_.download) sandboxFiles_.download();
    if (intents.pickFile && sandboxFiles_.pickFile) sandboxFiles_.pickFile();
    if (intents.reset) replaceSandbox(NewContents::Empty, "");
    if (intents.openPicked) replaceSandbox(NewContents::PickedFile, *intents.openPicked);
}

void App::replaceSandbox(NewContents contents, const std::string& label) {
    if (!sandboxFiles_.replace) return;
    sandboxFiles_.replace(contents, label);
}

void App::drawDatabaseStatus() {
    const DatabaseStatus status = playground_.databaseStatus();
    ImGui::AlignTextToFramePadding();
    if (playground_.running() && status.state == DatabaseState::Ready) {
        double seconds = playground_.runningSeconds();
        if (reducedMotion_) {
            ImGui::TextColored(theme::kWarningText, "Running… %.1f s", seconds);   // the time still counts
        } else {
            const char* spinner = "|/-\\";
            ImGui::TextColored(theme::kWarningText, "%c Running… %.1f s", spinner[static_cast<int>(seconds * 8) % 4], seconds);
        }
        return;
    }
    switch (status.state) {
    case DatabaseState::Loading:
    case DatabaseState::Restarting: {
        ImGui::TextColored(theme::kWarningText, "%s", status.message.empty() ? "Starting PostgreSQL" : status.message.c_str());
        ImGui::SameLine();
        ImGui::ProgressBar(status.progress, ImVec2(160, 0));
        if (playground_.running()) {
            ImGui::SameLine();
            ImGui::TextColored(theme::kDimText, "your query runs when it is ready");
        }
        break;
    }
    case DatabaseState::Failed:
        if (ImGui::SmallButton("Try again")) playground_.restartDatabase();
        ImGui::SameLine();
        ImGui::TextColored(theme::kErrorText, "PostgreSQL could not start: %s", status.message.c_str());
        break;
    case DatabaseState::Ready:
        ImGui::TextColored(theme::kOkText, "●");
        ImGui::SameLine();
        ImGui::TextColored(theme::kDimText, "PostgreSQL %s in your browser", status.version.c_str());
        if (playground_.onLessonDatabase()) {
            ImGui::SameLine();
            ImGui::TextColored(theme::kDimText, "· lesson database");
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("This lesson works in a database of its own, which each step sets up.\n"
                                  "Your own tables are in your sandbox, untouched: close the lesson to go back to them.");
        } else if (!status.storageNote.empty()) {
            ImGui::SameLine();
            ImGui::TextColored(theme::kWarningText, "· temporary database");
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", status.storageNote.c_str());
        }
        if (!status.message.empty()) {
            ImGui::SameLine();
            ImGui::TextColored(theme::kOkText, "· %s", status.message.c_str());
        }
        break;
    }
}

void App::drawLessonPane() {
    ImGui::BeginChild("lesson-scroll");
    lessonView_.setRaceShown(raceStep_.shown && races_.isOpen());
    lessonView_.setOrmLens(&ormLens_);
    LessonIntents intents = lessonView_.draw(playground_.lesson(), playground_.catalog(), playground_.progress(), fonts_);
    ImGui::EndChild();
    applyLessonIntents(intents);
}

void App::drawSidebar() {
    if (options_.embed) {
        drawLessonPane();
        return;
    }
    if (ImGui::BeginTabBar("sidebar-tabs")) {
        if (ImGui::BeginTabItem("Lessons")) {
            drawLessonPane();
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Races", nullptr, std::exchange(showRacesTab_, false) ? ImGuiTabItemFlags_SetSelected : 0)) {
            ImGui::BeginChild("races-scroll");
            if (!raceNotice_.empty()) {
                ImGui::PushTextWrapPos(0);
                ImGui::TextColored(theme::kErrorText, "%s", raceNotice_.c_str());
                ImGui::PopTextWrapPos();
            }
            applyRaceIntents(raceView_.drawList(races_));
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Schema")) {
            if (ImGui::SmallButton("Diagram of these tables")) {
                races_.close();
                diagramOpen_ = true;
            }
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Tables as boxes, foreign keys as arrows");
            ImGui::BeginChild("schema-scroll");
            SchemaIntents intents = schemaView_.draw(playground_.schema(), playground_.schemaLoaded(), fonts_);
            ImGui::EndChild();
            if (intents.insertText) {
                playground_.putInEditor(*intents.insertText);
                showPane_ = CompactPane::Sql;
            }
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("History")) {
            ImGui::BeginChild("history-scroll");
            if (auto picked = historyView_.draw(playground_.history(), fonts_)) {
                playground_.putInEditor(*picked);
                showPane_ = CompactPane::Sql;
            }
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
}

void App::drawWorkArea() {
    if (playground_.scriptsShown()) drawScriptTabs();
    const float available = ImGui::GetContentRegionAvail().y;
    // An embed's editor fits its SQL (the page sizes the frame to match), until the reader drags
    // the splitter.
    const float wanted = options_.embed && !editorSplitDragged_ ? embedLayoutNow().editorHeight : available * editorFraction_;
    const float editorHeight = std::clamp(wanted, 80.0f, std::max(80.0f, available - 120.0f));
    applyEditorRequests();   // after the sidebar's intents, before the learner types into the editor
    editor_.setSchema(playground_.schemaLoaded() ? &playground_.schema() : nullptr);
    EditorIntents editorIntents = editor_.draw("##sql", ImVec2(ImGui::GetContentRegionAvail().x, editorHeight), fonts_);
    if (editor_.revision() != editorRevisionSeen_) {
        editorRevisionSeen_ = editor_.revision();
        noteText(editor_.text());
        if (editor_.text() != playground_.editorText()) playground_.editorEdited(editor_.text());
    }
    if (editorIntents.explain) explainAtCursor();
    if (editorIntents.check)
        playground_.checkOrRun(editorSelection());
    else if (editorIntents.run)
        playground_.runEditor(editorSelection());
    float dragged = splitter("##editor-split", false, 8, ImGui::GetContentRegionAvail().x);
    if (dragged != 0 && available > 0) {
        if (options_.embed && !editorSplitDragged_) editorFraction_ = editorHeight / available;
        editorSplitDragged_ = true;
        editorFraction_ = std::clamp(editorFraction_ + dragged / available, 0.1f, 0.9f);
    }

    followModel();   // the sidebar or the editor may have changed what the grid shows this frame
    ImGui::BeginChild("results", ImVec2(0, 0), ImGuiChildFlags_None, ImGuiWindowFlags_NoScrollbar);
    const DatabaseStatus status = playground_.databaseStatus();
    const DatabaseState state = status.state;
    if (!playground_.shown().result && (state == DatabaseState::Loading || state == DatabaseState::Failed)) {
        ImGui::Spacing();
        if (state == DatabaseState::Failed) {
            ImGui::TextColored(theme::kErrorText, "PostgreSQL could not start.");
            ImGui::TextWrapped("%s", status.message.c_str());
            if (ImGui::Button("Try again")) playground_.restartDatabase();
            ImGui::SameLine();
            ImGui::TextColored(theme::kDimText, "or reload the page.");
        } else {
            ImGui::TextUnformatted("Starting PostgreSQL in your browser. You can write SQL meanwhile.");
            ImGui::ProgressBar(status.progress, ImVec2(std::min(420.0f, ImGui::GetContentRegionAvail().x), 0),
                               status.message.c_str());
        }
    } else {
        // With a plan to show, or a lesson that draws its tables, the pane has tabs: the grid, the
        // plan (chosen at each Explain) and the lesson's diagram (chosen when a step opens).
        const bool lessonDiagram = playground_.lesson().isOpen() && playground_.lesson().lesson()->diagram;
        if ((explain_.visible() || lessonDiagram) && ImGui::BeginTabBar("results-or-plan")) {
            const bool newPlan = explain_.shown().revision != explainSeen_ || explain_.running();
            explainSeen_ = explain_.shown().revision;
            const bool selectResults = std::exchange(selectResults_, false) && !newPlan;
            const bool selectDiagram = std::exchange(selectDiagram_, false) && lessonDiagram;
            if (ImGui::BeginTabItem("Results", nullptr, selectResults ? ImGuiTabItemFlags_SetSelected : 0)) {
                ResultsIntents intents = results_.draw(playground_.typeNames(), fonts_);
                if (intents.showErrorInEditor) playground_.showErrorInEditor();
                ImGui::EndTabItem();
            }
            if (explain_.visible() && ImGui::BeginTabItem("Plan", nullptr, newPlan ? ImGuiTabItemFlags_SetSelected : 0)) {
                const PlanIntents planIntents = planView_.draw(explain_, fonts_);
                if (planIntents.changeComparison) explain_.compareWith(planIntents.compareWith);
                ImGui::EndTabItem();
            }
            if (lessonDiagram && ImGui::BeginTabItem("Diagram", nullptr, selectDiagram ? ImGuiTabItemFlags_SetSelected : 0)) {
                erView_.draw(playground_.schema(), playground_.schemaLoaded(), fonts_, false);
                ImGui::EndTabItem();
            }
            ImGui::EndTabBar();
        } else {
            ResultsIntents intents = results_.draw(playground_.typeNames(), fonts_);
            if (intents.showErrorInEditor) playground_.showErrorInEditor();
        }
    }
    ImGui::EndChild();
}

}  // namespace pgplay
