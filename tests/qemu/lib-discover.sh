# tests/qemu/lib-discover.sh - helpers of the discover QEMU tests and bench/discover (sourced, bash; sources lib.sh).
#
# What it adds to lib.sh:
#   dq_start                   qemu_tmux_start plus a shell inside the guest
#                              (init's baton.testshell on a third serial port)
#                              and QEMU's monitor, both over FIFOs
#   dq_sh, dq_sh_wait          run a command in the guest, get its output
#   dq_settled                 the guest's shell answers, discovery settled
#   dq_mon                     a QEMU monitor command (drive_add, device_add...)
#   dq_list_json               `baton list --json` from inside the guest
#   fs_iso, fs_swap, fs_luks   an ISO 9660 image, a swap area, a LUKS1 header
#   fs_ext4_needs_recovery     ext4 with a committed, unreplayed journal
#                              transaction (debugfs; no root)
#   dq_build                   run a shell script in a throw-away guest with
#                              the disks attached read-write: LVM, btrfs
#                              subvolumes, a dirty xfs log (these need a
#                              kernel; the host has no root to lend)
#   dq_sums                    sha256 of images, one line each
#
# Environment: as lib.sh.

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DQ_SH_TTY=ttyS2
DQ_N=0

# dq_fifo PATH: PATH.in and PATH.out, fresh (QEMU's "pipe" chardev).
dq_fifo() {
	rm -f "$1.in" "$1.out"
	mkfifo "$1.in" "$1.out" || bq_die "mkfifo $1 failed"
}

# dq_start SESSION LOG TIMEOUT APPEND DISK...: boot like qemu_tmux_start;
# also: the guest's shell (dq_sh) and QEMU's monitor (dq_mon). The array
# DQ_EXTRA holds more QEMU arguments (a CD drive, a second disk bus...).
dq_start() {
	local session=$1 log=$2 secs=$3 append=$4 cmd arg
	shift 4
	DQ_LOG=$log
	dq_fifo "$log.sh"
	dq_fifo "$log.mon"
	: >"$log.shout"
	: >"$log.monout"
	qemu_args "$append $(log_port_append) baton.testshell=$DQ_SH_TTY" "$@"
	rm -f "$log" "$log.exit" "$log.baton"
	cmd="timeout --foreground -k 5 $secs"
	for arg in "${QEMU_ARGS[@]}" -display none -monitor none \
		-chardev "stdio,id=ser0,signal=off,logfile=$log" -serial chardev:ser0 \
		$(log_port_args "$log") \
		-chardev "pipe,id=dqsh,path=$log.sh" -serial chardev:dqsh \
		-chardev "pipe,id=dqmon,path=$log.mon" -mon chardev=dqmon,mode=readline \
		"${DQ_EXTRA[@]}"; do
		cmd+=" $(printf %q "$arg")"
	done
	cmd+="; echo \$? >$(printf %q "$log.exit")"
	TERM=${TERM:-xterm} bq_tmux new-session -d -s "$session" -x 80 -y 24 "bash -c $(printf %q "$cmd")" ||
		bq_die "tmux new-session failed"
	bq_tmux set-option -t "$session" remain-on-exit on >/dev/null 2>&1 || true
	# read both FIFOs for as long as QEMU runs; write through held fds
	cat "$log.sh.out" >>"$log.shout" &
	DQ_READERS="$!"
	cat "$log.mon.out" >>"$log.monout" &
	DQ_READERS="$DQ_READERS $!"
	exec {DQ_SH_FD}<>"$log.sh.in" {DQ_MON_FD}<>"$log.mon.in"
}

# dq_stop SESSION: end QEMU (if still running) and the FIFO readers.
dq_stop() {
	tmux_stop "$1"
	if [ -n "${DQ_READERS:-}" ]; then
		kill $DQ_READERS 2>/dev/null || true
		wait $DQ_READERS 2>/dev/null || true
	fi
	DQ_READERS=
	if [ -n "${DQ_SH_FD:-}" ]; then
		exec {DQ_SH_FD}>&- {DQ_MON_FD}>&-
	fi
	DQ_SH_FD=
}

