#!/bin/bash
# initramfs/mkinitramfs.sh - packs baton's initramfs (gzip'd newc cpio) without root.
#
# Environment (as `make initramfs` passes it):
#   BATON     path of the built baton binary                       (required)
#   OUT       output file, e.g. build/initramfs.cpio.gz            (required)
#   O         build directory for the staging tree    (default: dirname OUT)
#   ARCH      x86_64 | aarch64                        (default: uname -m)
#   KMOD_DIR  an unpacked linux-image package holding lib/modules/VERSION;
#             empty: no modules (a kernel with the drivers built in)
#   KMOD_VERSION  which lib/modules/VERSION to take when KMOD_DIR has several
#   BUSYBOX   a static busybox                        (default: /bin/busybox)
#   EXTRA_MODULES  more module names to add, with their dependencies
#   EXTRA_BINS     more host programs to add as /usr/bin/NAME, with their libraries
#   SOURCE_DATE_EPOCH  timestamp given to every file  (default: 0)

# make runs this as `sh FILE`: go on under bash.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -eu -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
PROG=mkinitramfs

# Modules the initramfs carries when KMOD_DIR is given; missing ones are skipped.
BASE_MODULES="virtio_pci virtio_blk virtio_scsi virtio_console virtio_rng virtio_net
sd_mod sr_mod nvme ahci usb_storage uas xhci_pci ehci_pci
ext4 vfat nls_cp437 nls_iso8859-1 nls_utf8 nls_ascii xfs btrfs isofs"
TERMINFO_NEEDED="linux vt100 vt220 xterm xterm-256color"
TERMINFO_OPTIONAL="vt102 ansi dumb screen screen-256color tmux tmux-256color"

die() { echo "$PROG: error: $*" >&2; exit 1; }
note() { echo "$PROG: $*" >&2; }

check_env() {
	[ -n "${BATON:-}" ] || die "BATON is not set (path of the baton binary)"
	[ -n "${OUT:-}" ] || die "OUT is not set (output .cpio.gz)"
	[ -f "$BATON" ] || die "baton binary not found: $BATON (run make first)"
	[ -x "$BUSYBOX" ] || die "busybox not found: $BUSYBOX (apt-get install busybox-static)"
	if [ -n "$KMOD_DIR" ]; then
		[ -d "$KMOD_DIR/lib/modules" ] || die "KMOD_DIR has no lib/modules: $KMOD_DIR"
	fi
	command -v cpio >/dev/null || die "cpio not found (apt-get install cpio)"
}

# is_dynamic FILE: true when FILE is an ELF program with an interpreter.
is_dynamic() {
	local out
	if command -v readelf >/dev/null; then
		LC_ALL=C readelf -l "$1" 2>/dev/null | grep -q 'program interpreter'
		return
	fi
	out=$(LC_ALL=C ldd "$1" 2>&1) || return 1
	case $out in *"not a dynamic executable"*|*"statically linked"*) return 1 ;; esac
	return 0
}

# copy_file SRC DEST_IN_STAGE: copy following symlinks, creating parents.
copy_file() {
	mkdir -p "$STAGE/$(dirname "$2")"
	cp -L "$1" "$STAGE/$2"
}

