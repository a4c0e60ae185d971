#include "race_engine.h"

#include <algorithm>
#include <utility>

#include <nlohmann/json.hpp>

#include "race_support.h"
#include "sql_script.h"
#include "text_util.h"

namespace pgplay {

namespace {

// deadlock_timeout: a lock wait this long makes PostgreSQL look for a cycle.
constexpr int kDeadlockTimeoutMs = 1000;

// A session name in SQL: the parser allows only letters and digits, so quoting is enough.
std::string quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        out += c;
        if (c == '\'') out += '\'';
    }
    return out + "'";
}

bool plannable(const std::string& sql) {
    const RaceStatement k = classifyRaceStatement(sql);
    if (k.kind == RaceStatementKind::Write || k.kind == RaceStatementKind::LockingRead) return true;
    if (k.kind != RaceStatementKind::Read) return false;
    // SHOW is a read that EXPLAIN cannot take.
    for (const Token& t : tokenizeSql(sql)) {
        if (t.kind == TokenKind::Whitespace || t.kind == TokenKind::Comment) continue;
        return lower(sql.substr(t.offset, t.length)) != "show";
    }
    return false;
}

// One statement's own result, as the timeline reads it.
std::optional<std::string> valueOf(const StatementResult& s) {
    QueryResult one;
    one.results.push_back(s);
    return raceResultValue(one);
}

// SQLSTATEs that mean the engine was stopped or restarted rather than that SQL failed.
bool databaseStopped(const std::string& sqlstate) {
    return sqlstate == sqlstate::kQueryCanceled || sqlstate == sqlstate::kEngineFailed ||
           sqlstate == sqlstate::kDatabaseUnavailable || sqlstate == sqlstate::kProtocol;
}

std::string stepName(size_t step) { return "step " + std::to_string(step); }

const char* const kUncertainSerializable =
    "whether SERIALIZABLE fails here depends on which rows and index pages an earlier read through an "
    "index locked (PostgreSQL's predicate locks), which the engine does not follow yet. Reads that scan "
    "the whole table are modelled exactly";

// The tables an EXPLAIN (COSTS OFF) plan reads with a sequential scan ("Seq Scan on accounts").
std::set<std::string> sequentiallyScanned(const StatementResult& plan) {
    std::set<std::string> out;
    static const std::string marker = "Seq Scan on ";
    for (size_t row = 0; row < plan.rows.rowCount(); ++row) {
        const std::string line(plan.rows.text(row, 0));
        const size_t at = line.find(marker);
        if (at == std::string::npos) continue;
        const size_t start = at + marker.size();
        const size_t end = line.find(' ', start);
        out.insert(line.substr(start, end == std::string::npos ? std::string::npos : end - start));
    }
    return out;
}

}  // namespace

RaceEngine::RaceEngine(RaceScenario scenario, bool recordSnapshots, StepSource stepSource)
    : scenario_(std::move(scenario)), recordSnapshots_(recordSnapshots), stepSource_(std::move(stepSource)) {
    std::vector<RaceStep> steps = std::move(scenario_.steps);
    scenario_.steps.clear();
    for (RaceStep& step : steps) appendStep(std::move(step));
    for (const std::string& name : scenario_.sessions) sessions_[name];
    pump();
}

void RaceEngine::appendStep(RaceStep step) {
    RaceStepOutcome o;
    o.step = scenario_.steps.size();
    o.who = step.session;
    o.sql = step.sql;
    timeline_.steps.push_back(std::move(o));
    scenario_.steps.push_back(std::move(step));
}

bool RaceEngine::waiting(const std::string& session) const {
    auto it = sessions_.find(session);
    return it != sessions_.end() && it->second.waitingStep.has_value();
}

void RaceEngine::run(std::string sql, Then then) {
    rolledBackFirst_ = needsRollback_;
    if (needsRollback_) sql = "ROLLBACK;\n" + sql;
    needsRollback_ = false;
    pending_ = std::move(sql);
    then_ = std::move(then);
}

