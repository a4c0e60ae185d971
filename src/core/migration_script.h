// Migration steps (lesson_model.h's DownRestores and ReapplyFails checks): the learner's script
// is an up migration, a comment line "-- down" (or "-- migrate:down", as dbmate writes it), then
// the down migration; and the catalog snapshot that tells whether down put everything back.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pgplay {

struct MigrationParts {
    std::string up;
    std::string down;
};

// Splits at the first "-- down" comment that stands on a line of its own (not one inside a
// string, a dollar-quoted body or a block comment). nullopt when there is none.
std::optional<MigrationParts> splitMigration(std::string_view script);

// A script whose last statement returns a row of text for every object in the user's schemas (tables, columns with type,
// nullability, default and identity, constraints, indexes, sequences, views, functions,
// triggers, enum labels; a function by its text with runs of whitespace made one space), each
// table's row count, and a hash of each table's rows as JSON objects, so the order of the
// columns does not count ("values in public.users: <md5>"), sorted; search_path and TimeZone set
// first, so the text does not depend on what a migration changed. Two snapshots differ when down
// left any of these different (not compared: grants, policies, composite and range types).
// Runs unchanged on PostgreSQL 15 to 18 and PGlite.
const std::string& schemaSnapshotSql();

}  // namespace pgplay
