#!/bin/bash
# tests/buildroot/test-qemu-x86_64.sh - baton_qemu_x86_64_defconfig built with Buildroot (offline, cached between runs), then its own kernel and initramfs booted in QEMU: the menu on the serial console, and the autoboot default kexecs the target kernel from a disk.
set -eu -o pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/buildroot/lib-buildroot.sh"

t_begin buildroot-qemu-x86_64
bq_init

# 1. the image, as README's "For integrators" says (scripts/buildroot-build.sh)
br_image buildroot-x86_64 baton_qemu_x86_64_defconfig
out=$BR_OUT

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
br_boot_kexec buildroot-x86_64 "$out/images/bzImage" "$out/images/rootfs.cpio.gz"
