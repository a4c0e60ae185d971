// The playground screen: toolbar, schema/history/lessons sidebar, SQL editor, results. It
// draws the Playground model (core/playground.h) and hands it the views' intents; what the
// model asks of the editor (new text, focus, an error mark) it carries out before drawing the
// editor. Everything that is not drawing lives in the model, which window.playground drives
// too (playground()).
#pragma once

#include <string>
#include <string_view>

#include "core/database.h"
#include "core/playground.h"
#include "ui/editor_view.h"
#include "ui/fonts.h"
#include "ui/glyph_coverage.h"
#include "ui/history_view.h"
#include "ui/lesson_view.h"
#include "ui/results_view.h"
#include "ui/schema_view.h"

namespace pgplay {

// ?sql=, &run=1, ?embed=1 (an embed shows the editor and results only).
using AppOptions = PlaygroundOptions;

class App {
public:
    App(Database& database, Fonts fonts, AppOptions options);

    void setFonts(Fonts fonts) { fonts_ = fonts; }
    void frame();                      // one ImGui frame, between NewFrame and Render
    int nextRedrawInMs() const;        // >= 0 while something animates (loading, a running query)

    Playground& playground() { return playground_; }   // the model: runs, results, lessons, callbacks to the page

    // A lesson file from the page, into the model; the fonts must cover its text too.
    void addLessonFile(const std::string& fileName, const std::string& text);

    // Characters the fonts should add (see glyph_coverage.h); true once after new ones appeared.
    const GlyphCoverage& glyphs() const { return glyphs_; }
    bool takeGlyphRequest() { bool r = glyphsGrew_; glyphsGrew_ = false; return r; }

private:
    void followModel();                // new result, notice or verdict: into the views and the glyph set
    void applyEditorRequests();
    void applyLessonIntents(const LessonIntents& intents);
    EditorSelection editorSelection() const;

    void noteText(std::string_view text) { glyphsGrew_ |= glyphs_.add(text); }
    void noteResultText(const QueryResult& result);

    void drawToolbar();
    void drawSidebar();
    void drawLessonPane();
    void drawWorkArea();
    void drawDatabaseStatus();

    Playground playground_;
    Fonts fonts_;
    AppOptions options_;

    EditorView editor_;
    ResultsView results_;
    SchemaView schemaView_;
    HistoryView historyView_;
    LessonView lessonView_;

    GlyphCoverage glyphs_;
    bool glyphsGrew_ = false;
    unsigned editorRevisionSeen_ = 0;
    unsigned shownRevisionSeen_ = 0;
    unsigned noticeRevisionSeen_ = 0;
    unsigned verdictsSeen_ = 0;

    float sidebarWidth_ = 360.0f;
    float editorFraction_ = 0.42f;
};

}  // namespace pgplay
