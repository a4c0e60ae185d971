// The lesson checker as a continuation chain: a Job owns everything a check run needs and is
// kept alive by the callbacks it hands to the Database, so the browser's frames-later replies
// and the native server's immediate ones go through the same code.
#include "lesson_checker.h"

#include <algorithm>
#include <iterator>
#include <cctype>
#include <map>
#include <memory>
#include <set>
#include <utility>

#include "lesson_compare.h"
#include "migration_script.h"
#include "pg_dump_command.h"
#include "plan_advice.h"
#include "plan_compare.h"
#include "plan_json_parser.h"
#include "race_engine.h"
#include "race_script.h"
#include "sql_script.h"
#include "text_util.h"

namespace pgplay {

const std::string& lessonResetSql() {
    // ROLLBACK only warns outside a transaction. Then session state goes (settings, role, temp
    // tables, prepared statements, cursors) by commands that also work inside a transaction
    // block, unlike DISCARD ALL, in case a runner ever sends the script as one query. Schemas
    // that belong to an extension are left alone.
    static const std::string sql =
        "ROLLBACK;\n"
        "SET SESSION AUTHORIZATION DEFAULT;\n"
        "RESET ALL;\n"
        "DISCARD TEMP;\n"
        "DEALLOCATE ALL;\n"
        "CLOSE ALL;\n"
        "SET TimeZone = 'UTC';\n"
        "DO $pgplay_reset$\n"
        "DECLARE s name;\n"
        "BEGIN\n"
        "  FOR s IN SELECT n.nspname FROM pg_namespace n\n"
        "           WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'\n"
        "             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass\n"
        "                             AND d.objid = n.oid AND d.deptype = 'e')\n"
        "  LOOP\n"
        "    EXECUTE format('DROP SCHEMA %I CASCADE', s);\n"
        "  END LOOP;\n"
        "END\n"
        "$pgplay_reset$;\n"
        "CREATE SCHEMA public;\n";
    return sql;
}

namespace {

// At most `bytes` bytes of `s`, cut where a UTF-8 character starts: feedback goes into JSON,
// which refuses half a character (and the web build cannot catch the throw).
std::string cutUtf8(const std::string& s, size_t bytes) {
    if (s.size() <= bytes) return s;
    while (bytes > 0 && (static_cast<unsigned char>(s[bytes]) & 0xC0) == 0x80) --bytes;
    return s.substr(0, bytes);
}

std::string firstLine(const std::string& sql) {
    std::string s = sql.substr(0, sql.find('\n'));
    if (s.size() > 80) s = cutUtf8(s, 77) + "...";
    return s.size() < sql.size() ? s + " ..." : s;
}

std::string errorText(const QueryError& e) {
    std::string s = "ERROR " + e.sqlstate + ": " + e.message;
    if (!e.detail.empty()) s += " (" + e.detail + ")";
    return s;
}

// A sentence ends once: PostgreSQL's DETAIL already ends with a full stop, its message does not.
std::string endSentence(std::string s) {
    if (!s.empty() && s.back() != '.' && s.back() != '?' && s.back() != '!') s += '.';
    return s;
}

// An error in the learner's terms: PostgreSQL's message and its SQLSTATE by name, as sentences.
std::string errorForLearner(const QueryError& e) {
    std::string s = endSentence(e.sqlstate.empty() ? e.message : describeSqlstate(e.sqlstate) + ": " + e.message);
    if (!e.detail.empty()) s += " " + endSentence(e.detail);
    return s;
}

// The statement a fails or succeeds check tries, quoted for the learner when it is one
// statement they could have typed themselves ("Tried `INSERT ...`"); a check that needs
// several statements is the lesson's machinery, and only its prose speaks for it.
std::string triedStatement(const std::string& sql) {
    std::vector<SqlStatement> parts = splitSqlScript(sql);
    if (parts.size() != 1) return "";
    std::string text = parts[0].text;
    for (char& ch : text)
        if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
    std::string squeezed;
    for (char ch : text)
        if (!(ch == ' ' && !squeezed.empty() && squeezed.back() == ' ')) squeezed += ch;
    if (squeezed.size() > 100) squeezed = cutUtf8(squeezed, 97) + "...";
    return "`" + squeezed + "`";
}

// The last statement of a script that returned rows, if any.
const StatementResult* lastRowSet(const QueryResult& r) {
    for (auto it = r.results.rbegin(); it != r.results.rend(); ++it)
        if (it->hasRowSet) return &*it;
    return nullptr;
}

// The plan EXPLAIN (FORMAT JSON) returned as its last row set, read by the plan viewer's parser,
// so a plan check sees exactly the nodes the viewer draws.
PlanParseResult checkedPlan(const QueryResult& r) {
    const StatementResult* s = lastRowSet(r);
    if (!s || s->rows.rowCount() != 1 || s->rows.columnCount() != 1 || s->rows.isNull(0, 0)) {
        PlanParseResult none;
        none.error = "no plan came back";
        return none;
    }
    return parseJsonPlan(s->rows.text(0, 0));
}

// A node's name without what does not change what it is: "Parallel Seq Scan" is a Seq Scan,
// "Index Scan Backward" an Index Scan, "Partial HashAggregate" a HashAggregate.
std::string baseNodeName(const PlanNode& n) {
    std::string name = nodeDisplayName(n);
    for (const char* prefix : {"Parallel ", "Partial ", "Finalize "})
        if (name.rfind(prefix, 0) == 0) name.erase(0, std::char_traits<char>::length(prefix));
    const std::string backward = " Backward";
    if (name.size() > backward.size() && name.compare(name.size() - backward.size(), backward.size(), backward) == 0)
        name.erase(name.size() - backward.size());
    return name;
}

// The check names a node as the viewer shows it ("HashAggregate", "Index Scan") or by its
// type ("Aggregate"), and optionally what it reads: a table, its alias or an index.
bool nodeMatches(const Plan& plan, const PlanNode& n, const Check& c) {
    const std::string want = lower(c.nodeType);
    if (lower(baseNodeName(n)) != want && lower(n.nodeType) != want) return false;
    if (c.relation.empty()) return true;
    const std::string rel = lower(c.relation);
    if ((n.relation && lower(*n.relation) == rel) || (n.index && lower(*n.index) == rel) || lower(n.alias) == rel) return true;
    // A Bitmap Index Scan names only its index: its table is the Bitmap Heap Scan above it
    // (through any BitmapAnd / BitmapOr).
    if (n.nodeType != "Bitmap Index Scan") return false;
    for (int p = n.parent; p >= 0; p = plan.nodes[static_cast<size_t>(p)].parent) {
        const PlanNode& above = plan.nodes[static_cast<size_t>(p)];
        if (above.nodeType == "BitmapAnd" || above.nodeType == "BitmapOr") continue;
        return above.nodeType == "Bitmap Heap Scan" &&
               ((above.relation && lower(*above.relation) == rel) || lower(above.alias) == rel);
    }
    return false;
}

std::string withArticle(const std::string& nodeType) {
    char c = nodeType.empty() ? 'x' : static_cast<char>(std::tolower(static_cast<unsigned char>(nodeType[0])));
    bool vowel = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
    return (vowel ? "an " : "a ") + nodeType;
}

struct Job : std::enable_shared_from_this<Job> {
    Database* db = nullptr;
    std::string lessonSetup;
    Step step;
    std::string learnerSql;
    std::string learnerDown;                // migration steps: the part after "-- down"
    CheckerOptions options;
    VerdictCallback done;
    Verdict verdict;
    size_t checkIndex = 0;
    std::optional<QueryResult> reference;   // result checks: the solution's run
    size_t variantAt = 0;                   // result checks: 0 = the step's data, i = variants[i-1]
    bool timedOut = false;                  // some script ran too long (and would again)
    std::shared_ptr<RaceEngine> race;       // race steps: the learner's race, as played
    RaceScenario learnerRace;               // ... as written
    size_t schedule = 0;                    // ... in which order (see playSchedule)

