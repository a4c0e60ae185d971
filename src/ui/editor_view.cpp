#include "ui/editor_view.h"

#include <algorithm>
#include <cctype>

#include "imgui_internal.h"
#include "core/sql_format.h"
#include "core/text_search.h"
#include "core/text_util.h"
#include "ui/theme.h"

namespace pgplay {
namespace {

ImU32 colorOf(TokenKind kind) {
    switch (kind) {
    case TokenKind::Keyword: return theme::kKeyword;
    case TokenKind::String: return theme::kString;
    case TokenKind::Number: return theme::kNumber;
    case TokenKind::Comment: return theme::kComment;
    case TokenKind::Operator: return theme::kOperator;
    case TokenKind::Punctuation: return theme::kPunctuation;
    case TokenKind::Parameter: return theme::kNumber;
    case TokenKind::Unterminated: return theme::kUnterminated;
    default: return theme::kIdentifier;
    }
}

// Width of one code point exactly as ImGui's text input measures it.
float advanceOf(ImFont* font, float scale, unsigned int c) {
    return font->GetCharAdvance(static_cast<ImWchar>(c)) * scale;
}

}  // namespace

EditorView::EditorView() { retokenize(); }

void EditorView::setText(std::string text, bool newDocument) {
    // While the input is active ImGui edits its own copy of the text and would write it back
    // over ours: deactivate it first, and give it focus again (it then reads the new text).
    const ImGuiID activeId = ImGui::GetActiveID();
    if (active_ || (activeId != 0 && activeId == ImGui::GetCurrentContext()->InputTextState.ID)) {
        ImGui::ClearActiveID();
        active_ = false;
        focusRequested_ = true;
    }
    // Replacing the learner's text (a history entry, a lesson's SQL) can be undone.
    if (newDocument) undo_.clear();
    else if (!text_.empty() && text != text_) undo_.record(text_, text, cursor_, 0, ImGui::GetTime(), UndoHistory::Origin::Command);
    text_ = std::move(text);
    undoBaseline_ = text_;
    baselineCursor_ = 0;
    pendingEdit_.reset();
    completion_.close();
    cursor_ = selectionStart_ = selectionEnd_ = 0;
    errorOffset_.reset();
    retokenize();
}

void EditorView::focus() {
    focusRequested_ = true;
    // Another text field (the rename dialog, the find bar) used ImGui's one text-input state
    // meanwhile, and activating the editor again would start it at the top of the text.
    if (!pendingSelection_) {
        const bool selected = selectionStart_ != selectionEnd_;
        pendingSelection_ = selected ? std::make_pair(selectionStart_, selectionEnd_) : std::make_pair(cursor_, cursor_);
    }
}

void EditorView::moveCursorTo(size_t byteOffset) {
    const size_t at = std::min(byteOffset, text_.size());
    pendingSelection_ = std::make_pair(at, at);
    focusRequested_ = true;
}

void EditorView::markError(size_t byteOffset, std::string message) {
    errorOffset_ = std::min(byteOffset, text_.size());
    errorMessage_ = std::move(message);
}

void EditorView::applyEdit(Edit edit) {
    if (active_) {
        pendingEdit_ = std::move(edit);   // the text input's callback applies it this frame
        return;
    }
    // Not being edited (a click on the completion list, the find bar or a menu has the focus):
    // change the text here, and give the editor its focus back with the cursor where the edit
    // puts it, unless the find bar keeps the keyboard.
    const size_t begin = std::min(edit.begin, text_.size());
    const size_t end = std::clamp(edit.end, begin, text_.size());
    text_.replace(begin, end - begin, edit.text);
    if (!edit.undoing) undo_.record(undoBaseline_, text_, baselineCursor_, edit.selectionEnd, ImGui::GetTime(), edit.origin);
    undoBaseline_ = text_;
    baselineCursor_ = edit.selectionEnd;
    retokenize();
    errorOffset_.reset();
    if (edit.focusEditor) moveCursorTo(edit.selectionEnd);
    cursor_ = selectionStart_ = selectionEnd_ = std::min(edit.selectionEnd, text_.size());
}

void EditorView::format() {
    // The selection, or else the whole script; one undo step takes it back.
    const bool selected = selectionStart_ != selectionEnd_ && selectionEnd_ <= text_.size();
    const size_t begin = selected ? selectionStart_ : 0, end = selected ? selectionEnd_ : text_.size();
    std::string formatted = formatSqlScript(std::string_view(text_).substr(begin, end - begin));
    if (formatted == std::string_view(text_).substr(begin, end - begin)) return;
    Edit edit;
    edit.begin = begin;
    edit.end = end;
    edit.selectionBegin = selected ? begin : 0;
    edit.selectionEnd = begin + formatted.size();
    if (!selected) edit.selectionBegin = edit.selectionEnd = std::min(cursor_, formatted.size());
    edit.text = std::move(formatted);
    applyEdit(std::move(edit));
}

void EditorView::selectRange(size_t begin, size_t end) {
    begin = std::min(begin, text_.size());
    pendingSelection_ = std::make_pair(begin, std::clamp(end, begin, text_.size()));
    focusRequested_ = true;
}

void EditorView::findMatches() {
    matches_ = findAll(text_, find_.needle(), find_.options());
    matchesRevision_ = revision_;
    currentMatch_ = nextMatch(matches_, selectionStart_ != selectionEnd_ ? selectionStart_ : cursor_, false).value_or(0);
    if (currentMatch_ < matches_.size()) revealOffset_ = matches_[currentMatch_];
}

float EditorView::drawFindBar(float width, const Fonts& fonts) {
    const float height = find_.height();
    const FindBarIntents bar = find_.draw(width, matches_.size(), currentMatch_, fonts);
    const size_t length = find_.needle().size();
    if (bar.searchChanged || matchesRevision_ != revision_) findMatches();
    const size_t count = matches_.size();
    if (count > 0 && (bar.next || bar.previous)) {
        currentMatch_ = bar.next ? (currentMatch_ + 1) % count : (currentMatch_ + count - 1) % count;
        revealOffset_ = matches_[currentMatch_];
    }
    if (bar.replaceOne && currentMatch_ < count) {
        const size_t at = matches_[currentMatch_];
        const std::string with = find_.replacement();
        Edit edit;
        edit.begin = at;
        edit.end = at + length;
        edit.text = with;
        edit.selectionBegin = edit.selectionEnd = at + with.size();
        edit.focusEditor = false;
        applyEdit(std::move(edit));
        findMatches();   // the next match after the one replaced
    }
    if (bar.replaceAll && count > 0) {
        size_t replaced = 0;
        const std::string all = replaceAll(text_, find_.needle(), find_.replacement(), find_.options(), replaced);
        Edit edit;
        edit.begin = 0;
        edit.end = text_.size();
        edit.text = all;
        edit.focusEditor = false;
        applyEdit(std::move(edit));   // one undo step takes them all back
        findMatches();
    }
    if (bar.close) {
        if (currentMatch_ < matches_.size()) selectRange(matches_[currentMatch_], matches_[currentMatch_] + length);
        else focus();
        matches_.clear();
    }
    return height;
}

void EditorView::applyTextEdit(const TextEdit& e, UndoHistory::Origin origin) {
    Edit edit;
    edit.begin = e.begin;
    edit.end = e.end;
    edit.text = e.text;
    edit.selectionBegin = e.selectionBegin;
    edit.selectionEnd = e.selectionEnd;
    edit.origin = origin;
    applyEdit(std::move(edit));
}

void EditorView::restore(const UndoHistory::Restored& r) {
    // The smallest replacement that turns the text into the restored one, so the input keeps
    // its scroll and the change is cheap for a long script.
    const size_t shorter = std::min(text_.size(), r.text.size());
    size_t prefix = 0;
    while (prefix < shorter && text_[prefix] == r.text[prefix]) ++prefix;
    size_t suffix = 0;
    while (suffix < shorter - prefix && text_[text_.size() - 1 - suffix] == r.text[r.text.size() - 1 - suffix]) ++suffix;
    Edit edit;
    edit.begin = prefix;
    edit.end = text_.size() - suffix;
    edit.text = r.text.substr(prefix, r.text.size() - suffix - prefix);
    edit.selectionBegin = edit.selectionEnd = r.cursor;
    edit.undoing = true;
    applyEdit(std::move(edit));
}

void EditorView::handleEditingKeys() {
    const ImGuiIO& io = ImGui::GetIO();
    // ImGui leaves its selection ends anywhere (equal) when nothing is selected: the cursor then.
    const bool selected = selectionStart_ != selectionEnd_;
    const size_t selectionStart = selected ? selectionStart_ : cursor_;
    const size_t selectionEnd = selected ? selectionEnd_ : cursor_;
    const bool command = io.KeyCtrl || io.KeySuper;
    const bool plain = !io.KeyCtrl && !io.KeySuper && !io.KeyAlt;
    const ImGuiID owner = ImGui::GetID("##editor-commands");
    auto pressed = [&](ImGuiKey key, bool repeat) {
        if (!ImGui::IsKeyPressed(key, repeat)) return false;
        ImGui::SetKeyOwner(key, owner, ImGuiInputFlags_LockThisFrame);   // the text input must not act on it too
        return true;
    };
    if (command && !io.KeyAlt) {
        const bool undo = !io.KeyShift && pressed(ImGuiKey_Z, true);
        const bool redo = (io.KeyShift && pressed(ImGuiKey_Z, true)) || (!io.KeyShift && pressed(ImGuiKey_Y, true));
        if (undo) {
            if (auto r = undo_.undo(text_)) restore(*r);
        } else if (redo) {
            if (auto r = undo_.redo(text_)) restore(*r);
        } else if (!io.KeyShift && pressed(ImGuiKey_Slash, false)) {
            applyTextEdit(toggleLineComment(text_, selectionStart, selectionEnd), UndoHistory::Origin::Command);
        } else if (io.KeyShift && pressed(ImGuiKey_F, false)) {
            format();
        }
        return;
    }
    if (!plain) return;
    if (pressed(ImGuiKey_Tab, true)) {
        if (io.KeyShift) {
            applyTextEdit(indentLines(text_, selectionStart, selectionEnd, true), UndoHistory::Origin::Command);
        } else if (selected) {
            applyTextEdit(indentLines(text_, selectionStart, selectionEnd, false), UndoHistory::Origin::Command);
        } else {
            TextEdit e{cursor_, cursor_, std::string(kIndent), cursor_ + kIndent.size(), cursor_ + kIndent.size()};
            applyTextEdit(e, UndoHistory::Origin::Typing);
        }
    } else if (!io.KeyShift && (pressed(ImGuiKey_Enter, true) || pressed(ImGuiKey_KeypadEnter, true))) {
        applyTextEdit(newLineKeepingIndent(text_, selectionStart, selectionEnd), UndoHistory::Origin::Typing);
    } else if (!io.KeyShift && pressed(ImGuiKey_F8, false) && errorOffset_) {
        moveCursorTo(*errorOffset_);   // go to the error PostgreSQL pointed at
    }
}

void EditorView::updateCompletion(bool typedWordChar, bool forced) {
    static const SchemaSnapshot kNoSchema;   // before the schema is read: keywords, functions, types
    Completions c = completeSql(text_, tokens_, cursor_, schema_ ? *schema_ : kNoSchema);
    completionCursor_ = cursor_;
    // Opened by typing a name (or `.`, `::`), kept while the word goes on, or asked for.
    const bool worthShowing = forced || !c.prefix.empty() || c.explicitContext;
    if (!worthShowing || (!typedWordChar && !forced && !completion_.isOpen())) {
        completion_.close();
        return;
    }
    // A name typed out in full comes first (and alone, there is nothing left to offer).
    auto full = std::find_if(c.candidates.begin(), c.candidates.end(),
                             [&](const CompletionCandidate& k) { return equalsIgnoringCase(k.insert, c.prefix); });
    if (full != c.candidates.end()) {
        if (!forced && c.candidates.size() == 1) {
            completion_.close();
            return;
        }
        std::rotate(c.candidates.begin(), full, full + 1);
    }
    completion_.show(std::move(c));
}

void EditorView::acceptCompletion(size_t index) {
    const Completions& c = completion_.completions();
    if (index >= c.candidates.size()) return;
    const CompletionCandidate& pick = c.candidates[index];
    Edit edit;
    edit.begin = c.replaceBegin;
    edit.end = c.replaceEnd;
    edit.text = pick.insert;
    size_t cursorAfter = c.replaceBegin + pick.insert.size();
    // A function gets its parentheses, with the cursor between them, unless they are there.
    if (pick.kind == CompletionKind::Function && (edit.end >= text_.size() || text_[edit.end] != '(')) {
        edit.text += "()";
        cursorAfter += 1;
    }
    edit.selectionBegin = edit.selectionEnd = cursorAfter;
    completion_.close();
    applyEdit(std::move(edit));
}

void EditorView::retokenize() {
    ++revision_;
    tokens_ = tokenizeSql(text_);
    lineStarts_.assign(1, 0);
    for (size_t i = 0; i < text_.size(); ++i)
        if (text_[i] == '\n') lineStarts_.push_back(i + 1);
}

size_t EditorView::lineOf(size_t byteOffset) const {
    auto it = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), byteOffset);
    return static_cast<size_t>(it - lineStarts_.begin()) - 1;
}

