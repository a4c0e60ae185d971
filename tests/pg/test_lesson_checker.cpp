// The lesson checker against a real server: every lesson in lessons/ (the reference solution
// passes every step, every listed wrong answer fails), and the checker's rules one by one.
//
// The checker's reset drops every user schema, so these tests work in a database of their own,
// created for each test and dropped after it.
#include "pg_fixture.h"

#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <unistd.h>

#include "core/lesson_checker.h"
#include "core/orm_lens.h"
#include "core/lesson_parser.h"

using namespace pgplay;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

namespace {

using LessonDb = pgtest::ThrowawayDatabase;

Verdict check(Database& db, const Lesson& lesson, size_t step, const std::string& sql) {
    int calls = 0;
    Verdict out;
    checkStep(db, lesson, step, sql, [&](Verdict v) {
        ++calls;
        out = std::move(v);
    });
    REQUIRE(calls == 1);   // PqDatabase answers at once, so the whole chain ran
    return out;
}

Lesson parse(const std::string& text) {
    LessonParseResult r = parseLesson(text, "inline.md");
    INFO(r.errorText());
    REQUIRE(r.ok());
    return *r.lesson;
}

std::filesystem::path lessonsDir() {
    if (const char* dir = std::getenv("PGPLAY_SOURCE_DIR"); dir && *dir) return std::filesystem::path(dir) / "lessons";
    // This file is tests/pg/test_lesson_checker.cpp in the source tree.
    return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "lessons";
}

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string describe(const Verdict& v) {
    std::string s = std::string(v.pass ? "PASS" : "FAIL") + (v.lessonError ? " (lesson error)" : "") + ": " + v.feedback;
    for (const CheckOutcome& c : v.checks)
        s += "\n  line " + std::to_string(c.line) + " " + checkKindName(c.kind) + ": " + (c.pass ? "pass" : c.feedback);
    return s;
}

}  // namespace

TEST_CASE("Every lesson: solutions and accepted answers pass, wrong answers and starters fail", "[lesson][checker]") {
    LessonDb t;
    std::vector<std::filesystem::path> files;
    // PGPLAY_LESSON=03-foreign-keys checks one file, for whoever is writing it.
    const char* only = std::getenv("PGPLAY_LESSON");
    for (const auto& e : std::filesystem::directory_iterator(lessonsDir()))
        if (e.path().extension() == ".md" && (!only || !*only || e.path().stem() == only)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= (only && *only ? 1u : 2u));
    for (const auto& path : files) {
        LessonParseResult parsed = parseLesson(readFile(path), "lessons/" + path.filename().string());
        INFO(parsed.errorText());
        REQUIRE(parsed.ok());
        const Lesson& lesson = *parsed.lesson;
        for (size_t s = 0; s < lesson.steps.size(); ++s) {
            const Step& step = lesson.steps[s];
            INFO(lesson.fileName << ":" << step.line << " step " << s + 1 << " \"" << step.title << "\"");
            CHECK_FALSE(step.wrongAnswers.empty());   // every step shows its checks have teeth

            Verdict v = check(*t.db, lesson, s, step.solution);
            INFO(describe(v));
            CHECK(v.pass);
            CHECK(v.checks.size() == step.checks.size());

            for (const SampleAnswer& w : step.wrongAnswers) {
                Verdict wrong = check(*t.db, lesson, s, w.sql);
                INFO("wrong answer \"" << w.label << "\" (line " << w.line << "): " << describe(wrong));
                CHECK_FALSE(wrong.pass);
                CHECK_FALSE(wrong.lessonError);
                CHECK_FALSE(wrong.feedback.empty());
            }
            for (const SampleAnswer& right : step.acceptedAnswers) {
                Verdict accepted = check(*t.db, lesson, s, right.sql);
                INFO("accepted answer \"" << right.label << "\" (line " << right.line << "): " << describe(accepted));
                CHECK(accepted.pass);
            }
            if (!step.starter.empty()) {
                Verdict starter = check(*t.db, lesson, s, step.starter);
                INFO("starter: " << describe(starter));
                CHECK_FALSE(starter.pass);
                CHECK_FALSE(starter.lessonError);
            }
        }
    }
}

namespace {

const char* kTasksLesson = R"(---
id: checker-test
title: Checker test
---
## Setup
```sql
CREATE TABLE tasks (id int PRIMARY KEY, title text NOT NULL, priority int NOT NULL, estimate numeric(6,2));
INSERT INTO tasks VALUES (1, 'Plan', 3, 1.50), (2, 'Build', 5, 8.00), (3, 'Test', 4, NULL), (4, 'Ship', 5, 0.25);
```

## Step: Any order
### Solution
```sql
SELECT title FROM tasks WHERE priority >= 4;
```
### Check: result

## Step: Ordered
### Solution
```sql
SELECT title, priority FROM tasks ORDER BY priority DESC, id;
```
### Check: result ordered

## Step: Named
### Solution
```sql
SELECT title AS task_title FROM tasks;
```
### Check: result names

## Step: Numbers
### Solution
```sql
SELECT id, estimate FROM tasks;
```
### Check: result

## Step: Unique titles
### Solution
```sql
ALTER TABLE tasks ADD UNIQUE (title);
```
### Check: fails 23505
```sql
INSERT INTO tasks VALUES (9, 'Plan', 1, NULL);
```
Two tasks must not share a title.
### Check: state
```sql
SELECT count(*) = 4 FROM tasks;
```
All four tasks must still be there.

## Step: Urgent titles
### Solution
```sql
SELECT title FROM tasks WHERE priority = 5;
```
### Check: result
### Variant
```sql
UPDATE tasks SET priority = 5 WHERE id = 3;
```
### Check: fails 23505
```sql
INSERT INTO tasks VALUES (1, 'Again', 1, NULL);
DELETE FROM tasks WHERE id = 1;
```
The ids must stay unique.
)";

}  // namespace

