// What one session statement of a race scenario is, to the race engine: transaction control it
// keeps account of itself, a read, a locking read, a write, or something it does not model (then
// the reason, in words for the learner). Read from the statement's tokens, never by running it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pgplay {

enum class Isolation { ReadCommitted, RepeatableRead, Serializable };

// PostgreSQL's four row lock strengths, weakest first (SELECT ... FOR KEY SHARE ... FOR UPDATE).
// UPDATE takes NoKeyUpdate unless it changes a key column; DELETE takes Update.
enum class RowLockMode { KeyShare, Share, NoKeyUpdate, Update };

enum class RaceStatementKind {
    Begin,          // BEGIN / START TRANSACTION [ISOLATION LEVEL ...]
    SetIsolation,   // SET TRANSACTION ISOLATION LEVEL ...
    Commit,         // COMMIT / END
    Rollback,       // ROLLBACK / ABORT
    LockTimeout,    // SET [SESSION | LOCAL] lock_timeout = ...
    Read,           // SELECT / WITH / VALUES / TABLE / SHOW without a locking clause
    LockingRead,    // SELECT ... FOR UPDATE | NO KEY UPDATE | SHARE | KEY SHARE [NOWAIT | SKIP LOCKED]
    Write,          // INSERT / UPDATE / DELETE / MERGE (and WITH ... that writes)
    LockTable,      // LOCK [TABLE] ...
    SchemaChange,   // ALTER TABLE, CREATE INDEX, DROP INDEX, COMMENT: only outside a transaction block
    Refused,
};

struct RaceStatement {
    RaceStatementKind kind = RaceStatementKind::Refused;
    std::optional<Isolation> isolation;   // Begin / SetIsolation: the level named, if any
    RowLockMode lockMode = RowLockMode::Update;   // LockingRead
    bool noWait = false;                  // LockingRead ... NOWAIT, LOCK TABLE ... NOWAIT
    bool skipLocked = false;              // LockingRead ... SKIP LOCKED
    int lockTimeoutMs = 0;                // LockTimeout: 0 = no limit
    bool local = false;                   // SET LOCAL lock_timeout
    bool onConflict = false;              // Write: INSERT ... ON CONFLICT
    std::string refusal;                  // Refused: why, e.g. "SAVEPOINT is not modelled yet"
};

RaceStatement classifyRaceStatement(std::string_view sql);

const char* isolationName(Isolation level);   // "READ COMMITTED", ...
const char* rowLockModeName(RowLockMode mode); // "FOR UPDATE", "FOR NO KEY UPDATE", ...

}  // namespace pgplay
