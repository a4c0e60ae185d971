#include "ui/race_view.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/schema_from_sql.h"
#include "imgui.h"
#include "core/result_model.h"   // describeSqlstate
#include "ui/theme.h"

namespace pgplay {

namespace {

// One colour per session, the same in its lane header, its "Next" button and the lock panel.
ImVec4 sessionColour(const RaceScenario& s, const std::string& session) {
    auto it = std::find(s.sessions.begin(), s.sessions.end(), session);
    const size_t i = it == s.sessions.end() ? 0 : static_cast<size_t>(it - s.sessions.begin());
    return theme::kSessions[i % (sizeof(theme::kSessions) / sizeof(theme::kSessions[0]))];
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) out += (i == 0 ? "" : (i + 1 == names.size() ? " and " : ", ")) + names[i];
    return out;
}

// {"id": 1, "flight": "LH1"} (a row's primary key as the engine keeps it) -> id = 1, flight = 'LH1'.
std::string describeKey(const std::string& key) {
    const nlohmann::json k = nlohmann::json::parse(key, nullptr, false);
    if (!k.is_object()) return key;
    std::string out;
    for (const auto& [column, value] : k.items())
        out += (out.empty() ? "" : ", ") + column + " = " +
               (value.is_string() ? "'" + value.get<std::string>() + "'" : value.dump());
    return out;
}

// "ERROR 40P01" -> "ERROR 40P01 (deadlock_detected)"; anything else as it is.
std::string shownResult(const std::optional<std::string>& result) {
    if (!result) return "NULL";
    if (result->rfind("ERROR ", 0) == 0) return "ERROR " + describeSqlstate(result->substr(6));
    return *result;
}

}  // namespace

RaceIntents RaceView::drawList(const RacePlayer& player) {
    RaceIntents intents;
    ImGui::TextWrapped("Two or more sessions work on the same rows at once. Step through what PostgreSQL does, "
                       "then change who goes next or edit a statement and watch the outcome change.");
    ImGui::Spacing();
    if (ImGui::Selectable("##clients", player.clientsOpen(), ImGuiSelectableFlags_None,
                          ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 2.4f)))
        intents.openClients = true;
    ImGui::SameLine(8);
    ImGui::BeginGroup();
    ImGui::TextUnformatted("Many clients");
    ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x);
    ImGui::TextColored(theme::kDimText, "N clients add 1 to a counter K times each, four ways: which lose updates?");
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    if (player.scenarios().empty() && player.fileErrors().empty()) ImGui::TextColored(theme::kDimText, "Loading races…");
    for (const RaceScenario& s : player.scenarios()) {
        ImGui::PushID(s.id.c_str());
        const bool open = player.isOpen() && player.scenario().id == s.id;
        if (ImGui::Selectable("##race", open, ImGuiSelectableFlags_None,
                              ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * (s.summary.empty() ? 1.2f : 2.4f))))
            intents.open = s.id;
        ImGui::SameLine(8);
        ImGui::BeginGroup();
        ImGui::TextUnformatted(s.title.c_str());
        if (!s.summary.empty()) {
            ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x);
            ImGui::TextColored(theme::kDimText, "%s", s.summary.c_str());
            ImGui::PopTextWrapPos();
        }
        ImGui::EndGroup();
        ImGui::PopID();
    }
    for (const LessonError& e : player.fileErrors())
        ImGui::TextColored(theme::kErrorText, "%s:%d: %s", e.file.c_str(), e.line, e.message.c_str());
    return intents;
}

