#!/bin/bash
# tests/qemu/test-discover-list.sh - five virtio disks (GPT and MBR; vfat ESP, ext4, xfs, btrfs with subvolumes Debian- and openSUSE-style, LVM, ISO 9660, swap, LUKS): `baton list --json` in the guest lists every expected entry, LUKS as locked, swap not at all.
set -eu -o pipefail
. "$(dirname "$0")/lib-discover.sh"

t_begin discover-list
qemu_prepare
DIR=$(test_dir discover-list)
T_LOG="$DIR/serial.log"
T_SESSION=discover-list
BTRFS_UUID=2b8e4c1e-6c0a-4a8e-9f1e-0d5b6a7c8e9f

# fake_kernel FILE: a small file standing for a kernel (never booted here).
fake_kernel() { mkdir -p "$(dirname "$1")"; head -c 4096 /dev/urandom >"$1"; }

# bls ROOT FILE TITLE [PREFIX]: a BLS entry and its kernel under ROOT/PREFIX.
bls() {
	mkdir -p "$1${4:-}/loader/entries"
	printf 'title %s\nlinux %s/vmlinuz-%s\noptions quiet %s\n' "$3" "${4:-}" "$2" "$2" \
		>"$1${4:-}/loader/entries/$2.conf"
	fake_kernel "$1${4:-}/vmlinuz-$2"
}

# disk 1 (vda), GPT: ESP, ext4 with GRUB, xfs with extlinux, swap, LUKS
mkdir -p "$DIR/esp" "$DIR/grub/boot/grub" "$DIR/xfs/boot/extlinux"
bls "$DIR/esp" esp "ESP BLS Linux"
fake_kernel "$DIR/grub/boot/vmlinuz"
printf 'set timeout=3\nmenuentry "GRUB ext4 Linux" {\n\tlinux /boot/vmlinuz quiet\n}\n' \
	>"$DIR/grub/boot/grub/grub.cfg"
fake_kernel "$DIR/xfs/boot/vmlinuz"
printf 'DEFAULT xfs\nLABEL xfs\n\tMENU LABEL Extlinux XFS Linux\n\tKERNEL /boot/vmlinuz\n\tAPPEND quiet\n' \
	>"$DIR/xfs/boot/extlinux/extlinux.conf"
fs_vfat "$DIR/p1.img" 34 "$DIR/esp" ESP
fs_ext4 "$DIR/p2.img" 24 "$DIR/grub"
fs_xfs "$DIR/p3.img" 300 "$DIR/xfs"
fs_swap "$DIR/p4.img" 8
fs_luks "$DIR/p5.img" 8
disk_create "$DIR/gpt.img" gpt "$DIR/p1.img:U" "$DIR/p2.img:L" "$DIR/p3.img:L" \
	"$DIR/p4.img:S" "$DIR/p5.img:L"

# disk 2 (vdb), MBR: ext4; btrfs with @rootfs (Debian) and @home
mkdir -p "$DIR/mbr" "$DIR/deb/stage-rootfs/boot/grub" "$DIR/deb/stage-home/user"
bls "$DIR/mbr" mbr "MBR ext4 Linux"
bls "$DIR/deb/stage-rootfs" deb "Debian btrfs @rootfs" /boot
cat >"$DIR/deb/stage-rootfs/boot/grub/grub.cfg" <<EOF
search --no-floppy --fs-uuid --set=root $BTRFS_UUID
menuentry "Debian GRUB btrfs" {
	linux /@rootfs/boot/vmlinuz-deb root=UUID=$BTRFS_UUID rootflags=subvol=@rootfs
}
EOF
fs_ext4 "$DIR/q1.img" 24 "$DIR/mbr"
rm -f "$DIR/q2.img"
truncate -s 128M "$DIR/q2.img"
mkfs.btrfs -q -f -U "$BTRFS_UUID" -L debian --rootdir "$DIR/deb" "$DIR/q2.img" >/dev/null 2>&1 ||
	bq_die "mkfs.btrfs failed"
disk_create "$DIR/mbr.img" dos "$DIR/q1.img:83" "$DIR/q2.img:83"

# disk 3 (vdc), whole-disk btrfs, openSUSE-style: @/.snapshots/N/snapshot,
# the default subvolume is snapshot 1
mkdir -p "$DIR/suse/s1" "$DIR/suse/s2"
bls "$DIR/suse/s1" suse1 "openSUSE snapshot 1" /boot
bls "$DIR/suse/s2" suse2 "openSUSE snapshot 2" /boot
truncate -s 128M "$DIR/suse.img"
mkfs.btrfs -q -f -L suse --rootdir "$DIR/suse" "$DIR/suse.img" >/dev/null 2>&1 ||
	bq_die "mkfs.btrfs failed"

# disk 4 (vdd): an LVM physical volume; its LV holds ext4 with a BLS entry
mkdir -p "$DIR/lvroot"
bls "$DIR/lvroot" lvm "LVM ext4 Linux"
fs_ext4 "$DIR/lv.img" 24 "$DIR/lvroot"
truncate -s 48M "$DIR/lvm.img"

