#!/usr/bin/env bash
# Captures EXPLAIN plans from the test server as fixtures for the plan parsers' tests.
#
#   scripts/capture-plans.sh
#
# Builds the schema in tests/fixtures/plans/queries.sql in a throwaway database on the test server
# (scripts/pg-server.sh), runs each query listed there under EXPLAIN twice, and writes what psql
# prints to
#   tests/fixtures/plans/pg<major>/<name>.json   EXPLAIN (ANALYZE, BUFFERS, SETTINGS, FORMAT JSON)
#   tests/fixtures/plans/pg<major>/<name>.txt    EXPLAIN (ANALYZE, BUFFERS, SETTINGS), the text form
# and a few plans as a person would paste them from psql's default output (header, frame, footer,
# "+" continuation) into tests/fixtures/plans/pg<major>/psql/.
#
# Idempotent: the database is dropped and rebuilt on every run and the files are overwritten.
# Timings and buffer counts differ from run to run; the shape of each plan does not (see
# queries.sql for why).
#
# The same queries under PGlite, the browser's engine, are captured into tests/fixtures/plans/pglite/
# by `node scripts/capture-plans-pglite.mjs`, which reads the same queries.sql.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"   # log, die, have; strict mode
cd "$PGPLAY_ROOT"

have psql || apt_install postgresql-client-15
conninfo="$(scripts/pg-server.sh | tail -n 1)"
[ -n "$conninfo" ] || die "the test server did not start"

db=pgplay_plan_fixtures
admin() { psql -X -q -v ON_ERROR_STOP=1 -d "$conninfo" "$@"; }
in_db() { psql -X -q -v ON_ERROR_STOP=1 -d "$conninfo dbname=$db" "$@"; }

major=$(admin -At -c "SELECT current_setting('server_version_num')::int / 10000")
out="tests/fixtures/plans/pg$major"
mkdir -p "$out/psql"
log "capturing plans from PostgreSQL $major into $out"

admin -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
trap 'admin -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true' EXIT

# --- the schema and the queries: one file, shared with the PGlite capture --------------------
spec=tests/fixtures/plans/queries.sql
in_db -f "$spec"   # the query lines are SQL comments, so this builds the schema only
mapfile -t queries < <(sed -n 's/^--@ //p' "$spec")
[ ${#queries[@]} -gt 0 ] || die "no queries (lines starting with '--@ ') in $spec"

# Writes psql's output for one EXPLAIN. Everything runs in a transaction that is rolled back, so
# an EXPLAIN ANALYZE of a write leaves the database as it was (the fixtures stay repeatable).
explain() {   # explain <options> <settings> <query> [psql options...]
  local options=$1 settings=$2 query=$3
  shift 3
  in_db "$@" <<SQL
BEGIN;
$settings
EXPLAIN ($options) $query;
ROLLBACK;
SQL
}

for entry in "${queries[@]}"; do
  IFS='|' read -r name settings query <<<"$entry"
  explain "ANALYZE, BUFFERS, SETTINGS, FORMAT JSON" "$settings" "$query" -At >"$out/$name.json"
  explain "ANALYZE, BUFFERS, SETTINGS" "$settings" "$query" -At >"$out/$name.txt"
  log "  $name"
done

# --- as pasted from psql: the default aligned output, a unicode frame, JSON with "+" continuations
for entry in "${queries[@]}"; do
  IFS='|' read -r name settings query <<<"$entry"
  case "$name" in
    hash_join)
      explain "ANALYZE, BUFFERS" "$settings" "$query" >"$out/psql/$name.aligned.txt"
      explain "ANALYZE, BUFFERS, FORMAT JSON" "$settings" "$query" >"$out/psql/$name.json-aligned.txt"
      ;;
    subplan)
      explain "ANALYZE" "$settings" "$query" -P border=2 -P linestyle=unicode >"$out/psql/$name.unicode-frame.txt"
      explain "ANALYZE, FORMAT JSON" "$settings" "$query" -P border=2 -P linestyle=unicode \
        >"$out/psql/$name.json-unicode-frame.txt"
      ;;
    parallel_aggregate)
      explain "ANALYZE, BUFFERS" "$settings" "$query" -x >"$out/psql/$name.expanded.txt"
      ;;
  esac
done

log "wrote $(ls "$out"/*.json | wc -l) plans (JSON and text) and $(ls "$out"/psql | wc -l) psql pastes to $out"
