# Native build: core unit tests, and core against a real PostgreSQL server through libpq.
enable_testing()
find_package(Catch2 2 REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(Threads REQUIRED)

file(GLOB PGPLAY_CORE_TESTS CONFIGURE_DEPENDS tests/core/*.cpp)
add_executable(core_tests ${PGPLAY_CORE_TESTS})
target_link_libraries(core_tests PRIVATE pgplay_core Catch2::Catch2)
target_compile_definitions(core_tests PRIVATE PGPLAY_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
add_test(NAME core_tests COMMAND core_tests)

# The test-only Database over libpq.
file(GLOB PGPLAY_NATIVE_SOURCES CONFIGURE_DEPENDS src/native/*.cpp)
add_library(pgplay_native STATIC ${PGPLAY_NATIVE_SOURCES})
target_link_libraries(pgplay_native PUBLIC pgplay_core PostgreSQL::PostgreSQL Threads::Threads)

file(GLOB PGPLAY_PG_TESTS CONFIGURE_DEPENDS tests/pg/*.cpp)
add_executable(pg_tests ${PGPLAY_PG_TESTS})
target_link_libraries(pg_tests PRIVATE pgplay_native Catch2::Catch2)
target_compile_definitions(pg_tests PRIVATE PGPLAY_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
# Needs PGPLAY_TEST_PG (a libpq connection string) in the environment; scripts/test.sh sets it.
add_test(NAME pg_tests COMMAND pg_tests)
