#!/bin/bash
# tests/qemu/test-discover-integrity.sh - an ext4 whose journal needs recovery and an xfs with a dirty log are byte-for-byte identical (sha256) after discovery and after booting from each: journal replay stays off.
set -eu -o pipefail
. "$(dirname "$0")/lib-discover.sh"

EXT4_TITLE="Integrity ext4 journal"
XFS_TITLE="Integrity xfs log"

t_begin discover-integrity
qemu_prepare
DIR=$(test_dir discover-integrity)
T_SESSION=discover-integrity

mkdir "$DIR/ext4" "$DIR/xfs"
payload "$DIR/ext4"
bls_entry "$DIR/ext4" ext4 "$EXT4_TITLE" "console=ttyS0 quiet baton_e2e=ext4-journal"
payload "$DIR/xfs"
bls_entry "$DIR/xfs" xfs "$XFS_TITLE" "console=ttyS0 quiet baton_e2e=xfs-log"

# ext4: a committed transaction in the journal, not replayed (debugfs)
fs_ext4_needs_recovery "$DIR/p1.img" 40 "$DIR/ext4"
cp "$DIR/p1.img" "$DIR/replayed.img"
e2fsck -fy "$DIR/replayed.img" >/dev/null 2>&1 || true
t_check "discover-integrity: the ext4 image needs recovery, and a replay would change it" \
	"e2fsck's replay left it identical, or the flag is missing" \
	sh -c "dumpe2fs -h '$DIR/p1.img' 2>/dev/null | grep -q needs_recovery &&
		! cmp -s '$DIR/p1.img' '$DIR/replayed.img'"
rm -f "$DIR/replayed.img"

# xfs: mounted read-write in a guest, written, synced, never unmounted
fs_xfs "$DIR/p2.img" 300 "$DIR/xfs"
disk_create "$DIR/disk.img" gpt "$DIR/p1.img:L" "$DIR/p2.img:L"
cat >"$DIR/build.sh" <<'EOF'
mount -t xfs /dev/vda2 /mnt
echo "written, synced, never unmounted" >/mnt/dirty-marker
sync
EOF
dq_build discover-integrity "$DIR/build.sh" "$DIR/disk.img"
dd if="$DIR/disk.img" of="$DIR/xfs-copy.img" bs=1M skip=41 count=300 status=none
rc=0
xfs_repair -n "$DIR/xfs-copy.img" >"$DIR/xfs_repair.txt" 2>&1 || rc=$?
t_check "discover-integrity: the xfs log is dirty (xfs_repair -n says so)" "$(tail -n 3 "$DIR/xfs_repair.txt")" \
	grep -q "metadata changes in a log" "$DIR/xfs_repair.txt"
rm -f "$DIR/xfs-copy.img"
before=$(dq_sums "$DIR/disk.img")

# boot_from TITLE NAME: list, check the image, boot TITLE, check it again.
boot_from() {
	local title=$1 name=$2 log="$DIR/$2.log" first
	T_LOG=$log
	dq_start "$T_SESSION" "$log" 400 "baton.timeout=-1" "$DIR/disk.img"
	if ! wait_for_screen "$T_SESSION" 150 "$EXT4_TITLE" "$XFS_TITLE"; then
		t_fail "discover-integrity: $name: both entries listed" "not on screen after 150 s" "$log"
		dq_stop "$T_SESSION"
		return
	fi
	t_ok "discover-integrity: $name: both entries listed"
	t_check "discover-integrity: $name: unchanged after discovery" "checksum changed while listed" \
		test "$before" = "$(dq_sums "$DIR/disk.img")"
	# the kernel logged how it mounted the xfs (read in the guest: on the
	# console it would print over the menu)
	dq_sh "dmesg" >"$DIR/$name.dmesg" || true
	t_check "discover-integrity: $name: the kernel mounted xfs without recovery" \
		"no 'no-recovery mode' line in dmesg" \
		grep -aq "XFS (vda2): Mounting V5 filesystem in no-recovery mode" "$DIR/$name.dmesg"
	first=$(menu_rows "$T_SESSION" "$EXT4_TITLE" "$XFS_TITLE" | head -n 1 | cut -d' ' -f2-)
	menu_choose "$T_SESSION" "$title" "$first" "$EXT4_TITLE" "$XFS_TITLE" || true
	t_check "discover-integrity: $name: it boots" "no BATON-TARGET-OK" \
		wait_for BATON-TARGET-OK "$log" 120
	t_check "discover-integrity: $name: the right entry" "another command line" \
		test "$(target_cmdline "$log")" = "console=ttyS0 quiet baton_e2e=$name"
	qemu_wait_exit "$log" 30 || true
	dq_stop "$T_SESSION"
	t_check "discover-integrity: $name: unchanged after the boot (sha256)" "checksum changed" \
		test "$before" = "$(dq_sums "$DIR/disk.img")"
}
boot_from "$EXT4_TITLE" ext4-journal
boot_from "$XFS_TITLE" xfs-log
