// The lesson pane: the roadmap of all lessons with progress, and an open step with its task,
// Check / Hint / Show solution / Reset / Next, and the checker's feedback. It reads the
// LessonSession and returns intents; the app carries them out.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/lesson_catalog.h"
#include "core/lesson_progress.h"
#include "core/lesson_session.h"
#include "core/orm_lens.h"
#include "ui/fonts.h"

namespace pgplay {

struct LessonIntents {
    std::optional<std::pair<std::string, size_t>> open;   // lesson id, 0-based step
    bool close = false;
    bool check = false;
    bool reset = false;
    bool hint = false;
    bool solution = false;
    bool next = false;
    bool openQuiz = false;
    bool closeQuiz = false;   // back to the step the quick check was opened over
    std::optional<std::pair<size_t, QuestionAnswer>> answer;   // question (0-based), what was picked or typed
    std::optional<size_t> revealAnswer;
    bool exportProgress = false;
    bool importProgress = false;
    std::optional<std::string> useSql;                    // put this SQL in the editor
    bool showRace = false;                                // a race step: its race in the work area
    bool showRaceText = false;                            // ... or its answer as text in the editor
    bool runOrmLens = false;                              // an ORM lens step: run its queries and the editor's
};

class LessonView {
public:
    LessonIntents draw(const LessonSession& session, const LessonCatalog& catalog, const LessonProgress& progress,
                       const Fonts& fonts);
    // Shown under the roadmap and above a step: news ("Imported progress for 3 steps"), a
    // problem with the URL, or SQL a link brought, offered with a button.
    void setNotice(std::string text, bool error, std::string offeredSql = {}) {
        notice_ = std::move(text);
        noticeIsError_ = error;
        offeredSql_ = std::move(offeredSql);
    }
    // An embedded exercise stays on its lesson: no way out to the roadmap.
    void setRoadmapAllowed(bool allowed) { roadmapAllowed_ = allowed; }
    // A race step's answer is edited in the race view or, as text, in the editor: which is shown.
    void setRaceShown(bool shown) { raceShown_ = shown; }
    // An ORM lens step's last comparison (for the step its key names).
    void setOrmLens(const OrmLensComparison* lens) { ormLens_ = lens; }

private:
    void drawRoadmap(const LessonCatalog& catalog, const LessonProgress& progress, LessonIntents& intents);
    void drawStep(const LessonSession& session, const LessonProgress& progress, const Fonts& fonts, LessonIntents& intents);
    void drawNotice(LessonIntents& intents);
    void drawOrmLens(const Lesson& lesson, size_t index, const std::string& stepKey, const Fonts& fonts,
                     LessonIntents& intents);
    void drawAdvice(const LessonCatalog& catalog, const LessonProgress& progress, LessonIntents& intents);
    void drawQuiz(const LessonSession& session, const LessonProgress& progress, const Fonts& fonts, LessonIntents& intents);
    void drawQuestion(const LessonSession& session, const LessonProgress& progress, size_t index, const Fonts& fonts,
                      LessonIntents& intents);
    // What the learner has picked or typed so far, per question of the lesson in quizFor_.
    std::string quizFor_;
    std::vector<std::vector<bool>> picks_;
    std::vector<std::string> typed_;
    unsigned quizRevisionSeen_ = 0;   // a new answer's verdict scrolls into view once
    std::string notice_;
    std::string offeredSql_;
    bool noticeIsError_ = false;
    unsigned verdictsSeen_ = 0;   // a new verdict scrolls into view once
    bool roadmapAllowed_ = true;
    bool raceShown_ = false;
    const OrmLensComparison* ormLens_ = nullptr;
};

}  // namespace pgplay
