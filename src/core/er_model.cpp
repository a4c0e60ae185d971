#include "er_model.h"

#include <algorithm>
#include <set>

#include "text_util.h"

namespace pgplay {

namespace {

// "name" or "\"Odd Name\"" -> the identifier as it is.
std::string unquoted(std::string_view s) {
    s = trim(s);
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
        std::string out;
        for (size_t i = 1; i + 1 < s.size(); ++i) {
            out += s[i];
            if (s[i] == '"' && i + 2 < s.size() && s[i + 1] == '"') ++i;
        }
        return out;
    }
    return std::string(s);
}

bool sameSet(std::vector<std::string> a, std::vector<std::string> b) {
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
}

std::vector<std::string> primaryKey(const TableInfo& t) {
    std::vector<std::string> out;
    for (const ColumnInfo& c : t.columns)
        if (c.primaryKey) out.push_back(c.name);
    return out;
}

// Whether these columns, together, are unique in the table: its primary key or a unique index.
bool unique(const TableInfo& t, const std::vector<std::string>& columns) {
    if (columns.empty()) return false;
    if (sameSet(primaryKey(t), columns)) return true;
    for (const IndexInfo& i : t.indexes)
        if (i.unique && sameSet(indexColumns(i.definition), columns)) return true;
    return false;
}

// A link table: its primary key (or a unique index) is exactly the columns of two foreign keys,
// and besides them it holds at most a couple of columns (a timestamp, a role).
bool isLinkTable(const TableInfo& t) {
    if (t.foreignKeys.size() != 2) return false;
    std::vector<std::string> both = t.foreignKeys[0].columns;
    both.insert(both.end(), t.foreignKeys[1].columns.begin(), t.foreignKeys[1].columns.end());
    if (!unique(t, both)) return false;
    return t.columns.size() <= both.size() + 2;
}

}  // namespace

std::vector<std::string> indexColumns(const std::string& definition) {
    // A partial index (WHERE ...) makes its columns unique only where the predicate holds.
    if (definition.find(" WHERE ") != std::string::npos) return {};
    const size_t using_ = definition.find(" USING ");
    const size_t open = definition.find('(', using_ == std::string::npos ? 0 : using_);
    if (open == std::string::npos) return {};
    int depth = 0;
    size_t close = std::string::npos;
    for (size_t i = open; i < definition.size(); ++i) {
        if (definition[i] == '(') ++depth;
        if (definition[i] == ')' && --depth == 0) {
            close = i;
            break;
        }
    }
    if (close == std::string::npos) return {};
    std::vector<std::string> out;
    const std::string inner = definition.substr(open + 1, close - open - 1);
    size_t start = 0;
    for (size_t i = 0; i <= inner.size(); ++i) {
        if (i < inner.size() && inner[i] != ',') continue;
        std::string part(trim(std::string_view(inner).substr(start, i - start)));
        // "email text_pattern_ops", "name DESC": the column is the first word; an expression
        // ("lower(email)") is not a column.
        if (part.empty() || part.find('(') != std::string::npos) return {};
        if (part.front() != '"') part = part.substr(0, part.find(' '));
        out.push_back(unquoted(part));
        start = i + 1;
    }
    return out;
}

std::optional<size_t> ErModel::find(const std::string& name) const {
    for (size_t i = 0; i < entities.size(); ++i)
        if (entities[i].name == name) return i;
    return std::nullopt;
}

ErModel buildErModel(const SchemaSnapshot& schema) {
    ErModel model;
    auto nameOf = [](const TableInfo& t) { return t.schema == "public" ? t.name : t.schema + "." + t.name; };
    for (const TableInfo& t : schema.tables) {
        ErEntity e;
        e.name = nameOf(t);
        e.kind = t.kind;
        e.estimatedRows = t.estimatedRows;
        e.linkTable = isLinkTable(t);
        std::set<std::string> fkColumns;
        for (const ForeignKeyInfo& fk : t.foreignKeys) fkColumns.insert(fk.columns.begin(), fk.columns.end());
        for (const ColumnInfo& c : t.columns)
            e.columns.push_back({c.name, c.type, c.primaryKey, fkColumns.count(c.name) > 0, c.notNull,
                                 !c.primaryKey && unique(t, {c.name})});
        model.entities.push_back(std::move(e));
    }
    for (size_t i = 0; i < schema.tables.size(); ++i) {
        const TableInfo& t = schema.tables[i];
        if (model.entities[i].linkTable) {
            // The two sides in the link table's column order (task_id, tag_id: tasks, then tags).
            auto position = [&](const ForeignKeyInfo& f) {
                for (size_t c = 0; c < t.columns.size(); ++c)
                    if (!f.columns.empty() && t.columns[c].name == f.columns[0]) return c;
                return t.columns.size();
            };
            const bool swap = position(t.foreignKeys[1]) < position(t.foreignKeys[0]);
            const ForeignKeyInfo& a = t.foreignKeys[swap ? 1 : 0];
            const ForeignKeyInfo& b = t.foreignKeys[swap ? 0 : 1];
            auto pa = model.find(a.refTable), pb = model.find(b.refTable);
            if (pa && pb) {
                ErRelationship r;
                r.child = *pa;
                r.parent = *pb;
                r.cardinality = ErCardinality::ManyToMany;
                r.link = i;
                r.columns = a.columns;
                r.refColumns = b.columns;
                r.onDelete = a.onDelete;
                r.constraint = a.name + " + " + b.name;
                model.relationships.push_back(std::move(r));
                continue;
            }
        }
        for (const ForeignKeyInfo& fk : t.foreignKeys) {
            auto parent = model.find(fk.refTable);
            if (!parent) continue;   // a table outside the user's schemas
            ErRelationship r;
            r.child = i;
            r.parent = *parent;
            r.cardinality = unique(t, fk.columns) ? ErCardinality::OneToOne : ErCardinality::OneToMany;
            r.columns = fk.columns;
            r.refColumns = fk.refColumns;
            r.onDelete = fk.onDelete;
            r.constraint = fk.name;
            for (const ColumnInfo& c : t.columns)
                if (std::find(fk.columns.begin(), fk.columns.end(), c.name) != fk.columns.end() && !c.notNull)
                    r.optional = true;
            model.relationships.push_back(std::move(r));
        }
    }
    return model;
}

}  // namespace pgplay
