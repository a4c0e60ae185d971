// Lesson prose Markdown (the subset is in markdown.h). Two levels, as in CommonMark: lines are
// grouped into blocks first, then each block's text is read for inline markup. The inline pass
// follows CommonMark's delimiter-run rules (flanking, the "rule of 3", openers_bottom) because
// they are what make snake_case_name and 2 * 3 stay text; ad-hoc matching gets those wrong.
// Every search is either local or indexed, so no input costs more than linear time.
#include "markdown.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <unordered_map>

namespace pgplay {

namespace {

// ---------------------------------------------------------------------------------------------
// Character classes (ASCII only: bytes of UTF-8 sequences count as letters, which is what they
// are in prose).

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool isAsciiPunct(char c) {
    const unsigned char u = static_cast<unsigned char>(c);
    return (u >= 0x21 && u <= 0x2F) || (u >= 0x3A && u <= 0x40) || (u >= 0x5B && u <= 0x60) ||
           (u >= 0x7B && u <= 0x7E);
}

std::string_view trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && isSpace(s[b])) ++b;
    while (e > b && isSpace(s[e - 1])) --e;
    return s.substr(b, e - b);
}

// ---------------------------------------------------------------------------------------------
// Inline

struct Atom {
    enum Type { Text, Code, Delim } type = Text;
    std::string text;           // Text, Code
    // Delim: a run of '*' or '_'.
    char ch = 0;
    int origCount = 0;          // the run's length as written (the rule of 3 needs it)
    int count = 0;              // not yet used by a match
    bool canOpen = false;
    bool canClose = false;
    int prev = -1, next = -1;   // the delimiter list: delimiters still able to match
    // What matches did to this run: closers use its first characters, openers its last ones.
    int closeStrong = 0, closeEm = 0, openStrong = 0, openEm = 0;
};

class InlineParser {
public:
    // Link text is parsed again for its characters, without links (it has no brackets anyway,
    // but a parser that cannot recurse twice needs no proof of that).
    InlineParser(std::string_view s, bool links) : s_(s), links_(links), urlBudget_(2 * s.size() + 4096) {}

    std::vector<MdSpan> run() {
        indexBackticks();
        indexBrackets();
        tokenize();
        processEmphasis();
        return emit();
    }

private:
    std::string_view s_;
    bool links_;
    // Characters link() may still scan looking for a URL's ")". A found URL is consumed, so
    // only failed scans waste work; when "[a](" repeats, each would scan ahead again. Prose
    // never comes near this; past it, brackets are text.
    size_t urlBudget_;
    std::vector<Atom> atoms_;
    // Backtick runs by length, start positions ascending: a code span's closer is the next run
    // of exactly the opener's length, found by binary search instead of a scan per opener.
    std::unordered_map<size_t, std::vector<size_t>> backtickRuns_;
    std::vector<size_t> openBrackets_, closeBrackets_;   // unescaped '[' and ']'

    void indexBackticks() {
        for (size_t i = 0; i < s_.size();) {
            if (s_[i] != '`') { ++i; continue; }
            size_t j = i;
            while (j < s_.size() && s_[j] == '`') ++j;
            backtickRuns_[j - i].push_back(i);
            i = j;
        }
    }

    void indexBrackets() {
        for (size_t i = 0; i < s_.size(); ++i) {
            if (s_[i] == '\\' && i + 1 < s_.size() && isAsciiPunct(s_[i + 1])) { ++i; continue; }
            if (s_[i] == '[') openBrackets_.push_back(i);
            if (s_[i] == ']') closeBrackets_.push_back(i);
        }
    }

    static size_t nextIn(const std::vector<size_t>& sorted, size_t from) {
        auto it = std::lower_bound(sorted.begin(), sorted.end(), from);
        return it == sorted.end() ? std::string_view::npos : *it;
    }

