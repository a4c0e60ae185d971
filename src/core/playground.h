// The playground's model: everything the screen shows except how it is drawn.
//
// It owns the run lifecycle (runs in flight, the API calls waiting on them, history), the
// result the screen shows, the schema browser's snapshot, and the lesson glue (a lesson step
// asked for by the URL before the lessons arrived, check() calls waiting on a verdict,
// progress to load, import and save). The UI (src/ui/app) draws it and sends it intents;
// the page's API (src/platform/playground_api) calls the same functions, so a run from the Run
// button, Ctrl+Enter, window.playground.run or ?sql=&run=1 takes one path.
//
// The editor's text lives here too, as the source of truth for runs and for editorText(): the
// editor view reports the learner's edits (editorEdited), and what the model wants done to the
// editor (new text, focus, an error mark) waits in takeEditorRequests() until the UI applies it.
//
// Two databases: the editor runs on the learner's sandbox (stored in the browser) until a lesson
// step opens, then on the lessons' own, which steps reset and check at will; closing the lesson
// finds the sandbox, and the script the learner had in the editor for it, as they were.
//
// Time comes from a clock passed in, so tests can drive it. Database replies arrive from
// Database::drain() (or cancel()); a Database that answers inside run() works too.
//
// Index of this file:
// [SECTION] Plain data: options, selection, shown result, editor requests, notice
// [SECTION] Playground
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "database.h"
#include "error_location.h"
#include "lesson_catalog.h"
#include "lesson_progress.h"
#include "lesson_session.h"
#include "psql_meta.h"
#include "result_model.h"
#include "sandbox_scripts.h"
#include "schema_model.h"
#include "session.h"
#include "type_names.h"

namespace pgplay {

//-----------------------------------------------------------------------------
// [SECTION] Plain data: options, selection, shown result, editor requests, notice
//-----------------------------------------------------------------------------

// The databases the playground works on. An embed passes its one database twice: it is its own
// and in memory anyway, and one PostgreSQL per embed is what a page with three of them can afford.
struct PlaygroundDatabases {
    Database& sandbox;                    // the learner's own
    Database& lessons;                    // lesson steps' own
    std::function<void()> startLessons;   // starts the lessons' engine when the first step opens (optional)
};

struct PlaygroundOptions {
    std::string initialSql;      // ?sql=: the editor's text at start
    bool runInitialSql = false;  // &run=1: run it once PostgreSQL is ready
    bool embed = false;          // ?embed=1: never resume the learner's own lesson
    // An embed's setup script (?setup=, or a .sql file=): run on its own database once it is
    // ready, before the initial SQL and anything its page asks. Not shown unless it fails.
    std::string setupSql;
};

// A byte range [begin, end) of the editor's text; begin == end when nothing is selected.
struct EditorSelection {
    size_t begin = 0;
    size_t end = 0;
};

// The result the grid shows. window.playground.lastResult() returns this same value, so the
// two cannot disagree.
struct ShownResult {
    std::shared_ptr<const QueryResult> result;   // null: the grid is empty
    std::optional<ErrorLocation> errorLocation;  // where result->error points in the editor (if the text was unchanged)
    unsigned revision = 0;                       // changes whenever the shown result does
};

// What the model wants done to the editor, in this order: replace the text, drop the error
// mark, mark an error, move the cursor, take focus. Taken (and so cleared) by the UI.
struct EditorRequests {
    std::optional<std::string> setText;          // the whole text (the cursor goes to its start)
    bool clearErrorMark = false;                 // a new run started
    std::optional<std::pair<size_t, std::string>> markError;   // byte offset, "42703: column ... does not exist"
    std::optional<size_t> moveCursorTo;          // byte offset ("Show in editor")
    bool focus = false;
    // setText opens another document (a script tab, a lesson step): its undo history starts
    // afresh instead of taking the old text back.
    bool newDocument = false;
    bool any() const { return setText || clearErrorMark || markError || moveCursorTo || focus; }
};

// A line for the lesson pane ("Progress imported.", a missing lesson in the URL).
struct PlaygroundNotice {
    std::string text;
    bool error = false;
    std::string offeredSql;                      // SQL the learner may put in the editor with one click
    unsigned revision = 0;                       // changes with every new notice
};

//-----------------------------------------------------------------------------
// [SECTION] Playground
//-----------------------------------------------------------------------------

class Playground {
public:
    using Clock = std::function<double()>;       // seconds, from any fixed origin

    Playground(PlaygroundDatabases databases, PlaygroundOptions options, Clock clock);
    Playground(const Playground&) = delete;
    Playground& operator=(const Playground&) = delete;

