#!/bin/sh
# scripts/buildroot-linux-config.sh: make the Buildroot image's kernel
# config, buildroot/board/qemu/ARCH/linux.config, from allnoconfig plus the
# board's fragment and baton's, and check that every option survives.
#
#   sh scripts/buildroot-linux-config.sh ARCH [--check | --with FRAGMENT]
#
# ARCH is x86_64 or aarch64. The kernel source is the tarball that
# scripts/linux-source.sh prints (or LINUX_SRC, an unpacked tree). The
# result is a minimal defconfig (savedefconfig): Buildroot runs olddefconfig
# on it and merges buildroot/board/qemu/linux-baton.fragment again, which
# then changes nothing. --check writes nothing and fails when the committed
# linux.config differs from what the fragments give. --with FRAGMENT
# writes nothing either: it checks that FRAGMENT's options (an image's own
# kernel, as linux-systemd.fragment) survive too, merged after the others.
#
# Environment: LINUX_SRC (an unpacked kernel tree; default: the tarball,
# unpacked once beside it in the cache), BATON_CACHE (default
# /var/cache/baton).
set -eu

die() { echo "buildroot-linux-config: $*" >&2; exit 1; }

[ $# -ge 1 ] || die "usage: $0 x86_64|aarch64 [--check | --with FRAGMENT]"
arch=$1
check=${2:-}
extra=
if [ "$check" = --with ]; then
	if [ $# -ne 3 ] || [ ! -f "$3" ]; then
		die "--with wants a fragment file"
	fi
	extra=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
fi
case $arch in
x86_64) karch=x86_64 cross= ;;
aarch64) karch=arm64 cross=aarch64-linux-gnu- ;;
*) die "unknown ARCH $arch (x86_64 or aarch64)" ;;
esac
top=$(cd "$(dirname "$0")/.." && pwd)
board=$top/buildroot/board/qemu
fragments="$board/$arch/linux.fragment $board/linux-baton.fragment $extra"
# not under the project's build folder: its Makefile reads every *.d there
work=$(mktemp -d "${TMPDIR:-/tmp}/buildroot-linux-config.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The kernel source: LINUX_SRC, or the cached tarball unpacked once beside
# it (only read from then on).
src=${LINUX_SRC:-}
if [ -z "$src" ]; then
	tarball=$(sh "$top/scripts/linux-source.sh") || die "no kernel source"
	src=${tarball%.tar.xz}.tree
	exec 8>"$src.lock"
	flock 8
	if [ ! -f "$src/Makefile" ]; then
		rm -rf "$src.tmp"
		mkdir -p "$src.tmp"
		tar -xJf "$tarball" -C "$src.tmp" --strip-components=1
		mv "$src.tmp" "$src"
	fi
	flock -u 8
fi
[ -f "$src/Makefile" ] || die "no kernel tree at $src"

kmake() {
	make -s -C "$src" O="$work/$arch" ARCH="$karch" \
		CROSS_COMPILE="$cross" "$@"
}

mkdir -p "$work/$arch"
kmake allnoconfig >/dev/null
# shellcheck disable=SC2086 # the list of fragments
KCONFIG_CONFIG="$work/$arch/.config" "$src/scripts/kconfig/merge_config.sh" \
	-m -O "$work/$arch" "$work/$arch/.config" $fragments >/dev/null
kmake olddefconfig >/dev/null

# Every option a fragment sets must be in the final config as set.
lost=0
for f in $fragments; do
	grep -E '^(CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set)' "$f" |
		while read -r line; do
			case $line in
			"# "*) opt=${line#"# "}; opt=${opt%% *}
				grep -q "^$opt=" "$work/$arch/.config" &&
					echo "lost: $line (${f#"$top"/})" ;;
			*) grep -qxF "$line" "$work/$arch/.config" ||
					echo "lost: $line (${f#"$top"/})" ;;
			esac
		done
done >"$work/$arch.lost"
if [ -s "$work/$arch.lost" ]; then
	cat "$work/$arch.lost" >&2
	lost=1
fi
[ $lost = 0 ] || die "options above do not survive olddefconfig"
if [ -n "$extra" ]; then
	echo "buildroot-linux-config: ${extra#"$top"/} survives over $arch's fragments"
	exit 0
fi

kmake savedefconfig >/dev/null
out=$board/$arch/linux.config
if [ "$check" = --check ]; then
	cmp -s "$work/$arch/defconfig" "$out" ||
		die "$out is not what the fragments give: run $0 $arch"
	echo "buildroot-linux-config: $out matches the fragments"
else
	cp "$work/$arch/defconfig" "$out"
	echo "buildroot-linux-config: wrote $out ($(wc -l <"$out") lines)"
fi
