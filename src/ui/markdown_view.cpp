#include "ui/markdown_view.h"

#include <algorithm>
#include <string>
#include <vector>

#include "core/markdown.h"
#include "imgui.h"
#include "ui/theme.h"

namespace pgplay {
namespace {

// Lays out spans word by word so long paragraphs wrap at the pane's edge while inline code,
// bold and emphasis keep their own look.
void drawSpans(const std::vector<MdSpan>& spans, const Fonts& fonts, float indent) {
    const float left = ImGui::GetCursorPosX() + indent;
    const float right = ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x;
    ImGui::SetCursorPosX(left);
    float x = left;
    bool lineStarted = false;
    for (const MdSpan& span : spans) {
        const bool code = span.kind == MdSpanKind::Code;
        ImFont* font = code ? fonts.mono : fonts.ui;
        ImVec4 color = span.kind == MdSpanKind::Strong ? theme::kStrongText
                       : span.kind == MdSpanKind::Emphasis ? theme::kStrongText
                       : code ? ImGui::ColorConvertU32ToFloat4(theme::kString)
                              : ImGui::GetStyleColorVec4(ImGuiCol_Text);
        ImGui::PushFont(font);
        // Code spans stay whole (they are short identifiers and SQL); prose breaks at spaces.
        std::vector<std::string> words;
        if (code) {
            words.push_back(span.text);
        } else {
            size_t at = 0;
            while (at < span.text.size()) {
                size_t end = span.text.find(' ', at);
                if (end == std::string::npos) end = span.text.size();
                words.push_back(span.text.substr(at, end - at + (end < span.text.size() ? 1 : 0)));
                at = end + 1;
            }
        }
        for (const std::string& word : words) {
            if (word.empty()) continue;
            const float w = ImGui::CalcTextSize(word.c_str()).x;
            // After each word the cursor already waits on the next line: wrapping just means not
            // going back up with SameLine.
            if (lineStarted && x + w > right) {
                ImGui::SetCursorPosX(left);
                x = left;
            } else if (lineStarted) {
                ImGui::SameLine(0, 0);
            }
            if (code) {
                ImVec2 p = ImGui::GetCursorScreenPos();
                ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x - 1, p.y), ImVec2(p.x + w + 1, p.y + ImGui::GetTextLineHeight()),
                                                          theme::kCodeBackground, 3.0f);
            }
            ImGui::TextColored(color, "%s", word.c_str());
            x += w;
            lineStarted = true;
        }
        ImGui::PopFont();
    }
    if (!lineStarted) ImGui::NewLine();
}

}  // namespace

std::optional<std::string> drawMarkdown(std::string_view markdown, const Fonts& fonts, const char* id) {
    std::optional<std::string> used;
    ImGui::PushID(id);
    int codeIndex = 0;
    MdBlockKind previous = MdBlockKind::Paragraph;
    for (const MdBlock& block : parseMarkdown(markdown)) {
        if (previous == MdBlockKind::ListItem && block.kind != MdBlockKind::ListItem) ImGui::Spacing();
        previous = block.kind;
        switch (block.kind) {
        case MdBlockKind::Heading:
            ImGui::Spacing();
            ImGui::PushStyleColor(ImGuiCol_Text, theme::kAccent);
            drawSpans(block.spans, fonts, 0);
            ImGui::PopStyleColor();
            break;
        case MdBlockKind::Paragraph:
            drawSpans(block.spans, fonts, 0);
            ImGui::Spacing();
            break;
        case MdBlockKind::ListItem: {
            const float indent = 14.0f * static_cast<float>(block.level);
            ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
            if (block.ordered)
                ImGui::TextColored(theme::kDimText, "%d.", block.number);
            else
                ImGui::TextColored(theme::kDimText, "•");
            ImGui::SameLine();
            drawSpans(block.spans, fonts, 0);
            break;
        }
        case MdBlockKind::Code: {
            ImGui::PushID(codeIndex++);
            ImGui::PushFont(fonts.mono);
            ImGui::PushStyleColor(ImGuiCol_ChildBg, theme::kPanelBackground);
            int lines = 1;
            for (char c : block.code) lines += c == '\n';
            // A line wider than the pane gets a horizontal scrollbar: room for it below the text.
            const bool wide = ImGui::CalcTextSize(block.code.c_str()).x + 16.0f > ImGui::GetContentRegionAvail().x;
            const float height = ImGui::GetTextLineHeight() * static_cast<float>(lines) + 12.0f +
                                 (wide ? ImGui::GetStyle().ScrollbarSize : 0.0f);
            ImGui::BeginChild("code", ImVec2(0, height), ImGuiChildFlags_Border, ImGuiWindowFlags_HorizontalScrollbar);
            ImGui::TextUnformatted(block.code.c_str());
            ImGui::EndChild();
            ImGui::PopStyleColor();
            ImGui::PopFont();
            if (block.language.empty() || block.language == "sql") {
                if (ImGui::SmallButton("Use in editor")) used = block.code;
            }
            ImGui::PopID();
            ImGui::Spacing();
            break;
        }
        case MdBlockKind::Rule:
            ImGui::Separator();
            break;
        case MdBlockKind::Table: {
            const int columns = static_cast<int>(std::min<size_t>(block.columns, 64));
            if (columns <= 0) break;
            ImGui::PushID(codeIndex++);
            if (ImGui::BeginTable("table", columns, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                                    ImGuiTableFlags_SizingStretchProp)) {
                for (const MdTableRow& row : block.rows) {
                    ImGui::TableNextRow(row.header ? ImGuiTableRowFlags_Headers : ImGuiTableRowFlags_None);
                    for (int c = 0; c < columns; ++c) {
                        ImGui::TableSetColumnIndex(c);
                        if (static_cast<size_t>(c) >= row.cells.size()) continue;
                        if (row.header) ImGui::PushStyleColor(ImGuiCol_Text, theme::kAccent);
                        drawSpans(row.cells[static_cast<size_t>(c)], fonts, 0);
                        if (row.header) ImGui::PopStyleColor();
                    }
                }
                ImGui::EndTable();
            }
            ImGui::PopID();
            ImGui::Spacing();
            break;
        }
        }
    }
    ImGui::PopID();
    return used;
}

}  // namespace pgplay
