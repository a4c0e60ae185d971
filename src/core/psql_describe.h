// \d NAME: the catalog queries that describe one relation (a table, view, materialized view,
// index, sequence, composite or foreign table) and the assembly of their answers into psql's
// layout (see psql_meta.h). Used by psql_meta.cpp only.
#pragma once

#include <string>
#include <vector>

#include "psql_meta.h"

namespace pgplay {

// The queries, in order. They all run in one batch (PGlite gets them at once), so none can use
// another's answer: each finds the relation again from the pattern (the first match by schema and
// name, as psql orders them) and answers nothing when it does not apply to its kind.
std::vector<std::string> describeQueries(const std::string& pattern);

MetaOutcome assembleDescribe(const MetaPlan& plan, const std::vector<StatementResult>& parts);

}  // namespace pgplay
