// The run history shown under the editor. Re-running the same script (the usual edit-run loop
// while fixing an error) updates the newest entry instead of filling the list with copies.
#include "core/session.h"

#include <utility>

namespace pgplay {

void SessionHistory::add(HistoryEntry entry) {
    if (capacity_ == 0) return;
    if (!entries_.empty() && entries_.back().sql == entry.sql) {
        entries_.back() = std::move(entry);
        return;
    }
    // Oldest first, so dropping the oldest is an erase at the front; with the default capacity
    // of 200 that moves a few hundred small objects per run, which is nothing.
    if (entries_.size() >= capacity_)
        entries_.erase(entries_.begin(), entries_.begin() + (entries_.size() - capacity_ + 1));
    entries_.push_back(std::move(entry));
}

}  // namespace pgplay
