// psql's meta-commands (\d, \dt, \x, ...) in a pgplay script.
//
// A meta-command is a line of its own in the script (the splitter marks it, sql_script.h). It is
// not SQL: planMetaCommand() reads it into a plan, a few pg_catalog queries written the way
// psql's own describe queries are (so they answer the same on PostgreSQL 15 and 17), or an
// action on the client's display settings. The runner sends the queries (PGlite: one wire batch,
// pg_wire.h; libpq: one query each, src/native/pq_database) and assembleMetaResult() makes their
// answers one statement result shaped like psql's output: the same title, column names, rows
// and footer lines.
//
// Supported: \d [NAME], \dt \di \dv \dm \ds \dE (and combinations like \dti), \df, \dn, \dT,
// \du (\dg), \l, \dx, \x, \timing, \conninfo, \?. Patterns as in psql; S shows system objects;
// + adds psql's extra columns to the relation lists (\dt+: persistence, access method, size,
// description) and is accepted, without extra columns, elsewhere.
// \d NAME with a pattern that matches several relations describes the first (by schema and
// name, as psql orders them) and lists the others in a footer line.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "result_model.h"

namespace pgplay {

enum class MetaKind {
    Invalid,        // an unknown command or bad arguments: MetaPlan::error
    ListRelations,  // \d, \dt, \di, \dv, \dm, \ds, \dE
    Describe,       // \d NAME
    ListFunctions,  // \df
    ListSchemas,    // \dn
    ListTypes,      // \dT
    ListRoles,      // \du, \dg
    ListDatabases,  // \l
    ListExtensions, // \dx
    ConnInfo,       // \conninfo
    Expanded,       // \x [on|off|auto]
    Timing,         // \timing [on|off]
    Help,           // \?
};

struct MetaPlan {
    MetaKind kind = MetaKind::Invalid;
    std::string command;               // the command word as typed: "\dt+", "\d"
    std::string pattern;               // its pattern argument as typed ("" when none)
    bool plus = false;                 // + : more detail
    bool system = false;               // S : system objects too
    std::string relationKinds;         // ListRelations: the letters of t, i, v, m, s, E asked for
    std::optional<bool> setting;       // \x and \timing: on or off; nullopt toggles (\x auto: see autoExpanded)
    bool autoExpanded = false;         // \x auto
    std::vector<std::string> queries;  // catalog queries to run, in order (none for client-side actions)
    QueryError error;                  // kind == Invalid: psql's message, sqlstate::kMetaCommand
};

// Reads one meta-command line ("\dt+ public.*"). Never fails: unknown commands and bad
// arguments give a plan of kind Invalid that carries psql's error.
MetaPlan planMetaCommand(std::string_view line);

// The meta-command's one statement result, from the results of plan.queries (all of them, in
// order), or the error psql would give (\d nosuch). command is the command word ("\dt"); a
// result without rows says in its tag what happened ("Expanded display is on.", "Did not find
// any relation named "x"."). \x and \timing answer as psql does in a fresh session; the session's
// own settings are applied afterwards (PsqlDisplay).
struct MetaOutcome {
    StatementResult result;
    std::optional<QueryError> error;
};
MetaOutcome assembleMetaResult(const MetaPlan& plan, const std::vector<StatementResult>& parts);

// psql's \x and \timing for a session: kept across runs by whoever owns the session (the
// Playground), applied to each run's result in statement order.
struct PsqlDisplay {
    bool expanded = false;
    bool timing = false;
    // Follows the \x and \timing results of `run` (rewriting their tags to what they did in this
    // session), marks row results that come after \x on as expanded, and when timing is on adds
    // "Time: N ms" (the run's time) to the footer of its last SQL statement.
    void apply(QueryResult& run);
};

// True for a statement result made by a meta-command.
inline bool isMetaResult(const StatementResult& s) { return !s.command.empty() && s.command[0] == '\\'; }

}  // namespace pgplay