int EditorView::inputCallback(ImGuiInputTextCallbackData* data) {
    auto* self = static_cast<EditorView*>(data->UserData);
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        self->text_.resize(static_cast<size_t>(data->BufTextLen));
        data->Buf = self->text_.data();
        return 0;
    }
    if (data->EventFlag == ImGuiInputTextFlags_CallbackAlways) {
        if (self->pendingEdit_) {
            const Edit& e = *self->pendingEdit_;
            const int length = data->BufTextLen;
            const int begin = static_cast<int>(std::min<size_t>(e.begin, static_cast<size_t>(length)));
            const int end = static_cast<int>(std::clamp<size_t>(e.end, static_cast<size_t>(begin), static_cast<size_t>(length)));
            data->DeleteChars(begin, end - begin);
            data->InsertChars(begin, e.text.data(), e.text.data() + e.text.size());
            data->SelectionStart = static_cast<int>(std::min<size_t>(e.selectionBegin, static_cast<size_t>(data->BufTextLen)));
            data->CursorPos = data->SelectionEnd = static_cast<int>(std::min<size_t>(e.selectionEnd, static_cast<size_t>(data->BufTextLen)));
            self->appliedEdit_ = std::move(self->pendingEdit_);
            self->pendingEdit_.reset();
        }
        if (self->pendingSelection_) {
            const auto limit = static_cast<size_t>(data->BufTextLen);
            data->SelectionStart = static_cast<int>(std::min(self->pendingSelection_->first, limit));
            data->CursorPos = data->SelectionEnd = static_cast<int>(std::min(self->pendingSelection_->second, limit));
            self->pendingSelection_.reset();
        }
        self->cursor_ = static_cast<size_t>(data->CursorPos);
        self->selectionStart_ = static_cast<size_t>(std::min(data->SelectionStart, data->SelectionEnd));
        self->selectionEnd_ = static_cast<size_t>(std::max(data->SelectionStart, data->SelectionEnd));
    }
    return 0;
}

