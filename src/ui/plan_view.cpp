#include "ui/plan_view.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "imgui.h"
#include "ui/theme.h"

namespace pgplay {

namespace {

constexpr float kNodeWidth = 240;
constexpr float kPad = 8;

std::string rows(double n) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), n >= 100 ? "%.0f" : "%.4g", n);
    return buf;
}

std::string ms(double v) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), v >= 100 ? "%.0f ms" : v >= 1 ? "%.1f ms" : "%.3f ms", v);
    return buf;
}

// "on orders o", "using orders_pkey on orders", "" for nodes that read no table.
std::string target(const PlanNode& n) {
    std::string out;
    if (n.index) out += "using " + *n.index + " ";
    if (n.relation) out += "on " + *n.relation + (n.alias.empty() || n.alias == *n.relation ? "" : " " + n.alias);
    else if (!n.cteName.empty()) out += "CTE " + n.cteName;
    else if (!n.subplanName.empty()) out += n.subplanName;
    return out;
}

}  // namespace

void PlanView::rebuild(const Plan& plan, const Fonts& fonts) {
    ImFont* ui = fonts.ui ? fonts.ui : ImGui::GetFont();
    const float line = ui->FontSize + 3;
    std::vector<LayoutSize> sizes(plan.nodes.size(), LayoutSize{kNodeWidth, 2 * kPad + 4 * line});
    edges_.clear();
    for (size_t i = 0; i < plan.nodes.size(); ++i)
        for (int c : plan.nodes[i].children) edges_.push_back({i, static_cast<size_t>(c)});
    layout_ = layoutLayered(sizes, edges_, LayoutSpacing{20, 44});
    canvas_.select(std::nullopt);
    canvas_.fit();
}

void PlanView::draw(const ExplainSession& session, const Fonts& fonts) {
    const ExplainOutcome& o = session.shown();
    if (session.running()) {
        ImGui::TextColored(theme::kWarningText, "Explaining…");
        return;
    }
    ImGui::PushTextWrapPos(0);
    if (!o.error.empty()) {
        ImGui::TextColored(theme::kErrorText, "No plan: %s", o.error.c_str());
        ImGui::PopTextWrapPos();
        return;
    }
    if (!o.plan || o.plan->nodes.empty()) {
        ImGui::TextColored(theme::kDimText, "Put the cursor in a statement and press Explain to see how PostgreSQL runs it.");
        ImGui::PopTextWrapPos();
        return;
    }
    const Plan& plan = *o.plan;
    if (o.revision != revision_) {
        revision_ = o.revision;
        rebuild(plan, fonts);
    }
    if (plan.executionMs) ImGui::Text("Execution %s", ms(*plan.executionMs).c_str());
    else ImGui::TextColored(theme::kDimText, "Estimated plan (not run)");
    if (plan.planningMs) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kDimText, "· planning %s · %zu nodes", ms(*plan.planningMs).c_str(), plan.nodes.size());
    }
    if (!o.note.empty()) ImGui::TextColored(theme::kDimText, "%s", o.note.c_str());
    for (const PlanWarning& w : o.warnings) {
        ImGui::TextColored(theme::kWarningText, "!");
        ImGui::SameLine();
        ImGui::TextWrapped("%s", w.message.c_str());
        if (ImGui::IsItemClicked()) canvas_.select(static_cast<size_t>(w.node));   // show the node it is about
        if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    }
    ImGui::PopTextWrapPos();

    const double totalMs = plan.root().inclusiveMs.value_or(0);
    const float detailsHeight = canvas_.selected() ? 120.0f : 0.0f;
    ImGui::BeginChild("plan-canvas", ImVec2(0, -detailsHeight));
    canvas_.begin("##plan", layout_.boxes, edges_, false);
    for (size_t k = 0; k < edges_.size(); ++k) canvas_.edge(k, ImGui::GetColorU32(ImVec4(0.5f, 0.55f, 0.62f, 1)));
    for (size_t i = 0; i < plan.nodes.size(); ++i)
        if (canvas_.visible(i)) drawNode(plan, i, fonts, totalMs);
    canvas_.end();
    ImGui::EndChild();
    if (canvas_.selected() && *canvas_.selected() < plan.nodes.size()) drawDetails(plan.nodes[*canvas_.selected()]);
}

