#!/bin/bash
# tests/qemu/test-bls-autoboot.sh - baton.timeout=0 autoboots a BLS entry on a GPT/ext4 disk with its exact command line.
set -eu -o pipefail
. "$(dirname "$0")/lib.sh"

TITLE="Baton E2E BLS"
OPTIONS='console=ttyS0 quiet baton_e2e=1 "quoted arg=a b" path=/x,y tail'

t_begin bls-autoboot
qemu_prepare
DIR=$(test_dir bls-autoboot)
T_LOG="$DIR/serial.log"

mkdir "$DIR/root"
payload "$DIR/root"
bls_entry "$DIR/root" test "$TITLE" "$OPTIONS"
fs_ext4 "$DIR/p1.img" 40 "$DIR/root"
disk_create "$DIR/disk.img" gpt "$DIR/p1.img:L"
before=$(disks_sum "$DIR/disk.img")

# loglevel=7: baton's lines also reach the console (see baton_logged).
qemu_run "$T_LOG" 60 "baton.timeout=0 loglevel=7" "$DIR/disk.img" || true

t_check "bls-autoboot: baton logs the entry it boots" \
	"no 'baton: booting $TITLE' in baton's log" \
	baton_logged "${BATON_LOG_RE}booting $TITLE" "$T_LOG"
t_check "bls-autoboot: the target kernel runs" \
	"no BATON-TARGET-OK on the serial console" \
	wait_for BATON-TARGET-OK "$T_LOG" 0
got=$(target_cmdline "$T_LOG")
if [ "$got" = "$OPTIONS" ]; then
	t_ok "bls-autoboot: target command line is the options line, exactly"
else
	t_fail "bls-autoboot: target command line is the options line, exactly" \
		"want [$OPTIONS], got [$got]" "$T_LOG"
fi
t_check "bls-autoboot: the disk is unchanged" "disk image checksum changed" \
	test "$before" = "$(disks_sum "$DIR/disk.img")"
