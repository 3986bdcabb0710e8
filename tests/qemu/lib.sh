# tests/qemu/lib.sh - shared helpers for baton's QEMU end-to-end tests (sourced, bash).
#
# What it gives a test (with lib-tmux.sh and lib-disk.sh, sourced from here):
#   kernel_fetch ARCH [generic]  Debian kernel package, downloaded, cached,
#                              unpacked (generic: linux-image-amd64, which has
#                              the IPMI drivers the cloud kernel lacks)
#   qemu_prepare [generic]     kernel + target initrd + baton initramfs, built once
#                              per work dir (and kernel) and shared by every test
#   qemu_run                   a batch boot under a timeout, serial to a log
#   t_begin/t_ok/t_fail/t_check, disks_sum
#   initrd_pack, report_initrd_build (a later initrd whose /init reports
#                what the target kernel got), target_value
#   lib-tmux.sh: qemu_tmux_start, key_*, tmux_screen, menu_choose, wait_for,
#                wait_for_screen, target_cmdline
#   lib-disk.sh: fs_ext4/fs_vfat/fs_xfs/fs_btrfs, disk_create, payload, bls_entry
#
# Environment: O (build dir, default build), BATON (default $O/baton),
# BATON_QEMU_WORK (default $O/qemu), BATON_CACHE (default /var/cache/baton),
# BATON_QEMU_ACCEL (kvm|tcg, default: probed), BATON_INITRAMFS (use this
# initramfs instead of building one; it must carry the test kernel's modules),
# BATON_ARCH (default x86_64), QEMU_KERNEL (the kernel QEMU boots, default
# the Debian KERNEL_IMAGE that the disks carry as the kexec target).

BQ_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BQ_ARCH=${BATON_ARCH:-x86_64}

. "$BQ_REPO/tests/qemu/lib-tmux.sh"
. "$BQ_REPO/tests/qemu/lib-disk.sh"

bq_die() { echo "qemu-test: error: $*" >&2; exit 1; }
bq_note() { echo "qemu-test: $*" >&2; }

# bq_abspath PATH: PATH made absolute against the current directory.
bq_abspath() {
	case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac
}

bq_init() {
	BQ_O=$(bq_abspath "${O:-build}")
	BQ_WORK=$(bq_abspath "${BATON_QEMU_WORK:-$BQ_O/qemu}")
	BQ_BATON=$(bq_abspath "${BATON:-$BQ_O/baton}")
	mkdir -p "$BQ_WORK" || bq_die "cannot create work dir $BQ_WORK"
}

# ---------------------------------------------------------------- kernel

bq_cache_dir() {
	local dir=${BATON_CACHE:-/var/cache/baton}
	if mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ]; then echo "$dir"; return; fi
	dir=${XDG_CACHE_HOME:-$HOME/.cache}/baton
	mkdir -p "$dir" || bq_die "no writable cache dir (set BATON_CACHE)"
	echo "$dir"
}

# kernel_meta_pkg ARCH [generic]: the Debian metapackage that names the newest
# kernel (arm64 on an amd64 host needs `dpkg --add-architecture arm64; apt-get
# update`). x86_64 takes the cloud kernel (small, fast to boot) unless generic
# is asked for (the drivers of real hardware: IPMI, AHCI...).
kernel_meta_pkg() {
	case $1${2:+-$2} in
	x86_64) echo linux-image-cloud-amd64 ;;
	x86_64-generic) echo linux-image-amd64 ;;
	aarch64) echo linux-image-arm64:arm64 ;;
	*) bq_die "no kernel package known for arch $1" ;;
	esac
}

# kernel_depends META: the linux-image-VERSION package META depends on.
kernel_depends() {
	LC_ALL=C apt-cache depends "$1" 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { sub(/:.*/, "", $2); print $2; exit }'
}

# kernel_resolve_pkg ARCH [generic]: the real kernel package; refreshes apt's
# lists once when they do not know it yet.
kernel_resolve_pkg() {
	local meta pkg
	meta=$(kernel_meta_pkg "$1" "${2:-}")
	pkg=$(kernel_depends "$meta")
	if [ -z "$pkg" ] && [ "$(id -u)" = 0 ]; then
		bq_note "apt does not know $meta yet: apt-get update"
		apt-get update -qq >&2 || true
		pkg=$(kernel_depends "$meta")
	fi
	[ -n "$pkg" ] || return 1
	case $1 in aarch64) echo "$pkg:arm64" ;; *) echo "$pkg" ;; esac
}

