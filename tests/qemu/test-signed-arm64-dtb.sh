#!/bin/bash
# tests/qemu/test-signed-arm64-dtb.sh - arm64, the kernel locked down (lockdown=integrity: the virt machine has no Secure Boot firmware here): baton reads the lockdown, marks the extlinux option with an FDT refused as soon as it finds it (its log, and the console's menu with the reason), saying that a device tree needs kexec_load(2), which lockdown forbids; autobooted anyway, it is refused before anything is tried, with that sentence, and the disk is unchanged.
set -eu -o pipefail
. "$(dirname "$0")/lib-arm64.sh"

TITLE="Baton arm64 FDT under lockdown"

t_begin signed-arm64-dtb
arm64_prepare
DIR=$(test_dir signed-arm64-dtb)
T_LOG="$DIR/serial.log"

truncate -s 1M "$DIR/disk.img"
arm64_dumpdtb "$DIR/virt.dtb" "baton.timeout=0" "$DIR/disk.img"
mkdir -p "$DIR/root/boot/extlinux" "$DIR/root/boot/dtbs"
payload "$DIR/root" /boot
cp "$DIR/virt.dtb" "$DIR/root/boot/dtbs/virt.dtb"
cat >"$DIR/root/boot/extlinux/extlinux.conf" <<CFG
DEFAULT fdt
LABEL fdt
	MENU LABEL $TITLE
	LINUX /boot/vmlinuz-target
	INITRD /boot/initrd-target.img
	FDT /boot/dtbs/virt.dtb
	APPEND console=ttyAMA0 baton_e2e=locked
CFG
fs_ext4 "$DIR/p1.img" 80 "$DIR/root"
disk_create "$DIR/disk.img" gpt "$DIR/p1.img:L"
before=$(disks_sum "$DIR/disk.img")

# Nothing boots, so QEMU runs until the timeout: long enough for the boot,
# the discovery and the autoboot under TCG (about 10 s of the guest's time).
start=$SECONDS
qemu_run "$T_LOG" 150 "lockdown=integrity baton.timeout=0 loglevel=7" "$DIR/disk.img" || true
bq_note "arm64 boot under lockdown: $((SECONDS - start)) s"

t_check "signed-arm64-dtb: the kernel is locked down (integrity)" \
	"no 'Kernel is locked down' line" \
	wait_for "Kernel is locked down from command line" "$T_LOG" 0
t_check "signed-arm64-dtb: baton reads the lockdown" \
	"no 'signed boot: ... locked down (integrity)' in baton's log" \
	baton_logged "${BATON_LOG_RE}signed boot: .*locked down \\(integrity\\)" "$T_LOG"
REASON="this option passes a device tree, which needs kexec_load\\(2\\); the kernel is locked down"
t_check "signed-arm64-dtb: the option is marked refused as soon as it is found, with why" \
	"no 'signed boot: \"$TITLE\" will not boot: ...' in baton's log" \
	baton_logged "${BATON_LOG_RE}signed boot: \"$TITLE\" will not boot: $REASON" "$T_LOG"
# marked_first: the mark is logged before the boot that the autoboot began
marked_first() {
	awk -v t="$TITLE" '
		index($0, "signed boot: \"" t "\" will not boot") && !m { m = NR }
		index($0, "booting " t) && !b { b = NR }
		END { exit !(m && b && m < b) }' "$(baton_log "$T_LOG")"
}
t_check "signed-arm64-dtb: ... before the autoboot chose it" "marked only after the boot began" \
	marked_first
t_check "signed-arm64-dtb: autobooted, it is refused with that sentence" \
	"no refusal naming the device tree in baton's log" \
	baton_logged "${BATON_LOG_RE}.*$TITLE.*: $REASON" "$T_LOG"
t_check "signed-arm64-dtb: the console's menu marks it (refused)" "no mark" \
	wait_for "$TITLE.*\\(refused\\)" "$T_LOG" 0
t_check "signed-arm64-dtb: ... and says why under the list" "no reason" \
	wait_for "Refused: this option passes a device tree, which needs kexec_load" "$T_LOG" 0
t_check "signed-arm64-dtb: nothing was started" "the target ran" \
	test -z "$(grep -a BATON-TARGET-OK "$T_LOG")"
t_check "signed-arm64-dtb: the disk is unchanged" "disk image checksum changed" \
	test "$before" = "$(disks_sum "$DIR/disk.img")"
