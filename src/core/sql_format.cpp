#include "sql_format.h"

#include <algorithm>
#include <vector>

#include "sql_script.h"
#include "text_util.h"

namespace pgplay {
namespace {

constexpr std::string_view kIndentUnit = "  ";

struct Piece {
    Token token;
    std::string text;          // as it will be written (keywords upper-cased)
    std::string word;          // upper-cased keyword, "" for anything else
    bool spaceBefore = false;  // whitespace (or a comment) separated it from the previous token
};

// What an open parenthesis holds: a query (its clauses break and indent), a CREATE TABLE's
// column list (one item per line), or anything else (kept on its line).
enum class Group { Query, ColumnList, Inline };

bool isJoinWord(const std::string& w) {
    return w == "LEFT" || w == "RIGHT" || w == "FULL" || w == "INNER" || w == "CROSS" || w == "NATURAL";
}

}  // namespace

std::string formatSqlStatement(std::string_view statement) {
    std::vector<Piece> pieces;
    bool gap = false;
    for (const Token& t : tokenizeSql(statement)) {
        if (t.kind == TokenKind::Whitespace) {
            gap = true;
            continue;
        }
        Piece p;
        p.token = t;
        p.text = std::string(statement.substr(t.offset, t.length));
        if (t.kind == TokenKind::Keyword) p.word = p.text = upper(p.text);
        p.spaceBefore = gap;
        gap = false;
        pieces.push_back(std::move(p));
    }
    if (pieces.empty()) return std::string(statement);
    auto wordAt = [&](size_t i) { return i < pieces.size() ? pieces[i].word : std::string(); };
    auto textAt = [&](size_t i) { return i < pieces.size() ? pieces[i].text : std::string(); };
    const std::string first = wordAt(0);
    const bool isUpdate = first == "UPDATE" || (first == "WITH" && std::any_of(pieces.begin(), pieces.end(), [](const Piece& p) { return p.word == "UPDATE"; }));
    const bool isCreateTable = first == "CREATE" && std::find_if(pieces.begin(), pieces.begin() + std::min<size_t>(pieces.size(), 6),
                                                                 [](const Piece& p) { return p.word == "TABLE"; }) != pieces.begin() + std::min<size_t>(pieces.size(), 6);

    std::string out;
    std::vector<Group> groups;   // open parentheses
    size_t level = 0;            // indentation: query and column-list groups open
    bool columnListSeen = false;
    auto newline = [&](size_t indent) {
        while (!out.empty() && out.back() == ' ') out.pop_back();
        out += '\n';
        for (size_t i = 0; i < indent; ++i) out += kIndentUnit;
    };
    auto inQueryLevel = [&] { return groups.empty() || groups.back() == Group::Query; };

    for (size_t i = 0; i < pieces.size(); ++i) {
        const Piece& p = pieces[i];
        const std::string& w = p.word;
        const std::string prevText = i > 0 ? pieces[i - 1].text : std::string();
        const bool prevLineComment = i > 0 && pieces[i - 1].token.kind == TokenKind::Comment && prevText.rfind("--", 0) == 0;

        // Where this token goes: on a new line (a clause), after a space, or right after.
        bool breakHere = false;
        size_t indent = level;
        if (i > 0 && inQueryLevel() && !w.empty()) {
            const std::string prevWord = wordAt(i - 1);
            if (w == "FROM" || w == "WHERE" || w == "HAVING" || w == "LIMIT" || w == "OFFSET" || w == "FETCH" ||
                w == "RETURNING" || w == "WINDOW" || w == "UNION" || w == "INTERSECT" || w == "EXCEPT")
                breakHere = !(w == "FROM" && (prevWord == "DELETE" || prevWord == "DISTINCT" || prevWord == "IS"));
            else if ((w == "GROUP" || w == "ORDER") && wordAt(i + 1) == "BY")
                breakHere = prevWord != "WITHIN";
            else if (w == "SELECT" || w == "VALUES")
                breakHere = prevText != "(" && prevWord != "UNION" && prevWord != "ALL" && prevWord != "INTERSECT" &&
                            prevWord != "EXCEPT" && prevWord != "DISTINCT";
            else if (w == "JOIN")
                breakHere = !isJoinWord(prevWord) && prevWord != "OUTER";
            else if (isJoinWord(w))
                breakHere = wordAt(i + 1) == "JOIN" || wordAt(i + 1) == "OUTER" || (w == "NATURAL" || w == "CROSS");
            else if (w == "SET")
                breakHere = isUpdate && groups.empty();
            else if (w == "ON")
                breakHere = wordAt(i + 1) == "CONFLICT";
            // After UNION [ALL] the next query starts its own line too.
            if (w == "SELECT" && (prevWord == "UNION" || prevWord == "ALL" || prevWord == "INTERSECT" || prevWord == "EXCEPT"))
                breakHere = true;
        }
        if (i > 0 && p.text == ")" && !groups.empty() && groups.back() != Group::Inline) {
            breakHere = true;
            indent = level - 1;
        }
        if (i > 0 && !groups.empty() && groups.back() == Group::ColumnList && prevText == ",") breakHere = true;
        if (prevLineComment) breakHere = true;   // a line comment ends at its line's end

        if (i == 0) {
            // nothing before the first token
        } else if (breakHere) {
            newline(indent);
        } else if (p.spaceBefore || prevText == ",") {
            if (!out.empty() && out.back() != '\n' && out.back() != ' ') out += ' ';
        }
        out += p.text;

        if (p.text == "(" && p.token.kind == TokenKind::Punctuation) {
            const std::string next = wordAt(i + 1);
            Group g = Group::Inline;
            if (next == "SELECT" || next == "WITH" || (next == "VALUES" && inQueryLevel())) g = Group::Query;
            else if (isCreateTable && !columnListSeen && groups.empty()) g = Group::ColumnList, columnListSeen = true;
            groups.push_back(g);
            if (g != Group::Inline) {
                ++level;
                if (i + 1 < pieces.size() && textAt(i + 1) != ")") newline(level);
            }
        } else if (p.text == ")" && p.token.kind == TokenKind::Punctuation && !groups.empty()) {
            if (groups.back() != Group::Inline) --level;
            groups.pop_back();
        }
    }
    return out;
}

std::string formatSqlScript(std::string_view script) {
    std::string out;
    size_t from = 0;
    for (const SqlStatement& s : splitSqlScript(script)) {
        if (s.offset < from) continue;
        out.append(script.substr(from, s.offset - from));
        // COPY data and psql's meta-commands are not SQL to reflow.
        const bool keep = s.metaCommand || s.copyData.has_value();
        out += keep ? s.text : formatSqlStatement(s.text);
        from = s.offset + s.text.size();
    }
    out.append(script.substr(from));
    return out;
}

}  // namespace pgplay
