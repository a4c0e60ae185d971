#include "race_serializable.h"

namespace pgplay {

size_t SerializableConflicts::open(const std::string& session, long snapshot) {
    auto it = running_.find(session);
    if (it != running_.end()) return it->second;
    Txn txn;
    txn.session = session;
    txn.snapshot = snapshot;
    txns_.push_back(std::move(txn));
    return running_[session] = txns_.size() - 1;
}

// Neither committed before the other's snapshot was taken.
bool SerializableConflicts::concurrent(const Txn& a, const Txn& b) const {
    return (!a.committedAt || *a.committedAt > b.snapshot) && (!b.committedAt || *b.committedAt > a.snapshot);
}

void SerializableConflicts::read(const std::string& session, long snapshot, const std::map<std::string, bool>& tables) {
    const size_t mine = open(session, snapshot);
    for (const auto& [t, certain] : tables) txns_[mine].reads[t] = txns_[mine].reads[t] || certain;
    for (size_t i = 0; i < txns_.size(); ++i) {
        if (i == mine || txns_[i].aborted || !concurrent(txns_[mine], txns_[i])) continue;
        for (const auto& [t, certain] : tables)
            if (txns_[i].writes.count(t)) {
                txns_[mine].out[i] = txns_[mine].out[i] || certain;
                txns_[i].in[mine] = txns_[i].in[mine] || certain;
            }
    }
}

void SerializableConflicts::wrote(const std::string& session, long snapshot, const std::set<std::string>& tables) {
    const size_t mine = open(session, snapshot);
    for (const std::string& t : tables) txns_[mine].writes.insert(t);
    for (size_t i = 0; i < txns_.size(); ++i) {
        if (i == mine || txns_[i].aborted || !concurrent(txns_[mine], txns_[i])) continue;
        for (const std::string& t : tables) {
            auto read = txns_[i].reads.find(t);
            if (read == txns_[i].reads.end()) continue;
            txns_[i].out[mine] = txns_[i].out[mine] || read->second;
            txns_[mine].in[i] = txns_[mine].in[i] || read->second;
        }
    }
}

void SerializableConflicts::committed(const std::string& session, long commitNumber) {
    auto it = running_.find(session);
    if (it == running_.end()) return;
    txns_[it->second].committedAt = commitNumber;
    running_.erase(it);
}

void SerializableConflicts::aborted(const std::string& session) {
    auto it = running_.find(session);
    if (it == running_.end()) return;
    txns_[it->second].aborted = true;
    running_.erase(it);
}

// PostgreSQL fails the pivot at its COMMIT, or at once when the structure is complete before.
SerializableConflicts::Danger SerializableConflicts::danger(const std::string& session) const {
    auto it = running_.find(session);
    if (it == running_.end()) return Danger::None;
    const Txn& me = txns_[it->second];
    std::optional<bool> in, out;   // the surest live dependency of each kind
    for (const auto& [i, certain] : me.in)
        if (!txns_[i].aborted) in = in.value_or(false) || certain;
    for (const auto& [i, certain] : me.out)
        if (!txns_[i].aborted && txns_[i].committedAt) out = out.value_or(false) || certain;
    if (!in || !out) return Danger::None;
    return *in && *out ? Danger::Certain : Danger::Uncertain;
}

}  // namespace pgplay
