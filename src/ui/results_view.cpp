#include "ui/results_view.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>

#include "core/csv_export.h"
#include "imgui.h"
#include "ui/theme.h"

namespace pgplay {
namespace {

constexpr size_t kMaxCellChars = 200;     // a cell shows its first line, cut at this many bytes
constexpr size_t kMaxStatementTabs = 24;  // more statements than this are listed, not tabbed

// The one-line form of a cell for the grid: first line only, with an ellipsis if cut.
std::string_view displayText(std::string_view text, bool& cut) {
    size_t end = std::min(text.find('\n'), text.size());
    cut = end < text.size();
    if (end > kMaxCellChars) {
        end = kMaxCellChars;
        while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;   // not mid-character
        cut = true;
    }
    return text.substr(0, end);
}

// "400 MB", "1.5 MB", "800 kB": the size of a value the engine cut.
std::string byteSize(uint64_t bytes) {
    char buffer[32];
    if (bytes >= 10'000'000) std::snprintf(buffer, sizeof buffer, "%.0f MB", bytes / 1e6);
    else if (bytes >= 1'000'000) std::snprintf(buffer, sizeof buffer, "%.1f MB", bytes / 1e6);
    else std::snprintf(buffer, sizeof buffer, "%.0f kB", bytes / 1e3);
    return buffer;
}

std::string statementLabel(const StatementResult& s, size_t index) {
    std::string label = std::to_string(index + 1) + "  ";
    if (s.hasRowSet) {
        label += s.command.empty() ? "rows" : s.command;
        label += " · " + std::to_string(s.rowCount) + (s.truncated ? "+" : "") + (s.rowCount == 1 ? " row" : " rows");
    } else {
        label += s.tag.empty() ? "(empty)" : s.tag;
    }
    return label;
}

}  // namespace

void ResultsView::setResult(std::shared_ptr<const QueryResult> result, std::string errorWhere) {
    result_ = std::move(result);
    errorWhere_ = std::move(errorWhere);
    selectedRow_ = selectedCol_ = -1;
    shownStatement_ = 0;
    if (result_ && !result_->results.empty()) {
        shownStatement_ = result_->results.size() - 1;
        for (size_t i = result_->results.size(); i-- > 0;) {
            if (result_->results[i].hasRowSet) {
                shownStatement_ = i;
                break;
            }
        }
    }
    selectShownTab_ = true;
}

ResultsIntents ResultsView::draw(const TypeNames& types, const Fonts& fonts) {
    ResultsIntents intents;
    if (!result_) {
        ImGui::Spacing();
        ImGui::TextColored(theme::kDimText, "Results appear here.");
        ImGui::TextColored(theme::kDimText, "Press Ctrl+Enter (Cmd+Enter on a Mac) or the Run button to run the script.");
        return intents;
    }
    const QueryResult& r = *result_;
    if (r.error) drawError(*r.error, intents);
    if (!r.notices.empty()) drawNotices(r.notices);

    if (r.results.empty()) {
        if (r.ok) ImGui::TextColored(theme::kDimText, "Nothing to run: the script has no statements.");
        return intents;
    }
    if (r.results.size() == 1) {
        drawStatement(r.results[0], 0, types, fonts);
        return intents;
    }
    if (r.results.size() <= kMaxStatementTabs)
        drawStatementTabs(types, fonts);
    else
        drawStatementList(types, fonts);
    return intents;
}

void ResultsView::drawStatementTabs(const TypeNames& types, const Fonts& fonts) {
    const QueryResult& r = *result_;
    if (!ImGui::BeginTabBar("statements", ImGuiTabBarFlags_FittingPolicyScroll)) return;
    for (size_t i = 0; i < r.results.size(); ++i) {
        std::string label = statementLabel(r.results[i], i) + "###stmt" + std::to_string(i);
        ImGuiTabItemFlags flags = (selectShownTab_ && i == shownStatement_) ? ImGuiTabItemFlags_SetSelected : 0;
        if (ImGui::BeginTabItem(label.c_str(), nullptr, flags)) {
            if (!selectShownTab_ && shownStatement_ != i) {
                shownStatement_ = i;
                selectedRow_ = selectedCol_ = -1;
            }
            drawStatement(r.results[i], i, types, fonts);
            ImGui::EndTabItem();
        }
    }
    selectShownTab_ = false;
    ImGui::EndTabBar();
}

// Scripts with many statements (a generated file, 10,000 INSERTs) get a scrolling list instead
// of tabs: only the rows on screen are laid out, so the frame cost does not grow with the script.
void ResultsView::drawStatementList(const TypeNames& types, const Fonts& fonts) {
    const QueryResult& r = *result_;
    const float listWidth = std::min(260.0f, ImGui::GetContentRegionAvail().x * 0.35f);
    ImGui::BeginChild("statement-list", ImVec2(listWidth, 0), ImGuiChildFlags_Border);
    ImGui::TextColored(theme::kDimText, "%zu statements", r.results.size());
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(r.results.size()));
    if (selectShownTab_) clipper.IncludeItemByIndex(static_cast<int>(shownStatement_));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const size_t index = static_cast<size_t>(i);
            ImGui::PushID(i);
            if (ImGui::Selectable(statementLabel(r.results[index], index).c_str(), index == shownStatement_)) {
                shownStatement_ = index;
                selectedRow_ = selectedCol_ = -1;
            }
            if (selectShownTab_ && index == shownStatement_) ImGui::SetScrollHereY();
            ImGui::PopID();
        }
    }
    selectShownTab_ = false;
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("statement-shown");
    drawStatement(r.results[shownStatement_], shownStatement_, types, fonts);
    ImGui::EndChild();
}

