#include "text_commands.h"

#include <algorithm>

namespace pgplay {
namespace {

bool isBlank(char c) { return c == ' ' || c == '\t'; }

size_t lineStartOf(std::string_view text, size_t pos) {
    pos = std::min(pos, text.size());
    const size_t nl = pos == 0 ? std::string_view::npos : text.rfind('\n', pos - 1);
    return nl == std::string_view::npos ? 0 : nl + 1;
}

// The whole lines the selection touches, [begin, end) without the last line's '\n'. A selection
// that ends at the very start of a line does not touch that line.
struct Block {
    size_t begin = 0, end = 0;
};

Block linesOf(std::string_view text, size_t selectionBegin, size_t selectionEnd) {
    selectionBegin = std::min(selectionBegin, text.size());
    selectionEnd = std::clamp(selectionEnd, selectionBegin, text.size());
    Block b;
    b.begin = lineStartOf(text, selectionBegin);
    size_t last = selectionEnd;
    if (selectionEnd > selectionBegin && lineStartOf(text, selectionEnd) == selectionEnd) last = selectionEnd - 1;
    const size_t nl = text.find('\n', last);
    b.end = nl == std::string_view::npos ? text.size() : nl;
    if (b.end < b.begin) b.end = b.begin;
    return b;
}

std::vector<std::string_view> splitLines(std::string_view block) {
    std::vector<std::string_view> lines;
    size_t from = 0;
    while (true) {
        const size_t nl = block.find('\n', from);
        if (nl == std::string_view::npos) {
            lines.push_back(block.substr(from));
            return lines;
        }
        lines.push_back(block.substr(from, nl - from));
        from = nl + 1;
    }
}

size_t indentationOf(std::string_view line) {
    size_t n = 0;
    while (n < line.size() && isBlank(line[n])) ++n;
    return n;
}

bool blankLine(std::string_view line) { return indentationOf(line) == line.size(); }

// The edit for a rewritten block: with a selection, the new block stays selected; with only a
// cursor (always on one line), it keeps its place in the line's text, moved by what changed
// before it at `column`.
TextEdit blockEdit(const Block& b, std::string newBlock, size_t selectionBegin, size_t selectionEnd, size_t column,
                   long delta) {
    TextEdit e;
    e.begin = b.begin;
    e.end = b.end;
    e.text = std::move(newBlock);
    if (selectionBegin != selectionEnd) {
        e.selectionBegin = b.begin;
        e.selectionEnd = b.begin + e.text.size();
        return e;
    }
    const size_t at = b.begin + column;
    size_t cursor = selectionBegin;
    if (cursor >= at) cursor = static_cast<size_t>(std::max(static_cast<long>(at), static_cast<long>(cursor) + delta));
    e.selectionBegin = e.selectionEnd = std::min(cursor, b.begin + e.text.size());
    return e;
}

}  // namespace

TextEdit toggleLineComment(std::string_view text, size_t selectionBegin, size_t selectionEnd) {
    const Block b = linesOf(text, selectionBegin, selectionEnd);
    const std::vector<std::string_view> lines = splitLines(text.substr(b.begin, b.end - b.begin));

    bool anyContent = false, allComments = true;
    size_t minIndent = std::string_view::npos;
    for (std::string_view line : lines) {
        if (blankLine(line)) continue;
        anyContent = true;
        const size_t indent = indentationOf(line);
        minIndent = std::min(minIndent, indent);
        if (line.substr(indent, 2) != "--") allComments = false;
    }
    if (!anyContent) {   // only blank lines: comment the (first) line where the cursor is
        allComments = false;
        minIndent = indentationOf(lines.front());
    }

    std::string out;
    size_t column = minIndent;
    long delta = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
        std::string_view line = lines[i];
        if (i) out += '\n';
        if (allComments) {
            if (blankLine(line)) { out += line; continue; }
            const size_t indent = indentationOf(line);
            const size_t cut = line.substr(indent + 2, 1) == " " ? 3 : 2;
            out += line.substr(0, indent);
            out += line.substr(indent + cut);
            column = indent;
            delta = -static_cast<long>(cut);
        } else if (anyContent && blankLine(line)) {
            out += line;
        } else {
            out += line.substr(0, minIndent);
            out += "-- ";
            out += line.substr(minIndent);
            delta = 3;
        }
    }
    return blockEdit(b, std::move(out), selectionBegin, selectionEnd, column, delta);
}

TextEdit indentLines(std::string_view text, size_t selectionBegin, size_t selectionEnd, bool outdent) {
    const Block b = linesOf(text, selectionBegin, selectionEnd);
    const std::vector<std::string_view> lines = splitLines(text.substr(b.begin, b.end - b.begin));
    std::string out;
    long delta = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
        std::string_view line = lines[i];
        if (i) out += '\n';
        if (!outdent) {
            if (!blankLine(line) || lines.size() == 1) {
                out += kIndent;
                delta = static_cast<long>(kIndent.size());
            }
            out += line;
            continue;
        }
        size_t cut = 0;
        if (!line.empty() && line[0] == '\t') cut = 1;
        else while (cut < kIndent.size() && cut < line.size() && line[cut] == ' ') ++cut;
        out += line.substr(cut);
        delta = -static_cast<long>(cut);
    }
    return blockEdit(b, std::move(out), selectionBegin, selectionEnd, 0, delta);
}

TextEdit newLineKeepingIndent(std::string_view text, size_t selectionBegin, size_t selectionEnd) {
    selectionBegin = std::min(selectionBegin, text.size());
    selectionEnd = std::clamp(selectionEnd, selectionBegin, text.size());
    const size_t start = lineStartOf(text, selectionBegin);
    const std::string_view before = text.substr(start, selectionBegin - start);
    std::string indent(before.substr(0, indentationOf(before)));
    size_t last = before.size();
    while (last > 0 && isBlank(before[last - 1])) --last;
    if (last > 0 && before[last - 1] == '(') indent += kIndent;
    TextEdit e;
    e.begin = selectionBegin;
    e.end = selectionEnd;
    e.text = "\n" + indent;
    e.selectionBegin = e.selectionEnd = selectionBegin + e.text.size();
    return e;
}

std::optional<size_t> matchingBracket(std::string_view text, const std::vector<Token>& tokens, size_t offset) {
    if (offset >= text.size()) return std::nullopt;
    auto it = std::partition_point(tokens.begin(), tokens.end(), [&](const Token& t) { return t.offset + t.length <= offset; });
    if (it == tokens.end() || it->kind != TokenKind::Punctuation || it->offset != offset || it->length != 1) return std::nullopt;
    const char c = text[offset];
    char open, close;
    if (c == '(' || c == ')') open = '(', close = ')';
    else if (c == '[' || c == ']') open = '[', close = ']';
    else return std::nullopt;
    const bool forward = c == open;
    int depth = 0;
    auto visit = [&](const Token& t) -> bool {
        if (t.kind != TokenKind::Punctuation || t.length != 1) return false;
        const char x = text[t.offset];
        if (x == (forward ? open : close)) ++depth;
        else if (x == (forward ? close : open)) --depth;
        return depth == 0;
    };
    if (forward) {
        for (auto t = it; t != tokens.end(); ++t)
            if (visit(*t)) return t->offset;
    } else {
        for (auto t = std::make_reverse_iterator(it + 1); t != tokens.rend(); ++t)
            if (visit(*t)) return t->offset;
    }
    return std::nullopt;
}

}  // namespace pgplay