RaceIntents RaceView::draw(const RacePlayer& player, const Fonts& fonts, bool embedded) {
    RaceIntents intents;
    const RaceScenario& s = player.scenario();
    if (!embedded) {
        if (ImGui::SmallButton("← Editor")) intents.close = true;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Back to your SQL editor (the race keeps its own database)");
        ImGui::SameLine();
    }
    ImGui::TextColored(theme::kAccent, "Race");
    ImGui::SameLine();
    ImGui::TextUnformatted(s.title.c_str());
    if (!s.intro.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(theme::kDimText, "%s", s.intro.c_str());
        ImGui::PopTextWrapPos();
    }
    drawControls(player, intents);
    // Keys, while no text is being typed: → or Space steps, ← goes back, Home and End.
    if (!ImGui::GetIO().WantTextInput && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId) && !player.playing()) {
        if (ImGui::IsKeyPressed(ImGuiKey_RightArrow) || ImGui::IsKeyPressed(ImGuiKey_Space)) intents.step = true;
        if (ImGui::IsKeyPressed(ImGuiKey_LeftArrow)) intents.back = true;
        if (ImGui::IsKeyPressed(ImGuiKey_Home, false)) intents.rewind = true;
        if (ImGui::IsKeyPressed(ImGuiKey_End, false)) intents.runToEnd = true;
    }
    ImGui::Separator();

    const float available = ImGui::GetContentRegionAvail().y;
    const float lanesHeight = std::max(120.0f, available * 0.58f);
    ImGui::BeginChild("lanes", ImVec2(0, lanesHeight));
    drawLanes(player, fonts);
    ImGui::EndChild();
    ImGui::Separator();
    ImGui::BeginChild("after", ImVec2(0, 0));
    drawExplanation(player);
    if (ImGui::BeginTable("after-step", 2, ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV)) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        drawTables(player, fonts);
        if (player.atEnd()) drawChecks(player, fonts);
        ImGui::TableNextColumn();
        drawLocks(player);
        ImGui::EndTable();
    }
    ImGui::EndChild();
    drawEditPopup(intents, fonts);
    return intents;
}

RaceIntents RaceView::drawClients(const RacePlayer& player, const Fonts& fonts, bool embedded) {
    RaceIntents intents;
    if (!embedded) {
        if (ImGui::SmallButton("← Editor")) intents.close = true;
        ImGui::SameLine();
    }
    ImGui::TextColored(theme::kAccent, "Race");
    ImGui::SameLine();
    ImGui::TextUnformatted("Many clients");
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(theme::kDimText,
                       "Every client adds 1 to the same counter, again and again, all at the same time, one "
                       "statement each in turn. Four ways to write that increment; the counter should end at "
                       "clients x increments.");
    ImGui::PopTextWrapPos();
    const bool running = player.clientsRunning();
    ImGui::BeginDisabled(running);
    ImGui::SetNextItemWidth(160);
    ImGui::SliderInt("clients", &clients_, 2, ClientsSchedule::kMaxClients);
    ImGui::SameLine(0, 16);
    ImGui::SetNextItemWidth(160);
    ImGui::SliderInt("increments each", &increments_, 1, ClientsSchedule::kMaxIncrements);
    ImGui::SameLine(0, 16);
    ImGui::PushStyleColor(ImGuiCol_Button, theme::kGoButton);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, theme::kGoButtonHovered);
    if (ImGui::Button("Run the four ▶")) intents.runClients = std::make_pair(clients_, increments_);
    ImGui::PopStyleColor(2);
    ImGui::EndDisabled();
    if (running) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kWarningText, "Running %zu of 4…", player.clientsOutcomes().size() + 1);
    }
    ImGui::Separator();
    if (player.clientsOutcomes().empty() && !running) {
        ImGui::TextColored(theme::kDimText, "Choose how many clients and increments, then Run.");
        return intents;
    }
    if (ImGui::BeginTable("clients", 7, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        for (const char* h : {"strategy", "each increment", "counter", "expected", "waits", "retries", "statements"})
            ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        for (const ClientsOutcome& o : player.clientsOutcomes()) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(clientStrategyName(o.strategy));
            ImGui::TableNextColumn();
            if (fonts.mono) ImGui::PushFont(fonts.mono);
            ImGui::PushTextWrapPos(0);
            ImGui::TextColored(theme::kDimText, "%s", clientStrategySql(o.strategy));
            ImGui::PopTextWrapPos();
            if (fonts.mono) ImGui::PopFont();
            ImGui::TableNextColumn();
            if (o.failure) {
                ImGui::PushTextWrapPos(0);
                ImGui::TextColored(theme::kErrorText, "%s", o.failure->c_str());
                ImGui::PopTextWrapPos();
            } else if (o.final) {
                const bool lost = *o.final != o.expected;
                ImGui::TextColored(lost ? theme::kErrorText : theme::kOkText, "%ld%s", *o.final,
                                   lost ? "  (updates lost)" : "");
            }
            ImGui::TableNextColumn();
            ImGui::Text("%ld", o.expected);
            ImGui::TableNextColumn();
            ImGui::Text("%d", o.waits);
            ImGui::TableNextColumn();
            ImGui::Text("%d", o.retries);
            ImGui::TableNextColumn();
            ImGui::Text("%d  (%.0f ms)", o.statements, o.ms);
        }
        ImGui::EndTable();
    }
    drawClientsChart(player);
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(theme::kDimText,
                       "Waits: statements that queued for another client's row lock. Retries: transactions "
                       "started again after a serialization failure. The atomic update needs neither a read "
                       "nor a retry; FOR UPDATE pays in waits; SERIALIZABLE pays in retries.");
    ImGui::PopTextWrapPos();
    return intents;
}

