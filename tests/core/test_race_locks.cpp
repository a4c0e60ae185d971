// The race engine's own lock table (core/race_locks): PostgreSQL's table and row lock conflict
// tables, pg_locks mode names, and RaceLocks' row holds and first-come-first-served table queue.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/race_locks.h"

using namespace pgplay;

namespace {

using Sessions = RaceLocks::Sessions;

const TableLockMode kTableModes[] = {
    TableLockMode::AccessShare, TableLockMode::RowShare,  TableLockMode::RowExclusive,      TableLockMode::ShareUpdateExclusive,
    TableLockMode::Share,       TableLockMode::ShareRowExclusive, TableLockMode::Exclusive, TableLockMode::AccessExclusive,
};

const RowLockMode kRowModes[] = {RowLockMode::KeyShare, RowLockMode::Share, RowLockMode::NoKeyUpdate, RowLockMode::Update};

RowKey row(const std::string& table, int id) { return {table, "{\"id\": " + std::to_string(id) + "}"}; }

}  // namespace

TEST_CASE("Table lock conflicts match PostgreSQL's \"Conflicting Lock Modes\" table", "[race][locks]") {
    // Copied from the PostgreSQL documentation, 13.3.1 "Table-Level Locks", Table 13.2, written
    // out here rather than derived so that a slip in the bit masks cannot hide in both places.
    // Rows: the requested mode; columns: the existing mode, in the same order
    //   AS   RS   RE   SUE  S    SRE  E    AE
    // 'X' = the two conflict, '.' = they do not.
    const char* const expected[8] = {
        ".......X",   // ACCESS SHARE
        "......XX",   // ROW SHARE
        "....XXXX",   // ROW EXCLUSIVE
        "...XXXXX",   // SHARE UPDATE EXCLUSIVE
        "..XX.XXX",   // SHARE
        "..XXXXXX",   // SHARE ROW EXCLUSIVE
        ".XXXXXXX",   // EXCLUSIVE
        "XXXXXXXX",   // ACCESS EXCLUSIVE
    };
    for (int requested = 0; requested < 8; ++requested) {
        for (int existing = 0; existing < 8; ++existing) {
            const TableLockMode a = kTableModes[requested], b = kTableModes[existing];
            INFO(tableLockModeName(a) << " requested, " << tableLockModeName(b) << " held");
            CHECK(tableLocksConflict(a, b) == (expected[requested][existing] == 'X'));
            // Conflict is mutual: whichever came first, the other waits.
            CHECK(tableLocksConflict(a, b) == tableLocksConflict(b, a));
        }
    }
}

TEST_CASE("Row lock conflicts match PostgreSQL's \"Conflicting Row-Level Locks\" table", "[race][locks]") {
    // PostgreSQL documentation, 13.3.2 "Row-Level Locks", Table 13.3.
    // Rows: requested; columns: current, in the order FOR KEY SHARE, FOR SHARE, FOR NO KEY UPDATE,
    // FOR UPDATE.
    const char* const expected[4] = {
        "...X",   // FOR KEY SHARE
        "..XX",   // FOR SHARE
        ".XXX",   // FOR NO KEY UPDATE
        "XXXX",   // FOR UPDATE
    };
    for (int requested = 0; requested < 4; ++requested) {
        for (int current = 0; current < 4; ++current) {
            const RowLockMode a = kRowModes[requested], b = kRowModes[current];
            INFO(rowLockModeName(a) << " requested, " << rowLockModeName(b) << " held");
            CHECK(rowLocksConflict(a, b) == (expected[requested][current] == 'X'));
            CHECK(rowLocksConflict(a, b) == rowLocksConflict(b, a));
        }
    }
}