void RaceEngine::deliver(const QueryResult& result) {
    if (!pending_) return;
    if (result.error && databaseStopped(result.error->sqlstate)) {
        // The database itself went away (Stop, the watchdog, a crash): nothing it says now
        // describes the race, and whatever the race had applied is gone.
        pending_.reset();
        then_ = nullptr;
        failure_ = RaceFailure{RaceFailure::Kind::EngineFailed, std::nullopt, 0,
                               "the race's database stopped: " + result.error->message};
        phase_ = Phase::Done;
        return;
    }
    pending_.reset();
    Then then = std::move(then_);
    then_ = nullptr;
    if (rolledBackFirst_) {
        // The continuation sees the result of its own script, without the ROLLBACK put before it.
        QueryResult own = result;
        if (!own.results.empty() && (!own.error || own.error->statementIndex > 0)) own.results.erase(own.results.begin());
        if (own.error && own.error->statementIndex > 0) --own.error->statementIndex;
        if (then) then(own);
    } else if (then) {
        then(result);
    }
    pump();
}

void RaceEngine::pump() {
    while (!pending_ && phase_ != Phase::Done) {
        switch (phase_) {
            case Phase::Setup:
                setup();
                break;
            case Phase::Steps:
                if (!wakeQueue_.empty()) {
                    const std::string who = wakeQueue_.front();
                    wakeQueue_.erase(wakeQueue_.begin());
                    const Session& s = sessions_.at(who);
                    if (s.waitingStep) attempt(who, *s.waitingStep, true);
                } else if (snapshotDue_) {
                    snapshotDue_ = false;
                    readSnapshot();
                } else if (nextStep_ < scenario_.steps.size()) {
                    currentStep_ = nextStep_++;
                    snapshotDue_ = true;
                    issue(currentStep_);
                } else if (std::optional<RaceStep> more = stepSource_ ? stepSource_(*this) : std::nullopt) {
                    appendStep(std::move(*more));
                } else {
                    phase_ = Phase::Closing;
                }
                break;
            case Phase::Closing: {
                // The sessions disconnect, in name order: open transactions roll back.
                auto open = std::find_if(sessions_.begin(), sessions_.end(), [](const auto& s) { return s.second.inTxn; });
                if (open == sessions_.end()) {
                    phase_ = Phase::Checks;
                    break;
                }
                const std::string who = open->first;
                Session& s = open->second;
                s.waitingStep.reset();
                s.waitsFor.clear();
                waitOrder_.erase(std::remove(waitOrder_.begin(), waitOrder_.end(), who), waitOrder_.end());
                if (s.wrote)
                    run("SELECT pgplay_race.undo_session(" + quoted(who) + ")", [this, who](const QueryResult& r) {
                        if (!r.ok) return engineFailed("rolling back " + who + " at the end", r);
                        endTransaction(who, false);
                    });
                else
                    endTransaction(who, false);
                break;
            }
            case Phase::Checks:
                if (nextCheck_ >= scenario_.checks.size()) {
                    phase_ = Phase::Done;
                    break;
                }
                {
                    const RaceCheck& check = scenario_.checks[nextCheck_++];
                    run(check.sql, [this, check](const QueryResult& r) {
                        timeline_.checks.push_back({check.sql, raceResultValue(r)});
                    });
                }
                break;
            case Phase::Done:
                break;
        }
    }
}

void RaceEngine::setup() {
    if (setupDone_ < scenario_.setup.size()) {
        const size_t i = setupDone_++;
        run(scenario_.setup[i], [this, i](const QueryResult& r) {
            if (r.ok) return;
            const int line = i < scenario_.setupLines.size() ? scenario_.setupLines[i] : 0;
            failure_ = RaceFailure{RaceFailure::Kind::SetupFailed, std::nullopt, line,
                                   "setup failed: " + (r.error ? r.error->message : std::string("unknown error"))};
            phase_ = Phase::Done;
        });
        return;
    }
    run(raceSupportInstallSql() + "\n" + raceTrackTablesSql(), [this](const QueryResult& r) {
        if (r.ok) {
            phase_ = Phase::Steps;
            snapshotDue_ = true;   // the state before the first step
            return;
        }
        std::string why = r.error ? r.error->message : "unknown error";
        if (r.error && !r.error->hint.empty()) why += " (" + r.error->hint + ")";
        failure_ = RaceFailure{RaceFailure::Kind::Refused, std::nullopt, 0, why};
        phase_ = Phase::Done;
    });
}

