#!/bin/bash
# tests/qemu/test-loader-x86-segments.sh - x86_64 without kexec_file_load:
# with baton.kexec_load=on the daemon loads a bzImage with kexec_load(2)
# and its own segments (zero page with the firmware's e820 map, command
# line, initrd, entry stub); the target kernel runs with the command line
# and the initrd, sees all of its RAM and finds the ACPI tables.
set -eu -o pipefail
. "$(dirname "$0")/lib.sh"

TITLE="Baton Segments"
OPTIONS="console=ttyS0 quiet baton_e2e=x86-segments"

t_begin loader-x86-segments
qemu_prepare
DIR=$(test_dir loader-x86-segments)
T_LOG="$DIR/serial.log"

# probe_initrd OUT: a later archive whose /init (it wins over the target
# initrd's) reports what the kexec'd kernel was given, using the target
# initrd's busybox.
probe_initrd() {
	report_initrd_build "$1" <<-'EOF'
	echo "TARGET-MEMTOTAL: $($bb awk '/^MemTotal:/ { print $2 }' /proc/meminfo)"
	echo "TARGET-ACPI: $($bb ls /sys/firmware/acpi/tables 2>/dev/null | $bb grep -c -e FACP -e APIC)"
	echo "TARGET-E820: $($bb dmesg | $bb grep -c 'BIOS-e820: .* usable')"
	EOF
}

mkdir -p "$DIR/root/loader/entries"
payload "$DIR/root"
probe_initrd "$DIR/root/initrd-probe.img"
cat >"$DIR/root/loader/entries/segments.conf" <<CFG
title $TITLE
linux /vmlinuz-target
initrd /initrd-target.img
initrd /initrd-probe.img
options $OPTIONS
CFG
fs_ext4 "$DIR/p1.img" 40 "$DIR/root"
disk_create "$DIR/disk.img" gpt "$DIR/p1.img:L"

start=$SECONDS
# loglevel=7: baton's info lines (what it starts, and how) reach the console.
qemu_run "$T_LOG" 120 "baton.timeout=0 baton.kexec_load=on loglevel=7" \
	"$DIR/disk.img" || true
bq_note "boot, kexec and target: $((SECONDS - start)) s ($QEMU_ACCEL)"

t_check "loader-x86-segments: baton logs the entry it boots" \
	"no 'baton: booting $TITLE' in baton's log" \
	baton_logged "${BATON_LOG_RE}booting $TITLE" "$T_LOG"
t_check "loader-x86-segments: baton starts it with kexec_load" \
	"no 'starting x86_64 kernel vda1:/vmlinuz-target (kexec_load)' on the console" \
	wait_for "${BATON_LOG_RE}starting x86_64 kernel vda1:/vmlinuz-target \(kexec_load\)" "$T_LOG" 0
t_check "loader-x86-segments: the target kernel runs" \
	"no BATON-TARGET-OK on the serial console" \
	wait_for BATON-TARGET-OK "$T_LOG" 0

# value_check NAME KEY TEST WANT: the target's "KEY: value" passes
# `test VALUE TEST WANT` (numbers: -gt, -ge; strings: =).
value_check() {
	local got
	got=$(target_value "$T_LOG" "$2")
	if [ -n "$got" ] && [ "$got" "$3" "$4" ]; then
		t_ok "loader-x86-segments: $1 ($2: $got)"
	else
		t_fail "loader-x86-segments: $1" "$2: [$got], want $3 $4" "$T_LOG"
	fi
}

value_check "the command line reached the kernel" TARGET-CMDLINE = "$OPTIONS"
# QEMU gives 1024 MiB; the firmware and the kernel itself keep some.
value_check "the e820 map gave the kernel all its RAM" TARGET-MEMTOTAL -gt 900000
value_check "the kernel read baton's e820 map (usable ranges)" TARGET-E820 -ge 2
value_check "the kernel found the ACPI tables (FACP, APIC)" TARGET-ACPI = 2
