// Reading a lesson file (lessons/NN-slug.md): Markdown a teacher writes without C++.
//
//   ---
//   id: tables-and-types          (required; lowercase letters, digits, '-')
//   title: Tables and types       (required)
//   summary: one line             (optional)
//   diagram: yes                  (optional) the ER diagram of the lesson's tables beside the task
//   review-before: joins, orm     (optional) what-next rule: review this lesson before those when
//   review-why: <sentence>        the learner's results here are weak (core/roadmap_advice.h)
//   ---
//   Intro prose (Markdown).
//
//   ## Setup                      (optional) ```sql blocks: schema and seed data for every step
//   ## Step: <title>              (one or more; titles unique) task prose, then:
//   ### Setup                     ```sql run after the lesson setup, for this step only
//   ### Starter                   ```sql the editor's text when the step opens (optional)
//   ### Hint                      Markdown; repeat for progressive hints
//   ### Solution                  ```sql the reference solution (required)
//   ### Check: result [ordered] [names]   ```sql optional query compared after both
//   ### Check: state              ```sql must return one row, one column: true
//   ### Check: fails 23505        ```sql must fail with that SQLSTATE
//   ### Check: succeeds           ```sql must succeed
//   ### Check: plan uses Index Scan on tasks     ```sql EXPLAINed; "plan avoids ..." too
//   ### Check: plan without disk-spill           ```sql EXPLAIN ANALYZEd: the plan view shows no
//                                 such warning (missing-index, unused-index, misestimate, many-loops)
//   ### Variant                   ```sql hidden changes to the data; result checks compare again
//                                 after each (repeat for more), so typed-in rows do not pass
//   ### Wrong: <label>            ```sql an answer the checks must reject (tests use them)
//   ### Accept: <label>           ```sql a correct answer written another way: must pass
//   ### Check: down restores [schema]   a migration step (up, "-- down", down): core/migration_script.h
//   ### Check: reapply fails [SQLSTATE] the up part run twice must fail
//   ## Question: <title>          after the steps: a quick-check question (### Option:, ### Correct:,
//                                 ### Answer:, ### Explain), graded by core/quick_check.h
//
// A state check must have prose under its heading: the learner is never shown a check's SQL.
//
// The body is CommonMark, read by md4c exactly as the lesson pane reads prose: a heading may be
// indented up to 3 spaces or be setext (text underlined with --- is a "##" heading), and only
// headings at the top level cut sections (not those inside code, lists or quotes). "####" and
// deeper are prose. Prose under a "### Check:" heading (outside its code blocks) is the message
// shown when the check fails. Sections meant for SQL accept only fenced code blocks at the top
// level (``` or ```sql, the fence indented 3 spaces at most), several of which are joined; a
// block indented 4 spaces is plain code, and an error there.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lesson_model.h"

namespace pgplay {

struct LessonError {
    std::string file;
    int line = 0;               // 1-based; 0 when it concerns the whole file
    std::string message;
    std::string toString() const;   // "lessons/01-x.md:12: step "Foo" has no ### Solution"
};

struct LessonParseResult {
    std::optional<Lesson> lesson;        // set only when there are no errors
    std::vector<LessonError> errors;
    bool ok() const { return lesson.has_value(); }
    std::string errorText() const;       // every error, one a line
};

// Parses a lesson file's text. Never throws; any input gives either a lesson or errors.
LessonParseResult parseLesson(std::string_view text, const std::string& fileName);

}  // namespace pgplay
