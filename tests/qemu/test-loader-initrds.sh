#!/bin/bash
# tests/qemu/test-loader-initrds.sh - x86_64: a BLS entry with two initrds boots through kexec_file_load with both, joined in order (the second one's /init runs the first one's busybox).
set -eu -o pipefail
. "$(dirname "$0")/lib.sh"

TITLE="Baton Two Initrds"
OPTIONS="console=ttyS0 quiet baton_e2e=initrds"
TOKEN="second-initrd-$$"

t_begin loader-initrds
qemu_prepare
DIR=$(test_dir loader-initrds)
T_LOG="$DIR/serial.log"

# second_initrd OUT: a cpio with its own /init (replacing the first
# initrd's, as the later archive wins) and a file; no busybox of its own.
second_initrd() {
	local stage="$DIR/second-stage"
	mkdir -p "$stage/etc"
	echo "$TOKEN" >"$stage/etc/baton-second-initrd"
	report_initrd_build "$1" "$stage" <<-'EOF'
	echo "TARGET-INITRD-2: $($bb cat /etc/baton-second-initrd)"
	EOF
}

mkdir -p "$DIR/root/loader/entries"
payload "$DIR/root"
second_initrd "$DIR/root/initrd-second.img"
cat >"$DIR/root/loader/entries/two.conf" <<CFG
title $TITLE
linux /vmlinuz-target
initrd /initrd-target.img
initrd /initrd-second.img
options $OPTIONS
CFG
fs_ext4 "$DIR/p1.img" 40 "$DIR/root"
disk_create "$DIR/disk.img" gpt "$DIR/p1.img:L"
before=$(disks_sum "$DIR/disk.img")

start=$SECONDS
# loglevel=7: baton's info lines (what it starts, and how) reach the console.
qemu_run "$T_LOG" 90 "baton.timeout=0 loglevel=7" "$DIR/disk.img" || true
bq_note "boot, kexec and target: $((SECONDS - start)) s ($QEMU_ACCEL)"

t_check "loader-initrds: baton logs the entry it boots" \
	"no 'baton: booting $TITLE' in baton's log" \
	baton_logged "${BATON_LOG_RE}booting $TITLE" "$T_LOG"
t_check "loader-initrds: baton starts it with kexec_file_load" \
	"no 'baton: starting x86_64 kernel vda1:/vmlinuz-target (kexec_file_load)' on the console" \
	wait_for "${BATON_LOG_RE}starting x86_64 kernel vda1:/vmlinuz-target \(kexec_file_load\)" "$T_LOG" 0
got=$(log_text "$T_LOG" | sed -n 's/.*baton:   initrd //p' | tr '\n' ' ')
if [ "$got" = "vda1:/initrd-target.img vda1:/initrd-second.img " ]; then
	t_ok "loader-initrds: baton logs both initrds, in order"
else
	t_fail "loader-initrds: baton logs both initrds, in order" "got initrd lines [$got]" "$T_LOG"
fi
t_check "loader-initrds: the target kernel runs" \
	"no BATON-TARGET-OK on the serial console" \
	wait_for BATON-TARGET-OK "$T_LOG" 0
got=$(log_text "$T_LOG" | sed -n 's/.*TARGET-INITRD-2: //p' | head -n 1)
if [ "$got" = "$TOKEN" ]; then
	t_ok "loader-initrds: the second initrd's /init ran with the first one's busybox"
else
	t_fail "loader-initrds: the second initrd's /init ran with the first one's busybox" \
		"want TARGET-INITRD-2: [$TOKEN], got [$got] (missing initrd, or the wrong order)" "$T_LOG"
fi
got=$(target_cmdline "$T_LOG")
if [ "$got" = "$OPTIONS" ]; then
	t_ok "loader-initrds: target command line is the options line"
else
	t_fail "loader-initrds: target command line is the options line" \
		"want [$OPTIONS], got [$got]" "$T_LOG"
fi
t_check "loader-initrds: the disk is unchanged" "disk image checksum changed" \
	test "$before" = "$(disks_sum "$DIR/disk.img")"