void ResultsView::drawError(const QueryError& e, ResultsIntents& intents) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, theme::kErrorBackground);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10, 8));
    int lines = 1 + !e.detail.empty() + !e.hint.empty() + !e.context.empty() + (e.position > 0);
    float height = ImGui::GetTextLineHeightWithSpacing() * static_cast<float>(lines) + 18.0f;
    ImGui::BeginChild("error", ImVec2(0, height), ImGuiChildFlags_Border);
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kErrorText);
    if (e.sqlstate == sqlstate::kQueryCanceled)
        ImGui::TextWrapped("Stopped (%s): %s", e.sqlstate.c_str(), e.message.c_str());
    else
        ImGui::TextWrapped("%s %s: %s", e.severity.empty() ? "ERROR" : e.severity.c_str(), e.sqlstate.c_str(), e.message.c_str());
    ImGui::PopStyleColor();
    if (!e.detail.empty()) ImGui::TextWrapped("Detail: %s", e.detail.c_str());
    if (!e.hint.empty()) ImGui::TextWrapped("Hint: %s", e.hint.c_str());
    if (!e.context.empty()) ImGui::TextColored(theme::kDimText, "Where: %s", e.context.c_str());
    if (e.position > 0) {
        if (errorWhere_.empty())
            ImGui::TextColored(theme::kDimText, "At character %d of the script.", e.position);
        else
            ImGui::TextColored(theme::kDimText, "At %s (marked in the editor).", errorWhere_.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Show in editor")) intents.showErrorInEditor = true;
    }
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

void ResultsView::drawNotices(const std::vector<Notice>& notices) {
    for (const Notice& n : notices) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::kWarningText);
        ImGui::TextWrapped("%s: %s", n.severity.c_str(), n.message.c_str());
        ImGui::PopStyleColor();
        if (!n.detail.empty()) ImGui::TextWrapped("  Detail: %s", n.detail.c_str());
        if (!n.hint.empty()) ImGui::TextWrapped("  Hint: %s", n.hint.c_str());
    }
}

