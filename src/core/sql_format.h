// The editor's formatter (Ctrl+Shift+F): keywords in upper case, each clause of a query on a
// line of its own, subqueries indented, a CREATE TABLE's columns one per line.
//
// It only ever changes whitespace between tokens and the case of keywords, which PostgreSQL
// reads the same (unquoted words fold to lower case), and never joins two tokens that were
// apart, so a formatted statement means what it meant. Strings, quoted names, dollar-quoted
// bodies and comments are kept byte for byte; a line comment keeps its line end. COPY data and
// psql meta-commands are left alone.
#pragma once

#include <string>
#include <string_view>

namespace pgplay {

// One statement (no trailing ';'), formatted.
std::string formatSqlStatement(std::string_view statement);

// Every statement of a script formatted; what lies between them (semicolons, comments after a
// statement, blank lines) is kept.
std::string formatSqlScript(std::string_view script);

}  // namespace pgplay