    // Scripts of one state, run in order; a failure stops the list.
    struct Script {
        enum Role { Reset, LessonSetup, StepSetup, Variant, Solution, Learner, LearnerDown, CheckSql, PgDump, Accident, Restore } role;
        std::string sql;
    };
    using ScriptsDone = std::function<void(std::vector<std::pair<Script::Role, QueryResult>>)>;

    // One list at a time: the pending scripts, what they returned, and what comes next.
    std::vector<Script> pending;
    size_t pendingAt = 0;
    std::vector<std::pair<Script::Role, QueryResult>> ran;
    ScriptsDone afterScripts;

    void runScripts(std::vector<Script> scripts, ScriptsDone then) {
        pending = std::move(scripts);
        pendingAt = 0;
        ran.clear();
        afterScripts = std::move(then);
        runNextScript();
    }

    void runNextScript() {
        while (pendingAt < pending.size() && pending[pendingAt].sql.find_first_not_of(" \t\r\n;") == std::string::npos)
            ++pendingAt;
        if (pendingAt >= pending.size()) {
            ScriptsDone then = std::move(afterScripts);
            afterScripts = nullptr;
            then(std::move(ran));
            return;
        }
        RunOptions ro;
        ro.rowCap = options.rowCap;
        ro.internal = true;
        ro.timeoutMs = options.timeoutMs;
        ro.pgDump = pending[pendingAt].role == Script::PgDump;
        // A copy: a synchronous Database may call back, and start the next list, inside run().
        const std::string sql = pending[pendingAt].sql;
        Script::Role role = pending[pendingAt].role;
        // The reset drops everything: what ran before it no longer matters for restoring the
        // database after a restart. Known by its role, never by comparing SQL text.
        ro.startsFresh = role == Script::Reset;
        auto self = shared_from_this();
        db->run(sql, ro, [self, role](QueryResult r) {
            bool ok = r.ok;
            self->ran.emplace_back(role, std::move(r));
            if (ok) {
                ++self->pendingAt;
            } else {
                self->pendingAt = self->pending.size();   // a failure ends the list
            }
            self->runNextScript();
        });
    }

    // The step's starting state: the reset, then the lesson's and the step's setup.
    std::vector<Script> stepState() const {
        return {{Script::Reset, lessonResetSql()}, {Script::LessonSetup, lessonSetup}, {Script::StepSetup, step.setupSql}};
    }

    // The step's starting state, then `sql` in `role`.
    std::vector<Script> stateWith(Script::Role role, const std::string& sql) const {
        std::vector<Script> scripts = stepState();
        scripts.push_back({role, sql});
        return scripts;
    }

    // A result check's run on the data it is at: the step's own, or a variant of it.
    std::vector<Script> resultRun(Script::Role role, const std::string& sql, const std::string& checkSql) const {
        std::vector<Script> scripts = stepState();
        if (variantAt > 0) scripts.push_back({Script::Variant, step.variants[variantAt - 1]});
        scripts.push_back({role, sql});
        scripts.push_back({Script::CheckSql, checkSql});
        return scripts;
    }

