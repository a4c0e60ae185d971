#include "race_scenario.h"

#include <algorithm>

#include "sql_script.h"
#include "text_util.h"

namespace pgplay {

namespace {

constexpr size_t kMaxErrors = 50;
constexpr size_t kMaxSessionName = 16;
constexpr size_t kMaxSessions = 8;

bool isIdChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

bool validId(std::string_view id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), isIdChar);
}

}  // namespace

bool isRaceSessionName(std::string_view s) {
    if (s.empty() || s.size() > kMaxSessionName || !(s[0] >= 'A' && s[0] <= 'Z')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    });
}

namespace {

void appendProse(std::string& to, std::string_view text) {
    if (text.empty()) return;
    if (!to.empty()) to += ' ';
    to.append(text);
}

class Reader {
public:
    Reader(std::string_view text, const std::string& file) : text_(text), file_(file) {}

    RaceParseResult read() {
        const std::vector<size_t> starts = lineStarts(text_);
        for (size_t i = 0; i < starts.size(); ++i) readLine(static_cast<int>(i + 1), trim(lineText(text_, starts, i)));
        if (scenario_.id.empty()) error(0, "the scenario has no \"id:\" line");
        if (scenario_.title.empty()) error(0, "the scenario has no \"title:\" line");
        if (scenario_.steps.empty()) error(0, "the scenario has no session statements (lines like \"A: BEGIN\")");
        if (!scenario_.steps.empty() && scenario_.sessions.size() < 2)
            error(scenario_.steps.front().line, "a race needs at least two sessions; only " + scenario_.sessions.front() +
                                                    " has statements");
        RaceParseResult out;
        out.errors = std::move(errors_);
        if (out.errors.empty()) out.scenario = std::move(scenario_);
        return out;
    }

private:
    void error(int line, std::string message) {
        if (errors_.size() < kMaxErrors) errors_.push_back({file_, line, std::move(message)});
    }

    void readLine(int line, std::string_view text) {
        if (text.empty() || text[0] == '#') return;
        if (text.find('\0') != std::string_view::npos) {
            error(line, "the line contains a NUL character");
            return;
        }
        if (text[0] == '>') {
            explain(trim(text.substr(1)));
            return;
        }
        const size_t colon = text.find(':');
        if (colon == std::string_view::npos) {
            error(line, "expected \"key: value\", \"A: statement\", \"check: query\" or \"> prose\"");
            return;
        }
        const std::string_view key = trim(text.substr(0, colon));
        const std::string_view value = trim(text.substr(colon + 1));
        if (key == "id" || key == "title" || key == "summary") {
            header(line, key, value);
        } else if (key == "setup") {
            if (!scenario_.steps.empty() || !scenario_.checks.empty())
                error(line, "setup: lines come before the first session statement");
            else if (isBlank(value))
                error(line, "setup: needs SQL");
            else {
                scenario_.setup.emplace_back(value);
                scenario_.setupLines.push_back(line);
            }
            explainTarget_ = nullptr;
        } else if (key == "check") {
            statementLine(line, value, "check");
            if (isBlank(value)) return;
            scenario_.checks.push_back({statementOf(value), "", line});
            explainTarget_ = &scenario_.checks.back().explanation;
        } else if (isRaceSessionName(key)) {
            if (!scenario_.checks.empty()) {
                error(line, "session statements come before the check: lines");
                return;
            }
            statementLine(line, value, std::string(key));
            if (isBlank(value)) return;
            if (std::find(scenario_.sessions.begin(), scenario_.sessions.end(), key) == scenario_.sessions.end()) {
                if (scenario_.sessions.size() >= kMaxSessions) {
                    error(line, "at most " + std::to_string(kMaxSessions) + " sessions take part in one race");
                    return;
                }
                scenario_.sessions.emplace_back(key);
            }
            scenario_.steps.push_back({std::string(key), statementOf(value), "", line});
            explainTarget_ = &scenario_.steps.back().explanation;
        } else {
            error(line, "unknown line \"" + std::string(key.substr(0, 40)) +
                            ":\"; sessions are named with a capital letter (A, B, Worker1)");
        }
    }

    void header(int line, std::string_view key, std::string_view value) {
        std::string* field = key == "id" ? &scenario_.id : key == "title" ? &scenario_.title : &scenario_.summary;
        if (!field->empty()) error(line, std::string(key) + ": appears twice");
        if (key == "id" && !validId(value)) {
            error(line, "id: lowercase letters, digits and '-' only (it is used in ?race=)");
            return;
        }
        if (value.empty()) error(line, std::string(key) + ": is empty");
        *field = std::string(value);
    }

    // One statement on the line, no more: the swimlanes show a step as one statement.
    void statementLine(int line, std::string_view sql, const std::string& who) {
        if (isBlank(sql)) {
            error(line, who + ": needs a statement");
            return;
        }
        const std::vector<SqlStatement> statements = splitSqlScript(std::string(sql));
        if (statements.empty()) error(line, who + ": holds only a comment");
        else if (statements.size() > 1) error(line, who + ": one statement a line (this one holds " +
                                                    std::to_string(statements.size()) + ")");
    }

    // The statement as the engine runs it: as the splitter cuts it, so a final ';' and a comment
    // after it ("BEGIN; -- start") are left out, as psql leaves them.
    static std::string statementOf(std::string_view sql) {
        const std::vector<SqlStatement> statements = splitSqlScript(std::string(sql));
        if (statements.size() == 1) return statements[0].text;
        while (!sql.empty() && (sql.back() == ';' || isAsciiSpace(sql.back()))) sql.remove_suffix(1);
        return std::string(sql);
    }

    void explain(std::string_view prose) {
        // A pointer into the vectors stays valid only until the next push_back, which also moves
        // the target to the new element; so it is always the latest step or check.
        appendProse(explainTarget_ ? *explainTarget_ : scenario_.intro, prose);
    }

    std::string_view text_;
    std::string file_;
    RaceScenario scenario_;
    std::vector<LessonError> errors_;
    std::string* explainTarget_ = nullptr;
};

}  // namespace

std::string RaceParseResult::errorText() const {
    std::string out;
    for (const LessonError& e : errors) out += e.toString() + "\n";
    return out;
}

RaceParseResult parseRaceScenario(std::string_view text, const std::string& fileName) {
    return Reader(text, fileName).read();
}

}  // namespace pgplay
