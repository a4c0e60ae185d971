// pgplay's colours and ImGui style, in one place so every view agrees on what "error red" or
// "NULL purple" is. Two palettes: dark (the default) and light, chosen by the page from the
// reader's prefers-color-scheme (apply() switches; views read the names below every frame, so a
// change shows at the next one).
#pragma once

#include "imgui.h"

namespace pgplay::theme {

void apply(bool light = false);   // sets the palette below and ImGui's style for the whole app
bool isLight();

// Syntax colours of the SQL editor.
inline ImU32 kKeyword, kIdentifier, kString, kNumber, kComment, kOperator, kPunctuation, kUnterminated;

inline ImU32 kGutterText, kGutterTextCurrent, kCaret, kErrorLine, kErrorMark;
inline ImU32 kCodeBackground;   // inline code in lesson text

inline ImVec4 kErrorText, kWarningText, kOkText, kDimText, kNullText, kAccent, kErrorBackground, kPanelBackground;
inline ImVec4 kStrongText;                   // emphasis in prose, SQL in the race view
inline ImVec4 kGoButton, kGoButtonHovered;   // Run, Check, Play
inline ImVec4 kDoneButton;                   // a finished lesson step
inline ImVec4 kCurrentButton;                // the lesson step that is open
inline ImVec4 kDangerButton, kDangerButtonHovered;   // replacing the learner's database
inline ImVec4 kBoxFill, kLinkBoxFill, kBoxBorder, kEdge;   // diagrams: tables, link tables, lines
inline ImVec4 kManyToMany, kOneToMany;       // ER relationship lines
inline ImVec4 kSessions[8];                  // race sessions A, B, C, ...
inline ImVec4 kClearColor;                   // behind everything

}  // namespace pgplay::theme