TEST_CASE("Result checks: order only when asked", "[lesson][checker]") {
    LessonDb t;
    Lesson lesson = parse(kTasksLesson);
    CHECK(check(*t.db, lesson, 0, "SELECT title FROM tasks WHERE priority > 3 ORDER BY title DESC").pass);
    Verdict v = check(*t.db, lesson, 0, "SELECT title FROM tasks WHERE priority > 4");
    INFO(describe(v));
    CHECK_FALSE(v.pass);
    CHECK_THAT(v.feedback, Contains("3 rows expected, you returned 2. Missing: ('Test')."));

    CHECK(check(*t.db, lesson, 1, "SELECT title, priority FROM tasks ORDER BY 2 DESC, 1").pass);
    v = check(*t.db, lesson, 1, "SELECT title, priority FROM tasks ORDER BY priority DESC, id DESC");
    INFO(describe(v));
    CHECK_FALSE(v.pass);
    CHECK_THAT(v.feedback, Contains("not in the required order: row 1 should be ('Build', 5), yours is ('Ship', 5)"));
}

TEST_CASE("Result checks: names only when asked, column count always", "[lesson][checker]") {
    LessonDb t;
    Lesson lesson = parse(kTasksLesson);
    CHECK(check(*t.db, lesson, 2, "SELECT title task_title FROM tasks").pass);
    Verdict v = check(*t.db, lesson, 2, "SELECT title FROM tasks");
    CHECK_FALSE(v.pass);
    CHECK_THAT(v.feedback, Contains("Column 1 should be named \"task_title\"; yours is named \"title\"."));
    CHECK(check(*t.db, lesson, 0, "SELECT title AS whatever FROM tasks WHERE priority >= 4").pass);
    v = check(*t.db, lesson, 0, "SELECT id, title FROM tasks WHERE priority >= 4");
    CHECK_FALSE(v.pass);
    CHECK_THAT(v.feedback, Contains("Expected 1 column (title), your query returned 2 (id, title)."));
}

TEST_CASE("Result checks: numbers by value, NULL only equals NULL", "[lesson][checker]") {
    LessonDb t;
    Lesson lesson = parse(kTasksLesson);
    // 1.50 vs 1.5000, float, text of the same digits is not a number (but the value is text-equal only
    // when spelled the same).
    CHECK(check(*t.db, lesson, 3, "SELECT id, estimate * 1.00 FROM tasks").pass);
    CHECK(check(*t.db, lesson, 3, "SELECT id::bigint, estimate::float8 FROM tasks").pass);
    CHECK(check(*t.db, lesson, 3, "SELECT id, round(estimate, 4) FROM tasks").pass);
    Verdict v = check(*t.db, lesson, 3, "SELECT id, coalesce(estimate, 0) FROM tasks");
    INFO(describe(v));
    CHECK_FALSE(v.pass);
    CHECK_THAT(v.feedback, Contains("Missing: (3, NULL)"));
    CHECK_THAT(v.feedback, Contains("Not expected: (3, 0)"));
    // Only the last statement with rows counts.
    CHECK(check(*t.db, lesson, 3, "SELECT 1; CREATE TEMP TABLE x AS SELECT 1; SELECT id, estimate FROM tasks").pass);
}

