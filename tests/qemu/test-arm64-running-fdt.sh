#!/bin/bash
# tests/qemu/test-arm64-running-fdt.sh - arm64: an extlinux.conf option with no FDT boots with the running tree (/sys/firmware/fdt), its /chosen patched: the kernel lacks kexec_file_load, so baton falls back to kexec_load.
set -eu -o pipefail
. "$(dirname "$0")/lib-arm64.sh"

TITLE="Baton arm64 running tree"
APPEND="console=ttyAMA0 quiet baton_e2e=running-fdt"

t_begin arm64-running-fdt
arm64_prepare
DIR=$(test_dir arm64-running-fdt)
T_LOG="$DIR/serial.log"

mkdir -p "$DIR/root/extlinux"
payload "$DIR/root"
cat >"$DIR/root/extlinux/extlinux.conf" <<CFG
DEFAULT running
TIMEOUT 50

LABEL running
	MENU LABEL $TITLE
	KERNEL /vmlinuz-target
	INITRD /initrd-target.img
	APPEND $APPEND
CFG
fs_ext4 "$DIR/p1.img" 80 "$DIR/root"
disk_create "$DIR/disk.img" gpt "$DIR/p1.img:L"
before=$(disks_sum "$DIR/disk.img")

start=$SECONDS
# loglevel=7: baton's info lines (what it starts, and how) reach the console.
qemu_run "$T_LOG" 150 "baton.timeout=0 loglevel=7" "$DIR/disk.img" || true
bq_note "arm64 boot, kexec and target: $((SECONDS - start)) s"

t_check "arm64-running-fdt: baton logs the entry it boots" \
	"no 'baton: booting $TITLE' in baton's log" \
	baton_logged "${BATON_LOG_RE}booting $TITLE" "$T_LOG"
t_check "arm64-running-fdt: baton starts it with kexec_load (Debian's kernel has no kexec_file_load)" \
	"no 'baton: starting arm64 kernel ... (kexec_load)' on the console" \
	wait_for "${BATON_LOG_RE}starting arm64 kernel vda1:/.*vmlinuz-target \\(kexec_load\\)" "$T_LOG" 0
t_check "arm64-running-fdt: baton logs the device tree it passes" \
	"no 'baton:   device tree the running device tree' on the console" \
	wait_for "${BATON_LOG_RE}  device tree the running device tree\$" "$T_LOG" 0
t_check "arm64-running-fdt: the target kernel runs" \
	"no BATON-TARGET-OK on the serial console" \
	wait_for BATON-TARGET-OK "$T_LOG" 0

# check_dt KEY WANT WHAT: the target printed TARGET-DT-KEY: WANT.
check_dt() {
	local got
	got=$(target_dt "$T_LOG" "$1")
	if [ "$got" = "$2" ]; then
		t_ok "arm64-running-fdt: $3"
	else
		t_fail "arm64-running-fdt: $3" "TARGET-DT-$1: want [$2], got [$got]" "$T_LOG"
	fi
}
got=$(target_cmdline "$T_LOG")
if [ "$got" = "$APPEND" ]; then
	t_ok "arm64-running-fdt: target command line is the APPEND line"
else
	t_fail "arm64-running-fdt: target command line is the APPEND line" \
		"want [$APPEND], got [$got]" "$T_LOG"
fi
# QEMU's tree had baton's own command line in /chosen: this one was patched.
check_dt BOOTARGS "$APPEND" "/chosen/bootargs is the APPEND line, not baton's"
check_dt COMPATIBLE "linux,dummy-virt" "the tree is the virt machine's running tree"
check_dt SOURCE none "no named tree was involved"
check_dt INITRD yes "/chosen has linux,initrd-start and linux,initrd-end"
t_check "arm64-running-fdt: the disk is unchanged" "disk image checksum changed" \
	test "$before" = "$(disks_sum "$DIR/disk.img")"
