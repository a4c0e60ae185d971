// The EXPLAIN plan view: the plan as a tree of boxes (root on top) on the shared GraphCanvas,
// each coloured by its share of the time spent in it alone; estimated against actual rows; the
// advice (core/plan_advice) in plain words, a click away from its node; and the selected node's
// details. With an earlier plan to compare with (core/plan_compare), the two trees stand side
// by side, before on the left, with the time ratio above them, the nodes that changed outlined
// (amber changed, green new, red gone) and listed. It reads the ExplainSession (core); what the
// learner picks comes back as PlanIntents.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "core/explain_session.h"
#include "ui/fonts.h"
#include "ui/graph_canvas.h"

namespace pgplay {

struct PlanIntents {
    bool changeComparison = false;        // the learner picked another plan to compare with
    std::optional<size_t> compareWith;    // ExplainSession::earlier() index, or none
};

class PlanView {
public:
    PlanIntents draw(const ExplainSession& session, const Fonts& fonts);

private:
    // One tree on its canvas, laid out again when another plan comes into it.
    struct Pane {
        unsigned revision = 0;   // the ExplainOutcome the layout was made for
        GraphLayout layout;
        std::vector<std::pair<size_t, size_t>> edges;
        GraphCanvas canvas;
    };
    // How a pane shows the comparison: each node's change, and its counterpart in the other plan.
    struct PaneDiff {
        const std::vector<PlanNodeChange>* changes = nullptr;
        const std::vector<int>* match = nullptr;
        const Plan* other = nullptr;
    };

    void drawComparisonPicker(const ExplainSession& session, PlanIntents& intents);
    void drawComparison(const ExplainSession& session);
    void revealFirstChanges(const PlanComparison& comparison);
    void drawPane(Pane& pane, const char* id, const ExplainOutcome& outcome, const PaneDiff& diff, const Fonts& fonts);
    void drawNode(Pane& pane, const Plan& plan, size_t i, const PaneDiff& diff, const Fonts& fonts, double totalMs);
    void drawDetails(const PlanNode& n);

    Pane after_;    // the plan just explained
    Pane before_;   // the earlier plan it is compared with
    bool beforeSelectedLast_ = false;   // whose selected node the details panel shows
    std::pair<unsigned, size_t> revealedComparison_{0, 0};   // (after plan's revision, earlier plan) last revealed
    unsigned revealedPlan_ = 0;   // the plan whose focus node was last brought into view
};

}  // namespace pgplay
