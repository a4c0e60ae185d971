// The "many clients" race: N clients each add 1 to one counter K times, all at once, under one
// of four strategies, played by the race engine on the race's own database. The final value
// against the expected N x K shows which strategies lose updates; the waits and retries show
// what the safe ones cost.
//
// Each client is a little program, not a fixed script: read-modify-write must write back the
// number it read, and a SERIALIZABLE client retries its transaction after 40001. So the clients
// are the engine's StepSource: after every statement the schedule picks the next client that is
// not waiting (round robin, which interleaves them as much as possible) and gives it its next
// statement, computed from what it got so far.
//
// With three or more clients, several wait for the counter's row at once; when its holder
// commits, PostgreSQL gives the row to whichever waiter re-reads it first, a race between
// processes. The engine lets the first waiter win there (RaceEngine::letFirstWaiterWin): the
// totals are what this mode shows, and they do not depend on that order. With two clients at
// most one waits, and the tests require the very timeline a real server gives.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "race_engine.h"

namespace pgplay {

enum class ClientStrategy {
    ReadModifyWrite,    // SELECT n; UPDATE SET n = <n + 1> (READ COMMITTED)
    AtomicUpdate,       // UPDATE SET n = n + 1
    SelectForUpdate,    // SELECT n FOR UPDATE; UPDATE SET n = <n + 1>
    SerializableRetry,  // SERIALIZABLE read-modify-write, retried after 40001
};

inline constexpr ClientStrategy kClientStrategies[] = {ClientStrategy::ReadModifyWrite, ClientStrategy::AtomicUpdate,
                                                       ClientStrategy::SelectForUpdate, ClientStrategy::SerializableRetry};

const char* clientStrategyName(ClientStrategy s);   // "Read, then write back"
const char* clientStrategySql(ClientStrategy s);    // the transaction each client runs, in short

struct ClientsOutcome {
    ClientStrategy strategy = ClientStrategy::ReadModifyWrite;
    int clients = 0;
    int increments = 0;
    long expected = 0;          // clients x increments
    std::optional<long> final;  // the counter at the end (nullopt when the run failed)
    int statements = 0;
    int waits = 0;              // statements that had to wait for a lock
    int retries = 0;            // transactions started again after 40001 or 40P01
    double ms = 0;              // wall time of the whole run on the database
    std::optional<std::string> failure;
};

// The engine's inputs for one run: the scenario (setup, sessions C1..CN, the final check) and
// the schedule that feeds it statements. `schedule` must outlive the engine using it.
class ClientsSchedule {
public:
    ClientsSchedule(ClientStrategy strategy, int clients, int increments);
    const RaceScenario& scenario() const { return scenario_; }
    // The next statement, or nullopt when every client is done (or the run is too long).
    std::optional<RaceStep> next(const RaceEngine& engine);
    // Reads the counts from the engine once it finished.
    ClientsOutcome outcome(const RaceEngine& engine) const;

    static constexpr int kMaxClients = 8;
    static constexpr int kMaxIncrements = 25;

private:
    struct Client {
        std::string name;
        int done = 0;                       // increments committed (or given up)
        size_t phase = 0;                   // index into the transaction's statements
        std::optional<size_t> lastStep;     // the engine step of its last statement
        std::optional<long> read;           // the value its SELECT read
        bool rollingBack = false;           // its statement failed: ROLLBACK comes next
        bool retryAfterRollback = false;    // and then the increment is tried again
    };
    std::vector<std::string> transaction() const;
    std::optional<std::string> statementFor(Client& c, const RaceEngine& engine);

    ClientStrategy strategy_;
    int increments_;
    RaceScenario scenario_;
    std::vector<Client> clients_;
    size_t turn_ = 0;
    int retries_ = 0;
};

}  // namespace pgplay
