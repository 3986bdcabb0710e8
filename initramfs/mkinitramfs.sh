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
#   BUSYBOX   a static busybox      (default: /bin/busybox; for another ARCH,
#             Debian's busybox-static for it, downloaded into BATON_CACHE)
#   BATON_CACHE   downloads kept between runs (default: /var/cache/baton,
#             else ~/.cache/baton)
#   EXTRA_MODULES  more module names to add, with their dependencies
#   EXTRA_BINS     more host programs to add as /usr/bin/NAME, with their libraries
#   TRUST     a folder of certificates (*.pem, *.crt, *.cer, *.der) that
#             signatures must chain to, packed as /etc/baton/trust/
#   SSH_KEYS  root's SSH public keys (an authorized_keys file), packed as
#             /etc/baton/authorized_keys, with dropbear (SSH_AUTHORIZED_KEYS,
#             the older name, is the same)
#   SSH       1: dropbear even without SSH_KEYS (keys from the settings
#             store or baton.ssh_key= on the kernel command line)
#   SOURCE_DATE_EPOCH  timestamp given to every file  (default: 0)

# make runs this as `sh FILE`: go on under bash.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -eu -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
PROG=mkinitramfs

# Modules the initramfs carries when KMOD_DIR is given; missing ones are skipped.
BASE_MODULES="virtio_pci virtio_mmio virtio_blk virtio_scsi virtio_console virtio_rng virtio_net
sd_mod sr_mod nvme ahci usb_storage uas xhci_pci ehci_pci
ext4 vfat nls_cp437 nls_iso8859-1 nls_utf8 nls_ascii xfs btrfs isofs udf loop
ipmi_msghandler ipmi_si ipmi_ssif ipmi_devintf"
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

# copy_libs PROGRAM [lib]: copy the shared libraries and ELF interpreter it
# needs ("lib": PROGRAM is itself a shared library, with no interpreter).
copy_libs() {
	local prog=$1 line lib
	is_dynamic "$prog" || [ "${2:-}" = lib ] || return 0
	if cross; then copy_libs_cross "$prog" "${2:-}"; return; fi
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

# ---- cross builds (ARCH is not this machine's) ---------------------------

HOST_ARCH=$(uname -m)
cross() { [ "$ARCH" != "$HOST_ARCH" ]; }

# deb_arch: Debian's name for ARCH.
deb_arch() {
	case $ARCH in
	x86_64) echo amd64 ;;
	aarch64) echo arm64 ;;
	*) die "unknown ARCH $ARCH (x86_64 or aarch64)" ;;
	esac
}

# elf_machine FILE: readelf's name of FILE's machine ("AArch64").
elf_machine() {
	LC_ALL=C readelf -h "$1" 2>/dev/null | sed -n 's/^ *Machine: *//p'
}

# cross_libdirs: where ARCH's shared libraries live on this machine
# (Debian multiarch: libc6:arm64 and friends; or the cross libc6-arm64-cross).
cross_libdirs() {
	echo "/lib/$ARCH-linux-gnu /usr/lib/$ARCH-linux-gnu /usr/$ARCH-linux-gnu/lib"
}

# cross_find_lib NAME MACHINE: the path of library NAME for MACHINE.
cross_find_lib() {
	local dir
	for dir in $(cross_libdirs); do
		[ -f "$dir/$1" ] && [ "$(elf_machine "$dir/$1")" = "$2" ] &&
			{ echo "$dir/$1"; return 0; }
	done
	return 1
}

