#!/usr/bin/env bash
# Puts qemu-system-x86_64 10.0.2 (Debian's bookworm-backports build) beside the installed QEMU,
# without installing it: the three .deb files are downloaded and unpacked into a folder that
# test/support/qemu.ts finds. Used by .ci/run; developers run it once by hand.
#
#   scripts/qemu-10.0.sh [DIR]      DIR defaults to $QAPI_QEMU10_ROOT, else .qemu/10.0.2
#
# Nothing on the machine changes: apt runs with a private source list, package lists and cache
# under DIR's parent, so no backports entry is added to /etc/apt and nothing is installed. The
# source entry is the first stanza of the machine's own /etc/apt/sources.list.d/debian.sources
# with its Suites changed, so the archive (and any mirror or snapshot the machine uses) is the
# machine's own. A second run finds the binary and does nothing.
set -euo pipefail

VERSION='1:10.0.2+ds-2+deb13u1~bpo12+1'
PACKAGES=(qemu-system-x86 qemu-system-common qemu-system-data)
SUITE='bookworm-backports'
MACHINE_SOURCES=${QAPI_DEBIAN_SOURCES:-/etc/apt/sources.list.d/debian.sources}

repo=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-${QAPI_QEMU10_ROOT:-$repo/.qemu/10.0.2}}
binary=$dest/usr/bin/qemu-system-x86_64
modules=$dest/usr/lib/x86_64-linux-gnu/qemu

# The exact build: "QEMU emulator version 10.0.2 (Debian 1:10.0.2+ds-2+deb13u1~bpo12+1)".
installed_version() {
  [ -x "$binary" ] || return 1
  QEMU_MODULE_DIR=$modules "$binary" --version 2>/dev/null | head -n 1
}
if installed_version | grep -qF "(Debian $VERSION)"; then
  echo "qemu-10.0: $binary is already there ($(installed_version))"
  exit 0
fi

for tool in apt-get dpkg awk; do
  command -v "$tool" >/dev/null 2>&1 || { echo "qemu-10.0: needs $tool (a Debian or Ubuntu machine)" >&2; exit 1; }
done
if [ ! -r "$MACHINE_SOURCES" ]; then
  echo "qemu-10.0: $MACHINE_SOURCES not found: the apt entry for $SUITE is derived from the machine's Debian entry (deb822 format)" >&2
  exit 1
fi

work=$(dirname "$dest")/.apt-$(basename "$dest")
rm -rf "$work"
mkdir -p "$work/sources.list.d" "$work/lists/partial" "$work/cache/archives/partial" "$work/debs"
trap 'rm -rf "$work"' EXIT

# The machine's first stanza, Suites replaced and binary packages only (no deb-src needed here).
awk 'BEGIN { RS = "" } NR == 1 { print; exit }' "$MACHINE_SOURCES" \
  | sed -e "s/^Suites:.*/Suites: $SUITE/" -e 's/^Types:.*/Types: deb/' > "$work/sources.list.d/$SUITE.sources"
grep -q '^URIs:' "$work/sources.list.d/$SUITE.sources" || { echo "qemu-10.0: no URIs: line in the first stanza of $MACHINE_SOURCES" >&2; exit 1; }

apt=(apt-get -q
  -o "Dir::Etc::SourceList=/dev/null"
  -o "Dir::Etc::SourceParts=$work/sources.list.d"
  -o "Dir::State::Lists=$work/lists"
  -o "Dir::Cache=$work/cache"
  -o "Debug::NoLocking=true"
  -o "APT::Sandbox::User=$(id -un)")

echo "qemu-10.0: fetching the $SUITE package lists (private to $work)"
"${apt[@]}" update >"$work/update.log" 2>&1 || { cat "$work/update.log" >&2; echo "qemu-10.0: apt-get update failed" >&2; exit 1; }
echo "qemu-10.0: downloading ${PACKAGES[*]} $VERSION"
(cd "$work/debs" && "${apt[@]}" download "${PACKAGES[@]/%/=$VERSION}")

rm -rf "$dest"
mkdir -p "$dest"
for deb in "$work"/debs/*.deb; do dpkg -x "$deb" "$dest"; done

missing=$(ldd "$binary" | grep 'not found' || true)
if [ -n "$missing" ]; then
  echo "qemu-10.0: the unpacked binary lacks libraries on this machine:" >&2
  echo "$missing" >&2
  exit 1
fi
installed_version | grep -qF "(Debian $VERSION)" || { echo "qemu-10.0: $binary does not report $VERSION" >&2; exit 1; }
echo "qemu-10.0: $(installed_version) in $dest"
echo "qemu-10.0: run it with QEMU_MODULE_DIR=$modules"
