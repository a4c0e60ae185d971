// The lesson file format: every construct, the errors a teacher gets, and no crash on junk.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "core/lesson_parser.h"
#include "core/race_script.h"
#include "core/migration_script.h"
#include "core/markdown.h"

using namespace pgplay;

namespace {

const char* kGood = R"(---
id: joins
title: Joins
summary: Tasks and their projects
---
Intro prose with `inline code`.

- a list
- of things

```sql
SELECT 'example in prose';
## not a heading inside code
```

## Setup
```sql
CREATE TABLE projects (id int PRIMARY KEY, name text);
```
```sql
INSERT INTO projects VALUES (1, 'Apollo');
```

## Step: Tasks with their project
Write a query.

#### A small heading inside the task
More task prose.

### Setup
```sql
CREATE TABLE tasks (id int, project_id int, title text);
```
### Starter
```sql
SELECT * FROM tasks;
```
### Hint
First hint.
### Hint
Second hint,
on two lines.
### Solution
```sql
SELECT t.title, p.name FROM tasks t JOIN projects p ON p.id = t.project_id;
```
### Check: result, ordered, names
### Check: result
```sql
SELECT count(*) FROM tasks;
```
### Check: state
```sql
SELECT count(*) = 1 FROM pg_indexes WHERE tablename = 'tasks';
```
An index on tasks is missing.

### Check: fails 23505
```sql
INSERT INTO projects VALUES (1, 'dup');
```
### Check: succeeds
```sql
INSERT INTO projects VALUES (2, 'ok');
```
### Check: plan uses Index Scan on tasks
```sql
SELECT * FROM tasks WHERE id = 1;
```
### Check: plan avoids Seq Scan
```sql
SELECT * FROM tasks WHERE id = 1;
```
### Variant
```sql
INSERT INTO projects VALUES (3, 'Hidden');
```
### Variant
```sql
DELETE FROM projects;
```
### Wrong: forgot the join
```sql
SELECT title FROM tasks;
```
Explanation is ignored.
### Accept: USING
```sql
SELECT t.title, p.name FROM tasks t JOIN projects p ON t.project_id = p.id;
```
### Accept:
```sql
SELECT title, name FROM tasks, projects WHERE project_id = projects.id;
```

## Step: Second
Task two.
### Solution
```
SELECT 2;
```
### Check: result
)";

}  // namespace

TEST_CASE("A lesson file with every construct parses", "[lesson]") {
    LessonParseResult r = parseLesson(kGood, "lessons/99-joins.md");
    INFO(r.errorText());
    REQUIRE(r.ok());
    const Lesson& l = *r.lesson;
    CHECK(l.id == "joins");
    CHECK(l.title == "Joins");
    CHECK(l.summary == "Tasks and their projects");
    CHECK(l.fileName == "lessons/99-joins.md");
    CHECK(l.intro.rfind("Intro prose with `inline code`.", 0) == 0);
    CHECK(l.intro.find("## not a heading inside code") != std::string::npos);
    CHECK(l.setupSql == "CREATE TABLE projects (id int PRIMARY KEY, name text);\n"
                        "INSERT INTO projects VALUES (1, 'Apollo');");
    REQUIRE(l.steps.size() == 2);

    const Step& s = l.steps[0];
    CHECK(s.title == "Tasks with their project");
    CHECK(s.line == 24);
    CHECK(s.task.find("#### A small heading inside the task") != std::string::npos);
    CHECK(s.task.find("More task prose.") != std::string::npos);
    CHECK(s.setupSql == "CREATE TABLE tasks (id int, project_id int, title text);");
    CHECK(s.starter == "SELECT * FROM tasks;");
    REQUIRE(s.hints.size() == 2);
    CHECK(s.hints[0] == "First hint.");
    CHECK(s.hints[1] == "Second hint,\non two lines.");
    CHECK(s.solution == "SELECT t.title, p.name FROM tasks t JOIN projects p ON p.id = t.project_id;");

    REQUIRE(s.checks.size() == 7);
    CHECK(s.checks[0].kind == CheckKind::Result);
    CHECK(s.checks[0].ordered);
    CHECK(s.checks[0].names);
    CHECK(s.checks[0].sql.empty());
    CHECK(s.checks[1].kind == CheckKind::Result);
    CHECK_FALSE(s.checks[1].ordered);
    CHECK_FALSE(s.checks[1].names);
    CHECK(s.checks[1].sql == "SELECT count(*) FROM tasks;");
    CHECK(s.checks[2].kind == CheckKind::State);
    CHECK(s.checks[2].message == "An index on tasks is missing.");
    CHECK(s.checks[2].sql.find("pg_indexes") != std::string::npos);
    CHECK(s.checks[3].kind == CheckKind::Fails);
    CHECK(s.checks[3].sqlstate == "23505");
    CHECK(s.checks[4].kind == CheckKind::Succeeds);
    CHECK(s.checks[5].kind == CheckKind::PlanUses);
    CHECK(s.checks[5].nodeType == "Index Scan");
    CHECK(s.checks[5].relation == "tasks");
    CHECK(s.checks[6].kind == CheckKind::PlanAvoids);
    CHECK(s.checks[6].nodeType == "Seq Scan");
    CHECK(s.checks[6].relation.empty());

    REQUIRE(s.wrongAnswers.size() == 1);
    CHECK(s.wrongAnswers[0].label == "forgot the join");
    CHECK(s.wrongAnswers[0].sql == "SELECT title FROM tasks;");
    REQUIRE(s.acceptedAnswers.size() == 2);
    CHECK(s.acceptedAnswers[0].label == "USING");
    CHECK(s.acceptedAnswers[0].sql == "SELECT t.title, p.name FROM tasks t JOIN projects p ON t.project_id = p.id;");
    CHECK(s.acceptedAnswers[1].label == "accepted answer 2");
    REQUIRE(s.variants.size() == 2);
    CHECK(s.variants[0] == "INSERT INTO projects VALUES (3, 'Hidden');");
    CHECK(s.variants[1] == "DELETE FROM projects;");

    CHECK(l.steps[1].solution == "SELECT 2;");
    CHECK(l.steps[1].checks.size() == 1);
}

