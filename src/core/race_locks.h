// The locks of a race's sessions, kept by the race engine because PGlite has one connection and
// cannot hold them itself: row locks by primary key with PostgreSQL's four strengths, table
// locks with its eight modes and conflict table, and a first-come-first-served queue for table
// locks (so readers queue behind a waiting ALTER TABLE, as they do on a server).
// Plain data, no SQL: the engine asks who would block a request and records what was granted.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "race_statement.h"

namespace pgplay {

// A row by its table and primary key ({"id": 1} as jsonb prints it).
struct RowKey {
    std::string table;
    std::string key;
    bool operator<(const RowKey& o) const { return table != o.table ? table < o.table : key < o.key; }
    bool operator==(const RowKey& o) const { return table == o.table && key == o.key; }
};

enum class TableLockMode {
    AccessShare, RowShare, RowExclusive, ShareUpdateExclusive, Share, ShareRowExclusive, Exclusive, AccessExclusive,
};

// "AccessShareLock" (pg_locks.mode) to the mode; nullopt for a name that is not a table lock.
std::optional<TableLockMode> tableLockModeFromName(const std::string& name);
const char* tableLockModeName(TableLockMode mode);     // "ACCESS SHARE", as the docs write it
bool tableLocksConflict(TableLockMode a, TableLockMode b);
bool rowLocksConflict(RowLockMode a, RowLockMode b);

class RaceLocks {
public:
    using Sessions = std::set<std::string>;

    // Who holds `key` in a strength that conflicts with `mode` (other than `who`).
    Sessions rowBlockers(const std::string& who, const RowKey& key, RowLockMode mode) const;
    // Who has written `key` and not yet committed (other than `who`): a new row with that key
    // must wait for them, whatever lock strength they hold.
    Sessions writers(const std::string& who, const RowKey& key) const;
    // Records a row lock (the stronger one when `who` already holds the row).
    void holdRow(const std::string& who, const RowKey& key, RowLockMode mode, bool written);

    // Asks for a table lock. Empty answer: granted. Otherwise the sessions it waits for (holders
    // of conflicting locks, and earlier waiters for conflicting locks), and the request stays in
    // the queue, keeping its place when asked again.
    Sessions requestTable(const std::string& who, const std::string& table, TableLockMode mode);

    // The end of `who`'s transaction (or of its statement, outside one): every lock and queued
    // request goes.
    void releaseAll(const std::string& who);

    // What the lock panel shows.
    struct RowHold { RowKey row; std::string session; RowLockMode mode; bool written; };
    struct TableHold { std::string table; std::string session; TableLockMode mode; bool granted; };
    std::vector<RowHold> rows() const;
    std::vector<TableHold> tables() const;   // granted first, then the queue in order
    // Rows other sessions hold in a strength conflicting with `mode` (what SKIP LOCKED skips).
    std::vector<RowKey> rowsHeldAgainst(const std::string& who, RowLockMode mode) const;

private:
    struct Hold { RowLockMode mode; bool written; };
    struct TableRequest { std::string session; std::string table; TableLockMode mode; };
    std::map<RowKey, std::map<std::string, Hold>> rows_;
    std::vector<TableRequest> granted_;
    std::vector<TableRequest> queue_;
};

}  // namespace pgplay
