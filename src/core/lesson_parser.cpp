// The lesson file reader. The front matter is read line by line; the rest is Markdown, read once
// by md4c (outlineMarkdown in markdown.h), the same reading that draws the prose. Its top-level
// headings cut the body into sections, each read by what its heading says, with SQL taken from
// its top-level fenced code blocks. Every problem becomes an error with its line; parsing goes
// on so a teacher sees all of them at once.
#include "lesson_parser.h"

#include "migration_script.h"

#include <algorithm>
#include <climits>
#include <set>

#include "markdown.h"
#include "pg_dump_command.h"
#include "plan_advice.h"
#include "race_script.h"
#include "sql_script.h"
#include "text_util.h"

namespace pgplay {

const char* checkKindName(CheckKind kind) {
    switch (kind) {
        case CheckKind::Result: return "result";
        case CheckKind::State: return "state";
        case CheckKind::Fails: return "fails";
        case CheckKind::Succeeds: return "succeeds";
        case CheckKind::PlanUses: return "plan uses";
        case CheckKind::PlanAvoids: return "plan avoids";
        case CheckKind::PlanWithout: return "plan without";
        case CheckKind::DownRestores: return "down restores";
        case CheckKind::ReapplyFails: return "reapply fails";
        case CheckKind::RaceState: return "race";
        case CheckKind::QueryCount: return "queries";
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

std::vector<std::string> words(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (isAsciiSpace(c) || c == ',') {
            if (!cur.empty()) out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

// Lines [first, end) joined by '\n', without blank lines at either edge.
template <typename Keep>
std::string joinTrimmed(const std::vector<std::string_view>& lines, size_t first, size_t end, Keep keep) {
    std::vector<std::string_view> kept;
    for (size_t i = first; i < end && i < lines.size(); ++i)
        if (keep(i)) kept.push_back(lines[i]);
    size_t b = 0, e = kept.size();
    while (b < e && isBlank(kept[b])) ++b;
    while (e > b && isBlank(kept[e - 1])) --e;
    std::string out;
    for (size_t i = b; i < e; ++i) {
        if (i > b) out += '\n';
        out.append(kept[i]);
    }
    return out;
}

// Code without blank lines at either edge.
std::string trimBlankLines(const std::string& code) {
    std::vector<std::string_view> lines;
    for (size_t at = 0; at <= code.size();) {
        size_t nl = code.find('\n', at);
        if (nl == std::string::npos) nl = code.size();
        lines.push_back(std::string_view(code).substr(at, nl - at));
        at = nl + 1;
    }
    return joinTrimmed(lines, 0, lines.size(), [](size_t) { return true; });
}

bool isSqlLanguage(const std::string& language) {
    return language.empty() || language == "sql" || language == "postgresql" || language == "pgsql";
}

// A section: a level 1-3 heading at the top level of the document and the lines up to the next one.
struct Section {
    int level = 0;              // 0: the intro before any heading
    std::string title;          // heading text
    int line = 0;               // of the heading (1-based)
    size_t bodyFirst = 0;       // lines [bodyFirst, bodyEnd) of the file (0-based)
    size_t bodyEnd = 0;
    std::vector<MdOutlineBlock> blocks;   // its top-level blocks, lines made 0-based in the file
};

struct CodeBlock {
    std::string language;
    std::string text;
    int line;
};

struct Content {
    std::vector<CodeBlock> blocks;   // the fenced code blocks at the section's top level
    std::string prose;          // lines outside them, joined and trimmed
    int firstProseLine = 0;     // first non-blank line outside them, 0 if none
    int indentedCodeLine = 0;   // first indented code block (4 spaces in: not a fence), 0 if none
    std::string markdown;       // every line, code blocks included, trimmed of blank edges
};

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

    static int lineNumber(size_t index) { return static_cast<int>(std::min<size_t>(index + 1, INT_MAX)); }

    void splitLines() {
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);   // UTF-8 BOM
        starts_ = lineStarts(text_);
        for (size_t i = 0; i < starts_.size(); ++i) lines_.push_back(lineText(text_, starts_, i));
    }

    // Returns the index of the first body line.
    size_t readFrontMatter() {
        hasFrontMatter_ = !lines_.empty() && trim(lines_[0]) == "---";
        if (!hasFrontMatter_) {
            error(1, "missing front matter: the file must start with a '---' line, then 'id:' and "
                     "'title:' lines, then '---'");
            return 0;
        }
        std::set<std::string> seen;
        for (size_t i = 1; i < lines_.size(); ++i) {
            const int number = lineNumber(i);
            const std::string t(trim(lines_[i]));
            if (t == "---") return i + 1;
            if (t.empty() || t[0] == '#') continue;
            size_t colon = t.find(':');
            if (colon == std::string::npos) {
                error(number, "front matter line is not 'key: value': \"" + t + "\"");
                continue;
            }
            std::string key = lower(trim(std::string_view(t).substr(0, colon)));
            std::string value(trim(std::string_view(t).substr(colon + 1)));
            if (!seen.insert(key).second) {
                error(number, "front matter key '" + key + "' appears twice");
                continue;
            }
            if (key == "id") {
                bool valid = !value.empty();
                for (char c : value)
                    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) valid = false;
                if (!valid)
                    error(number, "lesson id '" + value + "' must be lowercase letters, digits and '-'");
                lesson_.id = value;
            } else if (key == "title") {
                if (value.empty()) error(number, "the lesson title is empty");
                lesson_.title = value;
            } else if (key == "summary") {
                lesson_.summary = value;
            } else if (key == "diagram") {
                if (value == "yes") lesson_.diagram = true;
                else if (value != "no") error(number, "diagram is 'yes' or 'no', not '" + value + "'");
            } else if (key == "review-before") {
                for (std::string_view rest = value; !rest.empty();) {
                    const size_t comma = rest.find(',');
                    const std::string id(trim(rest.substr(0, comma)));
                    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
                    if (id.empty()) error(number, "review-before lists lesson ids separated by commas; one is empty");
                    else lesson_.reviewBefore.push_back(id);
                }
            } else if (key == "review-why") {
                if (value.empty()) error(number, "review-why is empty");
                lesson_.reviewWhy = value;
            } else {
                error(number, "unknown front matter key '" + key +
                                  "' (expected id, title, summary, diagram, review-before, review-why)");
            }
        }
        error(1, "front matter is not closed: add a '---' line after the title");
        return lines_.size();
    }

    // md4c reads the body once; its top-level headings of levels 1-3 start sections.
    std::vector<Section> cutSections(size_t from) {
        std::vector<Section> out(1);
        out[0].line = from < lines_.size() ? lineNumber(from) : 0;
        out[0].bodyFirst = from;
        if (from >= lines_.size()) return out;
        for (MdOutlineBlock& b : outlineMarkdown(text_.substr(starts_[from]))) {
            b.firstLine += from;
            b.lastLine += from;
            if (b.kind == MdOutlineBlock::Kind::FencedCode && !b.closed)
                error(lineNumber(b.firstLine), "code block opened here is never closed (add a line with " + b.fence + ")");
            if (b.kind == MdOutlineBlock::Kind::Heading && b.level <= 3) {
                out.back().bodyEnd = b.firstLine;
                Section s;
                s.level = b.level;
                s.title = std::string(trim(b.text));
                s.line = lineNumber(b.firstLine);
                s.bodyFirst = b.lastLine + 1;
                out.push_back(std::move(s));
                continue;
            }
            out.back().blocks.push_back(std::move(b));
        }
        out.back().bodyEnd = lines_.size();
        return out;
    }

    Content readContent(const Section& s) const {
        Content c;
        std::vector<bool> inCode(s.bodyEnd > s.bodyFirst ? s.bodyEnd - s.bodyFirst : 0, false);
        for (const MdOutlineBlock& b : s.blocks) {
            if (b.kind == MdOutlineBlock::Kind::IndentedCode && c.indentedCodeLine == 0)
                c.indentedCodeLine = lineNumber(b.firstLine);
            if (b.kind != MdOutlineBlock::Kind::FencedCode) continue;
            c.blocks.push_back({b.language, trimBlankLines(b.text), lineNumber(b.firstLine)});
            for (size_t l = b.firstLine; l <= b.lastLine && l < s.bodyEnd; ++l)
                if (l >= s.bodyFirst) inCode[l - s.bodyFirst] = true;
        }
        auto outside = [&](size_t l) { return !inCode[l - s.bodyFirst]; };
        for (size_t l = s.bodyFirst; l < s.bodyEnd && c.firstProseLine == 0; ++l)
            if (outside(l) && !isBlank(lines_[l])) c.firstProseLine = lineNumber(l);
        c.prose = joinTrimmed(lines_, s.bodyFirst, s.bodyEnd, outside);
        c.markdown = joinTrimmed(lines_, s.bodyFirst, s.bodyEnd, [](size_t) { return true; });
        return c;
    }

    // "Check: fails 23505" -> keyword "check", rest "fails 23505". Keyword is lowercased.
    static void splitHeading(const std::string& title, std::string& keyword, std::string& rest, bool& colon) {
        size_t c = title.find(':');
        colon = c != std::string::npos;
        keyword = lower(trim(std::string_view(title).substr(0, colon ? c : title.size())));
        rest = colon ? std::string(trim(std::string_view(title).substr(c + 1))) : "";
    }

    std::string sqlOnly(const Section& s, const std::string& where) {
        Content c = readContent(s);
        if (c.firstProseLine && c.firstProseLine == c.indentedCodeLine)
            error(c.firstProseLine, "indented code block in " + where +
                                        ": a ```sql fence may be indented 3 spaces at most (4 make it plain code)");
        else if (c.firstProseLine)
            error(c.firstProseLine, "text outside a ```sql code block in " + where +
                                        " (write SQL comments inside the block instead)");
        std::string sql;
        for (const CodeBlock& b : c.blocks) {
            if (!isSqlLanguage(b.language))
                error(b.line, "code block in " + where + " must be ```sql, not ```" + b.language);
            if (b.text.empty()) continue;
            if (!sql.empty()) sql += "\n";
            sql += b.text;
        }
        return sql;
    }

    void readSection(Section& s) {
        if (s.level == 0) {
            lesson_.intro = readContent(s).markdown;
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
            inQuestion_ = false;
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
                step.task = readContent(s).markdown;
                lesson_.steps.push_back(std::move(step));
                inStep_ = true;
                seenInStep_.clear();
            } else if (keyword == "question") {
                if (rest.empty()) {
                    error(s.line, "a question needs a title: '## Question: <title>'");
                    rest = "question " + std::to_string(lesson_.questions.size() + 1);
                }
                Question q;
                q.title = rest;
                q.line = s.line;
                q.prompt = readContent(s).markdown;
                if (q.prompt.empty()) error(s.line, "question \"" + rest + "\" asks nothing (write the question under its heading)");
                lesson_.questions.push_back(std::move(q));
                inQuestion_ = true;
            } else {
                error(s.line, "unknown section '## " + s.title +
                                  "' (expected '## Setup', '## Step: <title>' or '## Question: <title>')");
                inStep_ = false;
            }
            return;
        }
        if (inQuestion_) {
            readQuestionPart(s, keyword, rest, colon);
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
        } else if (keyword == "race" && colon) {
            once("Race");
            step.race = rest;
            bool valid = !rest.empty();
            for (char c : rest) valid = valid && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
            if (!valid) error(s.line, "'### Race:' names a race scenario's id (lowercase letters, digits and '-')");
            if (!readContent(s).markdown.empty())
                error(s.line, "text under '### Race:' of step \"" + step.title + "\" is never shown (put it in the task)");
        } else if (keyword == "accident" && !colon) {
            once("Accident");
            step.accident = sqlOnly(s, where);
            if (step.accident.empty()) error(s.line, "the accident of step \"" + step.title + "\" has no ```sql code block");
        } else if (keyword == "orm" && colon) {
            once("ORM");
            Content c = readContent(s);
            if (c.blocks.size() != 1 || c.blocks[0].text.empty())
                error(s.line, "'### ORM: <label>' of step \"" + step.title + "\" holds one code block: the ORM-style code");
            if (c.firstProseLine) error(c.firstProseLine, "text under '### ORM:' is never shown (put it in the task)");
            if (!step.orm) step.orm.emplace();
            step.orm->label = rest;
            if (!c.blocks.empty()) {
                step.orm->language = c.blocks[0].language;
                step.orm->code = c.blocks[0].text;
            }
            if (rest.empty()) error(s.line, "'### ORM:' needs a label after the colon (\"Rails, lazy loading\")");
        } else if (keyword == "n+1" && colon) {
            once("N+1");
            if (!step.orm) step.orm.emplace();
            step.orm->column = rest;
            step.orm->line = s.line;
            const std::vector<SqlStatement> parts = splitSqlScript(sqlOnly(s, where));
            if (parts.size() != 2) {
                error(s.line, "'### N+1: <column>' of step \"" + step.title + "\" holds two queries: the first one, "
                              "then the one sent for each of its rows (with $1)");
            } else {
                step.orm->outerSql = parts[0].text;
                step.orm->innerSql = parts[1].text;
                if (parts[1].text.find("$1") == std::string::npos)
                    error(s.line, "the second query of '### N+1:' in step \"" + step.title + "\" takes each row's value as $1");
            }
            if (rest.empty()) error(s.line, "'### N+1:' names the first query's column whose value each row sends as $1");
        } else if (keyword == "hint" && !colon) {
            std::string hint = readContent(s).markdown;
            if (hint.empty()) error(s.line, "empty hint in step \"" + step.title + "\"");
            step.hints.push_back(hint);
        } else if (keyword == "check") {
            readCheck(s, rest, step, where);
        } else if (keyword == "variant" && !colon) {
            std::string sql = sqlOnly(s, where);
            if (sql.empty()) error(s.line, "the variant of step \"" + step.title + "\" has no ```sql code block");
            step.variants.push_back(std::move(sql));
        } else if (keyword == "wrong" || keyword == "accept") {
            const bool wrong = keyword == "wrong";
            std::vector<SampleAnswer>& list = wrong ? step.wrongAnswers : step.acceptedAnswers;
            SampleAnswer a;
            a.label = rest.empty() ? std::string(wrong ? "wrong" : "accepted") + " answer " + std::to_string(list.size() + 1) : rest;
            a.line = s.line;
            Content c = readContent(s);
            for (const CodeBlock& b : c.blocks) {
                if (b.text.empty()) continue;
                if (!a.sql.empty()) a.sql += "\n";
                a.sql += b.text;
            }
            if (a.sql.empty())
                error(s.line, "'### " + std::string(wrong ? "Wrong" : "Accept") + ": " + rest + "' has no ```sql code block");
            list.push_back(std::move(a));
        } else {
            error(s.line, "unknown part '### " + s.title +
                              "' (expected Setup, Starter, Hint, Solution, Check: <kind>, Variant, Wrong: <label>, "
                              "Accept: <label>, Race: <scenario>, ORM: <label>, N+1: <column>, Accident)");
        }
    }

    // "### Option: text" (a wrong choice), "### Correct: text" (a right one), "### Answer: text"
    // (a typed answer accepted), "### Explain" (prose after a right answer).
    void readQuestionPart(const Section& s, const std::string& keyword, const std::string& rest, bool colon) {
        Question& q = lesson_.questions.back();
        if ((keyword == "option" || keyword == "correct") && colon) {
            QuestionOption o;
            o.text = rest;
            o.correct = keyword == "correct";
            o.why = readContent(s).markdown;
            o.line = s.line;
            if (o.text.empty()) error(s.line, "an empty choice in question \"" + q.title + "\" (write it after the colon)");
            q.options.push_back(std::move(o));
        } else if (keyword == "answer" && colon) {
            if (rest.empty()) error(s.line, "an empty answer in question \"" + q.title + "\" (write it after the colon)");
            if (!readContent(s).markdown.empty())
                error(s.line, "text under '### Answer:' of question \"" + q.title + "\" is never shown (put it under ### Explain)");
            q.answers.push_back(rest);
        } else if (keyword == "explain" && !colon) {
            if (!q.explanation.empty()) error(s.line, "question \"" + q.title + "\" has a second '### Explain'");
            q.explanation = readContent(s).markdown;
        } else {
            error(s.line, "unknown part '### " + s.title +
                              "' of a question (expected Option: <text>, Correct: <text>, Answer: <text> or Explain)");
        }
    }

    void finishQuestions() {
        std::set<std::string> titles;
        for (const Question& q : lesson_.questions) {
            if (!titles.insert(lower(q.title)).second)
                error(q.line, "two questions are titled \"" + q.title + "\" (titles must differ)");
            if (q.multipleChoice() && !q.answers.empty())
                error(q.line, "question \"" + q.title + "\" has both choices and typed answers (pick one kind)");
            else if (q.multipleChoice() && (q.options.size() < 2 || q.correctCount() == 0))
                error(q.line, "question \"" + q.title + "\" needs at least two choices, one of them '### Correct:'");
            else if (!q.multipleChoice() && q.answers.empty())
                error(q.line, "question \"" + q.title + "\" has no '### Correct:' choices or '### Answer:' lines");
        }
    }

    // A SQLSTATE as a check heading names it: five digits or capital letters.
    std::string sqlstateIn(const std::string& word, int line) {
        std::string code = upper(word);
        bool valid = code.size() == 5;
        for (char c : code)
            if (!(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z')) valid = false;
        if (!valid) error(line, "'" + word + "' is not a SQLSTATE (five digits or capital letters, e.g. 23505)");
        return code;
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
                check.sqlstate = sqlstateIn(w[1], s.line);
            }
        } else if (kind == "down" && (w.size() == 2 || (w.size() == 3 && lower(w[2]) == "schema")) &&
                   lower(w[1]) == "restores") {
            check.kind = CheckKind::DownRestores;
            check.schemaOnly = w.size() == 3;
            needsSql = false;
        } else if (kind == "reapply" && (w.size() == 2 || w.size() == 3) && lower(w[1]) == "fails") {
            check.kind = CheckKind::ReapplyFails;
            needsSql = false;
            if (w.size() == 3) check.sqlstate = sqlstateIn(w[2], s.line);
        } else if (kind == "queries") {
            check.kind = CheckKind::QueryCount;
            needsSql = false;
            const bool shape = w.size() == 4 && lower(w[1]) == "at" && lower(w[2]) == "most";
            int n = 0;
            if (shape) {
                for (char ch : w[3]) n = (ch >= '0' && ch <= '9' && n < 1000) ? n * 10 + (ch - '0') : -1000000;
            }
            if (!shape || n < 1) error(s.line, "a queries check reads '### Check: queries at most 2'");
            else check.maxQueries = n;
        } else if (kind == "race") {
            check.kind = CheckKind::RaceState;
            if (w.size() == 3 && lower(w[1]) == "any" && lower(w[2]) == "order") check.anyOrder = true;
            else if (w.size() > 1) error(s.line, "a race check reads '### Check: race' or '### Check: race any order'");
        } else if (kind == "plan") {
            std::string verb = w.size() > 1 ? lower(w[1]) : "";
            if (verb == "without") {
                check.kind = CheckKind::PlanWithout;
                const std::string known = "missing-index, unused-index, misestimate, disk-spill or many-loops";
                if (w.size() != 3) error(s.line, "a plan without check names one warning: 'plan without " + known + "'");
                else if (!parsePlanWarningKind(lower(w[2]))) error(s.line, "'" + w[2] + "' is not a plan warning (expected " + known + ")");
                else check.warningKind = lower(w[2]);
            } else if (verb != "uses" && verb != "avoids") {
                error(s.line, "a plan check reads 'plan uses <node> on <relation>', 'plan avoids <node> on <relation>' "
                              "or 'plan without <warning>'");
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
                              "' (expected result, state, fails <SQLSTATE>, succeeds, plan uses ..., plan avoids ..., plan without ..., "
                              "down restores [schema], reapply fails [SQLSTATE], race, queries at most N)");
            return;
        }
        Content c = readContent(s);
        for (const CodeBlock& b : c.blocks) {
            if (!isSqlLanguage(b.language))
                error(b.line, "code block in " + where + " must be ```sql, not ```" + b.language);
            if (b.text.empty()) continue;
            if (!check.sql.empty()) check.sql += "\n";
            check.sql += b.text;
        }
        check.message = c.prose;
        if (check.kind == CheckKind::QueryCount && !check.sql.empty())
            error(s.line, "the queries check counts the learner's own statements: it takes no ```sql block");
        if ((check.kind == CheckKind::DownRestores || check.kind == CheckKind::ReapplyFails) && !check.sql.empty())
            error(s.line, "the " + std::string(checkKindName(check.kind)) +
                              " check runs the learner's own migration: it takes no ```sql block");
        // The learner never sees a check's SQL, so a state check's prose is all it can say.
        if ((check.kind == CheckKind::State || check.kind == CheckKind::RaceState) && check.message.empty())
            error(s.line, "the " + std::string(checkKindName(check.kind)) + " check in step \"" + step.title +
                              "\" needs a message under its heading saying what it wants, in the learner's words");
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
            if (step.isMigration() && sawSolution_ && !splitMigration(step.solution))
                error(step.line, "step \"" + step.title + "\" checks a migration: its solution needs the up part, a "
                                 "line '-- down', then the down part");
            finishRaceStep(step);
            if (step.isBackup()) {
                for (const Check& c : step.checks)
                    if (c.kind != CheckKind::State && c.kind != CheckKind::Fails && c.kind != CheckKind::Succeeds)
                        error(c.line, "step \"" + step.title + "\" is a backup step: its checks are state, fails or succeeds "
                                      "checks, run after the restore");
                auto mustBeDump = [&](const std::string& answer, const std::string& what, int line) {
                    if (answer.empty()) return;
                    const PgDumpCommand command = parsePgDumpCommand(answer);
                    if (!isPgDumpCommand(answer) || !command.ok())
                        error(line, what + " of backup step \"" + step.title + "\" is not a pg_dump command line" +
                                        (command.ok() ? std::string() : ": " + command.error));
                };
                mustBeDump(step.solution, "the solution", step.line);
                for (const SampleAnswer& a : step.acceptedAnswers) mustBeDump(a.sql, "accepted answer \"" + a.label + "\"", a.line);
            }
            if (step.orm && (step.orm->code.empty() || step.orm->outerSql.empty()))
                error(step.line, "step \"" + step.title + "\" needs both '### ORM: <label>' (the code) and '### N+1: "
                                 "<column>' (the queries it sends)");
        }
        inStep_ = false;
        sawSolution_ = false;
    }