TEST_CASE("Behaviour and state checks, with the learner's errors as feedback", "[lesson][checker]") {
    LessonDb t;
    Lesson lesson = parse(kTasksLesson);
    Verdict v = check(*t.db, lesson, 4, "CREATE UNIQUE INDEX ON tasks (title)");
    INFO(describe(v));
    CHECK(v.pass);
    CHECK(v.feedback == "Correct: all 2 checks pass.");

    v = check(*t.db, lesson, 4, "ALTER TABLE tasks ADD CHECK (priority < 3)");   // fails: rows break it
    CHECK_FALSE(v.pass);
    REQUIRE(v.learnerError);
    CHECK(v.learnerError->sqlstate == "23514");
    CHECK_THAT(v.feedback, Contains("Your SQL failed: 23514 (check_violation): check constraint"));

    v = check(*t.db, lesson, 4, "SELECT 1");
    CHECK_FALSE(v.pass);
    CHECK_THAT(v.feedback, Contains("Two tasks must not share a title.\n"));
    CHECK_THAT(v.feedback, Contains("Tried `INSERT INTO tasks VALUES (9, 'Plan', 1, NULL)`: it was accepted; it should "
                                    "fail with 23505 (unique_violation)."));
    REQUIRE(v.checks.size() == 2);
    CHECK_FALSE(v.checks[0].pass);
    CHECK(v.checks[1].pass);   // each check runs on its own fresh state: the insert above is gone

    v = check(*t.db, lesson, 4, "ALTER TABLE tasks ADD CHECK (priority > 1)");   // (9,'Plan',1) fails 23514
    CHECK_FALSE(v.pass);
    CHECK_THAT(v.checks[0].feedback, Contains("was refused, but with 23514 (check_violation): new row for relation"));
    CHECK_THAT(v.checks[0].feedback, EndsWith(". The task expects 23505 (unique_violation)."));
    CHECK(v.checks[0].feedback.find("..") == std::string::npos);

    v = check(*t.db, lesson, 4, "ALTER TABLE tasks ADD UNIQUE (title); DELETE FROM tasks WHERE id = 4");
    CHECK_FALSE(v.pass);
    CHECK(v.checks[0].pass);
    // The learner never sees a state check's SQL: its prose speaks for it.
    CHECK(v.checks[1].feedback.empty());
    CHECK(v.feedback == "All four tasks must still be there.");

    v = check(*t.db, lesson, 4, "DROP TABLE tasks");
    CHECK_FALSE(v.pass);
    CHECK(v.feedback.find("SELECT") == std::string::npos);
    CHECK_THAT(v.checks[1].feedback, Contains("After your SQL, this could not be checked: 42P01 (undefined_table): relation \"tasks\" does not exist"));

    CHECK(check(*t.db, lesson, 4, "   ").feedback == "Write some SQL first.");
}

TEST_CASE("A result check compares again on the variant data, so typed-in rows do not pass", "[lesson][checker]") {
    LessonDb t;
    Lesson lesson = parse(kTasksLesson);
    Verdict v = check(*t.db, lesson, 5, "SELECT title FROM tasks WHERE priority > 4 ORDER BY title");
    INFO(describe(v));
    CHECK(v.pass);

    v = check(*t.db, lesson, 5, "SELECT * FROM (VALUES ('Build'), ('Ship')) AS t(title)");
    INFO(describe(v));
    CHECK_FALSE(v.pass);
    CHECK_FALSE(v.lessonError);
    CHECK_THAT(v.feedback, StartsWith("Your query gives the right result for the rows in the tables now, but not when "
                                      "the data changes: "));
    CHECK_THAT(v.feedback, Contains("Missing: ('Test')"));

    v = check(*t.db, lesson, 5, "SELECT title FROM tasks WHERE id IN (2, 4)");   // fitted to the rows shown
    CHECK_FALSE(v.pass);
    CHECK_THAT(v.feedback, Contains("not when the data changes"));

    // A check of several statements is the lesson's machinery: only its prose is shown.
    v = check(*t.db, lesson, 5, "ALTER TABLE tasks DROP CONSTRAINT tasks_pkey; SELECT title FROM tasks WHERE priority = 5");
    CHECK_FALSE(v.pass);
    CHECK_THAT(v.feedback, StartsWith("The ids must stay unique.\nWhat the check tried was accepted; it should fail with "
                                      "23505 (unique_violation)."));
}

namespace {

const char* kMigrationLesson = R"(---
id: migration-test
title: Migration test
---
## Setup
```sql
CREATE TABLE schema_migrations (version text PRIMARY KEY);
CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO users VALUES (1, 'Ada'), (2, 'Grace');
```

## Step: Add a bio
### Solution
```sql
INSERT INTO schema_migrations VALUES ('002');
ALTER TABLE users ADD COLUMN bio text NOT NULL DEFAULT '';
-- down
ALTER TABLE users DROP COLUMN bio;
DELETE FROM schema_migrations WHERE version = '002';
```
### Check: state
```sql
SELECT count(*) = 1 FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'bio';
```
After the up migration, `users` has a `bio` column.
### Check: down restores
### Check: reapply fails 23505
)";

}  // namespace

