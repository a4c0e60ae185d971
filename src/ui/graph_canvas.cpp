#include "ui/graph_canvas.h"

#include <algorithm>
#include <cmath>

#include "ui/theme.h"

namespace pgplay {

void GraphCanvas::begin(const char* id, const std::vector<LayoutBox>& boxes,
                        const std::vector<std::pair<size_t, size_t>>& edges, bool draggable) {
    if (boxes.size() != boxes_.size()) {
        moved_.assign(boxes.size(), ImVec2(0, 0));
        if (boxes_.empty()) fitPending_ = true;
        if (selected_ && *selected_ >= boxes.size()) selected_.reset();
    }
    boxes_ = boxes;
    edges_ = edges;
    draggable_ = draggable;
    placePorts();
    origin_ = ImGui::GetCursorScreenPos();
    size_ = ImGui::GetContentRegionAvail();
    size_.x = std::max(size_.x, 50.0f);
    size_.y = std::max(size_.y, 50.0f);
    draw_ = ImGui::GetWindowDrawList();
    draw_->PushClipRect(origin_, ImVec2(origin_.x + size_.x, origin_.y + size_.y), true);
    draw_->AddRectFilled(origin_, ImVec2(origin_.x + size_.x, origin_.y + size_.y), ImGui::GetColorU32(theme::kPanelBackground));

    if (fitPending_ && !boxes_.empty()) {
        float w = 0, h = 0;
        for (const LayoutBox& b : boxes_) {
            w = std::max(w, b.x + b.width);
            h = std::max(h, b.y + b.height);
        }
        // Fit the width, and the height where that keeps text readable; a tall tree is panned.
        zoom_ = std::clamp(std::min((size_.x - 40) / std::max(w, 1.0f), (size_.y - 40) / std::max(h, 1.0f)), 0.2f, 1.0f);
        zoom_ = std::max(zoom_, std::min(0.8f, (size_.x - 40) / std::max(w, 1.0f)));
        pan_ = ImVec2(std::max(20.0f, (size_.x - w * zoom_) / 2), 20);
        fitPending_ = false;
    }
    if (revealPending_ && *revealPending_ < boxes_.size()) {
        const LayoutBox b = placed(*revealPending_);
        const ImVec2 a = toScreen(b.x, b.y), z = toScreen(b.x + b.width, b.y + b.height);
        const bool inView = a.x >= origin_.x && a.y >= origin_.y && z.x <= origin_.x + size_.x && z.y <= origin_.y + size_.y;
        if (!inView) {   // centre it
            pan_.x += origin_.x + size_.x / 2 - (a.x + z.x) / 2;
            pan_.y += origin_.y + size_.y / 2 - (a.y + z.y) / 2;
        }
    }
    revealPending_.reset();

    // The whole area is one invisible button: drags on the background pan, the wheel zooms.
    ImGui::InvisibleButton(id, size_, ImGuiButtonFlags_MouseButtonLeft);
    const bool hovered = ImGui::IsItemHovered();
    ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsItemActivated()) {
        dragging_.reset();
        dragged_ = false;
        // The topmost box under the pointer takes the drag, else the canvas pans.
        for (size_t i = boxes_.size(); i-- > 0;) {
            const LayoutBox b = placed(i);
            const ImVec2 a = toScreen(b.x, b.y), z = toScreen(b.x + b.width, b.y + b.height);
            if (io.MousePos.x >= a.x && io.MousePos.x <= z.x && io.MousePos.y >= a.y && io.MousePos.y <= z.y) {
                dragging_ = i;
                break;
            }
        }
    }
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f)) {
        dragged_ = true;
        if (dragging_ && draggable_) {
            moved_[*dragging_].x += io.MouseDelta.x / zoom_;
            moved_[*dragging_].y += io.MouseDelta.y / zoom_;
        } else if (!dragging_) {
            pan_.x += io.MouseDelta.x;
            pan_.y += io.MouseDelta.y;
        }
    }
    if (ImGui::IsItemDeactivated() && !dragged_)
        selected_ = dragging_;   // a click: select the box under it (or nothing)
    if (hovered && io.MouseWheel != 0) {
        const float before = zoom_;
        zoom_ = std::clamp(zoom_ * std::pow(1.15f, io.MouseWheel), 0.1f, 3.0f);
        // Keep the point under the pointer where it is.
        const ImVec2 local(io.MousePos.x - origin_.x - pan_.x, io.MousePos.y - origin_.y - pan_.y);
        pan_.x -= local.x * (zoom_ / before - 1);
        pan_.y -= local.y * (zoom_ / before - 1);
    }
}

ImVec2 GraphCanvas::toScreen(float x, float y) const {
    return ImVec2(origin_.x + pan_.x + x * zoom_, origin_.y + pan_.y + y * zoom_);
}

LayoutBox GraphCanvas::placed(size_t i) const {
    LayoutBox b = boxes_[i];
    if (i < moved_.size()) {
        b.x += moved_[i].x;
        b.y += moved_[i].y;
    }
    return b;
}

ImVec2 GraphCanvas::boxOrigin(size_t i) const {
    const LayoutBox b = placed(i);
    return toScreen(b.x, b.y);
}

bool GraphCanvas::visible(size_t i) const {
    const LayoutBox b = placed(i);
    const ImVec2 a = toScreen(b.x, b.y), z = toScreen(b.x + b.width, b.y + b.height);
    return z.x >= origin_.x && a.x <= origin_.x + size_.x && z.y >= origin_.y && a.y <= origin_.y + size_.y;
}

