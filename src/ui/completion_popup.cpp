#include "ui/completion_popup.h"

#include <algorithm>

#include "core/text_util.h"
#include "imgui_internal.h"
#include "ui/theme.h"

namespace pgplay {
namespace {

constexpr size_t kVisibleRows = 8;

bool openNow = false;   // some editor's list is open (the page asks, see anyOpen)

// A one-letter mark for the kind of name, as IDEs show one.
const char* markOf(CompletionKind kind) {
    switch (kind) {
    case CompletionKind::Keyword: return "k";
    case CompletionKind::Schema: return "S";
    case CompletionKind::Table: return "T";
    case CompletionKind::View: return "V";
    case CompletionKind::Column: return "c";
    case CompletionKind::Function: return "f";
    case CompletionKind::Type: return "t";
    }
    return "?";
}

ImU32 colorOf(CompletionKind kind) {
    switch (kind) {
    case CompletionKind::Keyword: return theme::kKeyword;
    case CompletionKind::Schema:
    case CompletionKind::Table:
    case CompletionKind::View: return theme::kString;
    case CompletionKind::Column: return theme::kIdentifier;
    case CompletionKind::Function: return theme::kNumber;
    case CompletionKind::Type: return theme::kOperator;
    }
    return theme::kIdentifier;
}

bool pressedPlain(ImGuiKey key, bool repeat) {
    const ImGuiIO& io = ImGui::GetIO();
    return !io.KeyCtrl && !io.KeyShift && !io.KeyAlt && !io.KeySuper && ImGui::IsKeyPressed(key, repeat);
}

}  // namespace

bool CompletionPopup::anyOpen() { return openNow; }

void CompletionPopup::show(Completions c) {
    if (c.candidates.empty()) {
        close();
        return;
    }
    // Keep the highlighted name if it is still offered.
    size_t keep = 0;
    if (open_ && selected_ < completions_.candidates.size()) {
        const std::string& was = completions_.candidates[selected_].insert;
        for (size_t i = 0; i < c.candidates.size(); ++i)
            if (c.candidates[i].insert == was) keep = i;
    }
    // A name typed out in full is first (the editor puts it there) and highlighted.
    if (equalsIgnoringCase(c.candidates.front().insert, c.prefix)) keep = 0;
    completions_ = std::move(c);
    selected_ = keep;
    open_ = true;
    scrollToSelected_ = true;
}

void CompletionPopup::close() {
    open_ = false;
    openNow = false;
}

std::optional<size_t> CompletionPopup::handleKeys() {
    if (!open_) return std::nullopt;
    const size_t count = completions_.candidates.size();
    // Owned by the list and locked, the key reaches neither the text input (which reads Tab as
    // its own shortcut, so owning it "for" the input would still insert a tab) nor anyone else.
    const ImGuiID owner = ImHashStr("pgplay-completion-keys");
    auto take = [&](ImGuiKey key) { ImGui::SetKeyOwner(key, owner, ImGuiInputFlags_LockThisFrame); };
    auto moveBy = [&](long delta) {
        long next = static_cast<long>(selected_) + delta;
        // Arrows wrap around the ends, pages stop at them.
        if (delta == 1 || delta == -1) next = (next + static_cast<long>(count)) % static_cast<long>(count);
        selected_ = static_cast<size_t>(std::clamp(next, 0L, static_cast<long>(count) - 1));
        scrollToSelected_ = true;
    };
    if (pressedPlain(ImGuiKey_DownArrow, true)) { take(ImGuiKey_DownArrow); moveBy(1); }
    if (pressedPlain(ImGuiKey_UpArrow, true)) { take(ImGuiKey_UpArrow); moveBy(-1); }
    if (pressedPlain(ImGuiKey_PageDown, true)) { take(ImGuiKey_PageDown); moveBy(static_cast<long>(kVisibleRows)); }
    if (pressedPlain(ImGuiKey_PageUp, true)) { take(ImGuiKey_PageUp); moveBy(-static_cast<long>(kVisibleRows)); }
    if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        close();
        return std::nullopt;
    }
    // The word typed out in full and highlighted: Enter is a line break, not a no-op choice
    // ("FROM users" then Enter goes on to the next line).
    const bool typedInFull = equalsIgnoringCase(completions_.candidates[selected_].insert, completions_.prefix);
    for (ImGuiKey key : {ImGuiKey_Tab, ImGuiKey_Enter, ImGuiKey_KeypadEnter}) {
        if (!pressedPlain(key, false)) continue;
        if (typedInFull && key != ImGuiKey_Tab) {
            close();
            return std::nullopt;
        }
        take(key);
        const size_t accepted = selected_;
        close();
        return accepted;
    }
    return std::nullopt;
}

