#include "ui/find_bar.h"

#include "imgui_internal.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace pgplay {

void FindBar::open(bool withReplace, const std::string& searchFor) {
    open_ = true;
    withReplace_ = withReplace;
    focusFind_ = true;
    // The selected text (one short line) is what the learner means to find.
    if (!searchFor.empty() && searchFor.size() < sizeof find_ && searchFor.find('\n') == std::string::npos) {
        std::memcpy(find_, searchFor.data(), searchFor.size());
        find_[searchFor.size()] = '\0';
    }
}

float FindBar::height() const {
    if (!open_) return 0;
    const float row = ImGui::GetFrameHeightWithSpacing();
    return withReplace_ ? row * 2 : row;
}

FindBarIntents FindBar::draw(float width, size_t matches, size_t current, const Fonts& fonts) {
    FindBarIntents intents;
    if (!open_) return intents;
    ImGuiIO& io = ImGui::GetIO();
    ImGui::PushID("find-bar");
    const float buttons = ImGui::GetFontSize() * 20.0f;   // count, arrows, Aa, Word, x
    const float fieldWidth = std::max(ImGui::GetFontSize() * 8.0f, width - buttons);

    // Escape while typing in the bar closes it. Taken before the fields see it: ImGui's text
    // fields would take it as "undo everything typed since I was clicked".
    if (fieldActive_ && ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        ImGui::SetKeyOwner(ImGuiKey_Escape, ImGui::GetID("##escape"), ImGuiInputFlags_LockThisFrame);
        intents.close = true;
    }
    // Tab moves between the two fields (ImGui would type a tab or move nowhere).
    if (fieldActive_ && withReplace_ && ImGui::IsKeyPressed(ImGuiKey_Tab, false)) {
        ImGui::SetKeyOwner(ImGuiKey_Tab, ImGui::GetID("##tab"), ImGuiInputFlags_LockThisFrame);
        (replaceWasActive_ ? focusFind_ : focusReplace_) = true;
    }
    fieldActive_ = false;
    replaceWasActive_ = false;
    if (focusFind_) {
        ImGui::SetKeyboardFocusHere();
        focusFind_ = false;
    }
    // Enter in the fields steps through the matches: the field must keep the keyboard for the
    // next Enter (ImGui's single-line fields otherwise let go of it on Enter).
    const bool enterKeptActive = io.ConfigInputTextEnterKeepActive;
    io.ConfigInputTextEnterKeepActive = true;
    ImGui::PushFont(fonts.mono);
    ImGui::SetNextItemWidth(fieldWidth);
    intents.searchChanged |= ImGui::InputTextWithHint("##find", "Find", find_, sizeof find_);
    const bool findActive = ImGui::IsItemActive();
    fieldActive_ |= findActive;
    ImGui::PopFont();
    if (findActive || ImGui::IsItemDeactivated()) {
        // Enter: next match (Shift+Enter: previous), and the field keeps the keyboard.
        if (ImGui::IsKeyPressed(ImGuiKey_Enter, true) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, true))
            (io.KeyShift ? intents.previous : intents.next) = true;
    }
    ImGui::SameLine();
    char count[48];
    if (find_[0] == '\0') std::snprintf(count, sizeof count, "      ");
    else if (matches == 0) std::snprintf(count, sizeof count, "No results");
    else std::snprintf(count, sizeof count, "%zu of %zu", current < matches ? current + 1 : 0, matches);
    ImGui::TextDisabled("%s", count);
    ImGui::SameLine();
    if (ImGui::ArrowButton("##previous", ImGuiDir_Up)) intents.previous = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Previous match (Shift+Enter)");
    ImGui::SameLine();
    if (ImGui::ArrowButton("##next", ImGuiDir_Down)) intents.next = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Next match (Enter)");
    ImGui::SameLine();
    intents.searchChanged |= ImGui::Checkbox("Aa", &options_.matchCase);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Match case");
    ImGui::SameLine();
    intents.searchChanged |= ImGui::Checkbox("Word", &options_.wholeWord);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Whole names only: id does not match user_id");
    ImGui::SameLine();
    if (ImGui::SmallButton("x")) intents.close = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Close (Escape)");

    if (withReplace_) {
        ImGui::PushFont(fonts.mono);
        ImGui::SetNextItemWidth(fieldWidth);
        if (focusReplace_) {
            ImGui::SetKeyboardFocusHere();
            focusReplace_ = false;
        }
        const bool enter = ImGui::InputTextWithHint("##replace", "Replace with", replace_, sizeof replace_,
                                                    ImGuiInputTextFlags_EnterReturnsTrue);
        fieldActive_ |= ImGui::IsItemActive();
        replaceWasActive_ = ImGui::IsItemActive();
        ImGui::PopFont();
        if (enter) intents.replaceOne = true;   // and on to the next match
        ImGui::SameLine();
        ImGui::BeginDisabled(matches == 0);
        if (ImGui::Button("Replace")) intents.replaceOne = true;
        ImGui::SameLine();
        if (ImGui::Button("All")) intents.replaceAll = true;
        ImGui::EndDisabled();
    }
    io.ConfigInputTextEnterKeepActive = enterKeptActive;
    ImGui::PopID();
    if (intents.close) open_ = false;
    return intents;
}

}  // namespace pgplay
