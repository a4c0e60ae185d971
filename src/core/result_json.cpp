// The result model as JSON (see result_json.h for the shape). Tools and tests outside the C++
// code read results only through this, so the key names are a contract.
#include "result_json.h"

namespace pgplay {

using nlohmann::json;

namespace {

json fieldsToJson(const std::vector<Field>& fields) {
    json out = json::array();
    auto& array = out.get_ref<json::array_t&>();
    array.reserve(fields.size());
    for (const Field& f : fields)
        array.push_back(json{{"name", f.name}, {"type", f.typeName}, {"typeOid", f.typeOid}});
    return out;
}

// Rows are the bulk of a big result: fill the underlying vectors directly, sized up front, so
// 100k rows cost one allocation per cell and no regrowth.
json rowsToJson(const RowSet& rows) {
    json out = json::array();
    auto& array = out.get_ref<json::array_t&>();
    const size_t rowCount = rows.rowCount();
    const size_t columnCount = rows.columnCount();
    array.reserve(rowCount);
    for (size_t r = 0; r < rowCount; ++r) {
        json::array_t row;
        row.reserve(columnCount);
        for (size_t c = 0; c < columnCount; ++c) {
            if (auto cell = rows.cell(r, c))
                row.emplace_back(json::string_t(cell->data(), cell->size()));
            else
                row.emplace_back(nullptr);
        }
        array.emplace_back(std::move(row));
    }
    return out;
}

json statementToJson(const StatementResult& s) {
    json out = json::object();
    out["command"] = s.command;
    out["tag"] = s.tag;
    out["rowCount"] = s.rowCount;
    out["fields"] = fieldsToJson(s.fields);
    out["rows"] = rowsToJson(s.rows);
    out["truncated"] = s.truncated;
    if (s.rowsCutAtBytes > 0) out["truncatedAtBytes"] = s.rowsCutAtBytes;
    if (!s.cutValues.empty()) {
        json cuts = json::array();
        for (const CutValue& c : s.cutValues) cuts.push_back({{"row", c.row}, {"column", c.column}, {"bytes", c.fullBytes}});
        out["cutValues"] = std::move(cuts);
    }
    // psql's decoration around a meta-command's result, and \x: only when there is some.
    if (!s.title.empty()) out["title"] = s.title;
    if (!s.footer.empty()) out["footer"] = s.footer;
    if (s.expanded) out["expanded"] = true;
    return out;
}

json noticeToJson(const Notice& n) {
    return json{{"severity", n.severity}, {"sqlstate", n.sqlstate}, {"message", n.message},
                {"detail", n.detail}, {"hint", n.hint}};
}

}  // namespace

json toJson(const QueryError& error) {
    return json{{"sqlstate", error.sqlstate}, {"message", error.message}, {"detail", error.detail},
                {"hint", error.hint}, {"position", error.position}, {"severity", error.severity},
                {"context", error.context}};
}

json toJson(const QueryResult& result) {
    json out = json::object();
    out["ok"] = result.ok;
    out["ms"] = result.ms;
    json results = json::array();
    results.get_ref<json::array_t&>().reserve(result.results.size());
    for (const StatementResult& s : result.results) results.push_back(statementToJson(s));
    out["results"] = std::move(results);
    out["error"] = result.error ? toJson(*result.error) : json(nullptr);
    json notices = json::array();
    for (const Notice& n : result.notices) notices.push_back(noticeToJson(n));
    out["notices"] = std::move(notices);
    out["transactionStatus"] = result.transactionStatus;
    return out;
}

std::string toJsonText(const QueryResult& result) {
    // Cell text is whatever the server sent; bytes that are not UTF-8 (a bytea cast to text in
    // SQL_ASCII, a broken client encoding) become U+FFFD instead of throwing mid-render.
    return toJson(result).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace pgplay
