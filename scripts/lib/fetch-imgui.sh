#!/usr/bin/env bash
# Puts Dear ImGui's source in third_party/imgui, from Debian's source package.
# bookworm ships 1.86; pgplay uses 1.90.1 (the key/input API since 1.87), which is the trixie
# suite's source (see debian-source.sh).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/debian-source.sh"

want=1.90.1
dest="$PGPLAY_ROOT/third_party/imgui"
[ -f "$dest/.version" ] && [ "$(cat "$dest/.version")" = "$want" ] && exit 0

work="$PGPLAY_ROOT/third_party/.apt-imgui"
log "fetching Dear ImGui $want source package"
orig=$(debian_source_tarball imgui trixie "$want+ds-1" "$work")
case "$orig" in *"imgui_$want"*) ;; *) die "Dear ImGui $want source was not found in the trixie suite" ;; esac

rm -rf "$dest" && mkdir -p "$dest"
tar -xf "$orig" -C "$dest" --strip-components=1
echo "$want" > "$dest/.version"
rm -rf "$work"
log "Dear ImGui $want in third_party/imgui"
