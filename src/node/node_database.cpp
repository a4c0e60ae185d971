#include "node/node_database.h"

#include <emscripten.h>

#include <cstdlib>

namespace pgplay {

NodeDatabase::NodeDatabase(const std::string& pgliteDir, const std::string& runnerPath, const std::string& workerPath)
    : transport_(pgliteDir, runnerPath, workerPath), database_(transport_, [] { return emscripten_get_now(); }) {
    while (database_.status().state == DatabaseState::Loading) {
        transport_.waitForEvents(-1);
        transport_.deliverEvents(database_);
        database_.drain();
    }
}

RequestId NodeDatabase::run(const std::string& script, const RunOptions& options, ResultCallback done) {
    return database_.run(script, options, std::move(done));
}

void NodeDatabase::drain() {
    database_.drain();
    while (database_.busy()) {
        // Until the worker answers, or until the watchdog is due (it then restarts the worker).
        transport_.waitForEvents(database_.msUntilDeadline());
        transport_.deliverEvents(database_);
        database_.drain();
    }
}

QueryResult NodeDatabase::runNow(const std::string& script, const RunOptions& options) {
    QueryResult out;
    run(script, options, [&out](QueryResult r) { out = std::move(r); });
    drain();
    return out;
}

NodeDatabase openNodeDatabase() {
    const char* pglite = std::getenv("PGPLAY_PGLITE_DIR");
    const char* runner = std::getenv("PGPLAY_RUNNER");
    const char* worker = std::getenv("PGPLAY_NODE_WORKER");
    return NodeDatabase(pglite ? pglite : "node_modules/@electric-sql/pglite/dist",
                        runner ? runner : "web/pglite-runner.js", worker ? worker : "src/node/pglite_worker.mjs");
}

}  // namespace pgplay
