#!/bin/bash
# tests/qemu/test-autoboot-next.sh - a one-shot "next" in the saved settings boots once and is removed from the settings partition; the reboot after boots the default.
set -eu -o pipefail
. "$(dirname "$0")/lib-menu.sh"

t_begin autoboot-next
qemu_prepare
DIR=$(test_dir autoboot-next)
entries_disk "$DIR/bls" "$DIR/bls.img" BLSDISK alpha:"Alpha Linux" beta:"Beta Linux"
settings_disk "$DIR/settings.img" "timeout = 0
default = Alpha*
next = Beta*"
before=$(disks_sum "$DIR/bls.img")

T_LOG="$DIR/first.log"
boot_once "$T_LOG" 90 "" "$DIR/bls.img" "$DIR/settings.img"
expect_boot "autoboot-next: next boots once" beta
text=$(settings_text "$DIR/settings.img")
if grep -q '^next' <<<"$text"; then
	t_fail "autoboot-next: next is gone from the settings partition" "baton.conf: $text" "$T_LOG"
else
	t_ok "autoboot-next: next is gone from the settings partition"
fi
t_check "autoboot-next: the default stays saved" "baton.conf: $text" \
	grep -q '^default = Alph' <<<"$text"

T_LOG="$DIR/second.log"
boot_once "$T_LOG" 90 "" "$DIR/bls.img" "$DIR/settings.img"
expect_boot "autoboot-next: the reboot after boots the default" alpha
t_check "autoboot-next: the boot disk is unchanged" "disk image checksum changed" \
	test "$before" = "$(disks_sum "$DIR/bls.img")"
