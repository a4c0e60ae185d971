#include "platform/worker_transport.h"

#include <nlohmann/json.hpp>

#include "platform/js_bridge.h"

namespace pgplay {

void WorkerTransport::start() { pgplay_js_db_start(static_cast<int>(channel_)); }

void WorkerTransport::send(RequestId id, const std::vector<uint8_t>& packedBatches, size_t count) {
    pgplay_js_db_send(static_cast<int>(channel_), static_cast<double>(id), packedBatches.data(), packedBatches.size(),
                      static_cast<int>(count));
}

bool WorkerTransport::pgDump(RequestId id, const std::vector<std::string>& args) {
    pgplay_js_db_pg_dump(static_cast<int>(channel_), static_cast<double>(id), nlohmann::json(args).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return true;
}

void WorkerTransport::restart() { pgplay_js_db_restart(static_cast<int>(channel_)); }

void WorkerTransport::replace(NewContents contents) {
    pgplay_js_db_replace(static_cast<int>(channel_), contents == NewContents::PickedFile ? 1 : 0);
}

}  // namespace pgplay
