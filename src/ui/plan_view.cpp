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

// "on orders o", "using orders_pkey on orders", "" for nodes that read no table.
std::string target(const PlanNode& n) {
    std::string out;
    if (n.index) out += "using " + *n.index + " ";
    if (n.relation) out += "on " + *n.relation + (n.alias.empty() || n.alias == *n.relation ? "" : " " + n.alias);
    else if (!n.cteName.empty()) out += "CTE " + n.cteName;
    else if (!n.subplanName.empty()) out += n.subplanName;
    return out;
}

// Outline colours of the comparison: changed amber, new green, gone red.
ImVec4 changeColour(PlanNodeChange change) {
    switch (change) {
        case PlanNodeChange::Changed: return theme::kWarningText;
        case PlanNodeChange::Added: return theme::kOkText;
        case PlanNodeChange::Removed: return theme::kErrorText;
        case PlanNodeChange::Same: break;
    }
    return theme::kBoxBorder;
}

// "12.4 ms · SELECT sum(amount) FROM orders WHERE cust…": an earlier plan in the picker.
std::string earlierLabel(const ExplainOutcome& o, size_t number) {
    std::string sql;
    for (char c : o.statement) sql += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    if (sql.size() > 60) {
        size_t cut = 57;
        while (cut > 0 && (static_cast<unsigned char>(sql[cut]) & 0xC0) == 0x80) --cut;   // whole UTF-8 characters
        sql = sql.substr(0, cut) + "…";
    }
    std::string when = o.plan && o.plan->executionMs ? planDurationText(*o.plan->executionMs)
                                                     : o.plan && !o.plan->nodes.empty() ? "cost " + rows(o.plan->root().totalCost)
                                                                                        : "";
    return "#" + std::to_string(number) + "  " + when + " · " + sql;
}

}  // namespace

