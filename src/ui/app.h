// The playground screen: toolbar, schema/history sidebar, SQL editor, results. It owns the
// views and the session models, and turns the views' intents into Database requests. Every
// way of running SQL (Run button, Ctrl+Enter, window.playground.run, ?sql=&run=1) ends in
// submit(), so they all behave the same.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/database.h"
#include "core/lesson_catalog.h"
#include "core/lesson_progress.h"
#include "core/lesson_session.h"
#include "core/schema_model.h"
#include "core/session.h"
#include "core/type_names.h"
#include "ui/editor_view.h"
#include "ui/fonts.h"
#include "ui/glyph_coverage.h"
#include "ui/history_view.h"
#include "ui/lesson_view.h"
#include "ui/results_view.h"
#include "ui/schema_view.h"

namespace pgplay {

struct AppOptions {
    std::string initialSql;      // ?sql=
    bool runInitialSql = false;  // &run=1
    bool embed = false;          // ?embed=1: editor and results only
};

class App {
public:
    App(Database& database, Fonts fonts, AppOptions options);

    void setFonts(Fonts fonts) { fonts_ = fonts; }
    void frame();                      // one ImGui frame, between NewFrame and Render
    int nextRedrawInMs() const;        // >= 0 while something animates (loading, a running query)

    // window.playground
    void runScriptFromApi(double apiId, std::string sql);
    void stop();                       // the Stop button
    std::string lastResultJson() const;
    std::string editorText() const { return editor_.text(); }

    // Lessons: files arrive from the page; progress comes from and goes to browser storage.
    void addLessonFile(const std::string& fileName, const std::string& text);
    void lessonsLoaded();
    void loadSavedProgress(const std::string& json);
    void importProgress(const std::string& json);
    void openLessonFromUrl(const std::string& lessonId, size_t step);   // step counts from 1
    void checkFromApi(double apiId);
    std::string lessonStateJson() const;

    // Characters the fonts should add (see glyph_coverage.h); true once after new ones appeared.
    const GlyphCoverage& glyphs() const { return glyphs_; }
    bool takeGlyphRequest() { bool r = glyphsGrew_; glyphsGrew_ = false; return r; }

    std::function<void(double apiId, const std::string& json)> onApiResult;
    std::function<void()> onReady;
    std::function<void(const std::string& json)> onSaveProgress;
    std::function<void(const std::string& json)> onExportProgress;
    std::function<void()> onImportProgress;   // asks the page for a file; importProgress() follows

private:
    struct Run {
        RequestId id = 0;
        std::string sql;
        size_t editorOffset = 0;        // where `sql` starts in the editor (a selection may start later)
        std::string editorTextAtRun;    // to tell whether an error position still points at the same text
        std::vector<double> apiIds;
        double startedAt = 0;
    };

    void runEditor();
    void submit(std::string sql, size_t editorOffset, std::optional<double> apiId);
    void finishRun(RequestId id, QueryResult result);
    void refreshSchema();
    void watchDatabaseState();
    void showErrorInEditor();

    void openLessonStep(const std::string& lessonId, size_t step);
    void applyLessonIntents(const LessonIntents& intents);
    void maybeOpenPendingLesson();

    void noteText(std::string_view text) { glyphsGrew_ |= glyphs_.add(text); }
    void noteResultText(const QueryResult& result);

    void drawToolbar();
    void drawSidebar();
    void drawWorkArea();
    void drawDatabaseStatus();

    Database& database_;
    Fonts fonts_;
    AppOptions options_;

    EditorView editor_;
    ResultsView results_;
    SchemaView schemaView_;
    HistoryView historyView_;

    LessonCatalog catalog_;
    LessonProgress progress_;
    LessonSession lesson_;
    LessonView lessonView_;
    bool lessonsLoaded_ = false;
    std::optional<std::pair<std::string, size_t>> pendingLesson_;   // from the URL, until lessons load
    std::vector<double> pendingChecks_;                              // API check() calls awaiting a verdict

    GlyphCoverage glyphs_;
    bool glyphsGrew_ = false;
    unsigned editorRevisionSeen_ = 0;

    SessionHistory history_;
    TypeNames types_;
    SchemaSnapshot schema_;
    bool schemaLoaded_ = false;
    bool schemaRefreshRunning_ = false;
    bool schemaRefreshAgain_ = false;

    std::deque<Run> runs_;             // submitted, not yet answered (oldest first)
    std::shared_ptr<const QueryResult> lastResult_;
    mutable std::optional<std::string> lastResultJson_;   // built on first request
    std::optional<size_t> lastErrorEditorOffset_;

    DatabaseState lastState_ = DatabaseState::Loading;
    bool announcedReady_ = false;
    float sidebarWidth_ = 360.0f;
    float editorFraction_ = 0.42f;
};

}  // namespace pgplay
