// The ORM lens of a lesson step (lesson_model.h's OrmLens): runs the queries an ORM's lazy loading
// sends, the outer query and then the inner one once per row (but for a NULL key, which loads
// nothing), each its own round trip, and the learner's SQL one statement a round trip, and
// measures both: how many queries, how long in all. The difference between 101 round trips and 1 is what the step is about, so the lens sends
// them as the page would, not as one script.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "database.h"
#include "lesson_model.h"
#include "result_model.h"

namespace pgplay {

struct OrmLensRun {
    size_t queries = 0;          // round trips the page waited for
    size_t rows = 0;             // rows they returned, together
    double ms = 0;               // wall time from the first query's send to the last answer
    double dbMs = 0;             // of which PostgreSQL itself worked (each query's own time, added)
    bool cutShort = false;       // the outer query had more rows than the lens follows
    std::optional<QueryError> error;   // the query that failed, if one did (the run stops there)
};

// The inner query is prepared once (under a name of its own) and executed per row (as ORMs send
// it); more than this many
// outer rows are not followed, and the run says so.
constexpr size_t kOrmLensMaxRows = 1000;

// The ORM's queries. `done` is called once, perhaps before this returns. When `wanted` says no
// more (a newer run replaced this one), the run stops sending and cleans up.
void runOrmQueries(Database& db, const OrmLens& lens, std::function<void(OrmLensRun)> done,
                   std::function<bool()> wanted = {});

// `sql`'s statements one at a time, the way a page sends them.
void runStatementsOneByOne(Database& db, const std::string& sql, std::function<void(OrmLensRun)> done);

// "101 queries, 48 ms" / "1 query, 2.1 ms": for the lens's table and its feedback.
std::string describeOrmLensRun(const OrmLensRun& run);

// What the lesson pane's lens shows: the last comparison (the ORM's queries, then the learner's
// SQL, on the same database) for one step, and whether one is under way.
class OrmLensComparison {
public:
    // Runs both for the step named `key` ("lesson/step"); `done` is called when both have run,
    // or when forget() or a later run() replaced this one (the results are then not there).
    void run(Database& db, const OrmLens& lens, const std::string& learnerSql, std::string key,
             std::function<void()> done = {});
    bool running() const { return running_; }
    const std::string& key() const { return key_; }   // the step the results are for
    const std::optional<OrmLensRun>& orm() const { return orm_; }
    const std::optional<OrmLensRun>& yours() const { return yours_; }
    void forget();

private:
    void tellWaiting();
    unsigned generation_ = 0;
    std::vector<std::function<void()>> waiting_;
    bool running_ = false;
    std::string key_;
    std::optional<OrmLensRun> orm_;
    std::optional<OrmLensRun> yours_;
};

}  // namespace pgplay
