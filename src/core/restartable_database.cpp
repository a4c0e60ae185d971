#include "core/restartable_database.h"

#include "core/pg_dump_command.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/script_batches.h"
#include "core/text_util.h"

namespace pgplay {

namespace {

// How long the journal replay itself may take before it is given up (a replayed statement
// that hangs must not leave the learner with no database at all).
constexpr int kReplayTimeoutMs = 60000;

std::string plural(size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string restoreNote(bool persistent, size_t journaled) {
    if (persistent)
        return "Your database is stored in this browser: PostgreSQL reopens it with everything you had committed, "
               "exactly as it was.";
    return journaled == 0 ? std::string("Nothing you had committed needed restoring.")
                          : "Your " + plural(journaled, "committed statement is", "committed statements are") +
                                " being replayed, so your tables and rows are kept.";
}

QueryResult stoppedResult(bool persistent, size_t journaled) {
    QueryResult r = makeErrorResult(sqlstate::kQueryCanceled, "canceling statement due to user request");
    r.error->detail = "pgplay stopped the query by restarting PostgreSQL. " + restoreNote(persistent, journaled);
    r.error->hint = "An open transaction, if there was one, was rolled back.";
    return r;
}

QueryResult timedOutResult(int timeoutMs, bool persistent, size_t journaled) {
    // PostgreSQL's own words for statement_timeout, which PGlite never fires.
    QueryResult r = makeErrorResult(sqlstate::kQueryCanceled, "canceling statement due to statement timeout");
    r.error->detail = "It ran longer than " + secondsText(timeoutMs) +
                      ", so pgplay stopped it by restarting PostgreSQL. " + restoreNote(persistent, journaled);
    r.error->hint = "Look for a query that never ends: a recursive CTE without a stopping condition, a join "
                    "without its condition, pg_sleep.";
    return r;
}

bool engineFailed(const QueryResult& r) { return r.error && r.error->sqlstate == sqlstate::kEngineFailed; }

// PGlite serves one database, made without templates (scripts/lib/make-initial-db.mjs), so
// CREATE DATABASE finds no template1. Say what to do instead of leaving a riddle.
void explainOneDatabase(QueryResult& r) {
    if (!r.error || r.error->sqlstate != "3D000" || r.error->message != "template database \"template1\" does not exist")
        return;
    r.error->detail = "PostgreSQL in your browser serves one database, \"postgres\", so there is no template to copy "
                      "and no second database to connect to.";
    r.error->hint = "Group tables in a schema instead: CREATE SCHEMA shop; CREATE TABLE shop.orders (...); "
                    "SET search_path = shop;";
}

// pgplay's engine files leave out PostgreSQL's encoding conversion modules (they break PGlite:
// see scripts/lib/make-engine-data.mjs), so convert_to(..., 'LATIN1') or SET client_encoding
// fails as PostgreSQL fails on a missing module. Say it is the browser's PostgreSQL, not the SQL.
void explainNoConversions(QueryResult& r) {
    if (!r.error) return;
    const std::string& m = r.error->message;
    const bool libraryError = m.rfind("could not load library \"", 0) == 0 || m.rfind("incompatible library \"", 0) == 0;
    if (!libraryError || m.find("_and_") == std::string::npos || m.find(".so\"") == std::string::npos) return;
    r.error->detail = "PostgreSQL in your browser is built without conversions between character encodings: its "
                      "database and this connection are UTF-8 only.";
    r.error->hint = "Keep text in UTF-8. To look at its bytes: encode(convert_to('é', 'UTF8'), 'hex').";
}

}  // namespace

RestartableDatabase::RestartableDatabase(EngineTransport& transport, Clock nowMs)
    : transport_(transport), now_(std::move(nowMs)) {}

RequestId RestartableDatabase::run(const std::string& script, const RunOptions& options, ResultCallback done) {
    Request request;
    request.id = nextId_++;
    request.script = script;
    request.options = options;
    request.done = std::move(done);
    queue_.push_back(std::move(request));
    if (onWake) onWake();   // drain() sends it; never inside run(), so callers get the id first
    return queue_.back().id;
}

void RestartableDatabase::cancel(RequestId id) {
    for (auto it = queue_.begin(); it != queue_.end(); ++it) {
        if (it->id == id && !it->replay) {
            Request request = std::move(*it);
            queue_.erase(it);
            finish(request, makeErrorResult(sqlstate::kQueryCanceled, "canceling statement due to user request",
                                            "The query was stopped before it started."));
            return;
        }
    }
    if (!inFlight_ || inFlight_->id != id || inFlight_->replay) return;
    Request request = std::move(*inFlight_);
    inFlight_.reset();
    journal_.rollbackOpenTransaction();   // the new engine starts outside any transaction
    finish(request, stoppedResult(persistent_, journal_.committedCount()));
    restartEngine("after Stop");
}

void RestartableDatabase::restart() {
    journal_.rollbackOpenTransaction();
    if (inFlight_ && !inFlight_->replay) {
        Request request = std::move(*inFlight_);
        inFlight_.reset();
        finish(request, stoppedResult(persistent_, journal_.committedCount()));
    }
    restartEngine(status_.state == DatabaseState::Failed ? "after it failed" : "on request");
}

void RestartableDatabase::restartEngine(std::string why, std::optional<NewContents> contents) {
    inFlight_.reset();   // a replay in flight is simply started again
    queue_.erase(std::remove_if(queue_.begin(), queue_.end(), [](const Request& r) { return r.replay; }), queue_.end());
    // Events of the old engine must not reach the new one's requests.
    events_.erase(std::remove_if(events_.begin(), events_.end(),
                                 [](const Event& e) { return e.kind == Event::Reply || e.kind == Event::PgDumpReply; }),
                  events_.end());
    const bool firstStart = status_.state == DatabaseState::Failed && status_.version.empty();
    status_.state = firstStart ? DatabaseState::Loading : DatabaseState::Restarting;
    status_.progress = 0;
    status_.message = firstStart ? "Starting PostgreSQL again" : "Restarting PostgreSQL " + why;
    restartReason_ = std::move(why);
    if (contents)
        transport_.replace(*contents);
    else
        transport_.restart();
}

void RestartableDatabase::replace(NewContents contents, std::string label) {
    if (inFlight_ && !inFlight_->replay) {
        Request request = std::move(*inFlight_);
        inFlight_.reset();
        finish(request, makeErrorResult(sqlstate::kQueryCanceled, "canceling statement due to user request",
                                        "pgplay stopped the query to replace the database."));
    }
    journal_.rollbackOpenTransaction();
    if (label.empty()) label = "the file";
    replacing_ = Replacement{contents, label};
    replaceError_.clear();
    restartEngine(contents == NewContents::Empty ? "with an empty database" : "with " + label, contents);
    status_.message = contents == NewContents::Empty ? "Emptying your database" : "Opening " + label;
}

void RestartableDatabase::onReplaceFailed(std::string message) { queueText(Event::ReplaceFailed, std::move(message)); }
void RestartableDatabase::onNotice(std::string message) { queueText(Event::Notice, std::move(message)); }

void RestartableDatabase::queueText(Event::Kind kind, std::string text) {
    Event e;
    e.kind = kind;
    e.text = std::move(text);
    events_.push_back(std::move(e));
}

void RestartableDatabase::onProgress(float progress, std::string message) {
    Event e;
    e.kind = Event::Progress;
    e.progress = progress;
    e.text = std::move(message);
    events_.push_back(std::move(e));
}
void RestartableDatabase::onReady(std::string version, EngineStorage storage) {
    Event e;
    e.kind = Event::Ready;
    e.text = std::move(version);
    e.storage = std::move(storage);
    events_.push_back(std::move(e));
}
void RestartableDatabase::onFailed(std::string message) { queueText(Event::Failed, std::move(message)); }
void RestartableDatabase::onReply(RequestId id, std::vector<wire::Bytes> replies, bool changed, double ms) {
    Event e;
    e.kind = Event::Reply;
    e.id = id;
    e.replies = std::move(replies);
    e.changed = changed;
    e.ms = ms;
    events_.push_back(std::move(e));
}

void RestartableDatabase::onPgDumpReply(RequestId id, std::string dump, std::string error, double ms) {
    Event e;
    e.kind = Event::PgDumpReply;
    e.id = id;
    e.text = std::move(dump);
    e.error = std::move(error);
    e.ms = ms;
    events_.push_back(std::move(e));
}

bool RestartableDatabase::drain() {
    bool happened = false;   // progress alone does not count: the loading screen has its own pace
    while (!events_.empty()) {
        Event e = std::move(events_.front());
        events_.pop_front();
        happened |= e.kind != Event::Progress;
        switch (e.kind) {
        case Event::Progress:
            if (status_.state == DatabaseState::Loading || status_.state == DatabaseState::Restarting) {
                status_.progress = e.progress;
                if (status_.state == DatabaseState::Loading) status_.message = std::move(e.text);
            }
            break;
        case Event::Ready: {
            status_.version = e.text;
            status_.storageNote = e.storage.note;
            // Stored data needs no journal: the engine reopens it and crash recovery keeps exactly
            // what was committed. An engine that fell back to memory starts keeping one.
            persistent_ = e.storage.persistent;
            // Replaced contents make what was committed before irrelevant, unless the file was
            // refused: then an engine in memory replays it as after any restart.
            const std::optional<Replacement> replaced = std::exchange(replacing_, std::nullopt);
            const std::string refused = std::exchange(replaceError_, std::string());
            if (persistent_ || (replaced && refused.empty())) journal_.clear();
            const bool restarted = status_.state == DatabaseState::Restarting;
            if (restarted && !persistent_ && journal_.committedCount() > 0) {
                startReplay();
                if (!refused.empty()) restartReason_ = "after " + replaced->label + " could not be opened (" + refused + ")";
            } else {
                status_.state = DatabaseState::Ready;
                if (replaced && !refused.empty())
                    status_.message = replaced->label + " could not be opened (" + refused + "); your database is as it was";
                else if (replaced)
                    status_.message = replaced->contents == NewContents::Empty
                                          ? "Your database is empty now: a fresh start"
                                          : "Opened " + replaced->label + ": its tables and rows are your database now";
                else
                    status_.message = !restarted ? std::string()
                                      : persistent_ ? "PostgreSQL restarted " + restartReason_ +
                                                          ": your committed tables and rows are exactly as they were"
                                                    : "PostgreSQL restarted " + restartReason_;
            }
            break;
        }
        case Event::ReplaceFailed:
            replaceError_ = std::move(e.text);
            break;
        case Event::Notice:
            if (status_.state == DatabaseState::Ready) status_.message = std::move(e.text);
            break;
        case Event::Failed:
            status_.state = DatabaseState::Failed;
            status_.message = std::move(e.text);
            // The engine died under a request: it is answered with the others below.
            if (inFlight_ && !inFlight_->replay) queue_.push_front(std::move(*inFlight_));
            inFlight_.reset();
            break;
        case Event::Reply:
            deliverReply(e);
            break;
        case Event::PgDumpReply:
            deliverPgDump(e);
            break;
        }
    }
    const bool timedOut = inFlight_ && inFlight_->deadline > 0 && now_() >= inFlight_->deadline;
    if (timedOut) {
        checkWatchdog();
        happened = true;
    }
    if (status_.state == DatabaseState::Failed) {
        // Nothing will answer until the learner restarts it: fail everything that waits.
        while (!queue_.empty()) {
            Request request = std::move(queue_.front());
            queue_.pop_front();
            if (request.replay) continue;
            finish(request, makeErrorResult(sqlstate::kDatabaseUnavailable, "PostgreSQL could not start: " + status_.message,
                                            "Restart PostgreSQL, or reload the page, to try again."));
            happened = true;
        }
    }
    if (!inFlight_ && !queue_.empty()) happened = true;
    pump();
    return happened;
}

void RestartableDatabase::deliverReply(Event& e) {
    // A reply for a request already answered (stopped, timed out) is dropped.
    if (!inFlight_ || inFlight_->id != e.id) return;
    {
        Request& piece = *inFlight_;
        const bool allAnswered = e.replies.size() == piece.sentTo - piece.sentFrom;
        for (wire::Bytes& reply : e.replies) piece.replies.push_back(std::move(reply));
        piece.ms += e.ms;
        piece.changed = piece.changed || e.changed;
        if (allAnswered && piece.sentTo < piece.statements.size()) {
            // The piece ended at a \d NAME: go on with the rest only if it found its relation.
            const QueryResult soFar = wire::decodeScriptReplies(piece.script, piece.statements, piece.replies,
                                                                piece.options.rowCap);
            if (soFar.ok) {
                piece.sentFrom = piece.sentTo;
                sendPiece();
                return;
            }
        }
    }
    Request request = std::move(*inFlight_);
    inFlight_.reset();
    QueryResult result =
        wire::decodeScriptReplies(request.script, request.statements, request.replies, request.options.rowCap);
    result.ms = request.ms;
    result.databaseChanged = request.changed;
    explainOneDatabase(result);
    explainNoConversions(result);
    const bool broken = engineFailed(result);
    if (broken) {
        result.error->hint = "pgplay restarts PostgreSQL and restores what you had committed; run your query again "
                             "once it is back.";
        journal_.rollbackOpenTransaction();
    }
    finish(request, std::move(result));
    // Every later query would fail the same way: start a fresh engine from the committed state.
    if (broken) restartEngine("after an internal error");
}

void RestartableDatabase::deliverPgDump(Event& e) {
    if (!inFlight_ || inFlight_->id != e.id) return;   // stopped or timed out meanwhile
    Request request = std::move(*inFlight_);
    inFlight_.reset();
    QueryResult result = e.error.empty() ? pgDumpResult(e.text, e.ms)
                                         : makeErrorResult(sqlstate::kPgDump, "pg_dump failed: " + e.error);
    finish(request, std::move(result));
}

void RestartableDatabase::checkWatchdog() {
    Request request = std::move(*inFlight_);
    inFlight_.reset();
    journal_.rollbackOpenTransaction();
    if (request.replay) {
        // The replay itself hangs: give up on it rather than on the learner's database as a whole.
        const size_t lost = journal_.committedCount();
        journal_.clear();
        restartEngine("after restoring your work took too long (" + plural(lost, "statement", "statements") +
                      " could not be restored)");
        return;
    }
    const int limit = request.options.timeoutMs;
    finish(request, timedOutResult(limit, persistent_, journal_.committedCount()));
    restartEngine("after a query ran longer than " + secondsText(limit));
}

int RestartableDatabase::msUntilDeadline() const {
    if (!inFlight_ || inFlight_->deadline <= 0) return -1;
    const double left = inFlight_->deadline - now_();
    return left <= 0 ? 0 : static_cast<int>(std::ceil(left));
}

void RestartableDatabase::pump() {
    while (!inFlight_ && !queue_.empty()) {
        const bool replayFirst = queue_.front().replay;
        if (!replayFirst && status_.state != DatabaseState::Ready) return;   // wait for start-up or restore
        Request request = std::move(queue_.front());
        queue_.pop_front();

        if (request.options.pgDump) {
            PgDumpCommand command = parsePgDumpCommand(request.script);
            if (!command.ok()) {
                finish(request, makeErrorResult(sqlstate::kPgDump, "pg_dump: " + command.error));
                continue;
            }
            request.dumpArgs = std::move(command.args);
            send(std::move(request));
            continue;
        }
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

void RestartableDatabase::send(Request request) {
    if (!request.options.internal && !request.replay) status_.message.clear();
    const int limit = request.replay ? kReplayTimeoutMs : request.options.timeoutMs;
    request.deadline = limit > 0 ? now_() + limit : 0;
    inFlight_ = std::move(request);
    if (!inFlight_->options.pgDump) return sendPiece();
    if (!transport_.pgDump(inFlight_->id, inFlight_->dumpArgs)) {
        Request refused = std::move(*inFlight_);
        inFlight_.reset();
        finish(refused, makeErrorResult(sqlstate::kPgDump, "pg_dump is not available for this database"));
    }
}

void RestartableDatabase::sendPiece() {
    Request& request = *inFlight_;
    request.sentTo = runPieceEnd(request.statements, request.sentFrom);
    std::vector<uint8_t> packed =
        packStatementBatches(request.statements, request.options.rowCap, request.sentFrom, request.sentTo);
    transport_.send(request.id, packed, request.sentTo - request.sentFrom);
}

void RestartableDatabase::finish(Request& request, QueryResult result) {
    if (request.replay) {
        // Stays in the status line until the learner's next run, so they see what was kept.
        status_.state = DatabaseState::Ready;
        status_.message = result.ok ? "restored your " + plural(journal_.committedCount(), "committed statement",
                                                                "committed statements") + " " + restartReason_
                                    : "could not fully restore " + restartReason_ + ": " + result.error->message;
        return;
    }
    if (request.options.startsFresh && result.ok) journal_.clear();
    if (!persistent_) journal_.record(result);
    if (request.done) request.done(std::move(result));
}

void RestartableDatabase::startReplay() {
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
