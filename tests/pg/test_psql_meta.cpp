// psql meta-commands through PqDatabase, compared with what the real psql prints for the same
// command on the same database: title, column names, rows and footer lines must be equal.
//
// psql runs unaligned with unit and record separators (-A -F \x1f -R \x1e), so values with line
// breaks stay whole; its "(N rows)" line is left out (pgplay shows the count its own way).
#include <cstdio>
#include <glob.h>

#include "core/psql_meta.h"
#include "pg_fixture.h"

using namespace pgplay;

namespace {

std::string psqlBinary() {
    if (std::system("command -v psql >/dev/null 2>&1") == 0) return "psql";
    glob_t g{};
    std::string found;
    if (::glob("/usr/lib/postgresql/*/bin/psql", 0, nullptr, &g) == 0 && g.gl_pathc > 0) found = g.gl_pathv[g.gl_pathc - 1];
    globfree(&g);
    if (found.empty()) FAIL("psql is needed for these tests (apt-get install postgresql-client)");
    return found;
}

std::string shellQuote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// psql's stdout for `command`, cut into records: title, header, rows, footer lines.
// Without `quiet`, psql also prints what its settings commands say ("Expanded display is on.").
std::vector<std::string> psqlRecords(const std::string& conninfo, const std::string& command, bool quiet = true) {
    const std::string cmd = psqlBinary() + " " + shellQuote(conninfo) + (quiet ? " -q" : "") +
                            " -X -A -F $'\\x1f' -R $'\\x1e' -P pager=off -c " + shellQuote(command) + " 2>/dev/null";
    FILE* pipe = ::popen(("bash -c " + shellQuote(cmd)).c_str(), "r");
    REQUIRE(pipe);
    std::string out;
    char buffer[4096];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    ::pclose(pipe);
    while (!out.empty() && out.back() == '\n') out.pop_back();
    std::vector<std::string> records;
    size_t start = 0;
    while (start <= out.size() && !out.empty()) {
        size_t end = out.find('\x1e', start);
        if (end == std::string::npos) end = out.size();
        std::string record = out.substr(start, end - start);
        const bool rowCount = record.size() > 2 && record.front() == '(' &&
                              (record.find(" row)") != std::string::npos || record.find(" rows)") != std::string::npos);
        if (!rowCount) records.push_back(std::move(record));
        start = end + 1;
    }
    return records;
}

// The same records from pgplay's result.
std::vector<std::string> ourRecords(const StatementResult& s) {
    std::vector<std::string> records;
    if (!s.title.empty()) records.push_back(s.title);
    if (s.hasRowSet) {
        std::string header;
        for (size_t c = 0; c < s.fields.size(); ++c) header += (c ? "\x1f" : "") + s.fields[c].name;
        records.push_back(header);
        for (size_t r = 0; r < s.rows.rowCount(); ++r) {
            std::string row;
            for (size_t c = 0; c < s.fields.size(); ++c) row += (c ? "\x1f" : "") + std::string(s.rows.text(r, c));
            records.push_back(row);
        }
    } else {
        records.push_back(s.tag);   // a sentence: what psql prints instead of a table
    }
    for (const std::string& line : s.footer) records.push_back(line);
    return records;
}

std::string show(const std::vector<std::string>& records) {
    std::string out;
    for (std::string r : records) {
        for (char& c : r)
            if (c == '\x1f') c = '|';
        out += r + "\n";
    }
    return out;
}

const char* kSchema = R"sql(
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE pair AS (a int, b text);
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL COLLATE "C", email varchar(200) UNIQUE,
  age int CHECK (age >= 0), feeling mood DEFAULT 'ok', created timestamptz DEFAULT now());
CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id int NOT NULL REFERENCES users (id) ON DELETE CASCADE, total numeric(10,2) CHECK (total > 0),
  doubled numeric GENERATED ALWAYS AS (total * 2) STORED,
  CONSTRAINT total_small CHECK (total < 1000000));
