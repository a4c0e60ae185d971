#include "graph_layout.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace pgplay {

namespace {

constexpr int kOrderSweeps = 6;      // barycenter passes (down and up) to reduce crossings
constexpr int kPlacementSweeps = 4;  // passes pulling nodes towards their neighbours

struct Graph {
    std::vector<std::vector<size_t>> down, up;   // edges after cycles are broken
};

// Depth-first search; an edge to a node still on the stack closes a cycle and is reversed.
Graph acyclic(size_t n, const std::vector<std::pair<size_t, size_t>>& edges, std::vector<size_t>& reversed) {
    std::vector<std::vector<std::pair<size_t, size_t>>> out(n);   // (to, edge index)
    for (size_t e = 0; e < edges.size(); ++e) {
        const auto [from, to] = edges[e];
        if (from < n && to < n && from != to) out[from].push_back({to, e});
    }
    std::vector<int> state(n, 0);   // 0 unseen, 1 on the stack, 2 done
    Graph g;
    g.down.resize(n);
    g.up.resize(n);
    auto add = [&](size_t a, size_t b) {
        if (std::find(g.down[a].begin(), g.down[a].end(), b) != g.down[a].end()) return;
        g.down[a].push_back(b);
        g.up[b].push_back(a);
    };
    // Iterative, so a 10,000-node chain cannot overflow the stack.
    for (size_t root = 0; root < n; ++root) {
        if (state[root]) continue;
        std::vector<std::pair<size_t, size_t>> stack{{root, 0}};   // (node, next edge to follow)
        state[root] = 1;
        while (!stack.empty()) {
            auto& [v, next] = stack.back();
            if (next == out[v].size()) {
                state[v] = 2;
                stack.pop_back();
                continue;
            }
            const auto [w, e] = out[v][next++];
            if (state[w] == 1) {
                reversed.push_back(e);
                add(w, v);
            } else {
                add(v, w);
                if (state[w] == 0) {
                    state[w] = 1;
                    stack.push_back({w, 0});
                }
            }
        }
    }
    std::sort(reversed.begin(), reversed.end());
    return g;
}

// Longest path from a source: every edge goes at least one layer down.
std::vector<size_t> layersOf(const Graph& g) {
    const size_t n = g.down.size();
    std::vector<size_t> indegree(n), layer(n, 0), queue;
    for (size_t v = 0; v < n; ++v) indegree[v] = g.up[v].size();
    for (size_t v = 0; v < n; ++v)
        if (indegree[v] == 0) queue.push_back(v);
    for (size_t i = 0; i < queue.size(); ++i) {
        const size_t v = queue[i];
        for (size_t w : g.down[v]) {
            layer[w] = std::max(layer[w], layer[v] + 1);
            if (--indegree[w] == 0) queue.push_back(w);
        }
    }
    return layer;
}

// The mean position of `v`'s neighbours (in `position`), or its own when it has none.
float barycenter(const std::vector<size_t>& neighbours, const std::vector<float>& position, float own) {
    if (neighbours.empty()) return own;
    float sum = 0;
    for (size_t w : neighbours) sum += position[w];
    return sum / static_cast<float>(neighbours.size());
}

}  // namespace

