// The browser's engine: PostgreSQL (PGlite) in a Web Worker, owned by the page (web/). Starting,
// sending and restarting are one JavaScript call each; what the worker answers comes back through
// worker_events.cpp into the RestartableDatabase, which holds all the logic (core).
#pragma once

#include "core/engine_transport.h"

namespace pgplay {

// Which worker: the learner's sandbox, the race scenarios' own database, or the lessons' own.
// web/main.js numbers its bridges the same way.
enum class DatabaseChannel { Sandbox = 0, Races = 1, Lessons = 2 };
constexpr int kDatabaseChannels = 3;

class WorkerTransport final : public EngineTransport {
public:
    explicit WorkerTransport(DatabaseChannel channel) : channel_(channel) {}
    // Starts the worker (the sandbox's starts with the page; the others on first use).
    void start();
    void send(RequestId id, const std::vector<uint8_t>& packedBatches, size_t count) override;
    // Terminates the worker (PGlite runs on its only thread, so nothing else stops a query) and
    // starts a new one with the engine the first worker compiled: no second download.
    void restart() override;
    // The same, with a new worker on an empty database or on the file the page holds from the
    // learner's last pick (web/sandbox-files.js).
    void replace(NewContents contents) override;
    // pg_dump inside the worker, on its PGlite (web/pglite-runner.js pgDumpText).
    bool pgDump(RequestId id, const std::vector<std::string>& args) override;

private:
    DatabaseChannel channel_;
};

}  // namespace pgplay