    // A race step's answers are race scripts, graded only by race checks; any other step has none.
    void finishRaceStep(const Step& step) {
        const bool raceChecks = std::any_of(step.checks.begin(), step.checks.end(),
                                            [](const Check& c) { return c.kind == CheckKind::RaceState; });
        if (!step.isRace()) {
            if (raceChecks)
                error(step.line, "step \"" + step.title + "\" has a race check but no '### Race: <scenario id>'");
            return;
        }
        for (const Check& c : step.checks)
            if (c.kind != CheckKind::RaceState)
                error(c.line, "step \"" + step.title + "\" is a race step: its checks are all '### Check: race'");
        if (!raceChecks) error(step.line, "race step \"" + step.title + "\" has no '### Check: race'");
        if (!step.variants.empty())
            error(step.line, "race step \"" + step.title + "\" cannot have variants (its checks read the race's end)");
        auto mustBeRace = [&](const std::string& script, const std::string& what, int line) {
            if (script.empty()) return;
            RaceParseResult r = raceScenarioFromScript(script, step.title);
            if (!r.ok())
                error(line, what + " of race step \"" + step.title + "\" is not a race script: " + r.errors.front().toString());
        };
        mustBeRace(step.starter, "the starter", step.line);
        mustBeRace(step.solution, "the solution", step.line);
        for (const SampleAnswer& a : step.wrongAnswers) mustBeRace(a.sql, "wrong answer \"" + a.label + "\"", a.line);
        for (const SampleAnswer& a : step.acceptedAnswers) mustBeRace(a.sql, "accepted answer \"" + a.label + "\"", a.line);
    }

