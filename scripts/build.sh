#!/usr/bin/env bash
# Builds pgplay. usage: scripts/build.sh [native|web|node|fuzz|all]   (default: all)
#   native: core library, Catch2 tests and libpq tests in build/native
#   web:    the browser app, assembled as static files in build/web/
#   node:   the headless tools (Emscripten for Node) in build/node
#   fuzz:   the plan parsers' libFuzzer target (clang, sanitizers) in build/fuzz; not in all:
#           only scripts/test.sh runs it, and builds it itself
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

build_fuzz() {
  log "building the plan parser fuzzer (clang, libFuzzer)"
  cmake -S . -B build/fuzz -DPGPLAY_FUZZ=ON -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 >/dev/null
  cmake --build build/fuzz -j"$jobs"
}

case "$what" in
  native) build_native ;;
  web) build_web ;;
  node) build_node ;;
  fuzz) build_fuzz ;;
  all) build_native; build_web; build_node ;;
  *) die "unknown target '$what' (native, web, node, fuzz or all)" ;;
esac
