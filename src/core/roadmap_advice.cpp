#include "roadmap_advice.h"

#include <algorithm>

namespace pgplay {

LessonStanding standingOf(const Lesson& lesson, const LessonProgress& progress) {
    LessonStanding s;
    s.steps = lesson.steps.size();
    for (size_t i = 0; i < lesson.steps.size(); ++i) {
        const bool done = progress.isDone(lesson.id, i);
        s.stepsDone += done ? 1 : 0;
        if (done && (progress.sawSolution(lesson.id, i) || progress.failedChecks(lesson.id, i) >= kWeakFailedChecks))
            s.struggledSteps.push_back(i);
    }
    s.questions = lesson.questions.size();
    for (size_t i = 0; i < lesson.questions.size(); ++i) {
        const unsigned tries = progress.answerTries(lesson.id, i);
        const bool right = progress.answeredRight(lesson.id, i);
        if (tries == 0) continue;
        ++s.questionsAnswered;
        s.questionsRight += right ? 1 : 0;
        if (!right || tries > 1) ++s.missedQuestions;
    }
    return s;
}

std::string LessonStanding::weakSigns(const Lesson& lesson, const LessonProgress& progress) const {
    std::string out;
    auto add = [&](const std::string& sign) { out += (out.empty() ? "" : "; ") + sign; };
    for (size_t i : struggledSteps) {
        const std::string step = "step " + std::to_string(i + 1) + " (" + lesson.steps[i].title + ")";
        if (progress.sawSolution(lesson.id, i)) add(step + " passed after its solution was shown");
        else add(step + " took " + std::to_string(progress.failedChecks(lesson.id, i)) + " failed checks");
    }
    if (missedQuestions >= kWeakQuestions)
        add(std::to_string(missedQuestions) + " quick-check questions missed at the first try");
    return out;
}

namespace {

size_t firstUndoneStep(const Lesson& lesson, const LessonProgress& progress) {
    size_t i = 0;
    while (i + 1 < lesson.steps.size() && progress.isDone(lesson.id, i)) ++i;
    return i;
}

const Lesson* findLesson(const std::vector<Lesson>& lessons, const std::string& id) {
    for (const Lesson& l : lessons)
        if (l.id == id) return &l;
    return nullptr;
}

RoadmapAdvice review(const Lesson& weak, const LessonStanding& s, const LessonProgress& progress, const std::string& why) {
    RoadmapAdvice a;
    a.kind = RoadmapAdvice::Kind::Review;
    a.lessonId = weak.id;
    a.quiz = s.struggledSteps.empty();   // only the questions went wrong: take them again
    a.step = s.struggledSteps.empty() ? 0 : s.struggledSteps.front();
    a.why = why + " Your results there: " + s.weakSigns(weak, progress) + ".";
    return a;
}

}  // namespace

RoadmapAdvice adviseNext(const std::vector<Lesson>& lessons, const LessonProgress& progress) {
    RoadmapAdvice a;
    if (lessons.empty()) {
        a.headline = "No lessons yet";
        return a;
    }
    std::vector<LessonStanding> standing;
    for (const Lesson& l : lessons) standing.push_back(standingOf(l, progress));

    // The frontier: the first lesson whose steps are not all done.
    size_t frontier = lessons.size();
    for (size_t i = 0; i < lessons.size(); ++i)
        if (!standing[i].stepsComplete()) {
            frontier = i;
            break;
        }

    // 1. A weak lesson, when a lesson it must come before is the one the learner is at (the
    //    frontier, or one started and not finished): review it first.
    for (size_t i = 0; i < lessons.size(); ++i) {
        const Lesson& l = lessons[i];
        if (!standing[i].weak()) continue;
        for (const std::string& id : l.reviewBefore) {
            const Lesson* later = findLesson(lessons, id);
            if (!later) continue;
            const size_t at = static_cast<size_t>(later - lessons.data());
            const bool current = at == frontier || (standing[at].started() && !standing[at].stepsComplete());
            if (!current) continue;
            a = review(l, standing[i], progress, l.reviewWhy);
            a.headline = "Review " + l.title + " before " + later->title;
            return a;
        }
    }

    // 2. A lesson behind the frontier whose steps are done but whose questions are not.
    for (size_t i = 0; i < frontier && i < lessons.size(); ++i) {
        if (standing[i].questions > 0 && standing[i].questionsAnswered < standing[i].questions) {
            a.kind = RoadmapAdvice::Kind::QuickCheck;
            a.lessonId = lessons[i].id;
            a.quiz = true;
            a.headline = "Quick check: " + lessons[i].title;
            a.why = "You have done its steps; " + std::to_string(standing[i].questions - standing[i].questionsAnswered) +
                    " of its questions are still unanswered. They take a minute and show what stuck.";
            return a;
        }
    }

    // 3. The next step in roadmap order.
    if (frontier < lessons.size()) {
        const Lesson& l = lessons[frontier];
        a.lessonId = l.id;
        a.step = firstUndoneStep(l, progress);
        const bool nothingYet = std::none_of(standing.begin(), standing.end(), [](const LessonStanding& s) { return s.started(); });
        if (nothingYet) {
            a.kind = RoadmapAdvice::Kind::Start;
            a.headline = "Start with " + l.title;
            a.why = "Each lesson builds on the one before it; this is where the roadmap begins.";
        } else {
            a.kind = RoadmapAdvice::Kind::Continue;
            a.headline = (standing[frontier].started() ? "Carry on with " : "Next: ") + l.title;
            a.why = "Step " + std::to_string(a.step + 1) + " of " + std::to_string(l.steps.size()) + ": " +
                    l.steps[a.step].title + ".";
        }
        return a;
    }

    // 4. Everything done: the first weak lesson is still worth a second look.
    for (size_t i = 0; i < lessons.size(); ++i) {
        if (!standing[i].weak()) continue;
        a = review(lessons[i], standing[i], progress, "You have finished the roadmap; this lesson is worth a second look.");
        a.headline = "Review " + lessons[i].title;
        return a;
    }
    a.kind = RoadmapAdvice::Kind::Finished;
    a.lessonId = lessons.back().id;
    a.headline = "You have finished the roadmap";
    a.why = "Every step passed and every question answered. The sandbox and the races are yours to explore.";
    return a;
}

const char* adviceKindName(RoadmapAdvice::Kind kind) {
    switch (kind) {
        case RoadmapAdvice::Kind::Start: return "start";
        case RoadmapAdvice::Kind::Continue: return "continue";
        case RoadmapAdvice::Kind::QuickCheck: return "quick-check";
        case RoadmapAdvice::Kind::Review: return "review";
        case RoadmapAdvice::Kind::Finished: return "finished";
    }
    return "start";
}

}  // namespace pgplay