namespace {

// psql's lines around a meta-command's table ("Indexes:", "    \"users_pkey\" PRIMARY KEY, ...")
// and \timing's "Time: ..." line, in the monospaced font psql's output is read in.
void drawFooterLines(const StatementResult& s, const Fonts& fonts) {
    if (s.footer.empty()) return;
    ImGui::PushFont(fonts.mono);
    for (const std::string& line : s.footer) ImGui::TextUnformatted(line.c_str());
    ImGui::PopFont();
}

void drawTitle(const StatementResult& s, const Fonts& fonts) {
    if (s.title.empty()) return;
    ImGui::PushFont(fonts.mono);
    ImGui::TextUnformatted(s.title.c_str());
    ImGui::PopFont();
}

}  // namespace

void ResultsView::drawStatement(const StatementResult& s, size_t index, const TypeNames& types, const Fonts& fonts) {
    if (!s.hasRowSet) {
        ImGui::Spacing();
        ImGui::TextColored(theme::kOkText, "%s", s.tag.empty() ? "Empty statement" : s.tag.c_str());
        if (s.command == "INSERT" || s.command == "UPDATE" || s.command == "DELETE" || s.command == "MERGE") {
            ImGui::SameLine();
            ImGui::TextColored(theme::kDimText, "(%lld row%s affected)", static_cast<long long>(s.rowCount),
                               s.rowCount == 1 ? "" : "s");
        }
        ImGui::PushFont(fonts.mono);
        ImGui::PushStyleColor(ImGuiCol_Text, theme::kDimText);
        ImGui::TextWrapped("%.*s", static_cast<int>(std::min<size_t>(s.statementText.size(), 2000)), s.statementText.c_str());
        ImGui::PopStyleColor();
        ImGui::PopFont();
        drawFooterLines(s, fonts);
        return;
    }
    drawTitle(s, fonts);
    const bool sizeNote = !s.cutValues.empty() || s.rowsCutAtBytes > 0;
    // psql's footer lines go under the grid; many of them (a table with 30 indexes) scroll in a
    // box of their own so the grid keeps room.
    const size_t footerLines = std::min<size_t>(s.footer.size(), 12);
    const float footerHeight =
        footerLines == 0 ? 0.0f : static_cast<float>(footerLines) * ImGui::GetTextLineHeightWithSpacing() + 8.0f;
    const float footer = ImGui::GetFrameHeightWithSpacing() + footerHeight +
                         ((s.truncated ? 2 : 0) + (sizeNote ? 2 : 0)) * ImGui::GetTextLineHeightWithSpacing();
    float gridHeight = std::max(ImGui::GetContentRegionAvail().y - footer, ImGui::GetTextLineHeight() * 4);
    if (s.expanded)
        drawRecords(s, index, fonts, gridHeight);
    else
        drawGrid(s, index, types, fonts, gridHeight);
    if (footerLines > 0) {
        std::string id = "footer" + std::to_string(index);
        ImGui::BeginChild(id.c_str(), ImVec2(0, footerHeight), ImGuiChildFlags_None);
        drawFooterLines(s, fonts);
        ImGui::EndChild();
    }

    // Footer: counts, time, copy buttons.
    const QueryResult& r = *result_;
    if (s.truncated) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::kWarningText);
        if (s.rowsCutAtBytes > 0)
            ImGui::TextWrapped("Showing the first %lld rows: they already hold %s, and the rest were not kept, to keep "
                               "this tab responsive. Add a LIMIT, a WHERE or select fewer columns.",
                               static_cast<long long>(s.rowCount), byteSize(s.rowsCutAtBytes).c_str());
        else
            ImGui::TextWrapped("Showing the first %lld rows. The query has more; they were not fetched, to keep this tab "
                               "responsive. Add a LIMIT, a WHERE or an aggregate to see what you need.",
                               static_cast<long long>(s.rowCount));
        ImGui::PopStyleColor();
    }
    if (!s.cutValues.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::kWarningText);
        const CutValue& first = s.cutValues.front();
        ImGui::TextWrapped("%zu value%s too long to keep whole (the first, row %zu, is %s); %s cut, shown with %s full "
                           "length. length(), left() or md5() tell you about a long value without fetching it.",
                           s.cutValues.size(), s.cutValues.size() == 1 ? " was" : "s were", first.row + 1,
                           byteSize(first.fullBytes).c_str(), s.cutValues.size() == 1 ? "it is" : "they are",
                           s.cutValues.size() == 1 ? "its" : "their");
        ImGui::PopStyleColor();
    }
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%lld row%s%s", static_cast<long long>(s.rowCount), s.rowCount == 1 ? "" : "s", s.truncated ? " (more not fetched)" : "");
    ImGui::SameLine();
    ImGui::TextColored(theme::kDimText, "· %zu column%s · %.1f ms", s.fields.size(), s.fields.size() == 1 ? "" : "s", r.ms);
    ImGui::SameLine();
    if (ImGui::SmallButton("Copy CSV")) {
        ImGui::SetClipboardText(resultToText(s, TextFormat::Csv).c_str());
        copyFlash_ = "Copied as CSV";
        copyFlashUntil_ = ImGui::GetTime() + 2.0;
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("Copy TSV")) {
        ImGui::SetClipboardText(resultToText(s, TextFormat::Tsv).c_str());
        copyFlash_ = "Copied as TSV (pastes into spreadsheets)";
        copyFlashUntil_ = ImGui::GetTime() + 2.0;
    }
    if (ImGui::GetTime() < copyFlashUntil_) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kOkText, "%s", copyFlash_.c_str());
    }
}

