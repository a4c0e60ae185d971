// Results as clipboard text. CSV follows RFC 4180 and PostgreSQL's COPY ... CSV: a NULL is an
// empty field and an empty string is "" so the two stay distinguishable. TSV is what
// spreadsheets accept on paste: one line per row, so tabs and line breaks inside values are
// written as \t \n \r (and \ as \\), like COPY's text format.
#include "core/csv_export.h"

namespace pgplay {

namespace {

bool csvNeedsQuotes(std::string_view v) {
    return v.empty() || v.find_first_of(",\"\r\n") != std::string_view::npos;
}

void appendField(std::string& out, std::optional<std::string_view> value, TextFormat f) {
    if (!value) return;   // NULL: an empty field in both formats
    const std::string_view v = *value;
    if (f == TextFormat::Csv) {
        if (!csvNeedsQuotes(v)) {
            out += v;
            return;
        }
        out += '"';
        for (char c : v) {
            if (c == '"') out += '"';
            out += c;
        }
        out += '"';
        return;
    }
    for (char c : v) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out += c;
        }
    }
}

char separator(TextFormat f) { return f == TextFormat::Csv ? ',' : '\t'; }

void appendRow(std::string& out, const RowSet& rows, size_t row, TextFormat f) {
    for (size_t c = 0; c < rows.columnCount(); ++c) {
        if (c > 0) out += separator(f);
        appendField(out, rows.cell(row, c), f);
    }
}

}  // namespace

std::string cellToText(const RowSet& rows, size_t row, size_t col) {
    if (row >= rows.rowCount() || col >= rows.columnCount() || rows.isNull(row, col)) return {};
    return std::string(rows.text(row, col));
}

std::string rowToText(const StatementResult& r, size_t row, TextFormat f) {
    std::string out;
    if (row < r.rows.rowCount()) appendRow(out, r.rows, row, f);
    return out;
}

std::string resultToText(const StatementResult& r, TextFormat f) {
    if (!r.hasRowSet) return {};
    std::string out;
    for (size_t c = 0; c < r.fields.size(); ++c) {
        if (c > 0) out += separator(f);
        // Column names are never NULL; an unnamed column ("") still gets its CSV quotes.
        appendField(out, std::string_view(r.fields[c].name), f);
    }
    out += '\n';
    for (size_t row = 0; row < r.rows.rowCount(); ++row) {
        appendRow(out, r.rows, row, f);
        out += '\n';
    }
    return out;
}

}  // namespace pgplay
