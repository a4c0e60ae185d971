# The libFuzzer build (cmake -B build/fuzz -DPGPLAY_FUZZ=ON, with Debian's clang++-14): the plan
# parsers and what reads their plans, compiled with AddressSanitizer and UBSan so a bad read, an
# overflow or undefined behaviour stops the run instead of passing unnoticed. Only the core files
# the target reaches are built, not the whole core: every file costs minutes with sanitizers on
# a small machine, and nothing else here (md4c, Catch2, libpq) is needed.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "PGPLAY_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++-14")
endif()

set(PGPLAY_FUZZ_CORE_SOURCES
  plan_json_parser plan_text_parser plan_paste psql_output plan_properties plan_model
  plan_advice plan_compare er_model text_util)
list(TRANSFORM PGPLAY_FUZZ_CORE_SOURCES PREPEND ${CMAKE_SOURCE_DIR}/src/core/)
list(TRANSFORM PGPLAY_FUZZ_CORE_SOURCES APPEND .cpp)

add_executable(plan_parsers_fuzz tests/fuzz/plan_parsers_fuzz.cpp ${PGPLAY_FUZZ_CORE_SOURCES})
target_include_directories(plan_parsers_fuzz PRIVATE src tests/core)
# -fno-sanitize-recover: UBSan only prints by default; the fuzzer must stop and keep the input.
# -O1 -g: fast enough for many runs a second, with stack traces that point at the line (they
# come after the build type's -O3 and win). -UNDEBUG keeps assert() on, nlohmann's JSON_ASSERT
# included: misusing the library (a missing key through a const operator[]) is then caught,
# not silent undefined behaviour.
set(PGPLAY_FUZZ_FLAGS -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
target_compile_options(plan_parsers_fuzz PRIVATE ${PGPLAY_FUZZ_FLAGS} -O1 -g -UNDEBUG -Wall -Wextra)
target_link_options(plan_parsers_fuzz PRIVATE ${PGPLAY_FUZZ_FLAGS})
