#!/bin/bash
# tests/qemu/test-menu-headless.sh - headless = on: no menu on the serial console, baton's decisions printed there, the default boots.
set -eu -o pipefail
. "$(dirname "$0")/lib-menu.sh"

t_begin menu-headless
qemu_prepare
DIR=$(test_dir menu-headless)
T_LOG="$DIR/serial.log"
entries_disk "$DIR/bls" "$DIR/bls.img" BLSDISK alpha:"Alpha Linux" beta:"Beta Linux"
settings_disk "$DIR/settings.img" "headless = on
timeout = 1
default = Beta*"

boot_once "$T_LOG" 90 "" "$DIR/bls.img" "$DIR/settings.img"
expect_boot "menu-headless: the default boots" beta
t_check "menu-headless: the decision is on the console" \
	"no 'baton: autoboot: Beta Linux' on the serial console" \
	wait_for "baton: autoboot: Beta Linux in 1 s \(default matches its title\)" "$T_LOG" 0
t_check "menu-headless: the boot is on the console" "no 'baton: booting'" \
	wait_for "baton: booting Beta Linux" "$T_LOG" 0
t_check "menu-headless: no menu is drawn" "the menu was drawn" \
	sh -c "! tr -d '\r' <'$T_LOG' | grep -aq 'baton boot menu'"
