// The libpq Database of the native tests (see pq_database.h).
#include "native/pq_database.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <utility>

#include <libpq-fe.h>

#include "core/pg_dump_command.h"
#include "core/psql_meta.h"
#include "core/script_batches.h"
#include "core/script_result.h"
#include "core/sql_script.h"
#include "core/text_util.h"

extern char** environ;

namespace pgplay {

namespace {

// RunOptions::timeoutMs for a real server: a watchdog thread that sends a cancel request once
// the deadline passes, from outside the session (the way the browser's watchdog restarts PGlite),
// so it never touches the learner's statement_timeout.
class CancelTimer {
public:
    CancelTimer(PGconn* conn, int timeoutMs) {
        if (timeoutMs <= 0 || !conn) return;
        cancel_ = PQgetCancel(conn);
        if (!cancel_) return;
        thread_ = std::thread([this, timeoutMs] {
            std::unique_lock<std::mutex> lock(mutex_);
            if (wake_.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] { return disarmed_; })) return;
            char why[256];
            fired_ = PQcancel(cancel_, why, sizeof why) == 1;
        });
    }
    ~CancelTimer() { disarm(); }
    CancelTimer(const CancelTimer&) = delete;
    CancelTimer& operator=(const CancelTimer&) = delete;

    // Stops the timer; true when it had fired.
    bool disarm() {
        if (thread_.joinable()) {
            {
                std::lock_guard<std::mutex> lock(mutex_);
                disarmed_ = true;
            }
            wake_.notify_all();
            thread_.join();
        }
        if (cancel_) {
            PQfreeCancel(cancel_);
            cancel_ = nullptr;
        }
        return fired_;
    }

private:
    PGcancel* cancel_ = nullptr;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool disarmed_ = false;
    bool fired_ = false;
};

std::string errorField(const PGresult* res, int code) {
    const char* v = PQresultErrorField(res, code);
    return v ? std::string(v) : std::string();
}

// The fields a notice and an error share.
template <typename Diagnostic>
void fillCommonFields(Diagnostic& d, const PGresult* res) {
    d.severity = errorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
    if (d.severity.empty()) d.severity = errorField(res, PG_DIAG_SEVERITY);
    d.sqlstate = errorField(res, PG_DIAG_SQLSTATE);
    d.message = errorField(res, PG_DIAG_MESSAGE_PRIMARY);
    d.detail = errorField(res, PG_DIAG_MESSAGE_DETAIL);
    d.hint = errorField(res, PG_DIAG_MESSAGE_HINT);
}

// PQsetNoticeReceiver callback; `arg` points at PqDatabase::noticeSink_, which is set only while
// a script runs (notices at other times, if any, are dropped).
void receiveNotice(void* arg, const PGresult* res) {
    std::vector<Notice>* sink = *static_cast<std::vector<Notice>**>(arg);
    if (!sink) return;
    Notice n;
    fillCommonFields(n, res);
    sink->push_back(std::move(n));
}

QueryError errorFrom(const PGresult* res, PGconn* conn) {
    QueryError e;
    fillCommonFields(e, res);
    e.context = errorField(res, PG_DIAG_CONTEXT);
    e.position = std::atoi(errorField(res, PG_DIAG_STATEMENT_POSITION).c_str());
    if (e.sqlstate.empty()) {
        // No server error fields: libpq made this one up (lost connection, out of memory).
        e.sqlstate = sqlstate::kDatabaseUnavailable;
        if (e.severity.empty()) e.severity = "ERROR";
        if (e.message.empty()) e.message = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
    }
    return e;
}

char txStatusLetter(PGTransactionStatusType s) {
    switch (s) {
        case PQTRANS_INTRANS: return 'T';
        case PQTRANS_INERROR: return 'E';
        default: return 'I';   // idle (or unknown after a lost connection)
    }
}

void takeFields(StatementResult& r, const PGresult* res) {
    const int n = PQnfields(res);
    r.fields.clear();
    r.fields.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) r.fields.push_back(Field{PQfname(res, i), static_cast<uint32_t>(PQftype(res, i)), ""});
    r.hasRowSet = true;
    r.rows.reset(r.fields.size());
}

