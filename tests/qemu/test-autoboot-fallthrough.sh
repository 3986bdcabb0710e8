#!/bin/bash
# tests/qemu/test-autoboot-fallthrough.sh - a default with a corrupt kernel fails and autoboot falls through to the next option; with fall_through=off it waits.
set -eu -o pipefail
. "$(dirname "$0")/lib-menu.sh"

t_begin autoboot-fallthrough
qemu_prepare
DIR=$(test_dir autoboot-fallthrough)
mkdir -p "$DIR/root"
payload "$DIR/root"
head -c 1M /dev/urandom >"$DIR/root/vmlinuz-corrupt"
bls_entry "$DIR/root" broken "Broken Linux" "$(e2e_cmdline broken)" /vmlinuz-corrupt
bls_entry "$DIR/root" good "Good Linux" "$(e2e_cmdline good)"
fs_ext4 "$DIR/p1.img" 40 "$DIR/root"
disk_create "$DIR/disk.img" gpt "$DIR/p1.img:L"

T_LOG="$DIR/on.log"
boot_once "$T_LOG" 90 "baton.timeout=0 baton.default=Broken*" "$DIR/disk.img"
t_check "autoboot-fallthrough: the corrupt kernel fails, with the reason" \
	"no 'boot failed' in baton's log" baton_said "$T_LOG" "Broken Linux.*(cannot|fail)"
t_check "autoboot-fallthrough: autoboot falls through" "no 'falling through'" \
	baton_said "$T_LOG" "falling through to the next option"
expect_boot "autoboot-fallthrough: the next option boots" good

T_LOG="$DIR/off.log"
boot_once "$T_LOG" 50 "baton.timeout=0 baton.default=Broken* baton.fall_through=off" "$DIR/disk.img"
t_check "autoboot-fallthrough: fall_through=off waits for a person" \
	"no 'fall_through is off'" baton_said "$T_LOG" "fall_through is off: waiting for a choice"
expect_boot "autoboot-fallthrough: and nothing boots" ""
