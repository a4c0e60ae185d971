// "What next": the roadmap's advice from the learner's results, following the rules the lesson
// files declare (review-before / review-why), and the rules in lessons/ themselves.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/lesson_catalog.h"
#include "core/lesson_parser.h"
#include "core/roadmap_advice.h"

using namespace pgplay;
using Catch::Matchers::Contains;

namespace {

std::string lessonText(const std::string& id, const std::string& title, int steps, int questions,
                       const std::string& frontMatter = "") {
    std::string t = "---\nid: " + id + "\ntitle: " + title + "\n" + frontMatter + "---\n";
    for (int i = 1; i <= steps; ++i)
        t += "## Step: S" + std::to_string(i) + "\n### Solution\n```sql\nSELECT 1;\n```\n### Check: result\n";
    for (int i = 1; i <= questions; ++i)
        t += "## Question: Q" + std::to_string(i) + "\nAsk.\n### Answer: a\n";
    return t;
}

// keys (2 steps, 2 questions, weak -> review before joins), joins (2 steps), orm (1 step).
std::vector<Lesson> roadmap() {
    LessonCatalog c;
    c.add("lessons/01-keys.md", lessonText("keys", "Keys", 2, 2,
                                           "review-before: joins, orm\nreview-why: Joins follow the keys.\n"));
    c.add("lessons/02-joins.md", lessonText("joins", "Joins", 2, 0));
    c.add("lessons/03-orm.md", lessonText("orm", "ORM", 1, 0));
    REQUIRE(c.errors().empty());
    return c.lessons();
}

}  // namespace

TEST_CASE("roadmap advice: start, continue, the quick check, then the next lesson", "[roadmap]") {
    const std::vector<Lesson> lessons = roadmap();
    LessonProgress p;
    RoadmapAdvice a = adviseNext(lessons, p);
    CHECK(a.kind == RoadmapAdvice::Kind::Start);
    CHECK(a.lessonId == "keys");
    CHECK(a.step == 0);
    CHECK(a.headline == "Start with Keys");

    p.markDone("keys", 0);
    a = adviseNext(lessons, p);
    CHECK(a.kind == RoadmapAdvice::Kind::Continue);
    CHECK(a.lessonId == "keys");
    CHECK(a.step == 1);
    CHECK(a.headline == "Carry on with Keys");
    CHECK(a.why == "Step 2 of 2: S2.");

    p.markDone("keys", 1);
    a = adviseNext(lessons, p);
    CHECK(a.kind == RoadmapAdvice::Kind::QuickCheck);
    CHECK(a.lessonId == "keys");
    CHECK(a.quiz);

    p.noteAnswer("keys", 0, true);
    p.noteAnswer("keys", 1, true);
    a = adviseNext(lessons, p);
    CHECK(a.kind == RoadmapAdvice::Kind::Continue);
    CHECK(a.lessonId == "joins");
    CHECK(a.headline == "Next: Joins");

    p.markDone("joins", 0);
    p.markDone("joins", 1);
    p.markDone("orm", 0);
    a = adviseNext(lessons, p);
    CHECK(a.kind == RoadmapAdvice::Kind::Finished);
    CHECK(std::string(adviceKindName(a.kind)) == "finished");
}

