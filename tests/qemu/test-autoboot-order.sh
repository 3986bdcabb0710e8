#!/bin/bash
# tests/qemu/test-autoboot-order.sh - boot_order picks the source: by label, by kind (a removable disk, kind usb, before fixed disks), and skips kinds that are absent.
set -eu -o pipefail
. "$(dirname "$0")/lib-menu.sh"

t_begin autoboot-order
qemu_prepare
DIR=$(test_dir autoboot-order)
entries_disk "$DIR/a" "$DIR/a.img" FIRSTDISK first:"First Disk Linux"
entries_disk "$DIR/b" "$DIR/b.img" SECONDDISK second:"Second Disk Linux"
entries_disk "$DIR/s" "$DIR/stick.img" STICK stick:"Stick Linux"
# a stick often has no partition table: the filesystem on the whole disk
# (whose sysfs "removable" baton reads; a partition has none of its own)
fs_ext4 "$DIR/stick.img" 40 "$DIR/s" STICK
# the stick: a removable SCSI disk, which baton sees as kind "usb" as it
# does a USB stick (the test kernel, Debian's cloud flavour, has no USB)
USB="-device virtio-scsi-pci,id=scsi -drive if=none,id=stick,format=raw,file=$DIR/stick.img -device scsi-hd,bus=scsi.0,drive=stick,removable=on"

T_LOG="$DIR/label.log"
QEMU_NET="-nic none $USB" boot_once "$T_LOG" 120 \
	"baton.timeout=0 baton.boot_order=label=SECONDDISK" "$DIR/a.img" "$DIR/b.img"
expect_boot "autoboot-order: by label" second

T_LOG="$DIR/usb.log"
QEMU_NET="-nic none $USB" boot_once "$T_LOG" 120 \
	"baton.timeout=0 baton.boot_order=usb,disk" "$DIR/a.img" "$DIR/b.img"
expect_boot "autoboot-order: usb before disk" stick

T_LOG="$DIR/disk.log"
QEMU_NET="-nic none $USB" boot_once "$T_LOG" 120 \
	"baton.timeout=0 baton.boot_order=cdrom,disk" "$DIR/a.img" "$DIR/b.img"
expect_boot "autoboot-order: an absent kind is skipped; the first disk boots" first
