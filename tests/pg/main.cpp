// Catch2's main for the tests against a real PostgreSQL server (see pg_fixture.h).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
