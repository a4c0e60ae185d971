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

#include "core/schema_model.h"
#include "core/sql_script.h"
#include "core/text_commands.h"
#include "core/undo_history.h"
#include "imgui.h"
#include "ui/completion_popup.h"
#include "ui/find_bar.h"
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
    // Replaces everything (history, API, URL). Undoable, unless it opens another document (a
    // script tab, a lesson step), whose undo history then starts empty.
    void setText(std::string text, bool newDocument = false);
    // Takes the keyboard, with the cursor (and selection) where the learner left them.
    void focus();

    // The selected byte range [first, second); first == second when nothing is selected.
    std::pair<size_t, size_t> selection() const { return {selectionStart_, selectionEnd_}; }

    // Marks PostgreSQL's error position (a byte offset into text()) until the text changes.
    void markError(size_t byteOffset, std::string message);
    void clearError() { errorOffset_.reset(); }
    void moveCursorTo(size_t byteOffset);
    unsigned revision() const { return revision_; }   // changes whenever the text does

    // The schema completion offers names from (the database the editor runs on); may be null.
    void setSchema(const SchemaSnapshot* schema) { schema_ = schema; }
    bool completionOpen() const { return completion_.isOpen(); }
    // Formats the selection, or the whole script (Ctrl+Shift+F; core/sql_format). Undoable.
    void format();
    // Work for the next frame: taking the keyboard, an edit to apply. The page draws no frame
    // unless something asks for one.
    // Only while the editor is on screen: a phone's Lesson tab hides it, and its wish for the
    // keyboard then waits without drawing frames.
    bool framePending() const {
        const bool shown = lastDrawnFrame_ == ImGui::GetFrameCount();
        return shown && ((focusRequested_ && !focusWaitsForDialog_) || pendingEdit_.has_value());
    }

private:
    // A change to the text made by the editor itself (a completion accepted, ...): bytes
    // [begin, end) become `text` and the cursor goes to `cursorAfter`. Applied inside the text
    // input's callback while it is active, so ImGui's own copy of the text agrees.
    struct Edit {
        size_t begin = 0, end = 0;
        std::string text;
        size_t selectionBegin = 0, selectionEnd = 0;   // after the edit; equal: the cursor
        UndoHistory::Origin origin = UndoHistory::Origin::Command;
        bool undoing = false;                          // an undo or redo: not recorded again
        bool focusEditor = true;                       // false: the find bar keeps the keyboard
    };
    void applyEdit(Edit edit);
    void applyTextEdit(const TextEdit& e, UndoHistory::Origin origin);
    void restore(const UndoHistory::Restored& r);
    void handleEditingKeys();   // undo, redo, comment, indent, Enter, go to the error
    float drawFindBar(float width, const Fonts& fonts);   // returns the height it took
    void findMatches();         // matches_ for the find bar's text, current one after the cursor
    void selectRange(size_t begin, size_t end);   // select in the editor and give it focus
    void updateCompletion(bool typedWordChar, bool forced);
    void acceptCompletion(size_t index);

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
    bool focusWaitsForDialog_ = false;   // a dialog over the editor has the keyboard
    int lastDrawnFrame_ = -1;            // ImGui's frame count when draw() last ran
    std::optional<std::pair<size_t, size_t>> pendingSelection_;   // applied once the input is active
    std::optional<Edit> pendingEdit_;
    std::optional<Edit> appliedEdit_;   // the editor's own edit the input made this frame
    UndoHistory undo_;
    std::string undoBaseline_;         // the text as the undo history last saw it
    size_t baselineCursor_ = 0;
    const SchemaSnapshot* schema_ = nullptr;
    CompletionPopup completion_;
    size_t completionCursor_ = 0;       // where the list was last computed
    ImVec2 caretBelow_ = ImVec2(0, 0);  // screen position under the caret (the list's anchor)
    bool caretVisible_ = false;
    float lineHeight_ = 0;
    FindBar find_;
    std::vector<size_t> matches_;       // where the find bar's text occurs
    size_t currentMatch_ = 0;
    unsigned matchesRevision_ = 0;      // the text revision matches_ were found in
    std::optional<size_t> revealOffset_;   // scroll the editor to show this byte
    std::optional<size_t> errorOffset_;
    std::string errorMessage_;
};

}  // namespace pgplay