    void addText(std::string_view text) {
        if (text.empty()) return;
        if (atoms_.empty() || atoms_.back().type != Atom::Text) {
            atoms_.emplace_back();
            atoms_.back().type = Atom::Text;
        }
        atoms_.back().text.append(text);
    }

    void tokenize() {
        const size_t n = s_.size();
        size_t i = 0;
        while (i < n) {
            const char c = s_[i];
            if (c == '\\' && i + 1 < n && isAsciiPunct(s_[i + 1])) {
                addText(s_.substr(i + 1, 1));
                i += 2;
            } else if (c == '`') {
                i = codeSpan(i);
            } else if (c == '*' || c == '_') {
                i = delimiterRun(i);
            } else if (c == '[' && links_) {
                i = link(i);
            } else {
                // Plain characters up to the next one that may mean something.
                size_t j = i + 1;
                while (j < n && s_[j] != '\\' && s_[j] != '`' && s_[j] != '*' && s_[j] != '_' &&
                       (s_[j] != '[' || !links_))
                    ++j;
                addText(s_.substr(i, j - i));
                i = j;
            }
        }
    }

    size_t codeSpan(size_t i) {
        size_t j = i;
        while (j < s_.size() && s_[j] == '`') ++j;
        const size_t len = j - i;
        auto runs = backtickRuns_.find(len);
        const size_t close = runs == backtickRuns_.end() ? std::string_view::npos : nextIn(runs->second, j);
        if (close == std::string_view::npos) {
            addText(s_.substr(i, len));   // no closer: the backticks are text
            return j;
        }
        std::string_view content = s_.substr(j, close - j);
        // `` `x` `` : one space each side lets a span start or end with a backtick.
        if (content.size() >= 2 && content.front() == ' ' && content.back() == ' ' &&
            content.find_first_not_of(' ') != std::string_view::npos)
            content = content.substr(1, content.size() - 2);
        Atom a;
        a.type = Atom::Code;
        a.text = std::string(content);
        atoms_.push_back(std::move(a));
        return close + len;
    }

    size_t delimiterRun(size_t i) {
        const char c = s_[i];
        size_t j = i;
        while (j < s_.size() && s_[j] == c) ++j;
        const char before = i == 0 ? ' ' : s_[i - 1];
        const char after = j >= s_.size() ? ' ' : s_[j];
        const bool leftFlanking =
            !isSpace(after) && (!isAsciiPunct(after) || isSpace(before) || isAsciiPunct(before));
        const bool rightFlanking =
            !isSpace(before) && (!isAsciiPunct(before) || isSpace(after) || isAsciiPunct(after));
        Atom a;
        a.type = Atom::Delim;
        a.ch = c;
        // Runs are at most a paragraph long, but keep the count an int without overflow.
        a.origCount = a.count = static_cast<int>(std::min<size_t>(j - i, 1u << 30));
        if (c == '*') {
            a.canOpen = leftFlanking;
            a.canClose = rightFlanking;
            // COUNT(*) in prose: a star between parentheses is SQL, not the start of emphasis.
            if (before == '(' && after == ')') a.canOpen = a.canClose = false;
        } else {
            // Underscores only at word edges: snake_case_name is one word.
            a.canOpen = leftFlanking && (!rightFlanking || isAsciiPunct(before));
            a.canClose = rightFlanking && (!leftFlanking || isAsciiPunct(after));
        }
        if (!a.canOpen && !a.canClose) {
            addText(s_.substr(i, j - i));
            return j;
        }
        atoms_.push_back(std::move(a));
        return j;
    }

