// The playground screen: toolbar, lessons/races/schema/history sidebar, SQL editor and results,
// or the race view while a race scenario is open. It
// draws the Playground model (core/playground.h) and hands it the views' intents; what the
// model asks of the editor (new text, focus, an error mark) it carries out before drawing the
// editor. Everything that is not drawing lives in the model, which window.playground drives
// too (playground()).
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>
#include <string_view>

#include "core/database.h"
#include "core/embed_layout.h"
#include "core/engine_transport.h"
#include "core/explain_session.h"
#include "core/playground.h"
#include "core/orm_lens.h"
#include "core/race_player.h"
#include "ui/editor_view.h"
#include "ui/script_tabs.h"
#include "ui/er_view.h"
#include "ui/fonts.h"
#include "ui/glyph_coverage.h"
#include "ui/history_view.h"
#include "ui/lesson_view.h"
#include "ui/plan_view.h"
#include "ui/race_view.h"
#include "ui/results_view.h"
#include "ui/sandbox_menu.h"
#include "ui/schema_view.h"

namespace pgplay {

// ?sql=, &run=1, ?embed=1 (an embed shows the editor and results only).
using AppOptions = PlaygroundOptions;

// What the Database menu asks of the platform for the learner's sandbox.
struct SandboxFileActions {
    std::function<void()> download;   // save it as a file (the platform reports on the status line)
    std::function<void()> pickFile;   // ask the learner for a file; App::sandboxFilePicked follows
    std::function<void(NewContents, const std::string& label)> replace;   // empty it, or open the picked file
};

class App {
public:
    // `databases`: the learner's sandbox and the lessons' own (see Playground). `raceDatabase`:
    // the race scenarios' own database, never the sandbox; `startRaceDatabase` starts it when
    // the first race opens.
    App(PlaygroundDatabases databases, Database& raceDatabase, std::function<void()> startRaceDatabase,
        SandboxFileActions sandboxFiles, Fonts fonts, AppOptions options);

    void setFonts(Fonts fonts) { fonts_ = fonts; }
    // The reader's preferences (prefers-color-scheme, prefers-reduced-motion), now and whenever
    // they change: the light or dark palette, and no spinning while a query runs.
    void setAppearance(bool light, bool reducedMotion);
    void frame();                      // one ImGui frame, between NewFrame and Render
    int nextRedrawInMs() const;        // >= 0 while something animates (loading, a running query)

    Playground& playground() { return playground_; }   // the model: runs, results, lessons, callbacks to the page

    // A lesson file from the page, into the model; the fonts must cover its text too.
    void addLessonFile(const std::string& fileName, const std::string& text);
    void openLessonFile(const std::string& fileName, const std::string& text, size_t step);   // ?file=<lesson>

    // Race scenarios: files from the page, then ?race=<id>, and window.playground.race(id),
    // which resolves (through the playground's onApiResult) with the timeline JSON once played.
    RacePlayer& races() { return races_; }
    void addRaceFile(const std::string& fileName, const std::string& text);
    void racesLoaded();
    void openRace(const std::string& id);
    void raceFromApi(double apiId, const std::string& id);
    void ormLensFromApi(double apiId);  // window.playground.ormLens()
    // window.playground.raceState(): what the race view shows now, as JSON ("null" when closed).
    std::string raceStateJson() const;
    // window.playground.diagram(): opens the ER diagram and returns its model as JSON.
    std::string openDiagram();
    // The Explain button's path for `sql` (window.playground.explain); resolves through the
    // playground's onApiResult with explainJson().
    void explainFromApi(double apiId, const std::string& sql, bool analyze);
    // window.playground.planComparison(): the comparison the plan view shows, as JSON ("null": none).
    std::string planComparisonJson() const { return comparisonJson(explain_); }

    // The Database menu: the file the learner picked, to confirm before it replaces the sandbox;
    // and window.playground's resetDatabase() / openDatabase(file), which need no confirmation.
    void sandboxFilePicked(const std::string& name, double bytes) { sandboxMenu_.filePicked(name, bytes); }
    void replaceSandbox(NewContents contents, const std::string& label);

    // Share: what a link should reproduce ({sql, lesson, step, race} as JSON, see web/share.js).
    // The Share button (and an embed's "Open full size") hands it to onShare; the page makes the
    // link and answers with showShareLink (the full-size link it opens itself).
    std::string sharePayloadJson() const;
    std::function<void(const std::string& payloadJson, bool openFullSize)> onShare;
    void showShareLink(const std::string& url, const std::string& problem, bool copied);

    // The accessible layer (web/a11y.js): what the canvas shows, in words, as JSON ({lesson:
    // {title, step, steps, stepTitle, task, hints}, race: {title, summary}, result, verdict,
    // database}), each time it changes; the page mirrors it into the DOM for screen readers and
    // find-in-page.
    std::function<void(const std::string& json)> onAccessibleText;
    // The page's accessible action buttons (Run, Stop, Check, Hint, Next step, Explain): false
    // for a name it does not know.
    bool performAction(const std::string& name);