TEST_CASE("Table lock modes from pg_locks names, and their names as the docs write them", "[race][locks]") {
    struct Case { const char* pgLocks; TableLockMode mode; const char* docs; };
    const Case cases[] = {
        {"AccessShareLock", TableLockMode::AccessShare, "ACCESS SHARE"},
        {"RowShareLock", TableLockMode::RowShare, "ROW SHARE"},
        {"RowExclusiveLock", TableLockMode::RowExclusive, "ROW EXCLUSIVE"},
        {"ShareUpdateExclusiveLock", TableLockMode::ShareUpdateExclusive, "SHARE UPDATE EXCLUSIVE"},
        {"ShareLock", TableLockMode::Share, "SHARE"},
        {"ShareRowExclusiveLock", TableLockMode::ShareRowExclusive, "SHARE ROW EXCLUSIVE"},
        {"ExclusiveLock", TableLockMode::Exclusive, "EXCLUSIVE"},
        {"AccessExclusiveLock", TableLockMode::AccessExclusive, "ACCESS EXCLUSIVE"},
    };
    for (const Case& c : cases) {
        INFO(c.pgLocks);
        const std::optional<TableLockMode> mode = tableLockModeFromName(c.pgLocks);
        REQUIRE(mode.has_value());
        CHECK(*mode == c.mode);
        CHECK(std::string(tableLockModeName(c.mode)) == c.docs);
    }
    // pg_locks also lists modes that are not table locks (SIReadLock for SERIALIZABLE reads), and
    // its names are case-sensitive; none of these is a table lock.
    for (const char* name : {"SIReadLock", "", "accesssharelock", "ACCESS SHARE", "AccessShare", "Lock"}) {
        INFO(name);
        CHECK_FALSE(tableLockModeFromName(name).has_value());
    }
}

TEST_CASE("Row locks: blockers, writers and the stronger hold", "[race][locks]") {
    RaceLocks locks;
    const RowKey r1 = row("t", 1), r2 = row("t", 2), other = row("u", 1);

    // Nothing held: nobody blocks, nobody wrote.
    CHECK(locks.rowBlockers("A", r1, RowLockMode::Update).empty());
    CHECK(locks.writers("A", r1).empty());

    locks.holdRow("A", r1, RowLockMode::Share, false);
    locks.holdRow("B", r1, RowLockMode::KeyShare, false);
    // A session is never blocked by its own lock: upgrading a lock you hold is yours to do.
    CHECK(locks.rowBlockers("A", r1, RowLockMode::Update) == Sessions{"B"});
    CHECK(locks.rowBlockers("B", r1, RowLockMode::Update) == Sessions{"A"});
    CHECK(locks.rowBlockers("C", r1, RowLockMode::Update) == (Sessions{"A", "B"}));
    // FOR NO KEY UPDATE conflicts with FOR SHARE but not FOR KEY SHARE.
    CHECK(locks.rowBlockers("C", r1, RowLockMode::NoKeyUpdate) == Sessions{"A"});
    CHECK(locks.rowBlockers("C", r1, RowLockMode::KeyShare).empty());
    // Locks are per row: the same key in another table, or another key, is free.
    CHECK(locks.rowBlockers("C", r2, RowLockMode::Update).empty());
    CHECK(locks.rowBlockers("C", other, RowLockMode::Update).empty());

    // Locking reads are not writes: writers() reports only sessions whose hold was written.
    CHECK(locks.writers("C", r1).empty());
    locks.holdRow("B", r2, RowLockMode::NoKeyUpdate, true);
    CHECK(locks.writers("C", r2) == Sessions{"B"});
    CHECK(locks.writers("B", r2).empty());   // not its own

    SECTION("a second hold keeps the stronger mode, and once written stays written") {
        // A: FOR SHARE, then FOR KEY SHARE: still FOR SHARE (a weaker lock never replaces a stronger).
        locks.holdRow("A", r1, RowLockMode::KeyShare, false);
        CHECK(locks.rowBlockers("C", r1, RowLockMode::NoKeyUpdate) == Sessions{"A"});
        // A: then FOR UPDATE (written): now it blocks even FOR KEY SHARE, and is a writer.
        locks.holdRow("A", r1, RowLockMode::Update, true);
        CHECK(locks.rowBlockers("C", r1, RowLockMode::KeyShare) == Sessions{"A"});
        CHECK(locks.writers("C", r1) == Sessions{"A"});
        // A later locking read does not undo the write.
        locks.holdRow("A", r1, RowLockMode::Share, false);
        CHECK(locks.writers("C", r1) == Sessions{"A"});
        CHECK(locks.rowBlockers("C", r1, RowLockMode::KeyShare) == Sessions{"A"});

        // The panel shows one entry per session and row, with its strongest mode.
        int aHolds = 0;
        for (const RaceLocks::RowHold& h : locks.rows()) {
            if (h.session != "A") continue;
            ++aHolds;
            CHECK(h.row == r1);
            CHECK(h.mode == RowLockMode::Update);
            CHECK(h.written);
        }
        CHECK(aHolds == 1);
    }
}

