// A pannable, zoomable canvas of boxes joined by curves: the drawing layer the plan view and the
// ER diagram share. The caller lays the graph out (core/graph_layout), then each frame hands
// the boxes to begin() and draws each box's contents through boxOrigin(); edges are cubic
// curves from a parent's bottom to a child's top, with an arrowhead and an optional label.
// Drag the background to pan, wheel to zoom (around the pointer), drag a box to move it
// (where the caller allows it), click a box to select it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "imgui.h"
#include "core/graph_layout.h"

namespace pgplay {

class GraphCanvas {
public:
    // Starts the canvas in the space the caller's child window has left. `boxes` may change
    // between frames (a new layout); moved boxes keep their moves while the count is the same.
    // `edges` (from, to): the graph's edges; each box spreads its edges along its edge so that
    // they, and their labels, do not meet in one point.
    void begin(const char* id, const std::vector<LayoutBox>& boxes, const std::vector<std::pair<size_t, size_t>>& edges,
               bool draggable);
    // Draws edge `k` of begin()'s list (after begin, before end). `dashed`: a relationship that
    // may be absent.
    void edge(size_t k, ImU32 colour, const std::string& label = {}, bool dashed = false);
    // The screen position of box `i`'s top-left corner and the zoom, for drawing its contents.
    ImVec2 boxOrigin(size_t i) const;
    float zoom() const { return zoom_; }
    // Draws a box's frame; `highlight` for the selected one, `borderWidth` to make one stand out.
    // Returns whether it is the selected box.
    bool box(size_t i, ImU32 fill, ImU32 border, bool highlight, float borderWidth = 1.0f);
    void end();

    std::optional<size_t> selected() const { return selected_; }
    void select(std::optional<size_t> i) { selected_ = i; }
    // Fits the whole drawing in view (the next frame).
    void fit() { fitPending_ = true; }
    // Pans so that box `i` is in view (the next frame, after any fit), if it is not already.
    void reveal(size_t i) { revealPending_ = i; }
    bool visible(size_t i) const;   // the box is (partly) on screen: skip drawing its contents if not

private:
    ImVec2 toScreen(float x, float y) const;
    LayoutBox placed(size_t i) const;

    void placePorts();

    std::vector<LayoutBox> boxes_;
    std::vector<std::pair<size_t, size_t>> edges_;
    std::vector<float> fromPort_, toPort_;   // per edge: where it leaves / meets its box, 0..1 of the width
    std::vector<ImVec2> moved_;        // per box: the offset the learner dragged it by
    ImVec2 pan_{20, 20};
    float zoom_ = 1.0f;
    bool fitPending_ = true;
    std::optional<size_t> revealPending_;
    ImVec2 origin_{}, size_{};
    ImDrawList* draw_ = nullptr;
    std::optional<size_t> selected_;
    std::optional<size_t> dragging_;   // the box a press started on (none: the background)
    bool dragged_ = false;             // the press moved: a drag, not a click
    bool draggable_ = false;
};

}  // namespace pgplay
