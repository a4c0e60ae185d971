// "What next" on the roadmap: where the learner stands in each lesson, and the one step to take
// next, following the seeds' decision rule that the next topic comes from the first place
// understanding breaks. The rules are data: a lesson's front matter says which later lessons it
// must be solid for ("review-before: joins") and why ("review-why: ..."); this file only reads
// the learner's results against them.
//
// A lesson is weak when its results show a struggle: a step passed only after its solution was
// shown, a step that took kWeakFailedChecks failed checks or more before it passed, or two or more
// quick-check questions not answered right at the first try. Passing a step again later, without
// the solution, clears that step (LessonProgress::clearStruggle).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "lesson_model.h"
#include "lesson_progress.h"

namespace pgplay {

constexpr unsigned kWeakFailedChecks = 3;
constexpr size_t kWeakQuestions = 2;

struct LessonStanding {
    size_t steps = 0, stepsDone = 0;
    size_t questions = 0, questionsAnswered = 0, questionsRight = 0;
    std::vector<size_t> struggledSteps;     // 0-based, in order
    size_t missedQuestions = 0;             // not right at the first try (or never right)
    bool started() const { return stepsDone > 0 || questionsAnswered > 0; }
    bool stepsComplete() const { return steps > 0 && stepsDone == steps; }
    bool weak() const { return !struggledSteps.empty() || missedQuestions >= kWeakQuestions; }
    // "step 2 passed after its solution was shown; 2 quick-check questions missed"
    std::string weakSigns(const Lesson& lesson, const LessonProgress& progress) const;
};

LessonStanding standingOf(const Lesson& lesson, const LessonProgress& progress);

struct RoadmapAdvice {
    enum class Kind {
        Start,        // nothing done yet: the first step of the roadmap
        Continue,     // the next step not done, in roadmap order
        QuickCheck,   // a lesson's steps are done, its questions are not
        Review,       // a weak lesson, before a lesson it must be solid for
        Finished,     // every step and question done
    };
    Kind kind = Kind::Start;
    std::string lessonId;       // "" only when there are no lessons
    size_t step = 0;            // 0-based; for QuickCheck, unused
    bool quiz = false;          // open the lesson's quick check rather than a step
    std::string headline;       // "Review Foreign keys before Joins"
    std::string why;            // a sentence or two, Markdown
};

// `lessons` in roadmap order (LessonCatalog::lessons()).
RoadmapAdvice adviseNext(const std::vector<Lesson>& lessons, const LessonProgress& progress);

const char* adviceKindName(RoadmapAdvice::Kind kind);   // "start", "continue", ...

}  // namespace pgplay