void RaceEngine::issue(size_t step) {
    const RaceStep& st = scenario_.steps[step];
    const std::string& who = st.session;
    Session& s = sessions_.at(who);
    if (s.waitingStep)
        return refuse(step, who + " still waits for its statement of " + stepName(*s.waitingStep) +
                                "; a waiting session cannot be given another statement until it is released");
    const RaceStatement k = classifyRaceStatement(st.sql);
    if (k.kind == RaceStatementKind::Refused) return refuse(step, k.refusal);
    if (s.aborted && k.kind != RaceStatementKind::Commit && k.kind != RaceStatementKind::Rollback)
        return finishStep(who, step, "ERROR 25P02");   // current transaction is aborted

    switch (k.kind) {
        case RaceStatementKind::Begin:
            if (!s.inTxn) {   // (a second BEGIN only warns)
                s.inTxn = true;
                s.isolation = k.isolation.value_or(Isolation::ReadCommitted);
                s.snapshot.reset();
                s.lockTimeoutAtBegin = s.lockTimeoutMs;
            }
            return finishStep(who, step, "BEGIN");
        case RaceStatementKind::SetIsolation:
            if (s.inTxn && s.snapshot) return failStatement(who, step, "25001");   // must come before any query
            if (s.inTxn) s.isolation = *k.isolation;
            return finishStep(who, step, "SET");
        case RaceStatementKind::LockTimeout:
            if (k.lockTimeoutMs >= kDeadlockTimeoutMs)
                return refuse(step, "a lock_timeout of 1 s or more is not modelled: at a learner's pace it may or may "
                                    "not run out before the next step. Use a shorter one, such as '500ms'");
            if (k.local) {
                if (s.inTxn) s.localLockTimeoutMs = k.lockTimeoutMs;
            } else {
                s.lockTimeoutMs = k.lockTimeoutMs;
            }
            return finishStep(who, step, "SET");
        case RaceStatementKind::Commit:
            if (!s.inTxn) return finishStep(who, step, "COMMIT");   // (only warns)
            if (s.aborted) {
                endTransaction(who, false);
                return finishStep(who, step, "ROLLBACK");
            }
            if (serializable_.danger(who) == SerializableConflicts::Danger::Uncertain)
                return refuse(step, kUncertainSerializable);
            if (serializable_.danger(who) == SerializableConflicts::Danger::Certain) {
                run("SELECT pgplay_race.undo_session(" + quoted(who) + ")", [this, who, step](const QueryResult& r) {
                    if (!r.ok) return engineFailed("rolling back " + who, r);
                    endTransaction(who, false);
                    finishStep(who, step, "ERROR 40001");
                });
                return;
            }
            if (!s.wrote) {
                endTransaction(who, true);
                return finishStep(who, step, "COMMIT");
            }
            run("SELECT pgplay_race.commit_session(" + quoted(who) + ", " + std::to_string(commitCounter_ + 1) + ")",
                [this, who, step](const QueryResult& r) {
                    if (!r.ok) return engineFailed("committing " + who, r);
                    endTransaction(who, true);
                    finishStep(who, step, "COMMIT");
                });
            return;
        case RaceStatementKind::Rollback:
            if (!s.inTxn || !s.wrote) {
                if (s.inTxn) endTransaction(who, false);
                return finishStep(who, step, "ROLLBACK");
            }
            run("SELECT pgplay_race.undo_session(" + quoted(who) + ")", [this, who, step](const QueryResult& r) {
                if (!r.ok) return engineFailed("rolling back " + who, r);
                endTransaction(who, false);
                finishStep(who, step, "ROLLBACK");
            });
            return;
        case RaceStatementKind::SchemaChange:
            if (s.inTxn)
                return refuse(step, "a schema change inside a transaction block is not modelled yet (its rollback "
                                    "could not be shown); run it on its own, outside BEGIN ... COMMIT");
            return attempt(who, step, false);
        default:
            return attempt(who, step, false);
    }
}

long RaceEngine::viewSnapshot(const std::string& who) {
    Session& s = sessions_.at(who);
    if (!s.inTxn || s.isolation == Isolation::ReadCommitted) return commitCounter_;
    if (!s.snapshot) s.snapshot = commitCounter_;
    return *s.snapshot;
}

int RaceEngine::lockTimeout(const Session& s) const { return s.localLockTimeoutMs.value_or(s.lockTimeoutMs); }

