#include "ui/schema_view.h"

#include "imgui.h"
#include "ui/theme.h"

namespace pgplay {
namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

}  // namespace

SchemaIntents SchemaView::draw(const SchemaSnapshot& schema, bool loaded, const Fonts& fonts) {
    SchemaIntents intents;
    if (!loaded) {
        ImGui::TextColored(theme::kDimText, "Reading the schema…");
        return intents;
    }
    if (schema.tables.empty()) {
        ImGui::TextWrapped("No tables yet.");
        ImGui::TextColored(theme::kDimText, "Try:");
        ImGui::PushFont(fonts.mono);
        ImGui::TextColored(theme::kDimText, "CREATE TABLE users (\n  id bigint GENERATED ALWAYS\n     AS IDENTITY PRIMARY KEY,\n  email text NOT NULL UNIQUE\n);");
        ImGui::PopFont();
        return intents;
    }
    for (const TableInfo& t : schema.tables) {
        std::string label = (t.schema == "public" ? t.name : t.schema + "." + t.name);
        if (t.kind != "table") label += "  (" + t.kind + ")";
        ImGui::PushID(label.c_str());
        bool open = ImGui::TreeNodeEx("table", ImGuiTreeNodeFlags_SpanAvailWidth, "%s", label.c_str());
        if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
            std::string qualified = t.schema == "public" ? t.name : t.schema + "." + t.name;
            intents.insertText = "SELECT * FROM " + qualified + " LIMIT 100;";
        }
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayNormal))
            ImGui::SetTooltip("Double-click to write a SELECT for %s", label.c_str());
        if (open) {
            ImGui::PushFont(fonts.mono);
            for (const ColumnInfo& c : t.columns) {
                ImGui::TextColored(c.primaryKey ? theme::kWarningText : ImGui::GetStyleColorVec4(ImGuiCol_Text), "%s",
                                   c.name.c_str());
                ImGui::SameLine();
                ImGui::TextColored(theme::kDimText, "%s%s%s", c.type.c_str(), c.notNull ? " not null" : "",
                                   c.primaryKey ? " · PK" : "");
                if (!c.defaultExpr.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("default: %s", c.defaultExpr.c_str());
            }
            ImGui::PopFont();
            for (const ForeignKeyInfo& fk : t.foreignKeys) {
                ImGui::TextColored(theme::kOkText, "FK");
                ImGui::SameLine();
                ImGui::TextWrapped("(%s) → %s(%s) on delete %s", joined(fk.columns).c_str(), fk.refTable.c_str(),
                                   joined(fk.refColumns).c_str(), fk.onDelete.c_str());
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\non update %s", fk.name.c_str(), fk.onUpdate.c_str());
            }
            for (const IndexInfo& ix : t.indexes) {
                ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme::kOperator), "%s", ix.primary ? "PK" : (ix.unique ? "UQ" : "IX"));
                ImGui::SameLine();
                ImGui::TextUnformatted(ix.name.c_str());
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ix.definition.c_str());
            }
            if (t.estimatedRows >= 0)
                ImGui::TextColored(theme::kDimText, "≈ %lld row%s (planner estimate)", static_cast<long long>(t.estimatedRows),
                                   t.estimatedRows == 1 ? "" : "s");
            ImGui::TreePop();
        }
        ImGui::PopID();
    }
    return intents;
}

}  // namespace pgplay
