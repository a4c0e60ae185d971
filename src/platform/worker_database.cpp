#include "platform/worker_database.h"

#include "core/script_batches.h"
#include "core/sql_script.h"
#include "platform/js_bridge.h"

namespace pgplay {

namespace {

QueryResult canceledResult(size_t journaled) {
    QueryResult r = makeErrorResult(sqlstate::kQueryCanceled, "canceling statement due to user request");
    r.error->detail = "pgplay stopped the query by restarting PostgreSQL. ";
    r.error->detail += journaled == 0
        ? std::string("Nothing you had committed needed restoring.")
        : "Your " + std::to_string(journaled) + " committed statement" + (journaled == 1 ? " is" : "s are") +
              " being replayed, so your tables and rows are kept.";
    r.error->hint = "An open transaction, if there was one, was rolled back.";
    return r;
}

}  // namespace

RequestId WorkerDatabase::run(const std::string& script, const RunOptions& options, ResultCallback done) {
    Request request;
    request.id = nextId_++;
    request.script = script;
    request.options = options;
    request.done = std::move(done);
    queue_.push_back(std::move(request));
    pgplay_js_request_frame();   // drain() sends it at the start of the next frame
    return queue_.back().id;
}

void WorkerDatabase::cancel(RequestId id) {
    for (auto it = queue_.begin(); it != queue_.end(); ++it) {
        if (it->id == id && !it->replay) {
            Request request = std::move(*it);
            queue_.erase(it);
            finish(request, makeErrorResult(sqlstate::kQueryCanceled,
                                            "canceling statement due to user request",
                                            "The query was stopped before it started."));
            return;
        }
    }
    if (!inFlight_ || inFlight_->id != id || inFlight_->replay) return;

    Request request = std::move(*inFlight_);
    inFlight_.reset();
    finish(request, canceledResult(journal_.committedCount()));
    journal_.rollbackOpenTransaction();   // the new instance starts outside any transaction
    status_.state = DatabaseState::Restarting;
    status_.progress = 0;
    status_.message = "Restarting PostgreSQL after Stop";
    pgplay_js_db_restart();
}

void WorkerDatabase::onProgress(float progress, std::string message) {
    events_.push_back({Event::Progress, progress, std::move(message)});
}
void WorkerDatabase::onReady(std::string version) {
    events_.push_back({Event::Ready, 1.0f, std::move(version)});
}
void WorkerDatabase::onFailed(std::string message) {
    events_.push_back({Event::Failed, 0, std::move(message)});
}
void WorkerDatabase::onReply(RequestId id, std::vector<wire::Bytes> replies, bool changed, double ms) {
    Event e{Event::Reply};
    e.id = id;
    e.replies = std::move(replies);
    e.changed = changed;
    e.ms = ms;
    events_.push_back(std::move(e));
}

bool WorkerDatabase::drain() {
    bool happened = false;   // progress alone does not count: the loading screen has its own pace
    while (!events_.empty()) {
        Event e = std::move(events_.front());
        events_.pop_front();
        happened |= e.kind != Event::Progress;
        switch (e.kind) {
        case Event::Progress:
            if (status_.state == DatabaseState::Loading || status_.state == DatabaseState::Restarting) {
                status_.progress = e.progress;
                status_.message = std::move(e.text);
            }
            break;
        case Event::Ready:
            status_.version = e.text;
            if (status_.state == DatabaseState::Restarting && journal_.committedCount() > 0) {
                startReplay();
            } else {
                status_.state = DatabaseState::Ready;
                status_.message.clear();
            }
            break;
        case Event::Failed:
            status_.state = DatabaseState::Failed;
            status_.message = std::move(e.text);
            break;
        case Event::Reply: {
            // A reply from a worker that was thrown away (its request was already answered).
            if (!inFlight_ || inFlight_->id != e.id) break;
            Request request = std::move(*inFlight_);
            inFlight_.reset();
            QueryResult result = wire::decodeScriptReplies(request.script, request.statements, e.replies,
                                                           request.options.rowCap);
            result.ms = e.ms;
            result.databaseChanged = e.changed;
            finish(request, std::move(result));
            break;
        }
        }
    }
    if (status_.state == DatabaseState::Failed) {
        // Nothing will ever answer: fail everything that waits.
        while (!queue_.empty()) {
            Request request = std::move(queue_.front());
            queue_.pop_front();
            finish(request, makeErrorResult(sqlstate::kDatabaseUnavailable,
                                            "PostgreSQL could not start: " + status_.message,
                                            "Reload the page to try again."));
            happened = true;
        }
    }
    if (!inFlight_ && !queue_.empty()) happened = true;
    pump();
    return happened;
}

void WorkerDatabase::pump() {
    while (!inFlight_ && !queue_.empty()) {
        bool replayFirst = queue_.front().replay;
        if (!replayFirst && status_.state != DatabaseState::Ready) return;   // wait for start-up / restore
        Request request = std::move(queue_.front());
        queue_.pop_front();

        if (auto refused = refuseUnsendable(request.script)) {
            finish(request, std::move(*refused));
            continue;
        }
        request.statements = splitSqlScript(request.script);
        if (request.statements.empty()) {
            finish(request, QueryResult{});   // nothing but blanks and comments: nothing to do
            continue;
        }
        send(std::move(request));
    }
}

void WorkerDatabase::send(Request request) {
    if (!request.options.internal && !request.replay) status_.message.clear();
    std::vector<uint8_t> packed = packStatementBatches(request.statements, request.options.rowCap);
    int count = static_cast<int>(request.statements.size());
    double id = static_cast<double>(request.id);
    inFlight_ = std::move(request);
    pgplay_js_db_send(id, packed.data(), packed.size(), count);
}

void WorkerDatabase::finish(Request& request, QueryResult result) {
    if (request.replay) {
        // Stays in the status line until the learner's next run, so they see what Stop kept.
        status_.state = DatabaseState::Ready;
        status_.message = result.ok ? "restored your " + std::to_string(journal_.committedCount()) +
                                          " committed statements after Stop"
                                    : "could not fully restore after Stop: " + result.error->message;
        return;
    }
    if (request.options.startsFresh && result.ok) journal_.clear();
    journal_.record(result);
    if (request.done) request.done(std::move(result));
}

void WorkerDatabase::startReplay() {
    Request replay;
    replay.id = nextId_++;
    replay.script = journal_.replayScript();
    replay.options.rowCap = 0;
    replay.options.internal = true;
    replay.replay = true;
    queue_.push_front(std::move(replay));
    status_.message = "Restoring your tables and rows";
}

}  // namespace pgplay