# kernel_download PKG DEBDIR: the .deb of PKG in DEBDIR, downloaded if missing.
kernel_download() {
	local pkg=${1%%:*} debdir=$2 deb
	deb=$(ls "$debdir/${pkg}"_*.deb 2>/dev/null | sort -V | tail -n 1)
	if [ -z "$deb" ]; then
		bq_note "downloading $1 into $debdir"
		(cd "$debdir" && apt-get download -q -o APT::Sandbox::User=root "$1" >&2) ||
			bq_die "apt-get download $1 failed"
		deb=$(ls "$debdir/${pkg}"_*.deb | sort -V | tail -n 1)
	fi
	echo "$deb"
}

# kernel_unpack DEB DIR: DEB unpacked into DIR (once), with its modules indexed.
kernel_unpack() {
	local deb=$1 dir=$2 tmp v
	[ -f "$dir/.unpacked" ] && return 0
	tmp="$dir.tmp.$$"
	rm -rf "$tmp"
	mkdir -p "$tmp"
	dpkg-deb -x "$deb" "$tmp" || bq_die "dpkg-deb -x $deb failed"
	for v in "$tmp"/lib/modules/*; do
		depmod -b "$tmp" "${v##*/}" || bq_die "depmod failed for ${v##*/}"
	done
	touch "$tmp/.unpacked"
	rm -rf "$dir"
	mv "$tmp" "$dir"
}

# kernel_fetch ARCH [generic]: sets KERNEL_DIR (an unpacked linux-image
# package, fit for KMOD_DIR), KERNEL_VERSION and KERNEL_IMAGE. Offline, an
# earlier unpacked kernel in the cache is used.
kernel_fetch() {
	local arch=$1 flavour=${2:-} cache pkg deb
	cache=$(bq_cache_dir)
	mkdir -p "$cache/debs" "$cache/kernels"
	exec 8>"$cache/.lock"
	flock 8    # one download and unpack at a time, across test runs
	if pkg=$(kernel_resolve_pkg "$arch" "$flavour"); then
		KERNEL_DIR="$cache/kernels/${pkg%%:*}"
		if [ ! -f "$KERNEL_DIR/.unpacked" ]; then
			deb=$(kernel_download "$pkg" "$cache/debs")
			kernel_unpack "$deb" "$KERNEL_DIR"
		fi
	else
		KERNEL_DIR=$(ls -d "$cache"/kernels/linux-image-[0-9]*"$(kernel_flavour "$arch" "$flavour")" 2>/dev/null |
			{ if [ -n "$flavour" ]; then grep -v -- -cloud-; else cat; fi; } |
			sort -V | tail -n 1)
		[ -n "$KERNEL_DIR" ] || bq_die "cannot resolve $(kernel_meta_pkg "$arch" "$flavour") (no apt lists?) and no cached kernel in $cache"
		bq_note "offline: using cached $KERNEL_DIR"
	fi
	exec 8>&-
	KERNEL_VERSION=$(ls "$KERNEL_DIR/lib/modules" | head -n 1)
	KERNEL_IMAGE="$KERNEL_DIR/boot/vmlinuz-$KERNEL_VERSION"
	[ -f "$KERNEL_IMAGE" ] || bq_die "no kernel image in $KERNEL_DIR"
}

kernel_flavour() {
	case $1${2:+-$2} in
	x86_64) echo -cloud-amd64 ;;
	x86_64-generic) echo -amd64 ;;
	aarch64) echo -arm64 ;;
	esac
}

# ---------------------------------------------------------------- qemu

qemu_system() {
	case $BQ_ARCH in
	x86_64) echo qemu-system-x86_64 ;;
	aarch64) echo qemu-system-aarch64 ;;
	esac
}

serial_console() {
	case $BQ_ARCH in x86_64) echo ttyS0 ;; aarch64) echo ttyAMA0 ;; esac
}

qemu_machine_args() {
	case $BQ_ARCH in
	x86_64) ;;
	aarch64) echo "-M virt" ;;
	esac
}

qemu_accel_args() {
	case $1 in
	kvm) echo "-accel kvm -cpu host" ;;
	*) case $BQ_ARCH in aarch64) echo "-accel tcg -cpu max" ;; *) echo "-accel tcg" ;; esac ;;
	esac
}

