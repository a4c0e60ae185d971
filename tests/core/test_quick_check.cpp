// Quick-check questions: the lesson format, grading without a database, what progress keeps of
// them, and the path from the last step to the questions and on to the next lesson.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>

#include "core/lesson_parser.h"
#include "core/lesson_progress.h"
#include "core/playground.h"
#include "core/quick_check.h"
#include "fake_database.h"

using namespace pgplay;
using Catch::Matchers::Contains;

namespace {

const char* kQuizLesson = R"(---
id: keys
title: Keys
---
## Step: Only step
Make a table.
### Solution
```sql
CREATE TABLE t (id int PRIMARY KEY);
```
### Check: state
```sql
SELECT to_regclass('t') IS NOT NULL;
```
The table `t` should exist.

## Question: Deleting a parent
Which `ON DELETE` action removes a project's tasks with it?
### Option: `RESTRICT`
It refuses the delete while tasks point at the project.
### Correct: `CASCADE`
### Option: `SET NULL`
It keeps the tasks and empties their `project_id`.
### Explain
`CASCADE` deletes the rows that reference the deleted one.

## Question: Missing values
Which condition finds the tasks with no assignee? Type it.
### Answer: assignee_id IS NULL
### Answer: assignee_id ISNULL
### Explain
`= NULL` is never true: a comparison with NULL is NULL.

## Question: Both
Which constraints make a column refuse duplicates?
### Correct: `UNIQUE`
### Correct: `PRIMARY KEY`
### Option: `NOT NULL`
)";

const char* kNextLesson = R"(---
id: later
title: Later
---
## Step: First
### Solution
```sql
SELECT 1;
```
### Check: result
)";

Lesson parsed(const char* text, const char* file) {
    LessonParseResult r = parseLesson(text, file);
    INFO(r.errorText());
    REQUIRE(r.ok());
    return *r.lesson;
}

std::string errorsOf(const std::string& questions) {
    const std::string lesson = "---\nid: x\ntitle: X\n---\n## Step: A\n### Solution\n```sql\nSELECT 1;\n```\n### Check: result\n";
    return parseLesson(lesson + questions, "l.md").errorText();
}

}  // namespace

TEST_CASE("quick check: questions are read from the lesson file", "[lesson][quiz]") {
    const Lesson l = parsed(kQuizLesson, "lessons/02-keys.md");
    REQUIRE(l.steps.size() == 1);
    REQUIRE(l.questions.size() == 3);
    const Question& q = l.questions[0];
    CHECK(q.title == "Deleting a parent");
    CHECK(q.prompt == "Which `ON DELETE` action removes a project's tasks with it?");
    REQUIRE(q.options.size() == 3);
    CHECK(q.options[0].text == "RESTRICT");   // heading text: plain, as a choice is drawn
    CHECK_FALSE(q.options[0].correct);
    CHECK(q.options[0].why == "It refuses the delete while tasks point at the project.");
    CHECK(q.options[1].correct);
    CHECK(q.options[1].why.empty());
    CHECK(q.explanation == "`CASCADE` deletes the rows that reference the deleted one.");
    CHECK(q.multipleChoice());
    CHECK(q.correctCount() == 1);
    CHECK_FALSE(l.questions[1].multipleChoice());
    CHECK(l.questions[1].answers == std::vector<std::string>{"assignee_id IS NULL", "assignee_id ISNULL"});
    CHECK(l.questions[2].correctCount() == 2);
    // The step before the questions keeps its own parts.
    CHECK(l.steps[0].checks.size() == 1);
}

TEST_CASE("quick check: malformed questions are errors with lines", "[lesson][quiz]") {
    CHECK_THAT(errorsOf("## Question: Q\nAsk.\n### Option: a\n### Option: b\n"), Contains("needs at least two choices, one of them '### Correct:'"));
    CHECK_THAT(errorsOf("## Question: Q\nAsk.\n### Correct: a\n"), Contains("needs at least two choices"));
    CHECK_THAT(errorsOf("## Question: Q\nAsk.\n"), Contains("has no '### Correct:' choices or '### Answer:' lines"));
    CHECK_THAT(errorsOf("## Question: Q\nAsk.\n### Correct: a\n### Option: b\n### Answer: c\n"), Contains("both choices and typed answers"));
    CHECK_THAT(errorsOf("## Question: Q\n### Answer: a\n"), Contains("l.md:11: question \"Q\" asks nothing"));
    CHECK_THAT(errorsOf("## Question:\nAsk.\n### Answer: a\n"), Contains("a question needs a title"));
    CHECK_THAT(errorsOf("## Question: Q\nAsk.\n### Answer: a\n## Question: q\nAsk.\n### Answer: b\n"), Contains("two questions are titled \"q\""));
    CHECK_THAT(errorsOf("## Question: Q\nAsk.\n### Answer: a\n### Hint\nx\n"), Contains("unknown part '### Hint' of a question"));
    CHECK_THAT(errorsOf("## Question: Q\nAsk.\n### Answer:\n"), Contains("an empty answer"));
    CHECK_THAT(errorsOf("## Question: Q\nAsk.\n### Answer: a\nWhy.\n"), Contains("is never shown (put it under ### Explain)"));
    // A step after the questions is a step again.
    const std::string text = std::string("---\nid: x\ntitle: X\n---\n## Question: Q\nAsk.\n### Answer: a\n") +
                             "## Step: B\n### Solution\n```sql\nSELECT 1;\n```\n### Check: result\n";
    LessonParseResult r = parseLesson(text, "l.md");
    INFO(r.errorText());
    REQUIRE(r.ok());
    CHECK(r.lesson->steps.size() == 1);
    CHECK(r.lesson->questions.size() == 1);
}