TEST_CASE("CRLF line ends and a BOM are accepted", "[lesson]") {
    std::string text = "\xEF\xBB\xBF";
    for (char c : std::string(kGood)) {
        if (c == '\n') text += "\r\n";
        else text += c;
    }
    LessonParseResult r = parseLesson(text, "crlf.md");
    INFO(r.errorText());
    REQUIRE(r.ok());
    CHECK(r.lesson->steps[0].hints[1] == "Second hint,\non two lines.");
    CHECK(r.lesson->setupSql.find('\r') == std::string::npos);
}

namespace {

// The errors of a lesson made of the front matter plus `body`.
std::string errorsOf(const std::string& body, const std::string& front = "---\nid: x\ntitle: X\n---\n") {
    LessonParseResult r = parseLesson(front + body, "l.md");
    CHECK_FALSE(r.ok());
    CHECK_FALSE(r.errors.empty());
    return r.errorText();
}

const std::string kStepOk = "## Step: A\nDo it.\n### Solution\n```sql\nSELECT 1;\n```\n### Check: result\n";

}  // namespace

TEST_CASE("Bad lesson files give errors with file and line", "[lesson]") {
    using Catch::Matchers::Contains;
    // Line numbers count the 4 front matter lines.
    CHECK_THAT(errorsOf("## Step: A\n### Solution\n```sql\nSELECT 1;\n```\n### Check: resultt\n"),
               Contains("l.md:10: unknown check kind 'resultt'"));
    CHECK_THAT(errorsOf("## Step: A\nTask.\n### Check: result\n"), Contains("l.md:5: step \"A\" has no '### Solution'"));
    CHECK_THAT(errorsOf("## Step: A\n### Solution\n```sql\nSELECT 1;\n"),
               Contains("l.md:7: code block opened here is never closed"));
    CHECK_THAT(errorsOf(kStepOk, "---\ntitle: X\n---\n"), Contains("l.md:1: the front matter has no 'id:'"));
    CHECK_THAT(errorsOf(kStepOk, "---\nid: x\n---\n"), Contains("no 'title:'"));
    CHECK_THAT(errorsOf(kStepOk, "id: x\ntitle: X\n"), Contains("l.md:1: missing front matter"));
    CHECK_THAT(errorsOf(kStepOk, "---\nid: x\ntitle: X\n"), Contains("front matter is not closed"));
    CHECK_THAT(errorsOf(kStepOk, "---\nid: Bad_Id\ntitle: X\n---\n"), Contains("l.md:2: lesson id 'Bad_Id'"));
    CHECK_THAT(errorsOf(kStepOk, "---\nid: x\ntitle: X\nauthor: me\n---\n"),
               Contains("l.md:4: unknown front matter key 'author'"));
    CHECK_THAT(errorsOf(kStepOk, "---\nid: x\nid: y\ntitle: X\n---\n"), Contains("l.md:3: front matter key 'id' appears twice"));
    CHECK_THAT(errorsOf(kStepOk + kStepOk), Contains("l.md:12: two steps are titled \"A\""));
    CHECK_THAT(errorsOf("Just prose.\n"), Contains("the lesson has no steps"));
    CHECK_THAT(errorsOf("## Step: A\n### Solution\n```sql\nSELECT 1;\n```\n"), Contains("has no '### Check: ...'"));
    CHECK_THAT(errorsOf(kStepOk + "### Check: fails\n```sql\nSELECT 1;\n```\n"), Contains("names one SQLSTATE"));
    CHECK_THAT(errorsOf(kStepOk + "### Check: fails 2350\n```sql\nSELECT 1;\n```\n"), Contains("'2350' is not a SQLSTATE"));
    CHECK_THAT(errorsOf(kStepOk + "### Check: state\nNo SQL here.\n"), Contains("l.md:12: the state check in step \"A\" needs a ```sql code block"));
    CHECK_THAT(errorsOf(kStepOk + "### Check: result sorted\n"), Contains("unknown option 'sorted'"));
    CHECK_THAT(errorsOf(kStepOk + "### Check: plan likes Seq Scan\n```sql\nSELECT 1;\n```\n"), Contains("plan uses <node>"));
    CHECK_THAT(errorsOf(kStepOk + "### Check: plan uses on t\n```sql\nSELECT 1;\n```\n"), Contains("names no node type"));
    CHECK_THAT(errorsOf(kStepOk + "### Hints\nx\n"), Contains("l.md:12: unknown part '### Hints'"));
    CHECK_THAT(errorsOf(kStepOk + "### Hint\n\n"), Contains("empty hint"));
    CHECK_THAT(errorsOf(kStepOk + "### Solution\n```sql\nSELECT 2;\n```\n"), Contains("second '### Solution'"));
    CHECK_THAT(errorsOf(kStepOk + "### Wrong: nothing\nno code\n"), Contains("'### Wrong: nothing' has no ```sql code block"));
    CHECK_THAT(errorsOf(kStepOk + "### Accept: nothing\nno code\n"), Contains("'### Accept: nothing' has no ```sql code block"));
    CHECK_THAT(errorsOf(kStepOk + "### Variant\n"), Contains("the variant of step \"A\" has no ```sql code block"));
    CHECK_THAT(errorsOf(kStepOk + "### Variant: x\n```sql\nSELECT 1;\n```\n"), Contains("unknown part '### Variant: x'"));
    CHECK_THAT(errorsOf(kStepOk + "### Check: state\n```sql\nSELECT true;\n```\n"),
               Contains("l.md:12: the state check in step \"A\" needs a message under its heading"));
    CHECK_THAT(errorsOf("### Hint\nx\n" + kStepOk), Contains("l.md:5: '### Hint' is outside a step"));
    CHECK_THAT(errorsOf("## Exercises\n" + kStepOk), Contains("l.md:5: unknown section '## Exercises'"));
    CHECK_THAT(errorsOf("# Title\n" + kStepOk), Contains("l.md:5: '# Title': a lesson has no '#' headings"));
    CHECK_THAT(errorsOf("## Setup\nCREATE TABLE t (a int);\n" + kStepOk), Contains("l.md:6: text outside a ```sql code block in ## Setup"));
    CHECK_THAT(errorsOf("## Setup\n```python\nx = 1\n```\n" + kStepOk), Contains("must be ```sql, not ```python"));
    CHECK_THAT(errorsOf(kStepOk + "## Setup\n```sql\nSELECT 1;\n```\n"), Contains("must come before the first step"));
    CHECK_THAT(errorsOf("## Step:\n### Solution\n```sql\nSELECT 1;\n```\n### Check: result\n"), Contains("a step needs a title"));
}

