// Replaying the learner's committed work after a restart (see state_journal.h). The journal
// follows the server's own account of transaction state, ReadyForQuery's status after each
// statement, instead of parsing BEGIN/COMMIT itself: that way implicit blocks, failed blocks and
// COMMITs that turn into ROLLBACKs are all judged the way PostgreSQL judged them.
#include "core/state_journal.h"

#include "core/sql_script.h"

namespace pgplay {

namespace {

bool inBlock(char status) { return status == 'T' || status == 'E'; }

// The word the statement ends with, lower-cased ("chain" for ROLLBACK AND CHAIN).
std::string lastWord(const std::string& sql) {
    const std::vector<Token> tokens = tokenizeSql(sql);
    for (auto it = tokens.rbegin(); it != tokens.rend(); ++it) {
        if (it->kind == TokenKind::Whitespace || it->kind == TokenKind::Comment) continue;
        if (it->kind == TokenKind::Punctuation && sql[it->offset] == ';') continue;
        if (it->kind != TokenKind::Keyword && it->kind != TokenKind::Identifier) return {};
        std::string w = sql.substr(it->offset, it->length);
        for (char& c : w)
            if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
        return w;
    }
    return {};
}

bool endsInLineComment(const std::string& sql) {
    const std::vector<Token> tokens = tokenizeSql(sql);
    for (auto it = tokens.rbegin(); it != tokens.rend(); ++it) {
        if (it->kind == TokenKind::Whitespace) continue;
        return it->kind == TokenKind::Comment && sql.compare(it->offset, 2, "--") == 0;
    }
    return false;
}

}  // namespace

void StateJournal::commitPending(std::string closing, bool runChanged) {
    if (pendingChanged_ || runChanged) {
        for (std::string& s : pending_) committed_.push_back(std::move(s));
        committed_.push_back(std::move(closing));
    }
    pending_.clear();
    pendingChanged_ = false;
}

void StateJournal::record(const QueryResult& run) {
    for (const StatementResult& r : run.results) {
        if (r.statementText.empty()) continue;
        // A psql meta-command only reads the catalog or changes the display: nothing to restore.
        if (!r.command.empty() && r.command[0] == '\\') continue;
        const std::string& tag = r.tag.empty() ? r.command : r.tag;
        const bool sessionSetting = tag == "SET" || tag == "RESET";

        if (inBlock(r.txStatusAfter)) {
            if (tag == "COMMIT" && !pending_.empty()) {
                // COMMIT AND CHAIN: the block so far is committed and a new one is open. The
                // replay opens it with a plain BEGIN, so a later ROLLBACK leaves nothing open.
                commitPending("COMMIT", run.databaseChanged);
                pending_.push_back("BEGIN");
            } else if (tag == "ROLLBACK" && !pending_.empty() && lastWord(r.statementText) == "chain") {
                // ROLLBACK AND CHAIN (ROLLBACK TO SAVEPOINT has the same tag but keeps the block).
                pending_.assign(1, "BEGIN");
                pendingChanged_ = false;
            } else {
                pending_.push_back(r.statementText);
                pendingChanged_ = pendingChanged_ || run.databaseChanged || sessionSetting;
            }
            continue;
        }

        if (!pending_.empty()) {
            if (tag == "COMMIT") {
                commitPending(r.statementText, run.databaseChanged);
                continue;
            }
            if (tag == "ROLLBACK") {
                pending_.clear();
                pendingChanged_ = false;
                continue;
            }
            // Idle, yet the journal thought a block was open: that block ended without us seeing
            // a COMMIT (a COMMIT that failed, PREPARE TRANSACTION, a lost session). Nothing of it
            // is known to be committed, so drop it and take this statement as autocommit.
            pending_.clear();
            pendingChanged_ = false;
        }
        if (run.databaseChanged || sessionSetting) committed_.push_back(r.statementText);
    }

    // A server error that left the session idle ended any open block: a failed COMMIT (deferred
    // constraint) rolls back. pgplay-made errors (PG*) and Stop (57014, followed by a restart
    // that calls rollbackOpenTransaction) say nothing about the server's state.
    if (run.error && run.transactionStatus == "I" && run.error->sqlstate.rfind("PG", 0) != 0 &&
        run.error->sqlstate != sqlstate::kQueryCanceled) {
        rollbackOpenTransaction();
    }
}

std::string StateJournal::replayScript() const {
    std::string out;
    for (const std::string& s : committed_) {
        out += s;
        out += endsInLineComment(s) ? "\n;\n" : ";\n";
    }
    return out;
}

void StateJournal::rollbackOpenTransaction() {
    pending_.clear();
    pendingChanged_ = false;
}

void StateJournal::clear() {
    committed_.clear();
    rollbackOpenTransaction();
}

}  // namespace pgplay