TEST_CASE("Migration steps: up is checked, down must restore the catalog and the rows, twice is refused", "[lesson][checker]") {
    LessonDb t;
    Lesson lesson = parse(kMigrationLesson);
    REQUIRE(lesson.steps[0].isMigration());
    Verdict v = check(*t.db, lesson, 0, lesson.steps[0].solution);
    INFO(describe(v));
    CHECK(v.pass);
    // The state left behind is the up migration's.
    QueryResult r = pgtest::run(*t.db, "SELECT count(*) FROM schema_migrations");
    REQUIRE(r.ok);
    CHECK(r.results.back().rows.text(0, 0) == "1");

    v = check(*t.db, lesson, 0, "ALTER TABLE users ADD COLUMN bio text NOT NULL DEFAULT ''");
    CHECK_FALSE(v.pass);
    CHECK(v.feedback == "This step wants a migration in two parts: the up migration, then a line `-- down`, then the "
                        "down migration that undoes it.");

    // Down forgets the version row.
    v = check(*t.db, lesson, 0, "INSERT INTO schema_migrations VALUES ('002');\nALTER TABLE users ADD COLUMN bio text;\n"
                                "  -- migrate:down\nALTER TABLE users DROP COLUMN bio;");
    INFO(describe(v));
    CHECK_FALSE(v.pass);
    CHECK(v.feedback == "After your up and then your down migration, the database is not as it was before. "
                        "`public.schema_migrations` has 1 row, not 0.");

    // Down brings a dropped column back, but not its values.
    v = check(*t.db, lesson, 0, "INSERT INTO schema_migrations VALUES ('002');\nALTER TABLE users ADD COLUMN bio text;\n"
                                "UPDATE users SET name = upper(name);\n"
                                "-- down\nALTER TABLE users DROP COLUMN bio;\nDELETE FROM schema_migrations WHERE version = '002';");
    INFO(describe(v));
    CHECK_FALSE(v.pass);
    CHECK(v.feedback == "After your up and then your down migration, the database is not as it was before. The values in "
                        "`public.users` are not the ones it had before.");

    // Down leaves the column.
    v = check(*t.db, lesson, 0, "INSERT INTO schema_migrations VALUES ('002');\nALTER TABLE users ADD COLUMN bio text;\n"
                                "-- down\nDELETE FROM schema_migrations WHERE version = '002';");
    CHECK_FALSE(v.pass);
    CHECK_THAT(v.feedback, Contains("Left behind: `column public.users.bio text`."));

    // A "-- down" inside a function body is not the marker.
    v = check(*t.db, lesson, 0, "INSERT INTO schema_migrations VALUES ('002');\nALTER TABLE users ADD COLUMN bio text;\n"
                                "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$\n-- down\nSELECT 1 $$;");
    CHECK(v.feedback.rfind("This step wants a migration in two parts", 0) == 0);

    // No version recorded: the second run fails on the column instead.
    v = check(*t.db, lesson, 0, "ALTER TABLE users ADD COLUMN bio text;\n-- down\nALTER TABLE users DROP COLUMN bio;");
    CHECK_FALSE(v.pass);
    CHECK_THAT(v.feedback, Contains("Applying your up migration a second time was refused, but with 42701 (duplicate_column)"));
    CHECK_THAT(v.feedback, Contains("The task expects 23505 (unique_violation), before anything else runs."));

    // A down that fails says so.
    v = check(*t.db, lesson, 0, "INSERT INTO schema_migrations VALUES ('002');\nALTER TABLE users ADD COLUMN bio text;\n"
                                "-- down\nALTER TABLE users DROP COLUMN biography;");
    CHECK_FALSE(v.pass);
    CHECK_THAT(v.feedback, Contains("Your down migration failed: 42703 (undefined_column)"));
    v = check(*t.db, lesson, 0, "ALTER TABLE nobody ADD COLUMN bio text;\n-- down\nSELECT 1;");
    CHECK_THAT(v.feedback, Contains("Your up migration failed: 42P01 (undefined_table)"));
}

namespace {

const char* kRaceLesson = R"(---
id: race-test
title: Race test
---
## Setup
```sql
CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL);
INSERT INTO accounts VALUES (1, 100), (2, 100);
```

## Step: Deposit twice
### Race: lost-update
### Starter
```sql
A: BEGIN
B: BEGIN
A: SELECT balance FROM accounts WHERE id = 1
B: SELECT balance FROM accounts WHERE id = 1
A: UPDATE accounts SET balance = 120 WHERE id = 1
B: UPDATE accounts SET balance = 130 WHERE id = 1
A: COMMIT
B: COMMIT
```
### Solution
```sql
A: BEGIN
B: BEGIN
A: UPDATE accounts SET balance = balance + 20 WHERE id = 1
B: UPDATE accounts SET balance = balance + 30 WHERE id = 1
A: COMMIT
B: COMMIT
```
### Check: race any order
```sql
SELECT balance = 150 FROM accounts WHERE id = 1
```
Both deposits must count: account 1 ends at 150.
### Wrong: lost
```sql
A: BEGIN
B: BEGIN
A: UPDATE accounts SET balance = 120 WHERE id = 1
B: UPDATE accounts SET balance = 130 WHERE id = 1
A: COMMIT
B: COMMIT
```
)";

}  // namespace