    // Looks at a run's failure, if any. Returns true when the check can go on.
    bool healthy(const std::vector<std::pair<Script::Role, QueryResult>>& results, CheckOutcome& out) {
        if (results.empty() || results.back().second.ok) return true;
        const auto& [role, r] = results.back();
        const QueryError err = r.error ? *r.error : QueryError{};
        if (isTimeout(err)) {
            timedOut = true;
            return ranTooLong(role, err, out);
        }
        switch (role) {
            case Script::Reset:
                verdict.lessonError = true;
                out.feedback = "Could not reset the database for this step: " + errorText(err);
                break;
            case Script::LessonSetup:
            case Script::StepSetup:
            case Script::Variant:
            case Script::Accident:
                verdict.lessonError = true;
                out.feedback = std::string("The lesson's ") +
                               (role == Script::LessonSetup ? "setup"
                                : role == Script::StepSetup ? "step setup"
                                : role == Script::Accident  ? "accident"
                                                            : "variant data") +
                               " failed: " + errorText(err);
                break;
            case Script::Solution:
                verdict.lessonError = true;
                out.feedback = "The lesson's reference solution failed: " + errorText(err);
                break;
            case Script::Learner:
            case Script::LearnerDown:
                verdict.learnerError = err;
                out.feedback = std::string(role == Script::LearnerDown ? "Your down migration failed: "
                                           : step.isMigration()        ? "Your up migration failed: "
                                           : variantAt > 0 ? "Your SQL works on the rows in the tables now, but fails "
                                                             "when the data changes: "
                                                           : "Your SQL failed: ") +
                               errorForLearner(err);
                if (!err.hint.empty()) out.feedback += " Hint: " + err.hint;
                break;
            case Script::PgDump:
                verdict.learnerError = err;
                out.feedback = err.sqlstate == sqlstate::kPgDump ? endSentence(err.message) : "pg_dump failed: " + errorForLearner(err);
                break;
            case Script::Restore:
                verdict.learnerError = err;
                out.feedback = "Restoring your dump after the accident failed: " + errorForLearner(err);
                if (!err.hint.empty()) out.feedback += " Hint: " + err.hint;
                break;
            case Script::CheckSql:
                return true;   // the check decides what a failing check statement means
        }
        return false;
    }

    // A script outlived CheckerOptions::timeoutMs and the watchdog stopped it.
    static bool isTimeout(const QueryError& e) {
        return e.sqlstate == sqlstate::kQueryCanceled && e.message.find("statement timeout") != std::string::npos;
    }

    bool ranTooLong(Script::Role role, const QueryError& err, CheckOutcome& out) {
        const std::string seconds = secondsText(options.timeoutMs);
        switch (role) {
            case Script::Learner:
            case Script::LearnerDown:
            case Script::PgDump:
            case Script::Restore:
                verdict.learnerError = err;
                out.feedback = "Your SQL ran longer than " + seconds +
                               ", so pgplay stopped it. Look for a query that never ends: a recursive CTE "
                               "whose recursive part never returns zero rows, a join without its condition, "
                               "pg_sleep.";
                break;
            case Script::CheckSql:
                verdict.learnerError = err;
                out.feedback = "Checking your answer took longer than " + seconds +
                               ", so pgplay stopped it. Your SQL probably left far more rows than the step "
                               "needs.";
                break;
            default:
                verdict.lessonError = true;
                out.feedback = "The lesson's own SQL ran longer than " + seconds + ": " + errorText(err);
                break;
        }
        return false;
    }

    void start() {
        if (learnerSql.find_first_not_of(" \t\r\n;") == std::string::npos) {
            verdict.feedback = "Write some SQL first.";
            finish();
            return;
        }
        if (step.isMigration()) {
            // Every check but the migration's own sees the up part: what a deploy would run.
            const std::optional<MigrationParts> mine = splitMigration(learnerSql);
            const std::optional<MigrationParts> reference = splitMigration(step.solution);
            auto blank = [](const std::string& sql) { return sql.find_first_not_of(" \t\r\n;") == std::string::npos; };
            if (!mine || blank(mine->up) || blank(mine->down)) {
                verdict.feedback = "This step wants a migration in two parts: the up migration, then a line "
                                   "`-- down`, then the down migration that undoes it.";
                finish();
                return;
            }
            learnerSql = mine->up;
            learnerDown = mine->down;
            if (reference) step.solution = reference->up;
        }
        if (step.isRace()) return startRace();
        if (step.isBackup()) return startBackup();
        nextCheck();
    }

    // Backup steps: the learner's pg_dump on the step's state, the accident, the dump replayed,
    // the session's settings back (a dump's header empties search_path); then every check reads
    // what the restore brought back, in order, on that one state.
    void startBackup() {
        if (!isPgDumpCommand(learnerSql)) {
            verdict.feedback = "This step wants a pg_dump command line, such as `pg_dump --table=orders`. It runs on the "
                               "step's database; then the accident happens; then your dump is restored.";
            return finish();
        }
        std::vector<Script> scripts = stepState();
        scripts.push_back({Script::PgDump, learnerSql});
        auto self = shared_from_this();
        runScripts(std::move(scripts), [self](auto results) {
            CheckOutcome o = self->outcomeFor(self->step.checks.front());
            if (!self->healthy(results, o)) {
                self->verdict.checks.push_back(std::move(o));
                return self->finishBackup();
            }
            const StatementResult* dump = lastRowSet(results.back().second);
            const std::string text = dump && dump->rows.rowCount() == 1 ? std::string(dump->rows.text(0, 0)) : std::string();
            std::vector<Script> restore = {{Script::Accident, self->step.accident},
                                           {Script::Restore, restorableDump(text)},
                                           {Script::CheckSql, "RESET ALL;\nSET TimeZone = 'UTC';"}};
            self->runScripts(std::move(restore), [self](auto results) {
                CheckOutcome o = self->outcomeFor(self->step.checks.front());
                if (!self->healthy(results, o)) {
                    self->verdict.checks.push_back(std::move(o));
                    return self->finishBackup();
                }
                self->nextBackupCheck();
            });
        });
    }

    // A restore that brought everything back stays for the learner to look at; otherwise the step
    // starts again, before the accident, so the next pg_dump has the data to dump.
    void finishBackup() {
        const bool all = !verdict.checks.empty() &&
                         std::all_of(verdict.checks.begin(), verdict.checks.end(), [](const CheckOutcome& o) { return o.pass; });
        if (!options.leaveLearnerState || (all && !verdict.learnerError && !verdict.lessonError)) return finish();
        auto self = shared_from_this();
        runScripts(stepState(), [self](auto) { self->finish(); });
    }