std::string RaceEngine::rowProbeSql(const std::string& who, const RaceStatement& k, const std::string& sql) {
    std::string out = "BEGIN;\nSELECT pgplay_race.view(" + quoted(who) + ", " + std::to_string(viewSnapshot(who)) + ");\n";
    if (k.kind == RaceStatementKind::LockingRead && k.skipLocked) {
        nlohmann::json rows = nlohmann::json::array();
        for (const RowKey& row : locks_.rowsHeldAgainst(who, k.lockMode))
            rows.push_back({{"tbl", row.table}, {"key", nlohmann::json::parse(row.key, nullptr, false)}});
        out += "SELECT pgplay_race.hide(" + quoted(rows.dump()) + ");\n";
    }
    out += "SELECT pgplay_race.begin_statement(" + quoted(who) + ");\n" + sql + "\n;\nSELECT kind, tbl, key FROM pgplay_race.touched();\n";
    return out;
}

// A statement's first part: the table locks it takes, then (in the same script where it can be)
// what it does to rows, seen from its session.
void RaceEngine::attempt(const std::string& who, size_t step, bool retry) {
    const std::string& sql = scenario_.steps[step].sql;
    const RaceStatement k = classifyRaceStatement(sql);
    if (!retry) sessions_.at(who).firstTouched.clear();
    const bool utility = !plannable(sql);
    const std::string lockProbe = "BEGIN;\n" + std::string(utility ? "" : "EXPLAIN (COSTS OFF)\n") + sql +
                                  "\n;\nSELECT tbl, mode FROM pgplay_race.relation_locks();\nROLLBACK;\n";
    const bool combined = !utility;
    const std::string script = combined ? lockProbe + rowProbeSql(who, k, sql) : lockProbe;
    run(script, [this, who, step, retry, k, combined](const QueryResult& r) {
        needsRollback_ = r.transactionStatus != "I";
        // The lock probe is statements 0-3: BEGIN, the statement (or its EXPLAIN), the locks, ROLLBACK.
        if (r.error && r.error->statementIndex <= 1) return failStatement(who, step, r.error->sqlstate);
        if (r.results.size() < 3) return engineFailed("reading the table locks of " + stepName(step), r);
        std::set<std::string> blockers;
        std::map<std::string, bool> readTables;
        std::set<std::string> seqScanned = combined ? sequentiallyScanned(r.results[1]) : std::set<std::string>{};
        const StatementResult& held = r.results[2];
        for (size_t row = 0; row < held.rows.rowCount(); ++row) {
            const std::string table(held.rows.text(row, 0));
            const auto mode = tableLockModeFromName(std::string(held.rows.text(row, 1)));
            if (!mode) continue;
            // What SERIALIZABLE counts as read: tables scanned by a plain read or a subquery, and
            // the tables a locking read locks rows of (it reads them as well).
            if (*mode == TableLockMode::AccessShare ||
                (*mode == TableLockMode::RowShare && k.kind == RaceStatementKind::LockingRead))
                readTables[table] = seqScanned.count(table) > 0;
            for (const std::string& b : locks_.requestTable(who, table, *mode)) blockers.insert(b);
        }
        probeReads_ = readTables;
        if (!blockers.empty()) {
            if (k.noWait && k.kind == RaceStatementKind::LockTable) return failStatement(who, step, "55P03");
            return block(who, step, blockers);
        }
        if (k.kind == RaceStatementKind::LockTable) return finishStep(who, step, "LOCK TABLE");
        if (combined) return afterRowProbe(who, step, retry, r, 4);
        // A schema change: its table locks are granted; now run it for real.
        run(rowProbeSql(who, k, scenario_.steps[step].sql), [this, who, step, retry](const QueryResult& rows) {
            afterRowProbe(who, step, retry, rows, 0);
        });
    });
}

