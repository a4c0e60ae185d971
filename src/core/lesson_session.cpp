#include "lesson_session.h"

namespace pgplay {

LessonSession::LessonSession(Database& db, const LessonCatalog& catalog, LessonProgress& progress)
    : db_(db), catalog_(catalog), progress_(progress) {}

const Step* LessonSession::step() const {
    return lesson_ && step_ < lesson_->steps.size() ? &lesson_->steps[step_] : nullptr;
}

bool LessonSession::open(const std::string& lessonId, size_t step) {
    const Lesson* lesson = catalog_.find(lessonId);
    if (!lesson || step >= lesson->steps.size()) return false;
    lesson_ = lesson;
    step_ = step;
    hintsShown_ = 0;
    solutionShown_ = false;
    quizOpen_ = false;
    verdict_.reset();
    checking_ = false;
    doneAtOpen_ = progress_.isDone(lessonId, step);
    failedThisVisit_ = false;
    sqlAtOpen_ = editorTextForStep();
    progress_.setCurrent(lessonId, step);
    changed();
    reset();
    return true;
}

void LessonSession::close() {
    if (!lesson_) return;
    ++generation_;
    lesson_ = nullptr;
    quizOpen_ = false;
    preparing_ = checking_ = false;
    verdict_.reset();
    progress_.clearCurrent();   // a reload then opens the sandbox, where the learner went
    changed();
}

std::string LessonSession::editorTextForStep() const {
    const Step* s = step();
    if (!s) return {};
    if (const std::string* last = progress_.lastSql(lesson_->id, step_)) return *last;
    return s->starter;
}

void LessonSession::rememberSql(const std::string& sql) {
    const Step* s = step();
    if (!s) return;
    const std::string* last = progress_.lastSql(lesson_->id, step_);
    if ((last && *last == sql) || (!last && sql == s->starter)) return;
    progress_.setLastSql(lesson_->id, step_, sql);
    changed();
}

void LessonSession::reset() {
    if (!lesson_) return;
    const unsigned generation = ++generation_;
    preparing_ = true;
    checking_ = false;
    prepareError_.clear();
    prepareStep(db_, *lesson_, step_, [this, generation](QueryResult r) {
        if (generation != generation_) return;
        preparing_ = false;
        if (!r.ok && r.error) prepareError_ = "This step's setup failed: " + r.error->message;
        if (onStepPrepared) onStepPrepared();
    });
}

void LessonSession::check(const std::string& sql) {
    if (!lesson_ || checking_) return;
    rememberSql(sql);
    const unsigned generation = generation_;
    checking_ = true;
    const std::string lessonId = lesson_->id;
    const size_t stepIndex = step_;
    checkStep(db_, *lesson_, step_, sql, [this, generation, lessonId, stepIndex, sql](Verdict v) {
        if (generation != generation_) return;
        checking_ = false;
        if (v.pass && !progress_.isDone(lessonId, stepIndex)) {
            progress_.markDone(lessonId, stepIndex);
            changed();
        } else if (v.pass && doneAtOpen_ && !failedThisVisit_ && !solutionShown_ && sql != sqlAtOpen_ &&
                   (progress_.sawSolution(lessonId, stepIndex) || progress_.failedChecks(lessonId, stepIndex) > 0)) {
            // Written again, passed at the first try, no solution shown: the learner has it now.
            progress_.clearStruggle(lessonId, stepIndex);
            changed();
        } else if (!v.pass && !v.lessonError && !v.checks.empty()) {
            failedThisVisit_ = true;
            if (!progress_.isDone(lessonId, stepIndex)) {
                progress_.noteFailedCheck(lessonId, stepIndex);   // an answer that was checked and fell short
                changed();
            }
        }
        verdict_ = std::move(v);
        ++verdictCount_;
        if (onVerdict) onVerdict(*verdict_);
    });
}

void LessonSession::showSolution() {
    if (!lesson_ || solutionShown_) return;
    solutionShown_ = true;
    if (!progress_.isDone(lesson_->id, step_)) {
        progress_.noteSolutionSeen(lesson_->id, step_);
        changed();
    }
}

bool LessonSession::openQuiz() {
    if (!lesson_ || lesson_->questions.empty()) return false;
    quizOpen_ = true;
    questionVerdicts_.assign(lesson_->questions.size(), std::nullopt);
    revealed_.assign(lesson_->questions.size(), false);
    answers_.assign(lesson_->questions.size(), QuestionAnswer{});
    answeredInVisit_.assign(lesson_->questions.size(), false);
    return true;
}

std::optional<QuestionVerdict> LessonSession::answer(size_t index, const QuestionAnswer& answer) {
    if (!lesson_ || !quizOpen_ || index >= lesson_->questions.size()) return std::nullopt;
    QuestionVerdict v = gradeQuestion(lesson_->questions[index], answer);
    if (!v.empty && !revealed_[index]) {
        progress_.noteAnswer(lesson_->id, index, v.right, !answeredInVisit_[index]);
        answeredInVisit_[index] = true;
        changed();
    }
    questionVerdicts_[index] = v;
    answers_[index] = answer;
    ++quizRevision_;
    lastAnswered_ = index;
    return v;
}

const std::optional<QuestionVerdict>& LessonSession::questionVerdict(size_t index) const {
    static const std::optional<QuestionVerdict> none;
    return quizOpen_ && index < questionVerdicts_.size() ? questionVerdicts_[index] : none;
}

void LessonSession::revealAnswer(size_t index) {
    if (!lesson_ || !quizOpen_ || index >= lesson_->questions.size() || revealed_[index]) return;
    revealed_[index] = true;
    answeredInVisit_[index] = true;
    ++quizRevision_;
    lastAnswered_ = index;
    if (!progress_.answeredRight(lesson_->id, index)) {
        progress_.noteAnswer(lesson_->id, index, false);
        changed();
    }
}

bool LessonSession::hasNext() const {
    if (!lesson_) return false;
    if (quizOpen_) return catalog_.next(lesson_->id) != nullptr;   // the quiz's Next is the next lesson
    return step_ + 1 < lesson_->steps.size() || !lesson_->questions.empty() || catalog_.next(lesson_->id) != nullptr;
}

bool LessonSession::openNext() {
    if (!lesson_) return false;
    if (!quizOpen_ && step_ + 1 < lesson_->steps.size()) return open(lesson_->id, step_ + 1);
    if (!quizOpen_ && !lesson_->questions.empty()) return openQuiz();
    if (const Lesson* next = catalog_.next(lesson_->id)) return open(next->id, 0);
    return false;
}

}  // namespace pgplay