    void nextBackupCheck() {
        if (checkIndex >= step.checks.size() || verdict.lessonError || verdict.learnerError) return finishBackup();
        auto self = shared_from_this();
        runScripts({{Script::CheckSql, step.checks[checkIndex].sql}}, [self](auto results) {
            // The same judgement as any state, fails or succeeds check; only the state differs.
            self->judge(std::move(results));
            ++self->checkIndex;
            self->nextBackupCheck();
        });
    }

    // Race steps: the learner's race is played from the step's state, and every check reads what
    // it left. When a check says "any order", the race is played again with the sessions taking
    // turns, one statement each, starting with each session in turn (a session that waits is
    // passed over), and those checks must hold every time: a fix must hold however the
    // statements interleave, which a race written for one order (B writing the total it knows A
    // will leave) does not. The engine hands out the scripts; they run here like any other.
    void startRace() {
        RaceParseResult parsed = raceScenarioFromScript(learnerSql, step.title);
        if (!parsed.ok()) {
            verdict.feedback = "Your race could not be read. ";
            for (size_t i = 0; i < parsed.errors.size() && i < 3; ++i)
                verdict.feedback += (parsed.errors[i].line > 0 ? "Line " + std::to_string(parsed.errors[i].line) + ": " : "") +
                                    endSentence(parsed.errors[i].message) + " ";
            verdict.feedback.pop_back();
            finish();
            return;
        }
        learnerRace = std::move(*parsed.scenario);
        schedule = 0;
        playSchedule();
    }

    // Schedule 0 is the order the learner wrote; schedule i > 0 has the sessions take turns
    // starting with session i - 1.
    void playSchedule() {
        if (schedule == 0) {
            race = std::make_shared<RaceEngine>(learnerRace, /*recordSnapshots=*/true);
        } else {
            struct Turns {
                std::vector<std::string> order;
                std::map<std::string, std::vector<RaceStep>> left;   // each session's statements, reversed
                size_t next = 0;
            };
            auto turns = std::make_shared<Turns>();
            const std::vector<std::string>& sessions = learnerRace.sessions;
            for (size_t i = 0; i < sessions.size(); ++i) turns->order.push_back(sessions[(schedule - 1 + i) % sessions.size()]);
            for (auto it = learnerRace.steps.rbegin(); it != learnerRace.steps.rend(); ++it) turns->left[it->session].push_back(*it);
            RaceScenario empty = learnerRace;
            empty.steps.clear();
            race = std::make_shared<RaceEngine>(std::move(empty), false, [turns](const RaceEngine& engine) -> std::optional<RaceStep> {
                const size_t n = turns->order.size();
                for (size_t k = 0; k < n; ++k) {
                    const std::string& who = turns->order[(turns->next + k) % n];
                    std::vector<RaceStep>& left = turns->left[who];
                    if (left.empty() || engine.waiting(who)) continue;
                    RaceStep next = std::move(left.back());
                    left.pop_back();
                    turns->next = (turns->next + k + 1) % n;
                    return next;
                }
                return std::nullopt;
            });
        }
        auto self = shared_from_this();
        runScripts(stepState(), [self](auto results) {
            CheckOutcome o = self->outcomeFor(self->step.checks.front());
            if (!self->healthy(results, o)) {
                self->verdict.checks.push_back(std::move(o));
                return self->finishRace();
            }
            self->pumpRace();
        });
    }

    // "taking turns, B first: B, A, B, A, ..."
    std::string scheduleName() const {
        const std::vector<std::string>& sessions = learnerRace.sessions;
        std::string order;
        for (size_t i = 0; i < sessions.size() + 1 && i < 4; ++i)
            order += (i ? ", " : "") + sessions[(schedule - 1 + i) % sessions.size()];
        return "with the sessions taking turns one statement at a time, " + sessions[schedule - 1] + " first (" + order + ", ...)";
    }

    void pumpRace() {
        const std::string* script = race->nextScript();
        if (!script) return afterRace();
        RunOptions ro;
        ro.internal = true;
        ro.timeoutMs = options.timeoutMs;
        const std::string sql = *script;   // a synchronous Database answers inside run()
        auto self = shared_from_this();
        db->run(sql, ro, [self](QueryResult r) {
            if (!r.ok && r.error && isTimeout(*r.error)) self->timedOut = true;
            self->race->deliver(r);
            self->pumpRace();
        });
    }

    // The race's line for step i of the learner's script: "line 5 (`B: UPDATE ...`)".
    std::string raceLine(size_t i) const {
        const RaceStep& st = race->scenario().steps.at(i);
        std::string sql = st.sql;
        if (sql.size() > 80) sql = cutUtf8(sql, 77) + "...";
        return "line " + std::to_string(st.line) + " (`" + st.session + ": " + sql + "`)";
    }

    void afterRace() {
        CheckOutcome o = outcomeFor(step.checks.front());
        if (const std::optional<RaceFailure>& f = race->failure()) {
            if (f->kind == RaceFailure::Kind::Refused && schedule > 0) {
                return nextSchedule();   // an order the engine cannot decide proves nothing either way
            } else if (f->kind == RaceFailure::Kind::Refused) {
                // Said to the learner, not the teacher's check message: the race never got to the end.
                verdict.feedback = "Your race cannot be played" + (f->step ? " past " + raceLine(*f->step) : std::string()) +
                                   ": " + endSentence(inScriptLines(f->message));
                return finishRace();
            } else {
                if (!timedOut) verdict.lessonError = true;
                o.feedback = timedOut ? "A statement of your race ran longer than " + secondsText(options.timeoutMs) +
                                            ", so pgplay stopped it."
                                      : "The race could not be played: " + endSentence(f->message);
            }
            verdict.checks.push_back(std::move(o));
            return finishRace();
        }
        // Transactions that never overlap do not race: a script that runs each session's
        // transaction to its end before the next begins passes any check while fixing nothing.
        std::set<std::string> transacted;
        bool overlapped = false;
        for (const RaceStepSnapshot& snap : race->snapshots()) {
            size_t open = 0;
            for (const RaceSessionState& s : snap.sessions)
                if (s.inTransaction) transacted.insert(s.name), ++open;
            overlapped = overlapped || open >= 2;
        }
        if (schedule == 0 && transacted.size() >= 2 && !overlapped) {
            verdict.feedback = "In your race no two transactions are ever open at the same time, so the sessions "
                               "never actually race. Keep the transactions overlapping as the starter has them, and "
                               "change what runs inside them.";
            return finishRace();
        }
        checkIndex = 0;
        nextRaceCheck();
    }

