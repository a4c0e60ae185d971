// Core tables checked against a live catalog: the built-in type names, and the schema browser's
// catalog script run on a real server and parsed.
#include "pg_fixture.h"

#include <libpq-fe.h>

#include "core/schema_model.h"
#include "core/type_names.h"

using namespace pgplay;
using pgtest::ScratchDb;

TEST_CASE("Every built-in type name matches pg_type", "[catalog]") {
    ScratchDb t("pgplay_t_typenames");
    QueryResult r = t.run("SELECT oid, typname FROM pg_type WHERE oid < 16384 ORDER BY oid");
    REQUIRE(r.ok);
    const RowSet& rows = r.results[0].rows;
    TypeNames names;
    size_t known = 0;
    for (size_t i = 0; i < rows.rowCount(); ++i) {
        uint32_t oid = static_cast<uint32_t>(std::stoul(std::string(rows.text(i, 0))));
        std::string name = names.nameOf(oid);
        if (name.empty()) continue;   // catalog row types and the like are left out on purpose
        ++known;
        INFO("oid " << oid);
        CHECK(name == rows.text(i, 1));
    }
    CHECK(known > 150);
    // Nothing in the table is missing from the server.
    QueryResult count = t.run("SELECT count(*) FROM pg_type WHERE oid IN (16, 25, 1700, 3802, 1007, 3220, 2950)");
    REQUIRE(count.ok);
    CHECK(count.results[0].rows.text(0, 0) == "7");
}