void takeRows(StatementResult& r, const PGresult* res, size_t rowCap) {
    const int rows = PQntuples(res);
    const int cols = PQnfields(res);
    for (int t = 0; t < rows; ++t) {
        if (!admitRow(r, rowCap)) return;
        if (cols == 0) {
            r.rows.addEmptyRow();
            continue;
        }
        for (int c = 0; c < cols; ++c) {
            if (PQgetisnull(res, t, c))
                r.rows.addCell(std::nullopt);
            else
                r.rows.addCell(std::string_view(PQgetvalue(res, t, c), static_cast<size_t>(PQgetlength(res, t, c))));
        }
    }
}

// COPY ... TO STDOUT: each line becomes a row of one text column, as the wire decoder does.
void takeCopyOut(StatementResult& r, PGconn* conn, size_t rowCap) {
    r.fields = {Field{"COPY", 25, ""}};
    r.hasRowSet = true;
    r.rows.reset(1);
    char* buffer = nullptr;
    int length;
    while ((length = PQgetCopyData(conn, &buffer, 0)) > 0) {
        std::string_view line(buffer, static_cast<size_t>(length));
        if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
        if (admitRow(r, rowCap)) r.rows.addCell(line);
        PQfreemem(buffer);
    }
}

}  // namespace

PqDatabase::PqDatabase(const std::string& conninfo) : conninfo_(conninfo) {
    conn_ = PQconnectdb(conninfo.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
        status_.state = DatabaseState::Failed;
        status_.message = PQerrorMessage(conn_);
        return;
    }
    PQsetNoticeReceiver(conn_, receiveNotice, &noticeSink_);
    status_.state = DatabaseState::Ready;
    status_.progress = 1;
    const char* version = PQparameterStatus(conn_, "server_version");
    status_.version = version ? version : "";
}

PqDatabase::~PqDatabase() {
    if (conn_) PQfinish(conn_);
}

RequestId PqDatabase::run(const std::string& script, const RunOptions& options, ResultCallback done) {
    RequestId id = nextId_++;
    QueryResult result = options.pgDump ? runPgDump(script) : runScript(script, options);
    if (done) done(std::move(result));
    return id;
}

// pg_dump as pgplay runs it in the browser (pglite-tools adds --inserts to every dump), writing
// to a file beside its error output, both read back once it has exited.
QueryResult PqDatabase::runPgDump(const std::string& commandLine) {
    const PgDumpCommand command = parsePgDumpCommand(commandLine);
    if (!command.ok()) return makeErrorResult(sqlstate::kPgDump, "pg_dump: " + command.error);
    // As in the browser: pg_dump, another session here, would wait for this one's locks (or not
    // see its work), so an open transaction must end first.
    if (PQtransactionStatus(conn_) != PQTRANS_IDLE)
        return makeErrorResult(sqlstate::kPgDump, "pg_dump cannot run inside an open transaction: COMMIT or ROLLBACK first");
    std::string binary = std::getenv("PGPLAY_PG_DUMP") ? std::getenv("PGPLAY_PG_DUMP") : "";
    if (binary.empty()) {
        // Debian keeps the server's binaries in /usr/lib/postgresql/<major>/bin: the newest one.
        std::vector<std::filesystem::path> found;
        std::error_code ec;
        for (const auto& dir : std::filesystem::directory_iterator("/usr/lib/postgresql", ec))
            if (std::filesystem::exists(dir.path() / "bin" / "pg_dump")) found.push_back(dir.path() / "bin" / "pg_dump");
        std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
            return std::atoi(a.parent_path().parent_path().filename().c_str()) < std::atoi(b.parent_path().parent_path().filename().c_str());
        });
        binary = found.empty() ? "pg_dump" : found.back().string();
    }
    char dir[] = "/tmp/pgplay-pg-dump-XXXXXX";
    if (!mkdtemp(dir)) return makeErrorResult(sqlstate::kPgDump, "pg_dump: no temporary folder for its output");
    const std::string out = std::string(dir) + "/dump.sql", err = std::string(dir) + "/stderr.txt";
    // A lock another session holds makes pg_dump give up rather than wait for ever.
    std::vector<std::string> argv = {binary, "--inserts", "--no-password", "--lock-wait-timeout=10000", "--file=" + out,
                                     "--dbname=" + conninfo_};
    argv.insert(argv.end(), command.args.begin(), command.args.end());
    std::vector<char*> cargv;
    for (std::string& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = 0;
    const auto started = std::chrono::steady_clock::now();
    int status = -1;
    const int spawned = posix_spawnp(&pid, binary.c_str(), &actions, nullptr, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned == 0) waitpid(pid, &status, 0);
    auto slurp = [](const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    };
    const std::string dump = slurp(out), errors = slurp(err);
    std::filesystem::remove_all(dir);
    if (spawned != 0) return makeErrorResult(sqlstate::kPgDump, "pg_dump could not be started (" + binary + ")");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        // "pg_dump: error: no matching tables were found": what it said, as the browser shows it.
        const size_t at = errors.rfind("error: ");
        return makeErrorResult(sqlstate::kPgDump,
                               "pg_dump failed: " + std::string(trim(at == std::string::npos ? errors : errors.substr(at + 7))));
    }
    return pgDumpResult(dump, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
}

