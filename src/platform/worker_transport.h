// The browser's engine: PostgreSQL (PGlite) in a Web Worker, owned by the page (web/). Sending
// and restarting are one JavaScript call each; what the worker answers comes back through
// worker_events.cpp into the RestartableDatabase, which holds all the logic (core).
#pragma once

#include "core/engine_transport.h"

namespace pgplay {

class WorkerTransport final : public EngineTransport {
public:
    void send(RequestId id, const std::vector<uint8_t>& packedBatches, size_t count) override;
    // Terminates the worker (PGlite runs on its only thread, so nothing else stops a query) and
    // starts a new one with the engine the first worker compiled: no second download.
    void restart() override;
};

}  // namespace pgplay
