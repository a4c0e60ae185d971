// A Database over libpq and a real PostgreSQL server, for the native tests only.
//
// It runs scripts the way the browser's runner does (split into statements, run in order, stop
// at the first error, cap the rows) and fills the same QueryResult through the same core
// helpers (script_result.h), so the tests in tests/pg check pgplay's result rules against a real
// server — and cross-check the wire decoder the browser uses against it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/database.h"
#include "core/type_names.h"

struct pg_conn;

namespace pgplay {

class PqDatabase : public Database {
public:
    // `conninfo` is a libpq connection string ("host=127.0.0.1 port=54329 user=postgres ...").
    // A failed connection leaves the database Failed; run() then reports kDatabaseUnavailable.
    explicit PqDatabase(const std::string& conninfo);
    ~PqDatabase() override;
    PqDatabase(const PqDatabase&) = delete;
    PqDatabase& operator=(const PqDatabase&) = delete;

    // Runs synchronously: `done` is called before run() returns.
    RequestId run(const std::string& script, const RunOptions& options, ResultCallback done) override;
    // Requests finish inside run(), so there is never anything left to cancel.
    void cancel(RequestId id) override;
    DatabaseStatus status() const override;

    // The raw connection, for tests that need to look behind the Database interface.
    pg_conn* connection() const { return conn_; }

private:
    QueryResult runScript(const std::string& script, const RunOptions& options);
    // RunOptions::pgDump: the server's own pg_dump binary on this connection's database.
    QueryResult runPgDump(const std::string& commandLine);
    std::string conninfo_;
    std::string walInsertLsn();
    // A psql meta-command line (core/psql_meta.h): its catalog queries, assembled into `out`.
    std::optional<QueryError> runMetaCommand(const std::string& line, size_t rowCap, StatementResult& out);
    void learnTypeNames(QueryResult& result);

    pg_conn* conn_ = nullptr;
    DatabaseStatus status_;
    TypeNames typeNames_;                  // built-ins plus the user types met so far
    std::vector<Notice>* noticeSink_ = nullptr;   // where notices go while a script runs
    RequestId nextId_ = 1;
};

}  // namespace pgplay
