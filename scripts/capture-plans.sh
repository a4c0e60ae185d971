#!/usr/bin/env bash
# Captures EXPLAIN plans from the test server as fixtures for the plan parsers' tests.
#
#   scripts/capture-plans.sh
#
# Creates a small schema in a throwaway database on the test server (scripts/pg-server.sh), runs
# each query below under EXPLAIN twice, and writes what psql prints to
#   tests/fixtures/plans/pg<major>/<name>.json   EXPLAIN (ANALYZE, BUFFERS, SETTINGS, FORMAT JSON)
#   tests/fixtures/plans/pg<major>/<name>.txt    EXPLAIN (ANALYZE, BUFFERS, SETTINGS), the text form
# and a few plans as a person would paste them from psql's default output (header, frame, footer,
# "+" continuation) into tests/fixtures/plans/pg<major>/psql/.
#
# Idempotent: the database is dropped and rebuilt on every run and the files are overwritten.
# Timings and buffer counts differ from run to run; the shape of each plan does not, because the
# data is generated without randomness and the tables are vacuumed and analyzed before capture.
# Tables hold a few thousand rows at most, so each fixture stays a few KB.
#
# PGlite fixtures (the same queries under the browser's engine) are to be captured separately, by
# someone else, into tests/fixtures/plans/pglite/; the query list below is the one to reuse.
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

# --- schema: a shop with countries, customers, orders, and a partitioned event log ------------
in_db <<'SQL'
CREATE TABLE countries (code text PRIMARY KEY, name text NOT NULL);
INSERT INTO countries
SELECT 'c' || i, 'Country ' || i FROM generate_series(1, 10) AS i;

CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, country text NOT NULL REFERENCES countries);
INSERT INTO customers
SELECT i, 'Customer ' || i, 'c' || (i % 10 + 1) FROM generate_series(1, 1000) AS i;

CREATE TABLE orders (
  id int PRIMARY KEY,
  customer_id int NOT NULL REFERENCES customers,
  amount numeric(10, 2) NOT NULL,
  status text NOT NULL,
  created date NOT NULL
);
INSERT INTO orders
SELECT i, (i * 7) % 1000 + 1, (i * 37) % 500 + 0.5,
       (ARRAY['new', 'paid', 'shipped', 'cancelled'])[i % 4 + 1],
       date '2024-01-01' + (i % 365)
FROM generate_series(1, 4000) AS i;
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE INDEX orders_created_idx ON orders (created);

CREATE TABLE events (id int NOT NULL, happened date NOT NULL, kind text NOT NULL) PARTITION BY RANGE (happened);
CREATE TABLE events_h1 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2024-07-01');
CREATE TABLE events_h2 PARTITION OF events FOR VALUES FROM ('2024-07-01') TO ('2025-01-01');
INSERT INTO events
SELECT i, date '2024-01-01' + (i % 366), (ARRAY['view', 'click', 'buy'])[i % 3 + 1]
FROM generate_series(1, 2000) AS i;

VACUUM ANALYZE;
SQL

# --- the queries: name | settings (SET statements, may be empty) | query -----------------------
# Settings steer the planner to the node a fixture is about; they show up in the plan's Settings.
queries=(
  "hash_join|SET enable_mergejoin = off; SET enable_nestloop = off;|SELECT c.name, o.amount FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.amount > 450"
  "hash_join_batches|SET work_mem = '64kB'; SET hash_mem_multiplier = 1; SET enable_mergejoin = off; SET enable_nestloop = off;|SELECT a.id, b.amount FROM orders a JOIN orders b ON b.id = a.id"
  "merge_join|SET enable_hashjoin = off; SET enable_nestloop = off;|SELECT c.name, o.amount FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id <= 300"
  "nested_loop|SET enable_hashjoin = off; SET enable_mergejoin = off;|SELECT c.name, o.amount FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id < 5"
  "never_executed||SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = -1"
  "hash_aggregate||SELECT status, count(*), sum(amount) FROM orders GROUP BY status"
  "hash_aggregate_spill|SET work_mem = '64kB'; SET enable_sort = off; SET enable_indexscan = off; SET enable_bitmapscan = off;|SELECT customer_id, array_agg(amount) FROM orders GROUP BY customer_id"
  "group_aggregate|SET enable_hashagg = off;|SELECT created, count(*) FROM orders GROUP BY created"
  "cte_materialized||WITH totals AS MATERIALIZED (SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id) SELECT count(*) FROM totals WHERE total > (SELECT avg(total) FROM totals)"
  "recursive_cte||WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 100) SELECT sum(n) FROM r"
  "subplan||SELECT c.id, (SELECT max(o.amount) FROM orders o WHERE o.customer_id = c.id) AS biggest FROM customers c WHERE c.id <= 50"
  "subplan_hashed||SELECT count(*) FROM customers WHERE id NOT IN (SELECT customer_id FROM orders WHERE status = 'cancelled')"
  "init_plan||SELECT id, amount FROM orders WHERE amount > (SELECT avg(amount) FROM orders) * 1.9"
  "window_function||SELECT id, customer_id, amount, rank() OVER (PARTITION BY customer_id ORDER BY amount DESC) FROM orders WHERE customer_id <= 100"
  "sort_memory||SELECT id, amount FROM orders ORDER BY amount DESC, id"
  "sort_disk|SET work_mem = '64kB';|SELECT * FROM orders ORDER BY status, amount, id"
  "incremental_sort||SELECT * FROM orders ORDER BY customer_id, amount LIMIT 20"
  "bitmap_scan|SET enable_seqscan = off; SET enable_indexscan = off;|SELECT * FROM orders WHERE customer_id < 20 OR created = date '2024-03-01'"
  "memoize|SET enable_hashjoin = off; SET enable_mergejoin = off;|SELECT c.name, k.name FROM customers c JOIN countries k ON k.code = c.country"
  "append_union_all||SELECT id FROM customers WHERE id < 10 UNION ALL SELECT customer_id FROM orders WHERE id < 10"
  "partitioned||SELECT kind, count(*) FROM events GROUP BY kind"
  "parallel_aggregate|SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;|SELECT status, count(*), sum(amount) FROM orders GROUP BY status"
  "parallel_sort|SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2; SET enable_indexscan = off;|SELECT id, amount FROM orders WHERE amount > 10 ORDER BY amount, id"
  "parallel_hash_join|SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2; SET enable_mergejoin = off; SET enable_nestloop = off;|SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.country = 'c3'"
  "index_only_scan|SET enable_bitmapscan = off; SET enable_seqscan = off;|SELECT customer_id FROM orders WHERE customer_id BETWEEN 10 AND 20"
  "limit||SELECT * FROM orders ORDER BY id LIMIT 5"
  "materialize|SET enable_hashjoin = off; SET enable_mergejoin = off;|SELECT count(*) FROM countries a JOIN countries b ON a.code < b.code"
  "unique|SET enable_hashagg = off;|SELECT DISTINCT status FROM orders"
  "setop_except||SELECT customer_id FROM orders EXCEPT SELECT id FROM customers WHERE id > 500"
  "setop_intersect|SET enable_hashagg = off;|SELECT customer_id FROM orders WHERE id < 100 INTERSECT SELECT id FROM customers WHERE id < 50"
  "values_and_function||SELECT v.x, g FROM (VALUES (1), (2), (3)) AS v(x) JOIN generate_series(1, 3) AS g ON g = v.x"
  "insert_with_trigger||INSERT INTO orders SELECT id + 100000, customer_id, amount, status, created FROM orders WHERE id <= 3"
)

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
