// The history of scripts the learner ran, newest first; clicking one puts it back in the editor.
#pragma once

#include <optional>
#include <string>

#include "core/session.h"
#include "ui/fonts.h"

namespace pgplay {

class HistoryView {
public:
    // Returns the SQL of the entry the learner picked, if any.
    std::optional<std::string> draw(const SessionHistory& history, const Fonts& fonts);
};

}  // namespace pgplay