# qemu_probe_kvm: true when KVM really boots our kernel (a KVM that cannot run
# stock kernels hangs: that is why the probe boots the target initrd).
qemu_probe_kvm() {
	local log="$BQ_WORK/kvm-probe.log"
	[ -r /dev/kvm ] && [ -w /dev/kvm ] || return 1
	# (A subshell, so that bash's "Aborted" notice about QEMU goes nowhere.)
	(timeout -k 2 15 "$(qemu_system)" $(qemu_machine_args) $(qemu_accel_args kvm) \
		-m 256 -nographic -no-reboot -kernel "$KERNEL_IMAGE" -initrd "$TARGET_INITRD" \
		-append "console=$(serial_console) panic=-1" </dev/null >"$log" 2>&1 || true) 2>/dev/null
	grep -aq BATON-TARGET-OK "$log"
}

# qemu_accel: kvm or tcg; BATON_QEMU_ACCEL wins, else probed once per work dir.
qemu_accel() {
	if [ -n "${BATON_QEMU_ACCEL:-}" ]; then echo "$BATON_QEMU_ACCEL"; return; fi
	if [ ! -s "$BQ_WORK/accel" ]; then
		if qemu_probe_kvm; then echo kvm; else echo tcg; fi >"$BQ_WORK/accel"
	fi
	cat "$BQ_WORK/accel"
}

# The guest has no network unless a test sets QEMU_NET (e.g. to a -netdev
# on a network of its own): nothing a guest does may reach outside.
QEMU_NET=${QEMU_NET:-"-nic none"}

# A test adds devices of its own through QEMU_DEVICES (words, e.g. a BMC and
# a CD-ROM drive).
QEMU_DEVICES=${QEMU_DEVICES:-}

# qemu_args APPEND DISK...: sets the array QEMU_ARGS (without the serial ports).
qemu_args() {
	local append=$1 disk
	shift
	QEMU_ARGS=("$(qemu_system)" $(qemu_machine_args) $(qemu_accel_args "$QEMU_ACCEL")
		-m 1024 -smp 1 -no-reboot $QEMU_NET $QEMU_DEVICES
		-kernel "${QEMU_KERNEL:-$KERNEL_IMAGE}" -initrd "$BATON_INITRAMFS"
		-append "console=$(serial_console) $append")
	for disk in "$@"; do
		QEMU_ARGS+=(-drive "file=$disk,if=virtio,format=raw")
	done
}

# The second serial port carries baton's log (init's baton.logtty), so that
# tests read the daemon's lines without the kernel printing them over the menu.
log_port_args() {   # log_port_args LOG
	echo "-serial file:$1.baton"
}
log_port_append() { echo "baton.logtty=ttyS1"; }

# baton_log LOG: the file holding baton's log lines for a run logged to LOG.
baton_log() { echo "$1.baton"; }

# baton_logged RE LOG: baton logged a line matching RE, as its log port
# (LOG.baton: the daemon's --log-tty, sent out in full before a kexec) or
# the console LOG (with loglevel=7) shows it.
baton_logged() {
	wait_for "$1" "$(baton_log "$2")" 0 || wait_for "$1" "$2" 0
}

# qemu_run LOG TIMEOUT APPEND DISK...: boot, serial console to LOG and baton's
# log to LOG.baton, until the guest powers off or TIMEOUT seconds pass.
# Returns QEMU's (or timeout's) status.
qemu_run() {
	local log=$1 secs=$2 append=$3
	shift 3
	qemu_args "$append $(log_port_append)" "$@"
	rm -f "$log.baton"
	timeout -k 5 "$secs" "${QEMU_ARGS[@]}" -nographic -serial mon:stdio $(log_port_args "$log") \
		</dev/null >"$log" 2>&1
}

# qemu_run_stamped LOG TIMEOUT APPEND DISK...: like qemu_run with the serial
# console only; every line of LOG starts with the host's seconds since QEMU
# started ("12.345 line").
qemu_run_stamped() {
	local log=$1 secs=$2 append=$3 t0 line
	shift 3
	qemu_args "$append" "$@"
	t0=${EPOCHREALTIME/./}
	timeout -k 5 "$secs" "${QEMU_ARGS[@]}" -nographic </dev/null 2>&1 |
		while IFS= read -r line; do
			bq_since "$t0"
			printf ' %s\n' "${line//$'\r'/}"
		done >"$log"
}

# bq_since T0: seconds (3 decimals) since T0, microseconds from EPOCHREALTIME
# with the dot taken out; no process is started, so as not to skew the times.
bq_since() {
	local us=$((${EPOCHREALTIME/./} - $1))
	printf '%d.%03d' $((us / 1000000)) $((us / 1000 % 1000))
}

