#!/usr/bin/env bash
# Sets up, builds and serves pgplay at http://localhost:8080 (PORT=... to change it).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
"$PGPLAY_ROOT/scripts/setup.sh"
"$PGPLAY_ROOT/scripts/build.sh" web
port=${PORT:-8080}
log "open http://localhost:$port/ in a browser (Ctrl+C stops the server)"
exec node "$PGPLAY_ROOT/scripts/lib/static-server.mjs" "$PGPLAY_ROOT/build/web" "$port" "${HOST:-127.0.0.1}"