void PqDatabase::cancel(RequestId) {}

DatabaseStatus PqDatabase::status() const { return status_; }

std::string PqDatabase::walInsertLsn() {
    // Not inside a failed transaction block: any query there fails (and nothing gets written).
    if (PQtransactionStatus(conn_) == PQTRANS_INERROR) return {};
    PGresult* res = PQexec(conn_, "SELECT pg_current_wal_insert_lsn()");
    std::string lsn;
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) lsn = PQgetvalue(res, 0, 0);
    PQclear(res);
    return lsn;
}

void PqDatabase::learnTypeNames(QueryResult& result) {
    // Enums, domains and other user types are not in the built-in table; ask pg_type once.
    std::unordered_set<uint32_t> unknown;
    for (const StatementResult& r : result.results)
        for (const Field& f : r.fields)
            if (typeNames_.nameOf(f.typeOid).empty()) unknown.insert(f.typeOid);
    if (!unknown.empty() && PQtransactionStatus(conn_) != PQTRANS_INERROR) {
        std::string array = "{";
        for (uint32_t oid : unknown) array += (array.size() > 1 ? "," : "") + std::to_string(oid);
        array += "}";
        const char* params[] = {array.c_str()};
        PGresult* res = PQexecParams(conn_, "SELECT oid, typname FROM pg_type WHERE oid = ANY ($1::oid[])", 1,
                                     nullptr, params, nullptr, nullptr, 0);
        if (PQresultStatus(res) == PGRES_TUPLES_OK)
            for (int i = 0; i < PQntuples(res); ++i)
                typeNames_.learn(static_cast<uint32_t>(std::strtoul(PQgetvalue(res, i, 0), nullptr, 10)),
                                 PQgetvalue(res, i, 1));
        PQclear(res);
    }
    applyTypeNames(result, typeNames_);
}

std::optional<QueryError> PqDatabase::runMetaCommand(const std::string& line, size_t rowCap, StatementResult& out) {
    // The plan's catalog queries one by one, as psql runs them; the browser sends the same
    // queries in one batch (core/pg_wire), and the same assembly makes them one result.
    const MetaPlan plan = planMetaCommand(line);
    std::vector<StatementResult> parts;
    if (plan.kind != MetaKind::Invalid) {
        for (const std::string& query : plan.queries) {
            PGresult* res = PQexec(conn_, query.c_str());
            if (PQresultStatus(res) != PGRES_TUPLES_OK) {
                QueryError e = errorFrom(res, conn_);
                e.position = 0;   // a place in pgplay's query, not in the learner's script
                PQclear(res);
                return e;
            }
            StatementResult part;
            takeFields(part, res);
            takeRows(part, res, rowCap);
            PQclear(res);
            parts.push_back(std::move(part));
        }
    }
    MetaOutcome outcome = assembleMetaResult(plan, parts);
    if (outcome.error) return outcome.error;
    out = std::move(outcome.result);
    return std::nullopt;
}

