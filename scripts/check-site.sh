#!/usr/bin/env bash
# Checks the built site (build/web) against the production rules in netlify.toml: headers,
# Content-Security-Policy, caching of hashed names, nothing the policy would block. Run after
# scripts/build.sh web; scripts/deploy.sh runs it before uploading, scripts/test.sh as a stage.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$PGPLAY_ROOT"
exec node scripts/lib/check-site.mjs "${1:-build/web}" netlify.toml