// One bar a strategy: the final counter against the expected value (the outline).
void RaceView::drawClientsChart(const RacePlayer& player) {
    const auto& outcomes = player.clientsOutcomes();
    if (outcomes.empty()) return;
    ImGui::Spacing();
    const float rowHeight = ImGui::GetTextLineHeight() + 8;
    const float labelWidth = ImGui::CalcTextSize("SELECT ... FOR UPDATE  ").x;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = std::max(120.0f, ImGui::GetContentRegionAvail().x - labelWidth - 80);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    for (size_t i = 0; i < outcomes.size(); ++i) {
        const ClientsOutcome& o = outcomes[i];
        const float y = origin.y + static_cast<float>(i) * rowHeight;
        draw->AddText(ImVec2(origin.x, y + 3), ImGui::GetColorU32(ImGuiCol_Text), clientStrategyName(o.strategy));
        const ImVec2 left(origin.x + labelWidth, y + 2);
        const ImVec2 full(left.x + width, y + rowHeight - 2);
        draw->AddRect(left, full, ImGui::GetColorU32(theme::kDimText));
        if (o.final && o.expected > 0) {
            const float share = std::clamp(static_cast<float>(*o.final) / static_cast<float>(o.expected), 0.0f, 1.0f);
            const bool lost = *o.final != o.expected;
            draw->AddRectFilled(left, ImVec2(left.x + width * share, full.y),
                                ImGui::GetColorU32(lost ? ImVec4(0.75f, 0.30f, 0.28f, 1.0f) : ImVec4(0.25f, 0.60f, 0.35f, 1.0f)));
            char label[48];
            std::snprintf(label, sizeof(label), "%ld / %ld", *o.final, o.expected);
            draw->AddText(ImVec2(full.x + 8, y + 3), ImGui::GetColorU32(ImGuiCol_Text), label);
        }
    }
    ImGui::Dummy(ImVec2(labelWidth + width + 80, rowHeight * static_cast<float>(outcomes.size()) + 4));
}

void RaceView::drawControls(const RacePlayer& player, RaceIntents& intents) {
    const bool playing = player.playing();
    const size_t position = player.position();
    ImGui::BeginDisabled(playing || position == 0);
    if (ImGui::Button("◀◀ Start")) intents.rewind = true;
    ImGui::SameLine();
    if (ImGui::Button("◀ Back")) intents.back = true;
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(playing || position >= player.reachable());
    ImGui::PushStyleColor(ImGuiCol_Button, theme::kGoButton);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, theme::kGoButtonHovered);
    if (ImGui::Button("Step ▶")) intents.step = true;
    ImGui::PopStyleColor(2);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Issue the next statement (→ or Space; ← goes back)");
    ImGui::SameLine();
    if (ImGui::Button("Run to the end ▶▶")) intents.runToEnd = true;
    ImGui::EndDisabled();
    ImGui::SameLine(0, 16);
    ImGui::AlignTextToFramePadding();
    if (playing) ImGui::TextColored(theme::kWarningText, "Playing the race on PostgreSQL…");
    else ImGui::TextColored(theme::kDimText, "Step %zu of %zu", position, player.total());

    // Who goes next: any session whose next statement could be issued now.
    const std::vector<std::string> next = player.canGoNext();
    if (!playing && position < player.total()) {
        ImGui::SameLine(0, 16);
        ImGui::TextColored(theme::kDimText, "Next:");
        for (const std::string& session : player.scenario().sessions) {
            ImGui::SameLine();
            const bool possible = std::find(next.begin(), next.end(), session) != next.end();
            const bool scheduled = player.scenario().steps[position].session == session;
            ImGui::BeginDisabled(!possible);
            ImVec4 c = sessionColour(player.scenario(), session);
            ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(c.x * 0.35f, c.y * 0.35f, c.z * 0.35f, scheduled ? 1.0f : 0.6f));
            ImGui::PushStyleColor(ImGuiCol_Text, c);
            const std::string label = session + (scheduled ? " •" : "") + "##next";
            if (ImGui::SmallButton(label.c_str())) {
                if (scheduled) intents.step = true;
                else intents.chooseNext = session;
            }
            ImGui::PopStyleColor(2);
            ImGui::EndDisabled();
            if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
                if (!possible && !player.waitingFor(session).empty())
                    ImGui::SetTooltip("%s waits for %s", session.c_str(), joined(player.waitingFor(session)).c_str());
                else if (!possible)
                    ImGui::SetTooltip("%s has no statements left", session.c_str());
                else if (scheduled)
                    ImGui::SetTooltip("%s's statement is next in the scenario", session.c_str());
                else
                    ImGui::SetTooltip("Issue %s's next statement now, before the others' (the race is played again)",
                                      session.c_str());
            }
        }
    }
    if (player.edited() && !playing) {
        ImGui::SameLine(0, 16);
        if (ImGui::SmallButton("Restore the original")) intents.restore = true;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Undo your changes to the order and the statements");
    }
}