    // [text](url) becomes the text "text (url)". Link text holds no brackets (the innermost
    // bracket pair is the link), found by binary search; the URL part is looked for within a
    // bounded distance and a total budget, so a paragraph of "[" or "[a](" costs linear time.
    size_t link(size_t i) {
        constexpr size_t kMaxUrl = 2048;
        const size_t close = nextIn(closeBrackets_, i + 1);
        const size_t nextOpen = nextIn(openBrackets_, i + 1);
        if (close == std::string_view::npos || nextOpen < close || close + 1 >= s_.size() ||
            s_[close + 1] != '(') {
            addText("[");
            return i + 1;
        }
        int depth = 0;
        size_t end = std::string_view::npos;
        const size_t limit = std::min({s_.size(), close + 2 + kMaxUrl, close + 2 + urlBudget_});
        for (size_t k = close + 2; k < limit; ++k) {
            if (s_[k] == '\\' && k + 1 < limit) { ++k; continue; }
            if (s_[k] == '(') ++depth;
            else if (s_[k] == ')') {
                if (depth == 0) { end = k; break; }
                --depth;
            }
        }
        urlBudget_ -= (end == std::string_view::npos ? limit : end + 1) - (close + 2);
        if (end == std::string_view::npos) {
            addText("[");
            return i + 1;
        }
        std::string_view url = trim(s_.substr(close + 2, end - close - 2));
        if (!url.empty() && url.front() == '<' && url.find('>') != std::string_view::npos) {
            url = url.substr(1, url.find('>') - 1);   // <url with spaces>, then maybe a title
        } else {
            const size_t space = std::find_if(url.begin(), url.end(), isSpace) - url.begin();
            url = url.substr(0, space);   // drop a "title"
        }

        // The text may hold `code` or emphasis; shown as a plain string, its characters are
        // what counts. It has no brackets, so this recursion is one level deep.
        std::string text;
        for (const MdSpan& span : InlineParser(s_.substr(i + 1, close - i - 1), false).run()) text += span.text;
        std::string shown = text;
        if (!url.empty() && url != text) {
            if (!shown.empty()) shown += " ";
            shown += "(";
            shown.append(url);
            shown += ")";
        }
        addText(shown);
        return end + 1;
    }

    // CommonMark's "process emphasis" over the delimiter list, bottom to top.
    void processEmphasis() {
        int last = -1;
        int first = -1;
        for (int k = 0; k < static_cast<int>(atoms_.size()); ++k) {
            if (atoms_[k].type != Atom::Delim) continue;
            atoms_[k].prev = last;
            if (last >= 0) atoms_[last].next = k; else first = k;
            last = k;
        }
        auto unlink = [&](int k) {
            Atom& a = atoms_[k];
            if (a.prev >= 0) atoms_[a.prev].next = a.next;
            if (a.next >= 0) atoms_[a.next].prev = a.prev;
        };
        // Below openersBottom[...] no opener can match a closer of that kind: searches stop
        // there, which keeps runs of unmatched openers from making this quadratic.
        std::array<int, 2 * 2 * 3> openersBottom;
        openersBottom.fill(-1);
        auto bottomKey = [](const Atom& closer) {
            return (closer.ch == '*' ? 0 : 6) + (closer.canOpen ? 3 : 0) + closer.origCount % 3;
        };

        int current = first;
        while (current >= 0) {
            Atom& closer = atoms_[current];
            if (!closer.canClose) { current = closer.next; continue; }
            const int key = bottomKey(closer);
            int opener = closer.prev;
            bool found = false;
            while (opener >= 0 && opener > openersBottom[key]) {
                const Atom& o = atoms_[opener];
                if (o.ch == closer.ch && o.canOpen) {
                    const bool oddMatch = (closer.canOpen || o.canClose) &&
                                          (o.origCount + closer.origCount) % 3 == 0 &&
                                          !(o.origCount % 3 == 0 && closer.origCount % 3 == 0);
                    if (!oddMatch) { found = true; break; }
                }
                opener = o.prev;
            }
            if (!found) {
                openersBottom[key] = closer.prev;
                const int next = closer.next;
                if (!closer.canOpen) unlink(current);
                current = next;
                continue;
            }
            Atom& o = atoms_[opener];
            const bool strong = o.count >= 2 && closer.count >= 2;
            const int use = strong ? 2 : 1;
            (strong ? o.openStrong : o.openEm) += 1;
            (strong ? closer.closeStrong : closer.closeEm) += 1;
            o.count -= use;
            closer.count -= use;
            // Delimiters between the pair can no longer match anything.
            for (int k = o.next; k >= 0 && k != current; k = atoms_[k].next) unlink(k);
            o.next = current;
            closer.prev = opener;
            if (o.count == 0) unlink(opener);
            if (closer.count == 0) {
                const int next = closer.next;
                unlink(current);
                current = next;
            }
        }
    }

