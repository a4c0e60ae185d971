#include "explain_session.h"

#include <nlohmann/json.hpp>

#include "plan_paste.h"
#include "sql_script.h"
#include "text_util.h"

namespace pgplay {

std::string ExplainSession::statementAt(const std::string& script, size_t begin, size_t end) {
    if (begin < end && end <= script.size()) {
        const std::vector<SqlStatement> picked = splitSqlScript(std::string_view(script).substr(begin, end - begin));
        return picked.empty() ? "" : picked.front().text;
    }
    const std::vector<SqlStatement> all = splitSqlScript(script);
    const SqlStatement* best = nullptr;
    for (const SqlStatement& s : all)
        if (s.offset <= begin) best = &s;   // the last statement starting at or before the cursor
    if (!best && !all.empty()) best = &all.front();
    return best ? best->text : "";
}

void ExplainSession::explain(const std::string& statement, bool analyze, bool inTransaction,
                             std::function<void(const ExplainOutcome&)> done) {
    visible_ = true;
    const unsigned generation = ++generation_;
    ExplainOutcome outcome;
    outcome.statement = statement;
    auto request = explainRequest(statement, analyze, inTransaction);
    if (auto* refusal = std::get_if<ExplainRefusal>(&request)) {
        outcome.error = refusal->message;
        return finish(std::move(outcome), done);
    }
    const ExplainRequest req = std::get<ExplainRequest>(request);
    outcome.analyzed = req.analyzed;
    outcome.rolledBack = req.rolledBack;
    outcome.note = req.note;
    running_ = true;
    ++shown_.revision;
    database_().run(req.script, RunOptions{}, [this, generation, req, outcome, done](QueryResult r) mutable {
        if (generation != generation_) return;
        running_ = false;
        if (!r.ok || r.results.size() <= req.explainIndex) {
            outcome.error = r.error ? r.error->sqlstate + ": " + r.error->message : "no plan came back";
            return finish(std::move(outcome), done);
        }
        readPlan(r.results[req.explainIndex], outcome);
        finish(std::move(outcome), done);
    });
}

void ExplainSession::readPlan(const StatementResult& explain, ExplainOutcome& outcome) const {
    // One row of JSON, or the lines of a text plan the learner asked for themselves.
    for (size_t row = 0; row < explain.rows.rowCount(); ++row) {
        if (row) outcome.text += "\n";
        outcome.text += explain.rows.text(row, 0);
    }
    PlanParseResult parsed = parsePastedPlan(outcome.text);
    if (!parsed.ok()) {
        outcome.error = parsed.error;
        return;
    }
    outcome.plan = std::move(*parsed.plan);
    outcome.analyzed = outcome.plan->analyzed;
    outcome.warnings = planWarnings(*outcome.plan, &schema_);
    outcome.ok = true;
}

bool ExplainSession::showFromResult(const QueryResult& result) {
    const StatementResult* explain = nullptr;
    for (const StatementResult& s : result.results)
        if (s.command == "EXPLAIN" && s.hasRowSet && s.fields.size() == 1 && s.rows.rowCount() > 0) explain = &s;
    if (!explain) return false;
    ++generation_;   // an Explain still running is overtaken by this plan
    visible_ = true;
    ExplainOutcome outcome;
    outcome.statement = explain->statementText;
    readPlan(*explain, outcome);
    if (outcome.ok)
        outcome.note = "Your EXPLAIN, drawn; its text is in Results.";
    else   // YAML and XML, or a plan cut short by the row cap: the text stays in Results.
        outcome.error += " The plan view reads EXPLAIN's text and JSON forms; the Explain button draws any statement.";
    finish(std::move(outcome), {});
    return true;
}

namespace {

// Statements that differ only in spacing, letter case or a final semicolon are the same query.
std::string normalizedStatement(const std::string& sql) {
    std::string out;
    bool space = false;
    for (char c : trim(sql)) {
        if (isAsciiSpace(c)) {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += lowerAscii(c);
    }
    while (!out.empty() && (out.back() == ';' || out.back() == ' ')) out.pop_back();
    return out;
}

}  // namespace

void ExplainSession::finish(ExplainOutcome outcome, const std::function<void(const ExplainOutcome&)>& done) {
    running_ = false;
    outcome.revision = shown_.revision + 1;
    // The plan on screen becomes an earlier one, to compare the new one with.
    if (shown_.plan) {
        earlier_.push_back(std::move(shown_));
        if (earlier_.size() > kEarlierPlans) earlier_.erase(earlier_.begin());
    }
    shown_ = std::move(outcome);
    std::optional<size_t> same;
    if (shown_.plan)
        for (size_t i = earlier_.size(); i-- > 0;)
            if (normalizedStatement(earlier_[i].statement) == normalizedStatement(shown_.statement)) {
                same = i;
                break;
            }
    compareWith(same);
    if (done) done(shown_);
}

void ExplainSession::compareWith(std::optional<size_t> index) {
    comparedWith_ = index && *index < earlier_.size() && shown_.plan ? index : std::nullopt;
    comparison_.reset();
    if (comparedWith_) comparison_ = comparePlans(*earlier_[*comparedWith_].plan, *shown_.plan);
}

std::string explainJson(const ExplainOutcome& o) {
    using json = nlohmann::ordered_json;
    auto optional = [](const auto& v) { return v ? json(*v) : json(nullptr); };
    json out = {{"ok", o.ok}, {"error", o.error.empty() ? json(nullptr) : json(o.error)}, {"analyzed", o.analyzed},
                {"rolledBack", o.rolledBack}};
    out["planningMs"] = o.plan ? optional(o.plan->planningMs) : json(nullptr);
    out["executionMs"] = o.plan ? optional(o.plan->executionMs) : json(nullptr);
    out["text"] = o.text;
    if (o.plan && !o.plan->nodes.empty()) {
        const Plan& p = *o.plan;
        // Built bottom-up (children come after their parents in EXPLAIN's order), so no recursion.
        std::vector<json> nodes(p.nodes.size());
        for (size_t i = p.nodes.size(); i-- > 0;) {
            const PlanNode& n = p.nodes[i];
            json children = json::array();
            for (int c : n.children) children.push_back(std::move(nodes[static_cast<size_t>(c)]));
            nodes[i] = json{{"nodeType", n.nodeType}, {"relation", optional(n.relation)}, {"alias", n.alias},
                            {"index", optional(n.index)}, {"estimatedRows", n.estimatedRows},
                            {"actualRows", optional(n.actualRows)}, {"loops", n.loops}, {"totalCost", n.totalCost},
                            {"inclusiveMs", optional(n.inclusiveMs)}, {"exclusiveMs", optional(n.exclusiveMs)},
                            {"filter", n.filter}, {"rowsRemovedByFilter", n.rowsRemovedByFilter},
                            {"children", std::move(children)}};
        }
        out["plan"] = std::move(nodes[0]);
    } else {
        out["plan"] = nullptr;
    }
    json warnings = json::array();
    for (const PlanWarning& w : o.warnings)
        warnings.push_back({{"kind", planWarningKindName(w.kind)}, {"nodePath", w.nodePath}, {"message", w.message}});
    out["warnings"] = std::move(warnings);
    return out.dump();
}

}  // namespace pgplay

namespace pgplay {

std::string comparisonJson(const ExplainSession& session) {
    using json = nlohmann::ordered_json;
    const std::optional<PlanComparison>& c = session.comparison();
    if (!c || !session.comparedWith()) return "null";
    const ExplainOutcome& before = session.earlier()[*session.comparedWith()];
    const ExplainOutcome& after = session.shown();
    auto side = [](const ExplainOutcome& o) {
        return json{{"statement", o.statement},
                    {"executionMs", o.plan->executionMs ? json(*o.plan->executionMs) : json(nullptr)},
                    {"totalCost", o.plan->root().totalCost}};
    };
    auto node = [](const Plan& plan, int i) { return i < 0 ? json(nullptr) : json(describePlanNode(plan.nodes[static_cast<size_t>(i)])); };
    auto path = [](const Plan& plan, int i) { return i < 0 ? json(nullptr) : json(planNodePath(plan, i)); };
    json changes = json::array();
    for (const PlanChange& ch : c->changes)
        changes.push_back({{"kind", planNodeChangeName(ch.kind)}, {"before", node(*before.plan, ch.before)},
                           {"after", node(*after.plan, ch.after)}, {"beforePath", path(*before.plan, ch.before)},
                           {"afterPath", path(*after.plan, ch.after)}, {"message", ch.message}});
    json out = {{"before", side(before)}, {"after", side(after)}, {"measured", c->measured},
                {"ratio", c->ratio ? json(*c->ratio) : json(nullptr)}, {"summary", c->summary},
                {"changes", std::move(changes)}};
    return out.dump();
}

}  // namespace pgplay
