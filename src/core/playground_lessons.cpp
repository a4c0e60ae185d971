// The playground model's lesson half: lesson files and progress from the page, the lesson
// pane's intents, the step the URL asks for, and window.playground's check() and lesson().
#include <nlohmann/json.hpp>

#include "lesson_json.h"
#include "roadmap_advice.h"
#include "playground.h"

namespace pgplay {

void Playground::addLessonFile(const std::string& fileName, const std::string& text) { catalog_.add(fileName, text); }

void Playground::openLessonFile(const std::string& fileName, const std::string& text, size_t step) {
    catalog_.add(fileName, text);
    for (const LessonFileError& e : catalog_.errors()) {
        if (e.fileName != fileName) continue;
        std::string errors = e.errors;
        while (!errors.empty() && errors.back() == '\n') errors.pop_back();
        showStartProblem("The lesson file " + fileName + " could not be used:\n" + errors,
                         "Fix the file and reload the page.");
        return;
    }
    for (const Lesson& lesson : catalog_.lessons())
        if (lesson.fileName == fileName) openLessonFromUrl(lesson.id, step);
}

void Playground::lessonsLoaded() {
    lessonsLoaded_ = true;
    // A returning learner continues where they were, unless the URL asks for something else.
    if (!pendingLesson_ && options_.initialSql.empty() && !options_.embed) {
        if (auto current = progress_.current(); current && catalog_.find(current->first)) pendingLesson_ = current;
    }
    maybeOpenPendingLesson();
}

void Playground::loadSavedProgress(const std::string& json) {
    std::string error;
    if (!json.empty() && !progress_.fromJson(json, error))
        setNotice("Your saved progress could not be read and was left alone: " + error, true);
}

void Playground::importProgress(const std::string& json) {
    LessonProgress imported;
    std::string error;
    if (!imported.fromJson(json, error)) {
        setNotice(error, true);
        return;
    }
    progress_.merge(imported);
    setNotice("Progress imported.", false);
    saveProgress();
}

void Playground::openLessonFromUrl(const std::string& lessonId, size_t step) {
    pendingLesson_ = std::make_pair(lessonId, step > 0 ? step - 1 : 0);
    maybeOpenPendingLesson();
}

void Playground::maybeOpenPendingLesson() {
    if (!pendingLesson_ || !lessonsLoaded_) return;
    auto [id, step] = *pendingLesson_;
    pendingLesson_.reset();
    const Lesson* lesson = catalog_.find(id);
    if (!lesson) {
        setNotice("There is no lesson '" + id + "'. Pick one from the list.", true);
        return;
    }
    if (step >= lesson->steps.size()) {
        setNotice("'" + lesson->title + "' has " + std::to_string(lesson->steps.size()) + " steps; opening its first.", true);
        step = 0;
    }
    openLessonStep(id, step);
    // A link's SQL for the step (a shared link, an embed opened full size) goes into the editor
    // only where it replaces nothing of the learner's: their own answer stays, and the link's is
    // offered beside it.
    const std::string& linkSql = options_.initialSql;
    if (linkSql.empty() || !lesson_.isOpen() || editorText_ == linkSql) return;
    if (editorText_ == lesson_.step()->starter) {
        setEditorText(linkSql, true);
    } else {
        setNotice("This link came with its own SQL for this step. Your answer is still in the editor.", false, linkSql);
    }
}

void Playground::openLessonStep(const std::string& lessonId, size_t step) {
    lesson_.rememberSql(editorText_);
    if (!catalog_.find(lessonId)) return;
    beforeLessonOpens();
    if (lesson_.open(lessonId, step)) stepOpened();
}

void Playground::beforeLessonOpens() {
    if (!lessonsStarted_ && startLessons_) startLessons_();
    lessonsStarted_ = true;
}

// Every way into a step (the roadmap, the URL, saved progress, Next) ends here.
void Playground::stepOpened() {
    setEditorText(lesson_.editorTextForStep(), true, true);
    show(nullptr, std::nullopt);   // the previous step's result says nothing about this one
    databaseSwitched();
}

void Playground::closeLesson() {
    if (!lesson_.isOpen()) return;
    lesson_.rememberSql(editorText_);
    lesson_.close();
    setEditorText(scripts_.activeText(), true, true);
    show(nullptr, std::nullopt);
    databaseSwitched();
}

void Playground::databaseSwitched() {
    if (&activeDatabase() == schemaOf_) return;   // another step of the same lesson, or an embed's one database
    schemaOf_ = &activeDatabase();
    // What the schema browser showed belongs to the other database; the lesson step's
    // preparation, or this refresh, reads the new one.
    schema_ = SchemaSnapshot{};
    schemaLoaded_ = false;
    refreshSchema();
}

void Playground::checkLesson() { lesson_.check(editorText_); }
void Playground::resetLesson() { lesson_.reset(); }
void Playground::revealHint() { lesson_.revealHint(); }
void Playground::showSolution() { lesson_.showSolution(); }

void Playground::nextStep() {
    lesson_.rememberSql(editorText_);
    // The quick check opens over the last step: its editor and tables stay as they are.
    if (lesson_.openNext() && !lesson_.quizOpen()) stepOpened();
}

void Playground::openQuiz() {
    lesson_.rememberSql(editorText_);
    lesson_.openQuiz();
}

std::string Playground::answerQuestion(size_t index, const QuestionAnswer& answer) {
    std::optional<QuestionVerdict> v = lesson_.answer(index, answer);
    if (!v) return "null";
    return nlohmann::json{{"right", v->right}, {"empty", v->empty}, {"feedback", v->feedback}}.dump();
}

void Playground::revealAnswer(size_t index) { lesson_.revealAnswer(index); }

void Playground::exportProgress() {
    if (onExportProgress) onExportProgress(progress_.toJson());
}

void Playground::requestProgressImport() {
    if (onImportProgress) onImportProgress();
}

void Playground::saveProgress() {
    if (onSaveProgress) onSaveProgress(progress_.toJson());
}

void Playground::setNotice(std::string text, bool error, std::string offeredSql) {
    notice_.text = std::move(text);
    notice_.error = error;
    notice_.offeredSql = std::move(offeredSql);
    ++notice_.revision;
}

void Playground::checkFromApi(double apiId) {
    if (!lesson_.isOpen()) {
        Verdict none;
        none.feedback = "No lesson step is open.";
        if (onApiResult) onApiResult(apiId, verdictJson(none).dump());
        return;
    }
    pendingChecks_.push_back(apiId);
    if (!lesson_.checking()) lesson_.check(editorText_);
}

std::string Playground::lessonStateJson() const {
    nlohmann::json state = {{"open", lesson_.isOpen()}, {"loaded", lessonsLoaded_}};
    if (lesson_.isOpen()) {
        const Lesson& l = *lesson_.lesson();
        nlohmann::json done = nlohmann::json::array();
        for (size_t i = 0; i < l.steps.size(); ++i) done.push_back(progress_.isDone(l.id, i));
        state["lesson"] = l.id;
        state["step"] = lesson_.stepIndex() + 1;
        state["title"] = lesson_.step()->title;
        state["diagram"] = l.diagram;
        state["done"] = done;
        state["preparing"] = lesson_.preparing();
        state["checking"] = lesson_.checking();
        state["hintsShown"] = lesson_.hintsShown();
        state["verdict"] = lesson_.verdict() ? verdictJson(*lesson_.verdict()) : nlohmann::json(nullptr);
        state["quiz"] = lesson_.quizOpen();
        nlohmann::json questions = nlohmann::json::array();
        for (size_t i = 0; i < l.questions.size(); ++i) {
            const Question& q = l.questions[i];
            nlohmann::json entry = {{"title", q.title},
                                    {"kind", q.multipleChoice() ? (q.correctCount() > 1 ? "choose-all" : "choose-one") : "typed"},
                                    {"choices", q.options.size()},
                                    {"right", progress_.answeredRight(l.id, i)},
                                    {"tries", progress_.answerTries(l.id, i)}};
            const auto& v = lesson_.questionVerdict(i);
            entry["verdict"] = v ? nlohmann::json{{"right", v->right}, {"feedback", v->feedback}} : nlohmann::json(nullptr);
            questions.push_back(std::move(entry));
        }
        state["questions"] = std::move(questions);
    }
    nlohmann::json lessons = nlohmann::json::array();
    for (const Lesson& l : catalog_.lessons()) {
        size_t right = 0;
        for (size_t i = 0; i < l.questions.size(); ++i) right += progress_.answeredRight(l.id, i) ? 1 : 0;
        lessons.push_back({{"id", l.id}, {"steps", l.steps.size()}, {"done", progress_.doneCount(l.id)},
                           {"questions", l.questions.size()}, {"questionsRight", right}});
    }
    state["lessons"] = lessons;
    const RoadmapAdvice next = adviseNext(catalog_.lessons(), progress_);
    state["next"] = {{"kind", adviceKindName(next.kind)}, {"lesson", next.lessonId}, {"step", next.step + 1},
                     {"quiz", next.quiz}, {"headline", next.headline}, {"why", next.why}};
    return state.dump();
}

}  // namespace pgplay