void ResultsView::drawGrid(const StatementResult& s, size_t index, const TypeNames& types, const Fonts& fonts, float height) {
    const size_t columns = s.fields.size();
    const size_t rows = s.rows.rowCount();
    if (columns == 0) {
        ImGui::TextColored(theme::kDimText, "%zu row%s with no columns.", rows, rows == 1 ? "" : "s");
        return;
    }
    // ImGui tables have a column limit; more than that is not readable anyway.
    const size_t shownColumns = std::min<size_t>(columns, 500);
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuter |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
    std::string tableId = "grid" + std::to_string(index);
    if (!ImGui::BeginTable(tableId.c_str(), static_cast<int>(shownColumns + 1), flags, ImVec2(0, height))) return;

    ImGui::PushFont(fonts.mono);
    const float charWidth = ImGui::CalcTextSize("0").x;
    ImGui::TableSetupScrollFreeze(1, 1);
    char rowLabelWidth[24];
    std::snprintf(rowLabelWidth, sizeof rowLabelWidth, "%zu", rows);
    ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_NoResize, ImGui::CalcTextSize(rowLabelWidth).x + 4);
    std::vector<bool> numeric(shownColumns);
    for (size_t c = 0; c < shownColumns; ++c) {
        const Field& f = s.fields[c];
        numeric[c] = TypeNames::isNumeric(f.typeOid);
        // Width from the header and the first rows' contents, within sensible bounds.
        size_t widest = std::max(f.name.size(), (f.typeName.empty() ? types.nameOf(f.typeOid) : f.typeName).size());
        for (size_t r = 0; r < std::min<size_t>(rows, 50); ++r) widest = std::max(widest, std::min<size_t>(s.rows.text(r, c).size(), 40));
        ImGui::TableSetupColumn(f.name.empty() ? "?column?" : f.name.c_str(), ImGuiTableColumnFlags_None,
                                charWidth * static_cast<float>(std::max<size_t>(widest, 4)) + 8);
    }

    // Header: name on the first line, type under it.
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    ImGui::TableSetColumnIndex(0);
    ImGui::TextColored(theme::kDimText, "#");
    for (size_t c = 0; c < shownColumns; ++c) {
        ImGui::TableSetColumnIndex(static_cast<int>(c + 1));
        const Field& f = s.fields[c];
        ImGui::TextUnformatted(f.name.c_str());
        std::string type = f.typeName.empty() ? types.nameOf(f.typeOid) : f.typeName;
        ImGui::TextColored(theme::kDimText, "%s", type.empty() ? ("oid " + std::to_string(f.typeOid)).c_str() : type.c_str());
    }

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows));
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextColored(theme::kDimText, "%d", r + 1);
            for (size_t c = 0; c < shownColumns; ++c) {
                ImGui::TableSetColumnIndex(static_cast<int>(c + 1));
                ImGui::PushID(r * 1031 + static_cast<int>(c));
                const bool selected = selectedRow_ == r && selectedCol_ == static_cast<long>(c);
                const ImVec2 cellPos = ImGui::GetCursorScreenPos();
                const float cellWidth = ImGui::GetContentRegionAvail().x;
                if (ImGui::Selectable("##cell", selected, ImGuiSelectableFlags_AllowOverlap,
                                      ImVec2(cellWidth, ImGui::GetTextLineHeight()))) {
                    selectedRow_ = r;
                    selectedCol_ = static_cast<long>(c);
                }
                if (ImGui::BeginPopupContextItem("cellmenu")) {
                    selectedRow_ = r;
                    selectedCol_ = static_cast<long>(c);
                    drawCopyMenu(s, static_cast<size_t>(r), c);
                    ImGui::EndPopup();
                }
                ImDrawList* draw = ImGui::GetWindowDrawList();
                if (s.rows.isNull(static_cast<size_t>(r), c)) {
                    draw->AddText(ImVec2(cellPos.x, cellPos.y), ImGui::GetColorU32(theme::kNullText), "NULL");
                } else {
                    bool cut = false;
                    std::string_view text = displayText(s.rows.text(static_cast<size_t>(r), c), cut);
                    const CutValue* engineCut = s.cutValue(static_cast<size_t>(r), c);
                    cut |= engineCut != nullptr;
                    float x = cellPos.x;
                    if (numeric[c]) {
                        float w = ImGui::CalcTextSize(text.data(), text.data() + text.size()).x;
                        x = std::max(cellPos.x, cellPos.x + cellWidth - w);
                    }
                    // A value the engine cut keeps its size in view: "… (5.0 MB)" at the cell's right
                    // edge when the text would push it out, the text clipped before it.
                    const std::string more = engineCut ? "… (" + byteSize(engineCut->fullBytes) + ")" : "…";
                    const float textWidth = ImGui::CalcTextSize(text.data(), text.data() + text.size()).x;
                    const float moreWidth = cut ? ImGui::CalcTextSize(more.c_str()).x : 0.0f;
                    float moreX = x + textWidth;
                    if (engineCut && moreX + moreWidth > cellPos.x + cellWidth)
                        moreX = std::max(cellPos.x, cellPos.x + cellWidth - moreWidth);
                    const ImVec4 clip(cellPos.x, cellPos.y, moreX, cellPos.y + ImGui::GetTextLineHeight());
                    draw->AddText(nullptr, 0.0f, ImVec2(x, cellPos.y), ImGui::GetColorU32(ImGuiCol_Text), text.data(),
                                  text.data() + text.size(), 0.0f, engineCut ? &clip : nullptr);
                    if (cut) {
                        draw->AddText(ImVec2(moreX, cellPos.y), ImGui::GetColorU32(theme::kDimText), more.c_str());
                        if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayNormal)) {
                            std::string_view full = s.rows.text(static_cast<size_t>(r), c);
                            if (engineCut)
                                ImGui::SetTooltip("This value is %llu bytes long; pgplay kept its first %zu bytes.\n\n%.*s",
                                                  static_cast<unsigned long long>(engineCut->fullBytes), full.size(),
                                                  static_cast<int>(std::min<size_t>(full.size(), 4000)), full.data());
                            else
                                ImGui::SetTooltip("%.*s", static_cast<int>(std::min<size_t>(full.size(), 4000)), full.data());
                        }
                    }
                }
                ImGui::PopID();
            }
        }
    }
    // Ctrl+C (Cmd+C) copies the selected cell while the grid has focus.
    if (selectedRow_ >= 0 && selectedRow_ < static_cast<long>(rows) && selectedCol_ >= 0 &&
        ImGui::IsWindowFocused(ImGuiFocusedFlags_ChildWindows) &&
        (ImGui::GetIO().KeyCtrl || ImGui::GetIO().KeySuper) && ImGui::IsKeyPressed(ImGuiKey_C, false)) {
        ImGui::SetClipboardText(cellToText(s.rows, static_cast<size_t>(selectedRow_), static_cast<size_t>(selectedCol_)).c_str());
    }
    ImGui::PopFont();
    ImGui::EndTable();
}

