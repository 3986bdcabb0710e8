#!/bin/sh
# scripts/kernel-build.sh: build one small x86_64 kernel from the cached
# Linux source (tinyconfig + a fragment in the repo) and print its bzImage.
#
#   sh scripts/kernel-build.sh NAME FRAGMENT     prints e.g.
#       /var/cache/baton/kernel-build/liveupdate-3f2a.../bzImage
#   sh scripts/kernel-build.sh --source          prints the unpacked tree
#       (for tests that check baton's copies of uapi definitions)
#
# The tarball comes from scripts/linux-source.sh and is unpacked once. The
# bzImage is cached under a key made of the fragment, the tarball's name
# and size, and this script, so a warm run only hashes and prints. Every
# CONFIG_ line of FRAGMENT must still be in .config after olddefconfig, or
# the build stops naming the options the kernel dropped.
#
# Environment: BATON_CACHE (default /var/cache/baton), JOBS (default 2).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cache=${BATON_CACHE:-/var/cache/baton}/kernel-build
jobs=${JOBS:-2}

die() { echo "kernel-build: $*" >&2; exit 1; }

# unpack: $src, the tarball unpacked once (shared by every NAME).
unpack() {
	tarball=$(sh "$here/linux-source.sh") || die "no Linux source"
	base=${tarball##*/}
	src=$cache/src-${base%.tar.xz}
	mkdir -p "$cache"
	exec 8>"$cache/.lock-src"
	flock 8
	if [ ! -f "$src/.unpacked" ]; then
		echo "kernel-build: unpacking $base" >&2
		rm -rf "$src.tmp"
		mkdir -p "$src.tmp"
		tar -xJf "$tarball" -C "$src.tmp" --strip-components=1
		touch "$src.tmp/.unpacked"
		rm -rf "$src"
		mv "$src.tmp" "$src"
	fi
	flock -u 8
}

if [ "${1:-}" = --source ] && [ $# -eq 1 ]; then
	unpack
	echo "$src"
	exit 0
fi
[ $# -eq 2 ] || { echo "usage: $0 NAME FRAGMENT | --source" >&2; exit 2; }
name=$1
fragment=$2

case $name in
''|*[!A-Za-z0-9_-]*) die "bad name '$name' (letters, digits, - and _)" ;;
esac
[ -f "$fragment" ] || die "no fragment $fragment"
tarball=$(sh "$here/linux-source.sh") || die "no Linux source"

key=$( { cat "$fragment"; echo "${tarball##*/} $(stat -c %s "$tarball")";
	cat "$0"; } | sha256sum | cut -c1-16)
out=$cache/$name-$key
if [ -f "$out/bzImage" ]; then
	echo "$out/bzImage"
	exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/.lock-$name"
flock 9		# one build per name at a time; a second waiter reuses it
if [ -f "$out/bzImage" ]; then
	echo "$out/bzImage"
	exit 0
fi

unpack
obj=$cache/obj-$name
mkdir -p "$obj"
echo "kernel-build: configuring $name (tinyconfig + ${fragment##*/})" >&2
# (kconfig warns of every fragment line that overrides tinyconfig: kept
# in config.log, shown only when configuring fails)
{ make -s -C "$src" O="$obj" ARCH=x86_64 tinyconfig &&
	grep '^CONFIG_' "$fragment" >> "$obj/.config" &&
	make -s -C "$src" O="$obj" ARCH=x86_64 olddefconfig; } \
	>"$obj/config.log" 2>&1 || { cat "$obj/config.log" >&2;
	die "configuring failed"; }
lost=
for opt in $(grep '^CONFIG_' "$fragment"); do
	grep -qx "$opt" "$obj/.config" || lost="$lost ${opt%%=*}"
done
[ -z "$lost" ] || die "olddefconfig dropped:$lost (check their dependencies)"

echo "kernel-build: building $name with $jobs jobs" >&2
make -s -C "$src" O="$obj" ARCH=x86_64 -j"$jobs" bzImage >&2 ||
	die "the kernel build failed"
mkdir -p "$out.tmp"
cp "$obj/arch/x86/boot/bzImage" "$obj/.config" "$out.tmp/"
rm -rf "$out"
mv "$out.tmp" "$out"
echo "$out/bzImage"
