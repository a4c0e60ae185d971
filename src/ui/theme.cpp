#include "ui/theme.h"

namespace pgplay::theme {

namespace {
bool g_light = false;

void darkPalette() {
    kKeyword = IM_COL32(198, 146, 255, 255);
    kIdentifier = IM_COL32(220, 223, 228, 255);
    kString = IM_COL32(152, 206, 122, 255);
    kNumber = IM_COL32(247, 170, 102, 255);
    kComment = IM_COL32(110, 120, 135, 255);
    kOperator = IM_COL32(125, 196, 228, 255);
    kPunctuation = IM_COL32(170, 176, 186, 255);
    kUnterminated = IM_COL32(255, 140, 140, 255);
    kGutterText = IM_COL32(95, 104, 118, 255);
    kGutterTextCurrent = IM_COL32(190, 196, 206, 255);
    kCaret = IM_COL32(240, 240, 245, 255);
    kErrorLine = IM_COL32(220, 60, 60, 50);
    kErrorMark = IM_COL32(255, 90, 90, 255);
    kCodeBackground = IM_COL32(255, 255, 255, 18);

    kErrorText = ImVec4(1.00f, 0.47f, 0.45f, 1.0f);
    kWarningText = ImVec4(1.00f, 0.80f, 0.40f, 1.0f);
    kOkText = ImVec4(0.50f, 0.85f, 0.55f, 1.0f);
    kDimText = ImVec4(0.55f, 0.59f, 0.66f, 1.0f);
    kNullText = ImVec4(0.62f, 0.52f, 0.80f, 1.0f);
    kAccent = ImVec4(0.25f, 0.52f, 0.96f, 1.0f);
    kErrorBackground = ImVec4(0.32f, 0.10f, 0.11f, 1.0f);
    kPanelBackground = ImVec4(0.11f, 0.12f, 0.145f, 1.0f);
    kStrongText = ImVec4(0.88f, 0.90f, 0.93f, 1.0f);
    kGoButton = ImVec4(0.16f, 0.42f, 0.26f, 1.0f);
    kGoButtonHovered = ImVec4(0.20f, 0.52f, 0.32f, 1.0f);
    kDoneButton = kGoButton;
    kCurrentButton = kAccent;
    kDangerButton = ImVec4(0.55f, 0.18f, 0.17f, 1.0f);
    kDangerButtonHovered = ImVec4(0.68f, 0.23f, 0.21f, 1.0f);
    kBoxFill = ImVec4(0.14f, 0.16f, 0.20f, 1.0f);
    kLinkBoxFill = ImVec4(0.16f, 0.14f, 0.20f, 1.0f);
    kBoxBorder = ImVec4(0.35f, 0.40f, 0.48f, 1.0f);
    kEdge = ImVec4(0.50f, 0.55f, 0.62f, 1.0f);
    kManyToMany = ImVec4(0.85f, 0.60f, 1.00f, 0.9f);
    kOneToMany = ImVec4(0.55f, 0.75f, 1.00f, 0.9f);
    const ImVec4 sessions[8] = {ImVec4(0.36f, 0.62f, 1.00f, 1.0f), ImVec4(1.00f, 0.62f, 0.30f, 1.0f),
                                ImVec4(0.45f, 0.85f, 0.55f, 1.0f), ImVec4(0.90f, 0.50f, 0.90f, 1.0f),
                                ImVec4(0.95f, 0.85f, 0.35f, 1.0f), ImVec4(0.40f, 0.85f, 0.90f, 1.0f),
                                ImVec4(0.95f, 0.45f, 0.45f, 1.0f), ImVec4(0.75f, 0.75f, 0.80f, 1.0f)};
    for (int i = 0; i < 8; ++i) kSessions[i] = sessions[i];
    kClearColor = ImVec4(0.09f, 0.10f, 0.12f, 1.0f);
}

// The same meanings on a light background: darker, more saturated text colours for contrast.
void lightPalette() {
    kKeyword = IM_COL32(128, 56, 196, 255);
    kIdentifier = IM_COL32(36, 41, 47, 255);
    kString = IM_COL32(34, 118, 44, 255);
    kNumber = IM_COL32(178, 84, 0, 255);
    kComment = IM_COL32(106, 115, 125, 255);
    kOperator = IM_COL32(0, 106, 150, 255);
    kPunctuation = IM_COL32(88, 96, 105, 255);
    kUnterminated = IM_COL32(196, 36, 36, 255);
    kGutterText = IM_COL32(150, 157, 166, 255);
    kGutterTextCurrent = IM_COL32(60, 66, 75, 255);
    kCaret = IM_COL32(20, 20, 25, 255);
    kErrorLine = IM_COL32(220, 60, 60, 40);
    kErrorMark = IM_COL32(200, 30, 30, 255);
    kCodeBackground = IM_COL32(0, 0, 0, 16);

    kErrorText = ImVec4(0.74f, 0.12f, 0.10f, 1.0f);
    kWarningText = ImVec4(0.58f, 0.38f, 0.00f, 1.0f);
    kOkText = ImVec4(0.08f, 0.48f, 0.20f, 1.0f);
    kDimText = ImVec4(0.38f, 0.41f, 0.46f, 1.0f);
    kNullText = ImVec4(0.45f, 0.28f, 0.66f, 1.0f);
    kAccent = ImVec4(0.10f, 0.38f, 0.85f, 1.0f);
    kErrorBackground = ImVec4(1.00f, 0.90f, 0.89f, 1.0f);
    kPanelBackground = ImVec4(0.93f, 0.94f, 0.955f, 1.0f);
    kStrongText = ImVec4(0.10f, 0.12f, 0.15f, 1.0f);
    kGoButton = ImVec4(0.60f, 0.84f, 0.65f, 1.0f);
    kGoButtonHovered = ImVec4(0.52f, 0.79f, 0.58f, 1.0f);
    kDoneButton = kGoButton;
    kCurrentButton = ImVec4(0.62f, 0.74f, 0.95f, 1.0f);   // dark text stays readable on it
    kDangerButton = ImVec4(0.96f, 0.70f, 0.68f, 1.0f);
    kDangerButtonHovered = ImVec4(0.93f, 0.60f, 0.58f, 1.0f);
    kBoxFill = ImVec4(0.96f, 0.97f, 0.99f, 1.0f);
    kLinkBoxFill = ImVec4(0.97f, 0.95f, 0.99f, 1.0f);
    kBoxBorder = ImVec4(0.58f, 0.63f, 0.71f, 1.0f);
    kEdge = ImVec4(0.42f, 0.47f, 0.55f, 1.0f);
    kManyToMany = ImVec4(0.55f, 0.22f, 0.75f, 0.9f);
    kOneToMany = ImVec4(0.15f, 0.42f, 0.80f, 0.9f);
    const ImVec4 sessions[8] = {ImVec4(0.10f, 0.38f, 0.85f, 1.0f), ImVec4(0.80f, 0.40f, 0.00f, 1.0f),
                                ImVec4(0.10f, 0.52f, 0.22f, 1.0f), ImVec4(0.62f, 0.20f, 0.62f, 1.0f),
                                ImVec4(0.55f, 0.45f, 0.00f, 1.0f), ImVec4(0.00f, 0.48f, 0.55f, 1.0f),
                                ImVec4(0.78f, 0.16f, 0.16f, 1.0f), ImVec4(0.38f, 0.40f, 0.46f, 1.0f)};
    for (int i = 0; i < 8; ++i) kSessions[i] = sessions[i];
    kClearColor = ImVec4(0.975f, 0.977f, 0.98f, 1.0f);
}

void darkStyle(ImVec4* c) {
    ImGui::StyleColorsDark();
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
}

void lightStyle(ImVec4* c) {
    ImGui::StyleColorsLight();
    c[ImGuiCol_Text] = ImVec4(0.10f, 0.12f, 0.15f, 1.0f);
    c[ImGuiCol_TextDisabled] = ImVec4(0.50f, 0.53f, 0.58f, 1.0f);
    c[ImGuiCol_WindowBg] = kClearColor;
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_PopupBg] = ImVec4(1.0f, 1.0f, 1.0f, 0.99f);
    c[ImGuiCol_Border] = ImVec4(0.80f, 0.82f, 0.86f, 1.0f);
    c[ImGuiCol_FrameBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.95f, 0.96f, 0.98f, 1.0f);
    c[ImGuiCol_FrameBgActive] = ImVec4(0.93f, 0.95f, 0.98f, 1.0f);
    c[ImGuiCol_Button] = ImVec4(0.88f, 0.90f, 0.93f, 1.0f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.80f, 0.85f, 0.92f, 1.0f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.72f, 0.79f, 0.90f, 1.0f);
    c[ImGuiCol_Header] = ImVec4(0.62f, 0.74f, 0.94f, 0.45f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.55f, 0.69f, 0.93f, 0.55f);
    c[ImGuiCol_HeaderActive] = ImVec4(0.48f, 0.64f, 0.92f, 0.65f);
    c[ImGuiCol_Tab] = ImVec4(0.88f, 0.90f, 0.93f, 1.0f);
    c[ImGuiCol_TabHovered] = ImVec4(0.70f, 0.79f, 0.94f, 1.0f);
    c[ImGuiCol_TabActive] = ImVec4(0.76f, 0.84f, 0.97f, 1.0f);
    c[ImGuiCol_TabUnfocused] = c[ImGuiCol_Tab];
    c[ImGuiCol_TabUnfocusedActive] = ImVec4(0.82f, 0.87f, 0.95f, 1.0f);
    c[ImGuiCol_TableHeaderBg] = ImVec4(0.90f, 0.92f, 0.95f, 1.0f);
    c[ImGuiCol_TableRowBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_TableRowBgAlt] = ImVec4(0, 0, 0, 0.03f);
    c[ImGuiCol_TableBorderStrong] = ImVec4(0.78f, 0.80f, 0.84f, 1.0f);
    c[ImGuiCol_TableBorderLight] = ImVec4(0.86f, 0.88f, 0.91f, 1.0f);
    c[ImGuiCol_TextSelectedBg] = ImVec4(0.30f, 0.52f, 0.90f, 0.30f);
    c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0.03f);
}
}  // namespace

bool isLight() { return g_light; }

void apply(bool light) {
    g_light = light;
    if (light) lightPalette();
    else darkPalette();
    ImGuiStyle& style = ImGui::GetStyle();
    ImVec4* c = style.Colors;
    if (light) lightStyle(c);
    else darkStyle(c);
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
    c[ImGuiCol_Separator] = c[ImGuiCol_Border];
    c[ImGuiCol_PlotHistogram] = kAccent;
}

}  // namespace pgplay::theme
