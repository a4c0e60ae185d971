#include "race_on_server.h"

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include <libpq-fe.h>

#include "pg_fixture.h"

namespace pgtest {

using namespace pgplay;

namespace {

using Clock = std::chrono::steady_clock;

// Longer than the server's deadlock_timeout (1 s): after this long without news, whatever still
// waits is stuck until another session moves.
constexpr auto kSettle = std::chrono::milliseconds(1300);

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error("race on the server: " + what); }

struct Connection {
    PGconn* conn = nullptr;
    explicit Connection(const std::string& conninfo) : conn(PQconnectdb(conninfo.c_str())) {
        if (PQstatus(conn) != CONNECTION_OK) fail(std::string("cannot connect: ") + PQerrorMessage(conn));
        PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);   // the races' NOTICEs are not news
    }
    ~Connection() { PQfinish(conn); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    int pid() const { return PQbackendPID(conn); }
};

// R for a finished statement: the first column of the first row, else the tag, else ERROR.
std::optional<std::string> valueOf(PGresult* res) {
    switch (PQresultStatus(res)) {
        case PGRES_TUPLES_OK:
            if (PQntuples(res) > 0 && PQnfields(res) > 0) {
                if (PQgetisnull(res, 0, 0)) return std::nullopt;
                return std::string(PQgetvalue(res, 0, 0));
            }
            return std::string(PQcmdStatus(res));
        case PGRES_COMMAND_OK:
            return std::string(PQcmdStatus(res));
        default: {
            const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
            return "ERROR " + std::string(state ? state : "?????");
        }
    }
}

struct Pending {
    size_t step;
    bool blocked = false;
};

class Player {
public:
    Player(const RaceScenario& scenario, const std::string& conninfo) : scenario_(scenario), monitor_(conninfo) {
        for (const std::string& name : scenario.sessions) sessions_[name] = std::make_unique<Connection>(conninfo);
    }

    ServerPlay play() {
        ServerPlay out;
        for (size_t i = 0; i < scenario_.steps.size(); ++i) {
            const RaceStep& step = scenario_.steps[i];
            RaceStepOutcome outcome;
            outcome.step = i;
            outcome.who = step.session;
            outcome.sql = step.sql;
            timeline_.steps.push_back(outcome);
            Connection& c = *sessions_.at(step.session);
            if (pending_.count(step.session)) {   // a waiting session cannot be given more
                out.invalid = "step " + std::to_string(i) + ": " + step.session + " still waits for step " +
                              std::to_string(pending_.at(step.session).step);
                break;
            }
            if (PQsendQuery(c.conn, step.sql.c_str()) != 1) fail(PQerrorMessage(c.conn));
            pending_[step.session] = Pending{i};
            settle(i);
        }
        // Whatever still waits at the end stays unanswered; the connections close with it.
        out.unfinished = !pending_.empty();
        out.timeline = std::move(timeline_);
        return out;
    }

private:
    // Collects answers until nothing is left waiting, or nothing has happened for kSettle.
    void settle(size_t step) {
        auto lastNews = Clock::now();
        while (!pending_.empty()) {
            bool news = false;
            for (auto it = pending_.begin(); it != pending_.end();) {
                Connection& c = *sessions_.at(it->first);
                if (PQconsumeInput(c.conn) != 1) fail(PQerrorMessage(c.conn));
                if (PQisBusy(c.conn)) {
                    if (!it->second.blocked && waitsOnLock(c.pid())) it->second.blocked = true;
                    ++it;
                    continue;
                }
                finish(c, it->second, step);
                it = pending_.erase(it);
                news = true;
            }
            if (news) lastNews = Clock::now();
            if (pending_.empty() || Clock::now() - lastNews > kSettle) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    void finish(Connection& c, const Pending& p, size_t step) {
        std::optional<std::string> value;
        bool first = true;
        while (PGresult* res = PQgetResult(c.conn)) {
            // One statement a line: the first result is its answer (an error may follow none).
            if (first) value = valueOf(res);
            first = false;
            PQclear(res);
        }
        RaceStepOutcome& o = timeline_.steps[p.step];
        o.result = value;
        if (p.blocked) {
            o.blocked = true;
            o.releasedAfter = step;
        }
    }

    bool waitsOnLock(int pid) {
        const std::string sql = "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = " + std::to_string(pid);
        PGresult* res = PQexec(monitor_.conn, sql.c_str());
        const bool waiting = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
                             std::string(PQgetvalue(res, 0, 0)) == "t";
        PQclear(res);
        return waiting;
    }

    const RaceScenario& scenario_;
    Connection monitor_;
    std::map<std::string, std::unique_ptr<Connection>> sessions_;
    std::map<std::string, Pending> pending_;
    RaceTimeline timeline_;
};

}  // namespace

ServerPlay playOnServer(const RaceScenario& scenario, const std::string& conninfo) {
    {
        Connection setup(conninfo);
        for (const std::string& script : scenario.setup) {
            PGresult* res = PQexec(setup.conn, script.c_str());
            const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
            const std::string error = ok ? "" : PQresultErrorMessage(res);
            PQclear(res);
            if (!ok) fail(scenario.id + " setup: " + error);
        }
    }
    ServerPlay out;
    {
        Player player(scenario, conninfo);
        out = player.play();
    }   // the sessions close here: anything still waiting is rolled back
    Connection checks(conninfo);
    for (const RaceCheck& check : scenario.checks) {
        PGresult* res = PQexec(checks.conn, check.sql.c_str());
        out.timeline.checks.push_back({check.sql, valueOf(res)});
        PQclear(res);
    }
    return out;
}

RaceTimeline playOnServer(const RaceScenario& scenario) {
    ThrowawayDatabase db("race");
    ServerPlay play = playOnServer(scenario, db.sessionConninfo());
    INFO(scenario.id);
    REQUIRE(play.invalid.empty());
    REQUIRE_FALSE(play.unfinished);
    return play.timeline;
}

}  // namespace pgtest