PlanIntents PlanView::draw(const ExplainSession& session, const Fonts& fonts) {
    PlanIntents intents;
    const ExplainOutcome& o = session.shown();
    if (session.running()) {
        ImGui::TextColored(theme::kWarningText, "Explaining…");
        return intents;
    }
    ImGui::PushTextWrapPos(0);
    if (!o.error.empty()) {
        ImGui::TextColored(theme::kErrorText, "No plan: %s", o.error.c_str());
        ImGui::PopTextWrapPos();
        return intents;
    }
    if (!o.plan || o.plan->nodes.empty()) {
        ImGui::TextColored(theme::kDimText,
                           "Put the cursor in a statement and press Explain (Ctrl+E) to see how PostgreSQL runs it.");
        ImGui::PopTextWrapPos();
        return intents;
    }
    const Plan& plan = *o.plan;
    if (plan.executionMs) ImGui::Text("Execution %s", planDurationText(*plan.executionMs).c_str());
    else ImGui::TextColored(theme::kDimText, "Estimated plan (not run)");
    if (plan.planningMs) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kDimText, "· planning %s · %zu nodes", planDurationText(*plan.planningMs).c_str(), plan.nodes.size());
    }
    if (!session.earlier().empty()) {
        ImGui::SameLine(0, 16);
        drawComparisonPicker(session, intents);
    }
    if (!o.note.empty()) ImGui::TextColored(theme::kDimText, "%s", o.note.c_str());
    const bool comparing = session.comparison().has_value() && session.comparedWith().has_value();
    if (comparing) {
        // A new comparison: bring the first changed node of each tree into view (a tall tree
        // is panned, and what changed is often at the bottom, where the tables are read).
        const std::pair<unsigned, size_t> key{o.revision, *session.comparedWith()};
        if (key != revealedComparison_) {
            revealedComparison_ = key;
            revealFirstChanges(*session.comparison());
        }
        drawComparison(session);
    } else if (o.revision != revealedPlan_) {
        // A new plan: a tall tree opens at its root, but what to look at is often further down.
        // Bring the first warning's node into view, else the node that took most of the time.
        revealedPlan_ = o.revision;
        std::optional<size_t> focus;
        if (!o.warnings.empty()) focus = static_cast<size_t>(o.warnings.front().node);
        double hottest = 0;
        for (size_t i = 0; !focus && i < plan.nodes.size(); ++i)
            if (plan.nodes[i].exclusiveMs && *plan.nodes[i].exclusiveMs > hottest) hottest = *plan.nodes[i].exclusiveMs;
        for (size_t i = 0; !focus && hottest > 0 && i < plan.nodes.size(); ++i)
            if (plan.nodes[i].exclusiveMs == hottest) focus = i;
        if (focus) after_.canvas.reveal(*focus);
    }
    for (const PlanWarning& w : o.warnings) {
        ImGui::TextColored(theme::kWarningText, "!");
        ImGui::SameLine();
        ImGui::TextWrapped("%s", w.message.c_str());
        if (ImGui::IsItemClicked()) {   // show the node it is about
            after_.canvas.select(static_cast<size_t>(w.node));
            after_.canvas.reveal(static_cast<size_t>(w.node));
            beforeSelectedLast_ = false;
        }
        if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    }
    ImGui::PopTextWrapPos();

    const PlanNode* details = nullptr;
    const ExplainOutcome* before = comparing ? &session.earlier()[*session.comparedWith()] : nullptr;
    if (beforeSelectedLast_ && before && before_.canvas.selected() && *before_.canvas.selected() < before->plan->nodes.size())
        details = &before->plan->nodes[*before_.canvas.selected()];
    else if (after_.canvas.selected() && *after_.canvas.selected() < plan.nodes.size())
        details = &plan.nodes[*after_.canvas.selected()];
    const float detailsHeight = details ? 120.0f : 0.0f;
    ImGui::BeginChild("plan-canvas", ImVec2(0, -detailsHeight));
    if (comparing) {
        const PlanComparison& c = *session.comparison();
        const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
        ImGui::BeginChild("plan-before", ImVec2(half, 0), ImGuiChildFlags_Border);
        ImGui::TextColored(theme::kDimText, "Before");
        drawPane(before_, "##plan-before", *before, PaneDiff{&c.beforeChange, &c.beforeMatch, &plan}, fonts);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("plan-after", ImVec2(0, 0), ImGuiChildFlags_Border);
        ImGui::TextColored(theme::kDimText, "After (this plan)");
        drawPane(after_, "##plan-after", o, PaneDiff{&c.afterChange, &c.afterMatch, before->plan ? &*before->plan : nullptr}, fonts);
        ImGui::EndChild();
    } else {
        drawPane(after_, "##plan", o, PaneDiff{}, fonts);
    }
    ImGui::EndChild();
    if (details) drawDetails(*details);
    return intents;
}

void PlanView::drawComparisonPicker(const ExplainSession& session, PlanIntents& intents) {
    const auto& earlier = session.earlier();
    const std::optional<size_t> current = session.comparedWith();
    const std::string preview = current ? earlierLabel(earlier[*current], *current + 1) : "no earlier plan";
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(theme::kDimText, "Compare with");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::min(360.0f, std::max(160.0f, ImGui::GetContentRegionAvail().x)));
    if (ImGui::BeginCombo("##compare-with", preview.c_str())) {
        if (ImGui::Selectable("no earlier plan", !current)) {
            intents.changeComparison = true;
            intents.compareWith.reset();
        }
        for (size_t i = earlier.size(); i-- > 0;) {   // newest first
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Selectable(earlierLabel(earlier[i], i + 1).c_str(), current == i)) {
                intents.changeComparison = true;
                intents.compareWith = i;
            }
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Show an earlier plan beside this one: how much faster it got, and what changed.\n"
                          "Explaining the same query again compares it with the last time.");
}

void PlanView::revealFirstChanges(const PlanComparison& c) {
    bool before = false, after = false;
    for (const PlanChange& ch : c.changes) {
        if (!after && ch.after >= 0) after_.canvas.reveal(static_cast<size_t>(ch.after)), after = true;
        if (!before && ch.before >= 0) before_.canvas.reveal(static_cast<size_t>(ch.before)), before = true;
    }
}

