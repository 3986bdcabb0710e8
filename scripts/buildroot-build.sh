#!/bin/bash
# scripts/buildroot-build.sh: build one of buildroot/configs/ with Buildroot,
# offline (Debian's archive only), into an output folder kept in the cache.
#
#   bash scripts/buildroot-build.sh [--key] [DEFCONFIG]
#                                  (default baton_qemu_x86_64_defconfig)
#
# Prints the output folder (its images/ holds rootfs.cpio.gz, and bzImage
# when the defconfig builds a kernel) on the last line of stdout; --key
# prints the output's key and folder and builds nothing. The output lives
# under $BATON_CACHE/buildroot/, named after the defconfig and a hash (its
# key) of what it is built from: the defconfig itself, the rest of the
# external tree (buildroot/) but the other defconfigs (see kernel_configs
# below) and, for a defconfig without a kernel, board/, the project's
# quirks for br-offline, the Buildroot release and the kernel tarball. A
# new defconfig thus leaves every other output's key alone. The baton
# package's own files (baton.mk, its start-up files) are left out of the
# hash: they build nothing but baton, which every run reconfigures,
# rebuilds (incrementally) and reinstalls from this tree.
#
# When that hash changes, a new output is built from scratch, and the two
# newest outputs of each defconfig are kept. (Earlier, an output whose
# kernel inputs had not changed was built again in place with the kernel's
# build folder kept. That saved nothing: Kbuild rebuilt the whole kernel,
# because fixdep and objtool are built against host tools that Buildroot
# had just built again. An output built that way keeps its first name,
# and its key is what it recorded in .baton-key: find_output finds it.)
#
# It follows the README's "For integrators" section, the offline way:
#   1. scripts/linux-source.sh gives the kernel tarball; it goes into
#      br-offline's download folder under the name and hash the external
#      tree's linux.hash expects, so Buildroot never downloads it;
#   2. ../shared/tools/buildroot-offline/br-offline (the toolchain and the
#      package sources from Debian) runs `make BR2_EXTERNAL=buildroot
#      DEFCONFIG` and the build in that output, with the project's own
#      quirks (scripts/br-offline/quirks.mk, or the quirks-INIT.mk of the
#      defconfig's init system, which includes it) as BR2_PACKAGE_OVERRIDE_FILE:
#      the defconfig it is given is the external's plus that one line.
#
# Environment: BATON_CACHE (default /var/cache/baton), BR_OFFLINE (the
# br-offline program), BUILDROOT (the Buildroot tree, default
# ../shared/buildroot), BR_OFFLINE_CACHE (default /var/cache/br-offline),
# BR_JOBS (default 2).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
print_key=
if [ "${1:-}" = --key ]; then
	print_key=1
	shift
fi
defconfig=${1:-baton_qemu_x86_64_defconfig}
cache=${BATON_CACHE:-/var/cache/baton}
shared=$(cd "$top/.." && pwd)/shared
br_offline=${BR_OFFLINE:-$shared/tools/buildroot-offline/br-offline}
buildroot=${BUILDROOT:-$shared/buildroot}
br_cache=${BR_OFFLINE_CACHE:-/var/cache/br-offline}
jobs=${BR_JOBS:-2}
external=$top/buildroot

die() { echo "buildroot-build: $*" >&2; exit 1; }
note() { echo "buildroot-build: $*" >&2; }

[ -f "$external/configs/$defconfig" ] || die "no $external/configs/$defconfig"
[ -x "$br_offline" ] || die "br-offline not found: $br_offline (set BR_OFFLINE)"
[ -f "$buildroot/Makefile" ] || die "no Buildroot tree at $buildroot (set BUILDROOT)"
[ -n "$print_key" ] || [ "$(id -u)" = 0 ] ||
	die "run as root (br-offline installs host packages)"

# kernel_tarball: the defconfig's custom kernel tarball, put into the download
# folder (a hard link, else a copy) so that Buildroot finds it there and checks
# it against board/qemu/patches/linux/linux.hash.
kernel_tarball() {
	local want tarball dl
	want=$(sed -n 's|^BR2_LINUX_KERNEL_CUSTOM_TARBALL_LOCATION=".*/\([^/]*\)"$|\1|p' \
		"$external/configs/$defconfig")
	[ -n "$want" ] || return 0
	tarball=$(sh "$top/scripts/linux-source.sh") || die "no kernel source"
	[ "$(basename "$tarball")" = "$want" ] ||
		die "$defconfig wants $want, scripts/linux-source.sh gives $tarball"
	dl=$br_cache/dl/linux
	mkdir -p "$dl"
	if ! cmp -s "$tarball" "$dl/$want"; then
		ln -f "$tarball" "$dl/$want" 2>/dev/null || cp "$tarball" "$dl/$want"
	fi
	echo "$want"
}