TEST_CASE("Table locks: granted without conflict, queued behind holders", "[race][locks]") {
    RaceLocks locks;
    // Readers share a table.
    CHECK(locks.requestTable("A", "t", TableLockMode::AccessShare).empty());
    CHECK(locks.requestTable("B", "t", TableLockMode::AccessShare).empty());
    CHECK(locks.requestTable("B", "t", TableLockMode::RowExclusive).empty());
    // Another table is independent.
    CHECK(locks.requestTable("C", "u", TableLockMode::AccessExclusive).empty());
    // Asking again for a lock already granted is granted, and not recorded twice.
    CHECK(locks.requestTable("A", "t", TableLockMode::AccessShare).empty());
    CHECK(locks.tables().size() == 4);

    // SHARE conflicts with B's ROW EXCLUSIVE but not with A's ACCESS SHARE: C waits for B only.
    CHECK(locks.requestTable("C", "t", TableLockMode::Share) == Sessions{"B"});
    // ACCESS EXCLUSIVE waits for every holder (and for C, queued earlier for a conflicting lock).
    CHECK(locks.requestTable("D", "t", TableLockMode::AccessExclusive) == (Sessions{"A", "B", "C"}));

    const std::vector<RaceLocks::TableHold> panel = locks.tables();
    REQUIRE(panel.size() == 6);
    CHECK(panel[4].session == "C");
    CHECK_FALSE(panel[4].granted);
    CHECK(panel[5].session == "D");
    CHECK_FALSE(panel[5].granted);

    // Asking again while still blocked keeps the one queued entry, in its place.
    CHECK(locks.requestTable("C", "t", TableLockMode::Share) == Sessions{"B"});
    CHECK(locks.requestTable("D", "t", TableLockMode::AccessExclusive) == (Sessions{"A", "B", "C"}));
    const std::vector<RaceLocks::TableHold> again = locks.tables();
    REQUIRE(again.size() == 6);
    CHECK(again[4].session == "C");
    CHECK(again[5].session == "D");

    // B ends: C is next and now gets its lock; D still waits for A and for C's granted SHARE.
    locks.releaseAll("B");
    CHECK(locks.requestTable("C", "t", TableLockMode::Share).empty());
    CHECK(locks.requestTable("D", "t", TableLockMode::AccessExclusive) == (Sessions{"A", "C"}));
    locks.releaseAll("A");
    locks.releaseAll("C");
    CHECK(locks.requestTable("D", "t", TableLockMode::AccessExclusive).empty());
    // Once granted a request leaves the queue; C's lock on u went with C's releaseAll, so D's
    // granted lock is all that is left.
    const std::vector<RaceLocks::TableHold> last = locks.tables();
    REQUIRE(last.size() == 1);
    CHECK(last[0].session == "D");
    CHECK(last[0].table == "t");
    CHECK(last[0].mode == TableLockMode::AccessExclusive);
    CHECK(last[0].granted);
}