CREATE INDEX orders_user_idx ON orders (user_id);
CREATE INDEX users_lower_name ON users (lower(name)) WHERE age > 18;
CREATE UNIQUE INDEX orders_pair ON orders (user_id, id) INCLUDE (total);
CREATE TABLE "Weird Name" ("Mixed" int, parent int REFERENCES users);
CREATE VIEW adults AS SELECT id, name FROM users WHERE age >= 18;
CREATE MATERIALIZED VIEW user_count AS SELECT count(*) AS n FROM users;
CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql AS 'SELECT a + b';
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
CREATE PROCEDURE noop() LANGUAGE sql AS '';
CREATE SEQUENCE counter START 10 INCREMENT 5 CYCLE;
CREATE SCHEMA extra;
CREATE TABLE extra.items (sku text PRIMARY KEY);
COMMENT ON TABLE users IS 'people';
COMMENT ON SCHEMA extra IS 'more things';
INSERT INTO users (name, age) VALUES ('Ada', 36);
)sql";

struct MetaDb {
    pgtest::ThrowawayDatabase db{"meta"};
    MetaDb() {
        QueryResult r = pgtest::run(*db.db, kSchema);
        INFO(pgtest::describe(r));
        REQUIRE(r.ok);
    }
    // The meta-command's result through PqDatabase.
    QueryResult run(const std::string& script) { return pgtest::run(*db.db, script); }
};

}  // namespace

TEST_CASE("Meta-commands print what psql prints", "[pq][meta]") {
    MetaDb m;
    const char* commands[] = {
        "\\d", "\\dt", "\\dt user*", "\\dt public.*", "\\dt extra.*", "\\dt *.items", "\\dt \"Weird Name\"", "\\dti",
        "\\di", "\\dv", "\\dm", "\\ds", "\\dt+", "\\di+", "\\dv+", "\\dtS", "\\dS pg_class", "\\df", "\\df add",
        "\\dfS pg_catalog.lower", "\\dn", "\\dn+", "\\dnS", "\\dT", "\\dT mood", "\\dT nosuch*", "\\du", "\\duS",
        "\\dg", "\\l", "\\l postgres", "\\dx", "\\dx plpgsql",
        "\\d users", "\\d orders", "\\d adults", "\\d user_count", "\\d users_pkey", "\\d users_lower_name",
        "\\d orders_pair", "\\d users_email_key", "\\d users_id_seq", "\\d orders_id_seq", "\\d counter", "\\d pair",
        "\\d \"Weird Name\"", "\\d extra.items", "\\d pg_class", "\\dt nosuch", "\\d+ users", "\\du+", "\\dt;", "\\d users;",
    };
    for (const char* command : commands) {
        INFO(command);
        QueryResult r = m.run(command);
        INFO(pgtest::describe(r));
        REQUIRE(r.ok);
        REQUIRE(r.results.size() == 1);
        const StatementResult& s = r.results[0];
        CHECK(s.command.rfind(std::string(command).substr(0, 2), 0) == 0);
        std::vector<std::string> ours = ourRecords(s);
        std::vector<std::string> theirs = psqlRecords(m.db.sessionConninfo(), command);
        if (std::string(command).rfind("\\dt nosuch", 0) == 0) {
            theirs = {s.tag};   // psql writes the sentence to stderr
            CHECK(s.tag == "Did not find any relation named \"nosuch\".");
        }
        if (std::string(command) == "\\d+ users") {
            // \d+ NAME is answered like \d NAME (psql adds Storage, Compression, Stats target,
            // Description columns): compare with that.
            theirs = psqlRecords(m.db.sessionConninfo(), "\\d users");
        }
        INFO("pgplay:\n" << show(ours) << "psql:\n" << show(theirs));
        CHECK(ours == theirs);
    }
}

