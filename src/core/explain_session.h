// The Explain action, without drawing: picks the statement under the cursor (or the selection),
// runs the ExplainRequest for it on the learner's database, parses the plan and works out what
// to point out. The plan view draws `shown()`; window.playground.explain() gets explainJson().
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "database.h"
#include "explain_request.h"
#include "plan_advice.h"
#include "plan_compare.h"
#include "plan_model.h"
#include "schema_model.h"

namespace pgplay {

struct ExplainOutcome {
    std::string statement;          // what was explained
    bool ok = false;
    std::string error;              // SQLSTATE and message, a refusal, or a parse error
    bool analyzed = false;
    bool rolledBack = false;
    std::string note;               // estimate-only, rolled back...
    std::string text;               // the plan as PostgreSQL printed it (JSON), or the learner's text plan
    std::optional<Plan> plan;
    std::vector<PlanWarning> warnings;
    unsigned revision = 0;
};

class ExplainSession {
public:
    // `database`: where to explain, asked at each explain (the sandbox, or the open lesson's).
    // `schema`: the learner's tables, to tell which indexes exist (read when a plan arrives).
    using DatabaseSource = std::function<Database&()>;
    ExplainSession(DatabaseSource database, const SchemaSnapshot& schema)
        : database_(std::move(database)), schema_(schema) {}
    ExplainSession(Database& database, const SchemaSnapshot& schema)
        : ExplainSession([&database]() -> Database& { return database; }, schema) {}

    // The statement of `script` that [begin, end) selects, or the one the cursor (begin == end)
    // is in or just after; "" when there is none.
    static std::string statementAt(const std::string& script, size_t begin, size_t end);

    // Explains `statement`. `inTransaction`: the learner's transaction block is open.
    // `done` (optional) hears when the outcome is ready.
    void explain(const std::string& statement, bool analyze, bool inTransaction,
                 std::function<void(const ExplainOutcome&)> done = {});

    // A plan the learner's own script printed (EXPLAIN, run with Run): drawn from its text, the
    // last EXPLAIN of `result` that returned one, without running anything again. Returns
    // whether there was one.
    bool showFromResult(const QueryResult& result);

    bool running() const { return running_; }
    const ExplainOutcome& shown() const { return shown_; }
    bool visible() const { return visible_; }
    void hide() { visible_ = false; }

    // --- Comparing with an earlier plan.
    // The plans explained before the shown one, oldest first (at most kEarlierPlans).
    static constexpr size_t kEarlierPlans = 8;
    const std::vector<ExplainOutcome>& earlier() const { return earlier_; }
    // Which earlier plan the shown one is compared with (an index into earlier()), if any. A new
    // plan is compared with the last earlier plan of the same statement, when there is one
    // (explain, CREATE INDEX, explain again); the learner may pick another or none.
    std::optional<size_t> comparedWith() const { return comparedWith_; }
    void compareWith(std::optional<size_t> index);
    // The comparison of earlier()[*comparedWith()] (before) with shown() (after), if any.
    const std::optional<PlanComparison>& comparison() const { return comparison_; }

private:
    // Reads the plan `explain` returned into `outcome`: its text, then the plan and its advice,
    // or the parser's error.
    void readPlan(const StatementResult& explain, ExplainOutcome& outcome) const;
    void finish(ExplainOutcome outcome, const std::function<void(const ExplainOutcome&)>& done);

    DatabaseSource database_;
    const SchemaSnapshot& schema_;
    bool running_ = false;
    bool visible_ = false;
    ExplainOutcome shown_;
    unsigned generation_ = 0;
    std::vector<ExplainOutcome> earlier_;
    std::optional<size_t> comparedWith_;
    std::optional<PlanComparison> comparison_;
};

// window.playground.explain()'s answer: {ok, error, analyzed, rolledBack, planningMs,
// executionMs, text, plan, warnings}; plan nodes carry nodeType, relation, alias, index,
// estimatedRows, actualRows, loops, totalCost, inclusiveMs, exclusiveMs, filter,
// rowsRemovedByFilter, children; warnings {kind, nodePath, message}.
std::string explainJson(const ExplainOutcome& outcome);

// window.playground.planComparison()'s answer: null when no comparison is shown, else
// {before: {statement, executionMs, totalCost}, after: {...}, measured, ratio, summary,
// changes: [{kind, before, after, beforePath, afterPath, message}]} where kind is "changed",
// "added" or "removed", before/after describe the nodes (null when absent) and the paths are
// child positions from the root, as in warnings.
std::string comparisonJson(const ExplainSession& session);

}  // namespace pgplay
