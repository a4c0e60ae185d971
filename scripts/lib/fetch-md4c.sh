#!/usr/bin/env bash
# Puts md4c's parser (md4c.c, md4c.h and its LICENSE) in third_party/md4c, from Debian's source
# package: lesson prose and lesson structure are both read by it (src/core/markdown.cpp).
# The machine's own suite is used (bookworm ships 0.4.8). As in fetch-imgui.sh, the deb-src
# entry is derived at run time from this machine's own apt sources and kept in a private apt
# state dir, so the system's package lists are left as they are.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

dest="$PGPLAY_ROOT/third_party/md4c"
[ -f "$dest/md4c.c" ] && [ -f "$dest/md4c.h" ] && exit 0

work="$PGPLAY_ROOT/third_party/.apt-md4c"
rm -rf "$work"
mkdir -p "$work/parts" "$work/lists/partial" "$work/cache/archives/partial" "$work/download"

# The first non-security "Types: deb" stanza of the deb822 sources, as deb-src; else a one-line
# sources.list entry.
stanza=""
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  stanza=$(awk 'BEGIN{RS=""} /(^|\n)Types:[^\n]*deb/ && !/security/ {print; exit}' "$f")
  [ -n "$stanza" ] && break
done
if [ -n "$stanza" ]; then
  printf '%s\n' "$stanza" | sed -E 's/^Types:.*/Types: deb-src/' > "$work/parts/md4c-src.sources"
else
  line=$(grep -hE '^deb [^#]*' /etc/apt/sources.list 2>/dev/null | grep -v security | head -n1)
  [ -n "$line" ] || die "cannot find a Debian apt source to derive a deb-src entry from"
  printf '%s\n' "$line" | awk '{$1="deb-src"; print}' > "$work/parts/md4c-src.list"
fi

apt_opts=(-o Dir::Etc::sourcelist=/dev/null -o "Dir::Etc::sourceparts=$work/parts"
          -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o APT::Sandbox::User=root)
log "fetching md4c source package"
apt-get -qq "${apt_opts[@]}" update
# Only the upstream tarball is needed (apt checks its hash against the signed index); a mirror
# that lacks Debian's packaging tarball makes apt-get fail, which does not matter here.
(cd "$work/download" && apt-get -qq "${apt_opts[@]}" source --download-only md4c >/dev/null 2>&1) || true
orig=$(ls "$work"/download/md4c_*.orig.tar.* 2>/dev/null | head -n1)
[ -n "$orig" ] || die "md4c's source package was not found in this machine's Debian suite"
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
