// The result model as JSON: the contract of window.playground.run() and postMessage replies.
//   {ok, ms, results:[{command, tag, rowCount, fields:[{name,type,typeOid}], rows:[[text|null]],
//     truncated, title?, footer?:[line], expanded?}], error:{sqlstate, message, detail, hint, position, severity, context}|null,
//     notices:[{severity, sqlstate, message, detail, hint}], transactionStatus}
// Cell values are PostgreSQL's text output as JSON strings; SQL NULL is JSON null. title, footer
// (psql's lines around a meta-command's table, result_model.h) and expanded (\x) appear only
// when set.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "result_model.h"

namespace pgplay {

nlohmann::json toJson(const QueryResult& result);
nlohmann::json toJson(const QueryError& error);
std::string toJsonText(const QueryResult& result);

}  // namespace pgplay
