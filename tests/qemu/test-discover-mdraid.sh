#!/bin/bash
# tests/qemu/test-discover-mdraid.sh - an MD RAID1 array (metadata 1.2, made on "another host", left mid-resync) over a GPT and an MBR partition holds ext4 with a BLS entry: baton assembles it read-only with mdadm and lists its entry; the members are not sources; the resync stays pending, and both disk images are byte-for-byte unchanged (sha256).
set -eu -o pipefail
. "$(dirname "$0")/lib-discover.sh"

MD_TITLE="MD RAID1 ext4 Linux"
PLAIN_TITLE="Plain ext4 Linux"

t_begin discover-mdraid
if ! PATH=/usr/sbin:/sbin:$PATH command -v mdadm >/dev/null; then
	t_ok "discover-mdraid: # SKIP no mdadm on this host (apt-get install mdadm)"
	exit 0
fi
qemu_prepare
if ! grep -q '^CONFIG_DISCOVER_MDRAID=y' "$(dirname "$BQ_BATON")/.config" 2>/dev/null; then
	t_ok "discover-mdraid: # SKIP baton is built without CONFIG_DISCOVER_MDRAID"
	exit 0
fi
DIR=$(test_dir discover-mdraid)
T_LOG="$DIR/serial.log"
T_SESSION=discover-mdraid

# the initramfs ships mdadm when the host had it at build time
if ! gzip -dc "$BATON_INITRAMFS" | cpio -it --quiet 2>/dev/null | grep -qx usr/sbin/mdadm; then
	t_fail "discover-mdraid: the initramfs carries mdadm" \
		"no usr/sbin/mdadm in $BATON_INITRAMFS (built before mdadm was installed? remove it)"
	exit 1
fi

# the array's filesystem: ext4 with a BLS entry (dd'd onto the array)
mkdir -p "$DIR/md/loader/entries" "$DIR/plain/loader/entries"
head -c 4096 /dev/urandom >"$DIR/md/vmlinuz-md"
printf 'title %s\nlinux /vmlinuz-md\noptions quiet md\n' "$MD_TITLE" \
	>"$DIR/md/loader/entries/md.conf"
fs_ext4 "$DIR/md.img" 24 "$DIR/md" batonmd
head -c 4096 /dev/urandom >"$DIR/plain/vmlinuz-plain"
printf 'title %s\nlinux /vmlinuz-plain\noptions quiet plain\n' "$PLAIN_TITLE" \
	>"$DIR/plain/loader/entries/plain.conf"

# disk 1 (vda), GPT: a Linux RAID member, then a plain ext4;
# disk 2 (vdb), MBR: a RAID member (type fd). Members start as zeros.
truncate -s 40M "$DIR/m1.img" "$DIR/m2.img"
fs_ext4 "$DIR/p2.img" 24 "$DIR/plain"
disk_create "$DIR/gpt.img" gpt "$DIR/m1.img:R" "$DIR/p2.img:L"
disk_create "$DIR/mbr.img" dos "$DIR/m2.img:fd"

# the array is made in a throw-away guest (mdadm needs block devices and
# root), as if another machine had made it (a foreign homehost) and then
# gone down in the middle of the initial resync (held back to 1 KiB/s):
# left dirty, it would resync, writing to both members, if started
# read-write. No bitmap. Stopped before power-off.
cat >"$DIR/build.sh" <<'EOF'
modprobe -a md_mod raid1
echo 1 >/proc/sys/dev/raid/speed_limit_min
echo 1 >/proc/sys/dev/raid/speed_limit_max
mdadm --create /dev/md0 --run --metadata=1.2 --level=1 --raid-devices=2 \
	--bitmap=none --homehost=elsewhere --name=batonraid /dev/vda1 /dev/vdb1
dd if=/dev/vdc of=/dev/md0 bs=1M 2>/dev/null
sync
mdadm --stop /dev/md0
EOF
DISKS=("$DIR/gpt.img" "$DIR/mbr.img")
dq_build discover-mdraid "$DIR/build.sh" "${DISKS[@]}" "$DIR/md.img"
rm -f "$DIR/md.img"
# member_type IMG: what blkid finds in IMG's first partition (at 1 MiB)
member_type() { blkid -p -O 1048576 -s TYPE -o value "$1" 2>/dev/null || true; }
t_check "discover-mdraid: both members carry an MD superblock (blkid)" \
	"vda1: $(member_type "$DIR/gpt.img"), vdb1: $(member_type "$DIR/mbr.img")" \
	test "$(member_type "$DIR/gpt.img") $(member_type "$DIR/mbr.img")" = \
	"linux_raid_member linux_raid_member"
