#!/bin/bash
# tests/qemu/test-arm64-fdt-overlay.sh - arm64: an extlinux.conf option with FDT (the virt machine's own tree) and FDTOVERLAYS boots through kexec_load; the target's /proc/device-tree has the command line and the overlay's properties.
set -eu -o pipefail
. "$(dirname "$0")/lib-arm64.sh"

TITLE="Baton arm64 FDT and overlay"
APPEND="console=ttyAMA0 quiet baton_e2e=fdt-overlay path=/x,y"

t_begin arm64-fdt-overlay
arm64_prepare
DIR=$(test_dir arm64-fdt-overlay)
T_LOG="$DIR/serial.log"

# The tree QEMU builds for this run (PCI devices are not in it, so a
# stand-in disk gives the same tree), marked so that the target can tell it
# from the running one.
truncate -s 1M "$DIR/disk.img"
arm64_dumpdtb "$DIR/virt.dtb" "baton.timeout=0" "$DIR/disk.img"
fdtput -t s "$DIR/virt.dtb" / baton,source "extlinux FDT" ||
	bq_die "fdtput on the dumped tree failed"

# The overlay: a node of its own and a property in /chosen, which baton's
# own /chosen settings must leave alone.
cat >"$DIR/marker.dts" <<'DTS'
/dts-v1/;
/plugin/;

/ {
	fragment@0 {
		target-path = "/";
		__overlay__ {
			baton-test {
				compatible = "baton,test-marker";
				marker = "overlay applied";
			};
		};
	};
	fragment@1 {
		target-path = "/chosen";
		__overlay__ {
			baton,marker = "chosen kept";
		};
	};
};
DTS
dtc -q -I dts -O dtb -o "$DIR/marker.dtbo" "$DIR/marker.dts" || bq_die "dtc failed on the overlay"

mkdir -p "$DIR/root/boot/extlinux" "$DIR/root/boot/dtbs"
payload "$DIR/root" /boot
cp "$DIR/virt.dtb" "$DIR/root/boot/dtbs/virt.dtb"
cp "$DIR/marker.dtbo" "$DIR/root/boot/dtbs/marker.dtbo"
cat >"$DIR/root/boot/extlinux/extlinux.conf" <<CFG
TIMEOUT 50
DEFAULT fdt

LABEL fdt
	MENU LABEL $TITLE
	LINUX /boot/vmlinuz-target
	INITRD /boot/initrd-target.img
	FDT /boot/dtbs/virt.dtb
	FDTOVERLAYS /boot/dtbs/marker.dtbo
	APPEND $APPEND
CFG
fs_ext4 "$DIR/p1.img" 80 "$DIR/root"
disk_create "$DIR/disk.img" gpt "$DIR/p1.img:L"
before=$(disks_sum "$DIR/disk.img")

start=$SECONDS
# loglevel=7: baton's info lines (what it starts, and how) reach the console.
qemu_run "$T_LOG" 150 "baton.timeout=0 loglevel=7" "$DIR/disk.img" || true
bq_note "arm64 boot, kexec and target: $((SECONDS - start)) s"

t_check "arm64-fdt-overlay: baton logs the entry it boots" \
	"no 'baton: booting $TITLE' in baton's log" \
	baton_logged "${BATON_LOG_RE}booting $TITLE" "$T_LOG"
t_check "arm64-fdt-overlay: baton starts it with kexec_load (Debian's kernel has no kexec_file_load)" \
	"no 'baton: starting arm64 kernel ... (kexec_load)' on the console" \
	wait_for "${BATON_LOG_RE}starting arm64 kernel vda1:/.*vmlinuz-target \\(kexec_load\\)" "$T_LOG" 0
t_check "arm64-fdt-overlay: baton logs the device tree it passes" \
	"no 'baton:   device tree vda1:/boot/dtbs/virt.dtb' on the console" \
	wait_for "${BATON_LOG_RE}  device tree vda1:/boot/dtbs/virt.dtb\$" "$T_LOG" 0
t_check "arm64-fdt-overlay: the target kernel runs" \
	"no BATON-TARGET-OK on the serial console" \
	wait_for BATON-TARGET-OK "$T_LOG" 0

# check_dt KEY WANT WHAT: the target printed TARGET-DT-KEY: WANT.
check_dt() {
	local got
	got=$(target_dt "$T_LOG" "$1")
	if [ "$got" = "$2" ]; then
		t_ok "arm64-fdt-overlay: $3"
	else
		t_fail "arm64-fdt-overlay: $3" "TARGET-DT-$1: want [$2], got [$got]" "$T_LOG"
	fi
}
got=$(target_cmdline "$T_LOG")
if [ "$got" = "$APPEND" ]; then
	t_ok "arm64-fdt-overlay: target command line is the APPEND line"
else
	t_fail "arm64-fdt-overlay: target command line is the APPEND line" \
		"want [$APPEND], got [$got]" "$T_LOG"
fi
check_dt BOOTARGS "$APPEND" "/chosen/bootargs is the APPEND line"
check_dt SOURCE "extlinux FDT" "the tree is the FDT file, not the running one"
check_dt MARKER "overlay applied" "the overlay's node is in the tree"
check_dt CHOSEN-MARKER "chosen kept" "the overlay's /chosen property is kept"
check_dt INITRD yes "/chosen has linux,initrd-start and linux,initrd-end"
t_check "arm64-fdt-overlay: the disk is unchanged" "disk image checksum changed" \
	test "$before" = "$(disks_sum "$DIR/disk.img")"
