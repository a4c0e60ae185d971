#include "ui/sandbox_menu.h"

#include <cstdio>
#include <utility>

#include "imgui.h"
#include "ui/theme.h"

namespace pgplay {
namespace {

constexpr const char* kResetTitle = "Reset your database?";
constexpr const char* kOpenTitle = "Open this database?";

std::string megabytes(double bytes) {
    char text[32];
    std::snprintf(text, sizeof text, bytes < 1e5 ? "%.2f MB" : "%.1f MB", bytes / 1e6);
    return text;
}

// A modal's buttons: the dangerous one first, in the error colour; true when it was pressed.
bool dangerButton(const char* label) {
    ImGui::PushStyleColor(ImGuiCol_Button, theme::kDangerButton);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, theme::kDangerButtonHovered);
    const bool pressed = ImGui::Button(label);
    ImGui::PopStyleColor(2);
    return pressed;
}

}  // namespace

SandboxIntents SandboxMenu::draw(bool available, const char* unavailableReason) {
    SandboxIntents intents;
    if (ImGui::Button("Database")) ImGui::OpenPopup("sandbox-menu");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Save your database as a file, open one, or start afresh");
    ImGui::SetNextWindowPos(ImVec2(ImGui::GetItemRectMin().x, ImGui::GetItemRectMax().y + 2));   // under the button
    if (ImGui::BeginPopup("sandbox-menu")) {
        if (!available) {
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 22);
            ImGui::TextColored(theme::kDimText, "%s", unavailableReason);
            ImGui::PopTextWrapPos();
        }
        ImGui::BeginDisabled(!available);
        if (ImGui::MenuItem("Download database")) intents.download = true;
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("Saves your database (PostgreSQL's data directory, as a .tar.gz) to a file.\n"
                              "Open database loads it again, here or in another browser.");
        if (ImGui::MenuItem("Open database…")) intents.pickFile = true;
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("Replaces your database with one saved by Download database.");
        ImGui::Separator();
        if (ImGui::MenuItem("Reset database…")) confirmReset_ = true;
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("Deletes every table and row in your database, for an empty one.");
        ImGui::EndDisabled();
        ImGui::EndPopup();
    }
    drawConfirmations(intents);
    return intents;
}

void SandboxMenu::filePicked(std::string name, double bytes) {
    picked_ = Picked{std::move(name), bytes};
    confirmOpen_ = true;
}

void SandboxMenu::drawConfirmations(SandboxIntents& intents) {
    if (std::exchange(confirmReset_, false)) ImGui::OpenPopup(kResetTitle);
    if (std::exchange(confirmOpen_, false)) ImGui::OpenPopup(kOpenTitle);
    const float wrap = ImGui::GetFontSize() * 26;

    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (ImGui::BeginPopupModal(kResetTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::PushTextWrapPos(wrap);
        ImGui::TextUnformatted("Every table, row, view and function you made is deleted, and you start again with an "
                               "empty database. This cannot be undone.");
        ImGui::TextColored(theme::kDimText, "To keep a copy, download the database first. Lesson progress is not "
                                            "affected.");
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
        if (dangerButton("Reset database")) {
            intents.reset = true;
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Download first")) intents.download = true;
        ImGui::SameLine();
        if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGuiKey_Escape)) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }

    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (ImGui::BeginPopupModal(kOpenTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::PushTextWrapPos(wrap);
        if (picked_)
            ImGui::Text("%s (%s) replaces your database: the tables and rows you have now are deleted.",
                        picked_->name.c_str(), megabytes(picked_->bytes).c_str());
        ImGui::TextColored(theme::kDimText, "If the file cannot be opened, your database stays as it is.");
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
        if (dangerButton("Open and replace")) {
            intents.openPicked = picked_ ? picked_->name : std::string();
            picked_.reset();
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Download mine first")) intents.download = true;
        ImGui::SameLine();
        if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGuiKey_Escape)) {
            picked_.reset();
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

}  // namespace pgplay