# ---------------------------------------------------------------- results

T_FAILED=0
T_COUNT=0
T_NAME=
T_SESSION=
T_LOG_SHOWN=

# t_begin NAME: start a test script; a script that dies before any result
# still reports one failure.
t_begin() {
	T_NAME=$1
	trap t_on_exit EXIT
}

t_on_exit() {
	local rc=$?
	[ -n "$T_SESSION" ] && tmux_stop "$T_SESSION"
	if [ $rc != 0 ] && [ $T_COUNT = 0 ]; then
		echo "not ok - $T_NAME # setup failed, see the messages above"
	fi
	[ $rc = 0 ] && ! t_done && exit 1
	exit $rc
}

t_ok() { echo "ok - $1"; T_COUNT=$((T_COUNT + 1)); }

# t_fail NAME WHY [LOG]: a failed check, with the tail of LOG (the serial
# console) and of LOG.baton (baton's log) as comments, once per test.
t_fail() {
	echo "not ok - $1"
	T_COUNT=$((T_COUNT + 1))
	T_FAILED=$((T_FAILED + 1))
	echo "# $2"
	if [ -n "${3:-}" ] && [ -f "$3" ] && [ "$T_LOG_SHOWN" != "$3" ]; then
		T_LOG_SHOWN=$3
		t_show_log "$3" 25
		[ -f "$3.baton" ] && t_show_log "$3.baton" 15
	fi
	return 0
}

t_show_log() {   # t_show_log FILE LINES
	echo "# --- last lines of $1"
	{ log_text "$1"; echo; } | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' | tail -n "$2" | sed 's/^/#   /'
}

# t_check NAME WHY COMMAND...: ok when COMMAND succeeds, else not ok with WHY.
t_check() {
	local name=$1 why=$2
	shift 2
	if "$@"; then t_ok "$name"; else t_fail "$name" "$why" "${T_LOG:-}"; fi
}

t_done() { [ "$T_FAILED" = 0 ]; }

# disks_sum IMG...: sha256 lines of the images.
disks_sum() { (cd "$(dirname "$1")" && sha256sum "$@" | sed 's#  .*/#  #'); }

# ---------------------------------------------------------------- artifacts

# initrd_pack DIR OUT: DIR's files as a gzipped newc cpio, owned by root,
# in a stable order.
initrd_pack() {
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) | gzip -9 -n >"$2"
}

# target_value LOG KEY: what the target printed as "KEY: value" first. The
# target prints it just after BATON-TARGET-OK, which callers wait for: its
# whole line (up to the newline) is waited for too, 10 s at most, or the
# value could be read while the serial port is still sending it.
target_value() {
	local end=$((SECONDS + 10)) v
	while :; do
		v=$(python3 - "$1" "$2" <<-'PY'
		import re, sys
		try:
		    t = open(sys.argv[1], 'rb').read().replace(b'\r', b'')
		except OSError:
		    sys.exit(1)
		m = re.search(re.escape(sys.argv[2].encode()) + rb': ([^\n]*)\n', t)
		if not m:
		    sys.exit(1)
		print(m.group(1).decode(errors='replace'))
		PY
		) && break
		[ $SECONDS -lt $end ] || break
		sleep 0.2
	done
	printf '%s\n' "$v"
}

# target_initrd_build OUT [shell]: a busybox initrd that proves a kexec'd
# kernel came up, prints its command line on the console and powers off
# (with "shell": first offers a shell, for the demo).
target_initrd_build() {
	local out=$1 mode=${2:-} stage
	stage=$(mktemp -d "$BQ_WORK/target-stage.XXXXXX")
	mkdir -p "$stage/bin" "$stage/dev" "$stage/proc" "$stage/sys"
	cp /bin/busybox "$stage/bin/busybox"
	ln -s busybox "$stage/bin/sh"
	{
		cat <<-'EOF'
		#!/bin/sh
		# /init of the target initrd in baton's QEMU tests: proves the kexec'd kernel runs.
		/bin/busybox mount -t proc proc /proc
		/bin/busybox mount -t devtmpfs devtmpfs /dev
		exec </dev/console >/dev/console 2>&1
		echo BATON-TARGET-OK
		echo "TARGET-CMDLINE: $(/bin/busybox cat /proc/cmdline)"
		EOF
		if [ "$mode" = shell ]; then
			cat <<-'EOF'
			/bin/busybox --install -s /bin
			echo "This is the target kernel that baton kexec'd. 'exit' powers off."
			setsid cttyhack sh
			EOF
		fi
		cat <<-'EOF'
		/bin/busybox sleep 1
		/bin/busybox poweroff -f
		EOF
	} >"$stage/init"
	chmod 755 "$stage/init"
	initrd_pack "$stage" "$out.tmp"
	mv "$out.tmp" "$out"
	rm -rf "$stage"
}

