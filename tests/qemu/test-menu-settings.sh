#!/bin/bash
# tests/qemu/test-menu-settings.sh - the settings screen saves default and timeout to the partition labelled BATON; after a reboot of the VM they are used.
set -eu -o pipefail
. "$(dirname "$0")/lib-menu.sh"

t_begin menu-settings
qemu_prepare
DIR=$(test_dir menu-settings)
T_LOG="$DIR/first.log"
entries_disk "$DIR/bls" "$DIR/bls.img" BLSDISK alpha:"Alpha Linux" beta:"Beta Linux"
settings_disk "$DIR/settings.img" "timeout = -1"

if ! serial_menu set "$T_LOG" "" "$DIR/bls.img" "$DIR/settings.img"; then
	t_fail "menu-settings: the menu is drawn" "no menu" "$T_LOG"
	show_screen set
	exit 1
fi
wait_for_screen set 20 "Alpha Linux" "Beta Linux" || true
key_char set c
t_check "menu-settings: c opens the settings, saved on the BATON partition" \
	"no settings screen" wait_for_screen set 15 "Settings, saved to: file /baton.conf" \
	"timeout +-1 +\(saved\)"
key_enter set; sleep 0.5
key_ctrl_u set
type_text_serial set 0
key_enter set
t_check "menu-settings: timeout 0 is saved" "timeout not 0 on screen" \
	wait_for_screen set 20 "timeout +0 +\(saved\)"
key_down set; sleep 0.3
key_enter set; sleep 0.5
key_ctrl_u set
type_text_serial set "Beta*"
key_enter set
t_check "menu-settings: default Beta* is saved" "default not on screen" \
	wait_for_screen set 20 "default +Beta\* +\(saved\)"
key_char set q
wait_for_screen set 10 "baton boot menu" || true
# boot Alpha by hand this time
menu_choose set "Alpha Linux" "Alpha Linux" "Alpha Linux" "Beta Linux" || true
t_check "menu-settings: Alpha boots by hand" "no BATON-TARGET-OK" \
	wait_for BATON-TARGET-OK "$T_LOG" 60
qemu_wait_exit "$T_LOG" 15 || tmux_stop set
text=$(settings_text "$DIR/settings.img")
t_check "menu-settings: the partition holds the new settings" "baton.conf: $text" \
	grep -qx 'default = Beta\*' <<<"$text"

T_LOG="$DIR/second.log"
boot_once "$T_LOG" 90 "" "$DIR/bls.img" "$DIR/settings.img"
expect_boot "menu-settings: after a reboot the saved default autoboots" beta
t_check "menu-settings: at once (the saved timeout)" "no 'in 0 s'" \
	baton_said "$T_LOG" "autoboot: Beta Linux in 0 s"