    std::vector<MdSpan> emit() {
        std::vector<MdSpan> out;
        long strong = 0, em = 0;
        auto add = [&](MdSpanKind kind, std::string_view text) {
            if (text.empty()) return;
            if (!out.empty() && out.back().kind == kind) out.back().text.append(text);
            else out.push_back(MdSpan{kind, std::string(text)});
        };
        auto style = [&] {
            return strong > 0 ? MdSpanKind::Strong : em > 0 ? MdSpanKind::Emphasis : MdSpanKind::Text;
        };
        for (const Atom& a : atoms_) {
            switch (a.type) {
                case Atom::Text: add(style(), a.text); break;
                case Atom::Code:
                    // Adjacent code spans stay separate spans: `a``b` is not one word of code.
                    out.push_back(MdSpan{MdSpanKind::Code, a.text});
                    break;
                case Atom::Delim:
                    strong -= a.closeStrong;
                    em -= a.closeEm;
                    if (a.count > 0) add(style(), std::string(static_cast<size_t>(a.count), a.ch));
                    strong += a.openStrong;
                    em += a.openEm;
                    break;
            }
        }
        return out;
    }
};

// ---------------------------------------------------------------------------------------------
// Blocks

// Leading whitespace as a column count (tabs to the next multiple of 4) and a byte offset.
struct Indent {
    int columns = 0;
    size_t bytes = 0;
};

Indent indentOf(std::string_view line) {
    Indent in;
    while (in.bytes < line.size() && (line[in.bytes] == ' ' || line[in.bytes] == '\t')) {
        if (in.columns < (1 << 20))   // a megabyte of indent is still just "deep"
            in.columns = line[in.bytes] == '\t' ? (in.columns / 4 + 1) * 4 : in.columns + 1;
        ++in.bytes;
    }
    return in;
}

bool isBlank(std::string_view line) { return trim(line).empty(); }

// "---", "***", "___" (3 or more, spaces allowed between), alone on the line.
bool isRule(std::string_view rest) {
    if (rest.empty()) return false;
    const char c = rest[0];
    if (c != '-' && c != '*' && c != '_') return false;
    int count = 0;
    for (char x : rest) {
        if (x == c) ++count;
        else if (x != ' ' && x != '\t') return false;
    }
    return count >= 3;
}

// "#".."######" then a space or the end of the line; the heading's text without closing "#"s.
bool heading(std::string_view rest, int& level, std::string_view& text) {
    size_t n = 0;
    while (n < rest.size() && rest[n] == '#') ++n;
    if (n == 0 || n > 6) return false;
    if (n < rest.size() && rest[n] != ' ' && rest[n] != '\t') return false;
    level = static_cast<int>(n);
    text = trim(rest.substr(n));
    // "## Title ##": a closing run preceded by a space (or the whole text) is not content.
    size_t end = text.size();
    while (end > 0 && text[end - 1] == '#') --end;
    if (end == 0) text = {};
    else if (end < text.size() && (text[end - 1] == ' ' || text[end - 1] == '\t')) text = trim(text.substr(0, end));
    return true;
}

struct ListMarker {
    bool ordered = false;
    int number = 0;
    std::string_view content;
};

