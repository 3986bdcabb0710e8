#!/bin/bash
# tests/qemu/test-boot-failure.sh - a garbage kernel fails with a logged reason, the menu stays and the good entry still boots.
set -eu -o pipefail
. "$(dirname "$0")/lib.sh"

BAD_TITLE="Baton Broken Entry"
GOOD_TITLE="Baton Good Entry"
GOOD_CMDLINE="console=ttyS0 quiet baton_e2e=good"

t_begin boot-failure
qemu_prepare
DIR=$(test_dir boot-failure)
T_LOG="$DIR/serial.log"
T_SESSION=boot-failure

mkdir "$DIR/root"
payload "$DIR/root"
head -c 2M /dev/urandom >"$DIR/root/vmlinuz-garbage"   # not a kernel of any kind
bls_entry "$DIR/root" broken "$BAD_TITLE" "console=ttyS0 baton_e2e=broken" /vmlinuz-garbage
bls_entry "$DIR/root" good "$GOOD_TITLE" "$GOOD_CMDLINE"
fs_ext4 "$DIR/p1.img" 40 "$DIR/root"
disk_create "$DIR/disk.img" gpt "$DIR/p1.img:L"
before=$(disks_sum "$DIR/disk.img")

qemu_tmux_start "$T_SESSION" "$T_LOG" 90 "baton.timeout=-1" "$DIR/disk.img"

show_screen() { echo "# --- screen"; tmux_screen "$T_SESSION" | sed 's/^/#   /'; }

if ! wait_for_screen "$T_SESSION" 45 "$BAD_TITLE" "$GOOD_TITLE"; then
	t_fail "boot-failure: the menu shows both titles" "titles not on screen after 45 s" "$T_LOG"
	show_screen
	exit 1
fi
t_ok "boot-failure: the menu shows both titles"

# choose TITLE GUESS: move to TITLE and press Enter; a failure ends the test.
choose() {
	local rc=0
	menu_choose "$T_SESSION" "$1" "$2" "$BAD_TITLE" "$GOOD_TITLE" || rc=$?
	[ $rc = 0 ] && return 0
	if [ $rc = 2 ]; then
		t_fail "boot-failure: Down/Up move the highlight to '$1'" \
			"the highlight did not move with ESC [ B / ESC [ A" "$T_LOG"
	else
		t_fail "boot-failure: both titles on screen to choose '$1'" "a title is gone" "$T_LOG"
	fi
	show_screen
	exit 1
}

first=$(menu_rows "$T_SESSION" "$BAD_TITLE" "$GOOD_TITLE" | head -n 1 | cut -d' ' -f2-)
choose "$BAD_TITLE" "$first"

t_check "boot-failure: the daemon logs why the boot failed" \
	"no 'baton: boot failed:' in baton's log" \
	wait_for "${BATON_LOG_RE}(error: )?boot failed: " "$(baton_log "$T_LOG")" 30
t_check "boot-failure: no kernel was started" "the target ran" \
	sh -c "! tr -d '\r' <'$T_LOG' | grep -aq BATON-TARGET-OK"
sleep 2
if wait_for_screen "$T_SESSION" 15 "$BAD_TITLE" "$GOOD_TITLE"; then
	t_ok "boot-failure: the menu is drawn again with its titles"
else
	t_fail "boot-failure: the menu is drawn again with its titles" "titles gone from screen" "$T_LOG"
	show_screen
fi

choose "$GOOD_TITLE" "$BAD_TITLE"
t_check "boot-failure: the good entry boots afterwards" \
	"no BATON-TARGET-OK after choosing '$GOOD_TITLE'" wait_for BATON-TARGET-OK "$T_LOG" 40
got=$(target_cmdline "$T_LOG")
if [ "$got" = "$GOOD_CMDLINE" ]; then
	t_ok "boot-failure: target command line is the good entry's"
else
	t_fail "boot-failure: target command line is the good entry's" "want [$GOOD_CMDLINE], got [$got]" "$T_LOG"
fi
qemu_wait_exit "$T_LOG" 15 || tmux_stop "$T_SESSION"
t_check "boot-failure: the disk is unchanged" "disk image checksum changed" \
	test "$before" = "$(disks_sum "$DIR/disk.img")"
