// pgplay's colours and ImGui style, in one place so every view agrees on what "error red" or
// "NULL purple" is.
#pragma once

#include "imgui.h"

namespace pgplay::theme {

void apply();   // sets ImGui's style for the whole app

// Syntax colours of the SQL editor.
inline constexpr ImU32 kKeyword = IM_COL32(198, 146, 255, 255);
inline constexpr ImU32 kIdentifier = IM_COL32(220, 223, 228, 255);
inline constexpr ImU32 kString = IM_COL32(152, 206, 122, 255);
inline constexpr ImU32 kNumber = IM_COL32(247, 170, 102, 255);
inline constexpr ImU32 kComment = IM_COL32(110, 120, 135, 255);
inline constexpr ImU32 kOperator = IM_COL32(125, 196, 228, 255);
inline constexpr ImU32 kPunctuation = IM_COL32(170, 176, 186, 255);
inline constexpr ImU32 kUnterminated = IM_COL32(255, 140, 140, 255);

inline constexpr ImU32 kGutterText = IM_COL32(95, 104, 118, 255);
inline constexpr ImU32 kGutterTextCurrent = IM_COL32(190, 196, 206, 255);
inline constexpr ImU32 kCaret = IM_COL32(240, 240, 245, 255);
inline constexpr ImU32 kErrorLine = IM_COL32(220, 60, 60, 50);
inline constexpr ImU32 kErrorMark = IM_COL32(255, 90, 90, 255);

inline constexpr ImVec4 kErrorText = ImVec4(1.00f, 0.47f, 0.45f, 1.0f);
inline constexpr ImVec4 kWarningText = ImVec4(1.00f, 0.80f, 0.40f, 1.0f);
inline constexpr ImVec4 kOkText = ImVec4(0.50f, 0.85f, 0.55f, 1.0f);
inline constexpr ImVec4 kDimText = ImVec4(0.55f, 0.59f, 0.66f, 1.0f);
inline constexpr ImVec4 kNullText = ImVec4(0.62f, 0.52f, 0.80f, 1.0f);
inline constexpr ImVec4 kAccent = ImVec4(0.25f, 0.52f, 0.96f, 1.0f);
inline constexpr ImVec4 kErrorBackground = ImVec4(0.32f, 0.10f, 0.11f, 1.0f);
inline constexpr ImVec4 kPanelBackground = ImVec4(0.11f, 0.12f, 0.145f, 1.0f);

}  // namespace pgplay::theme
