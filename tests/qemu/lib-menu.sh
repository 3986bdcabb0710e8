# tests/qemu/lib-menu.sh - helpers for the menu and autoboot tests in QEMU
# (test-menu-*.sh, test-autoboot-*.sh); sources lib.sh.
#
#   entries_disk DIR IMG LABEL NAME:TITLE...   a GPT/ext4 disk whose BLS
#       entries NAME boot the target with "console=ttyS0 baton_e2e=NAME"
#   settings_disk IMG TEXT      a disk whose vfat partition is labelled
#       BATON and holds TEXT as /baton.conf (baton's settings store)
#   settings_text IMG           /baton.conf as it is now on that disk
#   boot_once LOG SECS APPEND DISK...   a batch boot; TARGET_GOT is the
#       e2e name the target kernel was booted with ("" when none)
#   expect_boot NAME WANT       ok when TARGET_GOT is WANT
#   ssh_initramfs TEST DIR VAR=KEYS   an initramfs with dropbear and KEYS
#       (VAR: SSH_KEYS or SSH_AUTHORIZED_KEYS) in DIR, made BATON_INITRAMFS
#   ssh_net                     QEMU_NET: user networking, no way out,
#       the guest's port 22 at 127.0.0.1:$PORT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# e2e_cmdline NAME: the command line an entry NAME boots with.
e2e_cmdline() { echo "console=ttyS0 quiet baton_e2e=$1"; }

entries_disk() {
	local dir=$1 img=$2 label=$3 spec name title
	shift 3
	rm -rf "$dir"
	mkdir -p "$dir"
	payload "$dir"
	for spec in "$@"; do
		name=${spec%%:*}
		title=${spec#*:}
		bls_entry "$dir" "$name" "$title" "$(e2e_cmdline "$name")"
	done
	fs_ext4 "$img.p1" 40 "$dir" "$label"
	disk_create "$img" gpt "$img.p1:L"
}

settings_disk() {
	local img=$1 text=$2 dir
	dir=$(mktemp -d "$BQ_WORK/settings.XXXXXX")
	printf '%s\n' "$text" >"$dir/baton.conf"
	fs_vfat "$img.p1" 8 "$dir" BATON
	disk_create "$img" dos "$img.p1:c"
	rm -rf "$dir"
}

# The vfat partition starts at 1 MiB (disk_create aligns it there).
settings_text() { MTOOLS_SKIP_CHECK=1 mtype -i "$1@@1M" ::baton.conf 2>/dev/null | tr -d '\r'; }

boot_once() {
	local log=$1 secs=$2 append=$3
	shift 3
	qemu_run "$log" "$secs" "$append" "$@" || true
	TARGET_GOT=$(target_cmdline "$log" | sed -n 's/.*baton_e2e=\([^ ]*\).*/\1/p')
}

expect_boot() {
	if [ "$TARGET_GOT" = "$2" ]; then
		t_ok "$1"
	else
		t_fail "$1" "want the target booted from entry [$2], got [${TARGET_GOT:-nothing}]" "${T_LOG:-}"
	fi
}

# baton_said LOG PATTERN: baton's log for a run logged to LOG has PATTERN.
baton_said() { wait_for "$2" "$(baton_log "$1")" 0; }

# type_text_serial SESSION TEXT: TEXT typed on the serial console.
type_text_serial() {
	local hex
	hex=$(printf '%s' "$2" | od -An -tx1 | tr -s ' \n' ' ')
	# shellcheck disable=SC2086
	tmux_keys "$1" $hex
	sleep 0.3
}
key_end() { tmux_keys "$1" 1b 5b 46; }     # ESC [ F
key_ctrl_u() { tmux_keys "$1" 15; }
key_char() { tmux_keys "$1" "$(printf '%02x' "'$2")"; }

# serial_menu SESSION LOG APPEND DISK...: boot with the menu on the serial
# console in tmux; true once the menu is drawn.
serial_menu() {
	local session=$1 log=$2 append=$3
	shift 3
	T_SESSION=$session
	qemu_tmux_start "$session" "$log" 150 "$append" "$@"
	wait_for_screen "$session" 60 "baton boot menu"
}

show_screen() { echo "# --- screen"; tmux_screen "$1" | sed 's/^/#   /'; }

ssh_initramfs() {
	local test=$1 dir=$2
	env "$3" BATON="$BQ_BATON" OUT="$dir/ssh-initramfs.cpio.gz" \
		O="$dir" KMOD_DIR="$KERNEL_DIR" ARCH="$BQ_ARCH" \
		"$BQ_REPO/initramfs/mkinitramfs.sh" >"$dir/mkinitramfs.log" 2>&1 ||
		{ cat "$dir/mkinitramfs.log"; bq_die "mkinitramfs.sh with SSH keys failed"; }
	t_check "$test: mkinitramfs adds dropbear and the key" "no note in its output" \
		grep -q "dropbear: added, with 1 key" "$dir/mkinitramfs.log"
	BATON_INITRAMFS="$dir/ssh-initramfs.cpio.gz"
}

ssh_net() {
	PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	QEMU_NET="-nic user,model=virtio-net-pci,restrict=on,hostfwd=tcp:127.0.0.1:$PORT-:22"
}