TEST_CASE("\\conninfo, \\x and \\timing answer like psql", "[pq][meta]") {
    MetaDb m;
    for (const char* command : {"\\conninfo", "\\x", "\\timing", "\\x off", "\\timing on"}) {
        INFO(command);
        QueryResult r = m.run(command);
        REQUIRE(r.ok);
        REQUIRE(r.results.size() == 1);
        CHECK(std::vector<std::string>{r.results[0].tag} == psqlRecords(m.db.sessionConninfo(), command, false));
    }
}

TEST_CASE("Meta-commands mixed with SQL, and their errors", "[pq][meta]") {
    MetaDb m;
    SECTION("lines of SQL and meta-commands run in order") {
        QueryResult r = m.run("CREATE TABLE t (x int);\n\\dt t\nSELECT 1 AS one; \\d t\nDROP TABLE t;");
        INFO(pgtest::describe(r));
        REQUIRE(r.ok);
        REQUIRE(r.results.size() == 5);
        CHECK(r.results[1].command == "\\dt");
        CHECK(r.results[1].rows.text(0, 1) == "t");
        CHECK(r.results[2].tag == "SELECT 1");
        CHECK(r.results[3].title == "Table \"public.t\"");
        CHECK(r.results[4].tag == "DROP TABLE");
    }
    SECTION("an unknown command stops the script with psql's words") {
        QueryResult r = m.run("SELECT 1;\n\\foo bar\nCREATE TABLE never (x int);");
        REQUIRE_FALSE(r.ok);
        REQUIRE(r.error);
        CHECK(r.error->sqlstate == sqlstate::kMetaCommand);
        CHECK(r.error->message == "invalid command \\foo");
        CHECK(r.error->hint == "Try \\? for help.");
        CHECK(r.error->statementIndex == 1);
        CHECK(r.error->position == 11);   // the backslash, 1-based, in the script
        CHECK(r.results.size() == 1);
        CHECK_FALSE(m.run("SELECT 'never'::regclass").ok);
    }
    SECTION("\\d of nothing is an error that stops the script") {
        QueryResult r = m.run("\\d nosuch\nCREATE TABLE never (x int);");
        REQUIRE_FALSE(r.ok);
        CHECK(r.error->message == "Did not find any relation named \"nosuch\".");
        CHECK(r.error->sqlstate == sqlstate::kMetaCommand);
        CHECK_FALSE(m.run("SELECT 'never'::regclass").ok);
    }
    SECTION("\\d with a pattern that matches several describes the first and names the others") {
        QueryResult r = m.run("\\d user*");
        REQUIRE(r.ok);
        const StatementResult& s = r.results[0];
        CHECK(s.title == "Materialized view \"public.user_count\"");
        REQUIRE_FALSE(s.footer.empty());
        CHECK(s.footer.back().find("also matches public.users, public.users_email_key") != std::string::npos);
    }
    SECTION("inside a failed transaction block it fails as psql's would") {
        QueryResult r = m.run("BEGIN; SELECT 1/0;");
        REQUIRE_FALSE(r.ok);
        r = m.run("\\dt");
        REQUIRE_FALSE(r.ok);
        CHECK(r.error->sqlstate == "25P02");
        m.run("ROLLBACK");
    }
    SECTION("the session's display settings follow \\x and \\timing across runs") {
        PsqlDisplay display;
        QueryResult r = m.run("\\x\nSELECT 1 AS a, 2 AS b;\n\\timing on\nSELECT 3 AS c;");
        REQUIRE(r.ok);
        display.apply(r);
        CHECK(r.results[0].tag == "Expanded display is on.");
        CHECK(r.results[1].expanded);
        CHECK(r.results[1].footer.empty());
        CHECK(r.results[3].expanded);
        REQUIRE(r.results[3].footer.size() == 1);
        CHECK(r.results[3].footer[0].rfind("Time: ", 0) == 0);
        QueryResult next = m.run("SELECT 4;\n\\x");
        display.apply(next);
        CHECK(next.results[0].expanded);
        CHECK(next.results[1].tag == "Expanded display is off.");
        CHECK_FALSE(display.expanded);
        CHECK(display.timing);
    }
}
