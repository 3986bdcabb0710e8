#!/bin/sh
# scripts/br-offline/debian-source.sh: unpacks the upstream tarball of one
# Debian source package into a folder, for the packages that a quirks-*.mk
# builds from a Debian source br-offline does not find under their
# Buildroot name (their <PKG>_OVERRIDE_SRCDIR).
#
#   debian-source.sh DEST SOURCE VERSION
#
# SOURCE=VERSION is looked up in br-offline's own deb-src index
# ($BR_OFFLINE_CACHE/apt, which br-offline made before the build starts;
# the system's apt configuration is left alone). Its .orig tarball (the
# tarball of a native package) is fetched once into
# $BATON_CACHE/debian-source/ by apt-helper, which checks it against the
# SHA256 of the signed index, and unpacked pristine (no Debian patch, its
# single top folder dropped) into DEST, which is made anew only when it
# does not hold that version already.
#
# Environment: BATON_CACHE (default /var/cache/baton), BR_OFFLINE_CACHE
# (default /var/cache/br-offline).
set -eu

die() { echo "debian-source: $*" >&2; exit 1; }

[ $# -eq 3 ] || { echo "usage: $0 DEST SOURCE VERSION" >&2; exit 2; }
dest=$1
src=$2
ver=$3
cache=${BATON_CACHE:-/var/cache/baton}/debian-source
apt=${BR_OFFLINE_CACHE:-/var/cache/br-offline}/apt
stamp="$src $ver"

[ -d "$apt/sources.list.d" ] ||
	die "no deb-src index at $apt (br-offline makes it: run it first)"
mkdir -p "$cache" "$(dirname "$dest")"
exec 8>"$dest.lock"
flock 8
if [ -f "$dest/.debian-source" ] &&
   [ "$(cat "$dest/.debian-source")" = "$stamp" ]; then
	exit 0
fi

set -- -o Dir::Etc::sourcelist=/dev/null \
	-o "Dir::Etc::sourceparts=$apt/sources.list.d" \
	-o "Dir::State::Lists=$apt/lists" \
	-o "Dir::Cache=$apt/cache" \
	-o APT::Sandbox::User=root -o Acquire::Retries=3

# the upstream tarball's line: 'URI' NAME SIZE SHA256:HASH
work=$(mktemp -d "${TMPDIR:-/tmp}/debian-source.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get -q "$@" source --print-uris "$src=$ver") \
	>"$work/uris" 2>&1 ||
	die "apt knows no source $src=$ver: $(tail -n 1 "$work/uris")"
line=$(grep -E "^'[^']+' [^ ]+\.orig\.tar\.[a-z0-9]+ " "$work/uris" ||
	grep -E "^'[^']+' [^ ]+\.tar\.[a-z0-9]+ " "$work/uris" |
	grep -v '\.debian\.tar\.') || die "no upstream tarball in $src $ver"
[ "$(echo "$line" | wc -l)" = 1 ] || die "more than one tarball in $src $ver"
uri=$(echo "$line" | cut -d"'" -f2)
name=$(echo "$line" | cut -d' ' -f2)
hash=$(echo "$line" | cut -d' ' -f4)
case $hash in
SHA256:*) ;;
*) die "no SHA256 for $name in the index" ;;
esac

tarball=$cache/$name
if [ ! -f "$tarball" ] ||
   [ "$(sha256sum "$tarball" | cut -d' ' -f1)" != "${hash#SHA256:}" ]; then
	echo "debian-source: fetching $name ($src $ver)" >&2
	rm -f "$tarball.part"
	/usr/lib/apt/apt-helper "$@" download-file "$uri" "$tarball.part" \
		"$hash" >&2 || die "cannot fetch $name"
	mv "$tarball.part" "$tarball"
fi

rm -rf "$dest" "$dest.tmp"
mkdir -p "$dest.tmp"
tar -xf "$tarball" -C "$dest.tmp" --no-same-owner
top=$(ls -A "$dest.tmp")
if [ "$(echo "$top" | wc -l)" = 1 ] && [ -d "$dest.tmp/$top" ]; then
	mv "$dest.tmp/$top" "$dest"
	rmdir "$dest.tmp"
else
	mv "$dest.tmp" "$dest"
fi
echo "$stamp" >"$dest/.debian-source"
echo "debian-source: $src $ver in $dest" >&2
