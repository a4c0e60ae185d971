#!/usr/bin/env bash
# Builds pgplay. usage: scripts/build.sh [native|web|node|all]   (default: all)
#   native: core library, Catch2 tests and libpq tests in build/native
#   web:    the browser app, assembled as static files in build/web/
#   node:   the headless tools (Emscripten for Node) in build/node
# Run scripts/setup.sh first (serve.sh and test.sh do).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$PGPLAY_ROOT"
what=${1:-all}
jobs=$(nproc 2>/dev/null || echo 2)

build_native() {
  log "building native (core + tests)"
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/native -j"$jobs"
}

build_web() {
  log "building the browser app (Emscripten)"
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/wasm -j"$jobs"
  "$PGPLAY_ROOT/scripts/lib/assemble-site.sh"
}

build_node() {
  log "building the headless tools (Emscripten for Node)"
  emcmake cmake -S . -B build/node -DCMAKE_BUILD_TYPE=Release -DPGPLAY_NODE=ON >/dev/null
  cmake --build build/node -j"$jobs"
}

case "$what" in
  native) build_native ;;
  web) build_web ;;
  node) build_node ;;
  all) build_native; build_web; build_node ;;
  *) die "unknown target '$what' (native, web, node or all)" ;;
esac
