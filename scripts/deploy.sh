#!/usr/bin/env bash
# Builds the site here and publishes it to Netlify (whose build machines cannot install the
# Debian packages pgplay is built with; see netlify.toml).
#   scripts/deploy.sh            build, check, and deploy to production
#   scripts/deploy.sh --draft    the same, to a draft URL Netlify prints
#   scripts/deploy.sh --dry-run  build and check only; the folder that would be uploaded is printed
# Needs NETLIFY_AUTH_TOKEN and NETLIFY_SITE_ID in the environment (a personal access token and
# the site's API id, from Netlify's settings) for anything but --dry-run. Netlify's CLI is run
# through npx, from the npm registry this machine uses.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$PGPLAY_ROOT"
mode=${1:-prod}
case "$mode" in prod|--draft|--dry-run) ;; *) die "usage: scripts/deploy.sh [--draft|--dry-run]" ;; esac

scripts/setup.sh
scripts/build.sh web
scripts/check-site.sh build/web || die "the built site breaks a production rule (see above); nothing was deployed"

# What Netlify gets: the site without the precompressed copies the local server uses (Netlify
# compresses by itself).
out=build/deploy
rm -rf "$out" && mkdir -p "$out"
rsync -a --include '*.tar.gz' --exclude '*.br' --exclude '*.gz' build/web/ "$out/" 2>/dev/null \
  || (cd build/web && find . -type f ! -name '*.br' \( ! -name '*.gz' -o -name '*.tar.gz' \) -exec cp --parents {} "$PGPLAY_ROOT/$out/" \;)
log "site ready to upload: $out ($(du -sh "$out" | cut -f1))"
[ "$mode" = --dry-run ] && exit 0

[ -n "${NETLIFY_AUTH_TOKEN:-}" ] || die "set NETLIFY_AUTH_TOKEN (a Netlify personal access token) to deploy"
[ -n "${NETLIFY_SITE_ID:-}" ] || die "set NETLIFY_SITE_ID (the site's API id in Netlify's settings) to deploy"
flags=(--dir "$out" --site "$NETLIFY_SITE_ID" --message "pgplay $(git rev-parse --short HEAD 2>/dev/null || echo local)")
[ "$mode" = prod ] && flags+=(--prod)
npx --yes netlify-cli deploy "${flags[@]}"
