// Tables, views and enum types read from a setup script's CREATE statements (the race editor's
// completion).
#include <catch2/catch.hpp>

#include "core/schema_from_sql.h"

using namespace pgplay;

TEST_CASE("schemaFromSql reads tables, their columns and types, views and enums", "[completion][schema]") {
    const SchemaSnapshot s = schemaFromSql(
        "CREATE TYPE mood AS ENUM ('ok', 'sad');\n"
        "create table if not exists Accounts (id int primary key, owner text not null, balance numeric(12, 2) default 0,\n"
        "  \"Nick Name\" varchar(20), tags text[], CONSTRAINT positive CHECK (balance >= 0), PRIMARY KEY (id));\n"
        "CREATE TEMP TABLE app.jobs (id bigint GENERATED ALWAYS AS IDENTITY, state mood, UNIQUE (id, state));\n"
        "INSERT INTO accounts VALUES (1, 'ann', 10);\n"
        "CREATE OR REPLACE VIEW rich AS SELECT * FROM accounts WHERE balance > 100;\n"
        "CREATE TABLE broken (");
    REQUIRE(s.tables.size() == 4);
    const TableInfo& a = s.tables[0];
    CHECK(a.name == "accounts");
    CHECK(a.schema == "public");
    REQUIRE(a.columns.size() == 5);
    CHECK(a.columns[0].name == "id");
    CHECK(a.columns[0].type == "int");
    CHECK(a.columns[2].name == "balance");
    CHECK(a.columns[2].type == "numeric(12,2)");
    CHECK(a.columns[3].name == "Nick Name");
    CHECK(a.columns[3].type == "varchar(20)");
    CHECK(a.columns[4].type == "text[]");
    CHECK(s.tables[1].schema == "app");
    CHECK(s.tables[1].name == "jobs");
    REQUIRE(s.tables[1].columns.size() == 2);
    CHECK(s.tables[1].columns[0].type == "bigint");
    CHECK(s.tables[1].columns[1].type == "mood");
    CHECK(s.tables[2].name == "rich");
    CHECK(s.tables[2].kind == "view");
    CHECK(s.tables[3].name == "broken");
    CHECK(s.tables[3].columns.empty());
    REQUIRE(s.userTypes.size() == 1);
    CHECK(s.userTypes[0].second == "mood");
}
