#!/bin/bash
# tests/qemu/test-disk-integrity.sh - scanning ext4, vfat, xfs and btrfs partitions and booting leaves every disk image bit-identical.
set -eu -o pipefail
. "$(dirname "$0")/lib.sh"

t_begin disk-integrity
qemu_prepare
DIR=$(test_dir disk-integrity)
T_LOG="$DIR/serial.log"
T_SESSION=disk-integrity

# fs_root FS: a tree with the payload and a BLS entry titled "Integrity FS".
fs_root() {
	mkdir "$DIR/$1"
	payload "$DIR/$1"
	bls_entry "$DIR/$1" "$1" "Integrity $1" "console=ttyS0 quiet baton_e2e=integrity-$1"
}
for fs in ext4 vfat xfs btrfs; do fs_root $fs; done
fs_ext4 "$DIR/ext4.img" 40 "$DIR/ext4"
fs_vfat "$DIR/vfat.img" 40 "$DIR/vfat" INTEGRITY
disk_create "$DIR/gpt.img" gpt "$DIR/ext4.img:L" "$DIR/vfat.img:U"
fs_xfs "$DIR/xfs.img" 300 "$DIR/xfs"
fs_btrfs "$DIR/btrfs.img" 128 "$DIR/btrfs"
disk_create "$DIR/mbr.img" dos "$DIR/xfs.img:83" "$DIR/btrfs.img:83"
DISKS=("$DIR/gpt.img" "$DIR/mbr.img")
before=$(disks_sum "${DISKS[@]}")

qemu_tmux_start "$T_SESSION" "$T_LOG" 90 "baton.timeout=-1" "${DISKS[@]}"

# Every title on screen means every filesystem was mounted and read.
if wait_for_screen "$T_SESSION" 50 "Integrity ext4" "Integrity vfat" "Integrity xfs" "Integrity btrfs"; then
	t_ok "disk-integrity: entries from ext4, vfat, xfs and btrfs are listed"
else
	t_fail "disk-integrity: entries from ext4, vfat, xfs and btrfs are listed" \
		"not every title on screen after 50 s" "$T_LOG"
	echo "# --- screen"; tmux_screen "$T_SESSION" | sed 's/^/#   /'
fi
key_enter "$T_SESSION"
t_check "disk-integrity: the chosen entry boots" "no BATON-TARGET-OK after Enter" \
	wait_for BATON-TARGET-OK "$T_LOG" 40
qemu_wait_exit "$T_LOG" 15 || tmux_stop "$T_SESSION"
after=$(disks_sum "${DISKS[@]}")
if [ "$before" = "$after" ]; then
	t_ok "disk-integrity: every disk image is unchanged (sha256)"
else
	t_fail "disk-integrity: every disk image is unchanged (sha256)" \
		"before: $(echo $before) after: $(echo $after)"
fi
