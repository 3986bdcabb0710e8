# tests/qemu/lib-disk.sh - disk images built without root, and the boot entries put on them (sourced by lib.sh).

# ---------------------------------------------------------------- disks

fs_ext4() {   # fs_ext4 FSIMG SIZE_MIB DIR [LABEL]
	rm -f "$1"
	mkfs.ext4 -q -F -L "${4:-baton-ext4}" -d "$3" "$1" "${2}M" >/dev/null ||
		bq_die "mkfs.ext4 $1 failed"
}

fs_vfat() {   # fs_vfat FSIMG SIZE_MIB DIR [LABEL]
	rm -f "$1"
	truncate -s "${2}M" "$1"
	mkfs.vfat -n "${4:-BATONFAT}" "$1" >/dev/null || bq_die "mkfs.vfat $1 failed"
	if [ -n "$(ls -A "$3")" ]; then
		(cd "$3" && MTOOLS_SKIP_CHECK=1 mcopy -s -p -i "$1" ./* ::/) ||
			bq_die "mcopy into $1 failed"
	fi
}

# xfs_proto_dir DIR: DIR's tree in mkfs.xfs's prototype-file syntax.
xfs_proto_dir() {
	local e name
	for e in "$1"/*; do
		[ -e "$e" ] || continue
		name=${e##*/}
		case $name in *[[:space:]]*) bq_die "fs_xfs: file names with spaces are not supported: $e" ;; esac
		if [ -d "$e" ]; then
			echo "$name d--755 0 0"
			xfs_proto_dir "$e"
			echo '$'
		else
			echo "$name ---644 0 0 $e"
		fi
	done
}

fs_xfs() {    # fs_xfs FSIMG SIZE_MIB DIR [LABEL]   (XFS needs >= 300 MiB)
	rm -f "$1"
	truncate -s "${2}M" "$1"
	{ echo /unused; echo "0 0"; echo "d--755 0 0"; xfs_proto_dir "$(bq_abspath "$3")"; echo '$'; } >"$1.proto"
	mkfs.xfs -q -f -L "${4:-batonxfs}" -p "$1.proto" "$1" || bq_die "mkfs.xfs $1 failed"
	rm -f "$1.proto"
}

fs_btrfs() {  # fs_btrfs FSIMG SIZE_MIB DIR [LABEL]
	rm -f "$1"
	truncate -s "${2}M" "$1"
	mkfs.btrfs -q -f -L "${4:-baton-btrfs}" --rootdir "$3" "$1" >/dev/null 2>&1 ||
		bq_die "mkfs.btrfs $1 failed"
}

# disk_create IMG gpt|dos FSIMG:TYPE...: a partitioned disk holding each FSIMG
# in turn (1 MiB aligned); TYPE is an sfdisk type (L, U; 83, c for dos).
disk_create() {
	local img=$1 label=$2 spec fs type mib start=1 script total
	shift 2
	script="label: $label"$'\n'
	for spec in "$@"; do
		fs=${spec%:*}; type=${spec##*:}
		mib=$(( ($(stat -c %s "$fs") + 1048575) / 1048576 ))
		script+="start=$((start * 2048)), size=$((mib * 2048)), type=$type"$'\n'
		start=$((start + mib))
	done
	total=$((start + 1))
	rm -f "$img"
	truncate -s "${total}M" "$img"
	sfdisk -q --no-reread --no-tell-kernel "$img" <<<"$script" >/dev/null ||
		bq_die "sfdisk $img failed"
	start=1
	for spec in "$@"; do
		fs=${spec%:*}
		dd if="$fs" of="$img" bs=1M seek="$start" conv=notrunc,sparse status=none ||
			bq_die "dd $fs into $img failed"
		start=$((start + ($(stat -c %s "$fs") + 1048575) / 1048576))
		rm -f "$fs"
	done
}

# payload DIR [PREFIX]: the target kernel and initrd copied into DIR as
# PREFIX/vmlinuz-target and PREFIX/initrd-target.img.
payload() {
	mkdir -p "$1${2:-}"
	cp "$KERNEL_IMAGE" "$1${2:-}/vmlinuz-target"
	cp "$TARGET_INITRD" "$1${2:-}/initrd-target.img"
}

# bls_entry DIR FILE TITLE OPTIONS [KERNEL]: DIR/loader/entries/FILE.conf.
bls_entry() {
	mkdir -p "$1/loader/entries"
	printf 'title %s\nlinux %s\ninitrd /initrd-target.img\noptions %s\n' \
		"$3" "${5:-/vmlinuz-target}" "$4" >"$1/loader/entries/$2.conf"
}

