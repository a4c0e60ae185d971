#!/usr/bin/env bash
# Puts md4c's parser (md4c.c, md4c.h and its LICENSE) in third_party/md4c, from Debian's source
# package: lesson prose and lesson structure are both read by it (src/core/markdown.cpp).
# The machine's own suite is used (bookworm ships 0.4.8); see debian-source.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/debian-source.sh"

dest="$PGPLAY_ROOT/third_party/md4c"
[ -f "$dest/md4c.c" ] && [ -f "$dest/md4c.h" ] && exit 0

work="$PGPLAY_ROOT/third_party/.apt-md4c"
log "fetching md4c source package"
orig=$(debian_source_tarball md4c "" "" "$work")
version=$(basename "$orig" | sed -E 's/^md4c_([^.]+\.[^.]+\.[^.]+)\.orig\..*/\1/')

mkdir -p "$work/src"
tar -xf "$orig" -C "$work/src" --strip-components=1
for f in src/md4c.c src/md4c.h; do
  [ -f "$work/src/$f" ] || die "md4c $version source has no $f"
done
license=$(ls "$work"/src/LICENSE* 2>/dev/null | head -n1)
[ -n "$license" ] || die "md4c $version source has no LICENSE file"

rm -rf "$dest" && mkdir -p "$dest"
cp "$work/src/src/md4c.c" "$work/src/src/md4c.h" "$dest/"
cp "$license" "$dest/LICENSE.md"
echo "$version" > "$dest/.version"
rm -rf "$work"
log "md4c $version in third_party/md4c"