TEST_CASE("Table locks: readers queue behind a waiting ACCESS EXCLUSIVE", "[race][locks]") {
    // Scenario 10 (migration-lock): A reads in a long transaction, B's ALTER TABLE waits for A,
    // and C's plain read, which A's lock alone would allow, waits behind B's queued request.
    RaceLocks locks;
    CHECK(locks.requestTable("A", "orders", TableLockMode::AccessShare).empty());
    CHECK(locks.requestTable("B", "orders", TableLockMode::AccessExclusive) == Sessions{"A"});
    CHECK(locks.requestTable("C", "orders", TableLockMode::AccessShare) == Sessions{"B"});
    // The queue is per table: C waiting on orders does not stop its request on another table.
    CHECK(locks.requestTable("C", "other", TableLockMode::AccessExclusive).empty());

    const std::vector<RaceLocks::TableHold> panel = locks.tables();
    REQUIRE(panel.size() == 4);
    // Granted first (A, then C's lock on other), then the queue in the order it formed (B, C).
    CHECK((panel[0].session == "A" && panel[0].granted));
    CHECK((panel[1].session == "C" && panel[1].table == "other" && panel[1].granted));
    CHECK((panel[2].session == "B" && !panel[2].granted && panel[2].mode == TableLockMode::AccessExclusive));
    CHECK((panel[3].session == "C" && !panel[3].granted && panel[3].table == "orders"));

    // A commits: B is first in line and gets its lock; C, asked again, now waits for B's grant.
    locks.releaseAll("A");
    CHECK(locks.requestTable("C", "orders", TableLockMode::AccessShare) == Sessions{"B"});
    CHECK(locks.requestTable("B", "orders", TableLockMode::AccessExclusive).empty());
    CHECK(locks.requestTable("C", "orders", TableLockMode::AccessShare) == Sessions{"B"});
    locks.releaseAll("B");
    CHECK(locks.requestTable("C", "orders", TableLockMode::AccessShare).empty());
}

TEST_CASE("Table locks: a session that already holds the table is not held up by queued waiters",
          "[race][locks]") {
    // A and B both read t; A then asks for ACCESS EXCLUSIVE and queues behind B. If B, which holds
    // a lock on t already, had to queue behind A as well, neither could ever move: PostgreSQL lets
    // B through, and so does the engine.
    RaceLocks locks;
    CHECK(locks.requestTable("A", "t", TableLockMode::AccessShare).empty());
    CHECK(locks.requestTable("B", "t", TableLockMode::AccessShare).empty());
    CHECK(locks.requestTable("A", "t", TableLockMode::AccessExclusive) == Sessions{"B"});
    CHECK(locks.requestTable("B", "t", TableLockMode::RowExclusive).empty());
    // A newcomer that holds nothing on t does queue behind A's request.
    CHECK(locks.requestTable("C", "t", TableLockMode::AccessShare) == Sessions{"A"});
    // B's SHARE would conflict with ROW EXCLUSIVE, but that one is B's own, and a session's own
    // locks never block it; A's ACCESS SHARE does not conflict, so B goes through again.
    CHECK(locks.requestTable("B", "t", TableLockMode::Share).empty());
    // C, which holds nothing on t, asking for SHARE waits for B's ROW EXCLUSIVE and A's queued request.
    CHECK(locks.requestTable("C", "t", TableLockMode::Share) == (Sessions{"A", "B"}));
    // Passing the queue is not passing the holders: B asking for ACCESS EXCLUSIVE still waits
    // for A's granted ACCESS SHARE, though not for A's or C's queued requests.
    CHECK(locks.requestTable("B", "t", TableLockMode::AccessExclusive) == Sessions{"A"});
}

