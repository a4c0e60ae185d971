#include "undo_history.h"

#include <algorithm>

namespace pgplay {
namespace {

constexpr double kPauseSeconds = 1.0;   // typing resumed after this long starts a new step
constexpr size_t kOneCharacter = 4;     // bytes of the longest UTF-8 character

bool isWordByte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u == '$' || u >= 0x80;
}

}  // namespace

bool UndoHistory::continuesStep(const Change& c, double seconds, Origin origin) const {
    if (!open_ || steps_.empty() || done_ != steps_.size() || origin != Origin::Typing) return false;
    if (seconds - lastSeconds_ > kPauseSeconds) return false;
    const Change& last = steps_.back().back();
    const bool typed = c.removed.empty() && !c.inserted.empty() && c.inserted.size() <= kOneCharacter;
    if (typed && last.removed.empty() && !last.inserted.empty() && c.at == last.at + last.inserted.size()) {
        // A word and the blanks after it are one step; the next word starts another.
        return !(isWordByte(c.inserted.front()) && !isWordByte(last.inserted.back())) && c.inserted != "\n";
    }
    const bool deleted = c.inserted.empty() && !c.removed.empty() && c.removed.size() <= kOneCharacter;
    if (deleted && last.inserted.empty() && !last.removed.empty())
        return c.at + c.removed.size() == last.at /* Backspace */ || c.at == last.at /* Delete */;
    return false;
}

void UndoHistory::record(std::string_view before, std::string_view after, size_t cursorBefore, size_t cursorAfter,
                         double seconds, Origin origin) {
    // The change is what lies between the common start and the common end of the two texts.
    const size_t shorter = std::min(before.size(), after.size());
    size_t prefix = 0;
    while (prefix < shorter && before[prefix] == after[prefix]) ++prefix;
    size_t suffix = 0;
    while (suffix < shorter - prefix && before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix]) ++suffix;
    Change c;
    c.at = prefix;
    c.removed = std::string(before.substr(prefix, before.size() - suffix - prefix));
    c.inserted = std::string(after.substr(prefix, after.size() - suffix - prefix));
    c.cursorBefore = cursorBefore;
    c.cursorAfter = cursorAfter;
    if (c.removed.empty() && c.inserted.empty()) return;

    const bool merge = continuesStep(c, seconds, origin);
    if (done_ < steps_.size()) steps_.erase(steps_.begin() + static_cast<std::ptrdiff_t>(done_), steps_.end());
    if (merge) steps_.back().push_back(std::move(c));
    else steps_.push_back(Step{std::move(c)});
    while (steps_.size() > maxSteps_) steps_.pop_front();
    done_ = steps_.size();
    // Only a typed character (or one deleted) may grow into a step: text typed over a selection,
    // a cut or anything longer stands alone, and so does what follows it.
    const bool oneCharacter = steps_.back().back().inserted.size() <= kOneCharacter &&
                              steps_.back().back().removed.size() <= kOneCharacter;
    open_ = origin == Origin::Typing && oneCharacter;
    lastSeconds_ = seconds;
}

std::optional<UndoHistory::Restored> UndoHistory::undo(std::string_view text) {
    if (done_ == 0) return std::nullopt;
    const Step& step = steps_[done_ - 1];
    Restored r{std::string(text), step.front().cursorBefore};
    for (auto c = step.rbegin(); c != step.rend(); ++c) {
        if (c->at > r.text.size() || r.text.compare(c->at, c->inserted.size(), c->inserted) != 0) {   // not what we recorded
            clear();
            return std::nullopt;
        }
        r.text.replace(c->at, c->inserted.size(), c->removed);
    }
    --done_;
    open_ = false;
    return r;
}

std::optional<UndoHistory::Restored> UndoHistory::redo(std::string_view text) {
    if (done_ >= steps_.size()) return std::nullopt;
    const Step& step = steps_[done_];
    Restored r{std::string(text), step.back().cursorAfter};
    for (const Change& c : step) {
        if (c.at > r.text.size() || r.text.compare(c.at, c.removed.size(), c.removed) != 0) {
            clear();
            return std::nullopt;
        }
        r.text.replace(c.at, c.removed.size(), c.inserted);
    }
    ++done_;
    open_ = false;
    return r;
}

void UndoHistory::clear() {
    steps_.clear();
    done_ = 0;
    open_ = false;
}

}  // namespace pgplay
