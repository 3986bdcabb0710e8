#!/bin/bash
# tests/qemu/test-discover-hotplug.sh - while the menu shows: a virtio disk hot-added through QEMU's monitor (drive_add + device_add) appears in `baton list` and the menu, and leaves both on device_del; a CD inserted into an empty drive (change) adds its entry, the eject button removes it, another CD adds its own.
set -eu -o pipefail
. "$(dirname "$0")/lib-discover.sh"

BASE_TITLE="Baton Base Disk"
STICK_TITLE="Baton Hotplug Stick"
CD_TITLE="Baton Hotplug CD"
CD2_TITLE="Baton Second CD"

t_begin discover-hotplug
qemu_prepare
DIR=$(test_dir discover-hotplug)
T_LOG="$DIR/serial.log"
T_SESSION=discover-hotplug

mkdir -p "$DIR/base" "$DIR/stick" "$DIR/cd/boot/grub"
payload "$DIR/base"
bls_entry "$DIR/base" base "$BASE_TITLE" "console=ttyS0 quiet"
head -c 4096 /dev/urandom >"$DIR/stick/vmlinuz-stick"
bls_entry "$DIR/stick" stick "$STICK_TITLE" "console=ttyS0 quiet" /vmlinuz-stick
head -c 4096 /dev/urandom >"$DIR/cd/boot/vmlinuz"
printf 'menuentry "%s" {\n\tlinux /boot/vmlinuz quiet\n}\n' "$CD_TITLE" >"$DIR/cd/boot/grub/grub.cfg"
fs_ext4 "$DIR/p1.img" 40 "$DIR/base"
disk_create "$DIR/base.img" gpt "$DIR/p1.img:L"
fs_vfat "$DIR/s1.img" 34 "$DIR/stick" STICK
disk_create "$DIR/stick.img" dos "$DIR/s1.img:c"
fs_iso "$DIR/cd.iso" "$DIR/cd" BATONCD
sed -i "s/$CD_TITLE/$CD2_TITLE/" "$DIR/cd/boot/grub/grub.cfg"
fs_iso "$DIR/cd2.iso" "$DIR/cd" BATONCD2
IMAGES=("$DIR/base.img" "$DIR/stick.img" "$DIR/cd.iso" "$DIR/cd2.iso")
before=$(dq_sums "${IMAGES[@]}")

# an empty CD drive on virtio-scsi (sr0), polled for media by baton
DQ_EXTRA=(-device virtio-scsi-pci,id=scsi0
	-drive if=none,id=cd0,media=cdrom,readonly=on
	-device scsi-cd,drive=cd0,bus=scsi0.0,id=cddev)
dq_start "$T_SESSION" "$T_LOG" 400 "baton.timeout=-1" "$DIR/base.img"
show_screen() { echo "# --- screen"; tmux_screen "$T_SESSION" | sed 's/^/#   /'; }

if ! wait_for_screen "$T_SESSION" 120 "$BASE_TITLE" || ! dq_sh_wait 60; then
	t_fail "discover-hotplug: the menu and the guest's shell are up" "not after 180 s" "$T_LOG"
	show_screen
	exit 1
fi
t_ok "discover-hotplug: the menu shows the first disk's entry"

# in_list TITLE: the guest's `baton list` has TITLE
in_list() { dq_titles 2>/dev/null | cut -f2 | grep -qxF "$1"; }

# wait_list yes|no TITLE SECS: TITLE comes (yes) or goes (no) from the list;
# prints the seconds it took
wait_list() {
	local want=$1 title=$2 end=$((SECONDS + $3)) t0=${EPOCHREALTIME/./}
	while [ $SECONDS -lt $end ]; do
		if in_list "$title"; then [ "$want" = yes ] && break
		else [ "$want" = no ] && break
		fi
		sleep 0.2
	done
	echo "# $title: $want after $(bq_since "$t0") s (host time, TCG)"
	if in_list "$title"; then [ "$want" = yes ]; else [ "$want" = no ]; fi
}