# copy_libs_cross PROGRAM [lib]: what ldd does, for a program this machine
# cannot run: its ELF interpreter, then every DT_NEEDED library,
# recursively, found in the ARCH library folders and staged at the same
# path ("lib": PROGRAM is a shared library; no interpreter of its own).
copy_libs_cross() {
	local machine interp lib name path queue=("$1") i=0
	local -A seen=()
	machine=$(elf_machine "$1")
	interp=$(LC_ALL=C readelf -l "$1" | sed -n 's/.*Requesting program interpreter: \(.*\)]$/\1/p')
	[ -n "$interp" ] || [ "${2:-}" = lib ] || die "$1: no ELF interpreter found"
	if [ -n "$interp" ] && [ ! -e "$STAGE$interp" ]; then
		path=$interp
		[ -f "$path" ] && [ "$(elf_machine "$path")" = "$machine" ] ||
			path=$(cross_find_lib "${interp##*/}" "$machine") ||
			die "$1 needs the $machine loader $interp: install libc6:$(deb_arch)"
		copy_file "$path" "$interp"
	fi
	[ -z "$interp" ] ||
		seen[${interp##*/}]=1    # libc names the loader too: it is there already
	while [ $i -lt ${#queue[@]} ]; do
		for name in $(LC_ALL=C readelf -d "${queue[$i]}" |
			sed -n 's/.*(NEEDED).*Shared library: \[\(.*\)\]$/\1/p'); do
			[ -z "${seen[$name]:-}" ] || continue
			seen[$name]=1
			lib=$(cross_find_lib "$name" "$machine") ||
				die "$1 needs $name for $machine, not found in $(cross_libdirs) (scripts/install-deps.sh arm64)"
			[ -e "$STAGE$lib" ] || copy_file "$lib" "$lib"
			queue+=("$lib")
		done
		i=$((i + 1))
	done
}

# cache_dir: a writable folder for downloads kept between runs.
cache_dir() {
	local dir=${BATON_CACHE:-/var/cache/baton}
	if mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ]; then echo "$dir"; return; fi
	dir=${XDG_CACHE_HOME:-$HOME/.cache}/baton
	mkdir -p "$dir" || die "no writable cache folder (set BATON_CACHE)"
	echo "$dir"
}

# cross_busybox: Debian's busybox-static for ARCH, downloaded with apt-get
# and unpacked into the cache once. Needs ARCH in dpkg's architectures and
# apt's lists (scripts/install-deps.sh arm64 does both).
cross_busybox() {
	local arch dir deb bin
	arch=$(deb_arch)
	dir="$(cache_dir)/busybox-static-$arch"
	bin="$dir/bin/busybox"
	if [ ! -x "$bin" ]; then
		mkdir -p "$dir.debs"
		(
			flock 8
			[ -x "$bin" ] && exit 0
			note "downloading busybox-static:$arch into $dir.debs"
			rm -f "$dir.debs"/busybox-static_*.deb
			(cd "$dir.debs" && apt-get download -q -o APT::Sandbox::User=root \
				"busybox-static:$arch" >&2) ||
				die "apt-get download busybox-static:$arch failed (dpkg --add-architecture $arch; apt-get update)"
			deb=$(ls "$dir.debs"/busybox-static_*.deb | head -n 1)
			rm -rf "$dir.tmp"
			dpkg-deb -x "$deb" "$dir.tmp" || die "dpkg-deb -x $deb failed"
			rm -rf "$dir"
			mv "$dir.tmp" "$dir"
		) 8>"$dir.lock" || exit 1
	fi
	[ "$(elf_machine "$bin")" = "$(elf_machine_of_arch)" ] ||
		die "$bin is not a busybox for $ARCH"
	echo "$bin"
}

# elf_machine_of_arch: readelf's machine name for ARCH.
elf_machine_of_arch() {
	case $ARCH in
	x86_64) echo "Advanced Micro Devices X86-64" ;;
	aarch64) echo AArch64 ;;
	esac
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
	# qemu-user runs it when installed (Debian's qemu-user).
	if command -v "qemu-$ARCH" >/dev/null &&
		"qemu-$ARCH" "$BUSYBOX" --list-full 2>/dev/null; then return 0; fi
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
	[ -z "${EXTRA_BINS:-}" ] || ! cross ||
		die "EXTRA_BINS adds this machine's programs: not possible in an $ARCH initramfs"
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

# --- discover (issue 3): LVM and MD RAID, when the host has the tools -------
# `baton daemon` runs `lvm vgchange -ay` / `mdadm --assemble --scan` when it
# finds their members; both are optional. NO_ASSEMBLY=1 leaves them out,
# and so does a cross build (the host's tools would not run there), and so
# does a baton built without them (CONFIG_DISCOVER_LVM, _MDRAID unset in
# the .config next to BATON, when there is one). Only the mdadm binary
# goes in: not the host's mdadm.conf, whose ARRAY lines name the host's
# arrays, and not mdmon, which would write external (IMSM, DDF) metadata.

# baton_has SYMBOL: false when BATON's build config leaves CONFIG_SYMBOL out.
baton_has() {
	local config
	config="$(dirname "$BATON")/.config"
	[ -f "$config" ] || return 0
	grep -q "^CONFIG_$1=y" "$config"
}

stage_assembly_tools() {
	local bin path
	[ -z "${NO_ASSEMBLY:-}" ] || return 0
	! cross || return 0
	for bin in lvm mdadm; do
		case $bin in
		lvm) baton_has DISCOVER_LVM || continue ;;
		mdadm) baton_has DISCOVER_MDRAID || continue ;;
		esac
		path=$(PATH=/usr/sbin:/sbin:$PATH command -v "$bin" 2>/dev/null) || continue
		install -m 0755 "$path" "$STAGE/usr/sbin/$bin"
		copy_libs "$path"
		case $bin in
		lvm) EXTRA_MODULES="${EXTRA_MODULES:-} dm_mod" ;;
		mdadm) EXTRA_MODULES="${EXTRA_MODULES:-} md_mod raid0 raid1 raid10 raid456" ;;
		esac
		note "$bin: added"
	done
}
# --- end of the discover block ----------------------------------------------

