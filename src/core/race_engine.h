// Plays a race scenario on one PostgreSQL connection (PGlite's only one) as if each session had
// its own: the statements really run, in the order a server would let them run, while waits,
// lock queues, snapshots, serialization failures and deadlocks are kept by this engine.
//
// How (the SQL is core/race_support):
//   - Every write is applied to the one database when it happens and logged with its session.
//   - A statement of session X runs inside a transaction that first undoes what X must not see
//     (the others' uncommitted writes; under REPEATABLE READ and SERIALIZABLE, commits after X's
//     snapshot). It reports the table locks it took (pg_locks) and the rows it wrote or locked.
//   - If another session holds a conflicting lock on one of them, the transaction is rolled back
//     and the statement waits; when the holder's transaction ends the statement runs again from
//     the start, which is Read Committed's re-check (and a serialization failure under
//     REPEATABLE READ when the holder committed a change). Otherwise the others' writes are
//     redone and the transaction commits.
//   - Statement pace is a learner's: each step is issued once everything before it has settled
//     for longer than deadlock_timeout, so the statement that closes a wait cycle is the
//     deadlock victim, and it fails within its own step.
// Whatever the model cannot decide, it refuses, naming the step, rather than show something
// false (see RaceFailure).
//
// The engine does no I/O: it hands out one SQL script at a time (nextScript) and is given its
// result (deliver), so it runs the same over PGlite in a browser worker, PGlite in Node and libpq.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "race_locks.h"
#include "race_scenario.h"
#include "race_serializable.h"
#include "race_statement.h"
#include "race_timeline.h"
#include "result_model.h"

namespace pgplay {

struct RaceFailure {
    enum class Kind {
        Refused,       // the scenario asks for something the engine does not model
        SetupFailed,   // a setup: line failed on PostgreSQL
        EngineFailed,  // the engine's own SQL failed (a bug, or a database that went away)
    };
    Kind kind = Kind::Refused;
    std::optional<size_t> step;   // the step it concerns, when one
    int line = 0;                 // the scenario file's line, when known
    std::string message;
};

// One session as the lanes show it after a step.
struct RaceSessionState {
    std::string name;
    bool inTransaction = false;
    bool aborted = false;                 // an error ended the transaction; only ROLLBACK/COMMIT left
    Isolation isolation = Isolation::ReadCommitted;
    std::optional<size_t> waitingStep;    // the step whose statement waits
    std::set<std::string> waitsFor;
};

// The state after one step (and everything it released) settled: for the lanes and lock panel.
struct RaceStepSnapshot {
    std::vector<RaceSessionState> sessions;
    std::vector<RaceLocks::RowHold> rowLocks;
    std::vector<RaceLocks::TableHold> tableLocks;
    // When this step closed a wait cycle: the sessions around it, the victim first and last
    // ("B", "A", "B": B waited for A, A waited for B). Empty otherwise.
    std::vector<std::string> deadlockCycle;
    // The scenario's tables as a session outside the race would see them now (committed data):
    // "accounts" -> rows, each row its column values as text (std::nullopt for NULL).
    struct Table {
        std::string name;
        std::vector<std::string> columns;
        std::vector<std::vector<std::optional<std::string>>> rows;
    };
    std::vector<Table> tables;
};

class RaceEngine {
public:
    // Asked for one more statement once the scenario's own are issued, until it answers nullopt:
    // a program that decides what a session does next from what it got so far (the many-clients
    // mode). It must not give a statement to a session that waits (waiting()).
    using StepSource = std::function<std::optional<RaceStep>(const RaceEngine&)>;

    // `recordSnapshots`: also read the tables after every step (for the view; one more query a
    // step). `stepSource`: more statements after the scenario's (see StepSource).
    explicit RaceEngine(RaceScenario scenario, bool recordSnapshots = false, StepSource stepSource = {});

    // When several statements wait for one row and its holder commits a change, PostgreSQL gives
    // the row to whichever re-reads it first, a race the engine refuses to guess. The
    // many-clients mode, which shows totals rather than one exact interleaving, lets the first
    // waiter win instead.
    void letFirstWaiterWin() { firstWaiterWins_ = true; }

    // The SQL script to run next, or nullptr when the play is over (finished() then).
    const std::string* nextScript() const { return pending_ ? &*pending_ : nullptr; }
    // The result of nextScript(), run on the scenario's own database.
    void deliver(const QueryResult& result);