# disk 5 (vde): an ISO 9660 image with GRUB
mkdir -p "$DIR/iso/boot/grub"
fake_kernel "$DIR/iso/boot/vmlinuz"
printf 'menuentry "ISO GRUB Linux" {\n\tlinux /boot/vmlinuz quiet\n}\n' >"$DIR/iso/boot/grub/grub.cfg"
fs_iso "$DIR/iso.img" "$DIR/iso" BATONISO

# what needs a kernel: LVM, btrfs subvolumes and the default subvolume
cat >"$DIR/build.sh" <<'EOF'
lvm_() { lvm "$@" --config 'activation { udev_sync = 0 udev_rules = 0 }'; }
lvm_ pvcreate -ff -y /dev/vdd
lvm_ vgcreate batonvg /dev/vdd
lvm_ lvcreate -y -Zn -n root -L 24M batonvg
dd if=/dev/vdf of=/dev/mapper/batonvg-root bs=1M 2>/dev/null
lvm_ vgchange -an batonvg
mount -t btrfs /dev/vdb2 /mnt
btrfs subvolume create /mnt/@rootfs
cp -a /mnt/stage-rootfs/. /mnt/@rootfs/
btrfs subvolume create /mnt/@home
cp -a /mnt/stage-home/. /mnt/@home/
rm -rf /mnt/stage-rootfs /mnt/stage-home
umount /mnt
mount -t btrfs /dev/vdc /mnt
btrfs subvolume create /mnt/@
btrfs subvolume create /mnt/@/.snapshots
for n in 1 2; do
	mkdir /mnt/@/.snapshots/$n
	btrfs subvolume create /mnt/@/.snapshots/$n/snapshot
	cp -a /mnt/s$n/. /mnt/@/.snapshots/$n/snapshot/
	rm -rf /mnt/s$n
done
btrfs subvolume set-default /mnt/@/.snapshots/1/snapshot
umount /mnt
EOF
DISKS=("$DIR/gpt.img" "$DIR/mbr.img" "$DIR/suse.img" "$DIR/lvm.img" "$DIR/iso.img")
dq_build discover-list "$DIR/build.sh" "${DISKS[@]}" "$DIR/lv.img"
before=$(dq_sums "${DISKS[@]}")

dq_start "$T_SESSION" "$T_LOG" 240 "baton.timeout=-1" "${DISKS[@]}"
dq_settled discover-list
EXPECTED="vda1	ESP BLS Linux
vda2	GRUB ext4 Linux
vda3	Extlinux XFS Linux
vdb1	MBR ext4 Linux
vdb2@@rootfs	Debian GRUB btrfs
vdb2@@rootfs	Debian btrfs @rootfs
vdc	openSUSE snapshot 1
vdc@@_.snapshots_2_snapshot	openSUSE snapshot 2
batonvg-root	LVM ext4 Linux
vde	ISO GRUB Linux"
# under TCG, xfs and btrfs wait for their modules (loaded by init in the
# background) and LVM for its assembly: poll until all are there
for i in $(seq 60); do
	dq_titles >"$DIR/titles" 2>/dev/null || true
	[ "$(sort "$DIR/titles")" = "$(sort <<<"$EXPECTED")" ] && break
	sleep 1
done
dq_list_json >"$DIR/list.json" || true

while IFS='	' read -r src title; do
	if grep -qxF "$src	$title" "$DIR/titles"; then
		t_ok "discover-list: $src: $title"
	else
		t_fail "discover-list: $src: $title" "not in: $(tr '\t\n' ': ' <"$DIR/titles")" "$T_LOG"
	fi
done <<<"$EXPECTED"

check_json() {   # check_json NAME PYTHON-EXPRESSION (j: the list)
	if python3 -c "import json,sys; j=json.load(open(sys.argv[1])); sys.exit(not ($2))" "$DIR/list.json"; then
		t_ok "$1"
	else
		t_fail "$1" "false: $2" "$T_LOG"
	fi
}
check_json "discover-list: every kernel is found (none missing)" \
	'all(not o["kernel"].get("missing") for o in j["options"])'
check_json "discover-list: Debian's /@rootfs/... path resolves on the btrfs top level" \
	'[o["kernel"]["source"] for o in j["options"] if o["name"] == "Debian GRUB btrfs"] == ["vdb2"]'
check_json "discover-list: the LUKS partition is listed as locked" \
	'[s["name"] for s in j["sources"] if s.get("locked")] == ["vda5"]'
check_json "discover-list: swap is not a source" \
	'not [s for s in j["sources"] if s["name"] == "vda4"]'
check_json "discover-list: @home (no /boot) is not a source" \
	'not [s for s in j["sources"] if "home" in s["name"]]'
check_json "discover-list: the ESP says its GPT type" \
	'[s.get("parttype") for s in j["sources"] if s["name"] == "vda1"] == ["c12a7328-f81f-11d2-ba4b-00a0c93ec93b"]'
n=$(grep -c '' "$DIR/titles" || true)
t_check "discover-list: nothing more than expected ($n options)" "$(cat "$DIR/titles")" test "$n" = 10
t_check "discover-list: LVM was assembled by baton" "no assembly in the log" \
	grep -q "LVM assembly done" "$(baton_log "$T_LOG")"
dq_stop "$T_SESSION"
t_check "discover-list: every disk image is unchanged (sha256)" "checksums differ" \
	test "$before" = "$(dq_sums "${DISKS[@]}")"
