// The layered layout shared by the plan view and the ER diagram (core/graph_layout).
#include <catch2/catch.hpp>

#include <random>

#include "core/graph_layout.h"

using namespace pgplay;

namespace {

using Edges = std::vector<std::pair<size_t, size_t>>;

// No two boxes of one layer overlap, and all keep the gap.
void checkNoOverlap(const GraphLayout& l, float gap) {
    for (size_t a = 0; a < l.boxes.size(); ++a)
        for (size_t b = a + 1; b < l.boxes.size(); ++b) {
            const LayoutBox& p = l.boxes[a];
            const LayoutBox& q = l.boxes[b];
            if (p.layer != q.layer) continue;
            INFO("boxes " << a << " and " << b);
            CHECK((p.x + p.width + gap <= q.x + 0.01f || q.x + q.width + gap <= p.x + 0.01f));
        }
}

}  // namespace

TEST_CASE("Graph layout: nothing, one node", "[layout]") {
    CHECK(layoutLayered({}, {}).boxes.empty());
    const GraphLayout one = layoutLayered({{100, 40}}, {{0, 0}, {0, 7}});   // a self-loop and a bad edge are ignored
    REQUIRE(one.boxes.size() == 1);
    CHECK(one.boxes[0].x == 0);
    CHECK(one.boxes[0].y == 0);
    CHECK(one.width == 100);
    CHECK(one.height == 40);
}

TEST_CASE("Graph layout: a plan tree, root on top, parents over their children", "[layout]") {
    // 0 -> 1, 2, 3; 1 -> 4, 5
    const std::vector<LayoutSize> sizes(6, LayoutSize{120, 50});
    const Edges edges{{0, 1}, {0, 2}, {0, 3}, {1, 4}, {1, 5}};
    const GraphLayout l = layoutLayered(sizes, edges);
    for (const auto& [from, to] : edges) CHECK(l.boxes[from].layer < l.boxes[to].layer);
    CHECK(l.boxes[0].layer == 0);
    CHECK(l.boxes[4].layer == 2);
    CHECK(l.boxes[4].y >= l.boxes[1].bottom() + 56 - 0.01f);
    checkNoOverlap(l, 24);
    // Children keep EXPLAIN's order, left to right.
    CHECK(l.boxes[1].x < l.boxes[2].x);
    CHECK(l.boxes[2].x < l.boxes[3].x);
    // A parent sits over the middle of its children.
    CHECK(l.boxes[1].centerX() == Approx((l.boxes[4].centerX() + l.boxes[5].centerX()) / 2).margin(1));
    CHECK(l.boxes[0].centerX() >= l.boxes[1].centerX());
    CHECK(l.boxes[0].centerX() <= l.boxes[3].centerX());
    CHECK(l.reversedEdges.empty());
}

TEST_CASE("Graph layout: crossing edges are untangled", "[layout]") {
    // Tables 0 and 1 on top; 0 is referenced by 3 and 1 by 2: 3 should end up under 0, on the left.
    const std::vector<LayoutSize> sizes(4, LayoutSize{100, 60});
    const GraphLayout l = layoutLayered(sizes, {{0, 3}, {1, 2}});
    CHECK(l.boxes[3].x < l.boxes[2].x);
}

TEST_CASE("Graph layout: a cycle of references is laid out with one edge turned round", "[layout]") {
    const std::vector<LayoutSize> sizes(3, LayoutSize{80, 30});
    const GraphLayout l = layoutLayered(sizes, {{0, 1}, {1, 2}, {2, 0}});
    CHECK(l.reversedEdges == std::vector<size_t>{2});
    CHECK(l.boxes[0].layer < l.boxes[1].layer);
    CHECK(l.boxes[1].layer < l.boxes[2].layer);
}

TEST_CASE("Graph layout: a 500-node plan and a long chain stay tidy", "[layout]") {
    std::mt19937 rng(5);
    std::vector<LayoutSize> sizes;
    Edges edges;
    for (size_t i = 0; i < 500; ++i) {
        sizes.push_back({std::uniform_real_distribution<float>(80, 220)(rng), std::uniform_real_distribution<float>(40, 90)(rng)});
        if (i > 0) edges.push_back({std::uniform_int_distribution<size_t>(0, i - 1)(rng), i});
    }
    const GraphLayout l = layoutLayered(sizes, edges);
    checkNoOverlap(l, 24);
    for (const auto& [from, to] : edges) CHECK(l.boxes[from].bottom() < l.boxes[to].y);
    CHECK(l.width > 0);
    // Deterministic: the same input, the same picture.
    const GraphLayout again = layoutLayered(sizes, edges);
    for (size_t i = 0; i < l.boxes.size(); ++i) CHECK(again.boxes[i].x == l.boxes[i].x);

    // 10,000 nodes in a line: no recursion to overflow.
    std::vector<LayoutSize> chain(10000, LayoutSize{50, 20});
    Edges links;
    for (size_t i = 1; i < chain.size(); ++i) links.push_back({i - 1, i});
    CHECK(layoutLayered(chain, links).boxes.back().layer == 9999);
}