// "- ", "* ", "+ ", "1. ", "1) " (a marker alone on its line is an empty item).
bool listMarker(std::string_view rest, ListMarker& marker) {
    size_t after = 0;
    if (!rest.empty() && (rest[0] == '-' || rest[0] == '*' || rest[0] == '+')) {
        marker.ordered = false;
        after = 1;
    } else {
        size_t digits = 0;
        while (digits < rest.size() && digits < 10 && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
        if (digits == 0 || digits > 9 || digits >= rest.size()) return false;   // CommonMark: 9 digits at most
        if (rest[digits] != '.' && rest[digits] != ')') return false;
        int number = 0;
        std::from_chars(rest.data(), rest.data() + digits, number);   // 9 digits fit an int
        marker.ordered = true;
        marker.number = number;
        after = digits + 1;
    }
    if (after < rest.size() && rest[after] != ' ' && rest[after] != '\t') return false;
    marker.content = trim(rest.substr(after));
    return true;
}

struct Fence {
    char ch = 0;
    size_t length = 0;
    int indent = 0;
};

bool fenceOpen(std::string_view rest, Fence& fence, std::string& language) {
    if (rest.empty() || (rest[0] != '`' && rest[0] != '~')) return false;
    size_t n = 0;
    while (n < rest.size() && rest[n] == rest[0]) ++n;
    if (n < 3) return false;
    std::string_view info = trim(rest.substr(n));
    // ```not a fence``` is inline code in a paragraph.
    if (rest[0] == '`' && info.find('`') != std::string_view::npos) return false;
    fence.ch = rest[0];
    fence.length = n;
    const size_t word = std::find_if(info.begin(), info.end(), isSpace) - info.begin();
    language.assign(info.substr(0, word));
    for (char& c : language)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return true;
}

bool fenceCloses(std::string_view line, const Fence& fence) {
    std::string_view rest = trim(line);
    size_t n = 0;
    while (n < rest.size() && rest[n] == fence.ch) ++n;
    return n >= fence.length && n == rest.size();
}

// A code line without the fence's own indentation (a fence inside a list item is indented).
std::string_view dropIndent(std::string_view line, int columns) {
    int col = 0;
    size_t i = 0;
    while (i < line.size() && col < columns && (line[i] == ' ' || line[i] == '\t')) {
        col = line[i] == '\t' ? (col / 4 + 1) * 4 : col + 1;
        ++i;
    }
    return line.substr(i);
}

class BlockParser {
public:
    std::vector<MdBlock> run(std::string_view text) {
        // One pass to normalise: CRLF and CR become LF, NUL goes.
        std::string clean;
        clean.reserve(text.size());
        for (size_t i = 0; i < text.size(); ++i) {
            const char c = text[i];
            if (c == '\0') continue;
            if (c == '\r') {
                if (i + 1 < text.size() && text[i + 1] == '\n') continue;
                clean += '\n';
                continue;
            }
            clean += c;
        }
        std::string_view all(clean);
        // Lines are what '\n' ends; a final '\n' does not start an empty last line (which an
        // unterminated fence would otherwise keep).
        size_t start = 0;
        while (start < all.size()) {
            size_t end = all.find('\n', start);
            if (end == std::string_view::npos) end = all.size();
            line(all.substr(start, end - start));
            start = end + 1;
        }
        finish();
        return std::move(blocks_);
    }

private:
    enum class Open { None, Paragraph, Item };

    std::vector<MdBlock> blocks_;
    Open open_ = Open::None;
    MdBlock pending_;            // the paragraph or list item being collected
    std::string pendingText_;    // its lines, joined with spaces
    std::vector<int> listIndents_;   // indents of the list items enclosing the next one
    bool inFence_ = false;
    Fence fence_;
    MdBlock code_;
    bool codeHasLine_ = false;

    void flush() {
        if (open_ == Open::None) return;
        pending_.spans = parseMarkdownInline(pendingText_);
        blocks_.push_back(std::move(pending_));
        pending_ = MdBlock{};
        pendingText_.clear();
        open_ = Open::None;
    }

    void finish() {
        if (inFence_) closeFence();   // an unterminated fence runs to the end
        flush();
    }

    void closeFence() {
        blocks_.push_back(std::move(code_));
        code_ = MdBlock{};
        codeHasLine_ = false;
        inFence_ = false;
    }

    void line(std::string_view text) {
        if (inFence_) {
            if (fenceCloses(text, fence_)) { closeFence(); return; }
            if (codeHasLine_) code_.code += '\n';
            code_.code.append(dropIndent(text, fence_.indent));
            codeHasLine_ = true;
            return;
        }
        if (isBlank(text)) {
            // Ends a paragraph or item; the list goes on (loose lists have blank lines).
            flush();
            return;
        }
        const Indent indent = indentOf(text);
        const std::string_view rest = trim(text.substr(indent.bytes));

        std::string language;
        Fence fence;
        if (fenceOpen(rest, fence, language)) {
            flush();
            fence.indent = indent.columns;
            fence_ = fence;
            inFence_ = true;
            code_ = MdBlock{};
            code_.kind = MdBlockKind::Code;
            code_.language = std::move(language);
            return;
        }
        if (indent.columns < 4 && isRule(rest)) {
            flush();
            listIndents_.clear();
            MdBlock rule;
            rule.kind = MdBlockKind::Rule;
            blocks_.push_back(std::move(rule));
            return;
        }
        int level = 0;
        std::string_view headingText;
        if (indent.columns < 4 && heading(rest, level, headingText)) {
            flush();
            listIndents_.clear();
            MdBlock h;
            h.kind = MdBlockKind::Heading;
            h.level = level;
            h.spans = parseMarkdownInline(headingText);
            blocks_.push_back(std::move(h));
            return;
        }
        ListMarker marker;
        if (listMarker(rest, marker)) {
            // As in CommonMark, a wrapped line in a paragraph that happens to start with
            // "1999. " or a lone "-" does not start a list; "1." and bullets with text do.
            const bool interrupts = open_ != Open::Paragraph ||
                                    (!marker.content.empty() && (!marker.ordered || marker.number == 1));
            if (interrupts) {
                flush();
                startItem(indent.columns, marker);
                return;
            }
        }
        if (open_ != Open::None) {   // a soft wrap (indented or not) continues the block
            if (!pendingText_.empty()) pendingText_ += ' ';
            pendingText_.append(rest);
            return;
        }
        listIndents_.clear();
        open_ = Open::Paragraph;
        pending_ = MdBlock{};
        pending_.kind = MdBlockKind::Paragraph;
        pendingText_.assign(rest);
    }

    void startItem(int indent, const ListMarker& marker) {
        // An item is inside the one above it when indented 2+ columns more; otherwise it is
        // a sibling of, or outside, that one.
        while (!listIndents_.empty() && listIndents_.back() + 2 > indent) listIndents_.pop_back();
        open_ = Open::Item;
        pending_ = MdBlock{};
        pending_.kind = MdBlockKind::ListItem;
        pending_.level = static_cast<int>(listIndents_.size());
        pending_.ordered = marker.ordered;
        pending_.number = marker.ordered ? marker.number : 0;
        pendingText_.assign(marker.content);
        listIndents_.push_back(indent);
    }
};

}  // namespace

std::vector<MdSpan> parseMarkdownInline(std::string_view text) {
    if (text.find('\0') == std::string_view::npos) return InlineParser(trim(text), true).run();
    std::string clean(text);
    clean.erase(std::remove(clean.begin(), clean.end(), '\0'), clean.end());
    return InlineParser(trim(clean), true).run();
}

std::vector<MdBlock> parseMarkdown(std::string_view text) { return BlockParser().run(text); }

}  // namespace pgplay
