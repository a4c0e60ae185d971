#include "node/tool_output.h"

#include <emscripten.h>

#include <cstdio>

EM_JS(void, pgplay_node_write_stdout, (const char* data, size_t length), {
    const fs = require('fs');
    const bytes = HEAPU8.subarray(data, data + length);
    let at = 0;
    while (at < bytes.length) {
        try {
            at += fs.writeSync(1, bytes, at, bytes.length - at);
        } catch (err) {
            if (err.code !== 'EAGAIN') throw err;   // a full pipe: its reader catches up
        }
    }
});

namespace pgplay {

void writeStdout(const std::string& text) {
    std::fflush(stdout);   // whatever went through stdio before comes first
    pgplay_node_write_stdout(text.data(), text.size());
}

}  // namespace pgplay