    void nextSchedule() {
        const bool anyOrder = std::any_of(step.checks.begin(), step.checks.end(), [](const Check& c) { return c.anyOrder; });
        if (!anyOrder || ++schedule > learnerRace.sessions.size()) return finishRace();
        playSchedule();
    }

    void nextRaceCheck() {
        if (checkIndex >= step.checks.size()) {
            const bool allPass = std::all_of(verdict.checks.begin(), verdict.checks.end(), [](const CheckOutcome& o) { return o.pass; });
            return allPass && !verdict.lessonError ? nextSchedule() : finishRace();
        }
        const Check& c = step.checks[checkIndex];
        if (schedule > 0 && !c.anyOrder) {
            ++checkIndex;   // it holds in the order written, which is all it asks
            return nextRaceCheck();
        }
        auto self = shared_from_this();
        // The engine may leave its last probe's transaction open (a statement that failed last):
        // ROLLBACK only warns when there is none.
        runScripts({{Script::CheckSql, "ROLLBACK;\n" + c.sql}}, [self](auto results) {
            const Check& c = self->step.checks[self->checkIndex];
            CheckOutcome o = self->outcomeFor(c);
            self->judgeTrue(results.back().second, c, "your race", o);
            if (!o.pass && o.feedback.empty()) o.feedback = self->raceStory();
            if (self->schedule == 0) {
                self->verdict.checks.push_back(std::move(o));
            } else if (!o.pass) {
                // The order the learner wrote passed this check; another order did not.
                o.feedback = "Your race passes in the order you wrote it, but not " + self->scheduleName() + "." +
                             (o.feedback.empty() ? "" : " " + o.feedback);
                self->verdict.checks[self->checkIndex] = std::move(o);
                return self->finishRace();
            }
            ++self->checkIndex;
            self->nextRaceCheck();
        });
    }

    // The engine names steps by their index ("step 3 (B: ...): B still waits for its statement
    // of step 2"); the learner knows their script's lines.
    std::string inScriptLines(std::string message) const {
        const std::vector<RaceStep>& steps = race->scenario().steps;
        if (const std::optional<RaceFailure>& f = race->failure(); f && f->step && *f->step < steps.size()) {
            const RaceStep& st = steps[*f->step];
            const std::string prefix = "step " + std::to_string(*f->step) + " (" + st.session + ": " + st.sql + "): ";
            if (message.rfind(prefix, 0) == 0) message.erase(0, prefix.size());
        }
        std::string out;
        for (size_t i = 0; i < message.size();) {
            size_t digits = i + 5;
            while (digits < message.size() && std::isdigit(static_cast<unsigned char>(message[digits]))) ++digits;
            if (message.compare(i, 5, "step ") == 0 && digits > i + 5) {
                const size_t n = std::stoul(message.substr(i + 5, digits - i - 5));
                out += n < steps.size() ? "line " + std::to_string(steps[n].line) : message.substr(i, digits - i);
                i = digits;
            } else {
                out += message[i++];
            }
        }
        return out;
    }

    // What went wrong in the learner's race, in its own lines: the statements that failed.
    std::string raceStory() const {
        std::string out;
        for (const RaceStepOutcome& st : race->timeline().steps) {
            if (!st.result || st.result->rfind("ERROR ", 0) != 0) continue;
            const std::string code = st.result->substr(6);
            out += (!out.empty() ? "; " : schedule == 0 ? "In your race, " : "That way, ") + raceLine(st.step) + " failed with " +
                   describeSqlstate(code);
        }
        return out.empty() ? "" : out + ".";
    }

    // The race's bookkeeping goes; the tables stay as the race left them, for the learner to see.
    void finishRace() {
        auto self = shared_from_this();
        std::vector<Script> scripts;
        if (options.leaveLearnerState && timedOut) scripts = stepState();
        else scripts = {{Script::CheckSql, "ROLLBACK;\nDROP SCHEMA IF EXISTS pgplay_race CASCADE"}};
        runScripts(std::move(scripts), [self](auto) { self->finish(); });
    }

    void nextCheck() {
        if (checkIndex >= step.checks.size() || verdict.lessonError || verdict.learnerError) {
            restoreAndFinish();
            return;
        }
        const Check& c = step.checks[checkIndex];
        auto self = shared_from_this();
        if (c.kind == CheckKind::Result) {
            variantAt = 0;
            runResultCheck();
            return;
        }
        if (c.kind == CheckKind::QueryCount) {
            // Counted, not run: each statement is a round trip the page waits for.
            CheckOutcome o = outcomeFor(c);
            const size_t sent = splitSqlScript(learnerSql).size();
            o.pass = sent <= static_cast<size_t>(c.maxQueries);
            if (!o.pass)
                o.feedback = "Your SQL sends " + std::to_string(sent) + " statements; the page should get its data in " +
                             (c.maxQueries == 1 ? std::string("one query") : "at most " + std::to_string(c.maxQueries) + " queries") + ".";
            return record(std::move(o));
        }
        if (c.kind == CheckKind::DownRestores) {
            std::vector<Script> scripts = stepState();
            scripts.push_back({Script::CheckSql, schemaSnapshotSql()});
            scripts.push_back({Script::Learner, learnerSql});
            scripts.push_back({Script::LearnerDown, learnerDown});
            scripts.push_back({Script::CheckSql, schemaSnapshotSql()});
            runScripts(std::move(scripts), [self](auto results) { self->afterRoundTrip(std::move(results)); });
            return;
        }
        std::vector<Script> scripts = stateWith(Script::Learner, learnerSql);
        std::string sql = c.kind == CheckKind::ReapplyFails ? learnerSql : c.sql;
        if (c.kind == CheckKind::PlanUses || c.kind == CheckKind::PlanAvoids || c.kind == CheckKind::PlanWithout) {
            // EXPLAIN the last statement; run any before it as they are. Warnings compare what
            // happened with what was expected, so they need the statement run (ANALYZE).
            const std::string explain = c.kind == CheckKind::PlanWithout ? "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) "
                                                                         : "EXPLAIN (FORMAT JSON) ";
            std::vector<SqlStatement> parts = splitSqlScript(sql);
            sql.clear();
            for (size_t i = 0; i < parts.size(); ++i) sql += (i + 1 == parts.size() ? explain : "") + parts[i].text + ";\n";
        }
        scripts.push_back({Script::CheckSql, sql});
        runScripts(std::move(scripts), [self](auto results) { self->afterChecked(std::move(results)); });
    }