    void validateLesson() {
        if (!hasFrontMatter_) return;   // already reported
        if (lesson_.id.empty()) error(1, "the front matter has no 'id:'");
        if (lesson_.title.empty()) error(1, "the front matter has no 'title:'");
        if (lesson_.steps.empty()) error(0, "the lesson has no steps (add '## Step: <title>' sections)");
        std::set<std::string> titles;
        for (const Step& s : lesson_.steps)
            if (!titles.insert(lower(s.title)).second)
                error(s.line, "two steps are titled \"" + s.title + "\" (titles must differ)");
        finishQuestions();
        if (lesson_.reviewBefore.empty() != lesson_.reviewWhy.empty())
            error(1, "review-before and review-why go together: the lessons it must come before, and why");
        for (const std::string& id : lesson_.reviewBefore)
            if (id == lesson_.id) error(1, "review-before names the lesson itself");
        lesson_.fileName = file_;
    }

    std::string_view text_;
    std::string file_;
    std::vector<size_t> starts_;             // where each line of text_ starts
    std::vector<std::string_view> lines_;    // the lines of text_, without line ends
    bool hasFrontMatter_ = false;
    std::vector<LessonError> errors_;
    Lesson lesson_;
    bool inStep_ = false;
    bool inQuestion_ = false;     // under a "## Question:" heading
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
