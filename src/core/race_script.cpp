#include "race_script.h"

#include <map>

#include "sql_script.h"
#include "text_util.h"

namespace pgplay {

namespace {

// A line the learner wrote for a person rather than for the race.
bool isCommentLine(std::string_view line) {
    return line.empty() || line[0] == '#' || line.substr(0, 2) == "--";
}

// "A:" / "Worker1:" at the start: the only kind of line a race script holds. Header, setup,
// check and prose lines of a scenario file are the step's business, not the learner's.
bool startsWithSession(std::string_view line) {
    const size_t colon = line.find(':');
    return colon != std::string_view::npos && isRaceSessionName(trim(line.substr(0, colon)));
}

}  // namespace

RaceParseResult raceScenarioFromScript(std::string_view script, const std::string& title, std::vector<std::string> setup) {
    const std::string file = "your race";
    std::vector<LessonError> errors;
    // The scenario file's reader does the rest; comment lines become blank lines there, so its
    // line numbers stay the script's. The header goes after the last line for the same reason.
    // An indented line after a statement continues it (a statement edited over several lines),
    // unless it starts with a session of its own;
    // the reader sees its first line, and the whole statement replaces it afterwards.
    std::string text;
    std::map<int, std::string> whole;   // a statement's first line -> the statement with its continuation
    int statementLine = 0;
    const std::vector<size_t> starts = lineStarts(script);
    for (size_t i = 0; i < starts.size(); ++i) {
        const std::string_view raw = lineText(script, starts, i);
        const std::string_view line = trim(raw);
        const bool indented = !raw.empty() && (raw[0] == ' ' || raw[0] == '\t');
        if (!line.empty() && indented && statementLine > 0 && !startsWithSession(line)) {
            whole[statementLine] += "\n" + std::string(raw);
        } else if (!isCommentLine(line) && !startsWithSession(line)) {
            errors.push_back({file, static_cast<int>(i + 1),
                              "each line is one statement of one session, written like \"A: UPDATE accounts SET "
                              "balance = balance + 20 WHERE id = 1\""});
            statementLine = 0;
        } else if (!isCommentLine(line)) {
            text.append(line);
            statementLine = static_cast<int>(i + 1);
            whole[statementLine] = std::string(trim(line.substr(line.find(':') + 1)));
        } else if (!line.empty()) {
            statementLine = 0;   // a comment between statements ends the one before
        }
        text += '\n';
    }
    text += "id: your-race\ntitle: race\n";
    RaceParseResult parsed = parseRaceScenario(text, file);
    for (LessonError& e : parsed.errors)
        if (e.line > 0 && static_cast<size_t>(e.line) <= starts.size()) errors.push_back(std::move(e));
        else if (e.message.find("no session statements") != std::string::npos)
            errors.push_back({file, 0, "the race has no statements: write lines like \"A: BEGIN\""});
    if (parsed.ok()) {
        for (RaceStep& step : parsed.scenario->steps) {
            const std::string& full = whole[step.line];
            if (full.find('\n') == std::string::npos) continue;
            const std::vector<SqlStatement> statements = splitSqlScript(full);
            if (statements.size() == 1) step.sql = statements[0].text;
            else errors.push_back({file, step.line, step.session + ": one statement to a line and the indented lines "
                                                    "after it (this one holds " + std::to_string(statements.size()) + ")"});
        }
    }
    if (!errors.empty()) {
        RaceParseResult out;
        out.errors = std::move(errors);
        return out;
    }
    parsed.scenario->title = title;
    parsed.scenario->setup = std::move(setup);
    parsed.scenario->setupLines.assign(parsed.scenario->setup.size(), 0);
    return parsed;
}

std::string raceScript(const RaceScenario& scenario) {
    std::string out;
    for (const RaceStep& step : scenario.steps) {
        out += step.session + ": ";
        // A statement of several lines goes on with indented lines.
        for (char c : step.sql) out += c == '\n' ? std::string("\n  ") : std::string(1, c);
        out += "\n";
    }
    return out;
}

}  // namespace pgplay
