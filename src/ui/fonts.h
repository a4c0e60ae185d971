// The fonts the views draw with, built by the platform layer (at the screen's pixel ratio).
#pragma once

struct ImFont;

namespace pgplay {

struct Fonts {
    ImFont* ui = nullptr;     // proportional, for labels and prose
    ImFont* mono = nullptr;   // monospace, for SQL and result cells
};

}  // namespace pgplay
