#!/bin/bash
# tests/qemu/test-loader-uki.sh - x86_64: a unified kernel image on the ESP (systemd-stub with .linux, .initrd, .cmdline, .osrel added by objcopy, as ukify does) boots with its own .cmdline and .initrd.
set -eu -o pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-uki.sh"

PRETTY="Baton UKI Test OS"
UKI_CMDLINE="console=ttyS0 quiet baton_e2e=uki from=.cmdline"

t_begin loader-uki
qemu_prepare
DIR=$(test_dir loader-uki)
T_LOG="$DIR/serial.log"

stub=$(uki_stub)
printf 'NAME="Baton"\nID=baton\nPRETTY_NAME="%s"\nVERSION_ID=1\n' "$PRETTY" >"$DIR/osrel"
printf '%s\n' "$UKI_CMDLINE" >"$DIR/cmdline"
mkdir -p "$DIR/esp/EFI/Linux"
uki_build "$DIR/esp/EFI/Linux/baton-test.efi" "$stub" osrel="$DIR/osrel" \
	cmdline="$DIR/cmdline" linux="$KERNEL_IMAGE" initrd="$TARGET_INITRD"
for s in .osrel .cmdline .linux .initrd; do
	objdump -h "$DIR/esp/EFI/Linux/baton-test.efi" | grep -q " \\$s " ||
		bq_die "the UKI has no $s section"
done
fs_vfat "$DIR/p1.img" 40 "$DIR/esp" BATONESP
disk_create "$DIR/disk.img" gpt "$DIR/p1.img:U"
before=$(disks_sum "$DIR/disk.img")

start=$SECONDS
# loglevel=7: baton's info lines (what it starts, and how) reach the console.
qemu_run "$T_LOG" 90 "baton.timeout=0 loglevel=7" "$DIR/disk.img" || true
bq_note "boot, kexec and target: $((SECONDS - start)) s ($QEMU_ACCEL)"

t_check "loader-uki: baton boots the UKI's entry (named by its .osrel)" \
	"no 'baton: booting ...$PRETTY' in baton's log" \
	baton_logged "${BATON_LOG_RE}booting .*$PRETTY" "$T_LOG"
t_check "loader-uki: baton starts it as a unified kernel image with kexec_file_load" \
	"no 'baton: starting x86_64 kernel vda1:/EFI/Linux/baton-test.efi (kexec_file_load)' on the console" \
	wait_for "${BATON_LOG_RE}starting x86_64 kernel vda1:/EFI/Linux/baton-test.efi \\(kexec_file_load\\)" "$T_LOG" 0
t_check "loader-uki: the target kernel runs (from .linux, with .initrd)" \
	"no BATON-TARGET-OK on the serial console" \
	wait_for BATON-TARGET-OK "$T_LOG" 0
got=$(target_cmdline "$T_LOG")
if [ "$got" = "$UKI_CMDLINE" ]; then
	t_ok "loader-uki: target command line is the UKI's .cmdline"
else
	t_fail "loader-uki: target command line is the UKI's .cmdline" \
		"want [$UKI_CMDLINE], got [$got]" "$T_LOG"
fi
t_check "loader-uki: the disk is unchanged" "disk image checksum changed" \
	test "$before" = "$(disks_sum "$DIR/disk.img")"
