// The ER diagram: the learner's tables as boxes (columns, types, PK/FK/unique markers, NOT NULL)
// and their foreign keys as arrows from the referenced table to the referencing one, labelled
// with the cardinality and the ON DELETE action; a link table joins its two tables many-to-many.
// Laid out automatically (core/graph_layout), drawn on the shared GraphCanvas: pan, zoom, drag a
// table to rearrange, click one to see its indexes and constraints. It follows the schema model,
// so it changes after every DDL.
#pragma once

#include <string>

#include "core/er_model.h"
#include "core/schema_model.h"
#include "ui/fonts.h"
#include "ui/graph_canvas.h"

namespace pgplay {

struct ErIntents {
    bool close = false;
};

class ErView {
public:
    ErIntents draw(const SchemaSnapshot& schema, bool loaded, const Fonts& fonts, bool closable);

private:
    void rebuild(const SchemaSnapshot& schema, const Fonts& fonts);
    void drawTable(size_t i, const Fonts& fonts);
    void drawDetails(const SchemaSnapshot& schema);

    std::string signature_;   // what the layout was made for: tables, columns and keys
    ErModel model_;
    GraphLayout layout_;
    std::vector<std::pair<size_t, size_t>> edges_;   // as laid out: referenced table first
    std::vector<size_t> edgeOf_;                     // per relationship: its first edge in edges_
    GraphCanvas canvas_;
};

// What the layout depends on, as one string: a change means a new layout.
std::string erSignature(const SchemaSnapshot& schema);

}  // namespace pgplay
