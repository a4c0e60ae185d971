// The editor's completion list: a small window under the caret with the candidates
// core/sql_completion offers, the chosen one highlighted and its detail beside it.
//
// It never takes keyboard focus: the editor keeps the caret and the learner keeps typing. While
// it is open, the keys it answers (arrows, Page Up/Down, Tab, Enter) are taken before the text
// input sees them; Escape closes it (the editor owns Escape already). A click on a candidate
// accepts it.
#pragma once

#include <optional>

#include "core/sql_completion.h"
#include "imgui.h"
#include "ui/fonts.h"

namespace pgplay {

class CompletionPopup {
public:
    bool isOpen() const { return open_; }
    const Completions& completions() const { return completions_; }
    size_t selected() const { return selected_; }

    // Shows `c` (closes when it has no candidates). Keeps the highlighted name when it is still
    // offered, so typing on does not jump the highlight back to the top.
    void show(Completions c);
    void close();
    // Whether any editor's list is open now: the page asks before it lets Escape-then-Tab leave
    // the editor (an Escape that closed the list does not count).
    static bool anyOpen();

    // Before the editor's text input: moves the highlight, closes on Escape, and returns the
    // candidate Tab or Enter accepted. The keys it answers are taken from everyone else.
    std::optional<size_t> handleKeys();

    // After the text input: draws the list with its top-left at `anchor` (under the caret),
    // kept inside the viewport, above the caret when there is no room below (`lineHeight` up).
    // Returns the candidate clicked.
    std::optional<size_t> draw(ImVec2 anchor, float lineHeight, const Fonts& fonts);

private:
    Completions completions_;
    bool open_ = false;
    size_t selected_ = 0;
    bool scrollToSelected_ = false;
};

}  // namespace pgplay