# Packages only baton builds with, header-only, linked by nothing else:
# selecting one in an existing output makes Buildroot build just it (a
# newly selected package is built incrementally), so neither its folder nor
# the lines that source and select it are part of the key.
baton_only='uthash'

# key_file FILE: FILE's line for the key (sha256sum's form), without the
# lines that name a baton-only package.
key_file() {
	local pat
	pat=$(echo "$baton_only" | tr ' ' '|' | tr '[:lower:]' '[:upper:]')
	case $1 in
	buildroot/Config.in|buildroot/package/baton/Config.in)
		printf '%s  %s\n' "$(grep -Eiv "package/($baton_only)/|PACKAGE_($pat)\$" \
			"$1" | sha256sum | cut -d' ' -f1)" "$1" ;;
	*)
		sha256sum "$1" ;;
	esac
}

# The defconfigs that build a kernel of their own were each in the other's
# key before an output's key named its own defconfig only; they stay so,
# which keeps those outputs' keys (and their half hour of kernel build)
# what they were. Any other defconfig is in its own key and no other.
kernel_configs='baton_qemu_aarch64_defconfig baton_qemu_x86_64_defconfig'

# builds_kernel: the defconfig builds a kernel (else its image boots with
# another output's kernel, and board/ and the kernel tarball are none of
# its inputs).
builds_kernel() {
	grep -qx 'BR2_LINUX_KERNEL=y' "$external/configs/$defconfig"
}

# board_files DEFCONFIG...: the files of board/ that the defconfigs name
# (their kernel's config and fragments), as paths from the top.
board_files() {
	# shellcheck disable=SC2016 # $(BR2_EXTERNAL_BATON_PATH) as written
	(cd "$external/configs" && cat "$@") |
		grep -o '$(BR2_EXTERNAL_BATON_PATH)/board/[^" ]*' |
		sed 's|^$(BR2_EXTERNAL_BATON_PATH)/|buildroot/|' | LC_ALL=C sort -u
}

# others_board_files CONFIGS: the board files that only defconfigs outside
# CONFIGS name (a kernel fragment of one image, as linux-systemd.fragment):
# in no key but theirs.
others_board_files() {
	local all
	all=$(cd "$external/configs" && ls)
	# shellcheck disable=SC2086 # defconfig names, no blanks
	LC_ALL=C comm -23 <(board_files $all) <(board_files $1)
}

# quirks_file: the override file for br-offline: quirks.mk, or the one of
# the defconfig's init system, which adds to it (the init systems' quirks
# and debian-binary.sh or debian-source.sh, which they use, are in no other
# output's key).
quirks_file() {
	local d=scripts/br-offline
	if grep -qx 'BR2_INIT_SYSV=y' "$external/configs/$defconfig"; then
		echo $d/quirks-sysvinit.mk
	elif grep -qx 'BR2_INIT_SYSTEMD=y' "$external/configs/$defconfig"; then
		echo $d/quirks-systemd.mk
	else
		echo $d/quirks.mk
	fi
}

# key_files: the files of the external tree and of the project's br-offline
# quirks that the output's build reads, besides the baton package's own.
key_files() {
	local configs c quirks
	configs=$defconfig
	quirks=$(quirks_file)
	case " $kernel_configs " in
	*" $defconfig "*)
		for c in $kernel_configs; do
			[ ! -f "$external/configs/$c" ] || configs="$configs $c"
		done ;;
	esac
	(cd "$top" && {
		find buildroot scripts/br-offline -type f |
			grep -v '^buildroot/package/baton/' |
			grep -Ev "^buildroot/package/($(echo "$baton_only" |
				tr ' ' '|'))/" |
			grep -v '^buildroot/configs/' |
			{ if builds_kernel; then cat; else grep -v '^buildroot/board/'; fi; } |
			grep -vxF -f <(others_board_files "$configs"; echo //) |
			grep -vx scripts/br-offline/post-build.sh |
			grep -Evx 'scripts/br-offline/(quirks-.*\.mk|debian-(binary|source)\.sh)'
		# package/baton/Config.in selects other packages: in the key;
		# post-build.sh acts on the finalized target only: not in it
		echo buildroot/package/baton/Config.in
		case $quirks in
		*/quirks-sysvinit.mk)
			echo "$quirks"
			echo scripts/br-offline/debian-binary.sh ;;
		*/quirks-systemd.mk)
			echo "$quirks"
			echo scripts/br-offline/debian-source.sh ;;
		esac
		for c in $configs; do
			echo "buildroot/configs/$c"
		done
	} | LC_ALL=C sort -u)
}

