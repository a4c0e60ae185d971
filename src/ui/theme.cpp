#include "ui/theme.h"

namespace pgplay::theme {

void apply() {
    ImGui::StyleColorsDark();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowPadding = ImVec2(10, 8);
    style.FramePadding = ImVec2(8, 5);
    style.ItemSpacing = ImVec2(8, 6);
    style.CellPadding = ImVec2(8, 3);
    style.ScrollbarSize = 13;
    style.WindowRounding = 0;
    style.ChildRounding = 4;
    style.FrameRounding = 4;
    style.TabRounding = 4;
    style.ScrollbarRounding = 6;
    style.GrabRounding = 4;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 1;

    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0.090f, 0.098f, 0.118f, 1.0f);
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_PopupBg] = ImVec4(0.13f, 0.14f, 0.17f, 0.98f);
    c[ImGuiCol_Border] = ImVec4(0.20f, 0.22f, 0.26f, 1.0f);
    c[ImGuiCol_FrameBg] = ImVec4(0.12f, 0.13f, 0.16f, 1.0f);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.16f, 0.17f, 0.21f, 1.0f);
    c[ImGuiCol_FrameBgActive] = ImVec4(0.14f, 0.15f, 0.19f, 1.0f);
    c[ImGuiCol_Button] = ImVec4(0.18f, 0.20f, 0.25f, 1.0f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.24f, 0.27f, 0.34f, 1.0f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.28f, 0.32f, 0.40f, 1.0f);
    c[ImGuiCol_Header] = ImVec4(0.20f, 0.30f, 0.48f, 0.55f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.24f, 0.36f, 0.58f, 0.60f);
    c[ImGuiCol_HeaderActive] = ImVec4(0.26f, 0.40f, 0.64f, 0.70f);
    c[ImGuiCol_Tab] = ImVec4(0.13f, 0.14f, 0.17f, 1.0f);
    c[ImGuiCol_TabHovered] = ImVec4(0.24f, 0.36f, 0.58f, 0.80f);
    c[ImGuiCol_TabActive] = ImVec4(0.20f, 0.30f, 0.48f, 1.0f);
    c[ImGuiCol_TabUnfocused] = c[ImGuiCol_Tab];
    c[ImGuiCol_TabUnfocusedActive] = ImVec4(0.17f, 0.24f, 0.37f, 1.0f);
    c[ImGuiCol_TableHeaderBg] = ImVec4(0.13f, 0.145f, 0.175f, 1.0f);
    c[ImGuiCol_TableRowBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_TableRowBgAlt] = ImVec4(1, 1, 1, 0.025f);
    c[ImGuiCol_TableBorderStrong] = ImVec4(0.20f, 0.22f, 0.26f, 1.0f);
    c[ImGuiCol_TableBorderLight] = ImVec4(0.16f, 0.17f, 0.20f, 1.0f);
    c[ImGuiCol_TextSelectedBg] = ImVec4(0.25f, 0.45f, 0.80f, 0.45f);
    c[ImGuiCol_Separator] = c[ImGuiCol_Border];
    c[ImGuiCol_PlotHistogram] = kAccent;
}

}  // namespace pgplay::theme
