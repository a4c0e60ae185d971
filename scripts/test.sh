#!/usr/bin/env bash
# Sets up, builds and runs every pgplay test:
#   1. core unit tests (Catch2, native)
#   2. plan parser fuzzing: libFuzzer with AddressSanitizer and UBSan for a bounded time
#      (PGPLAY_FUZZ_SECONDS, 60 by default); its log and any failing input stay in build/fuzz/
#   3. core against a real PostgreSQL server through libpq (started here on loopback)
#   4. headless tools: the same core on PGlite in Node (node --test tests/node)
#   5. the page's pure JavaScript modules in Node: URL parameters, packing, key decisions, the
#      frame scheduler (node --test tests/web)
#   6. the built site against production's rules in netlify.toml (scripts/check-site.sh)
#   7. the real app in headless Chromium (node --test tests/browser), served with those same
#      headers (its Content-Security-Policy included); screenshots kept in build/test-artifacts/
# Ends with one line "stages: N passed, N failed". Exit status is non-zero if any stage failed.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$PGPLAY_ROOT"
"$PGPLAY_ROOT/scripts/setup.sh"
"$PGPLAY_ROOT/scripts/build.sh" all
"$PGPLAY_ROOT/scripts/build.sh" fuzz

passed=0 failed=0 failures=()
stage() {
  local name=$1; shift
  log "stage: $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$name"); fi
}

# The plan parsers read whatever a learner pastes. libFuzzer mutates the captured plans for a
# fixed time and fails on a crash, a sanitizer report, a leak, a broken invariant (abort), an
# input that takes over 5 s (a hang) or 2 GB. 60 s is some 20,000 inputs on a busy two-core
# machine (300 to 400 a second): most of the coverage the seeds lead to is reached in the first
# 8,000, each doubling after that adds under 2%, and the first bug it found (an int64_t
# overflow in the text parser) came after 1,700 and 23,000 inputs in two runs. That is under a
# tenth of the suite's time. Each run starts from the seeds alone (a fresh corpus), so it costs
# the same every time; a longer hunt is the same command with a larger -max_total_time.
fuzz_plan_parsers() {
  local dir=build/fuzz seconds=${PGPLAY_FUZZ_SECONDS:-60}
  local log=$dir/plan_parsers_fuzz.log
  rm -rf "$dir/corpus"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  if "$dir/plan_parsers_fuzz" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
       -print_funcs=0 -dict=tests/fuzz/plan_parsers.dict -artifact_prefix="$dir/artifacts/" \
       "$dir/corpus" tests/fixtures/plans >"$log" 2>&1; then
    local runs rate
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    echo "plan parser fuzzing: ${runs:-?} inputs in ${seconds} s (${rate:-?}/s), $(ls "$dir/corpus" | wc -l) new in the corpus"
    return 0
  fi
  # The end of the log without the progress lines: the report, its stack and the input's file.
  grep -v -e '^#[0-9]' -e 'NEW_FUNC' "$log" | tail -n 40 >&2
  log "the fuzzer's full log: $log; the failing input is in $dir/artifacts/ (run the fuzzer on that file to replay it)"
  return 1
}

stage "core unit tests" build/native/core_tests
stage "plan parser fuzzing" fuzz_plan_parsers
if conninfo=$(scripts/pg-server.sh | tail -n 1) && [ -n "$conninfo" ]; then
  stage "core on real PostgreSQL" env PGPLAY_TEST_PG="$conninfo" build/native/pg_tests
else
  stage "core on real PostgreSQL (server did not start)" false
fi
stage "headless tools on PGlite" node --test --test-concurrency=1 tests/node/
stage "web modules" node --test tests/web/
stage "built site against netlify.toml" scripts/check-site.sh build/web
mkdir -p build/test-artifacts
stage "browser end-to-end" node --test --test-concurrency=1 tests/browser/
scripts/pg-server.sh stop >/dev/null 2>&1 || true

[ ${#failures[@]} -eq 0 ] || log "failed: ${failures[*]}"
echo "stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
