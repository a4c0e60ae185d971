// LessonSession and LessonCatalog over a real server: the learner's flow (open, check, next,
// progress) as the lesson pane drives it.
#include <catch2/catch.hpp>

#include "core/lesson_catalog.h"
#include "core/lesson_session.h"
#include "pg_fixture.h"

using namespace pgplay;

namespace {

const char* kLesson = R"(---
id: demo
title: Demo
---
Intro.

## Setup
```sql
CREATE TABLE t (n int);
INSERT INTO t VALUES (1), (2), (3);
```

## Step: Count
How many rows?
### Starter
```sql
SELECT
```
### Solution
```sql
SELECT count(*) FROM t;
```
### Check: result
### Wrong: sum instead
```sql
SELECT sum(n) FROM t;
```

## Step: Biggest
The largest n.
### Hint
max()
### Solution
```sql
SELECT max(n) FROM t;
```
### Check: result
)";

}  // namespace

TEST_CASE("catalog: files in roadmap order, broken and duplicate files reported", "[lesson][session]") {
    LessonCatalog catalog;
    catalog.add("lessons/02-second.md", std::string(kLesson).replace(std::string(kLesson).find("id: demo"), 8, "id: second"));
    catalog.add("lessons/01-demo.md", kLesson);
    catalog.add("lessons/03-broken.md", "---\ntitle: no id\n---\n");
    catalog.add("lessons/04-dup.md", kLesson);
    REQUIRE(catalog.lessons().size() == 2);
    CHECK(catalog.lessons()[0].id == "demo");
    CHECK(catalog.lessons()[1].id == "second");
    CHECK(catalog.next("demo")->id == "second");
    CHECK(catalog.next("second") == nullptr);
    CHECK(catalog.totalSteps() == 4);
    REQUIRE(catalog.errors().size() == 2);
    CHECK(catalog.errors()[0].fileName == "lessons/03-broken.md");
    CHECK(catalog.errors()[1].errors.find("already used") != std::string::npos);
}

TEST_CASE("session: open, wrong then right answer, progress, next step", "[lesson][session]") {
    pgtest::ThrowawayDatabase db("session");   // lesson resets drop every schema
    LessonCatalog catalog;
    catalog.add("lessons/01-demo.md", kLesson);
    LessonProgress progress;
    LessonSession session(*db.db, catalog, progress);
    int saves = 0;
    session.onProgressChanged = [&] { ++saves; };

    CHECK_FALSE(session.open("nope", 0));
    CHECK_FALSE(session.open("demo", 5));
    CHECK_FALSE(session.isOpen());

    REQUIRE(session.open("demo", 0));
    CHECK_FALSE(session.preparing());          // the native database answers at once
    CHECK(session.prepareError().empty());
    CHECK(session.editorTextForStep() == "SELECT");
    CHECK(progress.current()->first == "demo");

    session.check("SELECT sum(n) FROM t;");
    REQUIRE(session.verdict());
    CHECK_FALSE(session.verdict()->pass);
    CHECK_FALSE(progress.isDone("demo", 0));
    CHECK(session.editorTextForStep() == "SELECT sum(n) FROM t;");   // the answer is remembered

    session.check("SELECT count(n) AS how_many FROM t");
    REQUIRE(session.verdict());
    CHECK(session.verdict()->pass);
    CHECK(progress.isDone("demo", 0));
    CHECK(saves >= 3);

    REQUIRE(session.hasNext());
    REQUIRE(session.openNext());
    CHECK(session.stepIndex() == 1);
    CHECK_FALSE(session.verdict());
    session.revealHint();
    session.revealHint();   // only one hint: stays at one
    CHECK(session.hintsShown() == 1);
    CHECK_FALSE(session.hasNext());
    CHECK_FALSE(session.openNext());

    session.close();
    CHECK_FALSE(session.isOpen());
    CHECK(progress.doneCount("demo") == 1);
}
