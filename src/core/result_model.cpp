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
        // What the lessons' tasks and a learner's experiments run into besides.
        {"23000", "integrity_constraint_violation"}, {"23001", "restrict_violation"},
        {"21000", "cardinality_violation"},  {"22000", "data_exception"},
        {"22004", "null_value_not_allowed"}, {"22012", "division_by_zero"},
        {"22021", "character_not_in_repertoire"}, {"22023", "invalid_parameter_value"},
        {"25001", "active_sql_transaction"}, {"25006", "read_only_sql_transaction"},
        {"2BP01", "dependent_objects_still_exist"}, {"3D000", "invalid_catalog_name"},
        {"3F000", "invalid_schema_name"},    {"0A000", "feature_not_supported"},
        {"42501", "insufficient_privilege"}, {"42702", "ambiguous_column"},
        {"42710", "duplicate_object"},       {"42723", "duplicate_function"},
        {"42803", "grouping_error"},         {"42846", "cannot_coerce"},
        {"42P06", "duplicate_schema"},       {"42P10", "invalid_column_reference"},
        {"42P13", "invalid_function_definition"}, {"42P16", "invalid_table_definition"},
        {"42P18", "indeterminate_datatype"}, {"55006", "object_in_use"},
        {"P0001", "raise_exception"},
        // The later lessons: transactions and savepoints, prepared statements, functions and
        // triggers.
        {"P0002", "no_data_found"},          {"P0003", "too_many_rows"},
        {"P0004", "assert_failure"},         {"55000", "object_not_in_prerequisite_state"},
        {"3B001", "invalid_savepoint_specification"}, {"25P01", "no_active_sql_transaction"},
        {"26000", "invalid_sql_statement_name"}, {"42P05", "duplicate_prepared_statement"},
        {"42809", "wrong_object_type"},      {"42P17", "invalid_object_definition"},
        {"2F005", "function_executed_no_return_statement"}, {"39P01", "trigger_protocol_violated"},
        {"54001", "statement_too_complex"},
    };
    for (const auto& n : names)
        if (code == n.first) return code + " (" + n.second + ")";
    return code;
}

}  // namespace pgplay
