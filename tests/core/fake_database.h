// A Database for the core tests that answers only when told to: requests wait until drain()
// (or drainWhere()) and are then answered by `answer`, so a test decides exactly when, and in
// which order, replies reach the code under test. Cancelled requests answer 57014 at the next
// drain, as the real ones do once the worker has restarted. A fake, because a native test has
// no other way to hold a reply back or reorder replies.
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "core/database.h"
#include "core/schema_model.h"

namespace pgtest {

class FakeDatabase : public pgplay::Database {
public:
    struct Request {
        pgplay::RequestId id = 0;
        std::string sql;
        pgplay::RunOptions options;
        ResultCallback done;
        bool cancelled = false;
        bool isSchemaRefresh() const { return sql == pgplay::schemaQuerySql(); }
    };

    // How a request is answered; by default every script succeeds without statements.
    std::function<pgplay::QueryResult(const Request&)> answer = [](const Request&) { return pgplay::QueryResult{}; };
    pgplay::DatabaseStatus state;
    std::vector<std::string> sent;                  // every script, in the order it was sent
    std::vector<pgplay::RequestId> cancels;         // cancel() calls, in order

    pgplay::RequestId run(const std::string& script, const pgplay::RunOptions& options, ResultCallback done) override {
        Request r;
        r.id = nextId_++;
        r.sql = script;
        r.options = options;
        r.done = std::move(done);
        sent.push_back(script);
        pending_.push_back(std::move(r));
        return pending_.back().id;
    }

    void cancel(pgplay::RequestId id) override {
        cancels.push_back(id);
        for (Request& r : pending_)
            if (r.id == id) r.cancelled = true;
    }

    pgplay::DatabaseStatus status() const override { return state; }
    void restart() override { ++restarts; }
    int restarts = 0;                               // restart() calls

    // Answers every waiting request, oldest first, including those sent by the callbacks.
    size_t drain() {
        return drainWhere([](const Request&) { return true; });
    }

    // Answers the waiting requests `which` picks, oldest first (the others keep waiting).
    size_t drainWhere(const std::function<bool(const Request&)>& which) {
        size_t answered = 0;
        for (bool found = true; found;) {
            found = false;
            for (auto it = pending_.begin(); it != pending_.end(); ++it) {
                if (!which(*it)) continue;
                Request r = std::move(*it);
                pending_.erase(it);
                pgplay::QueryResult result = r.cancelled
                    ? pgplay::makeErrorResult(pgplay::sqlstate::kQueryCanceled, "canceling statement due to user request")
                    : answer(r);
                r.done(std::move(result));
                ++answered;
                found = true;
                break;   // the callback may have sent more: look again from the oldest
            }
        }
        return answered;
    }

    const std::deque<Request>& pending() const { return pending_; }
    size_t schemaRefreshesSent() const {
        size_t n = 0;
        for (const std::string& s : sent) n += s == pgplay::schemaQuerySql();
        return n;
    }

private:
    std::deque<Request> pending_;
    pgplay::RequestId nextId_ = 1;
};

}  // namespace pgtest
