// psql's object-name patterns ("users", "user*", "public.*", "\"Mixed\"Case") turned into the
// WHERE conditions psql's catalog queries use: anchored regular expressions matched with
// OPERATOR(pg_catalog.~), the way the psql documentation describes them (section "Patterns").
#pragma once

#include <string>
#include <string_view>

namespace pgplay {

// A pattern split at its unquoted dot and translated, each half to "^(...)$"; empty when absent.
struct PsqlPattern {
    std::string schemaRegex;   // "" when the pattern names no schema
    std::string nameRegex;     // "" when there is no pattern at all, or the name is "*"
    bool tooManyDots = false;  // "a.b.c.d": psql refuses it ("improper qualified name")
};

// Unquoted letters are folded to lower case; inside double quotes everything is literal ("" is
// one quote); outside quotes * means any text, ? any one character, $ is literal, and the other
// regular-expression characters keep their meaning. A leading database part ("db.schema.name")
// is accepted and ignored, as psql does for the current database.
PsqlPattern translatePsqlPattern(std::string_view pattern);

// " AND <schemaColumn> ~ '...' AND <nameColumn> ~ '...'" for `pattern`, or, without a schema,
// " AND <visibleExpr>" (pg_table_is_visible(c.oid): only what the search path finds); "" when
// `pattern` is empty. `altNameColumn`, when given, is a second column either may match
// (\dT matches the type's name or its format_type() spelling).
std::string psqlPatternCondition(std::string_view pattern, std::string_view schemaColumn, std::string_view nameColumn,
                                 std::string_view visibleExpr, std::string_view altNameColumn = {});

// `text` as an E'...' literal, safe whatever standard_conforming_strings is.
std::string sqlLiteral(std::string_view text);

}  // namespace pgplay
