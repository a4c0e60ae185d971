#include "ui/history_view.h"

#include "imgui.h"
#include "ui/theme.h"

namespace pgplay {

std::optional<std::string> HistoryView::draw(const SessionHistory& history, const Fonts& fonts) {
    std::optional<std::string> picked;
    if (history.empty()) {
        ImGui::TextColored(theme::kDimText, "Scripts you run are listed here.");
        return picked;
    }
    const auto& entries = history.entries();
    for (size_t i = entries.size(); i-- > 0;) {
        const HistoryEntry& e = entries[i];
        ImGui::PushID(static_cast<int>(i));
        // First line of the script, as the entry's title.
        std::string title = e.sql.substr(0, std::min(e.sql.find('\n'), size_t(80)));
        if (title.size() < e.sql.size()) title += " …";
        ImGui::PushFont(fonts.mono);
        if (ImGui::Selectable(title.c_str(), false)) picked = e.sql;
        ImGui::PopFont();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
            ImGui::SetTooltip("%.*s", static_cast<int>(std::min<size_t>(e.sql.size(), 2000)), e.sql.c_str());
        ImGui::TextColored(e.ok ? theme::kDimText : theme::kErrorText, "%s · %.1f ms", e.summary.c_str(), e.ms);
        ImGui::Separator();
        ImGui::PopID();
    }
    return picked;
}

}  // namespace pgplay