    CheckOutcome outcomeFor(const Check& c) const {
        CheckOutcome o;
        o.kind = c.kind;
        o.line = c.line;
        return o;
    }

    void record(CheckOutcome o) {
        verdict.checks.push_back(std::move(o));
        ++checkIndex;
        nextCheck();
    }

    void runResultCheck() {
        auto self = shared_from_this();
        const Check& c = step.checks[checkIndex];
        runScripts(resultRun(Script::Solution, step.solution, c.sql),
                   [self](auto results) { self->afterReference(std::move(results)); });
    }

    // Up then down: the two catalog snapshots around them must be equal.
    void afterRoundTrip(std::vector<std::pair<Script::Role, QueryResult>> results) {
        const Check& c = step.checks[checkIndex];
        CheckOutcome o = outcomeFor(c);
        if (!healthy(results, o)) return record(std::move(o));
        std::vector<const QueryResult*> snapshots;
        for (const auto& [role, r] : results)
            if (role == Script::CheckSql) snapshots.push_back(&r);
        if (snapshots.size() != 2 || !snapshots[0]->ok || !snapshots[1]->ok) {
            const QueryResult* bad = !snapshots.empty() && !snapshots.back()->ok ? snapshots.back() : nullptr;
            verdict.lessonError = true;
            o.feedback = "The schema snapshot could not be taken" + (bad && bad->error ? ": " + errorText(*bad->error) : ".");
            return record(std::move(o));
        }
        auto items = [](const QueryResult& r) {
            std::vector<std::string> out;
            if (const StatementResult* s = lastRowSet(r))
                for (size_t i = 0; i < s->rows.rowCount(); ++i) out.emplace_back(s->rows.text(i, 0));
            return out;
        };
        // Sorted here, byte by byte: the server's ORDER BY follows its collation.
        std::vector<std::string> before = items(*snapshots[0]), after = items(*snapshots[1]);
        std::sort(before.begin(), before.end());
        std::sort(after.begin(), after.end());
        std::vector<std::string> missing, leftOver;
        std::set_difference(before.begin(), before.end(), after.begin(), after.end(), std::back_inserter(missing));
        std::set_difference(after.begin(), after.end(), before.begin(), before.end(), std::back_inserter(leftOver));
        o.pass = missing.empty() && leftOver.empty();
        if (c.schemaOnly)
            o.pass = std::all_of(missing.begin(), missing.end(), [](const std::string& s) { return s.rfind("values in ", 0) == 0; }) &&
                     std::all_of(leftOver.begin(), leftOver.end(), [](const std::string& s) { return s.rfind("values in ", 0) == 0; });
        if (!o.pass) {
            // A table whose rows changed shows as one sentence, not as two hashes.
            std::vector<std::string> changedValues;
            const std::string values = "values in ";
            auto takeValues = [&](std::vector<std::string>& v) {
                for (auto it = v.begin(); it != v.end();) {
                    if (it->rfind(values, 0) != 0) {
                        ++it;
                        continue;
                    }
                    const std::string table = it->substr(values.size(), it->find(':') - values.size());
                    if (std::find(changedValues.begin(), changedValues.end(), table) == changedValues.end())
                        changedValues.push_back(table);
                    it = v.erase(it);
                }
            };
            takeValues(leftOver);
            takeValues(missing);
            if (c.schemaOnly) changedValues.clear();   // the step says its data cannot come back
            // A row count that changed reads as one sentence too; its values then changed as well.
            std::string counts;
            const std::string rows = "rows in ";
            for (auto it = leftOver.begin(); it != leftOver.end();) {
                const size_t colon = it->find(": ");
                if (it->rfind(rows, 0) != 0 || colon == std::string::npos) {
                    ++it;
                    continue;
                }
                const std::string table = it->substr(rows.size(), colon - rows.size());
                const auto was = std::find_if(missing.begin(), missing.end(), [&](const std::string& m) {
                    return m.rfind(rows + table + ": ", 0) == 0;
                });
                if (was == missing.end()) {
                    ++it;
                    continue;
                }
                const std::string now = it->substr(colon + 2);
                counts += " `" + table + "` has " + now + (now == "1" ? " row" : " rows") + ", not " + was->substr(colon + 2) + ".";
                changedValues.erase(std::remove(changedValues.begin(), changedValues.end(), table), changedValues.end());
                missing.erase(was);
                it = leftOver.erase(it);
            }
            auto list = [](const std::vector<std::string>& v) {
                std::string s;
                for (size_t i = 0; i < v.size() && i < 5; ++i) s += (i ? "; " : "") + ("`" + v[i] + "`");
                if (v.size() > 5) s += "; and " + std::to_string(v.size() - 5) + " more";
                return s;
            };
            o.feedback = "After your up and then your down migration, the database is not as it was before.";
            if (!leftOver.empty()) o.feedback += " Left behind: " + list(leftOver) + ".";
            if (!missing.empty()) o.feedback += " Gone or changed: " + list(missing) + ".";
            o.feedback += counts;
            if (!changedValues.empty())
                o.feedback += " The values in " + list(changedValues) + " are not the ones it had before.";
        }
        record(std::move(o));
    }

