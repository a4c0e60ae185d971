// pgplay-sql: runs a SQL script on PGlite in Node through pgplay's core, exactly as the browser
// does, and prints the result model as JSON (the window.playground.run() format).
// usage: pgplay-sql FILE.sql [--row-cap N] [--timeout SECONDS]   (scripts/pgplay-sql wraps it)
// A script still running after the timeout (60 s unless given) is stopped with SQLSTATE 57014.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "core/result_json.h"
#include "node/node_database.h"
#include "node/tool_output.h"

namespace {

int run(int argc, char** argv) {
    std::string file;
    pgplay::RunOptions options;
    options.timeoutMs = 60000;   // a headless run is never left hanging (PGlite ignores statement_timeout)
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--row-cap" && i + 1 < argc) {
            options.rowCap = static_cast<size_t>(std::strtoull(argv[++i], nullptr, 10));
        } else if (arg == "--timeout" && i + 1 < argc) {
            options.timeoutMs = static_cast<int>(std::strtod(argv[++i], nullptr) * 1000);
        } else if (file.empty()) {
            file = arg;
        } else {
            std::fprintf(stderr, "usage: pgplay-sql FILE.sql [--row-cap N] [--timeout SECONDS]\n");
            return 2;
        }
    }
    if (file.empty()) {
        std::fprintf(stderr, "usage: pgplay-sql FILE.sql [--row-cap N] [--timeout SECONDS]   (FILE may be - for stdin)\n");
        return 2;
    }
    std::stringstream text;
    if (file == "-") {
        text << std::cin.rdbuf();
    } else {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "pgplay-sql: cannot read %s\n", file.c_str());
            return 2;
        }
        text << in.rdbuf();
    }
    pgplay::NodeDatabase database = pgplay::openNodeDatabase();
    pgplay::QueryResult result = database.runNow(text.str(), options);
    pgplay::writeStdout(pgplay::toJsonText(result) + "\n");
    return result.ok ? 0 : 1;
}

}  // namespace

// exit() explicitly: under ASYNCIFY, main's return value is lost once it has awaited PGlite.
int main(int argc, char** argv) { std::exit(run(argc, argv)); }
