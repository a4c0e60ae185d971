// The EXPLAIN plan view: the plan as a tree of boxes (root on top) on the shared GraphCanvas,
// each coloured by its share of the time spent in it alone; estimated against actual rows; the
// advice (core/plan_advice) in plain words, a click away from its node; and the selected node's
// details. It reads the ExplainSession (core) and draws nothing else.
#pragma once

#include <optional>

#include "core/explain_session.h"
#include "ui/fonts.h"
#include "ui/graph_canvas.h"

namespace pgplay {

class PlanView {
public:
    void draw(const ExplainSession& session, const Fonts& fonts);

private:
    void rebuild(const Plan& plan, const Fonts& fonts);
    void drawNode(const Plan& plan, size_t i, const Fonts& fonts, double totalMs);
    void drawDetails(const PlanNode& n);

    unsigned revision_ = 0;   // the outcome the layout was made for
    GraphLayout layout_;
    std::vector<std::pair<size_t, size_t>> edges_;
    GraphCanvas canvas_;
};

}  // namespace pgplay
