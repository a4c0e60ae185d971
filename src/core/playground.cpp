// The playground model: editor text, runs, the shown result, the schema snapshot and the
// database's state. The lesson half of the class is in playground_lessons.cpp.
//
// Index of this file:
// [SECTION] Construction and frame
// [SECTION] Editor
// [SECTION] Runs
// [SECTION] Results and schema
#include "playground.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "lesson_json.h"
#include "pg_dump_command.h"
#include "result_json.h"
#include "script_result.h"
#include "text_util.h"

namespace pgplay {
namespace {

// One line for the history list: "SELECT 3", "2 statements, last: INSERT 0 1", "ERROR 42P01".
std::string summarize(const QueryResult& r) {
    if (r.error) return r.error->sqlstate == sqlstate::kQueryCanceled ? "stopped" : "ERROR " + r.error->sqlstate;
    if (r.results.empty()) return "nothing to run";
    const StatementResult& last = r.results.back();
    std::string s = last.tag.empty() ? "(empty)" : last.tag;
    if (r.results.size() > 1) s = std::to_string(r.results.size()) + " statements, last: " + s;
    return s;
}

// Row changes (INSERT, UPDATE, DELETE, MERGE, COPY) move the WAL but leave the catalog alone.
bool onlyChangesRows(const StatementResult& s) {
    return s.command == "INSERT" || s.command == "UPDATE" || s.command == "DELETE" || s.command == "MERGE" ||
           s.command == "COPY";
}

// DDL changes the schema; so may anything else that wrote (a DO block, a function called by a
// SELECT, ANALYZE changing estimates). A cancelled run may have been stopped halfway through DDL,
// and the database was restored after it: the schema may differ either way. Plain row changes
// do not, and refreshing after each one would put a catalog query behind every INSERT.
bool mayChangeSchema(const QueryResult& r) {
    if (r.error && r.error->sqlstate == sqlstate::kQueryCanceled) return true;
    for (const StatementResult& s : r.results)
        if (commandChangesSchema(s.command)) return true;
    if (!r.databaseChanged) return false;
    if (r.results.empty()) return true;
    return !std::all_of(r.results.begin(), r.results.end(), onlyChangesRows);
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Construction and frame
//-----------------------------------------------------------------------------

Playground::Playground(PlaygroundDatabases databases, PlaygroundOptions options, Clock clock)
    : sandbox_(databases.sandbox),
      lessons_(databases.lessons),
      startLessons_(std::move(databases.startLessons)),
      options_(std::move(options)),
      clock_(std::move(clock)),
      lesson_(databases.lessons, catalog_, progress_) {
    lesson_.onProgressChanged = [this] { saveProgress(); };
    lesson_.onStepPrepared = [this] { refreshSchema(); };
    lesson_.onVerdict = [this](const Verdict& verdict) {
        refreshSchema();   // the checker leaves the step's state plus the learner's SQL
        const std::vector<double> waiting = std::move(pendingChecks_);
        pendingChecks_.clear();
        if (waiting.empty() || !onApiResult) return;
        const std::string json = verdictJson(verdict).dump();
        for (double apiId : waiting) onApiResult(apiId, json);
    };
    if (!options_.initialSql.empty()) setEditorText(options_.initialSql, false);
}

void Playground::poll() {
    if (schemaRefreshDue_) {
        schemaRefreshDue_ = false;
        refreshSchema();
    }
    const Database& db = activeDatabase();
    const DatabaseState state = db.status().state;
    if (state == lastState_ && &db == polled_) return;
    lastState_ = state;
    polled_ = &db;
    if (state == DatabaseState::Ready) {
        // First start, or back after a restart and replay. On the first start the schema is read
        // one frame later: what the page asks for as soon as it hears "ready" (a shared link's
        // query, an embed's run) then goes first, instead of waiting on a catalog read that is
        // slow while PostgreSQL's caches are cold.
        if (announcedReady_) refreshSchema();
        else schemaRefreshDue_ = true;
    }
    if ((state == DatabaseState::Ready || state == DatabaseState::Failed) && !announcedReady_) {
        // Announced on failure too, so a page waiting on playground.ready is never left hanging:
        // its runs then answer with the reason PostgreSQL could not start.
        announcedReady_ = true;
        if (state == DatabaseState::Ready && options_.embed && !options_.setupSql.empty()) runSetup();
        if (state == DatabaseState::Ready && options_.runInitialSql && !editorText_.empty()) runEditor({});
        if (onReady) onReady();
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Editor
//-----------------------------------------------------------------------------

void Playground::editorEdited(std::string text) {
    editorText_ = std::move(text);
    if (lesson_.isOpen()) return;   // a step's answer: the lesson keeps it
    scripts_.setActiveText(editorText_);
    scriptsChanged();
}

void Playground::putInEditor(std::string sql) { setEditorText(std::move(sql), true); }
void Playground::replaceEditorText(std::string text) { setEditorText(std::move(text), false); }

void Playground::setEditorText(std::string text, bool focus, bool newDocument) {
    editorText_ = text;
    if (!lesson_.isOpen() && scripts_.activeText() != editorText_) {
        scripts_.setActiveText(editorText_);   // a history entry, a schema table: the script changed
        scriptsChanged();
    }
    editorRequests_.newDocument = newDocument;
    // New text replaces whatever was asked for the old one: its error mark and cursor.
    editorRequests_.markError.reset();
    editorRequests_.moveCursorTo.reset();
    editorRequests_.setText = std::move(text);
    editorRequests_.focus |= focus;
}

EditorRequests Playground::takeEditorRequests() { return std::exchange(editorRequests_, EditorRequests{}); }

void Playground::showErrorInEditor() {
    if (shown_.errorLocation) editorRequests_.moveCursorTo = shown_.errorLocation->byteOffset;
}

//-----------------------------------------------------------------------------
// [SECTION] Runs
//-----------------------------------------------------------------------------

void Playground::runEditor(EditorSelection selection) {
    lesson_.rememberSql(editorText_);
    if (selection.begin < selection.end && selection.end <= editorText_.size())
        submit(editorText_.substr(selection.begin, selection.end - selection.begin), selection.begin, std::nullopt);
    else
        submit(editorText_, 0, std::nullopt);
}

void Playground::runFromApi(double apiId, std::string sql) {
    setEditorText(sql, false);
    submit(std::move(sql), 0, apiId);
}

void Playground::checkOrRun(EditorSelection selection) {
    if (lesson_.isOpen())
        checkLesson();
    else
        runEditor(selection);
}

void Playground::submit(std::string sql, size_t editorOffset, std::optional<double> apiId) {
    Run run;
    run.key = nextRunKey_++;
    run.sql = sql;
    run.editorOffset = editorOffset;
    run.editorTextAtRun = editorText_;
    run.apiId = apiId;
    run.startedAt = clock_ ? clock_() : 0;
    const unsigned key = run.key;
    runs_.push_back(std::move(run));
    editorRequests_.markError.reset();
    editorRequests_.clearErrorMark = true;
    Database& db = activeDatabase();
    runs_.back().database = &db;
    // A pg_dump command line (core/pg_dump_command.h) runs pg_dump on this database; its dump is
    // shown a line a row, as a terminal would print it.
    RunOptions options;
    options.pgDump = isPgDumpCommand(sql);
    const RequestId id = db.run(sql, options, [this, key, dump = options.pgDump](QueryResult r) {
        finishRun(key, dump ? dumpAsLines(std::move(r)) : std::move(r));
    });
    auto it = std::find_if(runs_.begin(), runs_.end(), [&](const Run& r) { return r.key == key; });
    if (it != runs_.end()) it->id = id;   // still waiting (the usual case: replies come later)
}

QueryResult Playground::dumpAsLines(QueryResult dump) {
    if (!dump.ok || dump.results.size() != 1 || dump.results[0].rows.rowCount() != 1) return dump;
    const std::string text(dump.results[0].rows.text(0, 0));
    StatementResult& s = dump.results[0];
    s.rows.reset(1);
    const std::vector<size_t> starts = lineStarts(text);
    size_t lines = starts.size();
    if (lines > 0 && starts.back() == text.size()) --lines;   // the last line's end is not a line
    // As many lines as any result shows (RunOptions::rowCap); a dump that long is cut there.
    const size_t shown = std::min(lines, RunOptions{}.rowCap);
    for (size_t i = 0; i < shown; ++i) s.rows.addCell(lineText(text, starts, i));
    s.rowCount = static_cast<int64_t>(shown);
    s.truncated = shown < lines;
    s.tag = "PG_DUMP " + std::to_string(lines);
    return dump;
}

void Playground::runSetup() {
    // Goes first in the database's queue, so the initial SQL and the page's requests see its
    // tables. Committed, it is replayed after a Stop like anything the learner ran.
    Database& db = sandbox_;
    db.run(options_.setupSql, RunOptions{}, [this, &db](QueryResult r) {
        if (r.error) {
            r.error->message = "The embed's setup script failed: " + r.error->message;
            r.error->position = 0;   // a position in the setup, not in the editor
            show(std::make_shared<const QueryResult>(std::move(r)), std::nullopt);
        }
        if (&db == &activeDatabase()) refreshSchema();
    });
}

void Playground::showStartProblem(const std::string& message, const std::string& hint) {
    show(std::make_shared<const QueryResult>(makeErrorResult("22023", message, hint)), std::nullopt);
    setNotice(message + (hint.empty() ? "" : " " + hint), true);
}

void Playground::finishRun(unsigned key, QueryResult result) {
    auto it = std::find_if(runs_.begin(), runs_.end(), [&](const Run& r) { return r.key == key; });
    if (it == runs_.end()) return;
    Run run = std::move(*it);
    runs_.erase(it);

    applyTypeNames(result, types_);   // enums and other user types the decoder cannot name
    psqlDisplay_.apply(result);       // \x marks the results after it expanded, \timing adds their time
    history_.add({run.sql, result.ok, result.ms, summarize(result)});
    const bool schemaMayHaveChanged = mayChangeSchema(result);

    std::optional<ErrorLocation> where;
    if (result.error && editorText_ == run.editorTextAtRun)
        where = locateError(editorText_, run.editorOffset, run.sql, result.error->position);
    if (where)
        editorRequests_.markError = std::make_pair(where->byteOffset, result.error->sqlstate + ": " + result.error->message);

    show(std::make_shared<const QueryResult>(std::move(result)), where);
    if (run.apiId && onApiResult) onApiResult(*run.apiId, lastResultJson());
    if (schemaMayHaveChanged && run.database == &activeDatabase()) refreshSchema();
}

void Playground::stop() {
    // Cancel the newest first so the database does not start the queued ones in between.
    std::vector<std::pair<Database*, RequestId>> ids;
    for (const Run& r : runs_) ids.emplace_back(r.database, r.id);
    for (auto it = ids.rbegin(); it != ids.rend(); ++it) it->first->cancel(it->second);
}

void Playground::restartDatabase() { activeDatabase().restart(); }

double Playground::runningSeconds() const {
    if (runs_.empty() || !clock_) return 0;
    return std::max(0.0, clock_() - runs_.front().startedAt);
}

//-----------------------------------------------------------------------------
// [SECTION] Results and schema
//-----------------------------------------------------------------------------

void Playground::show(std::shared_ptr<const QueryResult> result, std::optional<ErrorLocation> where) {
    shown_.result = std::move(result);
    shown_.errorLocation = where;
    ++shown_.revision;
    shownJson_.reset();
}

std::string Playground::databaseStatusJson() const {
    const DatabaseStatus s = databaseStatus();
    const char* state = s.state == DatabaseState::Loading      ? "loading"
                        : s.state == DatabaseState::Restarting ? "restarting"
                        : s.state == DatabaseState::Failed     ? "failed"
                                                               : "ready";
    return nlohmann::json{{"database", onLessonDatabase() ? "lesson" : "sandbox"}, {"state", state},
                          {"version", s.version}, {"message", s.message}, {"storageNote", s.storageNote}}
        .dump();
}

std::string Playground::lastResultJson() const {
    if (!shown_.result) return "null";
    if (!shownJson_) shownJson_ = toJsonText(*shown_.result);
    return *shownJson_;
}

void Playground::refreshSchema() {
    if (schemaRefreshRunning_) {
        schemaRefreshAgain_ = true;   // one more after the current one, never a pile of them
        return;
    }
    schemaRefreshRunning_ = true;
    RunOptions options;
    options.internal = true;
    options.rowCap = 20000;
    Database& db = activeDatabase();
    db.run(schemaQuerySql(), options, [this, &db](QueryResult r) {
        schemaRefreshRunning_ = false;
        SchemaSnapshot snapshot;
        if (&db != &activeDatabase())
            schemaRefreshAgain_ = true;   // a lesson opened or closed meanwhile: read the other one
        else if (parseSchemaResult(r, snapshot)) {
            schema_ = std::move(snapshot);
            for (const auto& [oid, name] : schema_.userTypes) types_.learn(oid, name);
            schemaLoaded_ = true;
        }
        if (schemaRefreshAgain_) {
            schemaRefreshAgain_ = false;
            refreshSchema();
        }
    });
}

}  // namespace pgplay