    void afterReference(std::vector<std::pair<Script::Role, QueryResult>> results) {
        const Check& c = step.checks[checkIndex];
        CheckOutcome o = outcomeFor(c);
        if (!healthy(results, o)) return record(std::move(o));
        if (!results.back().second.ok) {
            verdict.lessonError = true;
            o.feedback = "The result check's query failed after the reference solution: " +
                         errorText(*results.back().second.error);
            return record(std::move(o));
        }
        reference = results.back().second;
        auto self = shared_from_this();
        runScripts(resultRun(Script::Learner, learnerSql, c.sql), [self](auto r) { self->afterLearnerResult(std::move(r)); });
    }

    void afterLearnerResult(std::vector<std::pair<Script::Role, QueryResult>> results) {
        const Check& c = step.checks[checkIndex];
        CheckOutcome o = outcomeFor(c);
        if (!healthy(results, o)) return record(std::move(o));
        const QueryResult& last = results.back().second;
        if (!last.ok) {
            o.feedback = variantAt == 0 ? "After your SQL, the result could not be read: " + errorForLearner(*last.error)
                                        : "Your SQL works on the rows in the tables now, but when the data changes the "
                                          "result cannot be read: " + errorForLearner(*last.error);
            return record(std::move(o));
        }
        const StatementResult* expected = lastRowSet(*reference);
        const StatementResult* actual = lastRowSet(last);
        if (!expected) {
            verdict.lessonError = true;
            o.feedback = "The lesson's reference solution returns no rows to compare with.";
            return record(std::move(o));
        }
        if (!actual) {
            o.feedback = "Your SQL returned no rows to compare: the task asks for a query that returns a result.";
            return record(std::move(o));
        }
        CompareOptions co;
        co.ordered = c.ordered;
        co.names = c.names;
        CompareOutcome cmp = compareResults(*expected, *actual, co);
        if (cmp.same && variantAt < step.variants.size()) {
            ++variantAt;   // right on the data shown: now on data the learner has not seen
            return runResultCheck();
        }
        o.pass = cmp.same;
        if (!o.pass && variantAt == 0) o.feedback = cmp.feedback;
        if (!o.pass && variantAt > 0)
            o.feedback = "Your query gives the right result for the rows in the tables now, but not when the data "
                         "changes: " + cmp.feedback + " Make it follow the task's rule rather than these particular rows.";
        record(std::move(o));
    }

    // A state or race check: its SQL's last row set must be one `true`. The SQL is the lesson's
    // machinery: its prose (required) says what is wrong; here only what stopped it from
    // answering, if anything did. `after`: what ran before it ("your SQL", "your race").
    void judgeTrue(const QueryResult& r, const Check& c, const std::string& after, CheckOutcome& o) {
        const StatementResult* s = lastRowSet(r);
        if (!r.ok) {
            o.feedback = "After " + after + ", this could not be checked: " + errorForLearner(*r.error);
        } else if (!s || s->rows.rowCount() != 1 || s->rows.columnCount() != 1) {
            verdict.lessonError = true;
            o.feedback = "The lesson's " + std::string(checkKindName(c.kind)) + " check `" + firstLine(c.sql) +
                         "` must return one row with one boolean.";
        } else {
            o.pass = !s->rows.isNull(0, 0) && (s->rows.text(0, 0) == "t" || s->rows.text(0, 0) == "true");
        }
    }

    // A state, fails, succeeds, plan or reapply check's outcome, from the run that ended with its SQL.
    CheckOutcome evaluate(const std::vector<std::pair<Script::Role, QueryResult>>& results) {
        const Check& c = step.checks[checkIndex];
        CheckOutcome o = outcomeFor(c);
        if (!healthy(results, o)) return o;
        const QueryResult& r = results.back().second;
        const std::string shown = "`" + firstLine(c.sql) + "`";
        const std::string tried = triedStatement(c.sql);
        switch (c.kind) {
            case CheckKind::State:
                judgeTrue(r, c, "your SQL", o);
                break;
            case CheckKind::Fails: {
                const std::string expected = describeSqlstate(c.sqlstate);
                if (r.ok) {
                    o.feedback = tried.empty() ? "What the check tried was accepted; it should fail with " + expected + "."
                                               : "Tried " + tried + ": it was accepted; it should fail with " + expected + ".";
                } else if (r.error->sqlstate != c.sqlstate) {
                    o.feedback = (tried.empty() ? std::string("What the check tried") : "Tried " + tried + ": it") +
                                 " was refused, but with " + errorForLearner(*r.error) + " The task expects " +
                                 expected + ".";
                } else {
                    o.pass = true;
                }
                break;
            }
            case CheckKind::Succeeds:
                o.pass = r.ok;
                if (!r.ok)
                    o.feedback = (tried.empty() ? std::string("What the check tried") : "Tried " + tried + ": it") +
                                 " should succeed, but it failed: " + errorForLearner(*r.error);
                break;
            case CheckKind::PlanUses:
            case CheckKind::PlanAvoids:
            case CheckKind::PlanWithout: {
                if (!r.ok) {
                    o.feedback = "EXPLAIN of " + shown + " failed: " + (r.error ? errorText(*r.error) : "no plan");
                    break;
                }
                const PlanParseResult parsed = checkedPlan(r);
                if (!parsed.ok()) {
                    o.feedback = "EXPLAIN of " + shown + " gave no plan to check: " + parsed.error;
                    break;
                }
                const Plan& plan = *parsed.plan;
                if (c.kind == CheckKind::PlanWithout) {
                    // The same advice the plan view shows, so the feedback quotes it.
                    const std::optional<PlanWarningKind> kind = parsePlanWarningKind(c.warningKind);
                    std::string found;
                    for (const PlanWarning& w : planWarnings(plan, nullptr))
                        if (kind && w.kind == *kind) found += (found.empty() ? "" : " ") + w.message;
                    o.pass = found.empty();
                    if (!o.pass) o.feedback = "The plan for " + shown + " still shows: " + found;
                    break;
                }
                const bool found = std::any_of(plan.nodes.begin(), plan.nodes.end(), [&](const PlanNode& n) { return nodeMatches(plan, n, c); });
                const std::string what = withArticle(c.nodeType) + (c.relation.empty() ? "" : " on " + c.relation);
                if (c.kind == CheckKind::PlanUses) {
                    o.pass = found;
                    if (!found) {
                        std::string used;
                        for (const PlanNode& n : plan.nodes) used += (used.empty() ? "" : "; ") + describePlanNode(n);
                        o.feedback = "The plan for " + shown + " does not use " + what + "; it is: " + used + ".";
                    }
                } else {
                    o.pass = !found;
                    if (found) o.feedback = "The plan for " + shown + " still uses " + what + ".";
                }
                break;
            }
            case CheckKind::ReapplyFails:
                if (r.ok) {
                    o.feedback = "Your up migration ran a second time without an error: applying it twice must be refused.";
                } else if (!c.sqlstate.empty() && r.error->sqlstate != c.sqlstate) {
                    o.feedback = "Applying your up migration a second time was refused, but with " + errorForLearner(*r.error) +
                                 " The task expects " + describeSqlstate(c.sqlstate) + ", before anything else runs.";
                } else {
                    o.pass = true;
                }
                break;
            case CheckKind::Result:
            case CheckKind::DownRestores:
            case CheckKind::RaceState:
            case CheckKind::QueryCount:
                break;
        }
        return o;
    }

