#!/bin/bash
# tests/qemu/test-menu-select.sh - the serial menu lists a BLS and a GRUB entry from two disks; Down + Enter boots the second.
set -eu -o pipefail
. "$(dirname "$0")/lib.sh"

BLS_TITLE="Baton BLS Entry"
BLS_CMDLINE="console=ttyS0 quiet baton_e2e=bls"
GRUB_TITLE="Baton GRUB Entry"
GRUB_CMDLINE="console=ttyS0 quiet baton_e2e=grub"

t_begin menu-select
qemu_prepare
DIR=$(test_dir menu-select)
T_LOG="$DIR/serial.log"
T_SESSION=menu-select

# Disk 1: GPT, ext4, BLS entry.
mkdir "$DIR/bls"
payload "$DIR/bls"
bls_entry "$DIR/bls" bls "$BLS_TITLE" "$BLS_CMDLINE"
fs_ext4 "$DIR/p1.img" 40 "$DIR/bls"
disk_create "$DIR/gpt.img" gpt "$DIR/p1.img:L"

# Disk 2: MBR, vfat, /boot/grub/grub.cfg with one menuentry.
mkdir -p "$DIR/grub/boot/grub"
payload "$DIR/grub" /boot
cat >"$DIR/grub/boot/grub/grub.cfg" <<CFG
set timeout=5
set default=0

menuentry '$GRUB_TITLE' {
	linux /boot/vmlinuz-target $GRUB_CMDLINE
	initrd /boot/initrd-target.img
}
CFG
fs_vfat "$DIR/p2.img" 40 "$DIR/grub" BATONGRUB
disk_create "$DIR/mbr.img" dos "$DIR/p2.img:c"
before=$(disks_sum "$DIR/gpt.img" "$DIR/mbr.img")

qemu_tmux_start "$T_SESSION" "$T_LOG" 90 "baton.timeout=-1" "$DIR/gpt.img" "$DIR/mbr.img"

if ! wait_for_screen "$T_SESSION" 45 "$BLS_TITLE" "$GRUB_TITLE"; then
	t_fail "menu-select: the menu shows both titles" "titles not on screen after 45 s" "$T_LOG"
	echo "# --- screen"; tmux_screen "$T_SESSION" | sed 's/^/#   /'
	exit 1
fi
t_ok "menu-select: the menu shows both titles"

# The second entry is the one drawn lower; the cursor starts on the first.
first=$(menu_rows "$T_SESSION" "$BLS_TITLE" "$GRUB_TITLE" | head -n 1 | cut -d' ' -f2-)
second=$(menu_rows "$T_SESSION" "$BLS_TITLE" "$GRUB_TITLE" | tail -n 1 | cut -d' ' -f2-)
want=$GRUB_CMDLINE
[ "$second" = "$BLS_TITLE" ] && want=$BLS_CMDLINE
key_down "$T_SESSION"
t_check "menu-select: Down (ESC [ B) moves the highlight to the second entry" \
	"the highlight stayed where it was" \
	menu_highlight_on "$T_SESSION" "$second" "$BLS_TITLE" "$GRUB_TITLE"
key_enter "$T_SESSION"

t_check "menu-select: Down + Enter boots the second entry ($second)" \
	"no BATON-TARGET-OK after Enter" wait_for BATON-TARGET-OK "$T_LOG" 40
got=$(target_cmdline "$T_LOG")
if [ "$got" = "$want" ]; then
	t_ok "menu-select: target command line is the second entry's"
else
	t_fail "menu-select: target command line is the second entry's" \
		"want [$want], got [$got] (first entry: $first)" "$T_LOG"
fi
qemu_wait_exit "$T_LOG" 15 || tmux_stop "$T_SESSION"
t_check "menu-select: the disks are unchanged" "disk image checksum changed" \
	test "$before" = "$(disks_sum "$DIR/gpt.img" "$DIR/mbr.img")"
