// The sandbox's script tabs above the editor: one tab per named script, "+" for a new one, and
// a "..." menu (also on a tab's right click) to rename, download, open a .sql file or close.
// Double-clicking a tab renames it. Draws SandboxScripts and returns what the learner asked for;
// the Playground does it.
#pragma once

#include <optional>
#include <string>

#include "core/sandbox_scripts.h"
#include "imgui.h"

namespace pgplay {

struct ScriptTabIntents {
    std::optional<size_t> select;
    bool add = false;
    std::optional<size_t> close;
    std::optional<std::pair<size_t, std::string>> rename;
    std::optional<size_t> download;
    bool openFile = false;
    bool format = false;
    bool backToEditor = false;   // the rename dialog closed: the keyboard goes back to the editor
};

class ScriptTabs {
public:
    ScriptTabIntents draw(const SandboxScripts& scripts);
    // The rename field still to focus, or a double-click's release to wait for.
    bool framePending() const { return focusNameFrames_ > 0 || renameOnRelease_.has_value(); }

private:
    void startRename(const SandboxScripts& scripts, size_t index);
    std::optional<size_t> renaming_;   // the script whose rename dialog is open
    bool openRename_ = false;          // open the dialog at this frame's end
    size_t menuScript_ = 0;            // the script the "..." menu is about
    std::optional<size_t> renameOnRelease_;   // double-clicked: rename when the button is up
    char nameBuffer_[SandboxScripts::kMaxNameBytes + 8] = {};
    int focusNameFrames_ = 0;          // frames left to give the name field the keyboard
    size_t shownActive_ = static_cast<size_t>(-1);   // the active script the tab bar last showed
};

}  // namespace pgplay