TEST_CASE("roadmap advice: a weak lesson is reviewed before the lesson it must come before", "[roadmap]") {
    const std::vector<Lesson> lessons = roadmap();
    LessonProgress p;
    p.noteSolutionSeen("keys", 1);   // shown the solution, then passed
    p.markDone("keys", 0);
    p.markDone("keys", 1);
    p.noteAnswer("keys", 0, true);
    p.noteAnswer("keys", 1, true);
    LessonStanding s = standingOf(lessons[0], p);
    CHECK(s.weak());
    CHECK(s.struggledSteps == std::vector<size_t>{1});

    // Joins is next: review Keys first, at the step that went wrong.
    RoadmapAdvice a = adviseNext(lessons, p);
    CHECK(a.kind == RoadmapAdvice::Kind::Review);
    CHECK(a.lessonId == "keys");
    CHECK(a.step == 1);
    CHECK_FALSE(a.quiz);
    CHECK(a.headline == "Review Keys before Joins");
    CHECK(a.why == "Joins follow the keys. Your results there: step 2 (S2) passed after its solution was shown.");

    // Passing it again without the solution clears it; joins is next again.
    p.clearStruggle("keys", 1);
    CHECK_FALSE(standingOf(lessons[0], p).weak());
    CHECK(adviseNext(lessons, p).lessonId == "joins");

    // Failed checks count from kWeakFailedChecks on; the rule holds while ORM is ahead.
    for (unsigned i = 0; i < kWeakFailedChecks; ++i) p.noteFailedCheck("keys", 0);   // not counted: done
    CHECK_FALSE(standingOf(lessons[0], p).weak());
    LessonProgress q;
    for (unsigned i = 0; i < kWeakFailedChecks; ++i) q.noteFailedCheck("keys", 0);
    q.markDone("keys", 0);
    q.markDone("keys", 1);
    q.markDone("joins", 0);
    q.markDone("joins", 1);
    a = adviseNext(lessons, q);
    CHECK(a.kind == RoadmapAdvice::Kind::Review);
    CHECK(a.headline == "Review Keys before ORM");
    CHECK_THAT(a.why, Contains("step 1 (S1) took 3 failed checks"));

    // Two questions wrong at the first try are weak too; then the quick check is what to retake.
    LessonProgress r;
    r.markDone("keys", 0);
    r.markDone("keys", 1);
    r.noteAnswer("keys", 0, false);
    r.noteAnswer("keys", 0, true);
    r.noteAnswer("keys", 1, false);
    a = adviseNext(lessons, r);
    CHECK(a.kind == RoadmapAdvice::Kind::Review);
    CHECK(a.quiz);
    CHECK_THAT(a.why, Contains("2 quick-check questions missed at the first try"));
    r.noteAnswer("keys", 1, true);   // right later in the same visit: still missed
    CHECK(standingOf(lessons[0], r).weak());
    r.noteAnswer("keys", 0, true, true);   // a later visit, right at its first answer
    r.noteAnswer("keys", 1, true, true);
    CHECK_FALSE(standingOf(lessons[0], r).weak());

    // A weak lesson with nothing ahead of it to protect is only reviewed at the very end.
    LessonProgress end;
    for (const Lesson& l : lessons)
        for (size_t i = 0; i < l.steps.size(); ++i) end.markDone(l.id, i);
    end.noteAnswer("keys", 0, true);
    end.noteAnswer("keys", 1, true);
    end.noteFailedCheck("orm", 0);
    CHECK(adviseNext(lessons, end).kind == RoadmapAdvice::Kind::Finished);
}

TEST_CASE("roadmap advice: the rules' front matter is checked", "[roadmap][lesson]") {
    auto errors = [](const std::string& fm) { return parseLesson(lessonText("x", "X", 1, 0, fm), "l.md").errorText(); };
    CHECK_THAT(errors("review-before: joins\n"), Contains("review-before and review-why go together"));
    CHECK_THAT(errors("review-why: Because.\n"), Contains("review-before and review-why go together"));
    CHECK_THAT(errors("review-before: joins,,orm\nreview-why: W.\n"), Contains("one is empty"));
    CHECK_THAT(errors("review-before: x\nreview-why: W.\n"), Contains("names the lesson itself"));
    LessonParseResult r = parseLesson(lessonText("x", "X", 1, 0, "review-before: joins , orm\nreview-why: W.\n"), "l.md");
    REQUIRE(r.ok());
    CHECK(r.lesson->reviewBefore == std::vector<std::string>{"joins", "orm"});
}

TEST_CASE("roadmap advice: every rule in lessons/ names a later lesson", "[roadmap][lesson]") {
    LessonCatalog catalog;
    const std::filesystem::path dir = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "lessons";
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().extension() == ".md") files.push_back(e.path());
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        catalog.add("lessons/" + f.filename().string(), text.str());
    }
    REQUIRE(catalog.errors().empty());
    size_t rules = 0;
    const auto& lessons = catalog.lessons();
    for (size_t i = 0; i < lessons.size(); ++i) {
        for (const std::string& id : lessons[i].reviewBefore) {
            INFO(lessons[i].fileName << ": review-before " << id);
            const auto later = std::find_if(lessons.begin(), lessons.end(), [&](const Lesson& l) { return l.id == id; });
            REQUIRE(later != lessons.end());
            CHECK(static_cast<size_t>(later - lessons.begin()) > i);
            ++rules;
        }
    }
    CHECK(rules >= 6);
}
