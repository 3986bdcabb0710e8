#!/bin/bash
# tests/qemu/test-hostile-fs.sh - truncated and bit-flipped ext4, xfs, btrfs, vfat and iso9660 next to a healthy disk: the daemon stays up, the menu answers keys within a second, the healthy disk's entries are listed, every damaged filesystem is either still listed or named in baton's log with a reason, and no image changes (sha256).
set -eu -o pipefail
. "$(dirname "$0")/lib-hostile.sh"

hostile_setup hostile-fs

# one disk per filesystem type (vdb: ext4 ... vdf: iso9660), partition 1
# truncated to a third, partition 2 bit-flipped
DISKS=("$DIR/good.img")
for fs in ext4 vfat xfs btrfs iso; do
	mkdir -p "$DIR/$fs"
	fake_bls "$DIR/$fs" "$fs" "Broken $fs Linux"
	case $fs in
	ext4) fs_ext4 "$DIR/$fs-1.img" 24 "$DIR/$fs";;
	vfat) fs_vfat "$DIR/$fs-1.img" 34 "$DIR/$fs" BROKEN;;
	xfs) fs_xfs "$DIR/$fs-1.img" 300 "$DIR/$fs";;
	btrfs) fs_btrfs "$DIR/$fs-1.img" 128 "$DIR/$fs";;
	iso) head -c $((4 << 20)) /dev/urandom >"$DIR/$fs/filler"
	     fs_iso "$DIR/$fs-1.img" "$DIR/$fs" BROKENISO;;
	esac
	cp "$DIR/$fs-1.img" "$DIR/$fs-2.img"
	fs_truncate "$DIR/$fs-1.img" 3
	fs_bitflip "$DIR/$fs-2.img" 13
	disk_create "$DIR/$fs.img" gpt "$DIR/$fs-1.img:L" "$DIR/$fs-2.img:L"
	DISKS+=("$DIR/$fs.img")
done
before=$(dq_sums "${DISKS[@]}")

hostile_start $N "${DISKS[@]}"
hostile_checks $N "Healthy Linux A" "Healthy Linux B"
titles=$(dq_titles 2>/dev/null || true)
i=0
for fs in ext4 vfat xfs btrfs iso; do
	dev=vd$(printf "\\x$(printf %x $((98 + i)))")
	i=$((i + 1))
	hostile_broken "$N: truncated $fs" "${dev}1" "$titles"
	hostile_broken "$N: bit-flipped $fs" "${dev}2" "$titles"
done
hostile_clean $N
dq_stop "$T_SESSION"
hostile_unchanged $N "$before" "${DISKS[@]}"
