// The Database over an engine that can be stopped only by throwing it away: PGlite, in the
// browser's Web Worker and in the Node tools' worker thread. All the logic lives here, in core,
// so native tests drive Stop, restart, replay and the watchdog; the platforms supply a two-call
// EngineTransport (send, restart) and feed its answers back through the on*() methods.
//
// Requests run one at a time, in order. Replies are queued by on*() and delivered by drain(),
// so result callbacks never run in the middle of drawing a frame.
//
// Stop: cancel() answers the request at once (SQLSTATE 57014) and restarts the engine. An engine
// whose data is stored reopens it as it was; one in memory gets the state journal replayed, so
// the learner's committed work is back either way (an open transaction is rolled back, as after
// a server restart). The same happens when a request outlives its
// RunOptions::timeoutMs (the watchdog), and, without any request to answer, when the engine
// reports that it failed internally (SQLSTATE PGENG): every later query would fail too.
#pragma once

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/database.h"
#include "core/engine_transport.h"
#include "core/pg_wire.h"
#include "core/sql_script.h"
#include "core/state_journal.h"

namespace pgplay {

// Where the engine keeps its data, as it says when it is ready.
struct EngineStorage {
    // In the browser's storage: a restarted engine reopens it, and PostgreSQL's own crash
    // recovery brings back exactly what was committed (the same random() values, UUIDs,
    // timestamps and sequence positions). Otherwise in memory: gone with the engine, so the state
    // journal replays the committed statements after a restart.
    bool persistent = false;
    // For the status line: why the data is not stored when it should be ("another tab has your
    // database open..."), or "" when all is as expected.
    std::string note;
};

class RestartableDatabase final : public Database {
public:
    using Clock = std::function<double()>;   // milliseconds, monotonic

    RestartableDatabase(EngineTransport& transport, Clock nowMs);

    // Database
    RequestId run(const std::string& script, const RunOptions& options, ResultCallback done) override;
    void cancel(RequestId id) override;
    DatabaseStatus status() const override { return status_; }
    void restart() override;   // "Restart PostgreSQL": also the way out of a failed start

    // "Reset database" and "Open database": throws the engine away and starts one on an empty
    // database, or on the data directory the learner picked (`label`: its file name, for the
    // status line). A request in flight is answered 57014; queued ones run on the new contents.
    // If the file cannot be opened the database is kept as it was, and the status line says why.
    void replace(NewContents contents, std::string label = {});

    // What the engine says; these only queue, drain() delivers.
    void onProgress(float progress, std::string message);
    void onReady(std::string version, EngineStorage storage = {});
    void onFailed(std::string message);
    void onReplaceFailed(std::string message);   // before onReady: the picked file was not opened
    void onNotice(std::string message);          // news for the status line ("Saved sandbox.tar.gz")
    void onReply(RequestId id, std::vector<wire::Bytes> replies, bool changed, double ms);
    // pg_dump's answer to a pgDump request: the dump, or why it failed ("" when it did not).
    void onPgDumpReply(RequestId id, std::string dump, std::string error, double ms);

    // Delivers queued engine events (results to callbacks, status changes), fires the watchdog,
    // and sends the next request. Returns true when something happened worth a redraw.
    bool drain();

    // Milliseconds until the watchdog must look again (drain() due), or -1 when no deadline runs.
    int msUntilDeadline() const;
    // A request is queued or running (the Node tools wait while this is true).
    bool busy() const { return inFlight_.has_value() || !queue_.empty() || !events_.empty(); }
    // Called when a request is queued, so the platform schedules a drain() (the next frame).
    std::function<void()> onWake;

    // How many committed statements the journal would replay now (for tests and messages).
    size_t journaledStatements() const { return journal_.committedCount(); }

private:
    struct Request {
        RequestId id = 0;
        std::string script;
        std::vector<SqlStatement> statements;
        std::vector<std::string> dumpArgs;   // RunOptions::pgDump: pg_dump's options, read from the script
        RunOptions options;
        ResultCallback done;
        bool replay = false;     // the journal replay after a restart
        double deadline = 0;     // clock time when the watchdog stops it; 0: none
        // A run goes out in pieces when it holds a \d NAME (script_batches.h runPieceEnd): the
        // statements [sentFrom, sentTo) are with the engine, the replies so far are kept here.
        size_t sentFrom = 0, sentTo = 0;
        std::vector<wire::Bytes> replies;
        double ms = 0;
        bool changed = false;
    };
    struct Event {
        enum Kind { Progress, Ready, Failed, Reply, PgDumpReply, ReplaceFailed, Notice } kind = Progress;
        float progress = 0;
        std::string text;
        RequestId id = 0;
        std::vector<wire::Bytes> replies;
        bool changed = false;
        double ms = 0;
        EngineStorage storage;   // Ready
        std::string error;       // PgDumpReply: why pg_dump failed
    };

    void queueText(Event::Kind kind, std::string text);   // an event that carries only a text
    void pump();   // sends the next queued request if the engine is idle
    void send(Request request);   // a script's first piece, or a pg_dump request
    void sendPiece();                  // the next piece of inFlight_
    void finish(Request& request, QueryResult result);
    void deliverReply(Event& e);
    void deliverPgDump(Event& e);
    void checkWatchdog();
    // Throws the engine away and starts the restore: the reason goes to the status line.
    // `contents`: a replace(), not a restart of what was committed.
    void restartEngine(std::string why, std::optional<NewContents> contents = std::nullopt);
    void startReplay();

    EngineTransport& transport_;
    Clock now_;
    DatabaseStatus status_;
    RequestId nextId_ = 1;
    std::deque<Request> queue_;
    std::optional<Request> inFlight_;
    std::deque<Event> events_;
    StateJournal journal_;        // in-memory engines only (see EngineStorage)
    bool persistent_ = false;     // the engine said its data is stored
    std::string restartReason_;   // "after Stop", "after a query ran too long", ...
    struct Replacement {
        NewContents contents = NewContents::Empty;
        std::string label;        // the file's name
    };
    std::optional<Replacement> replacing_;   // what replace() asked for, until the engine is ready
    std::string replaceError_;    // why the picked file was not opened
};

}  // namespace pgplay