void PlanView::drawComparison(const ExplainSession& session) {
    const PlanComparison& c = *session.comparison();
    const bool better = c.ratio && *c.ratio >= 1.1, worse = c.ratio && *c.ratio <= 1 / 1.1;
    ImGui::TextColored(better ? theme::kOkText : worse ? theme::kErrorText : theme::kDimText, "%s", c.summary.c_str());
    if (c.changes.empty()) return;
    // The list of changes, scrolling when long; a click shows the node in its tree.
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float height = std::min(static_cast<float>(c.changes.size()), 4.0f) * line + 4;
    ImGui::BeginChild("plan-changes", ImVec2(0, height));
    for (size_t k = 0; k < c.changes.size(); ++k) {
        const PlanChange& ch = c.changes[k];
        ImGui::PushID(static_cast<int>(k));
        ImGui::TextColored(changeColour(ch.kind), "%s", ch.kind == PlanNodeChange::Added     ? "+"
                                                        : ch.kind == PlanNodeChange::Removed ? "−"
                                                                                             : "~");
        ImGui::SameLine();
        if (ImGui::Selectable(ch.message.c_str(), false)) {
            if (ch.after >= 0) {
                after_.canvas.select(static_cast<size_t>(ch.after));
                after_.canvas.reveal(static_cast<size_t>(ch.after));
            } else {
                after_.canvas.select(std::nullopt);
            }
            if (ch.before >= 0) {
                before_.canvas.select(static_cast<size_t>(ch.before));
                before_.canvas.reveal(static_cast<size_t>(ch.before));
            } else {
                before_.canvas.select(std::nullopt);
            }
            beforeSelectedLast_ = ch.after < 0;
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
}

void PlanView::drawPane(Pane& pane, const char* id, const ExplainOutcome& outcome, const PaneDiff& diff, const Fonts& fonts) {
    const Plan& plan = *outcome.plan;
    if (outcome.revision != pane.revision) {
        pane.revision = outcome.revision;
        ImFont* ui = fonts.ui ? fonts.ui : ImGui::GetFont();
        const float line = ui->FontSize + 3;
        std::vector<LayoutSize> sizes(plan.nodes.size(), LayoutSize{kNodeWidth, 2 * kPad + 4 * line});
        pane.edges.clear();
        for (size_t i = 0; i < plan.nodes.size(); ++i)
            for (int c : plan.nodes[i].children) pane.edges.push_back({i, static_cast<size_t>(c)});
        pane.layout = layoutLayered(sizes, pane.edges, LayoutSpacing{20, 44});
        pane.canvas.select(std::nullopt);
        pane.canvas.fit();
    }
    const double totalMs = plan.root().inclusiveMs.value_or(0);
    const std::optional<size_t> wasSelected = pane.canvas.selected();
    pane.canvas.begin(id, pane.layout.boxes, pane.edges, false);
    for (size_t k = 0; k < pane.edges.size(); ++k) pane.canvas.edge(k, ImGui::GetColorU32(theme::kEdge));
    for (size_t i = 0; i < plan.nodes.size(); ++i)
        if (pane.canvas.visible(i)) drawNode(pane, plan, i, diff, fonts, totalMs);
    pane.canvas.end();
    // A click on a node here also shows its counterpart in the other tree.
    if (pane.canvas.selected() != wasSelected && pane.canvas.selected()) {
        beforeSelectedLast_ = &pane == &before_;
        if (diff.match) {
            const int other = (*diff.match)[*pane.canvas.selected()];
            Pane& otherPane = &pane == &after_ ? before_ : after_;
            otherPane.canvas.select(other >= 0 ? std::optional<size_t>(static_cast<size_t>(other)) : std::nullopt);
        }
    }
}

void PlanView::drawNode(Pane& pane, const Plan& plan, size_t i, const PaneDiff& diff, const Fonts& fonts, double totalMs) {
    const PlanNode& n = plan.nodes[i];
    GraphCanvas& canvas = pane.canvas;
    // Redder the more of the time was spent in this node alone.
    const float share = totalMs > 0 && n.exclusiveMs ? static_cast<float>(std::clamp(*n.exclusiveMs / totalMs, 0.0, 1.0)) : 0.0f;
    const ImVec4 fill(0.14f + 0.45f * share, 0.16f - 0.06f * share, 0.20f - 0.08f * share, 1);
    const PlanNodeChange change = diff.changes ? (*diff.changes)[i] : PlanNodeChange::Same;
    canvas.box(i, ImGui::GetColorU32(fill), ImGui::GetColorU32(changeColour(change)), canvas.selected() == i,
               change == PlanNodeChange::Same ? 1.0f : 3.0f);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImFont* ui = fonts.ui ? fonts.ui : ImGui::GetFont();
    const float z = canvas.zoom();
    const float size = ui->FontSize * z;
    const float line = (ui->FontSize + 3) * z;
    const ImVec2 o = canvas.boxOrigin(i);
    float y = o.y + kPad * z;
    // One line each, cut at the box's edge (a long index name must not spill into the next line).
    const ImVec4 clip(o.x, o.y, o.x + (kNodeWidth - kPad) * z, o.y + 10000);
    auto text = [&](const std::string& s, ImVec4 colour) {
        draw->AddText(ui, size, ImVec2(o.x + kPad * z, y), ImGui::GetColorU32(colour), s.c_str(), nullptr, 0, &clip);
        y += line;
    };
    text(nodeDisplayName(n), ImVec4(1, 1, 1, 1));
    if (z < 0.45f) return;
    // What it reads; nodes that read no table say what they work on instead.
    std::string what = target(n);
    if (what.empty() && !n.sortKey.empty()) what = "by " + n.sortKey.front() + (n.sortKey.size() > 1 ? ", …" : "");
    if (what.empty() && !n.groupKey.empty()) what = "group by " + n.groupKey.front() + (n.groupKey.size() > 1 ? ", …" : "");
    if (what.empty() && !n.hashCond.empty()) what = n.hashCond;
    if (what.empty() && !n.joinType.empty()) what = n.joinType + " join";
    text(what, theme::kDimText);
    std::string r = "rows " + rows(n.estimatedRows) + " est";
    bool off = false;
    if (n.actualRows) {
        r += " → " + rows(*n.actualRows) + (n.loops > 1 ? " × " + rows(n.loops) + " loops" : "");
        const double a = std::max(*n.actualRows, 1.0), e = std::max(n.estimatedRows, 1.0);
        off = std::max(a, e) >= 100 && (a / e >= 10 || e / a >= 10);
    }
    if (n.loops == 0 && plan.analyzed) r += " (never executed)";
    text(r, off ? theme::kWarningText : theme::kStrongText);
    if (!n.exclusiveMs) return;
    std::string time = planDurationText(*n.exclusiveMs) + " here";
    // Beside an earlier plan: what its counterpart took; alone: the share of the whole.
    const int other = diff.match ? (*diff.match)[i] : -1;
    if (other >= 0 && diff.other && diff.other->nodes[static_cast<size_t>(other)].exclusiveMs)
        time += ", " + std::string(&pane == &after_ ? "was " : "now ") +
                planDurationText(*diff.other->nodes[static_cast<size_t>(other)].exclusiveMs);
    else if (totalMs > 0)
        time += " (" + std::to_string(static_cast<int>(share * 100 + 0.5f)) + "%)";
    text(time, share > 0.3f ? theme::kErrorText : theme::kDimText);
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
    // An Index Only Scan still reads the table for pages VACUUM has not marked all-visible.
    if (n.heapFetches)
        row("Heap fetches:", rows(*n.heapFetches) + (*n.heapFetches > 0 ? " (rows checked in the table; VACUUM lowers this)" : ""));
    if (n.cacheHits || n.cacheMisses)
        row("Cache:", rows(static_cast<double>(n.cacheHits.value_or(0))) + " hits, " +
                          rows(static_cast<double>(n.cacheMisses.value_or(0))) + " misses");
    if (n.hasCosts) row("Cost:", rows(n.startupCost) + " .. " + rows(n.totalCost));
    if (n.inclusiveMs) row("Time with children:", planDurationText(*n.inclusiveMs));
    if (n.buffers.any())
        row("Buffers:", "shared hit " + std::to_string(n.buffers.sharedHit) + ", read " + std::to_string(n.buffers.sharedRead) +
                            (n.buffers.tempWritten ? ", temp written " + std::to_string(n.buffers.tempWritten) : ""));
    ImGui::EndChild();
}

}  // namespace pgplay