// The rows the statement wrote or locked, seen from its session: go on, wait, or fail.
// `first`: the index of the row probe's BEGIN in `r`.
void RaceEngine::afterRowProbe(const std::string& who, size_t step, bool retry, const QueryResult& r, size_t first) {
    needsRollback_ = r.transactionStatus != "I";
    Session& s = sessions_.at(who);
    const RaceStatement k = classifyRaceStatement(scenario_.steps[step].sql);
    const bool skip = k.kind == RaceStatementKind::LockingRead && k.skipLocked;
    const size_t stmtIndex = first + (skip ? 4 : 3);
    if (r.error) {
        if (r.error->statementIndex == stmtIndex) return failStatement(who, step, r.error->sqlstate);
        return engineFailed("running " + stepName(step), r);
    }
    if (r.results.size() != stmtIndex + 2) return engineFailed("running " + stepName(step), r);
    const std::optional<std::string> value = valueOf(r.results[stmtIndex]);
    const StatementResult& touchedRows = r.results.back();

    std::vector<Touch> touches;
    for (size_t i = 0; i < touchedRows.rows.rowCount(); ++i)
        touches.push_back({std::string(touchedRows.rows.text(i, 0)),
                           {std::string(touchedRows.rows.text(i, 1)), std::string(touchedRows.rows.text(i, 2))}});
    auto modeOf = [&](const Touch& t) {
        if (t.kind == "update") return RowLockMode::NoKeyUpdate;
        if (t.kind == "lock") return k.kind == RaceStatementKind::LockingRead ? k.lockMode : RowLockMode::KeyShare;
        return RowLockMode::Update;   // delete, a key-changing update, a new row
    };

    std::set<std::string> blockers;
    size_t free = 0;
    for (const Touch& t : touches) {
        const std::set<std::string> b =
            t.kind == "insert" ? locks_.writers(who, t.row) : locks_.rowBlockers(who, t.row, modeOf(t));
        blockers.insert(b.begin(), b.end());
        if (b.empty() && t.kind != "insert") ++free;
    }
    if (!blockers.empty()) {
        if (free > 0)
            return refuse(step, "this statement would wait for some of its rows and not for others; the order in "
                                "which PostgreSQL takes them is not modelled yet. Let each statement touch rows "
                                "that are all free or all held by one other session");
        if (k.noWait) return failStatement(who, step, "55P03");
        if (!retry || s.firstTouched.empty())
            for (const Touch& t : touches) s.firstTouched.push_back(t.row);
        return block(who, step, blockers);
    }
    if (retry && !s.firstTouched.empty() && !(s.inTxn && s.isolation != Isolation::ReadCommitted)) {
        // Read Committed's re-check revisits only the rows the statement had found; rows that
        // turned up since would not be seen by PostgreSQL, but a re-run from the start sees them.
        // (A statement that only waited for a table lock had found no rows yet: PostgreSQL takes
        // table locks before its snapshot, so running it afresh is exact.)
        for (const Touch& t : touches)
            if (t.kind != "insert" &&
                std::find(s.firstTouched.begin(), s.firstTouched.end(), t.row) == s.firstTouched.end())
                return refuse(step, "after waiting, this statement would touch a row it did not find before "
                                    "(another session's commit made it match); PostgreSQL's re-check of the "
                                    "rows it found is not modelled for that case yet");
    }
    if (s.inTxn && s.isolation != Isolation::ReadCommitted) {
        for (const auto& [seq, committer, rows] : commits_) {
            if (seq <= *s.snapshot || committer == who) continue;
            for (const Touch& t : touches)
                if (rows.count(t.row))
                    // A new key that a commit after the snapshot took: a plain INSERT reports the
                    // duplicate (23505); an upsert cannot see the row it should update (40001).
                    return failStatement(who, step, t.kind == "insert" && !k.onConflict ? "23505" : "40001");
        }
    }

    // A schema change (only ever outside a transaction block) is kept, like a write.
    bool wroteNow = k.kind == RaceStatementKind::SchemaChange;
    std::set<std::string> writtenTables;
    for (const Touch& t : touches) {
        if (t.kind != "lock") {
            wroteNow = true;
            writtenTables.insert(t.row.table);
        }
        if (s.inTxn) locks_.holdRow(who, t.row, modeOf(t), t.kind != "lock");
    }
    if (s.inTxn && s.isolation == Isolation::Serializable) {
        if (!probeReads_.empty()) serializable_.read(who, viewSnapshot(who), probeReads_);
        if (!writtenTables.empty()) serializable_.wrote(who, viewSnapshot(who), writtenTables);
        const auto danger = serializable_.danger(who);
        if (danger == SerializableConflicts::Danger::Uncertain) return refuse(step, kUncertainSerializable);
        // The statement's own writes are not applied (its probe transaction is rolled back).
        if (danger == SerializableConflicts::Danger::Certain) return failStatement(who, step, "40001");
    }
    auto finish = [this, who, step, value, wroteNow, touches] {
        Session& s = sessions_.at(who);
        if (s.inTxn) {
            if (wroteNow) s.wrote = true;
            for (const Touch& t : touches)
                if (t.kind != "lock") s.written.insert(t.row);
            return finishStep(who, step, value);
        }
        // Outside a transaction block the statement was its own transaction.
        std::set<RowKey> rows;
        if (wroteNow) {
            for (const Touch& t : touches)
                if (t.kind != "lock") rows.insert(t.row);
            commits_.emplace_back(++commitCounter_, who, rows);
        }
        finishStep(who, step, value);
        if (!racyWake(who, rows)) release(who);
    };
    if (!wroteNow) return finish();
    std::string done = "SELECT pgplay_race.unview(" + quoted(who) + ", " + std::to_string(viewSnapshot(who)) + ");\n";
    if (!s.inTxn) done += "SELECT pgplay_race.commit_session(" + quoted(who) + ", " + std::to_string(commitCounter_ + 1) + ");\n";
    done += "COMMIT;";
    needsRollback_ = false;   // this script ends the probe's transaction itself
    run(done, [this, step, finish](const QueryResult& c) {
        if (!c.ok) return engineFailed("applying " + stepName(step), c);
        finish();
    });
}

