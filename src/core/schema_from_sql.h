// A schema read from a script's CREATE statements, without a database: the tables (with their
// columns and types), views and enum types a setup script makes. The race editor completes
// names from its scenario's setup this way (the race's own database is reset at every play, and
// its catalog is not worth reading between the steps of a race).
#pragma once

#include <string_view>

#include "schema_model.h"

namespace pgplay {

// CREATE [TEMP|UNLOGGED] TABLE [IF NOT EXISTS] [schema.]name (column type ..., constraints),
// CREATE [OR REPLACE] [MATERIALIZED] VIEW name, CREATE TYPE name AS ENUM. Anything else, and
// anything it cannot read, is skipped.
SchemaSnapshot schemaFromSql(std::string_view script);

}  // namespace pgplay