    bool finished() const { return !pending_; }
    const RaceTimeline& timeline() const { return timeline_; }
    const std::optional<RaceFailure>& failure() const { return failure_; }
    // snapshots()[0]: after the setup; [i + 1]: after step i (and what it released) settled.
    const std::vector<RaceStepSnapshot>& snapshots() const { return snapshots_; }
    const RaceScenario& scenario() const { return scenario_; }
    bool waiting(const std::string& session) const;   // its last statement has not answered yet

private:
    struct Session {
        bool inTxn = false;
        bool aborted = false;
        Isolation isolation = Isolation::ReadCommitted;
        std::optional<long> snapshot;       // commit counter when the transaction's snapshot was taken
        int lockTimeoutMs = 0;
        int lockTimeoutAtBegin = 0;         // put back by ROLLBACK (SET is transactional)
        std::optional<int> localLockTimeoutMs;
        std::optional<size_t> waitingStep;
        std::set<std::string> waitsFor;
        std::vector<RowKey> firstTouched;   // what the waiting statement touched when it first ran
        bool wrote = false;                 // uncommitted writes in the log
        std::set<RowKey> written;           // their keys
    };
    struct Touch {
        std::string kind;   // insert / update / update-key / delete / lock
        RowKey row;
    };
    using Then = std::function<void(const QueryResult&)>;

    void appendStep(RaceStep step);
    void run(std::string sql, Then then);
    void pump();
    void setup();
    void issue(size_t step);
    void attempt(const std::string& who, size_t step, bool retry);
    std::string rowProbeSql(const std::string& who, const RaceStatement& k, const std::string& sql);
    void afterRowProbe(const std::string& who, size_t step, bool retry, const QueryResult& r, size_t first);
    void finishStep(const std::string& who, size_t step, std::optional<std::string> result);
    void failStatement(const std::string& who, size_t step, const std::string& sqlstate);
    void block(const std::string& who, size_t step, std::set<std::string> blockers);
    void endTransaction(const std::string& who, bool committed);
    void release(const std::string& who);
    bool racyWake(const std::string& who, const std::set<RowKey>& changed);
    void refuse(size_t step, std::string message);
    void engineFailed(const std::string& what, const QueryResult& r);
    // Whether `target` is reached by following waits from `from`; `path` gets the sessions on the way.
    bool waitCycle(const std::string& from, const std::string& target, std::set<std::string>& seen,
                   std::vector<std::string>& path) const;
    long viewSnapshot(const std::string& who);
    int lockTimeout(const Session& s) const;
    void readSnapshot();

    RaceScenario scenario_;
    bool recordSnapshots_;
    StepSource stepSource_;
    bool firstWaiterWins_ = false;
    std::vector<std::string> deadlockCycle_;   // found during the current step, for its snapshot
    std::optional<std::string> pending_;
    Then then_;
    std::optional<RaceFailure> failure_;
    RaceTimeline timeline_;
    std::vector<RaceStepSnapshot> snapshots_;

    enum class Phase { Setup, Steps, Closing, Checks, Done } phase_ = Phase::Setup;
    size_t setupDone_ = 0;          // setup: lines run (then the support SQL)
    size_t nextStep_ = 0;
    size_t currentStep_ = 0;        // the last step issued: what "released after" names
    size_t nextCheck_ = 0;
    bool snapshotDue_ = false;      // the current step settled: record the lanes' state
    bool needsRollback_ = false;    // a probe's transaction is still open: the next script ends it
    bool rolledBackFirst_ = false;  // the script in flight starts with that ROLLBACK
    std::map<std::string, bool> probeReads_;   // tables the last probe read -> by a sequential scan
    std::vector<std::string> wakeQueue_;
    std::map<std::string, Session> sessions_;
    std::vector<std::string> waitOrder_;   // waiting sessions, first to wait first
    RaceLocks locks_;
    long commitCounter_ = 0;
    // Committed writes: commit number, session, rows; for REPEATABLE READ's check.
    std::vector<std::tuple<long, std::string, std::set<RowKey>>> commits_;
    SerializableConflicts serializable_;
};

// Runs `engine` to the end with a synchronous `runScript` (libpq, the Node tools).
void playRaceSync(RaceEngine& engine, const std::function<QueryResult(const std::string&)>& runScript);

}  // namespace pgplay
