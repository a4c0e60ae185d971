// A pg_dump command line as a learner types it in pgplay ("pg_dump --table=orders --clean"):
// read into the options pg_dump is run with, on the database the editor works on. pg_dump runs
// beside PostgreSQL (in the browser, @electric-sql/pglite-tools' build of it; in the tests, the
// server's own), always in plain SQL format with INSERT statements, so that the dump replays as
// an ordinary script.
//
// Only options that make sense for one database and a dump shown on screen are taken; any other
// gets an error saying what is available, never a silent no-op:
//   -t/--table, -T/--exclude-table, --exclude-table-data, -n/--schema, -N/--exclude-schema,
//   -s/--schema-only, -a/--data-only, -c/--clean, --if-exists, --inserts, --column-inserts,
//   --rows-per-insert=N, -O/--no-owner, -x/--no-privileges/--no-acl, --no-comments.
// A database name (`pg_dump shop`, `-d shop`) and an output file (`-f x.sql`, `> x.sql`) are
// psql habits: taken and ignored, as there is one database and the dump is shown.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "result_model.h"

namespace pgplay {

struct PgDumpCommand {
    std::vector<std::string> args;   // normalized: "--table=orders", "--clean", ...
    std::string error;               // why the line cannot run ("" when it can)
    bool ok() const { return error.empty(); }
};

// Whether `text` (a script) is a pg_dump command line: its first word is pg_dump.
bool isPgDumpCommand(std::string_view text);

// Reads the command line (one line; the leading "pg_dump" is optional).
PgDumpCommand parsePgDumpCommand(std::string_view text);

// What every engine answers a pg_dump request with (RunOptions::pgDump): one row of one text
// column, "pg_dump", holding the dump.
QueryResult pgDumpResult(std::string_view dump, double ms);

// The dump as a script pgplay can run: psql's own lines (\restrict, \connect ...) dropped, the
// SQL as pg_dump wrote it.
std::string restorableDump(std::string_view dump);

}  // namespace pgplay
