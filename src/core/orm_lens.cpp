#include "orm_lens.h"

#include <chrono>
#include <cstdio>
#include <memory>
#include <utility>
#include <vector>

#include "psql_pattern.h"   // sqlLiteral
#include "sql_script.h"

namespace pgplay {

namespace {

constexpr int kLensTimeoutMs = 10000;   // each query; the learner's pg_sleep must not hold the pane
unsigned g_runs = 0;   // each run prepares its own name, so an abandoned one never meets the next

double nowMs() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

RunOptions lensOptions() {
    RunOptions ro;
    ro.internal = true;
    ro.timeoutMs = kLensTimeoutMs;
    ro.rowCap = kOrmLensMaxRows + 1;
    return ro;
}

size_t rowsOf(const QueryResult& r) {
    size_t n = 0;
    for (const StatementResult& s : r.results) n += s.hasRowSet ? s.rows.rowCount() : 0;
    return n;
}

QueryError lensError(std::string message) {
    QueryError e;
    e.severity = "ERROR";
    e.message = std::move(message);
    return e;
}

// The ORM's run as a chain of callbacks: prepare, outer query, one EXECUTE per row, deallocate.
struct OrmRun : std::enable_shared_from_this<OrmRun> {
    Database* db = nullptr;
    OrmLens lens;
    std::string name = "pgplay_orm_" + std::to_string(++g_runs);
    std::function<bool()> wanted;
    std::function<void(OrmLensRun)> done;
    OrmLensRun out;
    std::vector<std::string> values;   // the column's value in each outer row, NULLs left out
    size_t next = 0;
    double started = 0;
    bool retried = false;

    void prepare() {
        auto self = shared_from_this();
        db->run("PREPARE " + name + " AS " + lens.innerSql, lensOptions(), [self](QueryResult r) {
            // Left over from a run that was cut off: drop it and prepare again, once.
            if (!r.ok && r.error && r.error->sqlstate == "42P05" && !self->retried) {
                self->retried = true;
                self->db->run("DEALLOCATE " + self->name, lensOptions(), [self](QueryResult) { self->prepare(); });
                return;
            }
            if (!r.ok) return self->finish(r.error);
            self->outer();
        });
    }

    void outer() {
        auto self = shared_from_this();
        started = nowMs();
        db->run(lens.outerSql, lensOptions(), [self](QueryResult r) {
            ++self->out.queries;
            self->out.dbMs += r.ms;
            if (!r.ok) return self->deallocate(r.error);
            self->out.rows += rowsOf(r);
            const StatementResult* rows = r.results.empty() ? nullptr : &r.results.back();
            size_t column = rows ? rows->fields.size() : 0;
            for (size_t c = 0; rows && c < rows->fields.size(); ++c)
                if (rows->fields[c].name == self->lens.column) column = c;
            if (!rows || column >= rows->fields.size())
                return self->deallocate(lensError("the ORM's first query returns no column \"" + self->lens.column + "\""));
            // A NULL key loads nothing: an ORM sends no query for it.
            for (size_t i = 0; i < rows->rows.rowCount() && i < kOrmLensMaxRows; ++i)
                if (!rows->rows.isNull(i, column)) self->values.emplace_back(rows->rows.text(i, column));
            self->out.cutShort = rows->rows.rowCount() > kOrmLensMaxRows || rows->truncated;
            self->each();
        });
    }

    void each() {
        if (next >= values.size() || (wanted && !wanted())) return deallocate(std::nullopt);
        const std::string& v = values[next++];
        auto self = shared_from_this();
        db->run(std::string("EXECUTE ") + name + "(" + sqlLiteral(v) + ")", lensOptions(),
                [self](QueryResult r) {
                    ++self->out.queries;
                    self->out.dbMs += r.ms;
                    if (!r.ok) return self->deallocate(r.error);
                    self->out.rows += rowsOf(r);
                    self->each();
                });
    }

    void deallocate(std::optional<QueryError> error) {
        out.ms = nowMs() - started;
        auto self = shared_from_this();
        db->run(std::string("DEALLOCATE ") + name, lensOptions(), [self, error](QueryResult) { self->finish(error); });
    }

    void finish(std::optional<QueryError> error) {
        out.error = std::move(error);
        auto cb = std::move(done);
        done = nullptr;
        if (cb) cb(std::move(out));
    }
};

struct ScriptRun : std::enable_shared_from_this<ScriptRun> {
    Database* db = nullptr;
    std::vector<SqlStatement> statements;
    size_t next = 0;
    double started = 0;
    std::function<void(OrmLensRun)> done;
    OrmLensRun out;

    void each() {
        if (next >= statements.size()) return finish();
        auto self = shared_from_this();
        db->run(statements[next++].text, lensOptions(), [self](QueryResult r) {
            ++self->out.queries;
            self->out.dbMs += r.ms;
            self->out.rows += rowsOf(r);
            if (!r.ok) {
                self->out.error = r.error;
                return self->finish();
            }
            self->each();
        });
    }

    void finish() {
        out.ms = nowMs() - started;
        auto cb = std::move(done);
        done = nullptr;
        if (cb) cb(std::move(out));
    }
};

}  // namespace

void runOrmQueries(Database& db, const OrmLens& lens, std::function<void(OrmLensRun)> done, std::function<bool()> wanted) {
    auto run = std::make_shared<OrmRun>();
    run->db = &db;
    run->lens = lens;
    run->wanted = std::move(wanted);
    run->done = std::move(done);
    run->prepare();
}

void runStatementsOneByOne(Database& db, const std::string& sql, std::function<void(OrmLensRun)> done) {
    auto run = std::make_shared<ScriptRun>();
    run->db = &db;
    run->statements = splitSqlScript(sql);
    run->done = std::move(done);
    run->started = nowMs();
    if (run->statements.empty()) run->out.error = lensError("there is no SQL to run");
    if (run->statements.empty()) return run->finish();
    run->each();
}

std::string describeOrmLensRun(const OrmLensRun& run) {
    char ms[32];
    std::snprintf(ms, sizeof ms, run.ms < 10 ? "%.1f ms" : "%.0f ms", run.ms);
    return std::to_string(run.queries) + (run.queries == 1 ? " query, " : " queries, ") + ms;
}

void OrmLensComparison::run(Database& db, const OrmLens& lens, const std::string& learnerSql, std::string key,
                            std::function<void()> done) {
    const unsigned generation = ++generation_;
    running_ = true;
    key_ = std::move(key);
    orm_.reset();
    yours_.reset();
    if (done) waiting_.push_back(std::move(done));
    auto current = [this, generation] { return generation == generation_; };
    runOrmQueries(db, lens, [this, &db, learnerSql, generation](OrmLensRun orm) {
        if (generation != generation_) return;
        orm_ = std::move(orm);
        runStatementsOneByOne(db, learnerSql, [this, generation](OrmLensRun yours) {
            if (generation != generation_) return;
            yours_ = std::move(yours);
            running_ = false;
            tellWaiting();
        });
    }, current);
}

void OrmLensComparison::forget() {
    ++generation_;
    running_ = false;
    key_.clear();
    orm_.reset();
    yours_.reset();
    tellWaiting();
}

void OrmLensComparison::tellWaiting() {
    std::vector<std::function<void()>> waiting;
    waiting.swap(waiting_);
    for (auto& callback : waiting) callback();
}

}  // namespace pgplay