screen_lacks() {   # screen_lacks SECS TEXT: TEXT leaves the screen
	local end=$((SECONDS + $1))
	while [ $SECONDS -lt $end ]; do
		tmux_screen "$T_SESSION" | grep -qF "$2" || return 0
		sleep 0.3
	done
	return 1
}

dq_mon "drive_add 0 if=none,id=stick0,file=$DIR/stick.img,format=raw" >>"$DIR/monitor.txt"
dq_mon "device_add virtio-blk-pci,drive=stick0,id=stickdev" >>"$DIR/monitor.txt"
t_check "discover-hotplug: a hot-added disk appears in baton list" "not listed after 60 s" \
	wait_list yes "$STICK_TITLE" 60
if wait_for_screen "$T_SESSION" 30 "$BASE_TITLE" "$STICK_TITLE"; then
	t_ok "discover-hotplug: and in the menu"
else
	t_fail "discover-hotplug: and in the menu" "title not on screen" "$T_LOG"
	show_screen
fi

dq_mon "device_del stickdev" >>"$DIR/monitor.txt"
t_check "discover-hotplug: removed (device_del), it leaves baton list" "still listed after 60 s" \
	wait_list no "$STICK_TITLE" 60
# The kernel's notice about the new disk scrolled the serial console under
# the menu, out of curses' sight: redraw (Ctrl-L) before reading the screen.
redraw() { tmux_keys "$T_SESSION" 0c; sleep 1; }
redraw
if screen_lacks 30 "$STICK_TITLE" && tmux_screen "$T_SESSION" | grep -qF "$BASE_TITLE"; then
	t_ok "discover-hotplug: and the menu"
else
	t_fail "discover-hotplug: and the menu" "title still on screen" "$T_LOG"
	show_screen
fi
t_check "discover-hotplug: baton's log says the disk went" "no 'gone' line" \
	grep -aq "vdb1: gone" "$(baton_log "$T_LOG")"

dq_mon "change cd0 $DIR/cd.iso raw read-only" >>"$DIR/monitor.txt"
t_check "discover-hotplug: a CD inserted is listed" "not listed after 60 s" \
	wait_list yes "$CD_TITLE" 60
t_check "discover-hotplug: and shown in the menu" "title not on screen" \
	wait_for_screen "$T_SESSION" 30 "$CD_TITLE"
# the eject button: the drive is locked while mounted, so the kernel
# reports an eject request; baton unmounts, and a second press opens it
dq_mon "eject cd0" >>"$DIR/monitor.txt"
t_check "discover-hotplug: the eject button takes the CD off the list" "still listed after 60 s" \
	wait_list no "$CD_TITLE" 60
redraw
t_check "discover-hotplug: and off the menu" "title still on screen" screen_lacks 30 "$CD_TITLE"
dq_mon "eject cd0" >>"$DIR/monitor.txt"
dq_mon "change cd0 $DIR/cd2.iso raw read-only" >>"$DIR/monitor.txt"
t_check "discover-hotplug: another CD in the drive is listed" "not listed after 60 s" \
	wait_list yes "$CD2_TITLE" 60

# the first disk still boots
redraw
wait_for_screen "$T_SESSION" 30 "$BASE_TITLE" "$CD2_TITLE" || true
menu_choose "$T_SESSION" "$BASE_TITLE" "$BASE_TITLE" "$BASE_TITLE" "$CD2_TITLE" || true
t_check "discover-hotplug: the first disk's entry still boots" "no BATON-TARGET-OK" \
	wait_for BATON-TARGET-OK "$T_LOG" 90
qemu_wait_exit "$T_LOG" 15 || true
dq_stop "$T_SESSION"
t_check "discover-hotplug: the images are unchanged" "checksums differ" \
	test "$before" = "$(dq_sums "${IMAGES[@]}")"
