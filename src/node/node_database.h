// The Database for headless tools: PGlite in this Node process, awaited from C++ with
// ASYNCIFY. It runs the same split/encode/decode code (core/pg_wire) and the same JavaScript
// runner (web/pglite-runner.js) as the browser, so a tool's verdict is the browser's verdict.
#pragma once

#include <deque>
#include <string>

#include "core/database.h"
#include "core/state_journal.h"

namespace pgplay {

class NodeDatabase final : public Database {
public:
    // Starts PGlite (several seconds: initdb). `pgliteDir` is the npm package's dist/ folder,
    // `runnerPath` the path of web/pglite-runner.js.
    NodeDatabase(const std::string& pgliteDir, const std::string& runnerPath);

    // Queues the request, like the browser's database: callbacks fire from drain(), never inside
    // run(). (Answering inside run() would nest every step of a chain of requests, such as a
    // lesson check, one C++ stack frame deeper than the last.)
    RequestId run(const std::string& script, const RunOptions& options, ResultCallback done) override;
    // Runs queued requests, including those their callbacks queue, until none is left.
    void drain();
    void cancel(RequestId) override {}
    DatabaseStatus status() const override { return status_; }

    QueryResult runNow(const std::string& script, const RunOptions& options = {});

private:
    struct Pending {
        std::string script;
        RunOptions options;
        ResultCallback done;
    };
    std::deque<Pending> queue_;
    DatabaseStatus status_;
    RequestId nextId_ = 1;
};

}  // namespace pgplay