namespace {

std::string blockKinds(std::string_view markdown) {
    std::string out;
    for (const MdBlock& b : parseMarkdown(markdown)) {
        switch (b.kind) {
            case MdBlockKind::Heading: out += "H" + std::to_string(b.level) + " "; break;
            case MdBlockKind::Paragraph: out += "P "; break;
            case MdBlockKind::ListItem: out += "L "; break;
            case MdBlockKind::Code: out += "C[" + b.language + "] "; break;
            case MdBlockKind::Rule: out += "R "; break;
        }
    }
    return out;
}

}  // namespace

// The lesson structure and the prose the pane draws used to come from two readers that disagreed
// on these; both are md4c's reading now.
TEST_CASE("A heading indented by two spaces is a heading to the lesson and to the prose", "[lesson][markdown]") {
    const std::string stepB = "  ## Step: B\nTask B.\n### Solution\n```sql\nSELECT 2;\n```\n### Check: result\n";
    LessonParseResult r = parseLesson("---\nid: x\ntitle: X\n---\n" + kStepOk + stepB, "l.md");
    INFO(r.errorText());
    REQUIRE(r.ok());
    REQUIRE(r.lesson->steps.size() == 2);
    CHECK(r.lesson->steps[1].title == "B");
    CHECK(r.lesson->steps[1].line == 12);
    CHECK(r.lesson->steps[1].solution == "SELECT 2;");
    CHECK(blockKinds(stepB) == "H2 P H3 C[sql] H3 ");
}