# dq_sh CMD [TIMEOUT]: run CMD in the guest's shell; prints its output
# (stdout and stderr) and returns its status (124 when no answer came).
dq_sh() {
	local secs=${2:-60} n off end out
	DQ_N=$((DQ_N + 1))
	n=$DQ_N
	off=$(stat -c %s "$DQ_LOG.shout")
	printf '{ %s\n} 2>&1; dq=$?; echo; echo "@@DQ-%d-$dq-@@"\n' "$1" "$n" >&"$DQ_SH_FD"
	end=$((SECONDS + secs))
	while ! tail -c +$((off + 1)) "$DQ_LOG.shout" | grep -aqE "^@@DQ-$n-[0-9]+-@@"; do
		[ $SECONDS -lt $end ] || return 124
		sleep 0.2
	done
	out=$(tail -c +$((off + 1)) "$DQ_LOG.shout" | tr -d '\r')
	printf '%s\n' "$out" | sed -n "/^@@DQ-$n-/q;p" | sed '$d'
	return "$(printf '%s\n' "$out" | sed -n "s/^@@DQ-$n-\([0-9]*\)-@@.*/\1/p")"
}

# dq_sh_wait TIMEOUT: true once the guest's shell answers.
dq_sh_wait() {
	local end=$((SECONDS + $1))
	while [ $SECONDS -lt $end ]; do
		dq_sh "echo alive" 2 >/dev/null && return 0
		[ -e "$DQ_LOG.exit" ] && return 1
	done
	return 1
}

# dq_settled NAME: after dq_start, wait for the guest's shell (120 s) and for
# discovery to settle (60 s more, not required); a guest whose shell never
# answers ends the test NAME with a failed check.
dq_settled() {
	if ! dq_sh_wait 120; then
		t_fail "$1: the guest's shell answers" "no answer on $DQ_SH_TTY" "$DQ_LOG"
		exit 1
	fi
	wait_for "discovery: " "$(baton_log "$DQ_LOG")" 60 || true
}

# dq_mon CMD: a monitor command; prints what QEMU answered.
dq_mon() {
	local off i
	off=$(stat -c %s "$DQ_LOG.monout")
	printf '%s\n' "$1" >&"$DQ_MON_FD"
	for i in $(seq 50); do
		tail -c +$((off + 1)) "$DQ_LOG.monout" | grep -aq '(qemu)' && break
		sleep 0.1
	done
	tail -c +$((off + 1)) "$DQ_LOG.monout" | tr -d '\r' | sed 's/\x1b\[[0-9;]*[A-Za-z]//g'
}

# dq_list_json: `baton list --json` inside the guest.
dq_list_json() { dq_sh "baton list --json"; }

# dq_titles: "SOURCE<TAB>TITLE" of each option in the guest, one a line.
dq_titles() {
	dq_list_json | python3 -c '
import json, sys
for o in json.load(sys.stdin)["options"]:
    print("%s\t%s" % (o["source"], o["name"]))'
}

# dq_sums IMG...: "sha256  name" of each image.
dq_sums() { disks_sum "$@"; }

# ---------------------------------------------------------------- disks

fs_iso() {    # fs_iso IMG DIR [LABEL]
	rm -f "$1"
	xorriso -as mkisofs -quiet -R -J -V "${3:-BATON_ISO}" -o "$1" "$2" 2>/dev/null ||
		bq_die "xorriso $1 failed"
}

fs_swap() {   # fs_swap IMG SIZE_MIB
	rm -f "$1"
	truncate -s "${2}M" "$1"
	mkswap -q "$1" >/dev/null || bq_die "mkswap $1 failed"
}

# fs_luks IMG SIZE_MIB: a LUKS1 header (what blkid reads) on zeros; no
# key slot can open it: baton must only list it as locked.
fs_luks() {
	rm -f "$1"
	truncate -s "${2}M" "$1"
	python3 - "$1" <<'PY' || bq_die "fs_luks $1 failed"
import struct, sys
h = bytearray(592)
h[0:6] = b"LUKS\xba\xbe"
struct.pack_into(">H", h, 6, 1)
h[8:8 + 3] = b"aes"
h[40:40 + 11] = b"xts-plain64"
h[72:72 + 6] = b"sha256"
struct.pack_into(">II", h, 104, 4096, 64)
u = b"6b1e3e1c-8d6a-4c5e-9d55-6c2f1f0a7e21"
h[168:168 + len(u)] = u
with open(sys.argv[1], "r+b") as f:
    f.write(h)
PY
}

