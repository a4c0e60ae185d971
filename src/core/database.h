// The Database seam: an asynchronous connection that runs SQL scripts.
//
// Implementations: RestartableDatabase (core) over PGlite in the browser's Web Worker
// (src/platform/worker_transport) or in a Node worker thread for the headless tools
// (src/node/node_transport), and libpq against a real server for native tests
// (src/native/pq_database).
// A request never blocks the caller's frame: the callback fires later, on the caller's thread
// (the web implementation queues replies and delivers them at the start of a frame).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "result_model.h"

namespace pgplay {

using RequestId = uint64_t;

struct RunOptions {
    // Rows beyond this many are not fetched from the server (the statement's result is marked
    // truncated). Keeps `SELECT * FROM generate_series(1, 50000000)` from eating the tab.
    size_t rowCap = 100000;
    // Not the learner's own run (schema refresh, lesson checks): it leaves the status line alone.
    // It still counts for restoring state after Stop when it changes the database.
    bool internal = false;
    // The script drops everything the learner had (the lesson reset): what ran before it no
    // longer matters for restoring the database, so the state journal may forget it.
    bool startsFresh = false;
    // A watchdog outside PostgreSQL: a request still unanswered after this many milliseconds is
    // stopped the way Stop stops it (the engine is restarted) and answers SQLSTATE 57014 with
    // "canceling statement due to statement timeout". 0: no limit (the learner has Stop).
    // PGlite never fires statement_timeout, so this is the only bound that holds everywhere.
    int timeoutMs = 0;
    // The script is not SQL but a pg_dump command line (core/pg_dump_command.h): the engine runs
    // pg_dump on this database, in turn with the scripts, and answers with one row of one text
    // column, "pg_dump", holding the dump; or an error with SQLSTATE PGDMP.
    bool pgDump = false;
};

enum class DatabaseState {
    Loading,     // starting up; requests are queued
    Ready,
    Restarting,  // recovering after a cancelled query; requests are queued
    Failed,      // could not start; requests fail with sqlstate::kDatabaseUnavailable
};

struct DatabaseStatus {
    DatabaseState state = DatabaseState::Loading;
    float progress = 0;       // 0..1 while loading
    std::string message;      // "Downloading PostgreSQL (3.1 of 15 MB)", an error text, or
                              // while Ready, news worth a glance ("restored ... after Stop")
    std::string version;      // server_version once ready, e.g. "18.1"
    std::string storageNote;  // why the data is not kept when it should be ("" when all is well)
};

class Database {
public:
    using ResultCallback = std::function<void(QueryResult)>;
    virtual ~Database() = default;

    // Runs a whole script (one or more statements). Statements run in order; the first error
    // stops the script. Calls `done` exactly once, also when cancelled (error 57014).
    virtual RequestId run(const std::string& script, const RunOptions& options, ResultCallback done) = 0;

    // Stops the request if it is still queued or running. Its callback then receives error 57014.
    // Whatever the learner had committed before it survives.
    virtual void cancel(RequestId id) = 0;

    virtual DatabaseStatus status() const = 0;

    // Throws the engine away and starts it again from what was committed: the way out after an
    // internal failure, or a failed start. A no-op where there is no engine to restart.
    virtual void restart() {}
};

}  // namespace pgplay
