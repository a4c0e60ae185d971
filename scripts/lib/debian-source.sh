# Downloads the upstream tarball of a Debian source package, for the third-party sources pgplay
# builds from (Dear ImGui, md4c), which are never committed. Source it, do not run it.
#
# The deb-src entry is derived at run time from this machine's own apt sources (never an address
# written into a committed file) and kept, with its package lists, in a private apt state dir,
# so the system's own lists are left as they are.
#
# usage: debian_source_tarball PACKAGE SUITE VERSION WORKDIR
#   SUITE: another suite than the machine's own (e.g. trixie), or "" for the machine's own
#   VERSION: an exact Debian version to ask for first (e.g. 1.90.1+ds-1), or ""
# Prints the path of the downloaded *.orig.tar.* (under WORKDIR), or dies.
debian_source_tarball() {
  local package=$1 suite=$2 version=$3 work=$4 stanza="" line f
  rm -rf "$work"
  mkdir -p "$work/parts" "$work/lists/partial" "$work/cache/archives/partial" "$work/download"

  # The first non-security "Types: deb" stanza of the deb822 sources, as deb-src; else a one-line
  # sources.list entry.
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    stanza=$(awk 'BEGIN{RS=""} /(^|\n)Types:[^\n]*deb/ && !/security/ {print; exit}' "$f")
    [ -n "$stanza" ] && break
  done
  if [ -n "$stanza" ]; then
    printf '%s\n' "$stanza" | sed -E 's/^Types:.*/Types: deb-src/' |
      { if [ -n "$suite" ]; then sed -E "s/^Suites:.*/Suites: $suite/"; else cat; fi; } > "$work/parts/$package-src.sources"
  else
    line=$(grep -hE '^deb [^#]*' /etc/apt/sources.list 2>/dev/null | grep -v security | head -n1)
    [ -n "$line" ] || die "cannot find a Debian apt source to derive a deb-src entry from"
    printf '%s\n' "$line" | awk -v suite="$suite" '{$1="deb-src"; if (suite != "") $3=suite; print}' > "$work/parts/$package-src.list"
  fi

  local apt_opts=(-o Dir::Etc::sourcelist=/dev/null -o "Dir::Etc::sourceparts=$work/parts"
                  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o APT::Sandbox::User=root)
  apt-get -qq "${apt_opts[@]}" update >&2
  # Only the upstream tarball is needed (apt checks its hash against the signed index); a mirror
  # that lacks Debian's packaging tarball makes apt-get fail, which does not matter here.
  (cd "$work/download" &&
    { { [ -n "$version" ] && apt-get -qq "${apt_opts[@]}" source --download-only "$package=$version"; } ||
      apt-get -qq "${apt_opts[@]}" source --download-only "$package"; } >/dev/null 2>&1) || true
  local orig
  orig=$(ls "$work"/download/"$package"_*.orig.tar.* 2>/dev/null | head -n1)
  [ -n "$orig" ] || die "the source package $package was not found in Debian's ${suite:-own} suite"
  echo "$orig"
}