TEST_CASE("The catalog script describes a real schema", "[catalog]") {
    ScratchDb t("pgplay_t_schema");
    QueryResult setup = t.run(
        "CREATE TYPE pgplay_t_schema.task_status AS ENUM ('new', 'done');\n"
        "CREATE DOMAIN pgplay_t_schema.positive AS int CHECK (VALUE > 0);\n"
        "CREATE TYPE pgplay_t_schema.pair AS (a int, b text);\n"
        "CREATE TABLE pgplay_t_schema.users (\n"
        "  id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
        "  email varchar(80) NOT NULL UNIQUE,\n"
        "  status pgplay_t_schema.task_status DEFAULT 'new',\n"
        "  score pgplay_t_schema.positive);\n"
        "CREATE TABLE pgplay_t_schema.memberships (\n"
        "  user_id int REFERENCES pgplay_t_schema.users ON DELETE CASCADE,\n"
        "  team text, a int, b int, total int GENERATED ALWAYS AS (a * b) STORED,\n"
        "  PRIMARY KEY (user_id, team));\n"
        "CREATE INDEX memberships_team_idx ON pgplay_t_schema.memberships (team);\n"
        "CREATE VIEW pgplay_t_schema.active AS SELECT id, email FROM pgplay_t_schema.users;\n"
        "CREATE MATERIALIZED VIEW pgplay_t_schema.counts AS SELECT count(*) AS n FROM pgplay_t_schema.users;\n"
        "CREATE TABLE pgplay_t_schema.events (at date, what text) PARTITION BY RANGE (at);\n"
        "INSERT INTO pgplay_t_schema.users (email) VALUES ('a@x'), ('b@x');\n"
        "ANALYZE pgplay_t_schema.users;\n"
        "CREATE TEMP TABLE scratch_pad (n int);\n"
        "CREATE FUNCTION pgplay_t_schema.add_points(a int, b int) RETURNS int LANGUAGE sql AS 'SELECT a + b'");
    INFO(pgtest::describe(setup));
    REQUIRE(setup.ok);

    QueryResult r = t.run(schemaQuerySql());
    INFO(pgtest::describe(r));
    REQUIRE(r.ok);
    SchemaSnapshot s;
    REQUIRE(parseSchemaResult(r, s));

    std::vector<const TableInfo*> mine;
    bool sawTemp = false;
    for (const TableInfo& table : s.tables) {
        if (table.schema == "pgplay_t_schema") mine.push_back(&table);
        if (table.name == "scratch_pad") sawTemp = true;
        CHECK(table.schema != "pg_catalog");
        CHECK(table.schema != "information_schema");
        CHECK(table.schema.rfind("pg_toast", 0) != 0);
    }
    CHECK(sawTemp);   // the session's own temp tables are the learner's too
    REQUIRE(mine.size() == 5);
    CHECK(mine[0]->name == "active");
    CHECK(mine[0]->kind == "view");
    CHECK(mine[1]->name == "counts");
    CHECK(mine[1]->kind == "materialized view");
    CHECK(mine[2]->name == "events");
    CHECK(mine[2]->kind == "partitioned table");
    CHECK(mine[3]->name == "memberships");
    CHECK(mine[4]->name == "users");

    const TableInfo& users = *mine[4];
    CHECK(users.kind == "table");
    CHECK(users.estimatedRows == 2);
    REQUIRE(users.columns.size() == 4);
    CHECK(users.columns[0].name == "id");
    CHECK(users.columns[0].primaryKey);
    CHECK(users.columns[0].notNull);
    CHECK(users.columns[0].defaultExpr == "generated always as identity");
    CHECK(users.columns[1].type == "character varying(80)");
    CHECK(users.columns[1].notNull);
    CHECK_FALSE(users.columns[1].primaryKey);
    CHECK(users.columns[2].type == "task_status");
    CHECK(users.columns[2].defaultExpr == "'new'::task_status");
    CHECK(users.columns[3].type == "positive");
    REQUIRE(users.indexes.size() == 2);
    CHECK(users.indexes[0].name == "users_pkey");
    CHECK(users.indexes[0].primary);
    CHECK(users.indexes[1].name == "users_email_key");
    CHECK(users.indexes[1].unique);
    CHECK(users.indexes[1].definition ==
          "CREATE UNIQUE INDEX users_email_key ON pgplay_t_schema.users USING btree (email)");

    const TableInfo& memberships = *mine[3];
    REQUIRE(memberships.columns.size() == 5);
    CHECK(memberships.columns[0].primaryKey);
    CHECK(memberships.columns[1].primaryKey);
    CHECK_FALSE(memberships.columns[2].primaryKey);
    CHECK(memberships.columns[4].defaultExpr == "generated always as ((a * b)) stored");
    REQUIRE(memberships.foreignKeys.size() == 1);
    const ForeignKeyInfo& fk = memberships.foreignKeys[0];
    CHECK(fk.columns == std::vector<std::string>{"user_id"});
    CHECK(fk.refTable == "pgplay_t_schema.users");
    CHECK(fk.refColumns == std::vector<std::string>{"id"});
    CHECK(fk.onDelete == "CASCADE");
    CHECK(fk.onUpdate == "NO ACTION");
    REQUIRE(memberships.indexes.size() == 2);
    CHECK(memberships.indexes[0].primary);
    CHECK(memberships.indexes[1].name == "memberships_team_idx");
    CHECK_FALSE(memberships.indexes[1].unique);

    auto hasType = [&](const std::string& name) {
        for (const auto& [oid, typeName] : s.userTypes)
            if (typeName == name) return oid >= 16384;
        return false;
    };
    CHECK(hasType("task_status"));
    CHECK(hasType("_task_status"));
    CHECK(hasType("positive"));
    CHECK(hasType("pair"));
    CHECK_FALSE(hasType("users"));   // table row types are not listed

    // The learner's functions, for completion; none of PostgreSQL's own.
    bool found = false;
    for (const FunctionInfo& f : s.functions) {
        CHECK(f.schema != "pg_catalog");
        if (f.schema == "pgplay_t_schema" && f.name == "add_points") {
            found = true;
            CHECK(f.arguments == "a integer, b integer");
            CHECK(f.result == "integer");
        }
    }
    CHECK(found);
}

TEST_CASE("The catalog script's statements do not count as schema changes", "[catalog]") {
    // (Its databaseChanged may be true: reading catalogs right after DDL prunes dead catalog rows,
    // which writes WAL. Schema refreshes run as internal requests, which the journal ignores.)
    ScratchDb t("pgplay_t_schema_ro");
    QueryResult r = t.run(schemaQuerySql());
    REQUIRE(r.ok);
    REQUIRE(r.results.size() == 6);
    for (const StatementResult& s : r.results) {
        CHECK(s.command == "SELECT");
        CHECK_FALSE(commandChangesSchema(s.command));
    }
}
