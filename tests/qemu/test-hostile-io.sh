#!/bin/bash
# tests/qemu/test-hostile-io.sh - disks that fail and hang, and a hostile partition table, next to a healthy disk: reads of one partition fail with EIO (QEMU's blkdebug), a disk reads at 2 KiB/s (QEMU's throttling: a read that hangs), a GPT of 128 entries whose partitions overlap, run past the disk or end before they start. The daemon stays up, the menu answers keys within a second, the healthy disk's entries are listed, the failing partition and the hanging disk are named with a reason, and no image changes (sha256).
set -eu -o pipefail
. "$(dirname "$0")/lib-hostile.sh"

hostile_setup hostile-io

# vdb: partition 1 fails every read past its first 64 KiB (blkid may
# see the superblock, the mount cannot); partition 2 is whole
fake_bls "$DIR/eio" eio "EIO Linux"
fs_ext4 "$DIR/e1.img" 16 "$DIR/eio"
fs_ext4 "$DIR/e2.img" 16 "$DIR/eio"
disk_create "$DIR/eio.img" gpt "$DIR/e1.img:L" "$DIR/e2.img:L"
{
	for s in $(seq 2176 64 34750); do
		printf '[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "%s"\n\n' "$s"
	done
} >"$DIR/eio.blkdebug"

# vdc: reads at 2 KiB/s: a disk whose reads hang
fake_bls "$DIR/slow" slow "Slow Linux"
fs_ext4 "$DIR/s1.img" 16 "$DIR/slow"
disk_create "$DIR/slow.img" gpt "$DIR/s1.img:L"

# vdd: 128 GPT entries over one ext4 at 1 MiB: the first is it, 2-8
# overlap it, 9-64 are 1-sector slivers, 65-96 run past the disk's end,
# 97-128 end before they start
fake_bls "$DIR/gpt" gpt "GPT Linux"
fs_ext4 "$DIR/t1.img" 16 "$DIR/gpt"
disk_create "$DIR/gpt.img" gpt "$DIR/t1.img:L"
python3 - "$DIR/gpt.img" <<'PY' || bq_die "the 128-entry GPT failed"
import struct, sys, uuid, zlib
path = sys.argv[1]
f = open(path, "r+b")
f.seek(0, 2)
sectors = f.tell() // 512
last = sectors - 34
linux = uuid.UUID("0fc63daf-8483-4772-8e79-3d69d8477de4").bytes_le
ents = []
for i in range(128):
    if i == 0:
        a, b = 2048, 2048 + 16 * 2048 - 1
    elif i < 8:
        a, b = 2048 + i * 8, 2048 + 16 * 2048 - 1 - i
    elif i < 64:
        a = b = last - 64 + i - 8
    elif i < 96:
        a, b = 4096 + i, sectors * 4 + i
    else:
        a, b = 8192 + i, 4096 + i
    ents.append(struct.pack("<16s16sQQQ72s", linux, uuid.UUID(int=i + 1).bytes_le,
                            a, b, 0, ("p%d" % (i + 1)).encode("utf-16-le")))
table = b"".join(ents)
def header(cur, other, table_lba):
    h = struct.pack("<8sIIIIQQQQ16sQIII", b"EFI PART", 0x10000, 92, 0, 0,
                    cur, other, 34, last, uuid.UUID(int=7).bytes_le,
                    table_lba, 128, 128, zlib.crc32(table))
    crc = zlib.crc32(h)
    return h[:16] + struct.pack("<I", crc) + h[20:]
f.seek(512); f.write(header(1, sectors - 1, 2)); f.seek(1024); f.write(table)
f.seek((sectors - 33) * 512); f.write(table)
f.seek((sectors - 1) * 512); f.write(header(sectors - 1, 1, sectors - 33))
PY

DISKS=("$DIR/good.img" "$DIR/eio.img" "$DIR/slow.img" "$DIR/gpt.img")
before=$(dq_sums "${DISKS[@]}")
DQ_EXTRA=(-drive "file=blkdebug:$DIR/eio.blkdebug:$DIR/eio.img,if=virtio,format=raw"
	-drive "file=$DIR/slow.img,if=virtio,format=raw,throttling.bps-read=2048"
	-drive "file=$DIR/gpt.img,if=virtio,format=raw")
hostile_start $N "$DIR/good.img"
hostile_checks $N "Healthy Linux A" "Healthy Linux B"
titles=$(dq_titles 2>/dev/null || true)
hostile_named "$N: failing reads" vdb1
t_check "$N: the whole partition next to it is listed" "no option from vdb2" \
	grep -qP "^vdb2\t" <<<"$titles"
hostile_named "$N: hanging reads" vdc1
t_check "$N: the 128-entry GPT's first partition is listed" "no option from vdd1" \
	grep -qP "^vdd1\t" <<<"$titles"
log_text "$(baton_log "$T_LOG")" | grep -aE 'vd[bcd]' | head -n 12 | sed 's/^/# /'
hostile_clean $N
dq_stop "$T_SESSION"
hostile_unchanged $N "$before" "${DISKS[@]}"
