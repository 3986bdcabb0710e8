# tests/qemu/lib-liveupdate.sh - helpers of the live-update and crash-kernel
# QEMU tests (sourced after lib.sh, bash).
#
#   lu_prepare            qemu_prepare, then LU_KERNEL (a kernel with KHO and
#                         LUO, built once by scripts/kernel-build.sh),
#                         LU_TEST (tests/qemu/liveupdate/lu-test, static)
#                         and LU_INITRAMFS (baton's initramfs without
#                         modules: that kernel has what it needs built in)
#   lu_final_initrd OUT   an initrd whose /init is lu-test: it prints
#                         BATON-TARGET-OK, TARGET-CMDLINE and the nonce of
#                         the session lu.session= token lu.token=, reboots
#   lu_overlay OUT DIR <INIT   a later archive over baton's initramfs: DIR's
#                         files and an /init read from stdin
#   lu_run LOG SECS INITRD APPEND   boot LU_KERNEL in 1 GiB (KHO's
#                         scratch needs more than 128) under a timeout

lu_prepare() {
	qemu_prepare
	LU_KERNEL=$(sh "$BQ_REPO/scripts/kernel-build.sh" liveupdate \
		"$BQ_REPO/scripts/kernel/liveupdate.config") ||
		bq_die "cannot build the live-update kernel"
	LU_TEST="$BQ_O/tests/qemu/liveupdate/lu-test"
	[ -x "$LU_TEST" ] || bq_die "no $LU_TEST (run make O=$BQ_O tests)"
	LU_INITRAMFS="$BQ_WORK/lu-initramfs.cpio.gz"
	exec 9>"$BQ_WORK/.lock"
	flock 9
	if bq_stale "$LU_INITRAMFS" "$BQ_BATON" "$BQ_REPO/initramfs/init" \
		"$BQ_REPO/initramfs/mkinitramfs.sh"; then
		BATON="$BQ_BATON" OUT="$LU_INITRAMFS" O="$BQ_WORK" KMOD_DIR='' \
			ARCH=x86_64 "$BQ_REPO/initramfs/mkinitramfs.sh" >&2 ||
			bq_die "mkinitramfs.sh failed"
	fi
	flock -u 9
	exec 9>&-
}

lu_final_initrd() {
	local stage
	stage=$(mktemp -d "$BQ_WORK/lu-final.XXXXXX")
	mkdir -p "$stage/proc" "$stage/sys" "$stage/dev"
	cp "$LU_TEST" "$stage/init"
	initrd_pack "$stage" "$1"
	rm -rf "$stage"
}

lu_overlay() {
	local out=$1 stage=$2
	mkdir -p "$stage"
	cat >"$stage/init"
	chmod 755 "$stage/init"
	initrd_pack "$stage" "$out.overlay"
	cat "$LU_INITRAMFS" "$out.overlay" >"$out"
	rm -f "$out.overlay"
}

# lu_cmd SECS INITRD APPEND: sets the array LU_CMD, QEMU under timeout(1).
lu_cmd() {
	LU_CMD=(timeout -k 5 "$1" qemu-system-x86_64 $(qemu_accel_args "$QEMU_ACCEL")
		-m 1024 -smp 1 -no-reboot -nic none -nographic
		-kernel "$LU_KERNEL" -initrd "$2"
		-append "console=ttyS0 panic=-1 $3")
}

lu_run() {
	lu_cmd "$2" "$3" "$4"
	"${LU_CMD[@]}" </dev/null >"$1" 2>&1
}

# lu_value LOG KEY: what the guest printed as "KEY: value" first.
lu_value() {
	log_text "$1" | sed -n "s/^.*$2: //p" | head -n 1 | tr -d '\r'
}

# lu_run_until LOG SECS PATTERN INITRD APPEND: like lu_run, but ends QEMU
# as soon as the ERE PATTERN is on the console (a guest that stays up).
lu_run_until() {
	local log=$1 secs=$2 pattern=$3 initrd=$4 append=$5 pid
	lu_cmd "$secs" "$initrd" "$append"
	"${LU_CMD[@]}" </dev/null >"$log" 2>&1 &
	pid=$!		# timeout(1)'s: it passes a TERM on to QEMU
	wait_for "$pattern" "$log" "$secs" || true
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# lu_middle_init SOURCE: an /init for baton's initramfs that runs only
# `baton daemon --source SOURCE` (the live-update kernel has no disks), its
# log on the console, and prints what `baton status` says of a live update
# ("LU-STATUS: ...") once the daemon has refused one, or after 30 s.
lu_middle_init() {
	cat <<-EOF
	#!/bin/sh
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev
	mount -t tmpfs tmpfs /run
	exec </dev/console >/dev/console 2>&1
	echo LU-MIDDLE-KERNEL
	baton daemon --source $1:name=final --config none --log-tty /dev/ttyS0 &
	for i in \$(seq 30); do
		sleep 1
		baton status >/run/status 2>&1 || continue
		grep -q "cannot be carried" /run/status && break
	done
	grep "^live update: " /run/status | sed "s/^/LU-STATUS: /"
	wait
	echo "LU-DAEMON-EXITED: \$?"
	reboot -f
	EOF
}
