#include "ui/er_view.h"

#include <algorithm>

#include "imgui.h"
#include "ui/theme.h"

namespace pgplay {

namespace {

constexpr float kPad = 8;

const char* cardinalityLabel(ErCardinality c) {
    switch (c) {
        case ErCardinality::OneToOne: return "1:1";
        case ErCardinality::OneToMany: return "1:N";
        case ErCardinality::ManyToMany: return "N:M";
    }
    return "";
}

std::string marker(const ErColumn& c) {
    std::string m;
    if (c.primaryKey) m += "PK ";
    if (c.foreignKey) m += "FK ";
    if (c.unique) m += "U ";
    return m;
}

}  // namespace

std::string erSignature(const SchemaSnapshot& schema) {
    std::string s;
    for (const TableInfo& t : schema.tables) {
        s += t.schema + "." + t.name + "(";
        for (const ColumnInfo& c : t.columns) s += c.name + " " + c.type + (c.notNull ? "!" : "") + (c.primaryKey ? "*" : "") + ",";
        for (const ForeignKeyInfo& f : t.foreignKeys) s += "->" + f.refTable + f.onDelete + ",";
        for (const IndexInfo& i : t.indexes) s += i.definition + ",";
        s += ")";
    }
    return s;
}

void ErView::rebuild(const SchemaSnapshot& schema, const Fonts& fonts) {
    model_ = buildErModel(schema);
    ImFont* mono = fonts.mono ? fonts.mono : ImGui::GetFont();
    ImFont* ui = fonts.ui ? fonts.ui : ImGui::GetFont();
    const float line = mono->FontSize + 4;
    std::vector<LayoutSize> sizes;
    for (const ErEntity& e : model_.entities) {
        float width = ui->CalcTextSizeA(ui->FontSize, 1e6f, 0, e.name.c_str()).x;
        for (const ErColumn& c : e.columns) {
            const std::string row = marker(c) + c.name + "  " + c.type + (c.notNull ? "" : "?");
            width = std::max(width, mono->CalcTextSizeA(mono->FontSize, 1e6f, 0, row.c_str()).x);
        }
        sizes.push_back({width + 2 * kPad, ui->FontSize + 2 * kPad + line * static_cast<float>(e.columns.size())});
    }
    edges_.clear();
    edgeOf_.clear();
    for (const ErRelationship& r : model_.relationships) {
        edgeOf_.push_back(edges_.size());
        if (r.link) {
            edges_.push_back({r.child, *r.link});
            edges_.push_back({r.parent, *r.link});
        } else {
            edges_.push_back({r.parent, r.child});
        }
    }
    layout_ = layoutLayered(sizes, edges_, LayoutSpacing{40, 70});
}

ErIntents ErView::draw(const SchemaSnapshot& schema, bool loaded, const Fonts& fonts, bool closable) {
    ErIntents intents;
    if (closable) {
        if (ImGui::SmallButton("← Editor")) intents.close = true;
        ImGui::SameLine();
    }
    ImGui::TextColored(theme::kAccent, "Diagram");
    ImGui::SameLine();
    ImGui::TextColored(theme::kDimText, "your tables and how their foreign keys join them (drag to move, wheel to zoom)");
    ImGui::SameLine();
    if (ImGui::SmallButton("Fit")) canvas_.fit();
    if (!loaded) {
        ImGui::TextColored(theme::kDimText, "Reading the schema…");
        return intents;
    }
    const std::string signature = erSignature(schema);
    if (signature != signature_) {
        signature_ = signature;
        rebuild(schema, fonts);
        canvas_.fit();
    }
    if (model_.entities.empty()) {
        ImGui::Spacing();
        ImGui::TextWrapped("No tables yet. Create some (CREATE TABLE ... with REFERENCES between them) and they "
                           "appear here.");
        return intents;
    }
    const float detailsHeight = canvas_.selected() ? 110.0f : 0.0f;
    ImGui::BeginChild("er-canvas", ImVec2(0, -detailsHeight));
    canvas_.begin("##er", layout_.boxes, edges_, true);
    for (size_t k = 0; k < model_.relationships.size(); ++k) {
        const ErRelationship& r = model_.relationships[k];
        const ImU32 colour = ImGui::GetColorU32(r.cardinality == ErCardinality::ManyToMany ? theme::kManyToMany : theme::kOneToMany);
        std::string label = cardinalityLabel(r.cardinality);
        // The ON DELETE action when it is not the default (the details panel spells it out).
        if (!r.onDelete.empty() && r.onDelete != "NO ACTION") label += " · " + r.onDelete;
        canvas_.edge(edgeOf_[k], colour, label, r.optional && !r.link);
        if (r.link) canvas_.edge(edgeOf_[k] + 1, colour);
    }
    for (size_t i = 0; i < model_.entities.size(); ++i) {
        if (!canvas_.visible(i)) continue;
        const bool link = model_.entities[i].linkTable;
        canvas_.box(i, ImGui::GetColorU32(link ? theme::kLinkBoxFill : theme::kBoxFill),
                    ImGui::GetColorU32(theme::kBoxBorder), canvas_.selected() == i);
        drawTable(i, fonts);
    }
    canvas_.end();
    ImGui::EndChild();
    if (canvas_.selected()) drawDetails(schema);
    return intents;
}

void ErView::drawTable(size_t i, const Fonts& fonts) {
    const ErEntity& e = model_.entities[i];
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImFont* mono = fonts.mono ? fonts.mono : ImGui::GetFont();
    ImFont* ui = fonts.ui ? fonts.ui : ImGui::GetFont();
    const float z = canvas_.zoom();
    const ImVec2 o = canvas_.boxOrigin(i);
    draw->AddText(ui, ui->FontSize * z, ImVec2(o.x + kPad * z, o.y + kPad * z * 0.6f), ImGui::GetColorU32(ImGuiCol_Text),
                  e.name.c_str());
    if (z < 0.35f) return;   // too small to read: the name is enough
    float y = o.y + (ui->FontSize + kPad * 1.5f) * z;
    const float line = (mono->FontSize + 4) * z;
    for (const ErColumn& c : e.columns) {
        const std::string m = marker(c);
        float x = o.x + kPad * z;
        if (!m.empty()) {
            draw->AddText(mono, mono->FontSize * z, ImVec2(x, y), ImGui::GetColorU32(c.primaryKey ? theme::kWarningText : theme::kAccent), m.c_str());
            x += mono->CalcTextSizeA(mono->FontSize * z, 1e6f, 0, m.c_str()).x;
        }
        draw->AddText(mono, mono->FontSize * z, ImVec2(x, y), ImGui::GetColorU32(ImGuiCol_Text), c.name.c_str());
        x += mono->CalcTextSizeA(mono->FontSize * z, 1e6f, 0, (c.name + "  ").c_str()).x;
        const std::string type = c.type + (c.notNull ? "" : "?");
        draw->AddText(mono, mono->FontSize * z, ImVec2(x, y), ImGui::GetColorU32(theme::kDimText), type.c_str());
        y += line;
    }
}

void ErView::drawDetails(const SchemaSnapshot& schema) {
    const size_t i = *canvas_.selected();
    if (i >= schema.tables.size()) return;
    const TableInfo& t = schema.tables[i];
    ImGui::BeginChild("er-details", ImVec2(0, 0), ImGuiChildFlags_Border);
    ImGui::TextColored(theme::kAccent, "%s", model_.entities[i].name.c_str());
    ImGui::SameLine();
    ImGui::TextColored(theme::kDimText, "(%s%s)", t.kind.c_str(),
                       t.estimatedRows >= 0 ? (", about " + std::to_string(t.estimatedRows) + " rows").c_str() : "");
    for (const IndexInfo& idx : t.indexes) ImGui::BulletText("%s", idx.definition.c_str());
    for (const ForeignKeyInfo& fk : t.foreignKeys) {
        std::string cols, refs;
        for (const std::string& c : fk.columns) cols += (cols.empty() ? "" : ", ") + c;
        for (const std::string& c : fk.refColumns) refs += (refs.empty() ? "" : ", ") + c;
        ImGui::BulletText("%s: FOREIGN KEY (%s) REFERENCES %s (%s) ON DELETE %s", fk.name.c_str(), cols.c_str(),
                          fk.refTable.c_str(), refs.c_str(), fk.onDelete.c_str());
    }
    if (t.indexes.empty() && t.foreignKeys.empty()) ImGui::TextColored(theme::kDimText, "No indexes or foreign keys.");
    ImGui::EndChild();
}

}  // namespace pgplay