    // Frame
    void poll();                                 // once per frame, after Database::drain(): follows the database's state
    bool pollDue() const { return schemaRefreshDue_; }   // poll() has work for the next frame
    // The database the editor, Explain and the schema browser work on now.
    Database& activeDatabase() const { return lesson_.isOpen() ? lessons_ : sandbox_; }
    bool onLessonDatabase() const { return &activeDatabase() != &sandbox_; }
    DatabaseStatus databaseStatus() const { return activeDatabase().status(); }

    // Editor
    const std::string& editorText() const { return editorText_; }   // window.playground.editorText()
    void editorEdited(std::string text);         // the learner changed the editor's text
    void putInEditor(std::string sql);           // a picked history entry, a schema table, a lesson's SQL: replace, focus
    void replaceEditorText(std::string text);    // the race view's edits of a race step's answer: replace, no focus
    EditorRequests takeEditorRequests();         // what to do to the editor now; leaves nothing behind
    void showErrorInEditor();                    // the results' "Show in editor": cursor to the error
    // A problem with what the page was asked to open (a URL parameter, a file it names), shown
    // in the grid and on the lesson pane; nothing else changes.
    void showStartProblem(const std::string& message, const std::string& hint);

    // Runs
    void runEditor(EditorSelection selection);   // Run / Ctrl+Enter: the selected text, or all of it
    void runFromApi(double apiId, std::string sql);   // window.playground.run: into the editor, then run; answers onApiResult
    void checkOrRun(EditorSelection selection);  // Ctrl+Shift+Enter: check the open lesson step's answer, else run
    void stop();                                 // Stop / window.playground.cancel(): cancels every run, newest first
    void restartDatabase();                      // "Try again" after PostgreSQL failed to start or failed inside
    bool running() const { return !runs_.empty(); }
    double runningSeconds() const;               // since the oldest unanswered run was sent; 0 when none

    // Results, history, schema
    const ShownResult& shown() const { return shown_; }
    std::string lastResultJson() const;          // the shown result as JSON (result_json.h), "null" when the grid is empty
    const SessionHistory& history() const { return history_; }
    const SchemaSnapshot& schema() const { return schema_; }
    bool schemaLoaded() const { return schemaLoaded_; }
    const TypeNames& typeNames() const { return types_; }   // built-ins plus the learner's own types
    const PsqlDisplay& psqlDisplay() const { return psqlDisplay_; }   // \x and \timing as the learner left them

    // The sandbox's named scripts (the editor's tabs outside lessons); kept in the browser
    const SandboxScripts& scripts() const { return scripts_; }
    bool scriptsShown() const { return !options_.embed && !lesson_.isOpen(); }   // the tab bar is drawn
    // From browser storage, at start ("" when none). `linkIsForLesson`: the URL's SQL belongs to
    // the lesson step it opens, not to a script.
    void loadSavedScripts(const std::string& json, bool linkIsForLesson);
    std::string scriptsJson() const { return scripts_.toJson(); }   // what the page stores
    // Another browser tab of pgplay stored its scripts: take them, keeping this tab's choice of
    // script where it still exists, so that this tab's next save does not undo the other's work.
    void syncScripts(const std::string& json);
    void selectScript(size_t index);
    void addScript();
    void renameScript(size_t index, const std::string& name);
    void closeScript(size_t index);
    void downloadScript(size_t index);           // hands the file to onDownloadScript
    void openScriptFile(const std::string& fileName, const std::string& text);   // picked or dropped: a new tab
    void requestScriptFile();                    // asks the page for a file (onPickScriptFile)

    // Lessons: files and saved progress come from the page
    void addLessonFile(const std::string& fileName, const std::string& text);
    // ?file=<lesson file>: adds it and opens its step (from 1) once the lessons are in; a file
    // that does not parse is reported with its errors.
    void openLessonFile(const std::string& fileName, const std::string& text, size_t step);
    void lessonsLoaded();                        // every file is in: open the step the URL or saved progress asks for
    void loadSavedProgress(const std::string& json);   // from browser storage; a bad document is reported and left alone
    void importProgress(const std::string& json);      // from a file the learner picked; merged into what is there
    void openLessonFromUrl(const std::string& lessonId, size_t step);   // ?lesson=&step= (step from 1); waits for the lessons

    // Lessons: the lesson pane's intents
    void openLessonStep(const std::string& lessonId, size_t step);   // step from 0; the editor gets the step's SQL
    void closeLesson();                          // back to the roadmap
    void checkLesson();                          // check the editor's text against the open step
    void resetLesson();                          // the step's tables as at its start
    void revealHint();
    void showSolution();
    void nextStep();                             // the next step (or lesson), with an empty grid
    void openQuiz();                             // the open lesson's quick check, in place of its task
    void closeQuiz() { lesson_.closeQuiz(); }    // back to the step, untouched
    // A quick-check answer (question from 0): graded in core, recorded in progress; the verdict
    // as JSON ({right, feedback, empty}), or null when no quiz is open or there is no such question.
    std::string answerQuestion(size_t index, const QuestionAnswer& answer);
    void revealAnswer(size_t index);             // "Show answer" on a typed question
    void exportProgress();                       // hands the progress to onExportProgress
    void requestProgressImport();                // asks the page for a file (onImportProgress); importProgress() follows

