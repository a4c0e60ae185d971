// pg_dump command lines as a learner types them (core/pg_dump_command).
#include <catch2/catch.hpp>

#include "core/pg_dump_command.h"

using namespace pgplay;
using Catch::Matchers::Contains;

TEST_CASE("pg_dump command lines read into pg_dump's options", "[pg_dump]") {
    CHECK(isPgDumpCommand("pg_dump"));
    CHECK(isPgDumpCommand("  pg_dump --table=orders\n"));
    CHECK_FALSE(isPgDumpCommand("pg_dumpall"));
    CHECK_FALSE(isPgDumpCommand("SELECT 'pg_dump'"));

    CHECK(parsePgDumpCommand("pg_dump").args.empty());
    CHECK(parsePgDumpCommand("pg_dump").ok());
    CHECK(parsePgDumpCommand("pg_dump -t orders -c --if-exists").args ==
          std::vector<std::string>{"--table=orders", "--clean", "--if-exists"});
    CHECK(parsePgDumpCommand("pg_dump --table=public.orders --data-only;").args ==
          std::vector<std::string>{"--table=public.orders", "--data-only"});
    CHECK(parsePgDumpCommand("pg_dump -torders").args == std::vector<std::string>{"--table=orders"});
    CHECK(parsePgDumpCommand("pg_dump -t '\"Order Lines\"'").args == std::vector<std::string>{"--table=\"Order Lines\""});
    // psql habits: a database name, an output file, plain format, a user.
    CHECK(parsePgDumpCommand("pg_dump shop -U postgres -Fp --table orders > orders.sql").args ==
          std::vector<std::string>{"--table=orders"});
    CHECK(parsePgDumpCommand("--schema-only -f schema.sql").args == std::vector<std::string>{"--schema-only"});
    CHECK(parsePgDumpCommand("pg_dump --rows-per-insert=100").args == std::vector<std::string>{"--rows-per-insert=100"});

    CHECK_THAT(parsePgDumpCommand("pg_dump -Fc").error, Contains("only the plain format"));
    CHECK_THAT(parsePgDumpCommand("pg_dump --create").error, Contains("--create is not available here"));
    CHECK_THAT(parsePgDumpCommand("pg_dump -j 4").error, Contains("--jobs is not available"));
    CHECK_THAT(parsePgDumpCommand("pg_dump --lock-wait-timeout=1").error, Contains("pg_dump's --lock-wait-timeout is not available here"));
    CHECK_THAT(parsePgDumpCommand("pg_dump --table").error, Contains("--table needs a value"));
    CHECK_THAT(parsePgDumpCommand("pg_dump --clean=yes").error, Contains("--clean takes no value"));
    CHECK_THAT(parsePgDumpCommand("pg_dump -s -a").error, Contains("cannot go together"));
    CHECK_THAT(parsePgDumpCommand("pg_dump --rows-per-insert=x").error, Contains("a number of rows"));
    CHECK_THAT(parsePgDumpCommand("pg_dump shop other").error, Contains("one database name"));
    CHECK_THAT(parsePgDumpCommand("pg_dump -t 'orders").error, Contains("quote is not closed"));
    CHECK_THAT(parsePgDumpCommand("pg_dump\n-t orders").error, Contains("one line"));
}

TEST_CASE("A dump replays without psql's own commands", "[pg_dump]") {
    const std::string dump = "\\restrict abc\nSET x = 1;\nINSERT INTO t VALUES ('a\n\\b');\n\\unrestrict abc\n";
    CHECK(restorableDump(dump) == "SET x = 1;\nINSERT INTO t VALUES ('a\n\\b');\n");
}
