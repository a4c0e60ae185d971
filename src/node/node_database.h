// The Database for headless tools: the browser's RestartableDatabase over PGlite in a Node
// worker thread (node_transport). It runs the same split/encode/decode code (core/pg_wire), the
// same JavaScript runner (web/pglite-runner.js), and the same Stop/restart/watchdog logic as the
// browser, so a tool's verdict is the browser's verdict, and a runaway query ends the same way.
#pragma once

#include <string>

#include "core/database.h"
#include "core/restartable_database.h"
#include "node/node_transport.h"

namespace pgplay {

class NodeDatabase final : public Database {
public:
    // Starts PGlite and waits until it is ready (several seconds: initdb) or has failed.
    // `pgliteDir`: the npm package's dist/ folder; `runnerPath`: web/pglite-runner.js;
    // `workerPath`: src/node/pglite_worker.mjs.
    NodeDatabase(const std::string& pgliteDir, const std::string& runnerPath, const std::string& workerPath);
    NodeDatabase(const NodeDatabase&) = delete;
    NodeDatabase& operator=(const NodeDatabase&) = delete;

    // Queued like the browser's database: callbacks fire from drain(), never inside run().
    RequestId run(const std::string& script, const RunOptions& options, ResultCallback done) override;
    void cancel(RequestId id) override { database_.cancel(id); }
    DatabaseStatus status() const override { return database_.status(); }
    void restart() override { database_.restart(); }

    // Runs queued requests, including those their callbacks queue, until none is left.
    void drain();
    // run() then drain(): the result of one script.
    QueryResult runNow(const std::string& script, const RunOptions& options = {});

private:
    NodeTransport transport_;
    RestartableDatabase database_;
};

// The paths NodeDatabase needs, from the PGPLAY_* variables the wrapper scripts set (with
// defaults relative to the repository root).
NodeDatabase openNodeDatabase();

}  // namespace pgplay