# --- menu over SSH and settings (issue 4): dropbear when keys are given -----
# SSH_KEYS=FILE (root's public keys; SSH_AUTHORIZED_KEYS, the older name) adds
# dropbear (dropbear-bin) and the keys, SSH=1 dropbear alone; init starts it
# when the kernel command line has baton.ssh, with these keys, the settings
# store's (ssh_keys) and baton.ssh_key='s (issue 12).
# Host keys are made at first use (dropbear -R), never put in the image.
stage_ssh() {
	local db keys=${SSH_KEYS:-${SSH_AUTHORIZED_KEYS:-}}
	[ -n "$keys" ] || [ "${SSH:-}" = 1 ] || return 0
	[ -z "$keys" ] || [ -f "$keys" ] || die "SSH_KEYS: no such file: $keys"
	db=$(PATH=/usr/sbin:/sbin:$PATH command -v dropbear 2>/dev/null) ||
		die "SSH_KEYS or SSH=1 given, but no dropbear (apt-get install dropbear-bin)"
	install -m 0755 "$db" "$STAGE/usr/sbin/dropbear"
	copy_libs "$db"
	install -d -m 0700 "$STAGE/root/.ssh" "$STAGE/etc/dropbear"
	install -d -m 0755 "$STAGE/etc/baton"
	if [ -n "$keys" ]; then
		install -m 0600 "$keys" "$STAGE/etc/baton/authorized_keys"
		note "dropbear: added, with $(grep -c '^[^#]' "$keys") key(s)"
	else
		note "dropbear: added, with no key in the image"
	fi
}
# Settings in EFI variables (board/) need efivarfs, a module in Debian's kernels.
stage_settings_modules() {
	EXTRA_MODULES="${EXTRA_MODULES:-} efivarfs"
}
# --- end of the SSH block ----------------------------------------------------