TEST_CASE("A fence indented by four spaces is plain code to the lesson and to the prose", "[lesson][markdown]") {
    using Catch::Matchers::Contains;
    const std::string indented = "    ```sql\n    SELECT 1;\n    ```\n";
    // In a step's task: prose, drawn as an indented code block that shows the fence lines.
    const std::string task = "## Step: A\nDo it like this:\n\n" + indented +
                             "### Solution\n```sql\nSELECT 1;\n```\n### Check: result\n";
    LessonParseResult r = parseLesson("---\nid: x\ntitle: X\n---\n" + task, "l.md");
    INFO(r.errorText());
    REQUIRE(r.ok());
    const std::vector<MdBlock> shown = parseMarkdown(r.lesson->steps[0].task);
    CHECK(blockKinds(r.lesson->steps[0].task) == "P C[] ");
    CHECK(shown.back().code == "```sql\nSELECT 1;\n```");
    // Where SQL belongs it is not a SQL block, and the error says why.
    CHECK_THAT(errorsOf("## Step: A\nDo it.\n### Solution\n" + indented + "### Check: result\n"),
               Contains("l.md:8: indented code block in ### Solution of step \"A\""));
    // Three spaces still make a fence, for both.
    const std::string three = "## Step: A\n### Solution\n   ```sql\n   SELECT 1;\n   ```\n### Check: result\n";
    LessonParseResult r3 = parseLesson("---\nid: x\ntitle: X\n---\n" + three, "l.md");
    INFO(r3.errorText());
    REQUIRE(r3.ok());
    CHECK(r3.lesson->steps[0].solution == "SELECT 1;");
    CHECK(blockKinds("   ```sql\n   SELECT 1;\n   ```") == "C[sql] ");
}

TEST_CASE("Other CommonMark structure the lesson and the prose agree on", "[lesson][markdown]") {
    using Catch::Matchers::Contains;
    SECTION("text underlined with --- is a heading (a blank line before it makes a rule)") {
        CHECK_THAT(errorsOf("## Step: A\nDo it.\n---\n### Solution\n```sql\nSELECT 1;\n```\n### Check: result\n"),
                   Contains("l.md:6: unknown section '## Do it.'"));
        CHECK(blockKinds("Do it.\n---") == "H2 ");
        LessonParseResult r = parseLesson("---\nid: x\ntitle: X\n---\n## Step: A\nDo it.\n\n---\n### Solution\n```sql\nSELECT 1;\n```\n### Check: result\n", "l.md");
        INFO(r.errorText());
        REQUIRE(r.ok());
        CHECK(blockKinds(r.lesson->steps[0].task) == "P R ");
    }
    SECTION("headings inside a list or a quote are prose") {
        LessonParseResult r = parseLesson("---\nid: x\ntitle: X\n---\n## Step: A\n- ## Step: not one\n> ### Hint\n"
                                          "### Solution\n```sql\nSELECT 1;\n```\n### Check: result\n", "l.md");
        INFO(r.errorText());
        REQUIRE(r.ok());
        CHECK(r.lesson->steps.size() == 1);
        CHECK(r.lesson->steps[0].hints.empty());
        CHECK(r.lesson->steps[0].task == "- ## Step: not one\n> ### Hint");
    }
    SECTION("a fence in a list item is not the section's SQL") {
        CHECK_THAT(errorsOf("## Step: A\n### Solution\n- ```sql\n  SELECT 1;\n  ```\n### Check: result\n"),
                   Contains("l.md:7: text outside a ```sql code block"));
    }
    SECTION("the fence's first word is the language, as the pane reads it") {
        LessonParseResult r = parseLesson("---\nid: x\ntitle: X\n---\n## Step: A\n### Solution\n```SQL title=answer\nSELECT 1;\n```\n### Check: result\n", "l.md");
        INFO(r.errorText());
        CHECK(r.ok());
    }
}

