// A lesson as data: what lessons/NN-slug.md files describe (the format is in lesson_parser.h).
//
// Plain structs, filled by the parser and read by the lesson pane and the checker. Prose stays
// Markdown text; SQL stays the text the teacher wrote.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace pgplay {

enum class CheckKind {
    Result,      // the learner's result equals the reference solution's result on the same state
    State,       // after the learner's SQL, a query must return a single boolean true
    Fails,       // after the learner's SQL, a statement must fail with a given SQLSTATE
    Succeeds,    // after the learner's SQL, a statement must succeed
    PlanUses,    // after the learner's SQL, EXPLAIN of a query shows a node type (on a relation)
    PlanAvoids,  // ... or no longer shows it
    PlanWithout, // after the learner's SQL, EXPLAIN ANALYZE of a query draws no warning of a kind
                 // (core/plan_advice: misestimate, disk-spill, missing-index...)
    // Migration steps: the learner writes an up migration, a line "-- down", and the down
    // migration. Every other check of such a step runs the up part only.
    DownRestores,  // up then down leaves the schema, each table's row count and its values as
                   // they were ("down restores schema": not the values, for a data migration
                   // that cannot be undone)
    ReapplyFails,  // the up migration run a second time fails (with the SQLSTATE, if given)
    // Race steps ("### Race: <scenario id>"): the learner's answer is a race script
    // (core/race_script.h), played by the race engine from the step's state, every session's
    // statements interleaved as written; then the check's query must return one `true`. It reads
    // what the race left, so it grades what the fix does under concurrency, not its text.
    RaceState,
    // ORM lens steps: the learner's script sends at most this many statements (a page's round
    // trips), where the ORM's lazy loading sent one per row.
    QueryCount,
};

const char* checkKindName(CheckKind kind);   // "result", "state", "fails", ...

struct Check {
    CheckKind kind = CheckKind::Result;
    int line = 0;               // line of its "### Check:" heading, for messages
    // Result checks: compare rows in order / compare column names. Without a SQL block a result
    // check compares the last row set of the learner's SQL with the solution's; with one, it
    // runs that query after each and compares those (for steps whose answer is an INSERT...).
    bool ordered = false;
    bool names = false;
    std::string sql;            // the check's own SQL ("" when none)
    std::string sqlstate;       // Fails: the expected SQLSTATE, e.g. "23505"
    std::string nodeType;       // PlanUses/PlanAvoids: "Index Scan", "Seq Scan", ...
    std::string relation;       // PlanUses/PlanAvoids: table, alias or index name; "" = any
    std::string warningKind;    // PlanWithout: a plan_advice kind name, "disk-spill"
    bool schemaOnly = false;    // DownRestores: "down restores schema"
    int maxQueries = 0;         // QueryCount: "queries at most 2"
    // RaceState: "race any order": the check must also hold when the sessions take turns, one
    // statement each, starting with each session (a fix that holds only in the order written,
    // such as B writing the total it knows A leaves, fails it). Only for checks whose outcome
    // does not depend on who goes first.
    bool anyOrder = false;
    std::string message;        // shown when the check fails (Markdown), "" for a default
};

// An answer written into the lesson for the tests: "### Wrong:" ones the checks must reject,
// "### Accept:" ones (correct, written another way than the solution) they must pass.
struct SampleAnswer {
    std::string label;          // "forgot the LEFT JOIN"
    std::string sql;
    int line = 0;
};

// ORM lens steps ("### ORM: <label>" and "### N+1: <column>"): a few lines of ORM-style code and
// the queries it sends, an outer query and then an inner one per row of it, which the lens runs
// for real, one round trip each, and counts beside the learner's SQL (core/orm_lens.h).
struct OrmLens {
    std::string label;          // "Rails, lazy loading"
    std::string language;       // the code block's language ("ruby"), "" when none
    std::string code;
    std::string outerSql;       // the first query it sends
    std::string innerSql;       // then this, once per row of the first, with $1 = the row's `column`
    std::string column;
    int line = 0;               // of the "### N+1:" heading
};

struct Step {
    std::string title;
    int line = 0;               // line of its "## Step:" heading
    std::string task;           // Markdown
    std::string setupSql;       // run after the lesson's setup ("" when none)
    std::string starter;        // the editor's text when the step opens
    std::vector<std::string> hints;   // Markdown, shown one by one
    std::string solution;
    std::vector<Check> checks;
    // Hidden changes to the step's data ("### Variant" sections). Result checks compare the
    // learner's result with the solution's again after each, so rows typed in as literals, or
    // a filter fitted to the rows shown, do not pass.
    std::vector<std::string> variants;
    std::vector<SampleAnswer> wrongAnswers;
    std::vector<SampleAnswer> acceptedAnswers;
    // Race steps: the race scenario (lessons/races/<id>) this step's race is about. The race view
    // opens beside the task with the learner's race (the starter at first); the tables come from
    // the lesson's and the step's setup, as for any step.
    std::string race;
    bool isRace() const { return !race.empty(); }
    std::optional<OrmLens> orm;
    // Backup steps ("### Accident"): the learner's answer is a pg_dump command line
    // (core/pg_dump_command.h). The checker runs it on the step's state, then this SQL (the
    // accident: a dropped table, deleted rows), then replays the dump, and the checks read what
    // the restore brought back.
    std::string accident;
    bool isBackup() const { return !accident.empty(); }
    bool isMigration() const {
        for (const Check& c : checks)
            if (c.kind == CheckKind::DownRestores || c.kind == CheckKind::ReapplyFails) return true;
        return false;
    }
};

// A quick-check question at the end of a lesson ("## Question:" sections): multiple choice, or
// a short answer the learner types (compared token by token, as SQL: core/quick_check.h).
struct QuestionOption {
    std::string text;           // the heading's plain text (backticks dropped), drawn as is
    bool correct = false;       // "### Correct:" rather than "### Option:"
    std::string why;            // Markdown shown once the learner has picked it (may be "")
    int line = 0;
};

struct Question {
    std::string title;
    int line = 0;               // of its "## Question:" heading
    std::string prompt;         // Markdown
    std::vector<QuestionOption> options;   // multiple choice when not empty
    std::vector<std::string> answers;      // typed answers accepted ("### Answer:"), otherwise
    std::string explanation;    // Markdown shown after a right answer ("### Explain"), may be ""
    bool multipleChoice() const { return !options.empty(); }
    size_t correctCount() const {
        size_t n = 0;
        for (const QuestionOption& o : options) n += o.correct ? 1 : 0;
        return n;
    }
};

struct Lesson {
    std::string id;             // "tables-and-types": ?lesson=<id>
    std::string title;
    std::string summary;        // optional one-liner for a lesson list
    bool diagram = false;       // "diagram: yes": the ER diagram of its tables stands beside the task
    // The roadmap's "what next" rule for this lesson (the seeds' decision rules): when the
    // learner's results here are weak (core/roadmap_advice.h), review it before going on to the
    // lessons named in "review-before: joins, orm", for the reason in "review-why:".
    std::vector<std::string> reviewBefore;
    std::string reviewWhy;
    std::string fileName;       // where it was read from
    std::string intro;          // Markdown
    std::string setupSql;       // schema + seed data, run before every step
    std::vector<Step> steps;
    std::vector<Question> questions;   // the quick check after the steps (may be empty)
};

}  // namespace pgplay
