// Query results built by hand for core tests: a statement's row set of text columns, as the
// wire decoder would fill it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result_model.h"

namespace pgtest {

using TextRow = std::vector<std::optional<std::string>>;

// A SELECT of `columns` text columns named c0, c1, ... with these rows (nullopt: NULL).
inline pgplay::StatementResult textStatement(size_t columns, const std::vector<TextRow>& rows) {
    pgplay::StatementResult s;
    s.command = "SELECT";
    s.tag = "SELECT " + std::to_string(rows.size());
    s.rowCount = static_cast<int64_t>(rows.size());
    s.hasRowSet = true;
    for (size_t c = 0; c < columns; ++c) s.fields.push_back(pgplay::Field{"c" + std::to_string(c), 25, "text"});
    s.rows.reset(columns);
    for (const TextRow& row : rows)
        for (const auto& cell : row) s.rows.addCell(cell ? std::optional<std::string_view>(*cell) : std::nullopt);
    return s;
}

}  // namespace pgtest