TEST_CASE("Table locks: releaseAll removes rows, granted locks and queued requests", "[race][locks]") {
    RaceLocks locks;
    locks.holdRow("A", row("t", 1), RowLockMode::Update, true);
    locks.holdRow("A", row("t", 2), RowLockMode::Share, false);
    locks.holdRow("B", row("t", 2), RowLockMode::KeyShare, false);
    CHECK(locks.requestTable("A", "t", TableLockMode::RowExclusive).empty());
    CHECK(locks.requestTable("B", "t", TableLockMode::RowExclusive).empty());
    CHECK(locks.requestTable("C", "t", TableLockMode::AccessExclusive) == (Sessions{"A", "B"}));
    CHECK(locks.requestTable("A", "u", TableLockMode::Exclusive).empty());
    CHECK(locks.requestTable("B", "u", TableLockMode::RowShare) == Sessions{"A"});

    // B ends (say its lock_timeout ran out): its row, its granted lock and its queued request go.
    locks.releaseAll("B");
    for (const RaceLocks::RowHold& h : locks.rows()) CHECK(h.session != "B");
    for (const RaceLocks::TableHold& h : locks.tables()) CHECK(h.session != "B");
    CHECK(locks.rows().size() == 2);
    CHECK(locks.tables().size() == 3);   // A on t and u, C queued on t
    // Row 2 is still A's; B's FOR KEY SHARE no longer blocks anyone.
    CHECK(locks.rowBlockers("C", row("t", 2), RowLockMode::Update) == Sessions{"A"});

    // A ends: rows with no holder disappear entirely (not kept as empty entries), and C's queued
    // request is the only thing left.
    locks.releaseAll("A");
    CHECK(locks.rows().empty());
    CHECK(locks.writers("C", row("t", 1)).empty());
    REQUIRE(locks.tables().size() == 1);
    CHECK(locks.tables()[0].session == "C");
    CHECK_FALSE(locks.tables()[0].granted);
    CHECK(locks.requestTable("C", "t", TableLockMode::AccessExclusive).empty());

    // Releasing a session that holds nothing changes nothing.
    locks.releaseAll("Nobody");
    CHECK(locks.tables().size() == 1);
}

TEST_CASE("Row locks for the lock panel and for SKIP LOCKED", "[race][locks]") {
    RaceLocks locks;
    CHECK(locks.rows().empty());
    CHECK(locks.tables().empty());
    locks.holdRow("B", row("t", 2), RowLockMode::NoKeyUpdate, true);
    locks.holdRow("A", row("t", 1), RowLockMode::Update, false);
    locks.holdRow("A", row("s", 9), RowLockMode::KeyShare, false);

    // Every hold, with its session, mode and whether it was written.
    const std::vector<RaceLocks::RowHold> panel = locks.rows();
    REQUIRE(panel.size() == 3);
    int seen = 0;
    for (const RaceLocks::RowHold& h : panel) {
        if (h.row == row("t", 1)) {
            CHECK((h.session == "A" && h.mode == RowLockMode::Update && !h.written));
            ++seen;
        } else if (h.row == row("t", 2)) {
            CHECK((h.session == "B" && h.mode == RowLockMode::NoKeyUpdate && h.written));
            ++seen;
        } else if (h.row == row("s", 9)) {
            CHECK((h.session == "A" && h.mode == RowLockMode::KeyShare && !h.written));
            ++seen;
        }
    }
    CHECK(seen == 3);

    // SKIP LOCKED hides the rows other sessions hold in a conflicting strength, never the asker's own.
    CHECK(locks.rowsHeldAgainst("C", RowLockMode::Update) == (std::vector<RowKey>{row("s", 9), row("t", 1), row("t", 2)}));
    CHECK(locks.rowsHeldAgainst("C", RowLockMode::KeyShare) == std::vector<RowKey>{row("t", 1)});
    CHECK(locks.rowsHeldAgainst("C", RowLockMode::Share) == (std::vector<RowKey>{row("t", 1), row("t", 2)}));
    CHECK(locks.rowsHeldAgainst("A", RowLockMode::Update) == std::vector<RowKey>{row("t", 2)});
    CHECK(locks.rowsHeldAgainst("B", RowLockMode::Update) == (std::vector<RowKey>{row("s", 9), row("t", 1)}));
    CHECK(locks.rowsHeldAgainst("B", RowLockMode::KeyShare) == std::vector<RowKey>{row("t", 1)});
}