TEST_CASE("Line numbers count lines however they end", "[lesson]") {
    using Catch::Matchers::Contains;
    std::string lf = "---\nid: x\ntitle: X\n---\n## Step: A\n### Solution\n```sql\nSELECT 1;\n```\n### Check: resultt\n";
    std::string cr = lf;
    std::replace(cr.begin(), cr.end(), '\n', '\r');
    CHECK_THAT(parseLesson(lf, "l.md").errorText(), Contains("l.md:10: unknown check kind 'resultt'"));
    CHECK_THAT(parseLesson(cr, "l.md").errorText(), Contains("l.md:10: unknown check kind 'resultt'"));
    std::string nul = "---\nid: x\ntitle: X\n---\n## Step: A\n### Solution\n```sql\nSELECT 1;\n```\n### Check: result\n";
    nul.insert(nul.find("SELECT") + 6, 1, '\0');
    LessonParseResult r = parseLesson(nul, "l.md");
    INFO(r.errorText());
    REQUIRE(r.ok());
    CHECK(r.lesson->steps[0].solution == "SELECT 1;");
}

TEST_CASE("Several errors are reported at once", "[lesson]") {
    LessonParseResult r = parseLesson("---\nid: x\ntitle: X\n---\n## Step: A\n### Check: bogus\n## Step: B\n### Check: result\n", "l.md");
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors.size() >= 3);   // unknown kind, A without solution or check, B without solution
    for (const LessonError& e : r.errors) {
        CHECK(e.file == "l.md");
        CHECK(e.toString().rfind("l.md", 0) == 0);
    }
}

TEST_CASE("Truncated and garbage lesson input never crashes", "[lesson]") {
    const std::string good = kGood;
    // Every prefix of a good file: parses or gives errors, never anything else.
    for (size_t n = 0; n <= good.size(); ++n) {
        LessonParseResult r = parseLesson(good.substr(0, n), "cut.md");
        CHECK((r.ok() || !r.errors.empty()));
    }
    std::mt19937 rng(1234);
    const char alphabet[] = "#`~-:\n \r\tabcSELECT;\x00\xff\xc3()";
    for (int round = 0; round < 2000; ++round) {
        std::string text;
        if (round % 2) text = good;   // mutations of a good file
        size_t len = rng() % 300;
        for (size_t i = 0; i < len; ++i) {
            char c = alphabet[rng() % (sizeof alphabet - 1)];
            if (!text.empty() && rng() % 3 == 0) text[rng() % text.size()] = c;
            else text.insert(text.empty() ? 0 : rng() % (text.size() + 1), 1, c);
        }
        LessonParseResult r = parseLesson(text, "junk.md");
        CHECK((r.ok() || !r.errors.empty()));
        CHECK(r.errors.size() <= 50);
    }
    CHECK_FALSE(parseLesson("", "empty.md").ok());
    CHECK_FALSE(parseLesson(std::string(100000, '#'), "hashes.md").ok());
    CHECK_FALSE(parseLesson(std::string(100000, '`'), "ticks.md").ok());
    CHECK_FALSE(parseLesson("---", "dash.md").ok());
}

#ifdef PGPLAY_SOURCE_DIR
TEST_CASE("Every lesson in lessons/ parses", "[lesson]") {
    namespace fs = std::filesystem;
    int found = 0;
    for (const auto& entry : fs::directory_iterator(fs::path(PGPLAY_SOURCE_DIR) / "lessons")) {
        if (entry.path().extension() != ".md") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        REQUIRE(in);
        std::stringstream ss;
        ss << in.rdbuf();
        LessonParseResult r = parseLesson(ss.str(), "lessons/" + entry.path().filename().string());
        INFO(r.errorText());
        CHECK(r.ok());
        ++found;
    }
    CHECK(found >= 2);
}