    // Lessons: the page's check() and lesson(), and what the pane reads
    void checkFromApi(double apiId);             // window.playground.check(): answers onApiResult with the verdict
    std::string lessonStateJson() const;         // window.playground.lesson()
    std::string databaseStatusJson() const;      // window.playground.database(): the active one's
    const LessonSession& lesson() const { return lesson_; }
    const LessonCatalog& catalog() const { return catalog_; }
    const LessonProgress& progress() const { return progress_; }
    const PlaygroundNotice& lessonNotice() const { return notice_; }

    // Callbacks to the page (all optional)
    std::function<void(double apiId, const std::string& json)> onApiResult;   // a run() or check() answered
    std::function<void()> onReady;                                            // PostgreSQL is up or failed, once
    std::function<void(const std::string& json)> onSaveProgress;              // progress changed: store it
    std::function<void(const std::string& json)> onExportProgress;            // offer it as a file
    std::function<void()> onImportProgress;                                   // ask the learner for a file
    std::function<void()> onScriptsChanged;                                   // store scriptsJson() (soon)
    std::function<void(const std::string& fileName, const std::string& text)> onDownloadScript;
    std::function<void()> onPickScriptFile;                                   // openScriptFile() follows

private:
    struct Run {
        unsigned key = 0;               // ours; the callback may come before Database::run returns an id
        RequestId id = 0;
        Database* database = nullptr;   // where it runs (a lesson may have opened since)
        std::string sql;
        size_t editorOffset = 0;        // where `sql` starts in the editor (a selection may start later)
        std::string editorTextAtRun;    // an error position only points at the same text
        std::optional<double> apiId;
        double startedAt = 0;
    };

    void submit(std::string sql, size_t editorOffset, std::optional<double> apiId);
    void runSetup();                    // options_.setupSql, once, at the first ready
    void finishRun(unsigned key, QueryResult result);
    void show(std::shared_ptr<const QueryResult> result, std::optional<ErrorLocation> where);
    void setEditorText(std::string text, bool focus, bool newDocument = false);
    static QueryResult dumpAsLines(QueryResult dump);   // pg_dump's one cell of text, a line a row
    void scriptsChanged();
    void refreshSchema();
    void saveProgress();
    void setNotice(std::string text, bool error, std::string offeredSql = {});
    void maybeOpenPendingLesson();
    void stepOpened();
    void beforeLessonOpens();           // starts the lessons' database
    void databaseSwitched();            // a lesson opened or closed: the schema and grid are the other database's

    Database& sandbox_;
    Database& lessons_;
    std::function<void()> startLessons_;
    bool lessonsStarted_ = false;
    SandboxScripts scripts_;            // the sandbox's scripts; the active one is the editor's text outside lessons
    PlaygroundOptions options_;
    Clock clock_;

    std::string editorText_;
    EditorRequests editorRequests_;

    std::deque<Run> runs_;              // sent, not yet answered (oldest first)
    unsigned nextRunKey_ = 1;
    ShownResult shown_;                 // the grid and lastResult(): one value, changed only by show()
    mutable std::optional<std::string> shownJson_;   // shown_ as JSON, built on first request
    SessionHistory history_;

    TypeNames types_;
    PsqlDisplay psqlDisplay_;           // psql's \x and \timing: kept for the page's session, like psql's
    SchemaSnapshot schema_;
    bool schemaLoaded_ = false;
    bool schemaRefreshRunning_ = false;
    bool schemaRefreshAgain_ = false;
    bool schemaRefreshDue_ = false;    // read the schema at the next poll() (see poll())

    LessonCatalog catalog_;
    LessonProgress progress_;
    LessonSession lesson_;
    bool lessonsLoaded_ = false;
    std::optional<std::pair<std::string, size_t>> pendingLesson_;   // from the URL, until lessons load (step from 0)
    std::vector<double> pendingChecks_;                              // API check() calls awaiting a verdict
    PlaygroundNotice notice_;

    DatabaseState lastState_ = DatabaseState::Loading;
    const Database* polled_ = nullptr;  // the database whose state lastState_ is
    const Database* schemaOf_ = &sandbox_;   // the database schema_ was read from
    bool announcedReady_ = false;
};

}  // namespace pgplay
