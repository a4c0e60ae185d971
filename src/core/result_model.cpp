// The compact row storage behind every result grid, results made up by pgplay itself, and
// SQLSTATE names.
#include "result_model.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <utility>

namespace pgplay {

void RowSet::reset(size_t columnCount) {
    columnCount_ = columnCount;
    rows_ = 0;
    blob_.clear();
    cells_.clear();
}

void RowSet::addRow(const std::vector<std::optional<std::string_view>>& cells) {
    if (columnCount_ == 0) {
        addEmptyRow();
        return;
    }
    // A short or long row would shift every later cell into the wrong column; pad or cut it so
    // the grid stays rectangular whatever a caller hands in.
    for (size_t c = 0; c < columnCount_; ++c)
        addCell(c < cells.size() ? cells[c] : std::nullopt);
}

void RowSet::addCell(std::optional<std::string_view> value) {
    if (!value) {
        cells_.push_back(CellRef{static_cast<uint32_t>(blob_.size()), -1});
        return;
    }
    // Offsets are 32-bit to keep a cell at 8 bytes. Decoders cap rows long before 4 GB; a blob
    // that large could not live in a browser tab anyway.
    if (blob_.size() + value->size() > std::numeric_limits<uint32_t>::max() ||
        value->size() > static_cast<size_t>(std::numeric_limits<int32_t>::max()))
        throw std::length_error("RowSet: result larger than 4 GB");
    cells_.push_back(CellRef{static_cast<uint32_t>(blob_.size()), static_cast<int32_t>(value->size())});
    blob_.append(value->data(), value->size());
}

bool RowSet::isNull(size_t row, size_t col) const {
    if (col >= columnCount_) return true;
    size_t i = row * columnCount_ + col;
    return i >= cells_.size() || cells_[i].length < 0;
}

std::string_view RowSet::text(size_t row, size_t col) const {
    if (isNull(row, col)) return {};
    const CellRef& ref = cells_[row * columnCount_ + col];
    return std::string_view(blob_).substr(ref.offset, static_cast<size_t>(ref.length));
}

std::optional<std::string_view> RowSet::cell(size_t row, size_t col) const {
    if (isNull(row, col)) return std::nullopt;
    return text(row, col);
}

QueryResult makeErrorResult(std::string sqlstate, std::string message, std::string hint) {
    QueryResult result;
    result.ok = false;
    QueryError error;
    error.severity = "ERROR";
    error.sqlstate = std::move(sqlstate);
    error.message = std::move(message);
    error.hint = std::move(hint);
    result.error = std::move(error);
    return result;
}

const CutValue* StatementResult::cutValue(size_t row, size_t column) const {
    auto it = std::lower_bound(cutValues.begin(), cutValues.end(), std::make_pair(row, column),
                               [](const CutValue& c, const std::pair<size_t, size_t>& at) {
                                   return c.row < at.first || (c.row == at.first && c.column < at.second);
                               });
    return it != cutValues.end() && it->row == row && it->column == column ? &*it : nullptr;
}

// PostgreSQL's condition names (errcodes.txt) for the codes lessons use.
std::string describeSqlstate(const std::string& code) {
    static const std::pair<const char*, const char*> names[] = {
        {"23505", "unique_violation"},       {"23503", "foreign_key_violation"},
        {"23502", "not_null_violation"},     {"23514", "check_violation"},
        {"23P01", "exclusion_violation"},    {"22001", "string_data_right_truncation"},
        {"22003", "numeric_value_out_of_range"}, {"22P02", "invalid_text_representation"},
        {"22007", "invalid_datetime_format"}, {"22008", "datetime_field_overflow"},
        {"428C9", "generated_always"},       {"42P01", "undefined_table"},
        {"42703", "undefined_column"},       {"42601", "syntax_error"},
        {"42804", "datatype_mismatch"},      {"42883", "undefined_function"},
        {"42P07", "duplicate_table"},        {"42701", "duplicate_column"},
        {"40001", "serialization_failure"},  {"40P01", "deadlock_detected"},
        {"55P03", "lock_not_available"},     {"57014", "query_canceled"},
        {"25P02", "in_failed_sql_transaction"},
    };
    for (const auto& n : names)
        if (code == n.first) return code + " (" + n.second + ")";
    return code;
}

}  // namespace pgplay
