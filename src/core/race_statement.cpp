#include "race_statement.h"

#include <cmath>
#include <cstdlib>
#include <vector>

#include "sql_script.h"
#include "text_util.h"

namespace pgplay {

namespace {

// The statement's words and symbols, lower-cased, without blanks and comments. Quoted text keeps
// its quotes, so 'for update' inside a string never looks like a locking clause.
std::vector<std::string> wordsOf(std::string_view sql) {
    std::vector<std::string> out;
    for (const Token& t : tokenizeSql(sql)) {
        if (t.kind == TokenKind::Whitespace || t.kind == TokenKind::Comment) continue;
        std::string_view text = sql.substr(t.offset, t.length);
        out.push_back(t.kind == TokenKind::String ? std::string(text) : lower(text));
    }
    return out;
}

bool at(const std::vector<std::string>& w, size_t i, std::string_view word) { return i < w.size() && w[i] == word; }

bool contains(const std::vector<std::string>& w, std::string_view word) {
    for (const std::string& s : w)
        if (s == word) return true;
    return false;
}

// "ISOLATION LEVEL x" anywhere in the words; nullopt when not named.
std::optional<Isolation> isolationIn(const std::vector<std::string>& w) {
    for (size_t i = 0; i + 2 < w.size(); ++i) {
        if (w[i] != "isolation" || w[i + 1] != "level") continue;
        if (w[i + 2] == "serializable") return Isolation::Serializable;
        if (w[i + 2] == "repeatable") return Isolation::RepeatableRead;
        return Isolation::ReadCommitted;   // READ COMMITTED, and READ UNCOMMITTED, which PostgreSQL treats alike
    }
    return std::nullopt;
}

RaceStatement refused(std::string why) {
    RaceStatement s;
    s.kind = RaceStatementKind::Refused;
    s.refusal = std::move(why);
    return s;
}

RaceStatement of(RaceStatementKind kind) {
    RaceStatement s;
    s.kind = kind;
    return s;
}

// "100", "'100ms'", "'2s'", "'1min'", "0", "DEFAULT": milliseconds, or -1 when unreadable.
// Units are case-sensitive, as PostgreSQL's are; a fraction of a millisecond rounds.
int millisecondsOf(std::string value) {
    if (value == "default") return 0;
    if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'') value = value.substr(1, value.size() - 2);
    value = std::string(trim(value));
    if (value.empty() || !((value[0] >= '0' && value[0] <= '9') || value[0] == '.')) return -1;   // no inf, nan, sign
    char* end = nullptr;
    const double n = std::strtod(value.c_str(), &end);
    if (end == value.c_str() || !std::isfinite(n)) return -1;
    const std::string unit(trim(end));
    double ms = n;
    if (unit == "s") ms = n * 1000;
    else if (unit == "min") ms = n * 60000;
    else if (unit == "h") ms = n * 3600000;
    else if (unit == "d") ms = n * 86400000;
    else if (unit == "us") ms = n / 1000;
    else if (!unit.empty() && unit != "ms") return -1;
    return ms > 1e9 ? 1000000000 : static_cast<int>(std::lround(ms));
}

RaceStatement classifySet(const std::vector<std::string>& w) {
    if (at(w, 1, "transaction")) {
        RaceStatement s = of(RaceStatementKind::SetIsolation);
        s.isolation = isolationIn(w);
        if (!s.isolation) return refused("SET TRANSACTION is modelled only with ISOLATION LEVEL");
        return s;
    }
    size_t i = 1;
    const bool local = at(w, 1, "local");
    if (local || at(w, 1, "session")) i = 2;
    if (at(w, i, "lock_timeout") && (at(w, i + 1, "=") || at(w, i + 1, "to")) && i + 3 == w.size()) {
        RaceStatement s = of(RaceStatementKind::LockTimeout);
        s.lockTimeoutMs = millisecondsOf(w[i + 2]);
        s.local = local;
        if (s.lockTimeoutMs < 0) return refused("lock_timeout needs a duration such as '500ms' or '2s'");
        return s;
    }
    return refused("of the SET commands, races model only SET lock_timeout and SET TRANSACTION ISOLATION LEVEL");
}

bool hasOnConflict(const std::vector<std::string>& w) {
    for (size_t i = 0; i + 1 < w.size(); ++i)
        if (w[i] == "on" && w[i + 1] == "conflict") return true;
    return false;
}

RaceStatement classifySelect(const std::vector<std::string>& w) {
    // A WITH that writes (in a CTE or in its main statement) is a write. UPDATE after FOR or KEY
    // is a locking clause, not a write.
    if (at(w, 0, "with"))
        for (size_t i = 1; i < w.size(); ++i) {
            const bool locking = w[i] == "update" && (w[i - 1] == "for" || w[i - 1] == "key");
            if ((w[i] == "insert" || w[i] == "update" || w[i] == "delete" || w[i] == "merge") && !locking) {
                RaceStatement s = of(RaceStatementKind::Write);
                s.onConflict = hasOnConflict(w);
                return s;
            }
        }
    RaceStatement s = of(RaceStatementKind::Read);
    int clauses = 0;
    for (size_t i = 0; i + 1 < w.size(); ++i) {
        if (w[i] != "for") continue;
        std::optional<RowLockMode> mode;
        if (w[i + 1] == "update") mode = RowLockMode::Update;
        else if (w[i + 1] == "share") mode = RowLockMode::Share;
        else if (w[i + 1] == "no" && at(w, i + 2, "key") && at(w, i + 3, "update")) mode = RowLockMode::NoKeyUpdate;
        else if (w[i + 1] == "key" && at(w, i + 2, "share")) mode = RowLockMode::KeyShare;
        if (!mode) continue;
        if (clauses++ > 0 && *mode != s.lockMode)
            return refused("a SELECT with two different locking clauses is not modelled");
        s.kind = RaceStatementKind::LockingRead;
        s.lockMode = *mode;
    }
    if (s.kind == RaceStatementKind::LockingRead) {
        s.noWait = contains(w, "nowait");
        for (size_t i = 0; i + 1 < w.size(); ++i)
            if (w[i] == "skip" && w[i + 1] == "locked") s.skipLocked = true;
    }
    return s;
}

}  // namespace

