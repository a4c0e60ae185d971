// The SQL editor: ImGui's multi-line text input for editing (cursor, selection, undo,
// clipboard, IME text), with pgplay's own drawing on top of it: SQL colours from the core
// lexer, line numbers, a caret, and the error position marked where PostgreSQL pointed.
//
// ImGui's own text is drawn transparent and the coloured text is drawn at exactly the same
// places (same font, same glyph advances, same scroll), so editing stays ImGui's job and the
// view never re-implements a text editor.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/sql_script.h"
#include "imgui.h"
#include "ui/fonts.h"

struct ImGuiWindow;

namespace pgplay {

struct EditorIntents {
    bool run = false;     // Ctrl+Enter / Cmd+Enter
    bool check = false;   // Ctrl+Shift+Enter: check the answer of the open lesson step
    bool explain = false; // Ctrl+E / Cmd+E: explain the statement under the cursor
};

class EditorView {
public:
    EditorView();

    EditorIntents draw(const char* id, ImVec2 size, const Fonts& fonts);

    const std::string& text() const { return text_; }
    void setText(std::string text);     // replaces everything (history, API, URL)
    void focus() { focusRequested_ = true; }

    // The selected byte range [first, second); first == second when nothing is selected.
    std::pair<size_t, size_t> selection() const { return {selectionStart_, selectionEnd_}; }

    // Marks PostgreSQL's error position (a byte offset into text()) until the text changes.
    void markError(size_t byteOffset, std::string message);
    void clearError() { errorOffset_.reset(); }
    void moveCursorTo(size_t byteOffset);
    unsigned revision() const { return revision_; }   // changes whenever the text does

private:
    static int inputCallback(ImGuiInputTextCallbackData* data);
    void retokenize();
    void drawOverlay(ImGuiWindow* child, ImGuiID id, const Fonts& fonts, float gutterWidth, ImVec2 gutterMin);
    size_t lineOf(size_t byteOffset) const;

    std::string text_;
    unsigned revision_ = 0;
    std::vector<Token> tokens_;
    std::vector<size_t> lineStarts_;   // byte offset of each line's first byte

    size_t cursor_ = 0, selectionStart_ = 0, selectionEnd_ = 0;
    bool active_ = false;
    bool focusRequested_ = true;       // the learner can type as soon as the page opens
    int focusAttempts_ = 0;
    std::optional<size_t> pendingCursor_;
    std::optional<size_t> errorOffset_;
    std::string errorMessage_;
};

}  // namespace pgplay
