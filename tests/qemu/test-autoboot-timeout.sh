#!/bin/bash
# tests/qemu/test-autoboot-timeout.sh - timeout 0 boots at once; timeout -1 shows the menu and waits until Enter.
set -eu -o pipefail
. "$(dirname "$0")/lib-menu.sh"

t_begin autoboot-timeout
qemu_prepare
DIR=$(test_dir autoboot-timeout)
entries_disk "$DIR/bls" "$DIR/bls.img" BLSDISK alpha:"Alpha Linux"

T_LOG="$DIR/zero.log"
boot_once "$T_LOG" 90 "baton.timeout=0" "$DIR/bls.img"
expect_boot "autoboot-timeout: timeout 0 boots" alpha
t_check "autoboot-timeout: at once" "no 'in 0 s' in baton's log" \
	baton_said "$T_LOG" "autoboot: Alpha Linux in 0 s"

T_LOG="$DIR/wait.log"
if ! serial_menu wait "$T_LOG" "baton.timeout=-1" "$DIR/bls.img"; then
	t_fail "autoboot-timeout: timeout -1 shows the menu" "no menu" "$T_LOG"
	show_screen wait
	exit 1
fi
t_check "autoboot-timeout: timeout -1 waits for a choice" \
	"no 'waiting for a choice'" \
	wait_for "waiting for a choice" "$(baton_log "$T_LOG")" 30
sleep 8
t_check "autoboot-timeout: nothing boots by itself" "the target ran" \
	sh -c "! tr -d '\r' <'$T_LOG' | grep -aq BATON-TARGET-OK"
t_check "autoboot-timeout: no countdown on the screen" "a countdown shows" \
	sh -c "! tmux -L '$BQ_TMUX_SOCK' capture-pane -p -t wait | grep -q Booting"
key_enter wait
t_check "autoboot-timeout: Enter boots" "no BATON-TARGET-OK after Enter" \
	wait_for BATON-TARGET-OK "$T_LOG" 60
qemu_wait_exit "$T_LOG" 15 || true