// Each box's edges leave its bottom (and meet its top) spread between 25% and 75% of its width,
// ordered by where the other end is, so they do not cross at the box.
void GraphCanvas::placePorts() {
    fromPort_.assign(edges_.size(), 0.5f);
    toPort_.assign(edges_.size(), 0.5f);
    std::vector<std::vector<size_t>> leaving(boxes_.size()), arriving(boxes_.size());
    for (size_t k = 0; k < edges_.size(); ++k) {
        const auto [from, to] = edges_[k];
        if (from >= boxes_.size() || to >= boxes_.size()) continue;
        const bool down = placed(from).y <= placed(to).y;
        leaving[down ? from : to].push_back(k);
        arriving[down ? to : from].push_back(k);
    }
    auto spread = [&](std::vector<size_t>& ks, std::vector<float>& port, bool byTarget) {
        std::stable_sort(ks.begin(), ks.end(), [&](size_t a, size_t b) {
            auto other = [&](size_t k) {
                const auto [from, to] = edges_[k];
                const bool down = placed(from).y <= placed(to).y;
                return placed(byTarget == down ? to : from).centerX();
            };
            return other(a) < other(b);
        });
        for (size_t i = 0; i < ks.size(); ++i)
            port[ks[i]] = ks.size() == 1 ? 0.5f : 0.25f + 0.5f * static_cast<float>(i) / static_cast<float>(ks.size() - 1);
    };
    for (size_t b = 0; b < boxes_.size(); ++b) {
        spread(leaving[b], fromPort_, true);
        spread(arriving[b], toPort_, false);
    }
}

void GraphCanvas::edge(size_t k, ImU32 colour, const std::string& label, bool dashed) {
    if (k >= edges_.size()) return;
    const auto [from, to] = edges_[k];
    if (from >= boxes_.size() || to >= boxes_.size()) return;
    const LayoutBox a = placed(from), b = placed(to);
    // From the bottom of the upper box to the top of the lower one, whichever way the edge points.
    const bool down = a.y <= b.y;
    const LayoutBox& top = down ? a : b;
    const LayoutBox& bottom = down ? b : a;
    const ImVec2 p0 = toScreen(top.x + top.width * fromPort_[k], top.y + top.height);
    const ImVec2 p3 = toScreen(bottom.x + bottom.width * toPort_[k], bottom.y);
    const float bend = std::max(20.0f, (p3.y - p0.y) * 0.5f);
    const ImVec2 p1(p0.x, p0.y + bend), p2(p3.x, p3.y - bend);
    const float thickness = std::max(1.0f, 1.5f * zoom_);
    if (dashed) {
        // ImGui has no dashed curve: draw every other of 16 pieces.
        ImVec2 prev = p0;
        for (int i = 1; i <= 16; ++i) {
            const float t = static_cast<float>(i) / 16, u = 1 - t;
            const ImVec2 p(u * u * u * p0.x + 3 * u * u * t * p1.x + 3 * u * t * t * p2.x + t * t * t * p3.x,
                           u * u * u * p0.y + 3 * u * u * t * p1.y + 3 * u * t * t * p2.y + t * t * t * p3.y);
            if (i % 2) draw_->AddLine(prev, p, colour, thickness);
            prev = p;
        }
    } else {
        draw_->AddBezierCubic(p0, p1, p2, p3, colour, thickness);
    }
    // The arrowhead points at `to`.
    const ImVec2 tip = down ? p3 : p0;
    const float s = 6 * std::max(zoom_, 0.5f);
    const float dir = down ? -1.0f : 1.0f;
    draw_->AddTriangleFilled(tip, ImVec2(tip.x - s, tip.y + dir * s * 1.6f), ImVec2(tip.x + s, tip.y + dir * s * 1.6f), colour);
    if (!label.empty() && zoom_ >= 0.5f) {
        // On the curve, nearer the lower end, where edges that share an upper box have parted;
        // on a backing so it stays readable over other curves.
        const float t = down ? 0.62f : 0.38f, u = 1 - t;
        const ImVec2 at(u * u * u * p0.x + 3 * u * u * t * p1.x + 3 * u * t * t * p2.x + t * t * t * p3.x,
                        u * u * u * p0.y + 3 * u * u * t * p1.y + 3 * u * t * t * p2.y + t * t * t * p3.y);
        const ImVec2 size = ImGui::CalcTextSize(label.c_str());
        const ImVec2 a(at.x - size.x / 2, at.y - size.y / 2);
        draw_->AddRectFilled(ImVec2(a.x - 3, a.y - 1), ImVec2(a.x + size.x + 3, a.y + size.y + 1),
                             ImGui::GetColorU32(theme::kPanelBackground), 3);
        draw_->AddText(a, colour, label.c_str());
    }
}

bool GraphCanvas::box(size_t i, ImU32 fill, ImU32 border, bool highlight, float borderWidth) {
    if (i >= boxes_.size()) return false;
    const LayoutBox b = placed(i);
    const ImVec2 a = toScreen(b.x, b.y), z = toScreen(b.x + b.width, b.y + b.height);
    draw_->AddRectFilled(a, z, fill, 6 * zoom_);
    draw_->AddRect(a, z, highlight ? ImGui::GetColorU32(theme::kAccent) : border, 6 * zoom_, 0, highlight ? std::max(2.5f, borderWidth) : borderWidth);
    return selected_ == i;
}

void GraphCanvas::end() {
    if (draw_) draw_->PopClipRect();
    draw_ = nullptr;
}

}  // namespace pgplay
