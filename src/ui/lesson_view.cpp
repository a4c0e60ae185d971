#include "ui/lesson_view.h"

#include "imgui.h"
#include "ui/markdown_view.h"
#include "ui/theme.h"

namespace pgplay {

LessonIntents LessonView::draw(const LessonSession& session, const LessonCatalog& catalog, const LessonProgress& progress,
                               const Fonts& fonts) {
    LessonIntents intents;
    if (session.isOpen())
        drawStep(session, progress, fonts, intents);
    else
        drawRoadmap(catalog, progress, intents);
    return intents;
}

void LessonView::drawRoadmap(const LessonCatalog& catalog, const LessonProgress& progress, LessonIntents& intents) {
    size_t done = 0;
    for (const Lesson& l : catalog.lessons()) done += progress.doneCount(l.id);
    ImGui::TextColored(theme::kAccent, "The PostgreSQL roadmap");
    ImGui::TextColored(theme::kDimText, "%zu of %zu steps done", done, catalog.totalSteps());
    ImGui::Spacing();
    int number = 1;
    for (const Lesson& lesson : catalog.lessons()) {
        ImGui::PushID(lesson.id.c_str());
        const size_t steps = lesson.steps.size();
        const size_t lessonDone = progress.doneCount(lesson.id);
        std::string label = std::to_string(number++) + ". " + lesson.title;
        if (ImGui::Selectable(label.c_str(), false, ImGuiSelectableFlags_None)) {
            // Continue where the learner stopped: the first step not done yet.
            size_t first = 0;
            while (first + 1 < steps && progress.isDone(lesson.id, first)) ++first;
            intents.open = std::make_pair(lesson.id, first);
        }
        ImGui::ProgressBar(steps ? static_cast<float>(lessonDone) / static_cast<float>(steps) : 0.0f, ImVec2(-1, 4), "");
        ImGui::TextColored(lessonDone == steps && steps ? theme::kOkText : theme::kDimText, "%zu / %zu steps%s",
                           lessonDone, steps, lessonDone == steps && steps ? "  ✓" : "");
        if (!lesson.summary.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, theme::kDimText);
            ImGui::TextWrapped("%s", lesson.summary.c_str());
            ImGui::PopStyleColor();
        }
        ImGui::Spacing();
        ImGui::PopID();
    }
    for (const LessonFileError& e : catalog.errors()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::kErrorText);
        ImGui::TextWrapped("This lesson file could not be read:\n%s", e.errors.c_str());
        ImGui::PopStyleColor();
        ImGui::Spacing();
    }
    if (catalog.lessons().empty() && catalog.errors().empty())
        ImGui::TextColored(theme::kDimText, "Loading lessons…");
    ImGui::Separator();
    if (ImGui::SmallButton("Export progress")) intents.exportProgress = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Save your progress and answers to a file");
    ImGui::SameLine();
    if (ImGui::SmallButton("Import progress")) intents.importProgress = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Load progress from a file saved by Export (it is merged with what you have)");
    drawNotice(intents);
}

