#!/bin/bash
# tests/qemu/test-hostile-tree.sh - hostile trees on good filesystems: symlink loops, symlinks to /dev and out of the partition, 100,000 files in loader/entries, a 100 MB grub.cfg, directories 1,000 deep, titles and file names with escape sequences and invalid UTF-8. The daemon stays up, the menu answers keys within a second, the healthy disk's entries are listed, each hostile partition is listed or named with a reason, no escape sequence reaches the terminal, and no image changes (sha256).
set -eu -o pipefail
. "$(dirname "$0")/lib-hostile.sh"

hostile_setup hostile-tree

# vdb1: symlinks: loops, to /dev, out of the partition, a folder loop
L=$DIR/links
fake_bls "$L" links "Links Linux"
mkdir -p "$L/boot/grub"
ln -s self.conf "$L/loader/entries/self.conf"
ln -s b.conf "$L/loader/entries/a.conf"
ln -s a.conf "$L/loader/entries/b.conf"
ln -s /dev/zero "$L/loader/entries/zero.conf"
ln -s /dev/vda "$L/boot/grub/grub.cfg"
ln -s ../../../../../../etc/passwd "$L/loader/entries/passwd.conf"
ln -s . "$L/boot/boot"
ln -s /dev "$L/loader/dev"
fs_ext4 "$DIR/b1.img" 16 "$L"

# vdb2: 100,000 entries, on btrfs (mkfs.ext4 -d links each file with a
# scan of the whole folder: minutes; mkfs.btrfs takes seconds, and with
# --shrink its image is not grown to gigabytes)
M=$DIR/many
mkdir -p "$M/loader/entries"
python3 - "$M/loader/entries" <<'PY'
import sys
d = sys.argv[1]
for i in range(100000):
    with open("%s/many-%06d.conf" % (d, i), "w") as f:
        f.write("title Many %d\nlinux /vmlinuz\n" % i)
PY
rm -f "$DIR/b2.img"
truncate -s 256M "$DIR/b2.img"
mkfs.btrfs -q -f -L many --rootdir "$M" --shrink "$DIR/b2.img" >/dev/null 2>&1 ||
	bq_die "mkfs.btrfs many failed"
rm -rf "$M"
disk_create "$DIR/trees.img" gpt "$DIR/b1.img:L" "$DIR/b2.img:L"

# vdc1: a 100 MB grub.cfg; vdc2: 1,000 folders deep, escape sequences and
# invalid UTF-8 in titles and file names
H=$DIR/huge
mkdir -p "$H/boot/grub"
python3 - "$H/boot/grub/grub.cfg" <<'PY'
import sys
entry = b'menuentry "Huge %d" {\n\tlinux /vmlinuz quiet\n}\n'
with open(sys.argv[1], "wb") as f:
    i = 0
    while f.tell() < 100 << 20:
        f.write(b"".join(entry % (i + k) for k in range(1000)))
        i += 1000
PY
fs_ext4 "$DIR/c1.img" 140 "$H"
rm -rf "$H"
E=$DIR/escape
fake_bls "$E" plain "Escape Plain Linux"
d=$E
for i in $(seq 1000); do d=$d/d; done
mkdir -p "$d/loader/entries"
printf 'title Deep Linux\nlinux /vmlinuz\n' >"$d/loader/entries/deep.conf"
printf 'title Red \033[31mRED\033[0m \033]0;pwned\007 Linux \377\376 bad\nlinux /vmlinuz-plain\n' \
	>"$E/loader/entries/esc.conf"
printf 'title Named Linux\nlinux /vmlinuz-plain\n' \
	>"$E/loader/entries/$(printf '\033[2J\033]2;pwned\007\377')x.conf"
fs_ext4 "$DIR/c2.img" 16 "$E"
disk_create "$DIR/big.img" gpt "$DIR/c1.img:L" "$DIR/c2.img:L"

DISKS=("$DIR/good.img" "$DIR/trees.img" "$DIR/big.img")
before=$(dq_sums "${DISKS[@]}")

hostile_start $N "${DISKS[@]}"
hostile_checks $N "Healthy Linux A" "Healthy Linux B" "Links Linux" "Escape Plain Linux"
titles=$(dq_titles 2>/dev/null || true)
for dev in vdb1 vdb2 vdc1 vdc2; do
	hostile_broken "$N" "$dev" "$titles"
done
log_text "$(baton_log "$T_LOG")" | grep -aE 'vd[bc][12]' | head -n 20 | sed 's/^/# /'
screen=$(bq_tmux capture-pane -e -p -t "$T_SESSION" 2>/dev/null)
t_check "$N: no colour from a title reaches the terminal" "the screen has red (SGR 31)" \
	eval '! grep -q $'"'"'\e\[31m'"'"' <<<"$screen"'
t_check "$N: no title sets the terminal's title" "the pane title is $(bq_tmux display -p -t "$T_SESSION" '#{pane_title}')" \
	eval '[ "$(bq_tmux display -p -t "$T_SESSION" "#{pane_title}")" != pwned ]'
hostile_clean $N
dq_stop "$T_SESSION"
hostile_unchanged $N "$before" "${DISKS[@]}"
