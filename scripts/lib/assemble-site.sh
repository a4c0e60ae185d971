#!/usr/bin/env bash
# Puts the static site together in build/web/: the page, the compiled app, the fonts (from
# Debian's font packages) and PGlite (from node_modules). Everything a browser downloads is here.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$PGPLAY_ROOT"
out=build/web
mkdir -p "$out/fonts" "$out/vendor"
# The page and every module beside it (main.js imports the others by relative path). Files a
# rename left behind in an earlier build go first, so build/web holds only what web/ has.
rm -f "$out"/*.html "$out"/*.js "$out"/*.svg "$out"/*.webmanifest "$out"/*.wasm "$out"/*.data "$out"/*.br "$out"/*.gz
rm -rf "$out/fonts" && mkdir -p "$out/fonts"
cp web/*.html web/*.js web/*.svg web/*.webmanifest "$out/"
# The example blog post with three embeds, and the exercise files it names (?file=).
rm -rf "$out/examples" && cp -r web/examples "$out/"
cp build/wasm/pgplay.js build/wasm/pgplay.wasm "$out/"
# Lessons and race scenarios are data: the page fetches lessons/index.json (and
# lessons/races/index.json), then each file, and C++ parses them.
list_json() { node -e 'const names = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean); process.stdout.write(JSON.stringify(names))'; }
rm -rf "$out/lessons" && mkdir -p "$out/lessons/races"
cp lessons/*.md "$out/lessons/"
(cd lessons && ls -1 *.md) | list_json > "$out/lessons/index.json"
cp lessons/races/*.txt "$out/lessons/races/"
(cd lessons/races && ls -1 *.txt) | list_json > "$out/lessons/races/index.json"
# The UI and code fonts, cut to the characters the app draws from them (GlyphCoverage's built-in
# ranges, read from src/ui/glyph_coverage.cpp; anything else comes from the fallback fonts) and
# without hinting, which ImGui's rasterizer does not use: 0.47 -> 0.13 MB gzipped, same pixels.
drawn=$(sed -n '/kBuiltIn\[\] = {/,/^};/p' src/ui/glyph_coverage.cpp | grep -o '0x[0-9A-Fa-f]*, 0x[0-9A-Fa-f]*' \
  | sed 's/0x0*\([0-9A-Fa-f]*\), 0x0*\([0-9A-Fa-f]*\)/\1-\2/' | paste -sd, -)
[ -n "$drawn" ] || die "the built-in glyph ranges were not found in src/ui/glyph_coverage.cpp"
hb-subset --unicodes="$drawn" --no-hinting --output-file="$out/fonts/ui.ttf" /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
  || die "the UI font could not be subset"
hb-subset --unicodes="$drawn" --no-hinting --output-file="$out/fonts/mono.ttf" \
  /usr/share/fonts/truetype/jetbrains-mono/JetBrainsMono-Regular.ttf || die "the code font could not be subset"
# Fetched only when text needs them: CJK (Droid Sans Fallback) and symbols and emoji (Symbola).
cp /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf "$out/fonts/fallback-cjk.ttf"
cp /usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf "$out/fonts/fallback-symbols.ttf"
# PGlite's browser files: its JS modules, the PostgreSQL wasm, its data bundle, initdb and the
# extension archives (fetched only when a lesson loads one). Source maps stay behind. Their folder
# is named for PGlite's version, so browsers may cache them forever (see netlify.toml).
pglite=node_modules/@electric-sql/pglite/dist
[ -f "$pglite/index.js" ] || die "PGlite is missing: run scripts/setup.sh"
pglite_version=$(node -p 'require("./node_modules/@electric-sql/pglite/package.json").version')
pglite_dir="vendor/pglite-$pglite_version"
# pglite-tools' pg_dump (its module, the Emscripten loader chunk, pg_dump.wasm), the same way:
# loaded only when a learner runs pg_dump.
tools=node_modules/@electric-sql/pglite-tools/dist
[ -f "$tools/pg_dump.js" ] || die "pglite-tools is missing: run scripts/setup.sh"
tools_version=$(node -p 'require("./node_modules/@electric-sql/pglite-tools/package.json").version')
tools_dir="vendor/pglite-tools-$tools_version"
find "$out/vendor" -mindepth 1 -maxdepth 1 ! -name "pglite-$pglite_version" ! -name "pglite-tools-$tools_version" -exec rm -rf {} +
for dir in "$pglite_dir" "$tools_dir"; do
  from=$([ "$dir" = "$pglite_dir" ] && echo "$pglite" || echo "$tools")
  mkdir -p "$out/$dir"
  rsync -a --delete --exclude '*.map' --exclude '*.cjs' --exclude '*.d.ts' --exclude '*.d.cts' "$from/" "$out/$dir/" 2>/dev/null \
    || { rm -rf "$out/$dir"; mkdir -p "$out/$dir"; (cd "$from" && find . -type f ! -name '*.map' ! -name '*.cjs' ! -name '*.d.ts' ! -name '*.d.cts' -exec cp --parents {} "$PGPLAY_ROOT/$out/$dir/" \;); }
done
# The database new databases start from (see make-initial-db.mjs), made once per PGlite version.
initial_db="build/cache/initial-db-$pglite_version-$(sha1sum scripts/lib/make-initial-db.mjs | cut -c1-12).tar.gz"
if [ ! -f "$initial_db" ]; then
  mkdir -p build/cache
  rm -f build/cache/initial-db-*.tar.gz
  log "initialising the starting database (PGlite $pglite_version)"
  node scripts/lib/make-initial-db.mjs "$initial_db.part" >&2 || die "the starting database could not be made"
  mv "$initial_db.part" "$initial_db"
fi
cp "$initial_db" "$out/initial-db.tar.gz"
# PGlite's file bundle without what only initdb and builds use (see make-engine-data.mjs), which
# checks it against the starting database; PGlite's own pglite.data stays in vendor/ unused by
# the app (the start-up benchmark's bare-PGlite page runs initdb with it).
engine_data="build/cache/pglite-runtime-$pglite_version-$(cat scripts/lib/make-engine-data.mjs "$initial_db" | sha1sum | cut -c1-12).data"
if [ ! -f "$engine_data" ]; then
  rm -f build/cache/pglite-runtime-*.data
  node scripts/lib/make-engine-data.mjs "$pglite" "$initial_db" "$engine_data.part" || die "PGlite's file bundle could not be trimmed"
  mv "$engine_data.part" "$engine_data"
fi
cp "$engine_data" "$out/pglite-runtime.data"
# The installed app's icons, drawn from the favicon: plain, and maskable (the symbol inside the
# central 80% that launchers keep, on a full-bleed background).
mkdir -p "$out/icons"
for size in 192 512; do
  rsvg-convert -w "$size" -h "$size" web/favicon.svg -o "$out/icons/icon-$size.png"
done
inner=$(sed -e 's/^<svg[^>]*>//' -e 's#</svg>$##' web/favicon.svg)
printf '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" fill="#17191e"/><g transform="translate(4 4)">%s</g></svg>' "$inner" \
  | rsvg-convert -w 512 -h 512 -o "$out/icons/icon-maskable-512.png"

# The large files get names from their contents (assets/<name>.<hash>.<ext>, and assets.js, the
# map the page reads), so a host may cache them forever and a new deploy downloads only what
# changed.
node scripts/lib/hash-assets.mjs "$out" "$pglite_dir" "$tools_dir" || die "the site's files could not be given hashed names"

# Offline: the files the service worker keeps for this deploy (everything a visit loads before
# the learner asks for more; extension bundles and fallback fonts join when first fetched), and
# the build id that names its cache, from their contents: a new deploy is a new sw.js.
precache=$(cd "$out" && {
  echo ./
  ls -1 *.html *.js *.svg *.webmanifest icons/*.png assets/* lessons/index.json lessons/*.md lessons/races/index.json \
    lessons/races/*.txt "$pglite_dir"/index.js "$pglite_dir"/chunk-*.js "$pglite_dir"/fs/memfs2opfs.js "$pglite_dir"/pglite.wasm \
    "$tools_dir"/pg_dump.js "$tools_dir"/chunk-*.js "$tools_dir"/pg_dump.wasm \
    | grep -v -e '^sw\.js$' -e '^assets/fallback-' -e '\.br$' -e '\.gz$'
})
build=$(cd "$out" && printf '%s\n' $precache | grep -v '^\./$' | xargs sha1sum | sha1sum | cut -c1-16)
printf '%s\n' $precache | node -e '
  const files = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
  process.stdout.write(JSON.stringify({ build: process.argv[1], files }, null, 1));' "$build" > "$out/precache.json"
sed -i "s/__PGPLAY_BUILD__/$build/" "$out/sw.js"
# Brotli and gzip copies beside the files, for servers that send them (static-server.mjs does).
# Not on Netlify, which compresses by itself and would only store them.
if [ "${NETLIFY:-}" != true ]; then
  node scripts/lib/precompress.mjs "$out" build/cache/precompressed || die "the site's files could not be precompressed"
fi
log "site assembled in $out"
