// The compact row storage behind every result grid, and results made up by pgplay itself.
#include <algorithm>
#include <utility>

#include "result_model.h"

#include <limits>
#include <stdexcept>

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

}  // namespace pgplay
