// The learner inside a lesson: which step is open, its hints and solution as revealed so far,
// the last verdict, and the progress that outlives the page. The lesson pane draws it and
// sends intents here; every database effect goes through the Database seam (checks and resets
// are ordinary requests, queued behind the learner's own runs).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "database.h"
#include "lesson_catalog.h"
#include "lesson_checker.h"
#include "lesson_progress.h"
#include "quick_check.h"

namespace pgplay {

class LessonSession {
public:
    LessonSession(Database& db, const LessonCatalog& catalog, LessonProgress& progress);

    // Opens a step (0-based) and resets the lessons' database to the step's starting state.
    // False when there is no such lesson or step (nothing changes then).
    bool open(const std::string& lessonId, size_t step);
    void close();   // back to the roadmap: no step is current any more (saved progress says so)

    bool isOpen() const { return lesson_ != nullptr; }
    const Lesson* lesson() const { return lesson_; }
    size_t stepIndex() const { return step_; }
    // "lesson-id/step" (step from 0) while a step is open, else "": what per-step state is keyed by.
    std::string stepKey() const { return lesson_ ? lesson_->id + "/" + std::to_string(step_) : std::string(); }
    const Step* step() const;

    // What the editor shows when the step opens: the learner's last SQL for it, or the starter.
    std::string editorTextForStep() const;
    void rememberSql(const std::string& sql);   // the learner's current answer, kept in progress

    void check(const std::string& sql);          // the verdict arrives later (checking() until then)
    void reset();                                // the step's starting state again
    void revealHint() { if (const Step* s = step(); s && hintsShown_ < s->hints.size()) ++hintsShown_; }
    size_t hintsShown() const { return hintsShown_; }
    void showSolution();
    bool solutionShown() const { return solutionShown_; }

    bool preparing() const { return preparing_; }
    bool checking() const { return checking_; }
    const std::optional<Verdict>& verdict() const { return verdict_; }
    unsigned verdictCount() const { return verdictCount_; }   // changes with every new verdict
    const std::string& prepareError() const { return prepareError_; }

    // The lesson's quick check (its questions, after the steps) in place of the step's task. The
    // step stays open underneath: its database and editor are untouched.
    bool openQuiz();
    bool quizOpen() const { return quizOpen_; }
    void closeQuiz() { quizOpen_ = false; }   // back to the step as it was
    // Grades an answer to question `index` (0-based) and records it in progress; the verdict is
    // kept for the pane until the quiz or another lesson opens.
    std::optional<QuestionVerdict> answer(size_t index, const QuestionAnswer& answer);
    const std::optional<QuestionVerdict>& questionVerdict(size_t index) const;
    // Shows the accepted answer of question `index`: a try that did not find it, if not yet right.
    void revealAnswer(size_t index);
    bool answerRevealed(size_t index) const { return index < revealed_.size() && revealed_[index]; }
    // Changes with every answer and reveal; the question it concerned (the pane scrolls to it).
    unsigned quizRevision() const { return quizRevision_; }
    size_t lastAnswered() const { return lastAnswered_; }
    // What was last picked or typed for question `index` (the pane shows an API's answer too).
    const QuestionAnswer* lastAnswer(size_t index) const { return quizOpen_ && index < answers_.size() ? &answers_[index] : nullptr; }

    // The next step; after a lesson's last step its quick check, if it has one; then the first
    // step of the next lesson. False at the end of the roadmap.
    bool hasNext() const;
    bool openNext();

    // Called after every change worth saving (a step done, an answer remembered, a step opened).
    std::function<void()> onProgressChanged;
    // Called with each verdict (the API's check() waits on it).
    std::function<void(const Verdict&)> onVerdict;
    // Called when a step's starting state is in place (the schema browser refreshes).
    std::function<void()> onStepPrepared;

private:
    void changed() { if (onProgressChanged) onProgressChanged(); }

    Database& db_;
    const LessonCatalog& catalog_;
    LessonProgress& progress_;
    const Lesson* lesson_ = nullptr;
    size_t step_ = 0;
    size_t hintsShown_ = 0;
    bool solutionShown_ = false;
    bool quizOpen_ = false;
    std::vector<std::optional<QuestionVerdict>> questionVerdicts_;
    std::vector<bool> revealed_;
    std::vector<QuestionAnswer> answers_;
    std::vector<bool> answeredInVisit_;
    // This visit to the step: was it done when it opened, has a check failed, what SQL it opened
    // with. A clean pass of new SQL on a step done before clears its struggle record.
    bool doneAtOpen_ = false;
    bool failedThisVisit_ = false;
    std::string sqlAtOpen_;
    unsigned quizRevision_ = 0;
    size_t lastAnswered_ = 0;
    bool preparing_ = false;
    bool checking_ = false;
    std::optional<Verdict> verdict_;
    unsigned verdictCount_ = 0;
    std::string prepareError_;
    // Replies for a step that is no longer open are dropped: each open() starts a generation.
    unsigned generation_ = 0;
};

}  // namespace pgplay
