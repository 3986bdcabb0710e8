#!/bin/bash
# tests/buildroot/test-qemu-aarch64.sh - the image of baton_qemu_aarch64_defconfig, built beforehand with scripts/buildroot-aarch64.sh, booted under qemu-system-aarch64 (virt, TCG): the menu's default kexecs Debian's arm64 kernel from a disk. A SKIP when that image is not built: its first build (an hour on 2 cores, the cross-built kernel included) does not fit CI's budget beside the rest of the suite.
#
#   BR_AARCH64_OUT=DIR   the output folder given to scripts/buildroot-aarch64.sh
#                        (default $BATON_CACHE/buildroot/baton_qemu_aarch64)
set -eu -o pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${BR_AARCH64_OUT:-${BATON_CACHE:-/var/cache/baton}/buildroot/baton_qemu_aarch64}
images=$out/images
if [ ! -f "$images/Image" ] || [ ! -f "$images/rootfs.cpio.gz" ]; then
	echo "ok - buildroot-aarch64: # SKIP no image in $out (bash scripts/buildroot-aarch64.sh $out)"
	exit 0
fi
. "$top/tests/qemu/lib-arm64.sh"

TITLE="Buildroot aarch64 default"
APPEND="console=ttyAMA0 quiet baton_e2e=br-aarch64"

t_begin buildroot-qemu-aarch64
arm64_prepare
kib() { echo $((($(stat -c %s "$1") + 1023) / 1024)); }
echo "# $out: Image $(kib "$images/Image") KiB, rootfs.cpio.gz $(kib "$images/rootfs.cpio.gz") KiB"
t_check "buildroot-aarch64: baton in the image is an aarch64 program" \
	"$(file -b "$out/target/usr/sbin/baton" 2>&1)" \
	sh -c "file -b '$out/target/usr/sbin/baton' | grep -q 'ARM aarch64'"

# the disk: Debian's arm64 kernel and the arm64 target initrd, an
# extlinux.conf whose default is them (as u-boot-menu writes it)
DIR=$(test_dir buildroot-aarch64)
T_LOG="$DIR/serial.log"
mkdir -p "$DIR/root/extlinux"
payload "$DIR/root"
cat >"$DIR/root/extlinux/extlinux.conf" <<CFG
DEFAULT br
TIMEOUT 50

LABEL other
	MENU LABEL Not this one
	KERNEL /vmlinuz-target
	INITRD /initrd-target.img
	APPEND console=ttyAMA0 baton_e2e=wrong

LABEL br
	MENU LABEL $TITLE
	KERNEL /vmlinuz-target
	INITRD /initrd-target.img
	APPEND $APPEND
CFG
fs_ext4 "$DIR/p1.img" 80 "$DIR/root"
disk_create "$DIR/disk.img" gpt "$DIR/p1.img:L"
before=$(disks_sum "$DIR/disk.img")

# Buildroot's kernel and initramfs, not the rig's own
export QEMU_KERNEL=$images/Image BATON_INITRAMFS=$images/rootfs.cpio.gz
start=$SECONDS
qemu_run "$T_LOG" 300 "console=ttyAMA0 baton.timeout=3" "$DIR/disk.img" || true
bq_note "aarch64 Buildroot boot, kexec and target: $((SECONDS - start)) s"

t_check "buildroot-aarch64: the menu came up on the serial console" \
	"no 'baton boot menu' on the serial console" \
	wait_for "baton boot menu" "$T_LOG" 0
t_check "buildroot-aarch64: the autoboot default kexecs Debian's arm64 kernel" \
	"no BATON-TARGET-OK" wait_for BATON-TARGET-OK "$T_LOG" 0
got=$(target_cmdline "$T_LOG" || true)
if [ "$got" = "$APPEND" ]; then
	t_ok "buildroot-aarch64: the target got the default entry's command line"
else
	t_fail "buildroot-aarch64: the target got the default entry's command line" \
		"want [$APPEND], got [$got]" "$T_LOG"
fi
t_check "buildroot-aarch64: the disk is unchanged" "it changed" \
	test "$before" = "$(disks_sum "$DIR/disk.img")"
t_done