void RaceEngine::finishStep(const std::string& who, size_t step, std::optional<std::string> result) {
    RaceStepOutcome& o = timeline_.steps[step];
    o.result = std::move(result);
    if (o.blocked) o.releasedAfter = currentStep_;
    Session& s = sessions_.at(who);
    if (s.waitingStep == step) {
        s.waitingStep.reset();
        s.waitsFor.clear();
        waitOrder_.erase(std::remove(waitOrder_.begin(), waitOrder_.end(), who), waitOrder_.end());
    }
}

void RaceEngine::failStatement(const std::string& who, size_t step, const std::string& sqlstate) {
    finishStep(who, step, "ERROR " + sqlstate);
    Session& s = sessions_.at(who);
    if (!s.inTxn) return release(who);
    // An error aborts the whole transaction at once: its writes are undone and its locks go now,
    // though the session must still say ROLLBACK.
    s.aborted = true;
    serializable_.aborted(who);
    if (!s.wrote) return release(who);
    run("SELECT pgplay_race.undo_session(" + quoted(who) + ")", [this, who](const QueryResult& r) {
        if (!r.ok) return engineFailed("undoing " + who + "'s writes", r);
        Session& s = sessions_.at(who);
        s.wrote = false;
        s.written.clear();
        release(who);
    });
}

void RaceEngine::block(const std::string& who, size_t step, std::set<std::string> blockers) {
    timeline_.steps[step].blocked = true;
    Session& s = sessions_.at(who);
    s.waitingStep = step;
    s.waitsFor = std::move(blockers);
    if (std::find(waitOrder_.begin(), waitOrder_.end(), who) == waitOrder_.end()) waitOrder_.push_back(who);
    if (lockTimeout(s) > 0) return failStatement(who, step, "55P03");   // canceling statement due to lock timeout
    std::set<std::string> seen;
    for (const std::string& b : s.waitsFor)
        if (std::vector<std::string> path; waitCycle(b, who, seen, path)) {
            // Deadlock detected: `who` waits for b, who waits ... for `who`. Its statement, the
            // one that closed the cycle, is the victim.
            path.insert(path.begin(), who);
            deadlockCycle_ = path;
            return failStatement(who, step, "40P01");
        }
}

bool RaceEngine::waitCycle(const std::string& from, const std::string& target, std::set<std::string>& seen,
                           std::vector<std::string>& path) const {
    path.push_back(from);
    if (from == target) return true;
    if (seen.insert(from).second)
        for (const std::string& next : sessions_.at(from).waitsFor)
            if (waitCycle(next, target, seen, path)) return true;
    path.pop_back();
    return false;
}

void RaceEngine::endTransaction(const std::string& who, bool committed) {
    Session& s = sessions_.at(who);
    if (committed) {
        ++commitCounter_;
        if (!s.written.empty()) commits_.emplace_back(commitCounter_, who, s.written);
        serializable_.committed(who, commitCounter_);
    } else {
        s.lockTimeoutMs = s.lockTimeoutAtBegin;   // SET is undone with the transaction
        serializable_.aborted(who);
    }
    s.inTxn = false;
    s.aborted = false;
    s.snapshot.reset();
    s.localLockTimeoutMs.reset();
    const std::set<RowKey> changed = committed ? std::move(s.written) : std::set<RowKey>{};
    s.wrote = false;
    s.written.clear();
    if (!racyWake(who, changed)) release(who);
}