    // An embed's preferred height in CSS pixels (core/embed_layout.h), each time it changes: the
    // page posts it to its parent (playground:resize) so the iframe fits the exercise.
    std::function<void(int height)> onEmbedHeight;

    // Characters the fonts should add (see glyph_coverage.h); true once after new ones appeared.
    const GlyphCoverage& glyphs() const { return glyphs_; }
    bool takeGlyphRequest() { bool r = glyphsGrew_; glyphsGrew_ = false; return r; }

private:
    void followModel();                // new result, notice or verdict: into the views and the glyph set
    void drawScriptTabs();   // the sandbox's scripts, above the editor
    void applyEditorRequests();
    void applyLessonIntents(const LessonIntents& intents);
    EditorSelection editorSelection() const;

    void noteText(std::string_view text) { glyphsGrew_ |= glyphs_.add(text); }
    void noteResultText(const QueryResult& result);

    void applyRaceIntents(const RaceIntents& intents);
    void followRaceStep();              // a race step's race in the work area, in step with the editor's text
    bool showRaceStep();                // plays the editor's text in the race view; false if it is no race
    bool runOrmLens(std::function<void()> done = {});   // the open step's lens comparison; false without one
    void explainAtCursor();
    bool learnerInTransaction() const;
    void drawToolbar();
    void drawSidebar();
    void drawLessonPane();
    void drawWorkArea();
    void drawDatabaseStatus();
    void drawSandboxMenu();
    void drawShareDialog();
    bool compact() const;               // the screen is too narrow for the sidebar beside the editor
    void drawMainArea();                // the race, the diagram, or the editor and results
    EmbedLayout embedLayoutNow() const;   // for what the editor and grid hold now
    void reportEmbedHeight();
    void reportAccessibleText();

    Playground playground_;
    Fonts fonts_;
    AppOptions options_;

    EditorView editor_;
    ScriptTabs scriptTabs_;
    ResultsView results_;
    SchemaView schemaView_;
    HistoryView historyView_;
    LessonView lessonView_;
    RacePlayer races_;
    OrmLensComparison ormLens_;         // the open ORM lens step's comparison
    RaceView raceView_;
    ErView erView_;
    bool diagramOpen_ = false;
    bool selectResults_ = false;     // a new result: bring the Results tab forward
    bool selectDiagram_ = false;     // a lesson step opened: bring its Diagram tab forward
    SandboxMenu sandboxMenu_;
    SandboxFileActions sandboxFiles_;
    ExplainSession explain_;
    PlanView planView_;
    bool explainAnalyze_ = true;     // the toolbar's "run it" switch
    unsigned explainSeen_ = 0;       // select the Plan tab once per new plan
    bool racesLoaded_ = false;
    std::vector<std::pair<double, std::string>> raceCallsWaiting_;   // API calls before the files came
    std::string raceToOpen_;                                          // ?race= before the files came
    bool showRacesTab_ = false;                                       // select the tab once, on ?race=
    std::string raceNotice_;                                          // an unknown ?race= id
    // The open race step ("lesson/step"), and the race view's copy of its answer: the editor's
    // text it was last played from or gave back, and that text read as a race script.
    struct RaceStepSync {
        std::string key;
        std::string race;               // the step's scenario id
        bool shown = false;             // the race view shows this step's race (not one from the list)
        std::string text;
        std::string script;
    } raceStep_;

    GlyphCoverage glyphs_;
    bool glyphsGrew_ = false;
    unsigned editorRevisionSeen_ = 0;
    unsigned shownRevisionSeen_ = 0;
    unsigned noticeRevisionSeen_ = 0;
    unsigned verdictsSeen_ = 0;

    float sidebarWidth_ = 360.0f;
    float editorFraction_ = 0.42f;
    bool reducedMotion_ = false;
    // A phone (or a narrow window): one column, the lessons and the SQL as two tabs.
    static constexpr float kCompactWidth = 640;
    enum class CompactPane { Learn, Sql };
    std::optional<CompactPane> showPane_;   // bring this tab forward at the next frame
    bool lessonWasOpen_ = false;        // a step that opens brings the Lesson tab forward once
    bool compactShown_ = false;         // the first narrow frame starts on the SQL tab
    bool editorSplitDragged_ = false;   // an embed's editor then keeps the height the reader chose
    float toolbarBottom_ = 0;           // where the toolbar ended in the last frame
    int embedHeightSent_ = 0;
    std::string accessibleKey_;         // what the accessible text was last made from
    struct ShareDialog {
        bool open = false;              // open the popup at the next frame
        std::string url;                // the link ("" while it is being made, or when it failed)
        std::string problem;            // why there is no link
        bool copied = false;            // the page put it on the clipboard
    } share_;
};

}  // namespace pgplay
