#!/bin/bash
# tests/qemu/test-menu-serial.sh - the menu on the serial console (vt100): grouped and marked, Up moves, e edits the command line and Enter boots the edited copy.
set -eu -o pipefail
. "$(dirname "$0")/lib-menu.sh"

t_begin menu-serial
qemu_prepare
DIR=$(test_dir menu-serial)
T_LOG="$DIR/serial.log"
entries_disk "$DIR/bls" "$DIR/bls.img" BLSDISK alpha:"Alpha Linux" beta:"Beta Linux"

if ! serial_menu serial "$T_LOG" "baton.timeout=-1 baton.default=Alpha*" "$DIR/bls.img"; then
	t_fail "menu-serial: the menu is drawn on the serial console" "no menu" "$T_LOG"
	show_screen serial
	exit 1
fi
t_check "menu-serial: options under their source, default marked and selected" \
	"no 'vda1 (ext4, LABEL=BLSDISK)' / ' > * Alpha Linux'" \
	wait_for_screen serial 20 "vda1 \(ext4, LABEL=BLSDISK\)" "^ > \* Alpha Linux" "Beta Linux"
# BLS sorts Beta above Alpha: the selection (on the default) moves up
key_up serial
t_check "menu-serial: Up moves the selection" "Beta Linux not selected" \
	wait_for_screen serial 10 "^ >   Beta Linux"
key_char serial e
t_check "menu-serial: e opens the editor" "no editor" \
	wait_for_screen serial 10 "Kernel" "Command line" "Device tree"
key_down serial; sleep 0.3
key_down serial; sleep 0.3
key_end serial; sleep 0.3
type_text_serial serial " baton_edited=yes"
key_enter serial
t_check "menu-serial: the edited copy boots" "no BATON-TARGET-OK" \
	wait_for BATON-TARGET-OK "$T_LOG" 60
wait_for "TARGET-CMDLINE" "$T_LOG" 10 || true
got=$(target_cmdline "$T_LOG")
want="$(e2e_cmdline beta) baton_edited=yes"
if [ "$got" = "$want" ]; then
	t_ok "menu-serial: with the edited command line"
else
	t_fail "menu-serial: with the edited command line" "want [$want], got [$got]" "$T_LOG"
fi
qemu_wait_exit "$T_LOG" 15 || true
