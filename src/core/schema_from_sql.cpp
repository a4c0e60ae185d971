#include "schema_from_sql.h"

#include <vector>

#include "sql_script.h"
#include "text_util.h"

namespace pgplay {
namespace {

// A name token as PostgreSQL reads it.
std::string nameOf(std::string_view text, const Token& t) { return identifierValue(text.substr(t.offset, t.length)); }

bool isName(const Token& t) { return t.kind == TokenKind::Identifier || t.kind == TokenKind::Keyword; }

}  // namespace

SchemaSnapshot schemaFromSql(std::string_view script) {
    SchemaSnapshot out;
    for (const SqlStatement& statement : splitSqlScript(script)) {
        const std::string_view text = statement.text;
        std::vector<Token> tk;
        for (const Token& t : tokenizeSql(text))
            if (t.kind != TokenKind::Whitespace && t.kind != TokenKind::Comment) tk.push_back(t);
        auto word = [&](size_t i) { return i < tk.size() && isName(tk[i]) ? lower(text.substr(tk[i].offset, tk[i].length)) : std::string(); };
        auto punct = [&](size_t i) { return i < tk.size() ? std::string(text.substr(tk[i].offset, tk[i].length)) : std::string(); };
        if (word(0) != "create") continue;
        size_t i = 1;
        if (word(i) == "or" && word(i + 1) == "replace") i += 2;
        while (word(i) == "temp" || word(i) == "temporary" || word(i) == "unlogged" || word(i) == "materialized") ++i;
        const std::string what = word(i++);
        if (what == "table" && word(i) == "if") i += 3;   // IF NOT EXISTS
        if (i >= tk.size() || !isName(tk[i])) continue;
        TableInfo table;
        table.schema = "public";
        table.name = nameOf(text, tk[i]);
        if (punct(i + 1) == "." && i + 2 < tk.size()) {
            table.schema = table.name;
            table.name = nameOf(text, tk[i + 2]);
            i += 2;
        }
        ++i;
        if (what == "type") {
            if (word(i) == "as" && word(i + 1) == "enum") out.userTypes.emplace_back(0, table.name);
            continue;
        }
        if (what == "view") {
            table.kind = "view";
            out.tables.push_back(std::move(table));
            continue;
        }
        if (what != "table" || punct(i) != "(") continue;
        table.kind = "table";
        // Column definitions: each top-level item that does not start with a constraint word; its
        // type is what follows the name up to the first constraint word.
        int depth = 0;   // parentheses open inside the column list
        bool itemStart = true;
        ColumnInfo* column = nullptr;
        for (++i; i < tk.size(); ++i) {
            const bool punctuation = tk[i].kind == TokenKind::Punctuation;
            const std::string p = punct(i);
            if (punctuation && p == ")" && depth == 0) break;
            if (punctuation && p == "," && depth == 0) {
                itemStart = true;
                column = nullptr;
                continue;
            }
            const std::string w = word(i);
            if (itemStart) {
                itemStart = false;
                const bool constraint = w == "constraint" || w == "primary" || w == "foreign" || w == "unique" ||
                                        w == "check" || w == "exclude" || w == "like";
                if (!constraint && isName(tk[i])) {
                    table.columns.push_back(ColumnInfo{nameOf(text, tk[i]), "", false, false, ""});
                    column = &table.columns.back();
                    continue;
                }
            }
            if (column && depth == 0 &&
                (w == "not" || w == "null" || w == "default" || w == "primary" || w == "references" || w == "check" ||
                 w == "unique" || w == "generated" || w == "constraint" || w == "collate"))
                column = nullptr;
            if (column) {
                // numeric(12, 2) is written back as numeric(12,2), as format_type() writes it.
                const std::string piece = lower(text.substr(tk[i].offset, tk[i].length));
                const bool glued = column->type.empty() || p == "(" || p == ")" || p == "," || p == "[" || p == "]" ||
                                   column->type.back() == '(' || column->type.back() == ',' || column->type.back() == '[';
                column->type += (glued ? "" : " ") + piece;
            }
            if (punctuation && (p == "(" || p == "[")) ++depth;
            if (punctuation && (p == ")" || p == "]")) --depth;
        }
        out.tables.push_back(std::move(table));
    }
    return out;
}

}  // namespace pgplay