RaceStatement classifyRaceStatement(std::string_view sql) {
    const std::vector<std::string> w = wordsOf(sql);
    if (w.empty()) return refused("the statement is empty");
    for (const std::string& word : w)
        if (word == ";") return refused("a race step holds one statement; put the next one on its own line");
    const std::string& first = w[0];

    if (first == "begin" || (first == "start" && at(w, 1, "transaction"))) {
        RaceStatement s = of(RaceStatementKind::Begin);
        s.isolation = isolationIn(w);
        return s;
    }
    if (first == "commit" || first == "end") {
        if (contains(w, "chain") && !contains(w, "no")) return refused("COMMIT AND CHAIN is not modelled yet");
        if (at(w, 1, "prepared")) return refused("two-phase commit (COMMIT PREPARED) is not modelled");
        return of(RaceStatementKind::Commit);
    }
    if (first == "rollback" || first == "abort") {
        if (contains(w, "to")) return refused("savepoints (ROLLBACK TO SAVEPOINT) are not modelled yet");
        if (contains(w, "chain") && !contains(w, "no")) return refused("ROLLBACK AND CHAIN is not modelled yet");
        if (at(w, 1, "prepared")) return refused("two-phase commit (ROLLBACK PREPARED) is not modelled");
        return of(RaceStatementKind::Rollback);
    }
    if (first == "savepoint" || first == "release") return refused("savepoints are not modelled yet");
    if (first == "prepare" && at(w, 1, "transaction")) return refused("two-phase commit (PREPARE TRANSACTION) is not modelled");
    if (first == "set") return classifySet(w);
    if (first == "select" || first == "with" || first == "values" || first == "table" || first == "(")
        return classifySelect(w);
    if (first == "show") return of(RaceStatementKind::Read);
    if (first == "insert" || first == "update" || first == "delete" || first == "merge") {
        RaceStatement s = of(RaceStatementKind::Write);
        s.onConflict = hasOnConflict(w);
        return s;
    }
    if (first == "lock") {
        RaceStatement s = of(RaceStatementKind::LockTable);
        s.noWait = contains(w, "nowait");
        return s;
    }
    if (first == "alter" && at(w, 1, "table")) return of(RaceStatementKind::SchemaChange);
    if ((first == "create" || first == "drop") && (at(w, 1, "index") || (at(w, 1, "unique") && at(w, 2, "index")))) {
        if (contains(w, "concurrently")) return refused("CREATE INDEX CONCURRENTLY is not modelled yet");
        return of(RaceStatementKind::SchemaChange);
    }
    if (first == "comment") return of(RaceStatementKind::SchemaChange);
    return refused(upper(first) + " statements are not modelled in races: a session step may read, write, lock rows or "
                          "tables, ALTER TABLE, create or drop an index, or control its transaction");
}

const char* isolationName(Isolation level) {
    switch (level) {
        case Isolation::ReadCommitted: return "READ COMMITTED";
        case Isolation::RepeatableRead: return "REPEATABLE READ";
        case Isolation::Serializable: return "SERIALIZABLE";
    }
    return "READ COMMITTED";
}

const char* rowLockModeName(RowLockMode mode) {
    switch (mode) {
        case RowLockMode::KeyShare: return "FOR KEY SHARE";
        case RowLockMode::Share: return "FOR SHARE";
        case RowLockMode::NoKeyUpdate: return "FOR NO KEY UPDATE";
        case RowLockMode::Update: return "FOR UPDATE";
    }
    return "FOR UPDATE";
}

}  // namespace pgplay
