#!/usr/bin/env bash
# Sets up, builds and runs every pgplay test:
#   1. core unit tests (Catch2, native)
#   2. core against a real PostgreSQL server through libpq (started here on loopback)
#   3. headless tools: the same core on PGlite in Node (node --test tests/node)
#   4. the page's pure JavaScript modules in Node: URL parameters, packing, key decisions, the
#      frame scheduler (node --test tests/web)
#   5. the real app in headless Chromium (node --test tests/browser), screenshots kept in
#      build/test-artifacts/
# Ends with one line "stages: N passed, N failed". Exit status is non-zero if any stage failed.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$PGPLAY_ROOT"
"$PGPLAY_ROOT/scripts/setup.sh"
"$PGPLAY_ROOT/scripts/build.sh" all

passed=0 failed=0 failures=()
stage() {
  local name=$1; shift
  log "stage: $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$name"); fi
}

stage "core unit tests" build/native/core_tests
if conninfo=$(scripts/pg-server.sh | tail -n 1) && [ -n "$conninfo" ]; then
  stage "core on real PostgreSQL" env PGPLAY_TEST_PG="$conninfo" build/native/pg_tests
else
  stage "core on real PostgreSQL (server did not start)" false
fi
stage "headless tools on PGlite" node --test --test-concurrency=1 tests/node/
stage "web modules" node --test tests/web/
mkdir -p build/test-artifacts
stage "browser end-to-end" node --test --test-concurrency=1 tests/browser/
scripts/pg-server.sh stop >/dev/null 2>&1 || true

[ ${#failures[@]} -eq 0 ] || log "failed: ${failures[*]}"
echo "stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
