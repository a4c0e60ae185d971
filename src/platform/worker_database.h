// The browser's Database: PostgreSQL (PGlite) in a Web Worker, driven over the wire protocol.
//
// C++ splits the script and encodes each statement (core/pg_wire); the worker only executes
// the batches in order and stops after the first error; C++ decodes the replies. Replies from
// the worker are queued by the JS callbacks and delivered by drain() at the start of a frame,
// so result callbacks never run in the middle of drawing.
//
// Stop: PGlite runs on the worker's only thread, so a running query cannot be interrupted from
// outside. cancel() answers the request at once (SQLSTATE 57014), throws the worker away and
// starts a new one, then replays the state journal so the learner's committed work is back.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/database.h"
#include "core/pg_wire.h"
#include "core/state_journal.h"

namespace pgplay {

class WorkerDatabase final : public Database {
public:
    RequestId run(const std::string& script, const RunOptions& options, ResultCallback done) override;
    void cancel(RequestId id) override;
    DatabaseStatus status() const override { return status_; }

    // Called from the JS side (through web_exports.cpp); they only queue.
    void onProgress(float progress, std::string message);
    void onReady(std::string version);
    void onFailed(std::string message);
    void onReply(RequestId id, std::vector<wire::Bytes> replies, bool changed, double ms);

    // Delivers queued worker events: results to callbacks, status changes. Returns true when
    // something happened (the frame should be drawn again).
    bool drain();


private:
    struct Request {
        RequestId id;
        std::string script;
        std::vector<SqlStatement> statements;
        RunOptions options;
        ResultCallback done;
        bool replay = false;   // the journal replay after a restart
    };
    struct Event {
        enum Kind { Progress, Ready, Failed, Reply } kind;
        float progress = 0;
        std::string text;
        RequestId id = 0;
        std::vector<wire::Bytes> replies;
        bool changed = false;
        double ms = 0;
    };

    void pump();                       // sends the next queued request if the worker is idle
    void send(Request request);
    void finish(Request& request, QueryResult result);
    void startReplay();

    DatabaseStatus status_;
    RequestId nextId_ = 1;
    std::deque<Request> queue_;
    std::optional<Request> inFlight_;
    std::deque<Event> events_;
    StateJournal journal_;
};

}  // namespace pgplay