TEST_CASE("Every race step names a race scenario in lessons/races", "[lesson][race]") {
    namespace fs = std::filesystem;
    std::set<std::string> ids;
    for (const auto& entry : fs::directory_iterator(fs::path(PGPLAY_SOURCE_DIR) / "lessons" / "races")) {
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        RaceParseResult r = parseRaceScenario(ss.str(), entry.path().filename().string());
        if (r.ok()) ids.insert(r.scenario->id);
    }
    for (const auto& entry : fs::directory_iterator(fs::path(PGPLAY_SOURCE_DIR) / "lessons")) {
        if (entry.path().extension() != ".md") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        LessonParseResult r = parseLesson(ss.str(), entry.path().filename().string());
        if (!r.ok()) continue;   // reported by the test above
        for (const Step& step : r.lesson->steps) {
            INFO(entry.path().filename().string() << " step \"" << step.title << "\"");
            if (step.isRace()) CHECK(ids.count(step.race) == 1);
        }
    }
}
#endif


TEST_CASE("Race steps: a scenario id, race checks only, race scripts for every answer", "[lesson][race]") {
    using Catch::Matchers::Contains;
    const std::string ok = "## Step: R\nTask.\n### Race: lost-update\n### Starter\n```sql\nA: BEGIN\nB: BEGIN\n```\n"
                           "### Solution\n```sql\nA: SELECT 1\n-- a note\n\nB: SELECT 2\n```\n"
                           "### Check: race\n```sql\nSELECT true\n```\nIt must be true.\n"
                           "### Wrong: w\n```sql\nA: SELECT 1\nB: SELECT 1\n```\n";
    LessonParseResult r = parseLesson("---\nid: x\ntitle: X\n---\n" + ok, "l.md");
    INFO(r.errorText());
    REQUIRE(r.ok());
    const Step& step = r.lesson->steps[0];
    CHECK(step.race == "lost-update");
    CHECK(step.isRace());
    REQUIRE(step.checks.size() == 1);
    CHECK(step.checks[0].kind == CheckKind::RaceState);
    CHECK(std::string(checkKindName(step.checks[0].kind)) == "race");
    CHECK_FALSE(step.checks[0].anyOrder);
    LessonParseResult any = parseLesson("---\nid: x\ntitle: X\n---\n" + ok.substr(0, ok.find("### Check: race")) +
                                            "### Check: race any order\n```sql\nSELECT true\n```\nWhy.\n", "l.md");
    REQUIRE(any.ok());
    CHECK(any.lesson->steps[0].checks[0].anyOrder);
    CHECK_THAT(errorsOf("## Step: R\n### Race: x\n### Solution\n```sql\nA: SELECT 1\nB: SELECT 1\n```\n"
                        "### Check: race in order\n```sql\nSELECT true\n```\nWhy.\n"),
               Contains("a race check reads '### Check: race' or '### Check: race any order'"));

    CHECK_THAT(errorsOf(kStepOk + "### Check: race\n```sql\nSELECT true\n```\nWhy.\n"),
               Contains("step \"A\" has a race check but no '### Race: <scenario id>'"));
    CHECK_THAT(errorsOf("## Step: R\n### Race: x\n### Solution\n```sql\nA: SELECT 1\nB: SELECT 1\n```\n### Check: result\n"),
               Contains("step \"R\" is a race step: its checks are all '### Check: race'"));
    CHECK_THAT(errorsOf("## Step: R\n### Race: Bad Id\n### Solution\n```sql\nA: SELECT 1\nB: SELECT 1\n```\n"
                        "### Check: race\n```sql\nSELECT true\n```\nWhy.\n"),
               Contains("'### Race:' names a race scenario's id"));
    CHECK_THAT(errorsOf("## Step: R\n### Race: x\n### Solution\n```sql\nSELECT 1;\n```\n"
                        "### Check: race\n```sql\nSELECT true\n```\n"),
               Contains("the race check in step \"R\" needs a message"));
    CHECK_THAT(errorsOf("## Step: R\n### Race: x\n### Solution\n```sql\nSELECT 1;\n```\n"
                        "### Check: race\n```sql\nSELECT true\n```\nWhy.\n"),
               Contains("the solution of race step \"R\" is not a race script: your race:1: each line is one statement"));
    CHECK_THAT(errorsOf("## Step: R\n### Race: x\n### Solution\n```sql\nA: SELECT 1\nA: SELECT 2\n```\n"
                        "### Check: race\n```sql\nSELECT true\n```\nWhy.\n"),
               Contains("a race needs at least two sessions"));
}

