// SERIALIZABLE in a race: the read/write dependencies between the sessions' SERIALIZABLE
// transactions, and PostgreSQL's rule for failing one (Serializable Snapshot Isolation): a
// transaction that has both an incoming and an outgoing rw-antidependency, where the one it
// depends on has already committed, is a "pivot" of a dangerous structure and gets 40001.
//
// T1 -> T2 (rw-antidependency) when T1 read data that T2 wrote and T1 could not see it (the two
// overlap in time). Reads are kept per table, as PostgreSQL's predicate locks are for a
// sequential scan ("certain"). A read through an index locks only some rows and index pages,
// which are not followed here: a dependency that stands on such a read is "uncertain", and the
// engine refuses a failure that would depend on one rather than guess.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace pgplay {

class SerializableConflicts {
public:
    enum class Danger { None, Certain, Uncertain };

    // A SERIALIZABLE session read `tables` (table -> read by a sequential scan) or wrote rows of
    // `tables`. Its transaction is taken to begin, with `snapshot` (the commit counter its
    // snapshot saw), at its first read or write.
    void read(const std::string& session, long snapshot, const std::map<std::string, bool>& tables);
    void wrote(const std::string& session, long snapshot, const std::set<std::string>& tables);
    // The end of the session's transaction (a no-op when it read and wrote nothing).
    void committed(const std::string& session, long commitNumber);
    void aborted(const std::string& session);

    // Whether the session's open transaction is now a pivot with a committed partner.
    Danger danger(const std::string& session) const;

private:
    // Kept after it ends: a committed transaction still counts for those that overlapped it.
    struct Txn {
        std::string session;
        long snapshot = 0;
        std::optional<long> committedAt;
        bool aborted = false;
        std::map<std::string, bool> reads;   // table -> read by a sequential scan
        std::set<std::string> writes;
        // Dependencies, each with whether it is certain: in = who read what this wrote,
        // out = who wrote what this read.
        std::map<size_t, bool> in, out;
    };
    size_t open(const std::string& session, long snapshot);
    bool concurrent(const Txn& a, const Txn& b) const;

    std::vector<Txn> txns_;
    std::map<std::string, size_t> running_;   // session -> its open transaction in txns_
};

}  // namespace pgplay
