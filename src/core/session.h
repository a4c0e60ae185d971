// The learner's session: the script in the editor and the history of scripts they ran.
// Plain data; the editor view shows it and the app records into it.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace pgplay {

struct HistoryEntry {
    std::string sql;
    bool ok = true;
    double ms = 0;
    std::string summary;     // "SELECT 3", "ERROR 42P01", "cancelled"
};

class SessionHistory {
public:
    explicit SessionHistory(size_t capacity = 200) : capacity_(capacity) {}
    // Adds a run; a run identical to the newest entry replaces it instead of repeating it.
    void add(HistoryEntry entry);
    const std::vector<HistoryEntry>& entries() const { return entries_; }  // oldest first
    bool empty() const { return entries_.empty(); }
private:
    size_t capacity_;
    std::vector<HistoryEntry> entries_;
};

}  // namespace pgplay
