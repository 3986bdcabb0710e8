#!/bin/bash
# tests/qemu/test-autoboot-default.sh - autoboot picks the default by id (kernel command line), by title glob and by submenu>entry path (saved settings), and GRUB's own default when the settings say nothing.
set -eu -o pipefail
. "$(dirname "$0")/lib-menu.sh"

t_begin autoboot-default
qemu_prepare
DIR=$(test_dir autoboot-default)
T_LOG="$DIR/serial.log"

entries_disk "$DIR/bls" "$DIR/bls.img" BLSDISK alpha:"Alpha Linux" beta:"Beta Linux"
mkdir -p "$DIR/grub/boot/grub"
payload "$DIR/grub" /boot
cat >"$DIR/grub/boot/grub/grub.cfg" <<CFG
set default="1>0"
set timeout=2
menuentry 'Top Entry' --id top {
	linux /boot/vmlinuz-target $(e2e_cmdline top)
	initrd /boot/initrd-target.img
}
submenu 'Advanced options' {
	menuentry 'Sub One' --id subone {
		linux /boot/vmlinuz-target $(e2e_cmdline sub1)
		initrd /boot/initrd-target.img
	}
	menuentry 'Sub Two' {
		linux /boot/vmlinuz-target $(e2e_cmdline sub2)
		initrd /boot/initrd-target.img
	}
}
CFG
fs_vfat "$DIR/grub.p1" 40 "$DIR/grub" GRUBDISK
disk_create "$DIR/grub.img" dos "$DIR/grub.p1:c"

boot_once "$DIR/id.log" 90 "baton.timeout=0 baton.default=vda1:beta" "$DIR/bls.img" "$DIR/grub.img"
T_LOG="$DIR/id.log"
expect_boot "autoboot-default: by id on the kernel command line" beta

settings_disk "$DIR/s1.img" "timeout = 0
default = Alph*"
T_LOG="$DIR/glob.log"
boot_once "$T_LOG" 90 "" "$DIR/bls.img" "$DIR/grub.img" "$DIR/s1.img"
expect_boot "autoboot-default: by title glob in the saved settings" alpha

settings_disk "$DIR/s2.img" "timeout = 0
default = Advanced options>Sub Two"
T_LOG="$DIR/path.log"
boot_once "$T_LOG" 90 "" "$DIR/bls.img" "$DIR/grub.img" "$DIR/s2.img"
expect_boot "autoboot-default: by submenu>entry path" sub2

settings_disk "$DIR/s3.img" "# nothing about the default"
T_LOG="$DIR/grub.log"
boot_once "$T_LOG" 90 "" "$DIR/bls.img" "$DIR/grub.img" "$DIR/s3.img"
expect_boot "autoboot-default: GRUB's own default when the settings say nothing" sub1
t_check "autoboot-default: with GRUB's timeout, and the reason logged" \
	"no 'in 2 s (its config makes it the default)' in baton's log" \
	baton_said "$T_LOG" "autoboot: Advanced options>Sub One in 2 s \(its config makes it the default\)"