void PlanView::drawNode(const Plan& plan, size_t i, const Fonts& fonts, double totalMs) {
    const PlanNode& n = plan.nodes[i];
    // Redder the more of the time was spent in this node alone.
    const float share = totalMs > 0 && n.exclusiveMs ? static_cast<float>(std::clamp(*n.exclusiveMs / totalMs, 0.0, 1.0)) : 0.0f;
    const ImVec4 fill(0.14f + 0.45f * share, 0.16f - 0.06f * share, 0.20f - 0.08f * share, 1);
    canvas_.box(i, ImGui::GetColorU32(fill), ImGui::GetColorU32(ImVec4(0.35f, 0.40f, 0.48f, 1)), canvas_.selected() == i);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImFont* ui = fonts.ui ? fonts.ui : ImGui::GetFont();
    const float z = canvas_.zoom();
    const float size = ui->FontSize * z;
    const float line = (ui->FontSize + 3) * z;
    const ImVec2 o = canvas_.boxOrigin(i);
    float y = o.y + kPad * z;
    // One line each, cut at the box's edge (a long index name must not spill into the next line).
    const ImVec4 clip(o.x, o.y, o.x + (kNodeWidth - kPad) * z, o.y + 10000);
    auto text = [&](const std::string& s, ImVec4 colour) {
        draw->AddText(ui, size, ImVec2(o.x + kPad * z, y), ImGui::GetColorU32(colour), s.c_str(), nullptr, 0, &clip);
        y += line;
    };
    text(nodeDisplayName(n), ImVec4(1, 1, 1, 1));
    if (z < 0.45f) return;
    text(target(n), theme::kDimText);
    std::string r = "rows " + rows(n.estimatedRows) + " est";
    bool off = false;
    if (n.actualRows) {
        r += " → " + rows(*n.actualRows) + (n.loops > 1 ? " × " + rows(n.loops) + " loops" : "");
        const double a = std::max(*n.actualRows, 1.0), e = std::max(n.estimatedRows, 1.0);
        off = std::max(a, e) >= 100 && (a / e >= 10 || e / a >= 10);
    }
    if (n.loops == 0 && plan.analyzed) r += " (never executed)";
    text(r, off ? theme::kWarningText : ImVec4(0.85f, 0.87f, 0.9f, 1));
    if (n.exclusiveMs)
        text(ms(*n.exclusiveMs) + " here" + (totalMs > 0 ? " (" + std::to_string(static_cast<int>(share * 100 + 0.5f)) + "%)" : ""),
             share > 0.3f ? theme::kErrorText : theme::kDimText);
}

void PlanView::drawDetails(const PlanNode& n) {
    ImGui::BeginChild("plan-details", ImVec2(0, 0), ImGuiChildFlags_Border);
    ImGui::TextColored(theme::kAccent, "%s", nodeDisplayName(n).c_str());
    ImGui::SameLine();
    ImGui::TextColored(theme::kDimText, "%s", target(n).c_str());
    auto row = [](const char* label, const std::string& value) {
        if (value.empty()) return;
        ImGui::TextColored(theme::kDimText, "%s", label);
        ImGui::SameLine();
        ImGui::TextWrapped("%s", value.c_str());
    };
    row("Filter:", n.filter);
    if (n.rowsRemovedByFilter > 0) row("Rows removed by filter:", rows(n.rowsRemovedByFilter) + " per loop");
    row("Index condition:", n.indexCond);
    row("Recheck:", n.recheckCond);
    row("Hash condition:", n.hashCond);
    row("Merge condition:", n.mergeCond);
    row("Join filter:", n.joinFilter);
    if (!n.sortMethod.empty())
        row("Sort:", n.sortMethod + (n.sortSpaceUsedKb ? ", " + std::to_string(*n.sortSpaceUsedKb) + " kB " +
                                                            (n.sortSpaceType == SortSpace::Disk ? "on disk" : "in memory")
                                                      : std::string()));
    if (n.hashBatches) row("Hash batches:", std::to_string(*n.hashBatches));
    if (n.hasCosts) row("Cost:", rows(n.startupCost) + " .. " + rows(n.totalCost));
    if (n.inclusiveMs) row("Time with children:", ms(*n.inclusiveMs));
    if (n.buffers.any())
        row("Buffers:", "shared hit " + std::to_string(n.buffers.sharedHit) + ", read " + std::to_string(n.buffers.sharedRead) +
                            (n.buffers.tempWritten ? ", temp written " + std::to_string(n.buffers.tempWritten) : ""));
    ImGui::EndChild();
}

}  // namespace pgplay
