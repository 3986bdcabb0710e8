#!/bin/bash
# tests/buildroot/test-qemu-x86_64-sysvinit.sh - baton_qemu_x86_64_sysvinit_defconfig built with Buildroot (offline, cached), its initramfs booted in QEMU with baton_qemu_x86_64_defconfig's kernel: sysvinit is PID 1, its rcS starts S15baton's daemon, its inittab runs the menu on the serial console, and the autoboot default kexecs the target kernel from a disk.
#
#   BR_KERNEL=FILE   the kernel to boot (default: the bzImage of
#                    baton_qemu_x86_64_defconfig, built or reused by
#                    scripts/buildroot-build.sh)
set -eu -o pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/buildroot/lib-buildroot.sh"

t_begin buildroot-qemu-x86_64-sysvinit
bq_init
br_image buildroot-sysvinit baton_qemu_x86_64_sysvinit_defconfig
out=$BR_OUT
br_kernel

# the image: sysvinit's init, no getty, a menu line per console in inittab
t_check "buildroot-sysvinit: /sbin/init is sysvinit's, not busybox's" \
	"$(ls -l "$out/target/sbin/init" 2>&1)" \
	eval "[ -f '$out/target/sbin/init' ] && [ ! -L '$out/target/sbin/init' ]"
t_check "buildroot-sysvinit: a menu on the console instead of a getty (inittab)" \
	"no bm1 line, or a getty left, in $out/target/etc/inittab" \
	eval "grep -qx 'bm1:2345:respawn:/usr/libexec/baton/baton-console console' '$out/target/etc/inittab' &&
		! grep -q '^[^#].*getty' '$out/target/etc/inittab'"

# one boot: the kernel of the x86_64 image, this image's initramfs
br_boot_kexec buildroot-sysvinit "$BR_KERNEL" "$out/images/rootfs.cpio.gz"
t_check "buildroot-sysvinit: sysvinit was PID 1 (its banner on the console)" \
	"no 'INIT: version' on the console" \
	wait_for "INIT: version [0-9.]+ booting" "$T_LOG" 0
t_check "buildroot-sysvinit: rcS ran S15baton, whose start-stop-daemon started the daemon" \
	"no 'Starting baton: OK' on the console" \
	wait_for "Starting baton: OK" "$T_LOG" 0
t_check "buildroot-sysvinit: the daemon has S15baton's --log-tty (its log on ttyS1)" \
	"no 'daemon started' in $T_LOG.baton" \
	wait_for "baton: daemon started" "$T_LOG.baton" 0