void RaceView::drawLanes(const RacePlayer& player, const Fonts& fonts) {
    const RaceScenario& s = player.scenario();
    const int columns = static_cast<int>(s.sessions.size()) + 1;
    if (!ImGui::BeginTable("swimlanes", columns,
                           ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                               ImGuiTableFlags_SizingStretchSame))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("00").x + 8);
    for (const std::string& session : s.sessions) ImGui::TableSetupColumn(session.c_str());
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    ImGui::TableNextColumn();
    ImGui::TextColored(theme::kDimText, "#");
    for (const std::string& session : s.sessions) {
        ImGui::TableNextColumn();
        ImGui::TextColored(sessionColour(s, session), "Session %s", session.c_str());
        const std::vector<std::string> waits = player.waitingFor(session);
        if (!waits.empty()) {
            ImGui::SameLine();
            ImGui::TextColored(theme::kWarningText, "(waiting)");
        }
    }
    const bool moved = player.position() != lastPosition_ || scrolledFor_ != s.id;
    for (size_t i = 0; i < s.steps.size(); ++i) {
        ImGui::TableNextRow();
        if (i + 1 == player.position())
            ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImVec4(0.25f, 0.52f, 0.96f, 0.16f)));
        ImGui::TableNextColumn();
        ImGui::TextColored(theme::kDimText, "%zu", i + 1);
        for (const std::string& session : s.sessions) {
            ImGui::TableNextColumn();
            if (s.steps[i].session == session) drawStatement(player, i, fonts);
        }
        if (moved && i + 1 == std::max<size_t>(player.position(), 1)) ImGui::SetScrollHereY(0.6f);
    }
    if (player.failure()) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0);
        const RaceFailure& f = *player.failure();
        const char* what = f.kind == RaceFailure::Kind::Refused ? "The race engine cannot show this exactly, so it stops here:"
                                                                 : "The race could not be played:";
        ImGui::TextColored(theme::kErrorText, "%s", what);
        ImGui::TextWrapped("%s", f.message.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::EndTable();
    lastPosition_ = player.position();
    scrolledFor_ = s.id;
}

