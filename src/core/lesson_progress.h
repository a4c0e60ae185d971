// What the learner has done in the lessons: steps passed, the SQL last written in each step, and
// where they were. Saved in browser storage and exported to / imported from a file, as:
//
//   {"format": "pgplay-progress", "version": 1,
//    "current": {"lesson": "joins", "step": 2} | null,
//    "lessons": {"joins": {"steps": {"1": {"done": true, "sql": "SELECT ...",
//                                          "failedChecks": 2, "sawSolution": true}},
//                          "questions": {"1": {"right": true, "tries": 2}}}}}
//
// failedChecks counts the checks that failed before the step was done, sawSolution says the
// solution was shown before it was done, and a question's tries count the answers given until
// the first right one: what the roadmap's "what next" reads to find where understanding broke.
//
// Steps are numbered from 1 in the file (as the learner sees them) and from 0 in the API.
// Unknown keys are ignored so a newer pgplay's files still load; everything else is checked,
// because the file may have been edited by hand or be something else entirely.
//
// Limits (kept by the setters too, so whatever toJson writes fromJson reads back): lesson ids
// are 1-200 bytes, at most 10,000 lessons, step numbers up to 10,000, SQL up to 1 MB per step.
// A setter given something past a limit does nothing.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace pgplay {

class LessonProgress {
public:
    static constexpr size_t kMaxLessons = 10000;
    static constexpr size_t kMaxSteps = 10000;        // steps 0..kMaxSteps-1 (1..kMaxSteps in the file)
    static constexpr size_t kMaxLessonIdBytes = 200;
    static constexpr size_t kMaxSqlBytes = 1 << 20;
    static constexpr size_t kMaxQuestions = 1000;     // per lesson
    static constexpr unsigned kMaxCount = 1000000;    // failedChecks and tries stop counting here

    void markDone(const std::string& lessonId, size_t step);          // step: 0-based
    bool isDone(const std::string& lessonId, size_t step) const;
    size_t doneCount(const std::string& lessonId) const;
    void setLastSql(const std::string& lessonId, size_t step, std::string sql);
    const std::string* lastSql(const std::string& lessonId, size_t step) const;   // nullptr if none
    // A check of a step not yet done failed; the step's solution was shown before it was done.
    void noteFailedCheck(const std::string& lessonId, size_t step);
    void noteSolutionSeen(const std::string& lessonId, size_t step);
    unsigned failedChecks(const std::string& lessonId, size_t step) const;
    // The step was passed again later without its solution: what it cost the first time no
    // longer says the learner struggles with it.
    void clearStruggle(const std::string& lessonId, size_t step);
    bool sawSolution(const std::string& lessonId, size_t step) const;
    // A quick-check answer (0-based question). Once a question is right, later answers change
    // nothing, except that the first answer of a later visit to the quick check, when right,
    // makes it right at the first try (`firstInVisit`: the review found it on its own).
    void noteAnswer(const std::string& lessonId, size_t question, bool right, bool firstInVisit = false);
    bool answeredRight(const std::string& lessonId, size_t question) const;
    unsigned answerTries(const std::string& lessonId, size_t question) const;   // 0: never answered
    void setCurrent(const std::string& lessonId, size_t step);
    void clearCurrent() { current_.reset(); }   // the learner left the lesson for the sandbox
    std::optional<std::pair<std::string, size_t>> current() const;
    bool empty() const;          // nothing done, no SQL kept, no current step: nothing to save
    void clear();

    std::string toJson() const;  // the document above, indented, keys in a stable order
    // Replaces this progress with a saved/imported document. On any problem returns false,
    // sets `error` to a sentence a learner understands ("This file is not pgplay progress:
    // ..."), and leaves this object unchanged.
    bool fromJson(std::string_view text, std::string& error);
    // Adds another progress into this one (import without losing what is here): done steps
    // are OR-ed, last SQL taken from `other` where this has none, and other's current step
    // only where this has none.
    void merge(const LessonProgress& other);

    bool operator==(const LessonProgress& other) const;
    bool operator!=(const LessonProgress& other) const { return !(*this == other); }

private:
    struct StepState {
        bool done = false;
        std::optional<std::string> sql;
        unsigned failedChecks = 0;
        bool sawSolution = false;
        bool operator==(const StepState& o) const {
            return done == o.done && sql == o.sql && failedChecks == o.failedChecks && sawSolution == o.sawSolution;
        }
        bool empty() const { return !done && !sql && failedChecks == 0 && !sawSolution; }
    };
    using Steps = std::map<size_t, StepState>;   // by 0-based step
    struct QuestionState {
        unsigned tries = 0;
        bool right = false;
        bool operator==(const QuestionState& o) const { return tries == o.tries && right == o.right; }
    };
    using Questions = std::map<size_t, QuestionState>;   // by 0-based question

    // Only lessons with at least one step recorded are kept; lessons_ and questions_ each hold at
    // most kMaxLessons lessons.
    std::map<std::string, Steps> lessons_;
    std::map<std::string, Questions> questions_;   // kept apart: lessons with answers only
    std::optional<std::pair<std::string, size_t>> current_;

    StepState* stepFor(const std::string& lessonId, size_t step);   // creates; nullptr past a limit
    QuestionState* questionFor(const std::string& lessonId, size_t question);   // the same for questions
    const QuestionState* findQuestion(const std::string& lessonId, size_t question) const;
    const StepState* findStep(const std::string& lessonId, size_t step) const;
};

}  // namespace pgplay