TEST_CASE("ORM lens steps: the code, the queries it sends, and a query count check", "[lesson][orm]") {
    using Catch::Matchers::Contains;
    const std::string ok = "## Step: N\nTask.\n### ORM: Rails, lazy loading\n```ruby\nOrder.all.each { |o| o.customer.name }\n```\n"
                           "### N+1: customer_id\n```sql\nSELECT id, customer_id FROM orders;\nSELECT name FROM customers WHERE id = $1;\n```\n"
                           "### Solution\n```sql\nSELECT 1;\n```\n### Check: queries at most 2\n### Check: result\n"
                           "### Wrong: w\n```sql\nSELECT 1; SELECT 2; SELECT 3;\n```\n";
    LessonParseResult r = parseLesson("---\nid: x\ntitle: X\n---\n" + ok, "l.md");
    INFO(r.errorText());
    REQUIRE(r.ok());
    const Step& step = r.lesson->steps[0];
    REQUIRE(step.orm);
    CHECK(step.orm->label == "Rails, lazy loading");
    CHECK(step.orm->language == "ruby");
    CHECK(step.orm->code == "Order.all.each { |o| o.customer.name }");
    CHECK(step.orm->outerSql == "SELECT id, customer_id FROM orders");
    CHECK(step.orm->innerSql == "SELECT name FROM customers WHERE id = $1");
    CHECK(step.orm->column == "customer_id");
    REQUIRE(step.checks.size() == 2);
    CHECK(step.checks[0].kind == CheckKind::QueryCount);
    CHECK(step.checks[0].maxQueries == 2);

    CHECK_THAT(errorsOf(kStepOk + "### Check: queries at least 2\n"), Contains("a queries check reads '### Check: queries at most 2'"));
    CHECK_THAT(errorsOf(kStepOk + "### Check: queries at most 0\n"), Contains("a queries check reads"));
    CHECK_THAT(errorsOf(kStepOk + "### Check: queries at most 2\n```sql\nSELECT 1;\n```\n"), Contains("it takes no ```sql block"));
    CHECK_THAT(errorsOf("## Step: N\n### N+1: id\n```sql\nSELECT id FROM t;\n```\n### Solution\n```sql\nSELECT 1;\n```\n### Check: result\n"),
               Contains("holds two queries"));
    CHECK_THAT(errorsOf("## Step: N\n### N+1: id\n```sql\nSELECT id FROM t; SELECT 1;\n```\n### Solution\n```sql\nSELECT 1;\n```\n### Check: result\n"),
               Contains("takes each row's value as $1"));
    CHECK_THAT(errorsOf("## Step: N\n### ORM: x\n```ruby\nX.all\n```\n### Solution\n```sql\nSELECT 1;\n```\n### Check: result\n"),
               Contains("needs both '### ORM: <label>' (the code) and '### N+1: <column>'"));
}

TEST_CASE("A race script reads as a scenario and writes back the same", "[race]") {
    RaceParseResult r = raceScenarioFromScript("# mine\nA: BEGIN;\n  B: UPDATE t SET v = 1 -- why\n\nA: COMMIT", "Mine", {"CREATE TABLE t ()"});
    INFO(r.errorText());
    REQUIRE(r.ok());
    CHECK(r.scenario->title == "Mine");
    CHECK(r.scenario->sessions == std::vector<std::string>{"A", "B"});
    REQUIRE(r.scenario->steps.size() == 3);
    CHECK(r.scenario->steps[0].sql == "BEGIN");
    CHECK(r.scenario->steps[1].line == 3);
    CHECK(r.scenario->setup == std::vector<std::string>{"CREATE TABLE t ()"});
    // A comment after a statement stays with it (the engine ends every statement with a line break).
    CHECK(raceScript(*r.scenario) == "A: BEGIN\nB: UPDATE t SET v = 1 -- why\nA: COMMIT\n");
    CHECK(raceScenarioFromScript(raceScript(*r.scenario), "again").scenario->steps.size() == 3);

    CHECK_FALSE(raceScenarioFromScript("", "x").ok());
    CHECK(raceScenarioFromScript("-- only a note", "x").errorText().find("the race has no statements") != std::string::npos);
    CHECK(raceScenarioFromScript("setup: DROP TABLE t\nA: BEGIN\nB: BEGIN", "x").errorText().find("your race:1:") == 0);
    CHECK(raceScenarioFromScript("check: SELECT 1\nA: BEGIN\nB: BEGIN", "x").errorText().find("your race:1:") == 0);
    CHECK_FALSE(raceScenarioFromScript("A: BEGIN\nB:\n", "x").ok());

    // A statement over several lines: its continuation is indented, and written back that way.
    RaceParseResult multi = raceScenarioFromScript("A: BEGIN\nB: UPDATE t\n   SET v = 1 -- one\n   WHERE id = 2\nA: COMMIT", "x");
    INFO(multi.errorText());
    REQUIRE(multi.ok());
    REQUIRE(multi.scenario->steps.size() == 3);
    CHECK(multi.scenario->steps[1].sql == "UPDATE t\n   SET v = 1 -- one\n   WHERE id = 2");
    CHECK(raceScript(*multi.scenario) == "A: BEGIN\nB: UPDATE t\n     SET v = 1 -- one\n     WHERE id = 2\nA: COMMIT\n");
    CHECK(raceScenarioFromScript(raceScript(*multi.scenario), "again").scenario->steps[1].sql ==
          "UPDATE t\n     SET v = 1 -- one\n     WHERE id = 2");
    CHECK(raceScenarioFromScript("A: BEGIN\nB: SELECT 1;\n  SELECT 2\nA: COMMIT", "x").errorText().find("holds 2") != std::string::npos);
    // Not indented, a line without its session is still an error.
    CHECK(raceScenarioFromScript("A: BEGIN\nB: BEGIN\nSELECT 1", "x").errorText().find("your race:3:") == 0);
}

