// What psql prints around a query's result, taken away again, for results pasted from a
// terminal: EXPLAIN output copied from psql is the usual way a plan reaches the plan viewer.
//
// Handled: the column header ("QUERY PLAN") and its rule, the "(N rows)" footer, frames
// (\pset border 2, ascii or unicode line styles, and tools that draw only a right border), the
// expanded display (\x: "-[ RECORD 1 ]---" and "QUERY PLAN | value"), and the marks at the end of
// a line that say a value goes on ("+" in ascii, "↵" in unicode). Not handled: \pset format
// wrapped, whose marks cannot be told from the text itself.
#pragma once

#include <string>
#include <string_view>

namespace pgplay {

// The values of a one-column result as printed by psql, one line per line of value text, with
// psql's decoration removed. Text that does not look like psql output comes back as it is (with
// "\r\n" line ends made "\n").
std::string stripPsqlDecoration(std::string_view text);

}  // namespace pgplay
