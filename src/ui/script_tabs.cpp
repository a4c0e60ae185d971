#include "ui/script_tabs.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace pgplay {

void ScriptTabs::startRename(const SandboxScripts& scripts, size_t index) {
    renaming_ = index;
    openRename_ = true;
    std::strncpy(nameBuffer_, scripts.scripts()[index].name.c_str(), sizeof nameBuffer_ - 1);
    nameBuffer_[sizeof nameBuffer_ - 1] = '\0';
    focusNameFrames_ = 10;
}

ScriptTabIntents ScriptTabs::draw(const SandboxScripts& scripts) {
    ScriptTabIntents intents;
    // Asking for the name field's focus frame after frame ends, whatever happens to the dialog.
    if (focusNameFrames_ > 0 && !renaming_) focusNameFrames_ = 0;
    const auto& list = scripts.scripts();
    // The model decides which tab is active (a new script, one closed, a reload): select it once
    // when that changes, and otherwise let clicks choose.
    const bool followModel = shownActive_ != scripts.active();
    shownActive_ = scripts.active();
    std::optional<size_t> menuFor;

    const ImGuiTabBarFlags barFlags = ImGuiTabBarFlags_FittingPolicyScroll | ImGuiTabBarFlags_NoTooltip;
    if (ImGui::BeginTabBar("##scripts", barFlags)) {
        for (size_t i = 0; i < list.size(); ++i) {
            bool open = true;
            ImGuiTabItemFlags flags = ImGuiTabItemFlags_NoPushId;
            if (followModel && i == scripts.active()) flags |= ImGuiTabItemFlags_SetSelected;
            // The name is the label; the index keeps the id stable across renames of another tab.
            ImGui::PushID(static_cast<int>(i));
            const std::string label = list[i].name + "###script";
            const bool selected = ImGui::BeginTabItem(label.c_str(), list.size() > 1 || !list[i].text.empty() ? &open : nullptr, flags);
            if (selected) {
                if (i != scripts.active() && !followModel) intents.select = i;
                ImGui::EndTabItem();
            }
            // A double-click renames, once the button is up: opened while it is down, the dialog
            // would lose the keyboard to the click's own focus handling at the frame's end.
            if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) renameOnRelease_ = i;
            if (ImGui::IsItemClicked(ImGuiMouseButton_Right)) menuFor = i;
            ImGui::PopID();
            if (!open) intents.close = i;
        }
        if (renameOnRelease_ && !ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
            if (*renameOnRelease_ < list.size()) startRename(scripts, *renameOnRelease_);
            renameOnRelease_.reset();
        }
        if (ImGui::TabItemButton("+", ImGuiTabItemFlags_Trailing | ImGuiTabItemFlags_NoTooltip)) intents.add = true;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("New script");
        if (ImGui::TabItemButton("...", ImGuiTabItemFlags_Trailing | ImGuiTabItemFlags_NoTooltip)) menuFor = scripts.active();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Rename, download, open a .sql file");
        ImGui::EndTabBar();
    }

    if (menuFor) {
        menuScript_ = *menuFor;
        ImGui::OpenPopup("##script-menu");
    }
    if (ImGui::BeginPopup("##script-menu")) {
        if (menuScript_ < list.size()) {
            ImGui::TextDisabled("%s", list[menuScript_].name.c_str());
            ImGui::Separator();
            if (ImGui::MenuItem("Rename...")) startRename(scripts, menuScript_);
            if (ImGui::MenuItem("Download as .sql")) intents.download = menuScript_;
            if (ImGui::MenuItem("Open a .sql file...")) intents.openFile = true;
            if (ImGui::MenuItem("New script")) intents.add = true;
            if (ImGui::MenuItem("Format SQL", "Ctrl+Shift+F", false, menuScript_ == scripts.active())) intents.format = true;
            ImGui::Separator();
            if (ImGui::MenuItem(list.size() > 1 ? "Close" : "Clear")) intents.close = menuScript_;
        }
        ImGui::EndPopup();
    }

    if (std::exchange(openRename_, false)) {
        ImGui::OpenPopup("Rename script");
        const ImGuiViewport* viewport = ImGui::GetMainViewport();
        ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    }
    if (ImGui::BeginPopupModal("Rename script", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        // The name field takes the keyboard as the dialog opens; asked again for a few frames,
        // since the double-click's button release may still hold the tab it landed on.
        if (focusNameFrames_ > 0) ImGui::SetKeyboardFocusHere();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18);
        const bool enter = ImGui::InputText("##name", nameBuffer_, sizeof nameBuffer_,
                                            ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
        focusNameFrames_ = ImGui::IsItemActive() ? 0 : std::max(0, focusNameFrames_ - 1);
        const bool blank = std::strspn(nameBuffer_, " \t") == std::strlen(nameBuffer_);
        ImGui::BeginDisabled(blank);
        const bool ok = ImGui::Button("Rename") || (enter && !blank);
        ImGui::EndDisabled();
        ImGui::SameLine();
        const bool cancel = ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGuiKey_Escape, false);
        if (ok && renaming_ && !blank) intents.rename = std::make_pair(*renaming_, std::string(nameBuffer_));
        if (ok || cancel) {
            renaming_.reset();
            intents.backToEditor = true;
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    } else {
        renaming_.reset();
    }
    return intents;
}

}  // namespace pgplay