GraphLayout layoutLayered(const std::vector<LayoutSize>& nodes, const std::vector<std::pair<size_t, size_t>>& edges,
                          LayoutSpacing spacing) {
    GraphLayout out;
    const size_t n = nodes.size();
    out.boxes.resize(n);
    if (n == 0) return out;
    const Graph g = acyclic(n, edges, out.reversedEdges);
    const std::vector<size_t> layer = layersOf(g);
    const size_t layerCount = *std::max_element(layer.begin(), layer.end()) + 1;

    // Order within layers: input order first (a plan's children in EXPLAIN's order), then
    // barycenter sweeps, keeping the order stable where barycenters tie.
    std::vector<std::vector<size_t>> rows(layerCount);
    for (size_t v = 0; v < n; ++v) rows[layer[v]].push_back(v);
    std::vector<float> rank(n);
    auto renumber = [&] {
        for (const auto& row : rows)
            for (size_t i = 0; i < row.size(); ++i) rank[row[i]] = static_cast<float>(i);
    };
    renumber();
    for (int sweep = 0; sweep < kOrderSweeps; ++sweep) {
        const bool downwards = sweep % 2 == 0;
        for (size_t k = 1; k < layerCount; ++k) {
            std::vector<size_t>& row = rows[downwards ? k : layerCount - 1 - k];
            std::vector<float> key(n);
            for (size_t v : row) key[v] = barycenter(downwards ? g.up[v] : g.down[v], rank, rank[v]);
            std::stable_sort(row.begin(), row.end(), [&](size_t a, size_t b) { return key[a] < key[b]; });
            for (size_t i = 0; i < row.size(); ++i) rank[row[i]] = static_cast<float>(i);
        }
    }

    // x: packed left to right, then pulled towards the centres of the neighbours, never closer
    // than the gap to the node beside it.
    std::vector<float> center(n);
    for (const auto& row : rows) {
        float x = 0;
        for (size_t v : row) {
            center[v] = x + nodes[v].width / 2;
            x += nodes[v].width + spacing.betweenNodes;
        }
    }
    auto settleRow = [&](const std::vector<size_t>& row, const std::vector<std::vector<size_t>>& towards) {
        std::vector<float> want(row.size());
        for (size_t i = 0; i < row.size(); ++i) want[i] = barycenter(towards[row[i]], center, center[row[i]]);
        // Left to right, keep each at its wish or just right of its left neighbour; then right to
        // left, so a crowd spreads both ways around where it wants to be.
        for (size_t i = 0; i < row.size(); ++i) {
            float x = want[i];
            if (i > 0) x = std::max(x, center[row[i - 1]] + (nodes[row[i - 1]].width + nodes[row[i]].width) / 2 + spacing.betweenNodes);
            center[row[i]] = x;
        }
        for (size_t i = row.size(); i-- > 1;) {
            const float limit = center[row[i]] - (nodes[row[i - 1]].width + nodes[row[i]].width) / 2 - spacing.betweenNodes;
            center[row[i - 1]] = std::min(center[row[i - 1]], std::max(limit, want[i - 1]));
        }
        // The right-to-left pass may push a node past its left neighbour's minimum: put back.
        for (size_t i = 1; i < row.size(); ++i)
            center[row[i]] = std::max(center[row[i]], center[row[i - 1]] + (nodes[row[i - 1]].width + nodes[row[i]].width) / 2 + spacing.betweenNodes);
    };
    for (int sweep = 0; sweep < kPlacementSweeps; ++sweep) {
        if (sweep % 2 == 0)
            for (size_t k = 1; k < layerCount; ++k) settleRow(rows[k], g.up);
        else
            for (size_t k = layerCount - 1; k-- > 0;) settleRow(rows[k], g.down);
    }

    // y: each layer as tall as its tallest box; then shift everything to start at 0.
    float y = 0;
    float minX = std::numeric_limits<float>::max();
    for (size_t k = 0; k < layerCount; ++k) {
        float tallest = 0;
        for (size_t v : rows[k]) {
            LayoutBox& b = out.boxes[v];
            b.width = nodes[v].width;
            b.height = nodes[v].height;
            b.x = center[v] - b.width / 2;
            b.y = y;
            b.layer = k;
            tallest = std::max(tallest, b.height);
            minX = std::min(minX, b.x);
        }
        y += tallest + spacing.betweenLayers;
    }
    for (LayoutBox& b : out.boxes) {
        b.x -= minX;
        out.width = std::max(out.width, b.x + b.width);
        out.height = std::max(out.height, b.bottom());
    }
    return out;
}

}  // namespace pgplay
