// What the race view shows and does, without drawing: the scenarios the page handed over, the one
// open, where the learner is in it (how many steps issued), and its outcome as the engine played
// it on the race's own database (never the learner's sandbox).
//
// The engine always plays the whole scenario, from a freshly emptied database; the position only
// says how much of that the lanes reveal. A statement issued at step i that waits until step j
// shows as waiting while the position is at or before j. Changing who goes next, or editing a
// statement, changes the scenario and plays it again from the start, as the engine is exact only
// from a known beginning.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "database.h"
#include "lesson_parser.h"
#include "race_clients.h"
#include "race_engine.h"
#include "race_scenario.h"

namespace pgplay {

enum class RaceStepState {
    NotIssued,   // after the position
    Done,        // answered: result shown
    Waiting,     // issued, still waits (for whom: waitingFor())
    Failed,      // answered with an error
};

class RacePlayer {
public:
    // `database`: the race's own database. `start`: called before its first use (the browser
    // starts the race's PGlite worker only when a race is opened).
    explicit RacePlayer(Database& database, std::function<void()> start = {});

    // Scenario files (lessons/races/*.txt). A file with errors is listed in fileErrors().
    void addScenarioFile(const std::string& fileName, const std::string& text);
    const std::vector<RaceScenario>& scenarios() const { return scenarios_; }
    const std::vector<LessonError>& fileErrors() const { return fileErrors_; }
    const RaceScenario* find(const std::string& id) const;

    // Opens a scenario and plays it; false for an unknown id.
    bool open(const std::string& id);
    // Opens a scenario that is not one of the files (a lesson step's race, as the learner wrote
    // it) and plays it; "Restore the original" goes back to `original` (the step's starter).
    void openScenario(RaceScenario scenario, RaceScenario original);
    void close();
    bool isOpen() const { return open_.has_value(); }
    const RaceScenario& scenario() const { return *open_; }   // as played: the learner's order and edits
    bool edited() const;                                      // differs from the file

    bool playing() const { return playing_; }   // the engine is still at it
    size_t position() const { return position_; }   // steps issued, 0..total()
    size_t total() const { return open_ ? open_->steps.size() : 0; }
    // How far the learner can step: the whole scenario, or up to the step the engine refused.
    size_t reachable() const;

    void step();     // one more statement
    void back();     // one fewer
    void rewind();   // to before the first statement
    void runToEnd();
    // Issues `session`'s next statement now: it moves ahead of the others' statements (each
    // session keeps its own order) and the scenario is played again.
    void chooseNext(const std::string& session);
    // Sessions whose next statement could be issued now (it has one left, and is not waiting).
    std::vector<std::string> canGoNext() const;
    void editStatement(size_t step, const std::string& typed);
    void restoreOriginal();

    // The outcome of the last complete play (empty while playing).
    const RaceTimeline& timeline() const { return timeline_; }
    const std::vector<RaceStepSnapshot>& snapshots() const { return snapshots_; }
    const std::optional<RaceFailure>& failure() const { return failure_; }
    RaceStepState stateOf(size_t step) const;
    // The state after the position: sessions, locks, tables (nullptr before the first play ends).
    const RaceStepSnapshot* snapshotNow() const;
    std::vector<std::string> waitingFor(const std::string& session) const;
    bool atEnd() const { return !playing_ && position_ == total() && position_ == reachable(); }

    // The many-clients race (race_clients.h): shown instead of a scenario; run() plays the four
    // strategies one after another with `clients` clients adding 1 `increments` times each.
    void openClients();
    bool clientsOpen() const { return clientsOpen_; }
    void runClients(int clients, int increments);
    bool clientsRunning() const { return clientsRunning_; }
    const std::vector<ClientsOutcome>& clientsOutcomes() const { return clientsOutcomes_; }

    // Called once when the current play ends (window.playground.race waits on it).
    void whenPlayed(std::function<void()> callback);
    // Bumps whenever anything shown changes.
    unsigned revision() const { return revision_; }

private:
    void play();
    void pump(unsigned generation);
    void finished();
    void runStrategy(size_t index, int clients, int increments, unsigned generation);
    void pumpClients(unsigned generation, size_t index, int clients, int increments, double startedMs);

    Database& database_;
    std::function<void()> start_;
    bool started_ = false;
    std::vector<RaceScenario> scenarios_;
    std::vector<LessonError> fileErrors_;
    std::optional<RaceScenario> open_;
    std::optional<RaceScenario> original_;   // what edited() compares with: the file, or openScenario's
    std::optional<RaceEngine> engine_;
    bool playing_ = false;
    unsigned generation_ = 0;
    size_t position_ = 0;
    RaceTimeline timeline_;
    std::vector<RaceStepSnapshot> snapshots_;
    std::optional<RaceFailure> failure_;
    std::vector<std::function<void()>> whenPlayed_;
    bool clientsOpen_ = false;
    bool clientsRunning_ = false;
    std::vector<ClientsOutcome> clientsOutcomes_;
    std::optional<ClientsSchedule> schedule_;
    unsigned revision_ = 0;
};

}  // namespace pgplay