// Two or more statements waiting for a row that `who` changed and has just committed: in
// PostgreSQL each of them then re-reads the row's newest version, and which gets it first is a
// race between processes, not an order the engine can know. (When the holder rolls back, or only
// locked the row, the first waiter holds the row's tuple lock and goes first: that order is
// kept.) Refuses, unless the engine was told to let the first waiter win.
bool RaceEngine::racyWake(const std::string& who, const std::set<RowKey>& changed) {
    if (changed.empty() || firstWaiterWins_) return false;
    std::map<RowKey, int> waiters;
    for (const std::string& w : waitOrder_) {
        const Session& s = sessions_.at(w);
        if (!s.waitsFor.count(who)) continue;
        for (const RowKey& row : s.firstTouched)
            if (changed.count(row) && ++waiters[row] >= 2) {
                refuse(currentStep_, "two statements wait for the row " + row.table + " " + row.key + " that " + who +
                                         " changed; once " + who + " commits, which of them gets the row first is a "
                                         "race inside PostgreSQL, so it cannot be shown exactly. Let one session "
                                         "wait for a row at a time");
                return true;
            }
    }
    return false;
}

void RaceEngine::release(const std::string& who) {
    locks_.releaseAll(who);
    for (const std::string& w : waitOrder_)
        if (sessions_.at(w).waitsFor.count(who) &&
            std::find(wakeQueue_.begin(), wakeQueue_.end(), w) == wakeQueue_.end())
            wakeQueue_.push_back(w);
}

void RaceEngine::refuse(size_t step, std::string message) {
    failure_ = RaceFailure{RaceFailure::Kind::Refused, step, scenario_.steps[step].line,
                           stepName(step) + " (" + scenario_.steps[step].session + ": " + scenario_.steps[step].sql +
                               "): " + message};
    phase_ = Phase::Done;
    pending_.reset();
    then_ = nullptr;
}

void RaceEngine::engineFailed(const std::string& what, const QueryResult& r) {
    std::string message = "the race engine failed " + what;
    if (r.error) message += ": " + r.error->message;
    failure_ = RaceFailure{RaceFailure::Kind::EngineFailed, std::nullopt, 0, message};
    phase_ = Phase::Done;
    pending_.reset();
    then_ = nullptr;
}

// ---- What the lanes show after a step -----------------------------------------------------

void RaceEngine::readSnapshot() {
    RaceStepSnapshot snap;
    for (const auto& [name, s] : sessions_)
        snap.sessions.push_back({name, s.inTxn, s.aborted, s.isolation, s.waitingStep, s.waitsFor});
    snap.rowLocks = locks_.rows();
    snap.tableLocks = locks_.tables();
    snap.deadlockCycle = std::exchange(deadlockCycle_, {});
    snapshots_.push_back(std::move(snap));
    if (!recordSnapshots_) return;
    // The committed data: what a session that is not in the race would read.
    run("BEGIN;\nSELECT pgplay_race.view('', " + std::to_string(commitCounter_) +
            ");\nSELECT tbl, columns, rows FROM pgplay_race.snapshot();\nROLLBACK;",
        [this](const QueryResult& r) {
            if (!r.ok || r.results.size() < 3) return engineFailed("reading the tables", r);
            const StatementResult& t = r.results[2];
            RaceStepSnapshot& snap = snapshots_.back();
            for (size_t i = 0; i < t.rows.rowCount(); ++i) {
                RaceStepSnapshot::Table table;
                table.name = std::string(t.rows.text(i, 0));
                const auto columns = nlohmann::json::parse(t.rows.text(i, 1), nullptr, false);
                const auto rows = nlohmann::json::parse(t.rows.text(i, 2), nullptr, false);
                if (columns.is_array())
                    for (const auto& c : columns) table.columns.push_back(c.is_string() ? c.get<std::string>() : c.dump());
                if (rows.is_array())
                    for (const auto& row : rows) {
                        std::vector<std::optional<std::string>> cells;
                        for (const std::string& c : table.columns) {
                            const auto it = row.find(c);
                            if (it == row.end() || it->is_null()) cells.push_back(std::nullopt);
                            else cells.push_back(it->is_string() ? it->get<std::string>() : it->dump());
                        }
                        table.rows.push_back(std::move(cells));
                    }
                snap.tables.push_back(std::move(table));
            }
        });
}

void playRaceSync(RaceEngine& engine, const std::function<QueryResult(const std::string&)>& runScript) {
    while (const std::string* script = engine.nextScript()) engine.deliver(runScript(*script));
}

}  // namespace pgplay
