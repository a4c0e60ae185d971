// Places the boxes of a node graph for drawing, shared by the two pictures pgplay draws: an
// EXPLAIN plan (a tree, root on top) and an ER diagram (referenced tables above the tables that
// reference them). A layered ("Sugiyama") layout: every edge points down one or more layers,
// nodes in a layer are ordered to keep edges from crossing (barycenter sweeps), and each node
// sits as near as it can to the middle of the nodes it is joined to, without overlapping.
// Plain geometry: no ImGui, natively tested; the views pan and zoom the result.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace pgplay {

struct LayoutSize {
    float width = 0;
    float height = 0;
};

struct LayoutBox {
    float x = 0, y = 0;          // top-left
    float width = 0, height = 0;
    size_t layer = 0;
    float centerX() const { return x + width / 2; }
    float bottom() const { return y + height; }
};

struct GraphLayout {
    std::vector<LayoutBox> boxes;   // one per node, in the input order
    float width = 0, height = 0;    // the whole drawing
    // Edges that had to point upwards to break a cycle (A references B references A), by index
    // in the input: drawn the same way, their direction is only a layout matter.
    std::vector<size_t> reversedEdges;
};

struct LayoutSpacing {
    float betweenNodes = 24;    // horizontal gap within a layer
    float betweenLayers = 56;   // vertical gap between layers (room for the curves)
};

// `edges`: (from, to) node indexes; `from` is drawn above `to`. Out-of-range edges and
// self-loops are ignored. Deterministic for the same input.
GraphLayout layoutLayered(const std::vector<LayoutSize>& nodes, const std::vector<std::pair<size_t, size_t>>& edges,
                          LayoutSpacing spacing = {});

}  // namespace pgplay
