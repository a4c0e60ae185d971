// Standard output for the headless tools. The tools end with exit(), and Node drops output
// still queued for a pipe when the process exits: a large result (tens of MB of JSON) arrived
// cut short. This writes synchronously, waiting out a full pipe, so every byte is out first.
#pragma once

#include <string>

namespace pgplay {

void writeStdout(const std::string& text);

}  // namespace pgplay
