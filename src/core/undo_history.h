// The editor's undo and redo, in steps a person expects: a typed word (with the spaces after it)
// is one step, a run of Backspaces is one step, a paste or a completion is one step of its own,
// and a pause starts a new step. ImGui's text input would undo one character at a time.
//
// Kept as the changes themselves (where, what was removed, what was inserted), not as copies of
// the text, so a 1 MB script with a long history stays small. Plain C++: the editor view records
// into it and applies what undo() and redo() return.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgplay {

class UndoHistory {
public:
    // How a change came about; typing and deleting group, the others stand alone.
    enum class Origin { Typing, Paste, Command };

    explicit UndoHistory(size_t maxSteps = 500) : maxSteps_(maxSteps) {}

    // The text went from `before` to `after` (the cursor from `cursorBefore` to `cursorAfter`)
    // at time `seconds`. Forgets whatever could have been redone.
    void record(std::string_view before, std::string_view after, size_t cursorBefore, size_t cursorAfter,
                double seconds, Origin origin = Origin::Typing);
    // Ends the step being typed: the next change starts a new one (the cursor was moved away).
    void closeStep() { open_ = false; }

    struct Restored {
        std::string text;
        size_t cursor = 0;
    };
    // Takes back the newest step from `text` (which must be what the last record() left), or
    // nullopt when there is nothing to undo.
    std::optional<Restored> undo(std::string_view text);
    std::optional<Restored> redo(std::string_view text);
    bool canUndo() const { return done_ > 0; }
    bool canRedo() const { return done_ < steps_.size(); }
    void clear();

private:
    struct Change {
        size_t at = 0;
        std::string removed;
        std::string inserted;
        size_t cursorBefore = 0, cursorAfter = 0;
    };
    using Step = std::vector<Change>;
    bool continuesStep(const Change& c, double seconds, Origin origin) const;

    std::deque<Step> steps_;
    size_t done_ = 0;          // steps_[0, done_) are applied; the rest can be redone
    size_t maxSteps_;
    bool open_ = false;        // the newest step may still grow
    double lastSeconds_ = 0;
};

}  // namespace pgplay
