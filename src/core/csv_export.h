// Turning results into text for the clipboard: one cell, one row, or a whole result as CSV
// (RFC 4180 quoting) or TSV (tabs and newlines inside values escaped as \t \n \\).
#pragma once

#include <string>

#include "result_model.h"

namespace pgplay {

enum class TextFormat { Csv, Tsv };

// NULL is written as an empty field; in CSV an empty string is written as "" so the two differ
// (as in PostgreSQL's COPY ... CSV). Out-of-range rows or cells give "".
std::string cellToText(const RowSet& rows, size_t row, size_t col);        // the raw value; NULL -> ""
std::string rowToText(const StatementResult& r, size_t row, TextFormat f); // no header, no newline
// Header line of column names, then one line per row, each ending in "\n". "" for a statement
// without a row set (INSERT, CREATE TABLE ...).
std::string resultToText(const StatementResult& r, TextFormat f);

}  // namespace pgplay
