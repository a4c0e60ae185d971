// Completion for the SQL editor: what the learner may mean by the word under the cursor.
//
// Reads the statement around the cursor with the same lexer the editor colours with
// (core/sql_script), works out what kind of name fits where the cursor is, and offers names from
// the live schema (core/schema_model) ranked by that context:
//   after FROM, JOIN, UPDATE, INTO, TABLE ...   relations (and schemas)
//   after alias. or table.                       that relation's columns (aliases come from the
//                                                statement's FROM, JOIN, UPDATE and INTO items)
//   after schema.                                that schema's relations and functions
//   after ::, or a column's type in CREATE TABLE types
//   at the start of a statement                  statement keywords
//   elsewhere (SELECT lists, WHERE, ON, SET ...) the statement's columns, functions, keywords
// Nothing is offered inside a string, a comment or a quoted identifier that was closed.
//
// Pure and fast (one tokenize of the text per call): the editor calls it on every keystroke.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "schema_model.h"
#include "sql_script.h"

namespace pgplay {

enum class CompletionKind { Keyword, Schema, Table, View, Column, Function, Type };

struct CompletionCandidate {
    std::string insert;      // the text that replaces the word: `users`, `"Order Items"`, `SELECT`
    CompletionKind kind = CompletionKind::Keyword;
    std::string detail;      // shown beside it: "integer · users", "view", "function"
};

struct Completions {
    // The bytes [replaceBegin, replaceEnd) of the text are the word being completed (empty
    // range: nothing typed yet, e.g. right after "u.").
    size_t replaceBegin = 0;
    size_t replaceEnd = 0;
    std::string prefix;      // what is typed of the word before the cursor, as typed
    bool explicitContext = false;   // after `alias.` or `::`: worth offering with no prefix typed
    std::vector<CompletionCandidate> candidates;   // best first; empty: nothing to offer here
};

// Candidates for the word at byte offset `cursor` of `text` (the whole editor), at most `limit`.
Completions completeSql(std::string_view text, size_t cursor, const SchemaSnapshot& schema, size_t limit = 60);
// The same with `tokens` = tokenizeSql(text), which the editor has already (lexing a 1 MB script
// again at every keystroke would double the time typing takes).
Completions completeSql(std::string_view text, const std::vector<Token>& tokens, size_t cursor,
                        const SchemaSnapshot& schema, size_t limit = 60);

// An identifier as it must be written in SQL: as is when PostgreSQL would read it back the same
// (lower case letters, digits, _ and $, not starting with a digit, not a reserved word), else in
// double quotes with inner quotes doubled.
std::string quoteIdentifierIfNeeded(std::string_view name);

}  // namespace pgplay
