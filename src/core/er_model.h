// The schema as an entity-relationship diagram sees it: tables with their columns and key
// markers, and foreign keys as relationships with a cardinality a learner can read at a glance:
// one-to-one (the referencing columns are unique), one-to-many, and many-to-many through a link
// table (a table whose primary key is made of two foreign keys). Built from the schema model
// (core/schema_model.h) the schema browser already reads, so it follows every DDL.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "schema_model.h"

namespace pgplay {

struct ErColumn {
    std::string name;
    std::string type;
    bool primaryKey = false;
    bool foreignKey = false;
    bool notNull = false;
    bool unique = false;      // alone in a unique index or constraint
};

struct ErEntity {
    std::string name;         // as the schema model names it (schema-qualified unless public)
    std::string kind;         // "table", "view", ...
    std::vector<ErColumn> columns;
    bool linkTable = false;   // joins two tables many-to-many (drawn smaller)
    int64_t estimatedRows = -1;
};

enum class ErCardinality {
    OneToOne,     // each parent row has at most one child row
    OneToMany,
    ManyToMany,   // through `link`
};

struct ErRelationship {
    size_t child = 0;         // the referencing entity (for many-to-many: one side)
    size_t parent = 0;        // the referenced entity (for many-to-many: the other side)
    ErCardinality cardinality = ErCardinality::OneToMany;
    std::vector<std::string> columns, refColumns;
    std::string onDelete;     // "CASCADE", "SET NULL", ... ("NO ACTION" is the default)
    bool optional = false;    // a child row may have no parent (a nullable referencing column)
    std::optional<size_t> link;   // many-to-many: the link table's entity
    std::string constraint;   // the foreign key's name (for many-to-many: both, joined by " + ")
};

struct ErModel {
    std::vector<ErEntity> entities;            // in the schema model's order
    std::vector<ErRelationship> relationships;
    std::optional<size_t> find(const std::string& name) const;
};

ErModel buildErModel(const SchemaSnapshot& schema);

// The columns of a plain index definition, "CREATE UNIQUE INDEX u ON public.t USING btree (a, b)"
// -> {"a", "b"}; empty for an expression or partial index (they do not make columns unique).
std::vector<std::string> indexColumns(const std::string& definition);

}  // namespace pgplay
