#!/usr/bin/env bash
# Builds a tiny real Debian package for the patching tests. See README.md, "A package to install (make-deb.sh)".
#
#   tools/test-env/make-deb.sh NAME VERSION OUTDIR [--fail | --fill-root PERCENT]
#
# Writes OUTDIR/NAME_VERSION_all.deb (architecture all, no dependencies) holding one file,
# /usr/share/NAME/VERSION, whose text names the package and version, and prints the .deb's absolute path. With
# --fail the package's postinst exits 1, so that installing it fails after its files are unpacked (dpkg leaves it
# half-configured), as a broken update does. NAME and VERSION follow Debian policy (VERSION is [EPOCH:]UPSTREAM
# [-REVISION]; an epoch's colon is left out of the file name, as dpkg-name does). With --fill-root PERCENT the
# postinst fills the root file system it is installed on to PERCENT % used (a file /var/tmp/NAME.fill made with
# fallocate, at once on ext4), as a runaway log does: what the guest monitoring's file-system threshold is tested
# with. Needs dpkg-deb only; no root.
set -euo pipefail

usage() {
    echo "usage: make-deb.sh NAME VERSION OUTDIR [--fail | --fill-root PERCENT]" >&2
    exit 2
}

[ $# -ge 3 ] && [ $# -le 5 ] || usage
name="$1"
version="$2"
outdir="$3"
fail=0
fill=""
if [ $# -eq 4 ]; then
    [ "$4" = "--fail" ] || usage
    fail=1
elif [ $# -eq 5 ]; then
    [ "$4" = "--fill-root" ] && [[ "$5" =~ ^[0-9]{1,2}$ ]] || usage
    fill="$5"
fi
# Debian policy 5.6.1 and 5.6.12: the checks keep both safe to put in a file name and a control file.
if ! [[ "$name" =~ ^[a-z0-9][a-z0-9+.-]+$ ]]; then
    echo "make-deb.sh: not a Debian package name: $name" >&2
    exit 2
fi
if ! [[ "$version" =~ ^([0-9]+:)?[0-9][A-Za-z0-9.+~-]*$ ]]; then
    echo "make-deb.sh: not a Debian version: $version" >&2
    exit 2
fi
command -v dpkg-deb >/dev/null || { echo "make-deb.sh: needs dpkg-deb (Debian package dpkg)" >&2; exit 1; }
mkdir -p "$outdir"
outdir="$(cd "$outdir" && pwd)"

tree="$(mktemp -d)"
trap 'rm -rf "$tree"' EXIT
upstream="${version#*:}"
mkdir -p "$tree/DEBIAN" "$tree/usr/share/$name"
printf '%s %s, made by Strata'"'"'s make-deb.sh for tests\n' "$name" "$version" >"$tree/usr/share/$name/$upstream"
cat >"$tree/DEBIAN/control" <<CONTROL
Package: $name
Version: $version
Architecture: all
Maintainer: Strata tests <tests@strata.invalid>
Section: misc
Priority: optional
Description: Strata test package $name
 A package made by tools/test-env/make-deb.sh for Strata's patching tests.
CONTROL
if [ "$fail" = 1 ]; then
    cat >"$tree/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
echo "strata test package: this postinst fails on purpose" >&2
exit 1
POSTINST
    chmod 0755 "$tree/DEBIAN/postinst"
fi
if [ -n "$fill" ]; then
    # df's sizes in KiB: the file makes used/size reach the share asked (nothing when it is there already).
    cat >"$tree/DEBIAN/postinst" <<POSTINST
#!/bin/sh
set -e
[ "\$1" = configure ] || exit 0
set -- \$(df -P -k / | awk 'NR == 2 { print \$2, \$3 }')
want=\$(( \$1 * $fill / 100 - \$2 ))
[ "\$want" -gt 0 ] && fallocate -l "\${want}K" /var/tmp/$name.fill
exit 0
POSTINST
    chmod 0755 "$tree/DEBIAN/postinst"
fi
# mktemp's 0700 would be the mode of "./" in the archive; dpkg-deb refuses a control folder others may write to.
chmod 0755 "$tree"
chmod -R go-w "$tree"
deb="$outdir/${name}_${upstream}_all.deb"
dpkg-deb --root-owner-group --build "$tree" "$deb" >/dev/null
echo "$deb"