// psql's expanded display (\x): each row is a record "-[ RECORD n ]" followed by one line per
// column, name | value. Only the lines on screen are laid out, so long results stay cheap.
void ResultsView::drawRecords(const StatementResult& s, size_t index, const Fonts& fonts, float height) {
    const size_t columns = s.fields.size();
    const size_t rows = s.rows.rowCount();
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
    std::string tableId = "records" + std::to_string(index);
    if (!ImGui::BeginTable(tableId.c_str(), 2, flags, ImVec2(0, height))) return;
    ImGui::PushFont(fonts.mono);
    // Wide enough for the names, and for the record headers, which are drawn in this column too.
    size_t widestName = std::string("-[ RECORD  ]").size() + std::to_string(std::max<size_t>(rows, 1)).size();
    for (const Field& f : s.fields) widestName = std::max(widestName, f.name.size());
    const float charWidth = ImGui::CalcTextSize("0").x;
    ImGui::TableSetupColumn("column", ImGuiTableColumnFlags_None, charWidth * static_cast<float>(std::min<size_t>(widestName, 40)) + 8);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    const size_t linesPerRecord = columns + 1;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(std::min<size_t>(rows * linesPerRecord, static_cast<size_t>(INT32_MAX))));
    while (clipper.Step()) {
        for (int line = clipper.DisplayStart; line < clipper.DisplayEnd; ++line) {
            const size_t r = static_cast<size_t>(line) / linesPerRecord;
            const size_t k = static_cast<size_t>(line) % linesPerRecord;
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            if (k == 0) {
                ImGui::TextColored(theme::kDimText, "-[ RECORD %zu ]", r + 1);
                continue;
            }
            const size_t c = k - 1;
            ImGui::TextUnformatted(s.fields[c].name.empty() ? "?column?" : s.fields[c].name.c_str());
            ImGui::TableSetColumnIndex(1);
            ImGui::PushID(line);
            if (s.rows.isNull(r, c)) {
                ImGui::TextColored(theme::kNullText, "NULL");
            } else {
                bool cut = false;
                std::string_view text = displayText(s.rows.text(r, c), cut);
                ImGui::TextUnformatted(text.data(), text.data() + text.size());
                if (cut) {
                    ImGui::SameLine(0, 0);
                    ImGui::TextColored(theme::kDimText, "…");
                }
                if (ImGui::BeginPopupContextItem("valuemenu")) {
                    drawCopyMenu(s, r, c);
                    ImGui::EndPopup();
                }
            }
            ImGui::PopID();
        }
    }
    ImGui::PopFont();
    ImGui::EndTable();
}

void ResultsView::drawCopyMenu(const StatementResult& s, size_t row, size_t col) {
    auto copied = [&](std::string text, const char* what) {
        ImGui::SetClipboardText(text.c_str());
        copyFlash_ = what;
        copyFlashUntil_ = ImGui::GetTime() + 2.0;
    };
    if (ImGui::MenuItem("Copy cell")) copied(cellToText(s.rows, row, col), "Copied the cell");
    if (ImGui::MenuItem("Copy row (TSV)")) copied(rowToText(s, row, TextFormat::Tsv), "Copied the row as TSV");
    if (ImGui::MenuItem("Copy row (CSV)")) copied(rowToText(s, row, TextFormat::Csv), "Copied the row as CSV");
    ImGui::Separator();
    if (ImGui::MenuItem("Copy all rows (CSV)")) copied(resultToText(s, TextFormat::Csv), "Copied as CSV");
    if (ImGui::MenuItem("Copy all rows (TSV)")) copied(resultToText(s, TextFormat::Tsv), "Copied as TSV");
}

}  // namespace pgplay