void RaceView::drawStatement(const RacePlayer& player, size_t step, const Fonts& fonts) {
    const RaceScenario& s = player.scenario();
    const RaceStepState state = player.stateOf(step);
    ImGui::PushID(static_cast<int>(step));
    ImGui::PushTextWrapPos(0);
    if (fonts.mono) ImGui::PushFont(fonts.mono);
    const ImVec4 sqlColour = state == RaceStepState::NotIssued ? theme::kDimText : theme::kStrongText;
    ImGui::TextColored(sqlColour, "%s", s.steps[step].sql.c_str());
    if (fonts.mono) ImGui::PopFont();
    if (ImGui::IsItemHovered() && !player.playing()) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImGui::SetTooltip("Click to edit this statement (the race is played again)");
    }
    if (ImGui::IsItemClicked() && !player.playing()) {
        editing_ = step;
        editText_ = s.steps[step].sql;
        openEditPopup_ = true;
        // Completion offers the tables the scenario's setup makes (its database is its own).
        std::string setup;
        for (const std::string& script : s.setup) setup += script + ";\n";
        scenarioSchema_ = schemaFromSql(setup);
    }
    const RaceStepOutcome* o = step < player.timeline().steps.size() ? &player.timeline().steps[step] : nullptr;
    switch (state) {
        case RaceStepState::NotIssued:
            break;
        case RaceStepState::Waiting: {
            const std::vector<std::string> waits = player.waitingFor(s.steps[step].session);
            ImGui::TextColored(theme::kWarningText, "◷ waiting for %s", waits.empty() ? "a lock" : joined(waits).c_str());
            break;
        }
        case RaceStepState::Done:
        case RaceStepState::Failed: {
            const ImVec4 c = state == RaceStepState::Failed ? theme::kErrorText : theme::kOkText;
            ImGui::TextColored(c, "%s %s", state == RaceStepState::Failed ? "✗" : "✓", shownResult(o->result).c_str());
            if (o->blocked && o->releasedAfter)
                ImGui::TextColored(theme::kDimText, o->releasedAfter == step ? "waited, then failed within its own step"
                                                                             : "waited until step %zu",
                                   *o->releasedAfter + 1);
            break;
        }
    }
    ImGui::PopTextWrapPos();
    ImGui::PopID();
}

void RaceView::drawExplanation(const RacePlayer& player) {
    const RaceScenario& s = player.scenario();
    const size_t position = player.position();
    ImGui::PushTextWrapPos(0);
    if (position == 0) {
        ImGui::TextColored(theme::kDimText, "Press Step to issue the first statement.");
    } else {
        const RaceStep& last = s.steps[position - 1];
        ImGui::TextColored(sessionColour(s, last.session), "After step %zu (%s):", position, last.session.c_str());
        if (!last.explanation.empty()) {
            ImGui::SameLine();
            ImGui::TextUnformatted(last.explanation.c_str());
            if (player.edited())
                ImGui::TextColored(theme::kDimText, "(These notes were written for the original order and statements.)");
        }
    }
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
}