# resync_offset IMG: the member superblock's resync checkpoint (1.2
# metadata: 4 KiB into the partition, the field at byte 208)
resync_offset() {
	od -An -tu8 -j $((1048576 + 4096 + 208)) -N 8 "$1" | tr -d ' '
}
r1=$(resync_offset "$DIR/gpt.img")
r2=$(resync_offset "$DIR/mbr.img")
t_check "discover-mdraid: the array was left dirty, mid-resync (resync_offset $r1, $r2)" \
	"a finished resync is 18446744073709551615" \
	test "$r1" = "$r2" -a "$r1" != 18446744073709551615
before=$(dq_sums "${DISKS[@]}")

dq_start "$T_SESSION" "$T_LOG" 240 "baton.timeout=-1" "${DISKS[@]}"
dq_settled discover-mdraid
for i in $(seq 60); do
	dq_titles >"$DIR/titles" 2>/dev/null || true
	grep -qF "	$MD_TITLE" "$DIR/titles" && grep -qF "	$PLAIN_TITLE" "$DIR/titles" && break
	sleep 1
done
dq_list_json >"$DIR/list.json" || true
MD=$(dq_sh "ls /sys/block | grep '^md' | head -n 1" | tr -d '\r\n' || true)

t_check "discover-mdraid: MD assembly ran and succeeded" \
	"no 'MD RAID assembly done: exit status 0' in the log" grep -q "MD RAID assembly done: exit status 0" "$(baton_log "$T_LOG")"
t_check "discover-mdraid: an md device came up ($MD)" "none in /sys/block" \
	test -n "$MD"
t_check "discover-mdraid: the array's entry is listed, from $MD" \
	"not in: $(tr '\t\n' ': ' <"$DIR/titles")" grep -qxF "$MD	$MD_TITLE" "$DIR/titles"
t_check "discover-mdraid: the plain partition's entry is listed" \
	"not in: $(tr '\t\n' ': ' <"$DIR/titles")" grep -qxF "vda2	$PLAIN_TITLE" "$DIR/titles"
n=$(grep -c '' "$DIR/titles" || true)
t_check "discover-mdraid: nothing more than expected ($n options)" "$(cat "$DIR/titles")" \
	test "$n" = 2

check_json() {   # check_json NAME PYTHON-EXPRESSION (j: the list)
	if python3 -c "import json,sys; j=json.load(open(sys.argv[1])); sys.exit(not ($2))" "$DIR/list.json"; then
		t_ok "$1"
	else
		t_fail "$1" "false: $2" "$T_LOG"
	fi
}
check_json "discover-mdraid: the members vda1 and vdb1 are not sources" \
	'not [s for s in j["sources"] if s["name"] in ("vda1", "vdb1")]'
check_json "discover-mdraid: the array is a source, ext4 labelled batonmd" \
	'[(s.get("fstype"), s.get("label")) for s in j["sources"] if s["name"] == "'"$MD"'"] == [("ext4", "batonmd")]'

state=$(dq_sh "cat /sys/block/$MD/md/array_state" | tr -d '\r\n' || true)
t_check "discover-mdraid: the array runs read-only (array_state: $state)" "not readonly" \
	test "$state" = readonly
ro=$(dq_sh "cat /sys/module/md_mod/parameters/start_ro" | tr -d '\r\n' || true)
t_check "discover-mdraid: md_mod's start_ro is set ($ro)" "not 1" test "$ro" = 1
dq_sh "cat /proc/mdstat" >"$DIR/mdstat" || true
t_check "discover-mdraid: the resync stays pending (/proc/mdstat)" "$(tr '\n' ' ' <"$DIR/mdstat")" \
	sh -c "grep -q '^$MD : active (read-only) raid1' '$DIR/mdstat' &&
		grep -q 'resync=PENDING' '$DIR/mdstat' &&
		! grep -Eq '(resync|recovery) *= *[0-9]' '$DIR/mdstat'"
dq_stop "$T_SESSION"
t_check "discover-mdraid: both member disks are unchanged (sha256)" "checksums differ" \
	test "$before" = "$(dq_sums "${DISKS[@]}")"
