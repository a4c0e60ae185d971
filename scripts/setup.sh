#!/usr/bin/env bash
# Installs everything pgplay needs to build, serve and test, on a fresh Debian 12 machine.
# Idempotent: each step checks first and is skipped quickly when its work is already done.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# --- Node.js: the machine's own; Debian 12's packaged node (18) is too old for playwright-core.
have node || die "Node.js 20 or newer is required (node not found). Install Node.js 20+, then re-run."
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "Node.js 20 or newer is required; this machine has $(node --version)."
have npm || die "npm is required (it comes with Node.js)."

# --- Debian packages, by name.
apt_install build-essential cmake pkg-config ca-certificates xz-utils python3 \
  emscripten nlohmann-json3-dev catch2 libpq-dev postgresql-15 \
  chromium fonts-dejavu-core fonts-jetbrains-mono fonts-droid-fallback fonts-symbola \
  librsvg2-bin libharfbuzz-bin
# The plan parsers' fuzzer (scripts/test.sh): Debian's clang, and the package holding its
# libFuzzer and sanitizer runtimes (libclang_rt.fuzzer, .asan, .ubsan), which clang-14 does not
# pull in by itself.
apt_install clang-14 libclang-rt-14-dev

# --- Dear ImGui source (1.90.1, from Debian's source package in the trixie suite), never committed.
"$PGPLAY_ROOT/scripts/lib/fetch-imgui.sh"

# --- md4c source (the Markdown parser; this suite's source package), never committed.
"$PGPLAY_ROOT/scripts/lib/fetch-md4c.sh"

# --- npm packages pinned by package-lock.json (PGlite, playwright-core).
cd "$PGPLAY_ROOT"
stamp=node_modules/.pgplay-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  log "npm ci"
  # Trust the machine's own certificate store as well as Node's built-in one, as apt and curl
  # do (a machine behind a TLS-inspecting proxy has its CA there, not in Node).
  ca=/etc/ssl/certs/ca-certificates.crt
  NODE_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS:-$([ -f "$ca" ] && echo "$ca")} \
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
  cp package-lock.json "$stamp"
fi
log "setup done"
