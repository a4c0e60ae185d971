// md4c's reading of lesson Markdown, turned into the flat MdBlock/MdSpan model the lesson pane
// draws, and into the outline of top-level blocks the lesson parser cuts sections from. md4c
// reports blocks and spans through callbacks and text as pointers into the input; where a
// pointer lies inside the input it tells which line the block is on (md4c reports no positions
// of its own).
//
// Index of this file:
//   [SECTION] Text md4c hands over: NUL bytes, entities, attributes
//   [SECTION] Walker: md4c's callbacks to MdBlocks, and each top-level block's input bytes
//   [SECTION] Public API: parseMarkdown, parseMarkdownInline, outlineMarkdown (bytes to lines)
#include "markdown.h"

#include <md4c.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <new>

#include "text_util.h"

namespace pgplay {

namespace {

constexpr size_t kNone = static_cast<size_t>(-1);

// ---------------------------------------------------------------------------------------------
// [SECTION] Text md4c hands over: NUL bytes, entities, attributes

// Raw HTML has nowhere to go in an ImGui pane: read it as text. Other extensions stay off.
constexpr unsigned kDialect = MD_FLAG_NOHTML | MD_FLAG_TABLES;

// `text` without NUL bytes: they never reach md4c (which would keep a line of NULs from being
// blank). Removing them leaves every line where it was.
std::string_view withoutNul(std::string_view text, std::string& storage) {
    if (text.find('\0') == std::string_view::npos) return text;
    storage.assign(text);
    storage.erase(std::remove(storage.begin(), storage.end(), '\0'), storage.end());
    return storage;
}

void appendUtf8(std::string& out, uint32_t cp) {
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// md4c hands entities over as written ("&amp;", "&#233;"). Numeric ones and the few named ones
// prose uses are decoded; any other name stays as written (md4c has no table of them either).
void appendEntity(std::string& out, std::string_view e) {
    if (e.size() >= 4 && e[1] == '#') {
        const bool hex = e[2] == 'x' || e[2] == 'X';
        uint32_t cp = 0;
        for (size_t i = hex ? 3 : 2; i + 1 < e.size(); ++i) {
            const char c = e[i];
            const uint32_t digit = c >= '0' && c <= '9' ? uint32_t(c - '0')
                                   : c >= 'a' && c <= 'f' ? uint32_t(c - 'a' + 10)
                                                          : uint32_t(c - 'A' + 10);
            cp = std::min<uint32_t>(cp * (hex ? 16 : 10) + digit, 0x110000);   // md4c allows 7 digits
        }
        appendUtf8(out, cp);
        return;
    }
    static const std::pair<std::string_view, std::string_view> named[] = {
        {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&nbsp;", "\xC2\xA0"},
    };
    for (const auto& n : named)
        if (e == n.first) {
            out.append(n.second);
            return;
        }
    out.append(e);
}

std::string attributeText(const MD_ATTRIBUTE& a) {
    std::string out;
    if (a.text == nullptr) return out;
    for (size_t i = 0; a.substr_offsets[i] < a.size; ++i) {
        const std::string_view part(a.text + a.substr_offsets[i], a.substr_offsets[i + 1] - a.substr_offsets[i]);
        if (a.substr_types[i] == MD_TEXT_ENTITY) appendEntity(out, part);
        else if (a.substr_types[i] != MD_TEXT_NULLCHAR) out.append(part);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Walker: md4c's callbacks to MdBlocks, and each top-level block's input bytes

// Walks md4c's callbacks once, building the MdBlocks and, for each top-level block, the range
// of input bytes its text came from.
class Walker {
public:
    struct Top {
        MD_BLOCKTYPE type = MD_BLOCK_DOC;
        size_t minOffset = kNone;   // first input byte of any text in the block
        size_t maxEnd = 0;          // one past the last
        size_t infoOffset = kNone;  // fenced code: where its info string is (on the fence line)
        char fence = 0;             // fenced code: '`' or '~'; 0 for indented code
        size_t block = kNone;       // index in blocks of the MdBlock it became (headings, code)
    };

    std::vector<MdBlock> blocks;
    std::vector<Top> tops;

    explicit Walker(std::string_view doc) : doc_(doc) {}

    void run() {
        MD_PARSER parser{};
        parser.flags = kDialect;
        parser.enter_block = [](MD_BLOCKTYPE t, void* d, void* self) { return guarded(self, [&](Walker& w) { w.enterBlock(t, d); }); };
        parser.leave_block = [](MD_BLOCKTYPE t, void*, void* self) { return guarded(self, [&](Walker& w) { w.leaveBlock(t); }); };
        parser.enter_span = [](MD_SPANTYPE t, void* d, void* self) { return guarded(self, [&](Walker& w) { w.enterSpan(t, d); }); };
        parser.leave_span = [](MD_SPANTYPE t, void*, void* self) { return guarded(self, [&](Walker& w) { w.leaveSpan(t); }); };
        parser.text = [](MD_TEXTTYPE t, const MD_CHAR* s, MD_SIZE n, void* self) {
            return guarded(self, [&](Walker& w) { w.text(t, s, n); });
        };
        // md4c counts in unsigned ints; a lesson is never near 4 GB, so past that is not read.
        const size_t size = std::min<size_t>(doc_.size(), UINT_MAX);
        md_parse(doc_.data(), static_cast<MD_SIZE>(size), &parser, this);
        // Exceptions cannot cross md4c's C frames: a callback that failed stopped the parse.
        if (failed_) throw std::bad_alloc();
    }

private:
    struct List {
        bool ordered;
        long long next;
    };

    std::string_view doc_;
    int depth_ = 0;                 // of blocks; the document itself is depth 1
    std::vector<List> lists_;
    size_t target_ = kNone;         // the block receiving inline text, kNone for none yet
    bool itemFirstChild_ = false;   // a list item was entered and no block inside it yet
    bool inCodeBlock_ = false;
    bool inCodeSpan_ = false;
    int strong_ = 0, em_ = 0;
    int linkDepth_ = 0;
    std::string linkUrl_, linkText_;
    bool failed_ = false;
    size_t table_ = kNone;          // the Table block being filled
    bool tableHead_ = false;        // inside its header rows

    template <typename F>
    static int guarded(void* self, F&& f) noexcept {
        Walker& w = *static_cast<Walker*>(self);
        try {
            f(w);
            return 0;
        } catch (...) {   // only std::bad_alloc can get here
            w.failed_ = true;
            return 1;
        }
    }

    size_t push(MdBlockKind kind) {
        MdBlock b;
        b.kind = kind;
        blocks.push_back(std::move(b));
        return blocks.size() - 1;
    }

    void enterBlock(MD_BLOCKTYPE type, void* detail) {
        ++depth_;
        if (depth_ == 2) {
            tops.emplace_back();
            tops.back().type = type;
        }
        if (type == MD_BLOCK_P && itemFirstChild_) {   // a loose item's first paragraph is the item's text
            itemFirstChild_ = false;
            return;
        }
        itemFirstChild_ = false;
        target_ = kNone;
        switch (type) {
            case MD_BLOCK_UL: lists_.push_back({false, 0}); break;
            case MD_BLOCK_OL: lists_.push_back({true, static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start}); break;
            case MD_BLOCK_LI: {
                target_ = push(MdBlockKind::ListItem);
                MdBlock& item = blocks[target_];
                if (!lists_.empty()) {
                    item.level = static_cast<int>(std::min<size_t>(lists_.size() - 1, INT_MAX));
                    item.ordered = lists_.back().ordered;
                    if (item.ordered) item.number = static_cast<int>(std::min<long long>(lists_.back().next++, INT_MAX));
                }
                itemFirstChild_ = true;
                break;
            }
            case MD_BLOCK_P: target_ = push(MdBlockKind::Paragraph); break;
            case MD_BLOCK_H:
                target_ = push(MdBlockKind::Heading);
                blocks[target_].level = static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level);
                if (depth_ == 2) tops.back().block = target_;
                break;
            case MD_BLOCK_CODE: {
                const auto* code = static_cast<MD_BLOCK_CODE_DETAIL*>(detail);
                target_ = push(MdBlockKind::Code);
                blocks[target_].language = lower(attributeText(code->lang));
                inCodeBlock_ = true;
                if (depth_ == 2) {
                    Top& top = tops.back();
                    top.block = target_;
                    top.fence = code->fence_char;
                    if (code->info.size > 0) top.infoOffset = offsetOf(code->info.text);
                }
                break;
            }
            case MD_BLOCK_HR: push(MdBlockKind::Rule); break;
            case MD_BLOCK_TABLE:
                table_ = push(MdBlockKind::Table);
                blocks[table_].columns = static_cast<MD_BLOCK_TABLE_DETAIL*>(detail)->col_count;
                break;
            case MD_BLOCK_THEAD: tableHead_ = true; break;
            case MD_BLOCK_TBODY: tableHead_ = false; break;
            case MD_BLOCK_TR:
                if (table_ != kNone) {
                    blocks[table_].rows.emplace_back();
                    blocks[table_].rows.back().header = tableHead_;
                }
                break;
            case MD_BLOCK_TH:
            case MD_BLOCK_TD:
                // A cell's text is gathered in a scratch paragraph, moved into the row on leaving.
                if (table_ != kNone) target_ = push(MdBlockKind::Paragraph);
                break;
            default: break;   // the document, quotes (their content stands unquoted); nothing else is enabled
        }
    }

    void leaveBlock(MD_BLOCKTYPE type) {
        if (type == MD_BLOCK_UL || type == MD_BLOCK_OL) {
            if (!lists_.empty()) lists_.pop_back();
        } else if (type == MD_BLOCK_CODE && target_ != kNone) {
            std::string& code = blocks[target_].code;
            if (!code.empty() && code.back() == '\n') code.pop_back();
            inCodeBlock_ = false;
        } else if (type == MD_BLOCK_P || type == MD_BLOCK_H || type == MD_BLOCK_LI) {
            finishSpans(type == MD_BLOCK_P);
        } else if ((type == MD_BLOCK_TH || type == MD_BLOCK_TD) && table_ != kNone && target_ + 1 == blocks.size()) {
            finishSpans(false);
            std::vector<MdSpan> cell = std::move(blocks[target_].spans);
            blocks.pop_back();
            if (!blocks[table_].rows.empty()) blocks[table_].rows.back().cells.push_back(std::move(cell));
        } else if (type == MD_BLOCK_TABLE) {
            table_ = kNone;
            tableHead_ = false;
        }
        target_ = kNone;
        itemFirstChild_ = false;
        --depth_;
    }

    // Soft breaks at the edges of a block would leave stray spaces; a paragraph left with no
    // text at all (only an empty link, say) is not worth a block.
    void finishSpans(bool dropIfEmpty) {
        if (target_ == kNone) return;
        std::vector<MdSpan>& spans = blocks[target_].spans;
        if (!spans.empty() && spans.back().kind != MdSpanKind::Code) {
            std::string& t = spans.back().text;
            t.erase(t.find_last_not_of(' ') + 1);
            if (t.empty()) spans.pop_back();
        }
        if (!spans.empty() && spans.front().kind != MdSpanKind::Code) {
            std::string& t = spans.front().text;
            t.erase(0, t.find_first_not_of(' '));
            if (t.empty()) spans.erase(spans.begin());
        }
        if (dropIfEmpty && spans.empty() && target_ + 1 == blocks.size() && blocks[target_].kind == MdBlockKind::Paragraph)
            blocks.pop_back();
    }

    void enterSpan(MD_SPANTYPE type, void* detail) {
        switch (type) {
            case MD_SPAN_EM: ++em_; break;
            case MD_SPAN_STRONG: ++strong_; break;
            case MD_SPAN_A:
            case MD_SPAN_IMG:
                if (linkDepth_++ == 0) {
                    linkUrl_ = attributeText(type == MD_SPAN_A ? static_cast<MD_SPAN_A_DETAIL*>(detail)->href
                                                               : static_cast<MD_SPAN_IMG_DETAIL*>(detail)->src);
                    linkText_.clear();
                }
                break;
            case MD_SPAN_CODE:
                inCodeSpan_ = true;
                // Adjacent code spans stay separate spans: `a``b` is not one word of code.
                if (linkDepth_ == 0) targetBlock().spans.push_back(MdSpan{MdSpanKind::Code, ""});
                break;
            default: break;
        }
    }

    void leaveSpan(MD_SPANTYPE type) {
        switch (type) {
            case MD_SPAN_EM: --em_; break;
            case MD_SPAN_STRONG: --strong_; break;
            case MD_SPAN_A:
            case MD_SPAN_IMG:
                if (--linkDepth_ == 0 && !linkUrl_.empty() && linkUrl_ != linkText_)
                    addText((linkText_.empty() ? "(" : " (") + linkUrl_ + ")");
                break;
            case MD_SPAN_CODE: inCodeSpan_ = false; break;
            default: break;
        }
    }

    void text(MD_TEXTTYPE type, const MD_CHAR* s, MD_SIZE n) {
        noteOffsets(s, n);
        const std::string_view t(s, n);
        switch (type) {
            case MD_TEXT_NULLCHAR: return;
            case MD_TEXT_BR:
            case MD_TEXT_SOFTBR: addText(" "); return;
            case MD_TEXT_ENTITY: {
                std::string decoded;
                appendEntity(decoded, t);
                addText(decoded);
                return;
            }
            case MD_TEXT_CODE:
                if (inCodeBlock_ && target_ != kNone) blocks[target_].code.append(t);
                else if (inCodeSpan_ && linkDepth_ == 0) targetBlock().spans.back().text.append(t);
                else addText(t);
                return;
            default: addText(t); return;
        }
    }

    // Where md4c's text pointer lies in the input, if it does (indentation and line ends of
    // code blocks come from md4c's own constant strings).
    size_t offsetOf(const MD_CHAR* s) const {
        const auto p = reinterpret_cast<uintptr_t>(s);
        const auto b = reinterpret_cast<uintptr_t>(doc_.data());
        return p >= b && p < b + doc_.size() ? static_cast<size_t>(p - b) : kNone;
    }

    void noteOffsets(const MD_CHAR* s, MD_SIZE n) {
        if (n == 0 || tops.empty() || depth_ < 2) return;
        const size_t offset = offsetOf(s);
        if (offset == kNone) return;
        Top& top = tops.back();
        top.minOffset = std::min(top.minOffset, offset);
        top.maxEnd = std::max(top.maxEnd, offset + n);
    }

    MdBlock& targetBlock() {
        // Text with no block to take it (a tight item's text after its nested list) starts a paragraph.
        if (target_ == kNone) target_ = push(MdBlockKind::Paragraph);
        return blocks[target_];
    }

    void addText(std::string_view t) {
        if (t.empty()) return;
        if (linkDepth_ > 0) linkText_.append(t);
        const MdSpanKind kind = strong_ > 0 ? MdSpanKind::Strong : em_ > 0 ? MdSpanKind::Emphasis : MdSpanKind::Text;
        std::vector<MdSpan>& spans = targetBlock().spans;
        if (!spans.empty() && spans.back().kind == kind) spans.back().text.append(t);
        else spans.push_back(MdSpan{kind, std::string(t)});
    }
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Public API: parseMarkdown, parseMarkdownInline, outlineMarkdown (bytes to lines)

// "# x", "### x", "#": an ATX heading's line (a setext heading's first line is never one).
bool isAtxHeadingLine(std::string_view line) {
    size_t i = 0;
    while (i < line.size() && i < 3 && line[i] == ' ') ++i;
    size_t n = 0;
    while (i + n < line.size() && line[i + n] == '#') ++n;
    return n >= 1 && n <= 6 && (i + n == line.size() || line[i + n] == ' ' || line[i + n] == '\t');
}

// Up to 3 spaces, then a run of `ch`; returns the run's length.
size_t fenceRun(std::string_view line, char ch) {
    size_t i = 0;
    while (i < line.size() && i < 3 && line[i] == ' ') ++i;
    size_t n = 0;
    while (i + n < line.size() && line[i + n] == ch) ++n;
    return n;
}

bool closesFence(std::string_view line, char ch, size_t length) {
    const size_t n = fenceRun(line, ch);
    return n >= length && isBlank(trim(line).substr(n));
}

}  // namespace

std::vector<MdBlock> parseMarkdown(std::string_view text) {
    std::string storage;
    Walker w(withoutNul(text, storage));
    w.run();
    return std::move(w.blocks);
}

std::vector<MdSpan> parseMarkdownInline(std::string_view text) {
    // One line, so no line can start a block; behind a no-break space, which md4c's flanking
    // rules treat like the start of a line, so "# x" or "1. x" cannot start one either.
    std::string storage;
    std::string line = "\xC2\xA0" + std::string(trim(withoutNul(text, storage)));
    std::replace(line.begin(), line.end(), '\n', ' ');
    std::replace(line.begin(), line.end(), '\r', ' ');
    Walker w(line);
    w.run();
    std::vector<MdSpan> spans;
    for (MdBlock& b : w.blocks)
        for (MdSpan& s : b.spans) spans.push_back(std::move(s));
    if (!spans.empty() && spans.front().kind != MdSpanKind::Code && spans.front().text.rfind("\xC2\xA0", 0) == 0) {
        spans.front().text.erase(0, 2);
        if (spans.front().text.empty()) spans.erase(spans.begin());
    }
    return spans;
}

std::vector<MdOutlineBlock> outlineMarkdown(std::string_view input) {
    std::string storage;
    const std::string_view text = withoutNul(input, storage);
    Walker w(text);
    w.run();

    const std::vector<size_t> starts = lineStarts(text);
    const size_t lastLine = starts.size() - 1;
    auto lineAt = [&](size_t i) { return lineText(text, starts, i); };
    auto lineOf = [&](size_t offset) { return lineOfOffset(starts, offset); };
    size_t cursor = 0;   // the first line after the previous block
    auto firstNonBlank = [&] {
        size_t l = std::min(cursor, lastLine);
        while (l < lastLine && isBlank(lineAt(l))) ++l;
        return l;
    };

    std::vector<MdOutlineBlock> out;
    for (const Walker::Top& top : w.tops) {
        MdOutlineBlock o;
        const bool hasText = top.minOffset != kNone;
        size_t first = hasText ? lineOf(top.minOffset) : firstNonBlank();
        size_t last = hasText ? lineOf(top.maxEnd - 1) : first;
        switch (top.type) {
            case MD_BLOCK_H: {
                const MdBlock& b = w.blocks[top.block];
                o.kind = MdOutlineBlock::Kind::Heading;
                o.level = b.level;
                for (const MdSpan& s : b.spans) o.text += s.text;
                last = isAtxHeadingLine(lineAt(first)) ? first : std::min(last + 1, lastLine);   // setext underline
                break;
            }
            case MD_BLOCK_CODE: {
                const MdBlock& b = w.blocks[top.block];
                o.text = b.code;
                if (top.fence == 0) {
                    o.kind = MdOutlineBlock::Kind::IndentedCode;
                    break;
                }
                o.kind = MdOutlineBlock::Kind::FencedCode;
                o.language = b.language;
                if (top.infoOffset != kNone) {
                    first = lineOf(top.infoOffset);
                } else if (hasText) {   // the fence is the nearest non-blank line above the code
                    while (first > cursor) {
                        --first;
                        if (!isBlank(lineAt(first))) break;
                    }
                }
                const size_t length = std::max<size_t>(fenceRun(lineAt(first), top.fence), 3);
                o.fence.assign(length, top.fence);
                // Only blank lines and the closing fence can follow the last line with code.
                o.closed = false;
                for (size_t l = std::max(first, last) + 1; l <= lastLine && !o.closed; ++l)
                    if (closesFence(lineAt(l), top.fence, length)) {
                        o.closed = true;
                        last = l;
                    }
                if (!o.closed) last = lastLine;
                break;
            }
            case MD_BLOCK_UL:
            case MD_BLOCK_OL:
            case MD_BLOCK_QUOTE:
                // The first item or quoted line may hold no text ("-" alone): take the lines
                // above that belong to no block before.
                while (hasText && first > cursor && !isBlank(lineAt(first - 1))) --first;
                break;
            default: break;
        }
        last = std::max(last, first);
        o.firstLine = first;
        o.lastLine = last;
        cursor = last + 1;
        out.push_back(std::move(o));
    }
    return out;
}

}  // namespace pgplay
