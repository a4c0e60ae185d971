// How tall an embed would like its frame to be, so the page around it can size the iframe to
// the exercise instead of guessing: the editor as tall as its SQL (within limits) and the grid
// as tall as a few rows of the result. Plain arithmetic over what the UI measured, so it is
// tested natively; the UI reports the answer to the page (playground:resize).
#pragma once

namespace pgplay {

struct EmbedLayoutInput {
    float toolbarHeight = 0;   // from the top of the frame to the editor, in CSS pixels
    float lineHeight = 0;      // one line of SQL or one grid row
    int editorLines = 1;       // lines of text in the editor
    enum class Below { Nothing, Rows, Message } below = Below::Nothing;   // under the editor
    int resultRows = 0;        // Below::Rows: rows in the result shown
    bool paneView = false;     // a lesson step or race scenario: its own, fuller layout
};

struct EmbedLayout {
    float editorHeight = 0;     // the editor, fitted to its lines
    float preferredHeight = 0;  // the whole frame, rounded to whole 4 px
};

inline constexpr float kEmbedMinHeight = 240;
inline constexpr float kEmbedMaxHeight = 900;
inline constexpr float kEmbedPaneHeight = 560;   // a lesson step or race scenario

EmbedLayout embedLayout(const EmbedLayoutInput& in);

}  // namespace pgplay