# fs_ext4_needs_recovery FSIMG SIZE_MIB DIR [LABEL]: an ext4 image from DIR
# whose journal holds a committed transaction not yet replayed
# (needs_recovery set): replaying it would write one block of 'R's into
# the free block it names. Built with debugfs, without root.
fs_ext4_needs_recovery() {
	local blk
	fs_ext4 "$1" "$2" "$3" "${4:-}"
	blk=$(( $(dumpe2fs -h "$1" 2>/dev/null | awk -F: '/^Block count/ { print $2 }') - 8 ))
	head -c 4096 /dev/zero | tr '\0' R >"$1.block"
	printf 'jo\njw -b %s %s\njc\n' "$blk" "$1.block" |
		debugfs -w -f - "$1" >/dev/null 2>&1 || bq_die "debugfs on $1 failed"
	rm -f "$1.block"
	dumpe2fs -h "$1" 2>/dev/null | grep -q needs_recovery ||
		bq_die "$1: debugfs left no journal to recover"
}

# ---------------------------------------------------------------- builder

# dq_builder_initramfs: baton's initramfs plus btrfs-progs, for dq_build.
dq_builder_initramfs() {
	local out="$BQ_WORK/builder-initramfs.cpio.gz"
	if bq_stale "$out" "$BATON_INITRAMFS" "$BQ_REPO/tests/qemu/lib-discover.sh"; then
		BATON="$BQ_BATON" OUT="$out" O="$BQ_WORK" KMOD_DIR="$KERNEL_DIR" ARCH="$BQ_ARCH" \
			EXTRA_BINS="btrfs mkfs.ext4" EXTRA_MODULES="dm_mod" \
			"$BQ_REPO/initramfs/mkinitramfs.sh" >&2 || bq_die "builder initramfs failed"
	fi
	echo "$out"
}

# dq_build NAME SCRIPT DISK...: boot a guest with DISKs as /dev/vda,
# /dev/vdb... (read-write) that runs SCRIPT (sh) as root and powers off
# without unmounting anything; fails unless SCRIPT ran to its end.
dq_build() {
	local name=$1 script=$2 dir stage log
	shift 2
	dir="$BQ_WORK/build-$name"
	rm -rf "$dir"
	mkdir -p "$dir/stage"
	stage="$dir/stage"
	log="$dir/serial.log"
	cat >"$stage/init" <<-'EOF'
	#!/bin/sh
	# init of dq_build's guests: run /build.sh, say so, power off (no unmount)
	export PATH=/usr/sbin:/usr/bin:/sbin:/bin
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev
	mkdir -p /run /tmp /mnt
	mount -t tmpfs tmpfs /run
	exec </dev/console >/dev/console 2>&1
	modprobe -a -q virtio_pci virtio_blk dm_mod xfs btrfs ext4 2>/dev/null
	i=0
	while [ ! -b /dev/vda ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	set -e
	. /build.sh
	echo DQ-BUILD-OK
	poweroff -f
	EOF
	chmod 755 "$stage/init"
	cp "$script" "$stage/build.sh"
	(cd "$stage" && printf '%s\n' init build.sh | cpio -o -H newc -R 0:0 --quiet) |
		gzip -n >"$dir/overlay.cpio.gz"
	cat "$(dq_builder_initramfs)" "$dir/overlay.cpio.gz" >"$dir/initramfs.cpio.gz"
	BATON_INITRAMFS="$dir/initramfs.cpio.gz" qemu_args "panic=-1" "$@"
	timeout -k 5 300 "${QEMU_ARGS[@]}" -nographic </dev/null >"$log" 2>&1 || true
	grep -aq DQ-BUILD-OK "$log" || {
		tr -d '\r' <"$log" | tail -n 30 | sed 's/^/#   /' >&2
		bq_die "dq_build $name: the script did not finish"
	}
}
