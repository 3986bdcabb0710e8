#!/bin/bash
# tests/qemu/test-autoboot-efi.sh - on a UEFI machine (OVMF) with no settings partition, the settings screen saves to an EFI variable; after a reboot of the VM (same variable store) the saved default autoboots.
set -eu -o pipefail
. "$(dirname "$0")/lib-menu.sh"

t_begin autoboot-efi
CODE=/usr/share/OVMF/OVMF_CODE_4M.fd
VARS=/usr/share/OVMF/OVMF_VARS_4M.fd
if [ ! -f "$CODE" ] || [ ! -f "$VARS" ]; then
	t_ok "autoboot-efi: # SKIP no OVMF firmware (apt-get install ovmf)"
	exit 0
fi
qemu_prepare
DIR=$(test_dir autoboot-efi)
T_LOG="$DIR/first.log"
entries_disk "$DIR/bls" "$DIR/bls.img" BLSDISK alpha:"Alpha Linux" beta:"Beta Linux"
cp "$VARS" "$DIR/vars.fd"
QEMU_NET="-nic none -drive if=pflash,format=raw,readonly=on,file=$CODE -drive if=pflash,format=raw,file=$DIR/vars.fd"

if ! serial_menu efi "$T_LOG" "baton.timeout=-1" "$DIR/bls.img"; then
	t_fail "autoboot-efi: the menu is drawn under UEFI" "no menu" "$T_LOG"
	show_screen efi
	exit 1
fi
wait_for_screen efi 20 "Alpha Linux" "Beta Linux" || true
key_char efi c
t_check "autoboot-efi: the settings are saved in an EFI variable" "no 'EFI variable' on the settings screen" \
	wait_for_screen efi 15 "saved to: EFI variable BatonConfig"
key_enter efi; sleep 0.5
key_ctrl_u efi
type_text_serial efi 0
key_enter efi
wait_for_screen efi 20 "timeout +-1 +\(kernel command line\)" || true
key_down efi; sleep 0.3
key_enter efi; sleep 0.5
key_ctrl_u efi
type_text_serial efi "Beta*"
key_enter efi
t_check "autoboot-efi: default Beta* is saved" "default not on screen" \
	wait_for_screen efi 20 "default +Beta\* +\(saved\)"
t_check "autoboot-efi: the daemon wrote the variable" "no 'saved to EFI variable' in baton's log" \
	wait_for "settings: saved to EFI variable" "$(baton_log "$T_LOG")" 10
key_char efi q
wait_for_screen efi 10 "baton boot menu" || true
menu_choose efi "Alpha Linux" "Alpha Linux" "Alpha Linux" "Beta Linux" || true
t_check "autoboot-efi: Alpha boots by hand" "no BATON-TARGET-OK" \
	wait_for BATON-TARGET-OK "$T_LOG" 90
qemu_wait_exit "$T_LOG" 20 || tmux_stop efi

T_LOG="$DIR/second.log"
boot_once "$T_LOG" 150 "" "$DIR/bls.img"
expect_boot "autoboot-efi: after a reboot the saved default and timeout apply" beta
t_check "autoboot-efi: read back from the variable" "no 'read from EFI variable'" \
	baton_said "$T_LOG" "settings: read from EFI variable"
