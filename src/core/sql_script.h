// Reading SQL text the way psql does: a lexer that knows PostgreSQL's quoting rules, a splitter
// that cuts a script into statements at top-level semicolons, and the token classes the editor
// colours. One lexer serves all three so the editor's colours and the runner's idea of where a
// statement ends never disagree.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgplay {

enum class TokenKind {
    Whitespace,
    Keyword,        // SELECT, FROM, CREATE, ... (case-insensitive, from PostgreSQL's keyword list)
    Identifier,     // users, "Quoted Name"
    String,         // 'text', E'esc\n', $$body$$, $tag$body$tag$, B'101', X'ff', U&'...'
    Number,         // 42, 3.14, 1e10, 0x1F, 1_000
    Comment,        // -- line, /* block, nested */
    Operator,       // = <> :: || -> ->> @> ...
    Punctuation,    // ( ) , ; [ ] .
    Parameter,      // $1
    Unterminated,   // a quote, dollar quote or block comment that never closes (to end of text)
};

struct Token {
    TokenKind kind;
    size_t offset;  // byte offset in the text
    size_t length;  // bytes
};

// Splits `text` into tokens covering every byte, in order. Never fails: bad input becomes
// Unterminated or Operator tokens. Invalid UTF-8 is passed through byte by byte.
std::vector<Token> tokenizeSql(std::string_view text);

bool isSqlKeyword(std::string_view word);   // case-insensitive

struct SqlStatement {
    size_t offset;        // byte offset of `text` in the script: script.substr(offset, text.size()) == text
    std::string text;     // the statement without the terminating ';', trimmed of surrounding blanks
    // COPY ... FROM STDIN: the data lines that follow it in the script, as psql reads them (from
    // the next line up to a line "\." or the end of the script), each with its '\n'; nullopt
    // when the script has none at all (the statement is its last line).
    std::optional<std::string> copyData;
    // A psql meta-command ("\dt", "\d users", "\x"): `text` is the backslash and its arguments,
    // up to the end of the line (see psql_meta.h). It is not SQL and is never sent as it is.
    bool metaCommand = false;
};

// Cuts a script into statements at top-level ';' (not inside quotes, dollar quotes, comments,
// parentheses, or a BEGIN ATOMIC ... END function body). Statements that are empty or only
// comments are dropped. A missing final ';' is fine.
// Comments before a statement are part of its text (PostgreSQL accepts them, and error positions
// stay plain offsets), except a comment on the same line right after the previous ';'
// ("SELECT 1; -- first"), which belongs to the statement before and is left out of both.
// An unterminated quote or comment runs to the end of the script, inside the last statement.
// After a COPY ... FROM STDIN statement the lines up to "\." are its data (copyData), not SQL,
// as in psql and the files pg_dump writes.
// psql's other rules a script from psql may rely on: a backslash outside quotes and comments
// begins a meta-command that runs to the end of the line (or to the next unquoted backslash; a
// "\\" ends it and the line goes on as SQL), and SQL before it on its line is a statement of its
// own; after SET standard_conforming_strings = off, a backslash escapes a quote in '...'.
std::vector<SqlStatement> splitSqlScript(std::string_view script);

// Number of Unicode code points in the first `byteOffset` bytes of `text` (for mapping byte
// offsets to PostgreSQL's 1-based character positions and back).
size_t utf8CharCount(std::string_view text, size_t byteOffset);
// Byte offset of the 0-based code point `charIndex` in `text` (clamped to text.size()).
size_t utf8ByteOffset(std::string_view text, size_t charIndex);

// First byte offset of a NUL (0) byte, or std::string_view::npos.
size_t findNulByte(std::string_view text);

}  // namespace pgplay
