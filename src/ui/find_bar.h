// The editor's find and replace bar (Ctrl+F, Ctrl+H): a row above the text with the search
// field, the match count, previous and next, match case and whole word, and, for replace, a
// second row with the replacement and Replace / All. Enter goes to the next match, Shift+Enter
// to the previous one; in the replacement, Enter replaces the current match; Tab moves between
// the fields. Escape closes the bar and leaves the match selected in the editor.
#pragma once

#include <string>

#include "core/text_search.h"
#include "imgui.h"
#include "ui/fonts.h"

namespace pgplay {

struct FindBarIntents {
    bool searchChanged = false;   // the text searched for or an option changed
    bool next = false;
    bool previous = false;
    bool replaceOne = false;
    bool replaceAll = false;
    bool close = false;
};

class FindBar {
public:
    void open(bool withReplace, const std::string& searchFor);
    void close() { open_ = false; }
    bool isOpen() const { return open_; }
    float height() const;   // of the rows it draws

    // `matches` and `current` (0-based; matches when none) for the count it shows.
    FindBarIntents draw(float width, size_t matches, size_t current, const Fonts& fonts);

    std::string needle() const { return find_; }
    std::string replacement() const { return replace_; }
    SearchOptions options() const { return options_; }

private:
    bool open_ = false;
    bool withReplace_ = false;
    bool focusFind_ = false;
    bool focusReplace_ = false;
    bool fieldActive_ = false;   // one of its fields had the keyboard last frame
    bool replaceWasActive_ = false;
    char find_[512] = {};
    char replace_[512] = {};
    SearchOptions options_;
};

}  // namespace pgplay