# Signed boot (issue 14): the certificates baton trusts, checked here so a
# typo fails the build rather than the boot.
stage_trust() {
	local f n=0 form
	[ -n "${TRUST:-}" ] || return 0
	[ -d "$TRUST" ] || die "TRUST is not a folder: $TRUST"
	install -d -m 0755 "$STAGE/etc/baton/trust"
	for f in "$TRUST"/*.pem "$TRUST"/*.crt "$TRUST"/*.cer "$TRUST"/*.der; do
		[ -f "$f" ] || continue
		form=PEM
		case $f in *.der) form=DER ;; esac
		if command -v openssl >/dev/null &&
			! openssl x509 -noout -inform "$form" -in "$f" 2>/dev/null &&
			! openssl x509 -noout -inform DER -in "$f" 2>/dev/null; then
			die "TRUST: not a certificate: $f"
		fi
		install -m 0644 "$f" "$STAGE/etc/baton/trust/${f##*/}"
		n=$((n + 1))
	done
	[ "$n" -gt 0 ] || die "TRUST: no *.pem, *.crt, *.cer or *.der file in $TRUST"
	note "trust: $n certificate file(s) in /etc/baton/trust"
}
# stage_dlopened SONAME PACKAGE: a library a dynamic baton loads when it
# first needs it (dlopen), which ldd of baton does not name, with what it
# needs; PACKAGE is the Debian package to install when it is missing.
stage_dlopened() {
	local lib
	is_dynamic "$BATON" || return 0
	lib=$(cross_find_lib "$1" "$(elf_machine_of_arch)") ||
		die "no $1 for $ARCH (apt-get install $2, :arm64 for arm64)"
	[ -e "$STAGE$lib" ] || copy_file "$lib" "$lib"
	copy_libs "$lib" lib
}
# A dynamic baton loads libcrypto when it first checks a signature or
# predicts a refusal (loader/crypto-api.c), not at start: it goes in with
# what it needs, as ldd of baton no longer names it.
stage_crypto() {
	baton_has LOADER_VERIFY || return 0
	stage_dlopened libcrypto.so.3 libssl-dev
}
# --- network boot (issue 11): NIC drivers and the DHCP hook -----------------
# A baton built with CONFIG_NET gets the NIC drivers a distribution kernel
# keeps as modules (those KMOD_DIR has, with their dependencies; coldplug
# loads the ones the machine needs), and the hook busybox udhcpc and
# dhcpcd run (discover/dhcp.h). dhcpcd (dhcpcd-base), the DHCPv6 client,
# goes in as /usr/sbin/dhcpcd with its libraries, without its hooks or
# config (baton gives it its own), with the folder it keeps its DUID in;
# a cross build leaves it out, saying so. The CA bundle for HTTPS is
# staged with baton. A dynamic baton loads libcurl at its first fetch
# (discover/curl-api.c): libcurl and what it needs go in too.
NET_MODULES="virtio_net e1000 e1000e igb ixgbe r8169 bnxt_en mlx5_core"
stage_dhcpcd() {
	local path
	if cross; then
		note "dhcpcd: not added to an $ARCH initramfs (no DHCPv6)"
		return 0
	fi
	path=$(PATH=/usr/sbin:/sbin:$PATH command -v dhcpcd 2>/dev/null) || {
		note "warning: no dhcpcd here (apt-get install dhcpcd-base): no DHCPv6"
		return 0
	}
	install -D -m 0755 "$path" "$STAGE/usr/sbin/dhcpcd"
	copy_libs "$path"
	install -d -m 0755 "$STAGE/var/lib/dhcpcd"
	note "dhcpcd: added"
}
stage_net() {
	baton_has NET || return 0
	install -D -m 0755 "$HERE/dhcp-hook" "$STAGE/usr/share/baton/dhcp-hook"
	stage_dhcpcd
	EXTRA_MODULES="${EXTRA_MODULES:-} $NET_MODULES"
	stage_dlopened libcurl.so.4 libcurl4-openssl-dev
}
# --- end of the network boot block -------------------------------------------

pack() {
	local epoch=${SOURCE_DATE_EPOCH:-0} tmp="$OUT.tmp.$$"
	find "$STAGE" -exec touch -h -d "@$epoch" {} +
	(cd "$STAGE" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --reproducible --quiet) | gzip -9 -n >"$tmp"
	mv "$tmp" "$OUT"
}

main() {
	KMOD_DIR=${KMOD_DIR:-}
	ARCH=${ARCH:-$(uname -m)}
	if [ -z "${BUSYBOX:-}" ]; then
		if cross; then BUSYBOX=$(cross_busybox); else BUSYBOX=/bin/busybox; fi
	fi
	check_env
	O=${O:-$(dirname "$OUT")}
	mkdir -p "$O" "$(dirname "$OUT")"
	STAGE=$(mktemp -d "$O/initramfs-stage.XXXXXX")
	trap 'rm -rf "$STAGE" "$STAGE.kmod"' EXIT
	stage_skeleton
	stage_busybox
	stage_baton
	stage_extra_bins
	stage_assembly_tools
	stage_ssh	# issue 4: dropbear with SSH_AUTHORIZED_KEYS
	stage_settings_modules	# issue 4: efivarfs for the settings
	stage_trust	# issue 14: certificates for signed boot
	stage_crypto	# issue 16: libcrypto, loaded at the first check
	stage_net	# issue 11: NIC drivers, the DHCP hook
	stage_terminfo
	if [ -n "$KMOD_DIR" ]; then stage_modules; fi
	pack
	echo "$PROG: $OUT: $(stat -c %s "$OUT") bytes ($(( ($(stat -c %s "$OUT") + 1023) / 1024 )) KiB, $ARCH)"
}

main "$@"