QueryResult PqDatabase::runScript(const std::string& script, const RunOptions& options) {
    if (status_.state != DatabaseState::Ready || PQstatus(conn_) != CONNECTION_OK)
        return makeErrorResult(sqlstate::kDatabaseUnavailable,
                               "Not connected to PostgreSQL: " + std::string(PQerrorMessage(conn_)));
    if (std::optional<QueryResult> refused = refuseUnsendable(script)) return std::move(*refused);

    const std::vector<SqlStatement> statements = splitSqlScript(script);
    const std::string lsnBefore = walInsertLsn();
    const auto started = std::chrono::steady_clock::now();

    QueryResult q;
    q.transactionStatus = std::string(1, txStatusLetter(PQtransactionStatus(conn_)));
    noticeSink_ = &q.notices;
    CancelTimer watchdog(conn_, options.timeoutMs);
    for (size_t i = 0; i < statements.size(); ++i) {
        const SqlStatement& stmt = statements[i];
        StatementResult r;
        std::optional<QueryError> error;
        if (stmt.metaCommand) {
            error = runMetaCommand(stmt.text, options.rowCap, r);
        } else if (!PQsendQuery(conn_, stmt.text.c_str())) {
            error = errorFrom(nullptr, conn_);
        } else {
            // Rows arrive one PGresult each, so the cap holds however many the server sends;
            // rows past it are read and dropped (draining is simpler than cancelling, and tests
            // keep such results small).
            PQsetSingleRowMode(conn_);
            bool haveFields = false;
            while (PGresult* res = PQgetResult(conn_)) {
                switch (PQresultStatus(res)) {
                    case PGRES_SINGLE_TUPLE:
                    case PGRES_TUPLES_OK:
                        if (!haveFields) takeFields(r, res);
                        haveFields = true;
                        takeRows(r, res, options.rowCap);
                        if (PQresultStatus(res) == PGRES_TUPLES_OK) {
                            applyCommandTag(r, PQcmdStatus(res));
                            if (r.truncated) markTruncated(r, options.rowCap);
                        }
                        break;
                    case PGRES_COMMAND_OK:
                        applyCommandTag(r, PQcmdStatus(res));
                        if (r.truncated) markTruncated(r, options.rowCap);
                        break;
                    case PGRES_EMPTY_QUERY:
                        applyCommandTag(r, "");
                        break;
                    case PGRES_COPY_OUT:
                        takeCopyOut(r, conn_, options.rowCap);
                        break;
                    case PGRES_COPY_IN:
                        // The data lines that followed the statement in the script, as the
                        // browser sends them (core/pg_wire); none: end it with an error.
                        if (stmt.copyData) {
                            PQputCopyData(conn_, stmt.copyData->data(), static_cast<int>(stmt.copyData->size()));
                            PQputCopyEnd(conn_, nullptr);
                        } else {
                            PQputCopyEnd(conn_, "COPY FROM STDIN has no data lines after it in the script");
                        }
                        break;
                    default:   // PGRES_FATAL_ERROR, PGRES_BAD_RESPONSE, ...
                        if (!error) error = errorFrom(res, conn_);
                        break;
                }
                PQclear(res);
            }
        }
        r.txStatusAfter = txStatusLetter(PQtransactionStatus(conn_));
        q.transactionStatus = std::string(1, r.txStatusAfter);
        if (error) {
            failAtStatement(q, script, stmt, i, std::move(*error));
            break;
        }
        addStatementResult(q, stmt, std::move(r));
    }
    noticeSink_ = nullptr;
    if (watchdog.disarm() && q.error && q.error->sqlstate == sqlstate::kQueryCanceled) {
        q.error->message = "canceling statement due to statement timeout";   // as the browser's watchdog says it
        q.error->detail = "It ran longer than " + std::to_string(options.timeoutMs) + " ms, so it was cancelled.";
    }
    q.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();

    const std::string lsnAfter = walInsertLsn();
    q.databaseChanged = !lsnBefore.empty() && !lsnAfter.empty() && lsnBefore != lsnAfter;
    learnTypeNames(q);
    return q;
}

}  // namespace pgplay