# report_initrd_build OUT [STAGE] <REPORT: a later archive for the target
# kernel, whose /init wins over target_initrd_build's and runs that
# initrd's busybox ($bb): it mounts /proc, /sys and /dev, prints
# BATON-TARGET-OK and TARGET-CMDLINE as target_initrd_build's does, runs
# the sh lines REPORT (read from stdin) and powers off. STAGE: a folder of
# more files for the archive (removed afterwards).
report_initrd_build() {
	local out=$1 stage=${2:-}
	[ -n "$stage" ] || stage=$(mktemp -d "$BQ_WORK/report-stage.XXXXXX")
	{
		cat <<-'EOF'
		#!/bin/sh
		# /init of a later initrd in baton's QEMU tests: reports what the kexec'd kernel got.
		bb=/bin/busybox
		$bb mount -t proc proc /proc
		$bb mount -t sysfs sysfs /sys
		$bb mount -t devtmpfs devtmpfs /dev
		exec </dev/console >/dev/console 2>&1
		echo BATON-TARGET-OK
		echo "TARGET-CMDLINE: $($bb cat /proc/cmdline)"
		EOF
		cat
		printf '%s\n' '$bb sleep 1' '$bb poweroff -f'
	} >"$stage/init"
	chmod 755 "$stage/init"
	initrd_pack "$stage" "$out"
	rm -rf "$stage"
}

# baton_initramfs_build OUT: baton's initramfs with the test kernel's modules.
baton_initramfs_build() {
	[ -x "$BQ_BATON" ] || bq_die "baton binary not found: $BQ_BATON (run make O=$BQ_O first)"
	BATON="$BQ_BATON" OUT="$1" O="$BQ_WORK" KMOD_DIR="$KERNEL_DIR" ARCH="$BQ_ARCH" \
		"$BQ_REPO/initramfs/mkinitramfs.sh" >&2 || bq_die "mkinitramfs.sh failed"
}

# bq_stale OUT INPUT...: true when OUT is missing or older than an input.
bq_stale() {
	local out=$1 f
	shift
	[ -e "$out" ] || return 0
	for f in "$@"; do [ "$f" -nt "$out" ] && return 0; done
	return 1
}

# qemu_prepare [generic]: sets KERNEL_*, TARGET_INITRD, BATON_INITRAMFS and
# QEMU_ACCEL; builds what is missing or stale, once for all tests sharing the
# work dir. generic: the generic kernel (kernel_fetch) and an initramfs with
# its modules, beside the cloud kernel's.
qemu_prepare() {
	local flavour=${1:-}
	bq_init
	exec 9>"$BQ_WORK/.lock"
	flock 9
	kernel_fetch "$BQ_ARCH" "$flavour"
	TARGET_INITRD="$BQ_WORK/target-initrd.img"
	bq_stale "$TARGET_INITRD" /bin/busybox "$BQ_REPO/tests/qemu/lib.sh" &&
		target_initrd_build "$TARGET_INITRD"
	if [ -n "${BATON_INITRAMFS:-}" ]; then
		BATON_INITRAMFS=$(bq_abspath "$BATON_INITRAMFS")
		[ -f "$BATON_INITRAMFS" ] || bq_die "BATON_INITRAMFS not found: $BATON_INITRAMFS"
	else
		BATON_INITRAMFS="$BQ_WORK/baton-initramfs${flavour:+-$flavour}.cpio.gz"
		bq_stale "$BATON_INITRAMFS" "$BQ_BATON" "$BQ_REPO/initramfs/init" \
			"$BQ_REPO/initramfs/mkinitramfs.sh" "$KERNEL_DIR/.unpacked" &&
			baton_initramfs_build "$BATON_INITRAMFS"
	fi
	QEMU_ACCEL=$(qemu_accel)
	flock -u 9
	exec 9>&-
	export KERNEL_DIR KERNEL_VERSION KERNEL_IMAGE TARGET_INITRD BATON_INITRAMFS QEMU_ACCEL
}

# test_dir NAME: a fresh directory for one test's disks and logs.
test_dir() {
	local dir="$BQ_WORK/$1"
	rm -rf "$dir"
	mkdir -p "$dir"
	echo "$dir"
}
