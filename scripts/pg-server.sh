#!/usr/bin/env bash
# A throwaway PostgreSQL server for the native tests (tests/pg): the libpq Database and the
# wire-codec cross-check run against it.
#
#   scripts/pg-server.sh         ensure it runs; the last line on stdout is its libpq conninfo
#   scripts/pg-server.sh stop    stop it (the cluster stays on disk for the next start)
#
# Idempotent and quick when the server already runs. The cluster lives in ${PGPLAY_PG_DIR:-build/pg}
# (relative to the repository root) and listens on 127.0.0.1:${PGPLAY_PG_PORT:-54329} with trust
# auth, so it never collides with a system PostgreSQL on 5432. Everything but the conninfo goes to
# stderr, so callers can write PGPLAY_TEST_PG="$(scripts/pg-server.sh | tail -1)".
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"   # log, die, have, as_root; strict mode

port="${PGPLAY_PG_PORT:-54329}"
port_chosen="${PGPLAY_PG_PORT:+yes}"
pg_dir="${PGPLAY_PG_DIR:-build/pg}"
case "$pg_dir" in
  /*) ;;
  *) pg_dir="$PGPLAY_ROOT/$pg_dir" ;;
esac
action="${1:-start}"

# --- server binaries -----------------------------------------------------------------------
# Debian's packages put them in /usr/lib/postgresql/<major>/bin (not on PATH); prefer the newest
# there over whatever PATH offers, since /usr/local/bin may hold stray links.
find_bin_dir() {
  local d best=""
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ] && [ -x "$d/postgres" ] || continue
    best="$d"   # the glob sorts 15 < 16 < 17 lexically, which matches for two-digit majors
  done
  if [ -z "$best" ] && have pg_ctl; then
    d="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
    [ -x "$d/initdb" ] && [ -x "$d/postgres" ] && best="$d"
  fi
  echo "$best"
}

bin_dir="$(find_bin_dir)"
if [ -z "$bin_dir" ]; then
  [ "$action" = stop ] && { log "no PostgreSQL installed, nothing to stop"; exit 0; }
  [ "$(id -u)" -eq 0 ] || have sudo || die "PostgreSQL server binaries not found; install postgresql-15 (apt-get install postgresql-15)"
  have apt-get || die "PostgreSQL server binaries not found and apt-get is unavailable"
  # The caller normally ran apt-get update already; a fresh container has no package lists yet.
  if ! apt-cache policy postgresql-15 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    log "apt-get update"
    as_root apt-get update >&2
  fi
  log "installing postgresql-15"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15 >&2
  bin_dir="$(find_bin_dir)"
  [ -n "$bin_dir" ] || die "postgresql-15 installed but its binaries were not found"
fi

# --- who runs the server -----------------------------------------------------------------------
# initdb and postgres refuse to run as root; as root we run them as the package's `postgres` user.
as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' system user to run the server as"
  mkdir -p "$pg_dir"
  # The postgres user must be able to reach the directory. A checkout under /root (mode 700) is
  # out of its reach; keep the cluster in /tmp then rather than loosening /root's permissions.
  if ! (cd / && runuser -u postgres -- test -x "$pg_dir"); then
    fallback="${TMPDIR:-/tmp}/pgplay-pg-$port"
    log "$pg_dir is not reachable by the postgres user; using $fallback"
    pg_dir="$fallback"
    mkdir -p "$pg_dir"
  fi
  chown postgres: "$pg_dir"
else
  mkdir -p "$pg_dir"
fi

data_dir="$pg_dir/data"
socket_dir="$pg_dir/run"
log_file="$pg_dir/server.log"

is_running() {
  [ -f "$data_dir/PG_VERSION" ] && as_server_user "$bin_dir/pg_ctl" status -D "$data_dir" >/dev/null 2>&1
}

if [ "$action" = stop ]; then
  if is_running; then
    as_server_user "$bin_dir/pg_ctl" stop -D "$data_dir" -m fast -w >&2
  else
    log "not running"
  fi
  exit 0
fi
[ "$action" = start ] || die "usage: $0 [start|stop]"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if is_running; then
  # Already up (maybe started on another port by an earlier run): connect where it listens.
  running_port=$(sed -n 4p "$data_dir/postmaster.pid" 2>/dev/null || true)
  [ -n "$running_port" ] && port="$running_port"
else
  # Someone else's server may hold the default port (a developer's own, another checkout's):
  # take the next free one unless the caller asked for a specific port.
  if [ -z "$port_chosen" ]; then
    for _ in $(seq 1 20); do
      port_in_use "$port" || break
      log "port $port is taken; trying $((port + 1))"
      port=$((port + 1))
    done
  fi
  if [ ! -f "$data_dir/PG_VERSION" ]; then
    log "initdb $data_dir ($bin_dir)"
    rm -rf "$data_dir"
    as_server_user mkdir -p "$data_dir"
    # A fixed locale and encoding so results never depend on the machine's environment.
    as_server_user "$bin_dir/initdb" -D "$data_dir" -U postgres -A trust -E UTF8 --locale=C --no-sync >&2
  fi
  as_server_user mkdir -p "$socket_dir"
  log "starting on 127.0.0.1:$port"
  # Durability is pointless for a test server; skipping fsync keeps test runs quick. No
  # autovacuum and minimal WAL: nothing in the background moves the WAL insert position, which
  # the tests read to tell whether a script wrote anything.
  as_server_user "$bin_dir/pg_ctl" start -D "$data_dir" -l "$log_file" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $socket_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c autovacuum=off -c wal_level=minimal -c max_wal_senders=0" >&2 \
    || { tail -n 20 "$log_file" >&2 || true; die "the server did not start (log: $log_file)"; }
fi

conninfo="host=127.0.0.1 port=$port user=postgres dbname=postgres"
# pg_ctl -w waits for startup, but a server started earlier may still be recovering.
for _ in $(seq 1 100); do
  if "$bin_dir/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres; then
    echo "$conninfo"
    exit 0
  fi
  sleep 0.1
done
die "the server on port $port is not accepting connections (log: $log_file)"
