#include "node/node_transport.h"

#include <emscripten.h>

#include "core/restartable_database.h"
#include "core/script_batches.h"

// The worker and its inbox live in Module.pgplayNode; every JavaScript call of this file is here.
EM_JS(void, pgplay_node_start, (const char* pgliteDir, const char* runnerPath, const char* workerPath), {
    const { Worker } = require('worker_threads');
    const state = Module.pgplayNode || (Module.pgplayNode = { inbox: [], wake: null, worker: null });
    const worker = new Worker(UTF8ToString(workerPath), {
        workerData: { pgliteDir: UTF8ToString(pgliteDir), runnerPath: UTF8ToString(runnerPath) },
    });
    const arrive = (message) => {
        if (state.worker !== worker) return;   // a worker that was thrown away
        state.inbox.push(message);
        if (state.wake) state.wake();
    };
    worker.on('message', arrive);
    worker.on('error', (err) => arrive({ type: 'failed', message: 'the PGlite worker failed: ' + (err && err.message ? err.message : String(err)) }));
    // Not unref'd: while C++ awaits an answer, the worker is what keeps Node running. The tools
    // end with exit(), which ends the worker too.
    state.worker = worker;
});

EM_JS(void, pgplay_node_send, (double id, const uint8_t* packed, size_t length, int count), {
    const copy = HEAPU8.slice(packed, packed + length);
    Module.pgplayNode.worker.postMessage({ type: 'run', id, packed: copy, count }, [copy.buffer]);
});

EM_JS(void, pgplay_node_pg_dump, (double id, const char* argsJson), {
    Module.pgplayNode.worker.postMessage({ type: 'pgDump', id, args: JSON.parse(UTF8ToString(argsJson)) });
});
// Ends the worker and waits until it has ended: a worker still starting PGlite when the process
// exits can take Node down with SIGABRT, and a restart should not hold two engines at once.
EM_ASYNC_JS(void, pgplay_node_shutdown, (), {
    const state = Module.pgplayNode;
    if (!state || !state.worker) return;
    const old = state.worker;
    state.worker = null;
    state.inbox.length = 0;
    await old.terminate();
});

EM_ASYNC_JS(void, pgplay_node_wait, (int ms), {
    const state = Module.pgplayNode;
    if (!state || state.inbox.length) return;
    await new Promise((resolve) => {
        const timer = ms >= 0 ? setTimeout(resolve, ms) : null;
        state.wake = () => {
            if (timer !== null) clearTimeout(timer);
            resolve();
        };
    });
    state.wake = null;
});

// Hands each waiting message to C++ (the pgplay_node_on_* exports below), oldest first.
EM_JS(void, pgplay_node_deliver, (), {
    const state = Module.pgplayNode;
    while (state && state.inbox.length) {
        const m = state.inbox.shift();
        const withString = (text, fn) => {
            const n = lengthBytesUTF8(text) + 1;
            const p = _malloc(n);
            stringToUTF8(text, p, n);
            try { fn(p); } finally { _free(p); }
        };
        if (m.type === 'ready') withString(String(m.version || ""), (p) => _pgplay_node_on_ready(p));
        else if (m.type === 'failed') withString(String(m.message || 'unknown error'), (p) => _pgplay_node_on_failed(p));
        else if (m.type === 'pgDumped') {
            withString(typeof m.text === "string" ? m.text : "", (text) => withString(String(m.error || ""), (error) =>
                _pgplay_node_on_pg_dumped(m.id, text, error, Number(m.ms) || 0)));
        }
        else if (m.type === 'result') {
            const bytes = new Uint8Array(m.packed);
            const p = _malloc(Math.max(1, bytes.length));
            HEAPU8.set(bytes, p);
            try { _pgplay_node_on_reply(m.id, p, bytes.length, m.count, m.changed ? 1 : 0, Number(m.ms) || 0); }
            finally { _free(p); }
        }
    }
});

namespace {
pgplay::RestartableDatabase* g_receiver = nullptr;   // set only while deliverEvents runs
}

extern "C" {
EMSCRIPTEN_KEEPALIVE void pgplay_node_on_ready(const char* version) {
    if (g_receiver) g_receiver->onReady(version);
}
EMSCRIPTEN_KEEPALIVE void pgplay_node_on_failed(const char* message) {
    if (g_receiver) g_receiver->onFailed(message);
}
EMSCRIPTEN_KEEPALIVE void pgplay_node_on_pg_dumped(double id, const char* text, const char* error, double ms) {
    if (g_receiver) g_receiver->onPgDumpReply(static_cast<pgplay::RequestId>(id), text, error, ms);
}
EMSCRIPTEN_KEEPALIVE void pgplay_node_on_reply(double id, const uint8_t* packed, int length, int count, int changed,
                                               double ms) {
    if (!g_receiver) return;
    g_receiver->onReply(static_cast<pgplay::RequestId>(id),
                        pgplay::unpackReplies(packed, length > 0 ? static_cast<size_t>(length) : 0,
                                              count > 0 ? static_cast<size_t>(count) : 0),
                        changed != 0, ms);
}
}

namespace pgplay {

NodeTransport::NodeTransport(std::string pgliteDir, std::string runnerPath, std::string workerPath)
    : pgliteDir_(std::move(pgliteDir)), runnerPath_(std::move(runnerPath)), workerPath_(std::move(workerPath)) {
    pgplay_node_start(pgliteDir_.c_str(), runnerPath_.c_str(), workerPath_.c_str());
}

NodeTransport::~NodeTransport() { pgplay_node_shutdown(); }

void NodeTransport::send(RequestId id, const std::vector<uint8_t>& packedBatches, size_t count) {
    pgplay_node_send(static_cast<double>(id), packedBatches.data(), packedBatches.size(), static_cast<int>(count));
}

bool NodeTransport::pgDump(RequestId id, const std::vector<std::string>& args) {
    std::string json = "[";
    for (const std::string& a : args) {
        json += json.size() > 1 ? "," : "";
        json += '"';
        for (char c : a) {
            if (c == '"' || c == '\\') json += '\\';
            if (static_cast<unsigned char>(c) < 0x20) continue;   // no control characters in options
            json += c;
        }
        json += '"';
    }
    pgplay_node_pg_dump(static_cast<double>(id), (json + "]").c_str());
    return true;
}

void NodeTransport::restart() {
    pgplay_node_shutdown();
    pgplay_node_start(pgliteDir_.c_str(), runnerPath_.c_str(), workerPath_.c_str());
}

void NodeTransport::waitForEvents(int ms) { pgplay_node_wait(ms); }

void NodeTransport::deliverEvents(RestartableDatabase& db) {
    g_receiver = &db;
    pgplay_node_deliver();
    g_receiver = nullptr;
}

}  // namespace pgplay