void LessonView::drawNotice(LessonIntents& intents) {
    if (notice_.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, noticeIsError_ ? theme::kErrorText : theme::kOkText);
    ImGui::TextWrapped("%s", notice_.c_str());
    ImGui::PopStyleColor();
    if (!offeredSql_.empty()) {
        if (ImGui::SmallButton("Use the link's SQL")) {
            intents.useSql = offeredSql_;
            notice_.clear();
            offeredSql_.clear();
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Put the SQL the link came with in the editor, instead of yours");
        ImGui::SameLine();
        if (ImGui::SmallButton("Keep mine")) {
            notice_.clear();
            offeredSql_.clear();
        }
    }
}

void LessonView::drawStep(const LessonSession& session, const LessonProgress& progress, const Fonts& fonts,
                          LessonIntents& intents) {
    const Lesson& lesson = *session.lesson();
    const Step& step = *session.step();
    const size_t index = session.stepIndex();

    if (roadmapAllowed_) {
        if (ImGui::SmallButton("← All lessons")) intents.close = true;
        ImGui::SameLine();
    }
    ImGui::TextColored(theme::kDimText, "%s", lesson.title.c_str());

    // One button per step: done steps are green, the open one highlighted.
    for (size_t i = 0; i < lesson.steps.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        const bool done = progress.isDone(lesson.id, i);
        const bool current = i == index;
        ImGui::PushStyleColor(ImGuiCol_Button, current ? theme::kCurrentButton
                                               : done  ? theme::kDoneButton
                                                       : ImGui::GetStyleColorVec4(ImGuiCol_Button));
        std::string label = std::to_string(i + 1) + (done ? " ✓" : "");
        if (ImGui::SmallButton(label.c_str()) && !current) intents.open = std::make_pair(lesson.id, i);
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", lesson.steps[i].title.c_str());
        ImGui::SameLine();
        ImGui::PopID();
    }
    ImGui::NewLine();
    ImGui::Separator();
    drawNotice(intents);

    if (index == 0 && !lesson.intro.empty()) {
        if (auto sql = drawMarkdown(lesson.intro, fonts, "intro")) intents.useSql = sql;
        ImGui::Separator();
    }
    ImGui::TextColored(theme::kAccent, "Step %zu of %zu: %s", index + 1, lesson.steps.size(), step.title.c_str());
    if (auto sql = drawMarkdown(step.task, fonts, "task")) intents.useSql = sql;

    if (session.preparing()) ImGui::TextColored(theme::kDimText, "Preparing the step's tables…");
    if (!session.prepareError().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::kErrorText);
        ImGui::TextWrapped("%s", session.prepareError().c_str());
        ImGui::PopStyleColor();
    }

    // Actions.
    ImGui::BeginDisabled(session.checking());
    ImGui::PushStyleColor(ImGuiCol_Button, theme::kGoButton);
    if (ImGui::Button(session.checking() ? "Checking…" : "✓ Check")) intents.check = true;
    ImGui::PopStyleColor();
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Check the SQL in the editor against this step (Ctrl+Shift+Enter)");
    ImGui::SameLine();
    const size_t hints = step.hints.size();
    ImGui::BeginDisabled(session.hintsShown() >= hints);
    std::string hintLabel = hints == 0 ? "No hints" : "Hint (" + std::to_string(session.hintsShown()) + "/" + std::to_string(hints) + ")";
    if (ImGui::Button(hintLabel.c_str())) intents.hint = true;
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Solution")) intents.solution = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show the reference solution (any correct answer passes, not only this one)");
    ImGui::SameLine();
    if (ImGui::Button("Reset")) intents.reset = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Put the step's tables back as they were at its start");

    // The verdict.
    if (const auto& verdict = session.verdict()) {
        ImGui::Spacing();
        if (verdictsSeen_ != session.verdictCount()) {
            verdictsSeen_ = session.verdictCount();
            ImGui::SetScrollHereY(0.2f);
        }
        ImGui::PushStyleColor(ImGuiCol_Text, verdict->pass ? theme::kOkText : theme::kErrorText);
        if (verdict->pass)
            ImGui::TextWrapped("Correct! Every check passed.");
        else if (verdict->lessonError)
            ImGui::TextWrapped("This step could not be checked (a problem in the lesson, not in your answer).");
        else
            ImGui::TextWrapped("Not yet.");
        ImGui::PopStyleColor();
        if (!verdict->pass && !verdict->feedback.empty()) {
            // One paragraph per sentence group the checker wrote on its own line.
            std::string paragraphs;
            for (char c : verdict->feedback) paragraphs += c == '\n' ? std::string("\n\n") : std::string(1, c);
            if (auto sql = drawMarkdown(paragraphs, fonts, "feedback")) intents.useSql = sql;
        }
        if (verdict->pass) {
            if (session.hasNext()) {
                if (ImGui::Button("Next step →")) intents.next = true;
            } else {
                ImGui::TextColored(theme::kOkText, "You have finished the roadmap's last step.");
            }
        }
    }

    for (size_t i = 0; i < session.hintsShown() && i < hints; ++i) {
        ImGui::Spacing();
        ImGui::TextColored(theme::kWarningText, "Hint %zu", i + 1);
        std::string id = "hint" + std::to_string(i);
        if (auto sql = drawMarkdown(step.hints[i], fonts, id.c_str())) intents.useSql = sql;
    }
    if (session.solutionShown()) {
        ImGui::Spacing();
        ImGui::TextColored(theme::kWarningText, "A reference solution");
        std::string fenced = "```sql\n" + step.solution + "\n```";
        if (auto sql = drawMarkdown(fenced, fonts, "solution")) intents.useSql = sql;
    }
}

}  // namespace pgplay