TEST_CASE("Race steps: the learner's race is played, and the checks read what it left", "[lesson][checker][race]") {
    LessonDb t;
    Lesson lesson = parse(kRaceLesson);
    REQUIRE(lesson.steps[0].isRace());
    Verdict v = check(*t.db, lesson, 0, lesson.steps[0].solution);
    INFO(describe(v));
    CHECK(v.pass);
    // The tables stay as the race left them; the race's own bookkeeping is gone.
    QueryResult r = pgtest::run(*t.db, "SELECT balance FROM accounts WHERE id = 1");
    REQUIRE(r.ok);
    CHECK(r.results.back().rows.text(0, 0) == "150");
    r = pgtest::run(*t.db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'pgplay_race'");
    CHECK(r.results.back().rows.text(0, 0) == "0");

    // The lost update: the teacher's words, nothing failed.
    v = check(*t.db, lesson, 0, lesson.steps[0].starter);
    CHECK_FALSE(v.pass);
    CHECK(v.feedback == "Both deposits must count: account 1 ends at 150.");

    // Comments and blank lines are fine; a line that is not a session's statement is named.
    v = check(*t.db, lesson, 0, "-- mine\nA: BEGIN\n\nB: BEGIN\nUPDATE accounts SET balance = 1\nA: COMMIT\nB: COMMIT");
    CHECK_FALSE(v.pass);
    CHECK_THAT(v.feedback, StartsWith("Your race could not be read. Line 5: each line is one statement of one session"));
    v = check(*t.db, lesson, 0, "A: BEGIN; COMMIT\nB: SELECT 1");
    CHECK_THAT(v.feedback, Contains("Line 1: A: one statement a line (this one holds 2)."));

    // Serial transactions do not race: refused whatever the values.
    v = check(*t.db, lesson, 0,
              "A: BEGIN\nA: SELECT balance FROM accounts WHERE id = 1\nA: UPDATE accounts SET balance = 120 WHERE id = 1\n"
              "A: COMMIT\nB: BEGIN\nB: UPDATE accounts SET balance = 150 WHERE id = 1\nB: COMMIT");
    CHECK_FALSE(v.pass);
    CHECK_THAT(v.feedback, Contains("no two transactions are ever open at the same time"));

    // A race written for one order: B writes the total it knows A leaves. It passes as written
    // and when A goes first, but not when the sessions take turns with B first.
    v = check(*t.db, lesson, 0, "A: BEGIN\nB: BEGIN\nA: UPDATE accounts SET balance = balance + 20 WHERE id = 1\n"
                                "A: COMMIT\nB: UPDATE accounts SET balance = 150 WHERE id = 1\nB: COMMIT");
    CHECK_FALSE(v.pass);
    CHECK(v.feedback == "Both deposits must count: account 1 ends at 150.\nYour race passes in the order you wrote it, but "
                        "not with the sessions taking turns one statement at a time, B first (B, A, B, ...).");
    REQUIRE(v.checks.size() == 1);
    CHECK_FALSE(v.checks[0].pass);

    // A statement that fails last, outside any transaction, leaves the session usable, in every order.
    v = check(*t.db, lesson, 0, lesson.steps[0].solution + "\nB: SELECT 1/0");
    INFO(describe(v));
    CHECK(v.pass);
    r = pgtest::run(*t.db, "SELECT count(*) FROM accounts");
    CHECK(r.ok);

    // Single statements need no transaction to be safe: accepted.
    v = check(*t.db, lesson, 0, "A: UPDATE accounts SET balance = balance + 20 WHERE id = 1\n"
                                "B: UPDATE accounts SET balance = balance + 30 WHERE id = 1");
    INFO(describe(v));
    CHECK(v.pass);

    // A deadlock: the failed statement is named with its line.
    v = check(*t.db, lesson, 0,
              "A: BEGIN\nB: BEGIN\nA: UPDATE accounts SET balance = balance + 20 WHERE id = 1\n"
              "B: UPDATE accounts SET balance = balance + 30 WHERE id = 2\n"
              "A: UPDATE accounts SET balance = balance + 0 WHERE id = 2\n"
              "B: UPDATE accounts SET balance = balance + 30 WHERE id = 1\nB: ROLLBACK\nA: COMMIT");
    CHECK_FALSE(v.pass);
    CHECK_THAT(v.feedback, Contains("In your race, line 6 (`B: UPDATE accounts SET balance = balance + 30 WHERE id = 1`) "
                                    "failed with 40P01 (deadlock_detected)."));

    // A statement given to a session that still waits: where the race stops, and why.
    v = check(*t.db, lesson, 0,
              "A: BEGIN\nB: BEGIN\nA: UPDATE accounts SET balance = balance + 20 WHERE id = 1\n"
              "B: UPDATE accounts SET balance = balance + 30 WHERE id = 1\nB: COMMIT\nA: COMMIT");
    CHECK_FALSE(v.pass);
    CHECK(v.feedback == "Your race cannot be played past line 5 (`B: COMMIT`): B still waits for its statement of "
                        "line 4; a waiting session cannot be given another statement until it is released.");
    CHECK_FALSE(v.lessonError);
}

namespace {

const char* kOrmLesson = R"(---
id: orm-test
title: ORM test
---
## Setup
```sql
CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers);
INSERT INTO customers SELECT g, 'Customer ' || g FROM generate_series(1, 20) g;
INSERT INTO orders SELECT g, 1 + g % 20 FROM generate_series(1, 100) g;
INSERT INTO orders VALUES (101, NULL);
```

## Step: One query
### ORM: Rails, lazy loading
```ruby
Order.order(:id).each { |order| puts order.customer&.name }
```
### N+1: customer_id
```sql
SELECT id, customer_id FROM orders ORDER BY id;
SELECT name FROM customers WHERE id = $1;
```
### Solution
```sql
SELECT o.id, c.name FROM orders o LEFT JOIN customers c ON c.id = o.customer_id;
```
### Check: queries at most 1
### Check: result
### Wrong: N+1
```sql
SELECT id, customer_id FROM orders; SELECT name FROM customers WHERE id = 1;
```
)";

}  // namespace