EditorIntents EditorView::draw(const char* id, ImVec2 size, const Fonts& fonts) {
    EditorIntents intents;
    lastDrawnFrame_ = ImGui::GetFrameCount();
    ImGuiIO& io = ImGui::GetIO();
    ImGui::PushFont(fonts.mono);
    const ImGuiID inputId = ImGui::GetID(id);

    // Ctrl+Enter (Cmd+Enter on a Mac) runs; take the key before the text input turns it into a
    // newline or a "validate and deactivate".
    bool modifier = io.KeyCtrl || io.KeySuper;
    if (modifier && (ImGui::IsKeyPressed(ImGuiKey_Enter, false) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, false))) {
        (io.KeyShift ? intents.check : intents.run) = true;
        ImGui::SetKeyOwner(ImGuiKey_Enter, inputId, ImGuiInputFlags_LockThisFrame);
        ImGui::SetKeyOwner(ImGuiKey_KeypadEnter, inputId, ImGuiInputFlags_LockThisFrame);
    }
    // Ctrl+E (Cmd+E): Explain, as the toolbar button ("E" for EXPLAIN; F7, pgAdmin's key, opens
    // the browser's caret-browsing prompt in Chromium, so it is not ours to take).
    if (modifier && !io.KeyShift && !io.KeyAlt && ImGui::IsKeyPressed(ImGuiKey_E, false)) {
        intents.explain = true;
        ImGui::SetKeyOwner(ImGuiKey_E, inputId, ImGuiInputFlags_LockThisFrame);
    }

    // Ctrl+F finds, Ctrl+H replaces (Cmd on a Mac): the bar opens with the selected text.
    if (modifier && !io.KeyShift && !io.KeyAlt && ImGui::GetActiveID() == inputId) {
        const bool findKey = ImGui::IsKeyPressed(ImGuiKey_F, false), replaceKey = ImGui::IsKeyPressed(ImGuiKey_H, false);
        if (findKey || replaceKey) {
            ImGui::SetKeyOwner(findKey ? ImGuiKey_F : ImGuiKey_H, ImGui::GetID("##find-keys"), ImGuiInputFlags_LockThisFrame);
            const bool selected = selectionStart_ != selectionEnd_ && selectionEnd_ <= text_.size();
            find_.open(replaceKey, selected ? text_.substr(selectionStart_, selectionEnd_ - selectionStart_) : std::string());
            completion_.close();
            findMatches();
        }
    }
    if (find_.isOpen()) {
        ImGui::PopFont();
        size.y = std::max(40.0f, size.y - drawFindBar(size.x, fonts));
        ImGui::PushFont(fonts.mono);
    } else if (!matches_.empty()) {
        matches_.clear();
    }

    // Escape must not undo everything typed since the editor took focus (ImGui's text input
    // "cancels" the edit on Escape): it only leaves the editor, and Escape then Tab moves the
    // page's focus on (web/keyboard.js). Owned elsewhere, the key never reaches the input; a
    // popup's IsKeyPressed(Escape) still sees it.
    if (ImGui::GetActiveID() == inputId && ImGui::IsKeyPressed(ImGuiKey_Escape, false))
        ImGui::SetKeyOwner(ImGuiKey_Escape, ImGui::GetID("##escape-keeps-text"));

    // Completion: the open list takes its keys first; Ctrl+Space asks for it anywhere.
    bool typedWordChar = false;
    bool forceCompletion = false;
    ImWchar lastTyped = 0;
    if (ImGui::GetActiveID() == inputId) {
        if (std::optional<size_t> accepted = completion_.handleKeys()) acceptCompletion(*accepted);
        if (!pendingEdit_) handleEditingKeys();
        if (io.KeyCtrl && !io.KeyShift && !io.KeyAlt && ImGui::IsKeyPressed(ImGuiKey_Space, false)) {
            forceCompletion = true;
            ImGui::SetKeyOwner(ImGuiKey_Space, ImGui::GetID("##completion-asked"), ImGuiInputFlags_LockThisFrame);
        }
        // What is typed this frame (the input consumes the queue): a letter, digit, _, $, a
        // quote, `.` or `:` may start or continue a name worth completing.
        for (ImWchar ch : io.InputQueueCharacters) {
            lastTyped = ch;
            typedWordChar = (ch < 128 && (std::isalnum(static_cast<int>(ch)) || ch == '_' || ch == '$' || ch == '.' ||
                                          ch == ':' || ch == '"')) ||
                            ch >= 128;
        }
    } else if (completion_.isOpen() && !ImGui::IsWindowHovered(ImGuiHoveredFlags_AnyWindow)) {
        completion_.close();   // the editor lost focus to something other than the list
    }

    // Gutter for line numbers: wide enough for the largest line number.
    int digits = 1;
    for (size_t n = lineStarts_.size(); n >= 10; n /= 10) ++digits;
    const float charWidth = ImGui::CalcTextSize("0").x;
    const float gutterWidth = charWidth * static_cast<float>(std::max(digits, 2)) + 18.0f;
    const ImVec2 gutterMin = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(gutterMin, ImVec2(gutterMin.x + gutterWidth, gutterMin.y + size.y),
                                              ImGui::GetColorU32(ImGuiCol_FrameBg), ImGui::GetStyle().FrameRounding,
                                              ImDrawFlags_RoundCornersLeft);
    ImGui::SetCursorScreenPos(ImVec2(gutterMin.x + gutterWidth, gutterMin.y));

    // Give the input keyboard focus: activate it the way a click would (queued by ImGui for the
    // next frame). Ask again a few times in case a frame drops the request (window appearing).
    // Not while a dialog is open over the editor (renaming a script): activating the editor
    // would take the keyboard from the dialog's field. The request waits for it to close.
    ImGuiWindow* modal = ImGui::GetTopMostPopupModal();
    const bool underDialog = modal && !ImGui::IsWindowChildOf(ImGui::GetCurrentWindow(), modal, true);
    focusWaitsForDialog_ = underDialog;
    if (focusRequested_ && !underDialog) {
        if (active_ || focusAttempts_ > 30) {
            focusRequested_ = false;
            focusAttempts_ = 0;
        } else {
            ImGui::FocusWindow(ImGui::GetCurrentWindow());
            ImGui::ActivateItemByID(inputId);
            ImGui::GetCurrentContext()->NavNextActivateFlags = ImGuiActivateFlags_PreferInput;
            ++focusAttempts_;
        }
    }
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(0, 0, 0, 0));   // the overlay draws the text
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 0.0f);
    // Undo and redo are the editor's own (UndoHistory: by word, not by character); Tab, Enter and
    // the line commands too (handleEditingKeys), so only plain typing is left to the input.
    const ImGuiInputTextFlags flags = ImGuiInputTextFlags_AllowTabInput | ImGuiInputTextFlags_CallbackResize |
                                      ImGuiInputTextFlags_CallbackAlways | ImGuiInputTextFlags_NoUndoRedo;
    bool edited = ImGui::InputTextMultiline(id, text_.data(), text_.capacity() + 1,
                                            ImVec2(size.x - gutterWidth, size.y), flags, &EditorView::inputCallback, this);
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    active_ = ImGui::IsItemActive();
    if (pendingEdit_ && !active_) {
        // The input let go of the keyboard before its callback could apply the edit: apply it here.
        Edit edit = std::move(*pendingEdit_);
        pendingEdit_.reset();
        applyEdit(std::move(edit));
    }
    if (edited) {
        retokenize();
        errorOffset_.reset();
        // Typing, a paste, a cut, or one of the editor's own edits: into the undo history, unless
        // it was an undo or redo itself.
        const bool undoing = appliedEdit_ && appliedEdit_->undoing;
        if (!undoing) {
            const UndoHistory::Origin origin = appliedEdit_ ? appliedEdit_->origin : UndoHistory::Origin::Typing;
            undo_.record(undoBaseline_, text_, baselineCursor_, cursor_, ImGui::GetTime(), origin);
        }
        undoBaseline_ = text_;
        baselineCursor_ = cursor_;
    } else if (active_ && cursor_ != baselineCursor_) {
        undo_.closeStep();   // the cursor moved away: what is typed next is a new step
        baselineCursor_ = cursor_;
    }
    appliedEdit_.reset();
    if (!active_) cursor_ = std::min(cursor_, text_.size());
    // A ')' typed first on an indented line closes the group Enter indented: one level back.
    if (edited && active_ && lastTyped == ')' && cursor_ > 0 && cursor_ <= text_.size() && text_[cursor_ - 1] == ')') {
        const size_t lineStart = text_.rfind('\n', cursor_ - 1) == std::string::npos ? 0 : text_.rfind('\n', cursor_ - 1) + 1;
        const std::string_view before = std::string_view(text_).substr(lineStart, cursor_ - 1 - lineStart);
        if (before.size() >= kIndent.size() && before.find_first_not_of(' ') == std::string_view::npos)
            applyTextEdit(TextEdit{lineStart, lineStart + kIndent.size(), "", cursor_ - kIndent.size(), cursor_ - kIndent.size()},
                          UndoHistory::Origin::Typing);
    }
    if (active_ && (forceCompletion || (edited && (typedWordChar || completion_.isOpen()))))
        updateCompletion(typedWordChar, forceCompletion);
    else if (completion_.isOpen() && active_ && cursor_ != completionCursor_)
        updateCompletion(false, false);   // the cursor moved along the word (or off it: closes)

    // The text input's child window holds the scroll position the overlay must follow.
    char childName[256];
    ImFormatString(childName, sizeof childName, "%s/%s_%08X", ImGui::GetCurrentWindow()->Name, id, inputId);
    ImGuiWindow* child = ImGui::FindWindowByName(childName);
    if (child && revealOffset_) {
        // Bring a found match into view (the input scrolls itself only to its own cursor).
        const float y = static_cast<float>(lineOf(std::min(*revealOffset_, text_.size()))) * ImGui::GetFontSize();
        const float view = child->InnerRect.GetHeight();
        if (y < child->Scroll.y || y + ImGui::GetFontSize() > child->Scroll.y + view)
            ImGui::SetScrollY(child, std::max(0.0f, y - view / 3.0f));
        revealOffset_.reset();
    }
    if (child) drawOverlay(child, inputId, fonts, gutterWidth, gutterMin);
    ImGui::PopFont();

    if (completion_.isOpen() && !caretVisible_) completion_.close();   // scrolled away from the word
    if (std::optional<size_t> clicked = completion_.draw(caretBelow_, lineHeight_, fonts)) acceptCompletion(*clicked);
    return intents;
}

