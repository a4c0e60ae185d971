#include "embed_layout.h"

#include <algorithm>
#include <cmath>

namespace pgplay {

namespace {
constexpr int kMinEditorLines = 3;    // room to add a line or two without the frame jumping
constexpr int kMaxEditorLines = 14;   // longer scripts scroll
constexpr int kMaxGridRows = 10;      // longer results scroll
constexpr float kEditorPadding = 16;  // above and below the text
constexpr float kSplitter = 8;
constexpr float kMargins = 16;        // the window's padding, top and bottom
}  // namespace

EmbedLayout embedLayout(const EmbedLayoutInput& in) {
    EmbedLayout out;
    const float line = std::max(in.lineHeight, 1.0f);
    out.editorHeight = std::clamp(in.editorLines, kMinEditorLines, kMaxEditorLines) * line + kEditorPadding;
    float below = 0;
    switch (in.below) {
    case EmbedLayoutInput::Below::Nothing: below = 4 * line; break;   // the hint or the loading bar
    case EmbedLayoutInput::Below::Message: below = 7 * line; break;   // an error, its detail and hint
    case EmbedLayoutInput::Below::Rows:
        // The status line and header, the rows (at least one, for "no rows"), a little slack.
        below = (3 + std::clamp(in.resultRows, 1, kMaxGridRows)) * (line + 4);
        break;
    }
    float height = in.paneView ? kEmbedPaneHeight : in.toolbarHeight + out.editorHeight + kSplitter + below + kMargins;
    height = std::clamp(height, kEmbedMinHeight, kEmbedMaxHeight);
    out.preferredHeight = std::ceil(height / 4) * 4;
    return out;
}

}  // namespace pgplay
