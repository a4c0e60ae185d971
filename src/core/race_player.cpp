#include "race_player.h"

#include <algorithm>
#include <chrono>
#include <iterator>

#include "lesson_checker.h"   // lessonResetSql: empties a database the same way for races
#include "sql_script.h"

namespace pgplay {

namespace {

// A race statement that runs this long is stopped (the race's engine restarts); races are for
// short statements, and a learner's pg_sleep(60) must not hold the view.
constexpr int kStatementLimitMs = 10000;

double nowMs() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

RacePlayer::RacePlayer(Database& database, std::function<void()> start)
    : database_(database), start_(std::move(start)) {}

void RacePlayer::addScenarioFile(const std::string& fileName, const std::string& text) {
    RaceParseResult parsed = parseRaceScenario(text, fileName);
    if (!parsed.ok()) {
        fileErrors_.insert(fileErrors_.end(), parsed.errors.begin(), parsed.errors.end());
    } else if (find(parsed.scenario->id)) {
        fileErrors_.push_back({fileName, 0, "another scenario already has the id \"" + parsed.scenario->id + "\""});
    } else {
        scenarios_.push_back(std::move(*parsed.scenario));
    }
    ++revision_;
}

const RaceScenario* RacePlayer::find(const std::string& id) const {
    for (const RaceScenario& s : scenarios_)
        if (s.id == id) return &s;
    return nullptr;
}

bool RacePlayer::open(const std::string& id) {
    const RaceScenario* s = find(id);
    if (!s) return false;
    clientsOpen_ = false;
    clientsRunning_ = false;
    open_ = *s;
    original_ = *s;
    position_ = 0;
    play();
    return true;
}

void RacePlayer::openScenario(RaceScenario scenario, RaceScenario original) {
    clientsOpen_ = false;
    clientsRunning_ = false;
    open_ = std::move(scenario);
    original_ = std::move(original);
    position_ = 0;
    play();
}

void RacePlayer::close() {
    clientsOpen_ = false;
    clientsRunning_ = false;
    open_.reset();
    original_.reset();
    engine_.reset();
    playing_ = false;
    ++generation_;   // a reply still on its way is dropped
    timeline_ = {};
    snapshots_.clear();
    failure_.reset();
    position_ = 0;
    ++revision_;
    // Whoever waits for the play to end (window.playground.race) hears now that it will not.
    std::vector<std::function<void()>> waiting;
    waiting.swap(whenPlayed_);
    for (auto& callback : waiting) callback();
}

bool RacePlayer::edited() const {
    if (!open_) return false;
    const RaceScenario* file = original_ ? &*original_ : nullptr;
    if (!file || file->steps.size() != open_->steps.size()) return true;
    for (size_t i = 0; i < file->steps.size(); ++i)
        if (file->steps[i].session != open_->steps[i].session || file->steps[i].sql != open_->steps[i].sql) return true;
    return false;
}

size_t RacePlayer::reachable() const {
    if (playing_) return position_;
    if (failure_) return failure_->step ? *failure_->step : 0;
    return total();
}

void RacePlayer::step() {
    if (position_ < reachable()) ++position_, ++revision_;
}

void RacePlayer::back() {
    if (position_ > 0) --position_, ++revision_;
}

void RacePlayer::rewind() {
    position_ = 0;
    ++revision_;
}

void RacePlayer::runToEnd() {
    position_ = reachable();
    ++revision_;
}

std::vector<std::string> RacePlayer::canGoNext() const {
    std::vector<std::string> out;
    if (!open_ || playing_) return out;
    for (const std::string& session : open_->sessions) {
        const bool hasMore = std::any_of(open_->steps.begin() + static_cast<long>(position_), open_->steps.end(),
                                         [&](const RaceStep& s) { return s.session == session; });
        if (hasMore && waitingFor(session).empty()) out.push_back(session);
    }
    return out;
}

void RacePlayer::chooseNext(const std::string& session) {
    if (!open_ || position_ >= open_->steps.size()) return;
    auto from = std::find_if(open_->steps.begin() + static_cast<long>(position_), open_->steps.end(),
                             [&](const RaceStep& s) { return s.session == session; });
    if (from == open_->steps.end()) return;
    // Moving it to the position keeps every session's own order: the statements it jumps over
    // all belong to other sessions.
    std::rotate(open_->steps.begin() + static_cast<long>(position_), from, from + 1);
    ++position_;
    play();
}

void RacePlayer::editStatement(size_t step, const std::string& typed) {
    // Cut as a scenario file's line is: "BEGIN;" is the statement BEGIN. Two statements stay as
    // typed, and the engine says a step holds one.
    const std::vector<SqlStatement> statements = splitSqlScript(typed);
    const std::string sql = statements.size() == 1 ? statements[0].text : typed;
    if (!open_ || step >= open_->steps.size() || open_->steps[step].sql == sql) return;
    open_->steps[step].sql = sql;
    play();
}

void RacePlayer::restoreOriginal() {
    if (!open_) return;
    if (original_) open_ = *original_;
    position_ = std::min(position_, total());
    play();
}

void RacePlayer::openClients() {
    close();
    clientsOpen_ = true;
    ++revision_;
}

void RacePlayer::runClients(int clients, int increments) {
    if (!clientsOpen_) openClients();
    if (!started_ && start_) start_();
    started_ = true;
    clientsOutcomes_.clear();
    clientsRunning_ = true;
    ++revision_;
    runStrategy(0, clients, increments, ++generation_);
}

// One strategy at a time, each from an emptied database, then the next.
void RacePlayer::runStrategy(size_t index, int clients, int increments, unsigned generation) {
    if (index >= std::size(kClientStrategies)) {
        clientsRunning_ = false;
        engine_.reset();
        schedule_.reset();
        ++revision_;
        return;
    }
    RunOptions options;
    options.internal = true;
    options.startsFresh = true;
    options.timeoutMs = kStatementLimitMs;
    const double startedMs = nowMs();
    database_.run(lessonResetSql(), options, [=](const QueryResult& r) {
        if (generation != generation_) return;
        if (!r.ok) {
            ClientsOutcome failed;
            failed.strategy = kClientStrategies[index];
            failed.clients = clients;
            failed.increments = increments;
            failed.expected = static_cast<long>(clients) * increments;
            failed.failure = "the race's database could not be emptied: " + (r.error ? r.error->message : "");
            clientsOutcomes_.push_back(failed);
            return runStrategy(index + 1, clients, increments, generation);
        }
        schedule_.emplace(kClientStrategies[index], clients, increments);
        ClientsSchedule* schedule = &*schedule_;
        engine_.emplace(schedule->scenario(), false,
                        [schedule](const RaceEngine& engine) { return schedule->next(engine); });
        engine_->letFirstWaiterWin();   // totals, not one exact interleaving (see race_clients.h)
        pumpClients(generation, index, clients, increments, startedMs);
    });
}

void RacePlayer::pumpClients(unsigned generation, size_t index, int clients, int increments, double startedMs) {
    const std::string* script = engine_->nextScript();
    if (!script) {
        ClientsOutcome out = schedule_->outcome(*engine_);
        out.ms = nowMs() - startedMs;
        clientsOutcomes_.push_back(std::move(out));
        ++revision_;
        return runStrategy(index + 1, clients, increments, generation);
    }
    RunOptions options;
    options.internal = true;
    options.timeoutMs = kStatementLimitMs;
    database_.run(*script, options, [=](const QueryResult& r) {
        if (generation != generation_ || !engine_) return;
        engine_->deliver(r);
        pumpClients(generation, index, clients, increments, startedMs);
    });
}

RaceStepState RacePlayer::stateOf(size_t step) const {
    if (step >= position_ || step >= timeline_.steps.size()) return RaceStepState::NotIssued;
    const RaceStepOutcome& o = timeline_.steps[step];
    // Released after step j: still waiting while only steps up to j have been issued.
    if (o.blocked && (!o.releasedAfter || *o.releasedAfter >= position_)) return RaceStepState::Waiting;
    if (o.result && o.result->rfind("ERROR ", 0) == 0) return RaceStepState::Failed;
    return RaceStepState::Done;
}

const RaceStepSnapshot* RacePlayer::snapshotNow() const {
    if (playing_ || snapshots_.empty()) return nullptr;
    return &snapshots_[std::min(position_, snapshots_.size() - 1)];
}

std::vector<std::string> RacePlayer::waitingFor(const std::string& session) const {
    const RaceStepSnapshot* now = snapshotNow();
    if (!now) return {};
    for (const RaceSessionState& s : now->sessions)
        if (s.name == session && s.waitingStep) return {s.waitsFor.begin(), s.waitsFor.end()};
    return {};
}

void RacePlayer::whenPlayed(std::function<void()> callback) {
    if (!playing_) {
        callback();
        return;
    }
    whenPlayed_.push_back(std::move(callback));
}

void RacePlayer::play() {
    if (!open_) return;
    if (!started_ && start_) start_();
    started_ = true;
    const unsigned generation = ++generation_;
    playing_ = true;
    timeline_ = {};
    snapshots_.clear();
    failure_.reset();
    ++revision_;
    RunOptions options;
    options.internal = true;
    options.startsFresh = true;
    options.timeoutMs = kStatementLimitMs;
    database_.run(lessonResetSql(), options, [this, generation](const QueryResult& r) {
        if (generation != generation_) return;
        if (!r.ok) {
            failure_ = RaceFailure{RaceFailure::Kind::EngineFailed, std::nullopt, 0,
                                   "the race's database could not be emptied: " + (r.error ? r.error->message : "")};
            return finished();
        }
        engine_.emplace(*open_, true);
        pump(generation);
    });
}

void RacePlayer::pump(unsigned generation) {
    const std::string* script = engine_->nextScript();
    if (!script) {
        timeline_ = engine_->timeline();
        snapshots_ = engine_->snapshots();
        failure_ = engine_->failure();
        return finished();
    }
    RunOptions options;
    options.internal = true;
    options.timeoutMs = kStatementLimitMs;
    database_.run(*script, options, [this, generation](const QueryResult& r) {
        if (generation != generation_ || !engine_) return;
        engine_->deliver(r);
        pump(generation);
    });
}

void RacePlayer::finished() {
    playing_ = false;
    position_ = std::min(position_, reachable());
    ++revision_;
    std::vector<std::function<void()>> waiting;
    waiting.swap(whenPlayed_);
    for (auto& callback : waiting) callback();
}

}  // namespace pgplay
