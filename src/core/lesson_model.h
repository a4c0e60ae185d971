// A lesson as data: what lessons/NN-slug.md files describe (the format is in lesson_parser.h).
//
// Plain structs, filled by the parser and read by the lesson pane and the checker. Prose stays
// Markdown text; SQL stays the text the teacher wrote.
#pragma once

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
    std::string message;        // shown when the check fails (Markdown), "" for a default
};

// An answer written into the lesson for the tests: "### Wrong:" ones the checks must reject,
// "### Accept:" ones (correct, written another way than the solution) they must pass.
struct SampleAnswer {
    std::string label;          // "forgot the LEFT JOIN"
    std::string sql;
    int line = 0;
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
};

struct Lesson {
    std::string id;             // "tables-and-types": ?lesson=<id>
    std::string title;
    std::string summary;        // optional one-liner for a lesson list
    bool diagram = false;       // "diagram: yes": the ER diagram of its tables stands beside the task
    std::string fileName;       // where it was read from
    std::string intro;          // Markdown
    std::string setupSql;       // schema + seed data, run before every step
    std::vector<Step> steps;
};

}  // namespace pgplay
