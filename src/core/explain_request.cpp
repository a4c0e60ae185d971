#include "explain_request.h"

#include <algorithm>
#include <vector>

#include "sql_script.h"
#include "text_util.h"

namespace pgplay {

namespace {

// The statement's first words, lower-cased, without comments.
std::vector<std::string> leadingWords(std::string_view sql, size_t count) {
    std::vector<std::string> out;
    for (const Token& t : tokenizeSql(sql)) {
        if (t.kind == TokenKind::Whitespace || t.kind == TokenKind::Comment) continue;
        out.push_back(lower(sql.substr(t.offset, t.length)));
        if (out.size() == count) break;
    }
    return out;
}

bool writesData(const std::vector<std::string>& w, std::string_view sql) {
    const std::string& first = w[0];
    if (first == "insert" || first == "update" || first == "delete" || first == "merge") return true;
    if (first == "create" || first == "execute") return true;   // CREATE TABLE AS makes a table; EXECUTE may write
    if (first != "with") return false;
    // A WITH that writes in a CTE or in its main statement.
    for (const Token& t : tokenizeSql(sql)) {
        if (t.kind != TokenKind::Keyword) continue;
        const std::string k = lower(sql.substr(t.offset, t.length));
        if (k == "insert" || k == "delete" || k == "merge") return true;
        if (k == "update") return true;   // FOR UPDATE included: taking locks is worth undoing too
    }
    return false;
}

}  // namespace

std::variant<ExplainRequest, ExplainRefusal> explainRequest(std::string_view statement, bool analyze, bool inTransaction) {
    const std::string sql(trim(statement));
    const std::vector<std::string> w = leadingWords(sql, 4);
    if (w.empty()) return ExplainRefusal{"There is no statement here to explain."};
    ExplainRequest r;
    if (w[0] == "explain") {
        r.script = sql;
        for (const std::string& word : leadingWords(sql, 64))
            if (word == "analyze" || word == "analyse") r.analyzed = true;
        return r;
    }
    const std::string& first = w[0];
    const bool plannable = first == "select" || first == "with" || first == "values" || first == "table" ||
                           first == "(" || first == "insert" || first == "update" || first == "delete" ||
                           first == "merge" || first == "execute" || first == "declare" ||
                           (first == "create" && (std::find(w.begin(), w.end(), "table") != w.end() ||
                                                  std::find(w.begin(), w.end(), "materialized") != w.end()));
    if (!plannable) {
        return ExplainRefusal{"EXPLAIN shows how PostgreSQL runs SELECT, INSERT, UPDATE, DELETE, MERGE, VALUES, "
                              "EXECUTE, DECLARE and CREATE TABLE ... AS; " + upper(first) + " has no plan to show."};
    }
    if (!analyze) {
        r.script = "EXPLAIN (SETTINGS, FORMAT JSON) " + sql;
        r.note = "Estimate only: the statement was planned, not run.";
        return r;
    }
    // Measured: the statement really runs, so whatever it changes is undone afterwards, with a
    // savepoint when the learner's own transaction is open (a ROLLBACK would end it).
    r.analyzed = true;
    r.rolledBack = writesData(w, sql);
    const std::string explain = "EXPLAIN (ANALYZE, BUFFERS, SETTINGS, FORMAT JSON) " + sql;
    if (inTransaction) {
        r.script = "SAVEPOINT pgplay_explain;\n" + explain + ";\nROLLBACK TO SAVEPOINT pgplay_explain;\nRELEASE SAVEPOINT pgplay_explain;";
    } else {
        r.script = "BEGIN;\n" + explain + ";\nROLLBACK;";
    }
    r.explainIndex = 1;
    if (r.rolledBack)
        r.note = "EXPLAIN ANALYZE ran the statement to measure it, inside a transaction that was then rolled "
                 "back: no data changed. (Sequences it advanced stay advanced.)";
    return r;
}

}  // namespace pgplay
