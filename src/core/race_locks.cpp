#include "race_locks.h"

#include <algorithm>

namespace pgplay {

namespace {

struct ModeName {
    TableLockMode mode;
    const char* pgLocks;
    const char* docs;
};

constexpr ModeName kModeNames[] = {
    {TableLockMode::AccessShare, "AccessShareLock", "ACCESS SHARE"},
    {TableLockMode::RowShare, "RowShareLock", "ROW SHARE"},
    {TableLockMode::RowExclusive, "RowExclusiveLock", "ROW EXCLUSIVE"},
    {TableLockMode::ShareUpdateExclusive, "ShareUpdateExclusiveLock", "SHARE UPDATE EXCLUSIVE"},
    {TableLockMode::Share, "ShareLock", "SHARE"},
    {TableLockMode::ShareRowExclusive, "ShareRowExclusiveLock", "SHARE ROW EXCLUSIVE"},
    {TableLockMode::Exclusive, "ExclusiveLock", "EXCLUSIVE"},
    {TableLockMode::AccessExclusive, "AccessExclusiveLock", "ACCESS EXCLUSIVE"},
};

// PostgreSQL's table of conflicting lock modes ("Explicit Locking" in the docs): bit m of
// kConflicts[n] is set when mode n conflicts with mode m (modes in the enum's order).
constexpr unsigned kConflicts[] = {
    0b10000000,   // ACCESS SHARE: ACCESS EXCLUSIVE
    0b11000000,   // ROW SHARE: EXCLUSIVE, ACCESS EXCLUSIVE
    0b11110000,   // ROW EXCLUSIVE: SHARE and stronger
    0b11111000,   // SHARE UPDATE EXCLUSIVE: itself and stronger
    0b11101100,   // SHARE: ROW EXCLUSIVE, SHARE UPDATE EXCLUSIVE, SHARE ROW EXCLUSIVE and stronger
    0b11111100,   // SHARE ROW EXCLUSIVE: ROW EXCLUSIVE and stronger
    0b11111110,   // EXCLUSIVE: ROW SHARE and stronger
    0b11111111,   // ACCESS EXCLUSIVE: everything
};

}  // namespace

std::optional<TableLockMode> tableLockModeFromName(const std::string& name) {
    for (const ModeName& m : kModeNames)
        if (name == m.pgLocks) return m.mode;
    return std::nullopt;
}

const char* tableLockModeName(TableLockMode mode) { return kModeNames[static_cast<int>(mode)].docs; }

bool tableLocksConflict(TableLockMode a, TableLockMode b) {
    return (kConflicts[static_cast<int>(a)] >> static_cast<int>(b)) & 1u;
}

bool rowLocksConflict(RowLockMode a, RowLockMode b) {
    // FOR KEY SHARE only conflicts with FOR UPDATE; FOR SHARE with the two update strengths;
    // FOR NO KEY UPDATE with everything but FOR KEY SHARE; FOR UPDATE with everything.
    const int x = static_cast<int>(a), y = static_cast<int>(b);
    return x + y >= 3;
}

RaceLocks::Sessions RaceLocks::rowBlockers(const std::string& who, const RowKey& key, RowLockMode mode) const {
    Sessions out;
    auto it = rows_.find(key);
    if (it == rows_.end()) return out;
    for (const auto& [session, hold] : it->second)
        if (session != who && rowLocksConflict(hold.mode, mode)) out.insert(session);
    return out;
}

RaceLocks::Sessions RaceLocks::writers(const std::string& who, const RowKey& key) const {
    Sessions out;
    auto it = rows_.find(key);
    if (it == rows_.end()) return out;
    for (const auto& [session, hold] : it->second)
        if (session != who && hold.written) out.insert(session);
    return out;
}

void RaceLocks::holdRow(const std::string& who, const RowKey& key, RowLockMode mode, bool written) {
    auto [it, fresh] = rows_[key].try_emplace(who, Hold{mode, written});
    if (fresh) return;
    it->second.mode = std::max(it->second.mode, mode);
    it->second.written = it->second.written || written;
}

RaceLocks::Sessions RaceLocks::requestTable(const std::string& who, const std::string& table, TableLockMode mode) {
    auto same = [&](const TableRequest& r) { return r.session == who && r.table == table && r.mode == mode; };
    if (std::any_of(granted_.begin(), granted_.end(), same)) return {};
    bool holdsTable = false;
    Sessions blockers;
    for (const TableRequest& g : granted_) {
        if (g.table != table) continue;
        if (g.session == who) holdsTable = true;
        else if (tableLocksConflict(g.mode, mode)) blockers.insert(g.session);
    }
    auto mine = std::find_if(queue_.begin(), queue_.end(), same);
    // Earlier waiters for a conflicting lock go first, unless `who` already holds a lock on the
    // table (then waiting behind them could only deadlock; PostgreSQL lets it through too).
    if (!holdsTable)
        for (auto q = queue_.begin(); q != mine; ++q)
            if (q->table == table && q->session != who && tableLocksConflict(q->mode, mode)) blockers.insert(q->session);
    if (blockers.empty()) {
        if (mine != queue_.end()) queue_.erase(mine);
        granted_.push_back({who, table, mode});
    } else if (mine == queue_.end()) {
        queue_.push_back({who, table, mode});
    }
    return blockers;
}

void RaceLocks::releaseAll(const std::string& who) {
    for (auto it = rows_.begin(); it != rows_.end();) {
        it->second.erase(who);
        it = it->second.empty() ? rows_.erase(it) : std::next(it);
    }
    auto mine = [&](const TableRequest& r) { return r.session == who; };
    granted_.erase(std::remove_if(granted_.begin(), granted_.end(), mine), granted_.end());
    queue_.erase(std::remove_if(queue_.begin(), queue_.end(), mine), queue_.end());
}

std::vector<RaceLocks::RowHold> RaceLocks::rows() const {
    std::vector<RowHold> out;
    for (const auto& [key, holders] : rows_)
        for (const auto& [session, hold] : holders) out.push_back({key, session, hold.mode, hold.written});
    return out;
}

std::vector<RaceLocks::TableHold> RaceLocks::tables() const {
    std::vector<TableHold> out;
    for (const TableRequest& g : granted_) out.push_back({g.table, g.session, g.mode, true});
    for (const TableRequest& q : queue_) out.push_back({q.table, q.session, q.mode, false});
    return out;
}

std::vector<RowKey> RaceLocks::rowsHeldAgainst(const std::string& who, RowLockMode mode) const {
    std::vector<RowKey> out;
    for (const auto& [key, holders] : rows_)
        if (!rowBlockers(who, key, mode).empty()) out.push_back(key);
    return out;
}

}  // namespace pgplay
