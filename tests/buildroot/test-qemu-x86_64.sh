#!/bin/bash
# tests/buildroot/test-qemu-x86_64.sh - baton_qemu_x86_64_defconfig built with Buildroot (offline, cached between runs), then its own kernel and initramfs booted in QEMU: the menu on the serial console, and the autoboot default kexecs the target kernel from a disk.
set -eu -o pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/qemu/lib-menu.sh"
# shellcheck disable=SC2034 # lib-tmux.sh's tmux socket, named after this helper
BQ_TMUX_SOCK="baton-buildroot-$$"

t_begin buildroot-qemu-x86_64
bq_init
blog="$BQ_WORK/buildroot-build.log"

# 1. the image, as README's "For integrators" says (scripts/buildroot-build.sh)
start=$SECONDS
if ! out=$(bash "$top/scripts/buildroot-build.sh" baton_qemu_x86_64_defconfig 2>"$blog"); then
	t_fail "buildroot-x86_64: Buildroot builds baton_qemu_x86_64_defconfig" \
		"scripts/buildroot-build.sh failed" "$blog"
	exit 1
fi
out=$(tail -n 1 <<<"$out")
t_ok "buildroot-x86_64: Buildroot builds baton_qemu_x86_64_defconfig ($((SECONDS - start)) s)"
images=$out/images
kib() { echo $((($(stat -c %s "$1") + 1023) / 1024)); }
echo "# $out: bzImage $(kib "$images/bzImage") KiB, rootfs.cpio.gz $(kib "$images/rootfs.cpio.gz") KiB"

# 2. the kernel Buildroot configured has every option the fragments set
kconfig=$out/build/linux-custom/.config
lost=$(grep -hE '^CONFIG_[A-Za-z0-9_]+=' "$top/buildroot/board/qemu/linux-baton.fragment" \
	"$top/buildroot/board/qemu/x86_64/linux.fragment" | grep -vxF -f "$kconfig" || true)
t_check "buildroot-x86_64: the kernel keeps every option of the fragments" \
	"lost: ${lost//$'\n'/ }" test -z "$lost"
t_check "buildroot-x86_64: a menu on the console instead of a getty (inittab)" \
	"no baton-console line, or a getty left, in $out/target/etc/inittab" \
	eval "grep -qx 'console::respawn:/usr/libexec/baton/baton-console console' '$out/target/etc/inittab' &&
		! grep -q '^[^#].*getty' '$out/target/etc/inittab'"

# 3. boot it: Buildroot's bzImage and rootfs.cpio.gz; the disk carries the
# Debian kernel and the target initrd as the kexec target
export QEMU_KERNEL=$images/bzImage BATON_INITRAMFS=$images/rootfs.cpio.gz
qemu_prepare
DIR=$(test_dir buildroot-x86_64)
T_LOG="$DIR/serial.log"
entries_disk "$DIR/bls" "$DIR/bls.img" BLSDISK alpha:"Alpha Linux" beta:"Beta Linux"
# shellcheck disable=SC2034 # t_on_exit stops this session
T_SESSION=buildroot
qemu_tmux_start buildroot "$T_LOG" 300 "baton.timeout=10 baton.default=vda1:beta" "$DIR/bls.img"
if wait_for_screen buildroot 150 "baton boot menu" "Alpha Linux" "Beta Linux"; then
	t_ok "buildroot-x86_64: the menu on the serial console, with the disk's entries"
else
	t_fail "buildroot-x86_64: the menu on the serial console, with the disk's entries" \
		"no menu within 150 s" "$T_LOG"
	show_screen buildroot
fi
t_check "buildroot-x86_64: the autoboot default kexecs the target kernel" \
	"no BATON-TARGET-OK" wait_for BATON-TARGET-OK "$T_LOG" 120
got=$(target_cmdline "$T_LOG")
want=$(e2e_cmdline beta)
if [ "$got" = "$want" ]; then
	t_ok "buildroot-x86_64: the target got the default entry's command line"
else
	t_fail "buildroot-x86_64: the target got the default entry's command line" \
		"want [$want], got [$got]" "$T_LOG"
fi
t_check "buildroot-x86_64: S15baton's daemon logged the hand-over (baton.logtty)" \
	"no 'starting ... kernel' in $T_LOG.baton" \
	baton_logged "starting .*kernel .*vmlinuz-target" "$T_LOG"
qemu_wait_exit "$T_LOG" 30 || true