TEST_CASE("quick check: multiple choice is graded with the reasons of the wrong picks", "[lesson][quiz]") {
    const Lesson l = parsed(kQuizLesson, "lessons/02-keys.md");
    const Question& one = l.questions[0];
    QuestionVerdict v = gradeQuestion(one, {{1}, ""});
    CHECK(v.right);
    CHECK(v.feedback == "Right. `CASCADE` deletes the rows that reference the deleted one.");
    v = gradeQuestion(one, {{2}, ""});
    CHECK_FALSE(v.right);
    CHECK(v.feedback == "**SET NULL**: It keeps the tasks and empties their `project_id`.\n\n"
                        "The right answer is still to be picked.");
    v = gradeQuestion(one, {{}, ""});
    CHECK(v.empty);
    CHECK_FALSE(v.right);
    CHECK(gradeQuestion(one, {{7, 99}, ""}).empty);   // out of range picks are no picks

    const Question& both = l.questions[2];
    CHECK(gradeQuestion(both, {{0, 1}, ""}).right);
    CHECK(gradeQuestion(both, {{1, 0, 1}, ""}).right);   // a pick twice is one pick
    v = gradeQuestion(both, {{0}, ""});
    CHECK_FALSE(v.right);
    CHECK_THAT(v.feedback, Contains("more than one is right"));
    v = gradeQuestion(both, {{0, 1, 2}, ""});
    CHECK_FALSE(v.right);
    CHECK_THAT(v.feedback, Contains("**NOT NULL**: not this one."));
}

TEST_CASE("quick check: a typed answer is compared as SQL tokens", "[lesson][quiz]") {
    CHECK(normalizedAnswer("  assignee_id   IS NULL ; ") == "assignee_id is null");
    CHECK(normalizedAnswer("ASSIGNEE_ID is /* c */ null -- x\n") == "assignee_id is null");
    CHECK(normalizedAnswer("\"Assignee\" = 'Ada'") == "\"Assignee\" = 'Ada'");
    CHECK(normalizedAnswer("23505") == "23505");
    CHECK(normalizedAnswer(";;") == "");

    const Lesson l = parsed(kQuizLesson, "lessons/02-keys.md");
    const Question& q = l.questions[1];
    CHECK(gradeQuestion(q, {{}, "assignee_id is null"}).right);
    CHECK(gradeQuestion(q, {{}, "Assignee_Id ISNULL;"}).right);
    QuestionVerdict v = gradeQuestion(q, {{}, "assignee_id = NULL"});
    CHECK_FALSE(v.right);
    CHECK(v.feedback == "Not quite. Try again, or show the answer.");
    CHECK(gradeQuestion(q, {{}, "  "}).empty);
    CHECK_FALSE(gradeQuestion(q, {{}, "\"ASSIGNEE_ID\" IS NULL"}).right);   // quoted: another name
}