void RaceView::drawTables(const RacePlayer& player, const Fonts& fonts) {
    const RaceStepSnapshot* now = player.snapshotNow();
    ImGui::TextColored(theme::kDimText, "Committed data (what a new session would read now)");
    if (!now) {
        ImGui::TextColored(theme::kDimText, player.playing() ? "…" : "—");
        return;
    }
    for (const RaceStepSnapshot::Table& t : now->tables) {
        ImGui::TextUnformatted(t.name.c_str());
        const int columns = static_cast<int>(std::min<size_t>(t.columns.size(), 63));
        if (columns == 0) continue;
        if (ImGui::BeginTable(t.name.c_str(), columns, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
            for (int c = 0; c < columns; ++c) ImGui::TableSetupColumn(t.columns[static_cast<size_t>(c)].c_str());
            ImGui::TableHeadersRow();
            if (fonts.mono) ImGui::PushFont(fonts.mono);
            for (const auto& row : t.rows) {
                ImGui::TableNextRow();
                for (int c = 0; c < columns; ++c) {
                    ImGui::TableNextColumn();
                    const auto& v = row[static_cast<size_t>(c)];
                    if (v) ImGui::TextUnformatted(v->c_str());
                    else ImGui::TextColored(theme::kNullText, "NULL");
                }
            }
            if (fonts.mono) ImGui::PopFont();
            ImGui::EndTable();
        }
    }
}

void RaceView::drawLocks(const RacePlayer& player) {
    const RaceStepSnapshot* now = player.snapshotNow();
    ImGui::TextColored(theme::kDimText, "Locks");
    if (!now) return;
    const RaceScenario& s = player.scenario();
    bool any = false;
    for (const RaceLocks::RowHold& h : now->rowLocks) {
        any = true;
        ImGui::TextColored(sessionColour(s, h.session), "%s", h.session.c_str());
        ImGui::SameLine();
        ImGui::Text("holds %s row %s: %s", h.row.table.c_str(), describeKey(h.row.key).c_str(),
                    h.written ? "wrote it" : rowLockModeName(h.mode));
    }
    for (const RaceLocks::TableHold& h : now->tableLocks) {
        // ACCESS SHARE and ROW EXCLUSIVE are taken by every read and write: only the stronger
        // ones, and anything waiting, are worth a line.
        if (h.granted && (h.mode == TableLockMode::AccessShare || h.mode == TableLockMode::RowShare ||
                          h.mode == TableLockMode::RowExclusive))
            continue;
        any = true;
        ImGui::TextColored(sessionColour(s, h.session), "%s", h.session.c_str());
        ImGui::SameLine();
        ImGui::Text("%s %s on table %s", h.granted ? "holds" : "waits for", tableLockModeName(h.mode), h.table.c_str());
    }
    for (const RaceSessionState& session : now->sessions) {
        if (!session.waitingStep) continue;
        any = true;
        std::vector<std::string> names(session.waitsFor.begin(), session.waitsFor.end());
        ImGui::TextColored(theme::kWarningText, "%s waits for %s", session.name.c_str(), joined(names).c_str());
    }
    if (!now->deadlockCycle.empty()) {
        // The cycle this step closed, which PostgreSQL broke by failing the victim's statement.
        any = true;
        std::string cycle;
        for (size_t i = 0; i + 1 < now->deadlockCycle.size(); ++i)
            cycle += (i ? ", " : "") + now->deadlockCycle[i] + " waited for " + now->deadlockCycle[i + 1];
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(theme::kErrorText, "Deadlock: %s. PostgreSQL found the cycle after deadlock_timeout "
                                              "and failed %s's statement, which closed it.",
                           cycle.c_str(), now->deadlockCycle.front().c_str());
        ImGui::PopTextWrapPos();
    }
    if (!any) ImGui::TextColored(theme::kDimText, "No session holds a row lock or waits.");
    ImGui::Spacing();
    for (const RaceSessionState& session : now->sessions) {
        ImGui::TextColored(sessionColour(s, session.name), "%s", session.name.c_str());
        ImGui::SameLine();
        if (session.aborted) ImGui::TextColored(theme::kErrorText, "transaction failed: only ROLLBACK is left");
        else if (session.inTransaction) ImGui::Text("in a transaction (%s)", isolationName(session.isolation));
        else ImGui::TextColored(theme::kDimText, "no transaction open");
    }
}

void RaceView::drawChecks(const RacePlayer& player, const Fonts& fonts) {
    const RaceScenario& s = player.scenario();
    if (player.timeline().checks.empty()) return;
    ImGui::Spacing();
    ImGui::TextColored(theme::kAccent, "At the end");
    for (size_t i = 0; i < player.timeline().checks.size() && i < s.checks.size(); ++i) {
        const RaceCheckOutcome& c = player.timeline().checks[i];
        if (fonts.mono) ImGui::PushFont(fonts.mono);
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(theme::kDimText, "%s", c.check.c_str());
        ImGui::Text("→ %s", shownResult(c.value).c_str());
        ImGui::PopTextWrapPos();
        if (fonts.mono) ImGui::PopFont();
        if (!s.checks[i].explanation.empty()) {
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted(s.checks[i].explanation.c_str());
            ImGui::PopTextWrapPos();
        }
    }
}

void RaceView::drawEditPopup(RaceIntents& intents, const Fonts& fonts) {
    if (openEditPopup_) {
        ImGui::OpenPopup("Edit statement");
        openEditPopup_ = false;
        statementEditor_.setText(editText_, true);
        statementEditor_.focus();
    }
    ImGui::SetNextWindowSize(ImVec2(std::min(640.0f, ImGui::GetMainViewport()->Size.x - 40), 0));
    if (!ImGui::BeginPopupModal("Edit statement", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::TextWrapped("One statement. The race is played again from the start with it. Ctrl+Enter plays it.");
    // Escape closes the completion list first, and only then the dialog.
    const bool listWasOpen = statementEditor_.completionOpen();
    statementEditor_.setSchema(&scenarioSchema_);
    const float lines = 5.0f;
    const EditorIntents typed = statementEditor_.draw(
        "##statement", ImVec2(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * lines + 12.0f), fonts);
    if (ImGui::Button("Play it") || typed.run || typed.check) {
        std::string sql = statementEditor_.text();
        if (editing_ && sql.find_first_not_of(" \t\r\n") != std::string::npos) intents.edit = std::make_pair(*editing_, std::move(sql));
        editing_.reset();
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || (!listWasOpen && ImGui::IsKeyPressed(ImGuiKey_Escape, false))) {
        editing_.reset();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace pgplay