TEST_CASE("ORM lens: the ORM's queries run one round trip each, and the checker counts the learner's", "[lesson][checker][orm]") {
    LessonDb t;
    Lesson lesson = parse(kOrmLesson);
    REQUIRE(lesson.steps[0].orm);
    Verdict v = check(*t.db, lesson, 0, lesson.steps[0].solution);
    INFO(describe(v));
    CHECK(v.pass);
    v = check(*t.db, lesson, 0, "SELECT 1; SELECT o.id, c.name FROM orders o LEFT JOIN customers c ON c.id = o.customer_id;");
    CHECK_FALSE(v.pass);
    CHECK(v.feedback == "Your SQL sends 2 statements; the page should get its data in one query.");

    // The lens: 1 outer query + 100 inner ones (none for the order without a customer, as an ORM
    // sends none), on the step's tables.
    std::optional<OrmLensRun> orm;
    runOrmQueries(*t.db, *lesson.steps[0].orm, [&](OrmLensRun r) { orm = std::move(r); });
    REQUIRE(orm);
    INFO((orm->error ? orm->error->message : std::string("no error")));
    CHECK_FALSE(orm->error);
    CHECK(orm->queries == 101);
    CHECK(orm->rows == 101 + 100);   // the outer rows, then one name each but for the NULL
    CHECK(orm->ms > 0);
    // It leaves no prepared statement behind, and runs again.
    QueryResult left = pgtest::run(*t.db, "SELECT count(*) FROM pg_prepared_statements");
    CHECK(left.results.back().rows.text(0, 0) == "0");
    orm.reset();
    runOrmQueries(*t.db, *lesson.steps[0].orm, [&](OrmLensRun r) { orm = std::move(r); });
    REQUIRE(orm);
    CHECK(orm->queries == 101);

    std::optional<OrmLensRun> mine;
    runStatementsOneByOne(*t.db, lesson.steps[0].solution, [&](OrmLensRun r) { mine = std::move(r); });
    REQUIRE(mine);
    CHECK(mine->queries == 1);
    CHECK(mine->rows == 101);
    CHECK(describeOrmLensRun(*mine).find("1 query, ") == 0);

    // A column the outer query does not return is named.
    OrmLens broken = *lesson.steps[0].orm;
    broken.column = "customer";
    orm.reset();
    runOrmQueries(*t.db, broken, [&](OrmLensRun r) { orm = std::move(r); });
    REQUIRE(orm);
    REQUIRE(orm->error);
    CHECK(orm->error->message == "the ORM's first query returns no column \"customer\"");
}

namespace {

const char* kBackupLesson = R"(---
id: backup-test
title: Backup test
---
## Setup
```sql
CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                     customer_id int NOT NULL REFERENCES customers, note text);
CREATE INDEX orders_customer_idx ON orders (customer_id);
INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace');
INSERT INTO orders (customer_id, note) VALUES (1, 'it''s "quoted"' || E'\n' || 'two lines'), (2, NULL), (1, 'third');
```

## Step: Back up the orders
### Accident
```sql
DROP TABLE orders;
```
### Solution
```sql
pg_dump --table=orders
```
### Check: state
```sql
SELECT count(*) = 3 AND count(*) FILTER (WHERE note LIKE E'%\n%') = 1 FROM orders;
```
The three orders must be back, their notes exactly as they were.
### Check: state
```sql
SELECT count(*) = 1 FROM pg_indexes WHERE indexname = 'orders_customer_idx';
```
The index on `customer_id` must be back too.
### Check: fails 23503
```sql
INSERT INTO orders (customer_id) VALUES (99);
```
The foreign key must be back: an order for a customer who does not exist is refused.
### Wrong: schema only
```sql
pg_dump --schema-only --table=orders
```
)";

}  // namespace

