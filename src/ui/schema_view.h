// The schema browser: the learner's tables with columns and types, primary key, foreign keys
// (with their ON DELETE rule, the thing learners most often get wrong) and indexes.
#pragma once

#include <optional>
#include <string>

#include "core/schema_model.h"
#include "ui/fonts.h"

namespace pgplay {

struct SchemaIntents {
    std::optional<std::string> insertText;   // a table was double-clicked: "SELECT * FROM t LIMIT 100;"
};

class SchemaView {
public:
    SchemaIntents draw(const SchemaSnapshot& schema, bool loaded, const Fonts& fonts);
};

}  // namespace pgplay
