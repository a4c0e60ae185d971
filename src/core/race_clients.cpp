#include "race_clients.h"

#include <algorithm>
#include <cstdlib>

namespace pgplay {

namespace {

// Enough for 8 clients x 25 increments with their retries; a run longer than this stops.
constexpr size_t kMaxSteps = 6000;

bool isError(const std::optional<std::string>& r) { return r && r->rfind("ERROR ", 0) == 0; }

// 40001 (serialization failure) and 40P01 (deadlock): the transaction may simply be tried again.
bool retryable(const std::string& result) { return result == "ERROR 40001" || result == "ERROR 40P01"; }

}  // namespace

const char* clientStrategyName(ClientStrategy s) {
    switch (s) {
        case ClientStrategy::ReadModifyWrite: return "Read, then write back";
        case ClientStrategy::AtomicUpdate: return "Atomic update";
        case ClientStrategy::SelectForUpdate: return "SELECT ... FOR UPDATE";
        case ClientStrategy::SerializableRetry: return "SERIALIZABLE, retried";
    }
    return "";
}

const char* clientStrategySql(ClientStrategy s) {
    switch (s) {
        case ClientStrategy::ReadModifyWrite: return "SELECT n → UPDATE SET n = <n + 1>";
        case ClientStrategy::AtomicUpdate: return "UPDATE SET n = n + 1";
        case ClientStrategy::SelectForUpdate: return "SELECT n FOR UPDATE → UPDATE SET n = <n + 1>";
        case ClientStrategy::SerializableRetry: return "the read-then-write at SERIALIZABLE; on 40001, again";
    }
    return "";
}

ClientsSchedule::ClientsSchedule(ClientStrategy strategy, int clients, int increments)
    : strategy_(strategy), increments_(std::clamp(increments, 1, kMaxIncrements)) {
    scenario_.id = "many-clients";
    scenario_.title = "Many clients";
    scenario_.setup = {"CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL); INSERT INTO counter VALUES (1, 0)"};
    scenario_.setupLines = {0};
    scenario_.checks.push_back({"SELECT n FROM counter", "", 0});
    for (int i = 1; i <= std::clamp(clients, 1, kMaxClients); ++i) {
        Client c;
        c.name = "C" + std::to_string(i);
        scenario_.sessions.push_back(c.name);
        clients_.push_back(std::move(c));
    }
}

// Without a WHERE clause: the counter is the table's only row, and a whole-table read is what
// the engine models exactly under SERIALIZABLE.
std::vector<std::string> ClientsSchedule::transaction() const {
    switch (strategy_) {
        case ClientStrategy::ReadModifyWrite:
            return {"BEGIN", "SELECT n FROM counter", "UPDATE counter SET n = {next}", "COMMIT"};
        case ClientStrategy::AtomicUpdate:
            return {"BEGIN", "UPDATE counter SET n = n + 1", "COMMIT"};
        case ClientStrategy::SelectForUpdate:
            return {"BEGIN", "SELECT n FROM counter FOR UPDATE", "UPDATE counter SET n = {next}", "COMMIT"};
        case ClientStrategy::SerializableRetry:
            return {"BEGIN ISOLATION LEVEL SERIALIZABLE", "SELECT n FROM counter", "UPDATE counter SET n = {next}", "COMMIT"};
    }
    return {};
}

// What the client does next, after taking in the answer to its last statement.
std::optional<std::string> ClientsSchedule::statementFor(Client& c, const RaceEngine& engine) {
    const std::vector<std::string> t = transaction();
    if (c.lastStep) {
        const std::optional<std::string>& r = engine.timeline().steps[*c.lastStep].result;
        c.lastStep.reset();
        if (c.rollingBack) {
            // The ROLLBACK after an error: the increment is tried again, or given up.
            c.rollingBack = false;
            if (c.retryAfterRollback) ++retries_;
            else ++c.done;
            c.phase = 0;
        } else if (isError(r)) {
            c.retryAfterRollback = retryable(*r);
            if (c.phase + 1 == t.size()) {
                // COMMIT failed (40001 at SERIALIZABLE): the transaction is over already.
                if (c.retryAfterRollback) ++retries_;
                else ++c.done;
                c.phase = 0;
            } else {
                c.rollingBack = true;
            }
        } else {
            if (t[c.phase].rfind("SELECT", 0) == 0 && r) c.read = std::strtol(r->c_str(), nullptr, 10);
            if (++c.phase == t.size()) {
                ++c.done;
                c.phase = 0;
            }
        }
    }
    if (c.rollingBack) return std::string("ROLLBACK");
    if (c.done >= increments_) return std::nullopt;
    std::string sql = t[c.phase];
    const size_t at = sql.find("{next}");
    if (at != std::string::npos) sql.replace(at, 6, std::to_string(c.read.value_or(0) + 1));
    return sql;
}

std::optional<RaceStep> ClientsSchedule::next(const RaceEngine& engine) {
    if (engine.scenario().steps.size() >= kMaxSteps) return std::nullopt;
    for (size_t k = 0; k < clients_.size(); ++k) {
        const size_t i = (turn_ + k) % clients_.size();
        Client& c = clients_[i];
        if (engine.waiting(c.name)) continue;
        std::optional<std::string> sql = statementFor(c, engine);
        if (!sql) continue;
        turn_ = i + 1;
        c.lastStep = engine.scenario().steps.size();
        RaceStep step;
        step.session = c.name;
        step.sql = std::move(*sql);
        return step;
    }
    return std::nullopt;
}

ClientsOutcome ClientsSchedule::outcome(const RaceEngine& engine) const {
    ClientsOutcome out;
    out.strategy = strategy_;
    out.clients = static_cast<int>(clients_.size());
    out.increments = increments_;
    out.expected = static_cast<long>(out.clients) * increments_;
    out.statements = static_cast<int>(engine.timeline().steps.size());
    for (const RaceStepOutcome& s : engine.timeline().steps)
        if (s.blocked) ++out.waits;
    out.retries = retries_;
    if (engine.failure()) out.failure = engine.failure()->message;
    else if (!engine.timeline().checks.empty() && engine.timeline().checks[0].value)
        out.final = std::strtol(engine.timeline().checks[0].value->c_str(), nullptr, 10);
    return out;
}

}  // namespace pgplay
