// The race view: a scenario's sessions side by side as swimlanes, one row per statement in the
// order they are issued, each with its state (done with its result, waiting and on whom, failed
// with its SQLSTATE); Step / Back / Start / Run to the end; who goes next; a statement edited in
// place; the tables and the locks after the current step; the checks at the end. It reads the
// RacePlayer (core) and returns intents; the app carries them out.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "core/race_player.h"
#include "core/schema_model.h"
#include "ui/editor_view.h"
#include "ui/fonts.h"

namespace pgplay {

struct RaceIntents {
    bool close = false;
    bool step = false;
    bool back = false;
    bool rewind = false;
    bool runToEnd = false;
    bool restore = false;
    std::optional<std::string> chooseNext;                  // a session name
    std::optional<std::pair<size_t, std::string>> edit;     // step, new statement
    std::optional<std::string> open;                        // a scenario id (from the list)
    bool openClients = false;                               // the many-clients race
    std::optional<std::pair<int, int>> runClients;          // clients, increments each
};

class RaceView {
public:
    // The open scenario (player.isOpen()).
    RaceIntents draw(const RacePlayer& player, const Fonts& fonts, bool embedded);
    // The sidebar's list of scenarios.
    RaceIntents drawList(const RacePlayer& player);
    // The many-clients race (player.clientsOpen()).
    RaceIntents drawClients(const RacePlayer& player, const Fonts& fonts, bool embedded);

private:
    void drawControls(const RacePlayer& player, RaceIntents& intents);
    void drawLanes(const RacePlayer& player, const Fonts& fonts);
    void drawStatement(const RacePlayer& player, size_t step, const Fonts& fonts);
    void drawExplanation(const RacePlayer& player);
    void drawTables(const RacePlayer& player, const Fonts& fonts);
    void drawLocks(const RacePlayer& player);
    void drawChecks(const RacePlayer& player, const Fonts& fonts);
    void drawEditPopup(RaceIntents& intents, const Fonts& fonts);   // the statement in an editor of its own

    void drawClientsChart(const RacePlayer& player);

    int clients_ = 4;
    int increments_ = 10;
    std::optional<size_t> editing_;   // the step whose statement the popup edits
    std::string editText_;
    EditorView statementEditor_;         // the popup's editor: colours, completion, undo
    SchemaSnapshot scenarioSchema_;      // the tables the scenario's setup makes, for completion
    bool openEditPopup_ = false;
    std::string scrolledFor_;         // scroll the current step into view when it changes
    size_t lastPosition_ = 0;
};

}  // namespace pgplay