void EditorView::drawOverlay(ImGuiWindow* child, ImGuiID inputId, const Fonts& fonts, float gutterWidth,
                             ImVec2 gutterMin) {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const ImGuiStyle& style = ImGui::GetStyle();
    ImFont* font = fonts.mono;
    const float fontSize = g.FontSize;
    const float scale = fontSize / font->FontSize;
    const float lineHeight = fontSize;

    float scrollX = 0;
    if (g.ActiveId == inputId) {
        if (ImGuiInputTextState* state = ImGui::GetInputTextState(inputId)) scrollX = state->ScrollX;
    }
    const ImVec2 origin(child->Pos.x + style.FramePadding.x - scrollX, child->Pos.y + style.FramePadding.y - child->Scroll.y);
    const ImRect clip = child->InnerClipRect;
    ImDrawList* draw = child->DrawList;
    draw->PushClipRect(clip.Min, clip.Max, false);

    const size_t lineCount = lineStarts_.size();
    const float firstVisible = (clip.Min.y - origin.y) / lineHeight;
    size_t first = firstVisible > 0 ? static_cast<size_t>(firstVisible) : 0;
    size_t last = std::min(lineCount, first + static_cast<size_t>((clip.Max.y - clip.Min.y) / lineHeight) + 2);

    const size_t errorLine = errorOffset_ ? lineOf(*errorOffset_) : static_cast<size_t>(-1);
    lineHeight_ = lineHeight;
    caretVisible_ = false;   // set below if the caret's line is drawn

    // The bracket at the cursor (or just before it) and its partner are outlined.
    size_t brackets[2] = {std::string::npos, std::string::npos};
    if (active_) {
        for (size_t at : {cursor_, cursor_ > 0 ? cursor_ - 1 : std::string::npos}) {
            if (at >= text_.size()) continue;
            if (std::optional<size_t> partner = matchingBracket(text_, tokens_, at)) {
                brackets[0] = at;
                brackets[1] = *partner;
                break;
            }
        }
    }
    const size_t cursorLine = lineOf(std::min(cursor_, text_.size()));

    // Placeholder for an empty editor.
    if (text_.empty() && !active_) {
        draw->AddText(font, fontSize, origin, ImGui::GetColorU32(ImGuiCol_TextDisabled),
                      "Write SQL here. Ctrl+Enter runs the script, or only the selected text.");
    }

    // The x where byte `offset` of a line is drawn.
    auto lineX = [&](size_t lineBegin, size_t lineEnd, size_t offset) {
        float px = origin.x;
        for (const char* p = text_.data() + lineBegin; p < text_.data() + offset;) {
            unsigned int c = 0;
            p += ImTextCharFromUtf8(&c, p, text_.data() + lineEnd);
            px += advanceOf(font, scale, c);
        }
        return px;
    };
    auto tokenIt = tokens_.begin();
    for (size_t line = first; line < last; ++line) {
        const size_t lineBegin = lineStarts_[line];
        const size_t lineEnd = line + 1 < lineCount ? lineStarts_[line + 1] - 1 : text_.size();
        const float y = origin.y + static_cast<float>(line) * lineHeight;
        if (line == errorLine)
            draw->AddRectFilled(ImVec2(clip.Min.x, y), ImVec2(clip.Max.x, y + lineHeight), theme::kErrorLine);
        // The find bar's matches on this line, the current one stronger.
        if (!matches_.empty()) {
            const size_t length = find_.needle().size();
            for (auto m = std::lower_bound(matches_.begin(), matches_.end(), lineBegin > length ? lineBegin - length : 0);
                 m != matches_.end() && *m < lineEnd; ++m) {
                if (*m + length <= lineBegin) continue;
                const bool current = static_cast<size_t>(m - matches_.begin()) == currentMatch_;
                const float x0 = lineX(lineBegin, lineEnd, std::max(*m, lineBegin));
                const float x1 = lineX(lineBegin, lineEnd, std::min(*m + length, lineEnd));
                draw->AddRectFilled(ImVec2(x0, y), ImVec2(std::max(x1, x0 + 3.0f), y + lineHeight),
                                    current ? IM_COL32(255, 170, 0, 150) : IM_COL32(255, 200, 0, 60), 2.0f);
            }
        }

        // First token that reaches into this line.
        tokenIt = std::partition_point(tokenIt, tokens_.end(),
                                       [&](const Token& t) { return t.offset + t.length <= lineBegin; });
        float x = origin.x;
        size_t at = lineBegin;
        for (auto t = tokenIt; t != tokens_.end() && t->offset < lineEnd; ++t) {
            const size_t pieceBegin = std::max(t->offset, lineBegin);
            const size_t pieceEnd = std::min(t->offset + t->length, lineEnd);
            float pieceX = x;
            const char* s = text_.data() + at;
            const char* end = text_.data() + pieceBegin;
            while (s < end) {   // advance from `at` to the piece start
                unsigned int c = 0;
                s += ImTextCharFromUtf8(&c, s, text_.data() + lineEnd);
                pieceX += advanceOf(font, scale, c);
            }
            float pieceEndX = pieceX;
            for (const char* p = end; p < text_.data() + pieceEnd;) {
                unsigned int c = 0;
                p += ImTextCharFromUtf8(&c, p, text_.data() + lineEnd);
                pieceEndX += advanceOf(font, scale, c);
            }
            if (t->kind != TokenKind::Whitespace && pieceEndX >= clip.Min.x && pieceX <= clip.Max.x) {
                draw->AddText(font, fontSize, ImVec2(pieceX, y), colorOf(t->kind), text_.data() + pieceBegin,
                              text_.data() + pieceEnd);
            }
            x = pieceEndX;
            at = pieceEnd;
            if (x > clip.Max.x) break;
        }

        auto xAt = [&](size_t offset) { return lineX(lineBegin, lineEnd, offset); };
        for (size_t b : brackets) {
            if (b == std::string::npos || b < lineBegin || b >= lineEnd) continue;
            draw->AddRect(ImVec2(xAt(b) - 1.0f, y), ImVec2(xAt(b + 1) + 1.0f, y + lineHeight), theme::kGutterTextCurrent, 2.0f);
        }
        if (line == errorLine) {
            // A wavy underline under the character PostgreSQL pointed at.
            float x0 = xAt(*errorOffset_);
            float x1 = *errorOffset_ < lineEnd ? xAt(std::min(lineEnd, *errorOffset_ + 1)) : x0 + advanceOf(font, scale, ' ');
            x1 = std::max(x1, x0 + 6.0f);
            float base = y + lineHeight - 2.0f;
            for (float wx = x0; wx < x1; wx += 3.0f)
                draw->AddLine(ImVec2(wx, base + ((int)((wx - x0) / 3.0f) % 2 ? 1.5f : -1.0f)),
                              ImVec2(std::min(wx + 3.0f, x1), base + ((int)((wx - x0) / 3.0f) % 2 ? -1.0f : 1.5f)),
                              theme::kErrorMark, 1.3f);
        }
        if (line == cursorLine) {
            float cx = xAt(std::min(cursor_, lineEnd));
            caretBelow_ = ImVec2(cx, y + lineHeight + 2.0f);
            caretVisible_ = y >= clip.Min.y - 1.0f && y + lineHeight <= clip.Max.y + 1.0f && cx >= clip.Min.x && cx <= clip.Max.x;
            if (active_ && ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows))
                draw->AddLine(ImVec2(cx, y), ImVec2(cx, y + lineHeight - 1.0f), theme::kCaret, 1.5f);
        }
    }
    draw->PopClipRect();

    // Line numbers in the gutter, aligned with the text lines.
    ImDrawList* parentDraw = ImGui::GetWindowDrawList();
    parentDraw->PushClipRect(ImVec2(gutterMin.x, clip.Min.y), ImVec2(gutterMin.x + gutterWidth, clip.Max.y), true);
    char number[16];
    for (size_t line = first; line < last; ++line) {
        const float y = origin.y + static_cast<float>(line) * lineHeight;
        ImFormatString(number, sizeof number, "%zu", line + 1);
        const float w = ImGui::CalcTextSize(number).x;
        ImU32 color = line == errorLine ? theme::kErrorMark : (line == cursorLine && active_ ? theme::kGutterTextCurrent : theme::kGutterText);
        parentDraw->AddText(font, fontSize, ImVec2(gutterMin.x + gutterWidth - w - 8.0f, y), color, number);
    }
    parentDraw->PopClipRect();

    if (errorOffset_ && ImGui::IsMouseHoveringRect(ImVec2(gutterMin.x, clip.Min.y), ImVec2(gutterMin.x + gutterWidth, clip.Max.y))) {
        const float y = origin.y + static_cast<float>(errorLine) * lineHeight;
        if (ImGui::GetIO().MousePos.y >= y && ImGui::GetIO().MousePos.y < y + lineHeight) ImGui::SetTooltip("%s", errorMessage_.c_str());
    }
}

}  // namespace pgplay