# copy_libs PROGRAM: copy the shared libraries and ELF interpreter it needs.
copy_libs() {
	local prog=$1 line lib
	is_dynamic "$prog" || return 0
	LC_ALL=C ldd "$prog" >/dev/null 2>&1 ||
		die "$prog is dynamic but ldd cannot resolve it here (another architecture?): link it statically"
	LC_ALL=C ldd "$prog" | while read -r line; do
		case $line in
		*"=> not found"*) die "$prog needs a library that is not installed: $line" ;;
		*"=> /"*) lib=${line#*=> }; lib=${lib%% (*} ;;
		/*) lib=${line%% (*} ;;            # the ELF interpreter
		*) continue ;;                    # linux-vdso.so.1
		esac
		[ -e "$STAGE$lib" ] || copy_file "$lib" "$lib"
	done
}

stage_skeleton() {
	local d
	for d in bin sbin usr/bin usr/sbin etc proc sys dev run tmp root mnt var \
		lib usr/lib usr/share/terminfo; do
		mkdir -p "$STAGE/$d"
	done
	ln -s ../run "$STAGE/var/run"
	chmod 1777 "$STAGE/tmp"
	chmod 700 "$STAGE/root"
	printf 'root:x:0:0:root:/root:/bin/sh\n' >"$STAGE/etc/passwd"
	printf 'root:x:0:\ntty:x:5:\ndisk:x:6:\n' >"$STAGE/etc/group"
	printf '/bin/sh\n' >"$STAGE/etc/shells"
	printf 'export PS1="baton-rescue:\\w# "\n' >"$STAGE/etc/profile"
	install -m 0755 "$HERE/init" "$STAGE/init"
}

# applet_list: busybox's applets as relative paths (bin/ls ...).
applet_list() {
	if "$BUSYBOX" --list-full 2>/dev/null; then return 0; fi
	# A busybox for another architecture cannot run here: take the host's list.
	note "cannot run $BUSYBOX here; using /bin/busybox's applet list"
	/bin/busybox --list-full
}

stage_busybox() {
	local applet up
	is_dynamic "$BUSYBOX" && note "warning: $BUSYBOX is dynamic; prefer busybox-static"
	install -m 0755 "$BUSYBOX" "$STAGE/bin/busybox"
	copy_libs "$BUSYBOX"
	applet_list | while read -r applet; do
		[ -n "$applet" ] && [ ! -e "$STAGE/$applet" ] && [ ! -L "$STAGE/$applet" ] || continue
		up=${applet//[!\/]/}      # one "../" per directory level
		up=${up//\//../}
		ln -s "${up}bin/busybox" "$STAGE/$applet"
	done
}

stage_baton() {
	install -m 0755 "$BATON" "$STAGE/usr/sbin/baton"
	copy_libs "$BATON"
	# CA bundle for HTTPS boot sources, when the host has one.
	if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
		copy_file /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
	fi
}

stage_extra_bins() {
	local bin path
	for bin in ${EXTRA_BINS:-}; do
		path=$(command -v "$bin") || die "EXTRA_BINS: not found: $bin"
		install -m 0755 "$path" "$STAGE/usr/bin/$(basename "$path")"
		copy_libs "$path"
	done
}

# find_terminfo NAME: print the host's compiled entry for NAME, if any.
find_terminfo() {
	local dir first
	first=$(printf %.1s "$1")
	for dir in /etc/terminfo /lib/terminfo /usr/share/terminfo; do
		[ -f "$dir/$first/$1" ] && { echo "$dir/$first/$1"; return 0; }
	done
	return 1
}

stage_terminfo() {
	local name src
	for name in $TERMINFO_NEEDED $TERMINFO_OPTIONAL; do
		if src=$(find_terminfo "$name"); then
			copy_file "$src" "/usr/share/terminfo/$(printf %.1s "$name")/$name"
		else
			case " $TERMINFO_NEEDED " in
			*" $name "*) die "terminfo entry '$name' not found (apt-get install ncurses-base ncurses-term)" ;;
			esac
		fi
	done
}

# kmod_version: the one lib/modules/VERSION inside KMOD_DIR.
kmod_version() {
	local versions
	if [ -n "${KMOD_VERSION:-}" ]; then echo "$KMOD_VERSION"; return; fi
	versions=$(ls "$KMOD_DIR/lib/modules")
	[ "$(echo "$versions" | wc -l)" = 1 ] ||
		die "KMOD_DIR holds several kernels ($(echo $versions)); set KMOD_VERSION"
	echo "$versions"
}

# kmod_index VERSION: a module root with a modules.dep for VERSION. KMOD_DIR
# itself when it has one; else a private symlink tree indexed by depmod, so
# that KMOD_DIR is never written to.
kmod_index() {
	local v=$1 idx
	if [ -f "$KMOD_DIR/lib/modules/$v/modules.dep" ]; then echo "$KMOD_DIR"; return; fi
	idx="$STAGE.kmod"
	mkdir -p "$idx/lib/modules"
	cp -as "$(cd "$KMOD_DIR/lib/modules/$v" && pwd)" "$idx/lib/modules/$v"
	depmod -b "$idx" "$v" || die "depmod failed on $KMOD_DIR"
	echo "$idx"
}

# install_module SRC REL: copy a module into the stage, uncompressed.
install_module() {
	local src=$1 rel=$2 dest
	dest="$STAGE/lib/modules/$rel"
	mkdir -p "$(dirname "$dest")"
	case $src in
	*.ko.xz) xz -dc "$src" >"${dest%.xz}" ;;
	*.ko.zst) zstd -qdc "$src" >"${dest%.zst}" ;;
	*.ko.gz) gzip -dc "$src" >"${dest%.gz}" ;;
	*) cp -L "$src" "$dest" ;;
	esac
}

stage_modules() {
	local v root mod line path count=0 f
	v=$(kmod_version)
	root=$(kmod_index "$v")
	for mod in $BASE_MODULES ${EXTRA_MODULES:-}; do
		modprobe -d "$root" -S "$v" --show-depends "$mod" 2>/dev/null || true
	done | while read -r line; do
		case $line in insmod\ *) ;; *) continue ;; esac
		path=${line#insmod }; path=${path%% *}
		[ -e "$STAGE/lib/modules/${path#"$root"/lib/modules/}" ] && continue
		install_module "$path" "${path#"$root"/lib/modules/}"
	done
	for f in modules.order modules.builtin modules.builtin.modinfo; do
		[ -f "$root/lib/modules/$v/$f" ] && cp -L "$root/lib/modules/$v/$f" "$STAGE/lib/modules/$v/"
	done
	depmod -b "$STAGE" "$v" || die "depmod failed on the staged modules"
	count=$(find "$STAGE/lib/modules" -name '*.ko' | wc -l)
	note "modules: $count for kernel $v"
	rm -rf "$STAGE.kmod"
}

pack() {
	local epoch=${SOURCE_DATE_EPOCH:-0} tmp="$OUT.tmp.$$"
	find "$STAGE" -exec touch -h -d "@$epoch" {} +
	(cd "$STAGE" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --reproducible --quiet) | gzip -9 -n >"$tmp"
	mv "$tmp" "$OUT"
}

main() {
	BUSYBOX=${BUSYBOX:-/bin/busybox}
	KMOD_DIR=${KMOD_DIR:-}
	ARCH=${ARCH:-$(uname -m)}
	check_env
	O=${O:-$(dirname "$OUT")}
	mkdir -p "$O" "$(dirname "$OUT")"
	STAGE=$(mktemp -d "$O/initramfs-stage.XXXXXX")
	trap 'rm -rf "$STAGE" "$STAGE.kmod"' EXIT
	stage_skeleton
	stage_busybox
	stage_baton
	stage_extra_bins
	stage_terminfo
	if [ -n "$KMOD_DIR" ]; then stage_modules; fi
	pack
	echo "$PROG: $OUT: $(stat -c %s "$OUT") bytes ($(( ($(stat -c %s "$OUT") + 1023) / 1024 )) KiB, $ARCH)"
}

main "$@"