TEST_CASE("quick check: progress keeps tries until the first right answer, and failed checks", "[lesson][quiz][progress]") {
    LessonProgress p;
    p.noteAnswer("keys", 0, false);
    p.noteAnswer("keys", 0, true);
    p.noteAnswer("keys", 0, false);   // after a right answer nothing changes
    p.noteAnswer("keys", 2, true);
    CHECK(p.answeredRight("keys", 0));
    CHECK(p.answerTries("keys", 0) == 2);
    CHECK(p.answerTries("keys", 1) == 0);
    CHECK(p.answerTries("keys", 2) == 1);
    p.noteFailedCheck("keys", 0);
    p.noteFailedCheck("keys", 0);
    p.noteSolutionSeen("keys", 0);
    p.markDone("keys", 0);
    p.noteFailedCheck("keys", 0);     // a done step counts no more
    CHECK(p.failedChecks("keys", 0) == 2);
    CHECK(p.sawSolution("keys", 0));

    const std::string json = p.toJson();
    CHECK_THAT(json, Contains("\"failedChecks\": 2"));
    CHECK_THAT(json, Contains("\"questions\""));
    LessonProgress back;
    std::string error;
    REQUIRE(back.fromJson(json, error));
    CHECK(back == p);

    // A lesson with answers only is kept too.
    LessonProgress answersOnly;
    answersOnly.noteAnswer("later", 0, false);
    REQUIRE(back.fromJson(answersOnly.toJson(), error));
    CHECK(back.answerTries("later", 0) == 1);
    CHECK_FALSE(back.empty());

    // Merging keeps the better record of each question.
    // A later visit's first answer, when right, is a first try; a later right answer is not.
    LessonProgress review;
    review.noteAnswer("keys", 0, false);
    review.noteAnswer("keys", 0, true);
    review.noteAnswer("keys", 0, true, true);
    CHECK(review.answerTries("keys", 0) == 1);
    CHECK(review.fromJson(R"({"format":"pgplay-progress","version":1,"lessons":{"k":{"questions":{"1":{"right":true}}}}})", error));
    CHECK(review.answerTries("k", 0) == 1);   // "right" without "tries": one try

    LessonProgress other;
    other.noteAnswer("keys", 0, true);   // right at the first try
    other.noteAnswer("keys", 1, false);
    p.merge(other);
    CHECK(p.answerTries("keys", 0) == 1);
    CHECK(p.answeredRight("keys", 0));
    CHECK(p.answerTries("keys", 1) == 1);
    CHECK_FALSE(p.answeredRight("keys", 1));

    const char* bad[] = {
        R"({"format":"pgplay-progress","version":1,"lessons":{"keys":{"questions":[1]}}})",
        R"({"format":"pgplay-progress","version":1,"lessons":{"keys":{"questions":{"0":{"tries":1}}}}})",
        R"({"format":"pgplay-progress","version":1,"lessons":{"keys":{"questions":{"1":{"tries":0}}}}})",
        R"({"format":"pgplay-progress","version":1,"lessons":{"keys":{"questions":{"1":{"right":"yes","tries":1}}}}})",
        R"({"format":"pgplay-progress","version":1,"lessons":{"keys":{"steps":{"1":{"failedChecks":-1}}}}})",
        R"({"format":"pgplay-progress","version":1,"lessons":{"keys":{"steps":{"1":{"sawSolution":1}}}}})",
    };
    for (const char* text : bad) {
        INFO(text);
        LessonProgress untouched = p;
        CHECK_FALSE(untouched.fromJson(text, error));
        CHECK_THAT(error, Contains("This file is not pgplay progress"));
        CHECK(untouched == p);
    }
}

TEST_CASE("quick check: Next after the last step opens the questions, then the next lesson", "[lesson][quiz][playground]") {
    pgtest::FakeDatabase db, lessonDb;
    db.state.state = DatabaseState::Ready;
    lessonDb.state.state = DatabaseState::Ready;
    Playground model(PlaygroundDatabases{db, lessonDb, nullptr}, PlaygroundOptions{}, [] { return 0.0; });
    std::vector<std::string> saved;
    model.onSaveProgress = [&](const std::string& json) { saved.push_back(json); };
    model.addLessonFile("lessons/02-keys.md", kQuizLesson);
    model.addLessonFile("lessons/03-later.md", kNextLesson);
    model.lessonsLoaded();
    model.openLessonStep("keys", 0);
    REQUIRE(model.lesson().isOpen());
    CHECK(model.lesson().hasNext());
    CHECK(model.answerQuestion(0, {{1}, ""}) == "null");   // no quick check open yet

    model.nextStep();
    REQUIRE(model.lesson().quizOpen());
    CHECK(model.lesson().lesson()->id == "keys");
    auto state = nlohmann::json::parse(model.lessonStateJson());
    CHECK(state["quiz"] == true);
    REQUIRE(state["questions"].size() == 3);
    CHECK(state["questions"][0]["kind"] == "choose-one");
    CHECK(state["questions"][1]["kind"] == "typed");
    CHECK(state["questions"][2]["kind"] == "choose-all");

    auto v = nlohmann::json::parse(model.answerQuestion(0, {{0}, ""}));
    CHECK(v["right"] == false);
    v = nlohmann::json::parse(model.answerQuestion(0, {{1}, ""}));
    CHECK(v["right"] == true);
    CHECK(model.answerQuestion(9, {{1}, ""}) == "null");
    model.revealAnswer(1);
    CHECK(model.lesson().answerRevealed(1));
    v = nlohmann::json::parse(model.answerQuestion(1, {{}, "assignee_id is null"}));
    CHECK(v["right"] == true);   // graded, but a revealed answer is not counted as found
    state = nlohmann::json::parse(model.lessonStateJson());
    CHECK(state["questions"][0]["right"] == true);
    CHECK(state["questions"][0]["tries"] == 2);
    CHECK(state["questions"][1]["right"] == false);
    CHECK(state["questions"][1]["tries"] == 1);
    CHECK(state["lessons"][0]["questionsRight"] == 1);
    REQUIRE_FALSE(saved.empty());
    CHECK_THAT(saved.back(), Contains("\"questions\""));

    // Back to the step: nothing is sent to the database, the step is as it was.
    const size_t sent = lessonDb.sent.size();
    model.closeQuiz();
    CHECK_FALSE(model.lesson().quizOpen());
    CHECK(model.lesson().lesson()->id == "keys");
    CHECK(lessonDb.sent.size() == sent);
    model.openQuiz();
    REQUIRE(model.lesson().quizOpen());
    CHECK(model.lesson().hasNext());   // the next lesson

    model.nextStep();
    CHECK_FALSE(model.lesson().quizOpen());
    CHECK(model.lesson().lesson()->id == "later");
    CHECK(model.lesson().stepIndex() == 0);
}