TEST_CASE("Backup steps: the learner's pg_dump, the accident, the restore, then the checks", "[lesson][checker][pg_dump]") {
    LessonDb t;
    Lesson lesson = parse(kBackupLesson);
    REQUIRE(lesson.steps[0].isBackup());
    Verdict v = check(*t.db, lesson, 0, lesson.steps[0].solution);
    INFO(describe(v));
    CHECK(v.pass);
    CHECK(v.checks.size() == 3);
    // The session is usable afterwards: the dump's header emptied search_path, and it is back.
    QueryResult r = pgtest::run(*t.db, "SELECT count(*) FROM orders");
    REQUIRE(r.ok);
    CHECK(r.results.back().rows.text(0, 0) == "3");

    v = check(*t.db, lesson, 0, "pg_dump shop -t orders -c --if-exists > orders.sql");
    INFO(describe(v));
    CHECK(v.pass);

    v = check(*t.db, lesson, 0, "pg_dump --schema-only --table=orders");
    CHECK_FALSE(v.pass);
    CHECK(v.feedback == "The three orders must be back, their notes exactly as they were.");
    // A restore that failed leaves the step as it started, so the next pg_dump has rows to dump.
    r = pgtest::run(*t.db, "SELECT count(*) FROM orders");
    REQUIRE(r.ok);
    CHECK(r.results.back().rows.text(0, 0) == "3");

    v = check(*t.db, lesson, 0, "pg_dump --data-only --table=orders");
    CHECK_FALSE(v.pass);
    CHECK_THAT(v.feedback, StartsWith("Restoring your dump after the accident failed: 42P01 (undefined_table)"));

    v = check(*t.db, lesson, 0, "pg_dump --table=customers");
    CHECK_FALSE(v.pass);
    CHECK_THAT(v.feedback, Contains("Restoring your dump after the accident failed"));

    v = check(*t.db, lesson, 0, "pg_dump --format=custom");
    CHECK_FALSE(v.pass);
    CHECK_THAT(v.feedback, StartsWith("pg_dump: only the plain format is available here"));

    v = check(*t.db, lesson, 0, "SELECT * FROM orders");
    CHECK_FALSE(v.pass);
    CHECK_THAT(v.feedback, StartsWith("This step wants a pg_dump command line"));

    // Not inside the learner's transaction, as in the browser.
    REQUIRE(pgtest::run(*t.db, "BEGIN").ok);
    RunOptions dump;
    dump.pgDump = true;
    std::optional<QueryResult> inside;
    t.db->run("pg_dump", dump, [&](QueryResult q) { inside = std::move(q); });
    REQUIRE(inside);
    REQUIRE(inside->error);
    CHECK(inside->error->message == "pg_dump cannot run inside an open transaction: COMMIT or ROLLBACK first");
    REQUIRE(pgtest::run(*t.db, "ROLLBACK").ok);

    v = check(*t.db, lesson, 0, "pg_dump --table=nothing_here");
    CHECK_FALSE(v.pass);
    CHECK(v.feedback == "pg_dump failed: no matching tables were found.");
}

TEST_CASE("Checking leaves the learner's own state, and a reset restores the setup exactly", "[lesson][checker]") {
    LessonDb t;
    Lesson lesson = parse(kTasksLesson);
    // A learner who made a mess: another schema, a type, a temp table, a setting, an open transaction.
    QueryResult r = pgtest::run(*t.db,
                                "CREATE SCHEMA scratch; CREATE TABLE scratch.junk (a int); CREATE TYPE mood AS ENUM ('ok'); "
                                "CREATE TEMP TABLE tmp (a int); SET search_path = scratch; BEGIN; CREATE TABLE public.half (a int)");
    INFO(pgtest::describe(r));
    REQUIRE(r.ok);

    Verdict v = check(*t.db, lesson, 4, "ALTER TABLE tasks ADD UNIQUE (title); INSERT INTO tasks VALUES (5, 'Celebrate', 1, NULL)");
    INFO(describe(v));
    CHECK(v.pass == false);   // the state check wants 4 rows; the learner has 5
    r = pgtest::run(*t.db,
                    "SELECT (SELECT count(*) FROM tasks), "
                    "(SELECT count(*) FROM pg_namespace WHERE nspname = 'scratch'), "
                    "(SELECT count(*) FROM pg_type WHERE typname = 'mood'), "
                    "(SELECT count(*) FROM pg_class WHERE relname IN ('tmp', 'half')), "
                    "(SELECT count(*) FROM pg_constraint WHERE conrelid = 'tasks'::regclass AND contype = 'u'), "
                    "current_setting('search_path')");
    INFO(pgtest::describe(r));
    REQUIRE(r.ok);
    const RowSet& rows = r.results[0].rows;
    CHECK(rows.text(0, 0) == "5");   // the learner's own insert, none of the checks' rows
    CHECK(rows.text(0, 1) == "0");
    CHECK(rows.text(0, 2) == "0");
    CHECK(rows.text(0, 3) == "0");
    CHECK(rows.text(0, 4) == "1");
    CHECK(rows.text(0, 5) == "\"$user\", public");

    int calls = 0;
    prepareStep(*t.db, lesson, 4, [&](QueryResult pr) {
        ++calls;
        CHECK(pr.ok);
    });
    CHECK(calls == 1);
    r = pgtest::run(*t.db, "SELECT id, title, priority, estimate FROM tasks ORDER BY id; "
                           "SELECT count(*) FROM pg_constraint WHERE conrelid = 'tasks'::regclass AND contype = 'u'");
    REQUIRE(r.ok);
    CHECK(r.results[0].rows.rowCount() == 4);
    CHECK(r.results[0].rows.text(0, 3) == "1.50");
    CHECK(r.results[1].rows.text(0, 0) == "0");
}