    void afterChecked(std::vector<std::pair<Script::Role, QueryResult>> results) { record(evaluate(results)); }

    // Backup steps: the check's outcome, kept without moving on to a fresh state.
    void judge(std::vector<std::pair<Script::Role, QueryResult>> results) { verdict.checks.push_back(evaluate(results)); }

    void restoreAndFinish() {
        auto self = shared_from_this();
        std::vector<Script> scripts;
        if (options.leaveLearnerState && timedOut) {
            scripts = stepState();   // the learner's SQL would run too long again
        } else if (options.leaveLearnerState && !verdict.checks.empty()) {
            scripts = stateWith(Script::Learner, learnerSql);
        }
        runScripts(std::move(scripts), [self](auto) { self->finish(); });
    }

    void finish() {
        const std::vector<Check>& checks = step.checks;
        bool all = !verdict.checks.empty() && verdict.checks.size() == checks.size();
        for (const CheckOutcome& o : verdict.checks) all = all && o.pass;
        verdict.pass = all && !verdict.lessonError && !verdict.learnerError;
        if (verdict.pass) {
            verdict.feedback = verdict.checks.size() == 1 ? "Correct: the check passes."
                                                          : "Correct: all " + std::to_string(verdict.checks.size()) +
                                                                " checks pass.";
        } else if (verdict.feedback.empty()) {
            for (size_t i = 0; i < verdict.checks.size(); ++i) {
                const CheckOutcome& o = verdict.checks[i];
                if (o.pass) continue;
                const std::string& message = i < checks.size() ? checks[i].message : std::string();
                // The teacher's message says what the check wants; ours says what happened.
                if (verdict.learnerError || verdict.lessonError || message.empty()) verdict.feedback = o.feedback;
                else if (o.feedback.empty()) verdict.feedback = message;
                else verdict.feedback = message + "\n" + o.feedback;
                break;
            }
            if (verdict.feedback.empty()) verdict.feedback = "The step has no checks to pass.";
        }
        VerdictCallback cb = std::move(done);
        done = nullptr;
        if (cb) cb(std::move(verdict));
    }
};

}  // namespace

void checkStep(Database& db, const Lesson& lesson, size_t stepIndex, const std::string& learnerSql,
               VerdictCallback done, CheckerOptions options) {
    if (stepIndex >= lesson.steps.size()) {
        Verdict v;
        v.lessonError = true;
        v.feedback = "Lesson \"" + lesson.id + "\" has no step " + std::to_string(stepIndex + 1) + ".";
        if (done) done(std::move(v));
        return;
    }
    auto job = std::make_shared<Job>();
    job->db = &db;
    job->lessonSetup = lesson.setupSql;
    job->step = lesson.steps[stepIndex];
    job->learnerSql = learnerSql;
    job->options = options;
    job->done = std::move(done);
    job->start();
}

namespace {

struct Preparation : std::enable_shared_from_this<Preparation> {
    Database* db = nullptr;
    std::vector<std::string> scripts;
    size_t at = 0;
    std::function<void(QueryResult)> done;

    void next(QueryResult last) {
        while (at < scripts.size() && scripts[at].find_first_not_of(" \t\r\n;") == std::string::npos) ++at;
        if (at >= scripts.size() || !last.ok) {
            auto cb = std::move(done);
            done = nullptr;
            if (cb) cb(std::move(last));
            return;
        }
        RunOptions ro;
        ro.internal = true;
        ro.timeoutMs = kPrepareTimeoutMs;
        ro.startsFresh = at == 0;   // the first script is the reset (see prepareStep)
        auto self = shared_from_this();
        const std::string& sql = scripts[at++];
        db->run(sql, ro, [self](QueryResult r) { self->next(std::move(r)); });
    }
};

}  // namespace

void prepareStep(Database& db, const Lesson& lesson, size_t stepIndex, std::function<void(QueryResult)> done) {
    auto p = std::make_shared<Preparation>();
    p->db = &db;
    p->scripts = {lessonResetSql(), lesson.setupSql};
    if (stepIndex < lesson.steps.size()) p->scripts.push_back(lesson.steps[stepIndex].setupSql);
    p->done = std::move(done);
    p->next(QueryResult{});
}

}  // namespace pgplay