TEST_CASE("A migration script splits at a '-- down' line of its own", "[lesson][migration]") {
    auto parts = splitMigration("CREATE TABLE t (a int);\n-- down\nDROP TABLE t;\n");
    REQUIRE(parts);
    CHECK(parts->up == "CREATE TABLE t (a int);\n");
    CHECK(parts->down == "\nDROP TABLE t;\n");
    CHECK(splitMigration("SELECT 1;\n  -- MIGRATE:DOWN  \nSELECT 2;"));
    CHECK_FALSE(splitMigration("SELECT 1; -- down\nSELECT 2;"));           // not alone on its line
    CHECK_FALSE(splitMigration("SELECT '\n-- down\n';"));                  // inside a string
    CHECK_FALSE(splitMigration("SELECT $$\n-- down\n$$;"));                // inside a dollar quote
    CHECK_FALSE(splitMigration("/*\n-- down\n*/ SELECT 1;"));              // inside a block comment
    CHECK_FALSE(splitMigration("SELECT 1;\n-- downgrade\n"));
    CHECK(splitMigration("-- down\n")->up.empty());
    CHECK_THAT(parseLesson("---\nid: x\ntitle: X\n---\n## Step: A\n### Solution\n```sql\nSELECT 1;\n```\n"
                           "### Check: down restores\n", "l.md").errorText(),
               Catch::Matchers::Contains("its solution needs the up part, a line '-- down', then the down part"));
    LessonParseResult r = parseLesson("---\nid: x\ntitle: X\n---\n## Step: A\n### Solution\n```sql\nSELECT 1;\n-- down\n"
                                      "SELECT 2;\n```\n### Check: down restores\n### Check: reapply fails 23505\n", "l.md");
    INFO(r.errorText());
    REQUIRE(r.ok());
    CHECK(r.lesson->steps[0].checks[1].kind == CheckKind::ReapplyFails);
    CHECK(r.lesson->steps[0].checks[1].sqlstate == "23505");
    CHECK_FALSE(r.lesson->steps[0].checks[0].schemaOnly);
    r = parseLesson("---\nid: x\ntitle: X\n---\n## Step: A\n### Solution\n```sql\nSELECT 1;\n-- down\nSELECT 2;\n```\n"
                    "### Check: down restores schema\n", "l.md");
    REQUIRE(r.ok());
    CHECK(r.lesson->steps[0].checks[0].schemaOnly);
    CHECK_THAT(parseLesson("---\nid: x\ntitle: X\n---\n## Step: A\n### Solution\n```sql\nSELECT 1;\n-- down\nSELECT 2;\n```\n"
                           "### Check: down restores values\n", "l.md").errorText(),
               Catch::Matchers::Contains("unknown check kind 'down'"));
    const std::string migration = "---\nid: x\ntitle: X\n---\n## Step: A\n### Solution\n```sql\nSELECT 1;\n-- down\nSELECT 2;\n```\n";
    CHECK_THAT(parseLesson(migration + "### Check: reapply fails 2350\n", "l.md").errorText(),
               Catch::Matchers::Contains("'2350' is not a SQLSTATE"));
    CHECK_THAT(parseLesson(migration + "### Check: down restores\n```sql\nSELECT 1;\n```\n", "l.md").errorText(),
               Catch::Matchers::Contains("the down restores check runs the learner's own migration: it takes no ```sql block"));
}