TEST_CASE("A runaway learner query is stopped by the checker's time limit", "[lesson][checker]") {
    LessonDb t;
    Lesson lesson = parse(kTasksLesson);
    CheckerOptions options;
    options.timeoutMs = 300;
    int calls = 0;
    Verdict v;
    checkStep(*t.db, lesson, 0, "SELECT pg_sleep(5)", [&](Verdict x) { ++calls; v = std::move(x); }, options);
    REQUIRE(calls == 1);
    CHECK_FALSE(v.pass);
    REQUIRE(v.learnerError);
    CHECK(v.learnerError->sqlstate == "57014");
    CHECK(v.feedback.find("ran longer than 0.3 s") != std::string::npos);
    QueryResult r = pgtest::run(*t.db, "SHOW statement_timeout");
    REQUIRE(r.ok);
    CHECK(r.results[0].rows.text(0, 0) == "0");   // the learner's own runs have no limit
}

TEST_CASE("Broken lessons are reported as lesson errors, not the learner's fault", "[lesson][checker]") {
    LessonDb t;
    Lesson lesson = parse(R"(---
id: broken
title: Broken
---
## Setup
```sql
CREATE TABLE t (a int);
INSERT INTO nowhere VALUES (1);
```
## Step: One
### Solution
```sql
SELECT 1;
```
### Check: result
)");
    Verdict v = check(*t.db, lesson, 0, "SELECT 1");
    CHECK_FALSE(v.pass);
    CHECK(v.lessonError);
    CHECK_THAT(v.feedback, Contains("The lesson's setup failed: ERROR 42P01"));
    v = check(*t.db, lesson, 7, "SELECT 1");
    CHECK(v.lessonError);
    CHECK_THAT(v.feedback, Contains("has no step 8"));
}

TEST_CASE("Plan checks see an index used after CREATE INDEX", "[lesson][checker]") {
    LessonDb t;
    // Enough rows, fresh statistics and a predicate that matches one row: every supported
    // PostgreSQL picks the index once it exists, and a Seq Scan before.
    Lesson lesson = parse(R"(---
id: plan
title: Plan
---
## Setup
```sql
CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, full_name text NOT NULL);
INSERT INTO users SELECT g, 'user' || g || '@example.com', 'User ' || g FROM generate_series(1, 20000) g;
ANALYZE users;
```
## Step: Index the email
### Solution
```sql
CREATE INDEX users_email_idx ON users (email);
```
### Check: plan uses Index Scan on users
```sql
SELECT * FROM users WHERE email = 'user4242@example.com';
```
### Check: plan avoids Seq Scan on users
```sql
SELECT * FROM users WHERE email = 'user4242@example.com';
```
)");
    Verdict v = check(*t.db, lesson, 0, lesson.steps[0].solution);
    INFO(describe(v));
    CHECK(v.pass);
    CHECK(check(*t.db, lesson, 0, "CREATE UNIQUE INDEX ON users (email)").pass);
    CHECK(check(*t.db, lesson, 0, "ALTER TABLE users ADD UNIQUE (email)").pass);

    v = check(*t.db, lesson, 0, "CREATE INDEX ON users (full_name)");
    INFO(describe(v));
    CHECK_FALSE(v.pass);
    REQUIRE(v.checks.size() == 2);
    CHECK_THAT(v.checks[0].feedback, Contains("does not use an Index Scan on users; it is: Seq Scan on users"));
    CHECK_THAT(v.checks[1].feedback, Contains("still uses a Seq Scan on users."));
}

namespace {

// The browser's Database answers frames later. This one holds every reply until pump(), so the
// checker is seen to work when callbacks arrive after run() returned.
class DeferredDatabase : public Database {
public:
    explicit DeferredDatabase(Database& inner) : inner_(inner) {}
    RequestId run(const std::string& script, const RunOptions& options, ResultCallback done) override {
        ++requests;
        QueryResult r;
        inner_.run(script, options, [&](QueryResult x) { r = std::move(x); });
        queue_.push_back([done, r]() mutable { done(std::move(r)); });
        return requests;
    }
    void cancel(RequestId) override {}
    DatabaseStatus status() const override { return inner_.status(); }
    bool pump() {
        if (queue_.empty()) return false;
        auto next = std::move(queue_.front());
        queue_.pop_front();
        next();
        return true;
    }
    int requests = 0;

private:
    Database& inner_;
    std::deque<std::function<void()>> queue_;
};

}  // namespace

TEST_CASE("The checker works with a Database that answers later", "[lesson][checker]") {
    LessonDb t;
    DeferredDatabase db(*t.db);
    Lesson lesson = parse(kTasksLesson);
    int calls = 0;
    Verdict verdict;
    checkStep(db, lesson, 1, "SELECT title, priority FROM tasks ORDER BY priority DESC, id", [&](Verdict v) {
        ++calls;
        verdict = std::move(v);
    });
    CHECK(calls == 0);
    int pumped = 0;
    while (db.pump()) ++pumped;
    CHECK(calls == 1);
    CHECK(verdict.pass);
    CHECK(pumped == db.requests);
    CHECK(pumped >= 6);   // reset + setup + solution, reset + setup + learner (+ the final restore)
}
