// The lesson file reader. Two passes: cut the file into sections at headings (never inside a
// fenced code block), then read each section by what its heading says. Every problem becomes an
// error with its line; parsing goes on so a teacher sees all of them at once.
#include "lesson_parser.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

namespace pgplay {

const char* checkKindName(CheckKind kind) {
    switch (kind) {
        case CheckKind::Result: return "result";
        case CheckKind::State: return "state";
        case CheckKind::Fails: return "fails";
        case CheckKind::Succeeds: return "succeeds";
        case CheckKind::PlanUses: return "plan uses";
        case CheckKind::PlanAvoids: return "plan avoids";
    }
    return "?";
}

std::string LessonError::toString() const {
    std::string out = file;
    if (line > 0) out += ":" + std::to_string(line);
    return out + ": " + message;
}

std::string LessonParseResult::errorText() const {
    std::string out;
    for (const LessonError& e : errors) out += e.toString() + "\n";
    return out;
}

namespace {

constexpr size_t kMaxErrors = 50;

struct Line {
    int number;
    std::string text;
};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

bool isBlank(std::string_view s) { return trim(s).empty(); }

std::vector<std::string> words(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (std::isspace(static_cast<unsigned char>(c)) || c == ',') {
            if (!cur.empty()) out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

// A fence opener: up to 3 spaces, then 3+ backticks or tildes. Returns the fence (e.g. "```")
// and the info string, or false.
bool fenceOpen(const std::string& line, std::string& fence, std::string& info) {
    size_t i = 0;
    while (i < line.size() && i < 3 && line[i] == ' ') ++i;
    if (i >= line.size() || (line[i] != '`' && line[i] != '~')) return false;
    char ch = line[i];
    size_t j = i;
    while (j < line.size() && line[j] == ch) ++j;
    if (j - i < 3) return false;
    std::string rest = trim(std::string_view(line).substr(j));
    if (ch == '`' && rest.find('`') != std::string::npos) return false;   // inline code, not a fence
    fence.assign(j - i, ch);
    info = rest;
    return true;
}

bool fenceClose(const std::string& line, const std::string& fence) {
    size_t i = 0;
    while (i < line.size() && i < 3 && line[i] == ' ') ++i;
    size_t j = i;
    while (j < line.size() && line[j] == fence[0]) ++j;
    return j - i >= fence.size() && isBlank(std::string_view(line).substr(j));
}

// A heading outside code: level 1-3 and its text. Deeper levels are prose.
bool heading(const std::string& line, int& level, std::string& text) {
    size_t n = 0;
    while (n < line.size() && line[n] == '#') ++n;
    if (n < 1 || n > 3) return false;
    if (n < line.size() && line[n] != ' ' && line[n] != '\t') return false;
    level = static_cast<int>(n);
    text = trim(std::string_view(line).substr(n));
    return true;
}

struct Section {
    int level = 0;          // 0: the intro before any heading
    std::string title;      // heading text
    int line = 0;
    std::vector<Line> body;
};

struct CodeBlock {
    std::string info;
    std::string text;
    int line;
};

struct Content {
    std::vector<CodeBlock> blocks;
    std::string prose;          // lines outside code blocks, joined and trimmed
    int firstProseLine = 0;     // first non-blank line outside code blocks, 0 if none
    std::string markdown;       // every line, code blocks included, trimmed of blank edges
};

std::string joinTrimmed(const std::vector<std::string>& lines) {
    size_t b = 0, e = lines.size();
    while (b < e && isBlank(lines[b])) ++b;
    while (e > b && isBlank(lines[e - 1])) --e;
    std::string out;
    for (size_t i = b; i < e; ++i) {
        if (i > b) out += '\n';
        out += lines[i];
    }
    return out;
}

// Sections were cut with fences already balanced (an unterminated one ran to the end of file).
Content readContent(const std::vector<Line>& body) {
    Content c;
    std::vector<std::string> prose, all;
    std::string fence;
    CodeBlock* open = nullptr;
    std::vector<std::string> code;
    for (const Line& l : body) {
        all.push_back(l.text);
        if (open) {
            if (fenceClose(l.text, fence)) {
                open->text = joinTrimmed(code);
                open = nullptr;
            } else {
                code.push_back(l.text);
            }
            continue;
        }
        std::string info;
        if (fenceOpen(l.text, fence, info)) {
            c.blocks.push_back({info, "", l.number});
            open = &c.blocks.back();
            code.clear();
            continue;
        }
        if (!isBlank(l.text) && c.firstProseLine == 0) c.firstProseLine = l.number;
        prose.push_back(l.text);
    }
    if (open) open->text = joinTrimmed(code);
    c.prose = joinTrimmed(prose);
    c.markdown = joinTrimmed(all);
    return c;
}

class Parser {
public:
    Parser(std::string_view text, const std::string& file) : text_(text), file_(file) {}

    LessonParseResult run() {
        splitLines();
        size_t bodyStart = readFrontMatter();
        std::vector<Section> sections = cutSections(bodyStart);
        for (Section& s : sections) readSection(s);
        finishStep();
        validateLesson();
        LessonParseResult result;
        result.errors = std::move(errors_);
        if (result.errors.empty()) result.lesson = std::move(lesson_);
        return result;
    }

private:
    void error(int line, std::string message) {
        if (errors_.size() < kMaxErrors) errors_.push_back({file_, line, std::move(message)});
    }

    void splitLines() {
        std::string_view t = text_;
        if (t.substr(0, 3) == "\xEF\xBB\xBF") t.remove_prefix(3);   // UTF-8 BOM
        int number = 1;
        size_t start = 0;
        while (start <= t.size()) {
            size_t end = t.find('\n', start);
            if (end == std::string_view::npos) end = t.size();
            std::string line(t.substr(start, end - start));
            if (!line.empty() && line.back() == '\r') line.pop_back();
            lines_.push_back({number++, std::move(line)});
            if (end == t.size()) break;
            start = end + 1;
        }
    }

    // Returns the index of the first body line.
    size_t readFrontMatter() {
        if (lines_.empty() || trim(lines_[0].text) != "---") {
            error(1, "missing front matter: the file must start with a '---' line, then 'id:' and "
                     "'title:' lines, then '---'");
            return 0;
        }
        std::set<std::string> seen;
        for (size_t i = 1; i < lines_.size(); ++i) {
            const Line& l = lines_[i];
            std::string t = trim(l.text);
            if (t == "---") return i + 1;
            if (t.empty() || t[0] == '#') continue;
            size_t colon = t.find(':');
            if (colon == std::string::npos) {
                error(l.number, "front matter line is not 'key: value': \"" + t + "\"");
                continue;
            }
            std::string key = lower(trim(std::string_view(t).substr(0, colon)));
            std::string value = trim(std::string_view(t).substr(colon + 1));
            if (!seen.insert(key).second) {
                error(l.number, "front matter key '" + key + "' appears twice");
                continue;
            }
            if (key == "id") {
                bool valid = !value.empty();
                for (char c : value)
                    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-'))
                        valid = false;
                if (!valid)
                    error(l.number, "lesson id '" + value + "' must be lowercase letters, digits and '-'");
                lesson_.id = value;
            } else if (key == "title") {
                if (value.empty()) error(l.number, "the lesson title is empty");
                lesson_.title = value;
            } else if (key == "summary") {
                lesson_.summary = value;
            } else {
                error(l.number, "unknown front matter key '" + key + "' (expected id, title, summary)");
            }
        }
        error(1, "front matter is not closed: add a '---' line after the title");
        return lines_.size();
    }

    std::vector<Section> cutSections(size_t from) {
        std::vector<Section> out(1);
        out[0].line = from < lines_.size() ? lines_[from].number : 0;
        std::string fence;
        int fenceLine = 0;
        for (size_t i = from; i < lines_.size(); ++i) {
            const Line& l = lines_[i];
            if (!fence.empty()) {
                if (fenceClose(l.text, fence)) fence.clear();
                out.back().body.push_back(l);
                continue;
            }
            std::string info;
            if (fenceOpen(l.text, fence, info)) {
                fenceLine = l.number;
                out.back().body.push_back(l);
                continue;
            }
            int level = 0;
            std::string title;
            if (heading(l.text, level, title)) {
                Section s;
                s.level = level;
                s.title = title;
                s.line = l.number;
                out.push_back(std::move(s));
                continue;
            }
            out.back().body.push_back(l);
        }
        if (!fence.empty())
            error(fenceLine, "code block opened here is never closed (add a line with " + fence + ")");
        return out;
    }

    // "Check: fails 23505" -> keyword "check", rest "fails 23505". Keyword is lowercased.
    static void splitHeading(const std::string& title, std::string& keyword, std::string& rest, bool& colon) {
        size_t c = title.find(':');
        colon = c != std::string::npos;
        keyword = lower(trim(std::string_view(title).substr(0, colon ? c : title.size())));
        rest = colon ? trim(std::string_view(title).substr(c + 1)) : "";
    }

    std::string sqlOnly(const Section& s, const std::string& where) {
        Content c = readContent(s.body);
        if (c.firstProseLine)
            error(c.firstProseLine, "text outside a ```sql code block in " + where +
                                        " (write SQL comments inside the block instead)");
        std::string sql;
        for (const CodeBlock& b : c.blocks) {
            std::string lang = lower(b.info);
            if (!lang.empty() && lang != "sql" && lang != "postgresql" && lang != "pgsql")
                error(b.line, "code block in " + where + " must be ```sql, not ```" + b.info);
            if (b.text.empty()) continue;
            if (!sql.empty()) sql += "\n";
            sql += b.text;
        }
        return sql;
    }

    void readSection(Section& s) {
        if (s.level == 0) {
            lesson_.intro = readContent(s.body).markdown;
            return;
        }
        if (s.level == 1) {
            error(s.line, "'# " + s.title + "': a lesson has no '#' headings (the title comes from the front "
                          "matter); use '## Setup', '## Step: <title>', or '####' inside prose");
            return;
        }
        std::string keyword, rest;
        bool colon = false;
        splitHeading(s.title, keyword, rest, colon);
        if (s.level == 2) {
            finishStep();
            if (keyword == "setup" && rest.empty()) {
                if (sawLessonSetup_) error(s.line, "a second '## Setup' section (there can be one)");
                if (!lesson_.steps.empty()) error(s.line, "'## Setup' must come before the first step");
                sawLessonSetup_ = true;
                lesson_.setupSql = sqlOnly(s, "## Setup");
            } else if (keyword == "step") {
                if (rest.empty()) {
                    error(s.line, "a step needs a title: '## Step: <title>'");
                    rest = "step " + std::to_string(lesson_.steps.size() + 1);
                }
                Step step;
                step.title = rest;
                step.line = s.line;
                step.task = readContent(s.body).markdown;
                lesson_.steps.push_back(std::move(step));
                inStep_ = true;
                seenInStep_.clear();
            } else {
                error(s.line, "unknown section '## " + s.title + "' (expected '## Setup' or '## Step: <title>')");
                inStep_ = false;
            }
            return;
        }
        // level 3: parts of a step
        if (!inStep_) {
            error(s.line, "'### " + s.title + "' is outside a step (put it under '## Step: <title>')");
            return;
        }
        Step& step = lesson_.steps.back();
        const std::string where = "### " + s.title + " of step \"" + step.title + "\"";
        auto once = [&](const std::string& what) {
            if (!seenInStep_.insert(what).second)
                error(s.line, "step \"" + step.title + "\" has a second '### " + what + "'");
        };
        if (keyword == "setup" && !colon) {
            once("Setup");
            step.setupSql = sqlOnly(s, where);
        } else if (keyword == "starter" && !colon) {
            once("Starter");
            step.starter = sqlOnly(s, where);
        } else if (keyword == "solution" && !colon) {
            once("Solution");
            step.solution = sqlOnly(s, where);
            if (step.solution.empty()) error(s.line, "the solution of step \"" + step.title + "\" is empty");
            sawSolution_ = true;
        } else if (keyword == "hint" && !colon) {
            std::string hint = readContent(s.body).markdown;
            if (hint.empty()) error(s.line, "empty hint in step \"" + step.title + "\"");
            step.hints.push_back(hint);
        } else if (keyword == "check") {
            readCheck(s, rest, step, where);
        } else if (keyword == "wrong") {
            WrongAnswer w;
            w.label = rest.empty() ? "wrong answer " + std::to_string(step.wrongAnswers.size() + 1) : rest;
            w.line = s.line;
            Content c = readContent(s.body);
            for (const CodeBlock& b : c.blocks) {
                if (b.text.empty()) continue;
                if (!w.sql.empty()) w.sql += "\n";
                w.sql += b.text;
            }
            if (w.sql.empty()) error(s.line, "'### Wrong: " + rest + "' has no ```sql code block");
            step.wrongAnswers.push_back(std::move(w));
        } else {
            error(s.line, "unknown part '### " + s.title +
                              "' (expected Setup, Starter, Hint, Solution, Check: <kind>, Wrong: <label>)");
        }
    }

    void readCheck(const Section& s, const std::string& spec, Step& step, const std::string& where) {
        Check check;
        check.line = s.line;
        std::vector<std::string> w = words(spec);
        const std::string kind = w.empty() ? "" : lower(w[0]);
        bool needsSql = true;
        if (kind == "result") {
            needsSql = false;
            for (size_t i = 1; i < w.size(); ++i) {
                std::string opt = lower(w[i]);
                if (opt == "ordered") check.ordered = true;
                else if (opt == "names") check.names = true;
                else error(s.line, "unknown option '" + w[i] + "' for a result check (expected 'ordered' or 'names')");
            }
        } else if (kind == "state" || kind == "succeeds") {
            check.kind = kind == "state" ? CheckKind::State : CheckKind::Succeeds;
            if (w.size() > 1) error(s.line, "'" + kind + "' check takes no options, found '" + w[1] + "'");
        } else if (kind == "fails") {
            check.kind = CheckKind::Fails;
            if (w.size() != 2) {
                error(s.line, "a fails check names one SQLSTATE: '### Check: fails 23505'");
            } else {
                std::string code = w[1];
                for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                bool valid = code.size() == 5;
                for (char c : code)
                    if (!std::isdigit(static_cast<unsigned char>(c)) && !std::isupper(static_cast<unsigned char>(c))) valid = false;
                if (!valid) error(s.line, "'" + w[1] + "' is not a SQLSTATE (five digits or capital letters, e.g. 23505)");
                check.sqlstate = code;
            }
        } else if (kind == "plan") {
            std::string verb = w.size() > 1 ? lower(w[1]) : "";
            if (verb != "uses" && verb != "avoids") {
                error(s.line, "a plan check reads 'plan uses <node> on <relation>' or 'plan avoids <node> on <relation>'");
            } else {
                check.kind = verb == "uses" ? CheckKind::PlanUses : CheckKind::PlanAvoids;
                size_t i = 2;
                for (; i < w.size() && lower(w[i]) != "on"; ++i) {
                    if (!check.nodeType.empty()) check.nodeType += " ";
                    check.nodeType += w[i];
                }
                if (check.nodeType.empty()) error(s.line, "the plan check names no node type (e.g. 'Index Scan')");
                if (i < w.size()) {
                    if (i + 2 == w.size()) check.relation = w[i + 1];
                    else error(s.line, "'on' must be followed by exactly one table or index name");
                }
            }
        } else {
            error(s.line, "unknown check kind '" + (w.empty() ? std::string() : w[0]) +
                              "' (expected result, state, fails <SQLSTATE>, succeeds, plan uses ..., plan avoids ...)");
            return;
        }
        Content c = readContent(s.body);
        for (const CodeBlock& b : c.blocks) {
            std::string lang = lower(b.info);
            if (!lang.empty() && lang != "sql" && lang != "postgresql" && lang != "pgsql")
                error(b.line, "code block in " + where + " must be ```sql, not ```" + b.info);
            if (b.text.empty()) continue;
            if (!check.sql.empty()) check.sql += "\n";
            check.sql += b.text;
        }
        check.message = c.prose;
        if (needsSql && check.sql.empty())
            error(s.line, "the " + std::string(checkKindName(check.kind)) + " check in step \"" + step.title +
                              "\" needs a ```sql code block");
        step.checks.push_back(std::move(check));
    }

    void finishStep() {
        if (inStep_ && !lesson_.steps.empty()) {
            const Step& step = lesson_.steps.back();
            if (!sawSolution_) error(step.line, "step \"" + step.title + "\" has no '### Solution'");
            if (step.checks.empty())
                error(step.line, "step \"" + step.title + "\" has no '### Check: ...' (how would it be graded?)");
        }
        inStep_ = false;
        sawSolution_ = false;
    }

    void validateLesson() {
        if (lines_.empty() || trim(lines_[0].text) != "---") return;   // already reported
        if (lesson_.id.empty()) error(1, "the front matter has no 'id:'");
        if (lesson_.title.empty()) error(1, "the front matter has no 'title:'");
        if (lesson_.steps.empty()) error(0, "the lesson has no steps (add '## Step: <title>' sections)");
        std::set<std::string> titles;
        for (const Step& s : lesson_.steps)
            if (!titles.insert(lower(s.title)).second)
                error(s.line, "two steps are titled \"" + s.title + "\" (titles must differ)");
        lesson_.fileName = file_;
    }

    std::string_view text_;
    std::string file_;
    std::vector<Line> lines_;
    std::vector<LessonError> errors_;
    Lesson lesson_;
    bool inStep_ = false;
    bool sawSolution_ = false;
    bool sawLessonSetup_ = false;
    std::set<std::string> seenInStep_;
};

}  // namespace

LessonParseResult parseLesson(std::string_view text, const std::string& fileName) {
    try {
        return Parser(text, fileName).run();
    } catch (const std::exception& e) {   // only bad_alloc can get here; keep the app alive anyway
        LessonParseResult r;
        r.errors.push_back({fileName, 0, std::string("could not read the lesson: ") + e.what()});
        return r;
    }
}

}  // namespace pgplay