std::optional<size_t> CompletionPopup::draw(ImVec2 anchor, float lineHeight, const Fonts& fonts) {
    openNow = open_;
    if (!open_) return std::nullopt;
    const auto& items = completions_.candidates;
    const ImGuiStyle& style = ImGui::GetStyle();

    ImGui::PushFont(fonts.mono);
    const float rowHeight = ImGui::GetTextLineHeightWithSpacing();
    const float markWidth = ImGui::CalcTextSize("W").x + 8.0f;
    float nameWidth = 0;
    for (const auto& c : items) nameWidth = std::max(nameWidth, ImGui::CalcTextSize(c.insert.c_str()).x);
    ImGui::PopFont();
    ImGui::PushFont(fonts.ui);
    float detailWidth = 0;
    for (const auto& c : items) detailWidth = std::max(detailWidth, ImGui::CalcTextSize(c.detail.c_str()).x);
    ImGui::PopFont();

    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float maxWidth = std::max(200.0f, std::min(560.0f, viewport->WorkSize.x - 16.0f));
    const float width = std::min(maxWidth, markWidth + nameWidth + 24.0f + detailWidth + 8.0f + style.ScrollbarSize);
    const size_t rows = std::min(items.size(), kVisibleRows);
    const ImVec2 padding(4.0f, 4.0f);   // a list, not a window: snug around its rows
    const float height = static_cast<float>(rows) * rowHeight - style.ItemSpacing.y + padding.y * 2;
    ImVec2 pos = anchor;
    const float bottom = viewport->WorkPos.y + viewport->WorkSize.y;
    if (pos.y + height > bottom && anchor.y - lineHeight - height >= viewport->WorkPos.y) pos.y = anchor.y - lineHeight - height;
    pos.x = std::clamp(pos.x, viewport->WorkPos.x, viewport->WorkPos.x + viewport->WorkSize.x - width);

    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(ImVec2(width, height));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::GetStyleColorVec4(ImGuiCol_PopupBg));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, padding);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                   ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoCollapse;
    std::optional<size_t> clicked;
    if (ImGui::Begin("##sql-completion", nullptr, flags)) {
        // Above the editor and everything else, without taking focus from the editor.
        ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
        ImDrawList* draw = ImGui::GetWindowDrawList();
        for (size_t i = 0; i < items.size(); ++i) {
            const CompletionCandidate& c = items[i];
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Selectable("##candidate", i == selected_, ImGuiSelectableFlags_None, ImVec2(0, rowHeight - style.ItemSpacing.y)))
                clicked = i;
            if (i == selected_ && scrollToSelected_) ImGui::SetScrollHereY(0.5f);
            const ImVec2 at = ImGui::GetItemRectMin();
            const float right = ImGui::GetItemRectMax().x;
            draw->AddText(fonts.mono, ImGui::GetFontSize(), ImVec2(at.x + 2.0f, at.y), colorOf(c.kind), markOf(c.kind));
            draw->AddText(fonts.mono, ImGui::GetFontSize(), ImVec2(at.x + markWidth, at.y), ImGui::GetColorU32(ImGuiCol_Text),
                          c.insert.c_str());
            const float detailX = std::max(at.x + markWidth + nameWidth + 24.0f,
                                           right - ImGui::CalcTextSize(c.detail.c_str()).x - 4.0f);
            draw->PushClipRect(ImVec2(detailX, at.y), ImVec2(right, at.y + rowHeight), true);
            draw->AddText(fonts.ui, ImGui::GetFontSize(), ImVec2(detailX, at.y), ImGui::GetColorU32(ImGuiCol_TextDisabled),
                          c.detail.c_str());
            draw->PopClipRect();
            ImGui::PopID();
        }
        scrollToSelected_ = false;
    }
    ImGui::End();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor();
    if (clicked) {
        selected_ = *clicked;
        close();
    }
    return clicked;
}

}  // namespace pgplay
