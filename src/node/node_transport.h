// The Node tools' engine: PGlite in a worker thread (src/node/pglite_worker.mjs). Stop and the
// watchdog terminate the thread and start a new one, exactly as the browser terminates its Web
// Worker, so the tools run the same RestartableDatabase the browser runs.
//
// The C++ waits for the worker with waitForEvents(), an ASYNCIFY await; what arrived is handed
// to the RestartableDatabase (deliverEvents) before its drain().
#pragma once

#include <string>
#include <vector>

#include "core/engine_transport.h"

namespace pgplay {

class RestartableDatabase;

class NodeTransport final : public EngineTransport {
public:
    // Starts the first worker. `pgliteDir`: the npm package's dist/ folder; `runnerPath`:
    // web/pglite-runner.js (web/packing.js beside it); `workerPath`: pglite_worker.mjs.
    NodeTransport(std::string pgliteDir, std::string runnerPath, std::string workerPath);
    ~NodeTransport() override;
    NodeTransport(const NodeTransport&) = delete;
    NodeTransport& operator=(const NodeTransport&) = delete;

    void send(RequestId id, const std::vector<uint8_t>& packedBatches, size_t count) override;
    void restart() override;
    // pg_dump in the worker (pglite-tools from node_modules, beside PGlite's package).
    bool pgDump(RequestId id, const std::vector<std::string>& args) override;

    // Waits until the worker says something or `ms` pass (ms < 0: until it says something).
    void waitForEvents(int ms);
    // Hands what the worker said to `db` (its on*() methods; drain() delivers them).
    void deliverEvents(RestartableDatabase& db);

private:
    std::string pgliteDir_, runnerPath_, workerPath_;
};

}  // namespace pgplay