# tree_hash KERNEL: what the output depends on besides the baton package.
tree_hash() {
	{
		key_files | (cd "$top" && while read -r f; do key_file "$f"; done)
		cat "$buildroot/BUILDROOT-VERSION" 2>/dev/null || echo unknown
		echo "kernel $1"
	} | sha256sum | cut -c1-12
}

# recorded OUT FILE: what OUT recorded in FILE (.baton-key: the tree hash it
# was built from, its name's suffix for an output made before it was
# recorded), or nothing.
recorded() {
	if [ -f "$1/$2" ]; then
		cat "$1/$2"
	elif [ "$2" = .baton-key ]; then
		echo "${1##*-}"
	fi
}

# find_output NAME KEY: the complete output of NAME that recorded KEY (its
# name may carry another), or nothing.
find_output() {
	local d
	# shellcheck disable=SC2045 # the names are ours (NAME-hexhash)
	for d in $(ls -1dt "$cache/buildroot/$1"-*/ 2>/dev/null); do
		d=${d%/}
		if [ -f "$d/.baton-complete" ] &&
		   [ "$(recorded "$d" .baton-key)" = "$2" ]; then
			echo "$d"
			return
		fi
	done
}

# prune NAME KEEP: remove all but the KEEP newest outputs of NAME-*.
prune() {
	local d n=0
	# newest first; the names are ours (NAME-hexhash)
	# shellcheck disable=SC2045
	for d in $(ls -1dt "$cache/buildroot/$1"-*/ 2>/dev/null); do
		d=${d%/}
		n=$((n + 1))
		[ $n -gt "$2" ] || continue
		exec 7>"$d.lock"
		if flock -n 7; then
			note "removing the old output $d"
			rm -rf "$d"
			rm -f "$d.lock" "$d.defconfig"
		fi
		exec 7>&-
	done
}

main() {
	local name kernel key out found t0 rc
	name=${defconfig%_defconfig}
	kernel=$(kernel_tarball)
	key=$(tree_hash "$kernel")
	out=$cache/buildroot/$name-$key
	found=$(find_output "$name" "$key")
	[ -z "$found" ] || out=$found
	if [ -n "$print_key" ]; then
		echo "$key $out"
		return
	fi
	mkdir -p "$cache/buildroot"
	exec 9>"$out.lock"
	flock 9
	t0=$SECONDS
	if [ -f "$out/.baton-complete" ] &&
	   [ "$(recorded "$out" .baton-key)" = "$key" ]; then
		note "reusing $out (baton rebuilt from $top)"
	else
		# a folder of this name built for another key (an output built
		# in place before kept its first name): never built over
		if [ -f "$out/.baton-complete" ]; then
			note "removing $out, built for the key $(recorded "$out" .baton-key)"
			rm -rf "$out"
		fi
		note "building $out (a first build takes a while: see $out/br-offline-build.log)"
	fi
	# the external's defconfig, plus the project's quirks for br-offline and
	# its post-build repair of the shared tree's lost symlinks (this one
	# only acts when the target is finalized: not part of the key)
	{
		cat "$external/configs/$defconfig"
		echo "BR2_PACKAGE_OVERRIDE_FILE=\"$top/$(quirks_file)\""
		echo "BR2_ROOTFS_POST_BUILD_SCRIPT=\"$top/scripts/br-offline/post-build.sh\""
	} >"$out.defconfig"
	# baton-reconfigure: the baton package is not part of the key
	rc=0
	"$br_offline" --buildroot "$buildroot" --external "$external" \
		--defconfig "$out.defconfig" --output "$out" --cache "$br_cache" \
		--jobs "$jobs" -- baton-reconfigure all >&2 || rc=$?
	[ "$rc" = 0 ] || die "the Buildroot build failed (status $rc): $out/br-offline-build.log"
	echo "$key" >"$out/.baton-key"
	touch "$out/.baton-complete"
	note "done in $((SECONDS - t0)) s: $(echo "$out"/images/*)"
	flock -u 9
	exec 9>&-
	prune "$name" 2
	echo "$out"
}

main
