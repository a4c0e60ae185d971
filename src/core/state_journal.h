// What the learner has done to the database, so it can be rebuilt.
//
// PGlite runs single-threaded inside a worker, so the only way to stop a runaway query
// (pg_sleep(600), an endless recursive CTE) is to throw the worker away. To keep the learner's
// tables and rows, every committed statement of a run that changed the database is recorded
// here, and a fresh instance replays them. Statements of an open transaction stay pending until
// it ends: COMMIT keeps them, ROLLBACK drops them, and a restart rolls them back, like a
// cancelled psql session would.
#pragma once

#include <string>
#include <vector>

#include "result_model.h"

namespace pgplay {

class StateJournal {
public:
    // Records the completed statements of one run (uses txStatusAfter of each result and the
    // run's databaseChanged flag; read-only runs add nothing unless they end a transaction).
    //  - A statement that leaves a transaction block open joins the pending block.
    //  - One that ends a block: tag COMMIT keeps the block (if any run in it changed the
    //    database), tag ROLLBACK drops it (PostgreSQL also answers ROLLBACK to a COMMIT of a
    //    failed block). COMMIT/ROLLBACK AND CHAIN end one block and open the next.
    //  - An autocommit statement is kept when its run changed the database. SET and RESET are
    //    always kept: they change the session, and a restarted session should match it.
    // Statements with an empty statementText are ignored.
    void record(const QueryResult& run);
    // The committed statements, in order, as one script ("stmt;\n" each; "stmt\n;\n" when the
    // statement ends in a -- comment, which would otherwise swallow the ';').
    std::string replayScript() const;
    size_t committedCount() const { return committed_.size(); }
    bool hasOpenTransaction() const { return !pending_.empty(); }
    // The database was restarted (or its session lost): an open transaction is gone.
    void rollbackOpenTransaction();
    void clear();

private:
    void commitPending(std::string closing, bool runChanged);

    std::vector<std::string> committed_;
    std::vector<std::string> pending_;
    bool pendingChanged_ = false;   // some run that added to pending_ changed the database
};

}  // namespace pgplay
