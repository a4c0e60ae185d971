// race-run: plays a race scenario (lessons/races/*.txt format) with the core RaceEngine on a
// fresh PGlite database in Node, exactly as the browser plays it, and prints the timeline:
// raceTimelineJson() and a newline (one object a session statement, then one a check).
// usage: race-run SCENARIO.txt   (scripts/race-run wraps it)
// Exit status: 0 played to the end; 1 the engine failed or the database could not start;
// 2 usage error, unreadable file, malformed scenario or a setup: line that failed ("FILE:LINE:
// message"); 3 the engine refused the scenario (something it does not model), nothing on stdout.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "core/race_engine.h"
#include "core/race_scenario.h"
#include "core/race_timeline.h"
#include "node/node_database.h"
#include "node/tool_output.h"

namespace {

using namespace pgplay;

int usage() {
    std::fprintf(stderr, "usage: race-run SCENARIO.txt   (prints the race's timeline as JSON)\n");
    return 2;
}

// The whole file; false with errno set when it cannot be read (a directory opens but fails here).
bool readFile(const std::string& path, std::string& out) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    char buffer[65536];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) out.append(buffer, n);
    const bool ok = !std::ferror(f);
    const int error = errno;
    std::fclose(f);
    errno = error;
    return ok;
}

// "FILE:LINE: message", or "FILE: message" when the failure concerns no line (a table without a
// primary key).
std::string located(const std::string& file, const RaceFailure& f) {
    return file + (f.line > 0 ? ":" + std::to_string(f.line) : std::string()) + ": " + f.message;
}

int run(int argc, char** argv) {
    if (argc != 2) return usage();
    const std::string file = argv[1];
    if (file == "--help" || file == "-h") return usage();

    std::string text;
    if (!readFile(file, text)) {
        std::fprintf(stderr, "race-run: cannot read %s: %s\n", file.c_str(), std::strerror(errno));
        return 2;
    }
    RaceParseResult parsed = parseRaceScenario(text, file);
    if (!parsed.ok()) {
        std::cerr << parsed.errorText();
        if (!parsed.errorText().empty() && parsed.errorText().back() != '\n') std::cerr << "\n";
        return 2;
    }

    NodeDatabase db = openNodeDatabase();   // a fresh PGlite: nothing left from another run
    if (db.status().state != DatabaseState::Ready) {
        std::cerr << "race-run: the database did not start: " << db.status().message << std::endl;
        return 1;
    }
    // PGlite ignores statement_timeout: the watchdog stops a statement that never ends (57014),
    // which the engine reports as its database having stopped.
    RunOptions options;
    options.timeoutMs = 10000;
    RaceEngine engine(*parsed.scenario);
    playRaceSync(engine, [&](const std::string& script) { return db.runNow(script, options); });

    if (const auto& failure = engine.failure()) {
        switch (failure->kind) {
            case RaceFailure::Kind::Refused:
                std::cerr << located(file, *failure) << std::endl;
                return 3;
            case RaceFailure::Kind::SetupFailed:
                std::cerr << located(file, *failure) << std::endl;
                return 2;
            case RaceFailure::Kind::EngineFailed:
                std::cerr << "race-run: " << failure->message << std::endl;
                return 1;
        }
    }
    writeStdout(raceTimelineJson(engine.timeline()) + "\n");
    return 0;
}

}  // namespace

// exit() explicitly: under ASYNCIFY, main's return value is lost once it has awaited PGlite.
int main(int argc, char** argv) { std::exit(run(argc, argv)); }
