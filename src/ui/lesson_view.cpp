#include "ui/lesson_view.h"

#include <algorithm>
#include <cstddef>

#include "imgui.h"
#include "core/roadmap_advice.h"
#include "ui/markdown_view.h"
#include "ui/theme.h"

namespace pgplay {

LessonIntents LessonView::draw(const LessonSession& session, const LessonCatalog& catalog, const LessonProgress& progress,
                               const Fonts& fonts) {
    LessonIntents intents;
    if (session.isOpen() && session.quizOpen())
        drawQuiz(session, progress, fonts, intents);
    else if (session.isOpen())
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
    drawAdvice(catalog, progress, intents);
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
        if (!lesson.questions.empty()) {
            size_t right = 0;
            for (size_t i = 0; i < lesson.questions.size(); ++i) right += progress.answeredRight(lesson.id, i) ? 1 : 0;
            ImGui::SameLine();
            ImGui::TextColored(right == lesson.questions.size() ? theme::kOkText : theme::kDimText,
                               "· quick check %zu / %zu", right, lesson.questions.size());
        }
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

// "What next": the one step the learner's results point to (core/roadmap_advice.h), in a box
// above the list, with a button that opens it.
void LessonView::drawAdvice(const LessonCatalog& catalog, const LessonProgress& progress, LessonIntents& intents) {
    if (catalog.lessons().empty()) return;
    const RoadmapAdvice advice = adviseNext(catalog.lessons(), progress);
    const bool review = advice.kind == RoadmapAdvice::Kind::Review;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, theme::kPanelBackground);
    ImGui::BeginChild("advice", ImVec2(0, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
    ImGui::TextColored(review ? theme::kWarningText : theme::kOkText, "%s", advice.headline.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kDimText);
    ImGui::TextWrapped("%s", advice.why.c_str());
    ImGui::PopStyleColor();
    if (advice.kind != RoadmapAdvice::Kind::Finished && !advice.lessonId.empty()) {
        const char* label = advice.kind == RoadmapAdvice::Kind::Start      ? "Start →"
                            : advice.kind == RoadmapAdvice::Kind::Review   ? "Review →"
                            : advice.quiz                                  ? "Take the quick check →"
                                                                           : "Continue →";
        ImGui::PushStyleColor(ImGuiCol_Button, theme::kGoButton);
        if (ImGui::Button(label)) {
            const Lesson* lesson = catalog.find(advice.lessonId);
            const size_t last = lesson && !lesson->steps.empty() ? lesson->steps.size() - 1 : 0;
            intents.open = std::make_pair(advice.lessonId, advice.quiz ? last : advice.step);
            intents.openQuiz = advice.quiz;
        }
        ImGui::PopStyleColor();
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
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
    if (!lesson.questions.empty()) {
        size_t right = 0;
        for (size_t i = 0; i < lesson.questions.size(); ++i) right += progress.answeredRight(lesson.id, i) ? 1 : 0;
        const bool allRight = right == lesson.questions.size();
        ImGui::PushStyleColor(ImGuiCol_Button, allRight ? theme::kDoneButton : ImGui::GetStyleColorVec4(ImGuiCol_Button));
        if (ImGui::SmallButton(allRight ? "Quick check ✓" : "Quick check")) intents.openQuiz = true;
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%zu questions on this lesson (%zu answered right)", lesson.questions.size(), right);
        ImGui::SameLine();
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
    if (step.orm) drawOrmLens(lesson, index, session.stepKey(), fonts, intents);

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
        ImGui::SetTooltip(step.isRace() ? "Check your race: it is played from the step's tables, then the step reads what it left"
                                        : "Check the SQL in the editor against this step (Ctrl+Shift+Enter)");
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
    if (step.isRace()) {
        // The race is the answer: edited statement by statement in its lanes, or as text.
        if (raceShown_) {
            if (ImGui::Button("Edit as text")) intents.showRaceText = true;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Your race in the editor, one \"A: statement\" a line");
        } else {
            if (ImGui::Button("Show the race")) intents.showRace = true;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Play the race in the editor as swimlanes");
        }
    }

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
                const bool quizNext = index + 1 == lesson.steps.size() && !lesson.questions.empty();
                if (ImGui::Button(quizNext ? "Quick check →" : "Next step →")) intents.next = true;
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

// The quick check: the lesson's questions on one page, each answered and graded on its own.
void LessonView::drawQuiz(const LessonSession& session, const LessonProgress& progress, const Fonts& fonts,
                          LessonIntents& intents) {
    const Lesson& lesson = *session.lesson();
    if (quizFor_ != lesson.id || picks_.size() != lesson.questions.size()) {
        quizFor_ = lesson.id;
        picks_.assign(lesson.questions.size(), {});
        typed_.assign(lesson.questions.size(), {});
        for (size_t i = 0; i < lesson.questions.size(); ++i) picks_[i].assign(lesson.questions[i].options.size(), false);
    }
    if (roadmapAllowed_) {
        if (ImGui::SmallButton("← All lessons")) intents.close = true;
        ImGui::SameLine();
    }
    ImGui::TextColored(theme::kDimText, "%s", lesson.title.c_str());
    if (ImGui::SmallButton("← Back to the steps")) intents.closeQuiz = true;
    ImGui::Separator();
    drawNotice(intents);

    size_t right = 0;
    for (size_t i = 0; i < lesson.questions.size(); ++i) right += progress.answeredRight(lesson.id, i) ? 1 : 0;
    ImGui::TextColored(theme::kAccent, "Quick check: %s", lesson.title.c_str());
    ImGui::TextColored(right == lesson.questions.size() ? theme::kOkText : theme::kDimText, "%zu of %zu answered right",
                       right, lesson.questions.size());
    for (size_t i = 0; i < lesson.questions.size(); ++i) {
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::PushID(static_cast<int>(i));
        drawQuestion(session, progress, i, fonts, intents);
        ImGui::PopID();
    }
    ImGui::Spacing();
    ImGui::Separator();
    if (session.hasNext()) {
        if (ImGui::Button("Next lesson →")) intents.next = true;
    } else {
        ImGui::TextColored(theme::kOkText, "This is the roadmap's last lesson.");
    }
}

void LessonView::drawQuestion(const LessonSession& session, const LessonProgress& progress, size_t index,
                              const Fonts& fonts, LessonIntents& intents) {
    const Lesson& lesson = *session.lesson();
    const Question& q = lesson.questions[index];
    const bool wasRight = progress.answeredRight(lesson.id, index);
    ImGui::TextColored(wasRight ? theme::kOkText : theme::kAccent, "%zu. %s%s", index + 1, q.title.c_str(), wasRight ? "  ✓" : "");
    const std::string promptId = "q" + std::to_string(index);
    if (auto sql = drawMarkdown(q.prompt, fonts, promptId.c_str())) intents.useSql = sql;

    QuestionAnswer answer;
    bool submit = false;
    if (q.multipleChoice()) {
        const bool many = q.correctCount() > 1;
        if (many) ImGui::TextColored(theme::kDimText, "Pick every right answer.");
        std::vector<bool>& picks = picks_[index];
        for (size_t o = 0; o < q.options.size(); ++o) {
            ImGui::PushID(static_cast<int>(o));
            bool on = picks[o];
            // The box, then the choice's text wrapped beside it (a choice may be a whole clause
            // of SQL; the pane is narrow); a click on the text picks it too.
            bool clicked = many ? ImGui::Checkbox("##choice", &on) : ImGui::RadioButton("##choice", on);
            ImGui::SameLine();
            ImGui::TextWrapped("%s", q.options[o].text.c_str());
            if (ImGui::IsItemClicked()) {
                clicked = true;
                on = !picks[o];
            }
            if (clicked) {
                if (!many) std::fill(picks.begin(), picks.end(), false);
                picks[o] = many ? on : true;
            }
            ImGui::PopID();
        }
        for (size_t o = 0; o < picks.size(); ++o)
            if (picks[o]) answer.chosen.push_back(o);
        submit = ImGui::Button("Check answer");
    } else {
        std::string& text = typed_[index];
        char buffer[512];
        const size_t n = std::min(text.size(), sizeof(buffer) - 1);
        std::copy(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(n), buffer);
        buffer[n] = '\0';
        ImGui::SetNextItemWidth(-1);
        if (ImGui::InputText("##answer", buffer, sizeof(buffer), ImGuiInputTextFlags_EnterReturnsTrue)) submit = true;
        text = buffer;
        answer.typed = text;
        submit = ImGui::Button("Check answer") || submit;
        if (!wasRight && !session.answerRevealed(index)) {
            ImGui::SameLine();
            if (ImGui::Button("Show answer")) intents.revealAnswer = index;
        }
    }
    if (submit) intents.answer = std::make_pair(index, answer);

    const bool scrollHere = session.quizRevision() != quizRevisionSeen_ && session.lastAnswered() == index;
    if (scrollHere) {
        quizRevisionSeen_ = session.quizRevision();
        ImGui::SetScrollHereY(0.3f);
        // An answer given through window.playground shows as if picked or typed here.
        if (const QuestionAnswer* last = session.lastAnswer(index)) {
            if (q.multipleChoice()) {
                std::fill(picks_[index].begin(), picks_[index].end(), false);
                for (size_t o : last->chosen)
                    if (o < picks_[index].size()) picks_[index][o] = true;
            } else {
                typed_[index] = last->typed;
            }
        }
    }
    if (const auto& v = session.questionVerdict(index)) {
        ImGui::PushStyleColor(ImGuiCol_Text, v->right ? theme::kOkText : theme::kErrorText);
        ImGui::TextWrapped("%s", v->right ? "Right." : v->empty ? "No answer yet." : "Not yet.");
        ImGui::PopStyleColor();
        std::string feedback = v->feedback;
        if (feedback.rfind("Right.", 0) == 0) feedback.erase(0, feedback.size() > 7 ? 7 : 6);
        const std::string id = "qv" + std::to_string(index);
        if (!feedback.empty())
            if (auto sql = drawMarkdown(feedback, fonts, id.c_str())) intents.useSql = sql;
    }
    if (session.answerRevealed(index) && !q.answers.empty()) {
        ImGui::TextColored(theme::kWarningText, "The answer");
        const std::string shown = "`" + q.answers.front() + "`" + (q.explanation.empty() ? "" : "\n\n" + q.explanation);
        const std::string id = "qa" + std::to_string(index);
        if (auto sql = drawMarkdown(shown, fonts, id.c_str())) intents.useSql = sql;
    }
}

// The lens: the ORM-style code, the queries it sends, and how many round trips and how long they
// took beside the learner's SQL on the same tables.
void LessonView::drawOrmLens(const Lesson& lesson, size_t index, const std::string& stepKey, const Fonts& fonts,
                             LessonIntents& intents) {
    const OrmLens& lens = *lesson.steps[index].orm;
    ImGui::Spacing();
    ImGui::TextColored(theme::kAccent, "ORM lens: %s", lens.label.c_str());
    const std::string markdown = "```" + lens.language + "\n" + lens.code + "\n```\n\nThe ORM sends this first:\n\n```sql\n" +
                                 lens.outerSql + "\n```\n\nthen this once for each row it returned, with `$1` = the row's `" +
                                 lens.column + "`:\n\n```sql\n" + lens.innerSql + "\n```\n";
    if (auto sql = drawMarkdown(markdown, fonts, "orm-lens")) intents.useSql = sql;
    const bool mine = ormLens_ && ormLens_->key() == stepKey;
    const bool running = mine && ormLens_->running();
    ImGui::BeginDisabled(running);
    if (ImGui::Button(running ? "Running…" : "Run both ▶")) intents.runOrmLens = true;
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Send the ORM's queries, then your SQL, one round trip per query, and compare");
    if (!mine || (!ormLens_->orm() && !ormLens_->yours())) return;
    // Wall time here includes the trip to the database's worker and back, paced by the page's
    // frames; PostgreSQL's own time is the part every query costs anywhere.
    if (ImGui::BeginTable("orm-lens-runs", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("");
        ImGui::TableSetupColumn("Round trips");
        ImGui::TableSetupColumn("PostgreSQL");
        ImGui::TableSetupColumn("Wall time");
        ImGui::TableHeadersRow();
        const auto row = [](const char* who, const std::optional<OrmLensRun>& run) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(who);
            if (!run) return;
            ImGui::TableSetColumnIndex(1);
            ImGui::Text("%zu%s", run->queries, run->cutShort ? "+" : "");
            ImGui::TableSetColumnIndex(2);
            ImGui::Text(run->dbMs < 10 ? "%.1f ms" : "%.0f ms", run->dbMs);
            ImGui::TableSetColumnIndex(3);
            ImGui::Text(run->ms < 10 ? "%.1f ms" : "%.0f ms", run->ms);
        };
        row("The ORM", ormLens_->orm());
        row("Your SQL", ormLens_->yours());
        ImGui::EndTable();
    }
    for (const auto* run : {&ormLens_->orm(), &ormLens_->yours()}) {
        if (!*run || !(*run)->error) continue;
        ImGui::PushStyleColor(ImGuiCol_Text, theme::kErrorText);
        ImGui::TextWrapped("%s stopped: %s", run == &ormLens_->orm() ? "The ORM's queries" : "Your SQL",
                           (*run)->error->message.c_str());
        ImGui::PopStyleColor();
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Round trips: queries sent one after another, each waiting for the last.\nPostgreSQL: the time "
                          "the database itself worked on them.\nWall time: from the first send to the last answer, "
                          "including each trip to the database and back.");
    if (ormLens_->orm() && ormLens_->orm()->cutShort)
        ImGui::TextColored(theme::kDimText, "The lens follows the first %zu rows only.", kOrmLensMaxRows);
}

}  // namespace pgplay
