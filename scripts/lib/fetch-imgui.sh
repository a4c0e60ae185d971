#!/usr/bin/env bash
# Puts Dear ImGui's source in third_party/imgui, from Debian's source package.
# bookworm ships 1.86; pgplay uses 1.90.1 (the key/input API since 1.87), which is the trixie
# suite's source. The deb-src entry is derived at run time from this machine's own apt sources
# and kept in a private apt state dir, so the system's package lists are left as they are.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

want=1.90.1
dest="$PGPLAY_ROOT/third_party/imgui"
[ -f "$dest/.version" ] && [ "$(cat "$dest/.version")" = "$want" ] && exit 0

work="$PGPLAY_ROOT/third_party/.apt-imgui"
rm -rf "$work"
mkdir -p "$work/parts" "$work/lists/partial" "$work/cache/archives/partial" "$work/download"

# Take the first non-security "Types: deb" stanza of the deb822 sources; fall back to a
# one-line sources.list entry.
stanza=""
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  stanza=$(awk 'BEGIN{RS=""} /(^|\n)Types:[^\n]*deb/ && !/security/ {print; exit}' "$f")
  [ -n "$stanza" ] && break
done
if [ -n "$stanza" ]; then
  printf '%s\n' "$stanza" | sed -E 's/^Types:.*/Types: deb-src/; s/^Suites:.*/Suites: trixie/' > "$work/parts/imgui-src.sources"
else
  line=$(grep -hE '^deb [^#]*' /etc/apt/sources.list 2>/dev/null | grep -v security | head -n1)
  [ -n "$line" ] || die "cannot find a Debian apt source to derive a deb-src entry from"
  printf '%s\n' "$line" | awk '{$1="deb-src"; $3="trixie"; print}' > "$work/parts/imgui-src.list"
fi

apt_opts=(-o Dir::Etc::sourcelist=/dev/null -o "Dir::Etc::sourceparts=$work/parts"
          -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o APT::Sandbox::User=root)
log "fetching Dear ImGui $want source package"
apt-get -qq "${apt_opts[@]}" update
(cd "$work/download" && apt-get -qq "${apt_opts[@]}" source --download-only "imgui=$want+ds-1" >/dev/null 2>&1 \
  || apt-get -qq "${apt_opts[@]}" source --download-only imgui >/dev/null)
orig=$(ls "$work"/download/imgui_"$want"*.orig.tar.* 2>/dev/null | head -n1)
[ -n "$orig" ] || die "Dear ImGui $want source was not found in the trixie suite"

rm -rf "$dest" && mkdir -p "$dest"
tar -xf "$orig" -C "$dest" --strip-components=1
echo "$want" > "$dest/.version"
rm -rf "$work"
log "Dear ImGui $want in third_party/imgui"
