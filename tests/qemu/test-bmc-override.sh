#!/bin/bash
# tests/qemu/test-bmc-override.sh - the BMC's boot override, driven from the host as an admin does (ipmitool -I lanplus against OpenIPMI's ipmi_sim, ../shared/tools/bmc-sim), on the generic kernel, which has the IPMI drivers: the default is a disk entry; `chassis bootdev cdrom` boots the CD's entry once, reads back as "No override", and the next boot is the default again; each OS boot is in the BMC's System Event Log; `bootdev bios` leaves the menu waiting with the reason shown and is cleared (ipmi_sim 2.0.33 refuses `bootdev safe`, the other selector that means "wait": tests/system/test-bmc-override.sh has it).
set -eu -o pipefail
. "$(dirname "$0")/lib-menu.sh"
. "$(dirname "$0")/lib-discover.sh"   # fs_iso
. "$(dirname "$0")/lib-bmc.sh"

t_begin bmc-override
bmc_skip_unless_ready
qemu_prepare generic
DIR=$(test_dir bmc-override)

trap 'rc=$?; bmc_stop; (exit $rc); t_on_exit' EXIT
bmc_start "$DIR/bmc"
admin sel clear >/dev/null

entries_disk "$DIR/disk" "$DIR/disk.img" BMCDISK disk:"Disk Linux"
rm -rf "$DIR/cd"
payload "$DIR/cd"
bls_entry "$DIR/cd" cd "CD Linux" "$(e2e_cmdline cd)"
fs_iso "$DIR/cd.iso" "$DIR/cd" BMCCD
QEMU_DEVICES="$BMC_FLAGS -device virtio-scsi-pci,id=scsi0
	-drive file=$DIR/cd.iso,if=none,id=cd0,format=raw,media=cdrom,readonly=on
	-device scsi-cd,drive=cd0,bus=scsi0.0"
APPEND="baton.timeout=1 baton.default=Disk*"

T_LOG="$DIR/none.log"
boot_once "$T_LOG" 150 "$APPEND" "$DIR/disk.img"
expect_boot "bmc-override: no override: the default, a disk entry" disk
t_check "bmc-override: baton read the BMC through /dev/ipmi0" \
	"no 'bmc: the BMC asks for no boot override' in baton's log" \
	baton_said "$T_LOG" "bmc: the BMC asks for no boot override"

admin chassis bootdev cdrom >/dev/null
T_LOG="$DIR/cdrom.log"
boot_once "$T_LOG" 150 "$APPEND" "$DIR/disk.img"
expect_boot "bmc-override: bootdev cdrom boots the CD's entry" cd
t_check "bmc-override: the status line says the BMC chose, and what" \
	"no 'autoboot: CD Linux in 1 s (the BMC asks for CD/DVD (one-shot))'" \
	baton_said "$T_LOG" "autoboot: CD Linux in 1 s \(the BMC asks for CD/DVD \(one-shot\)\)"
t_check "bmc-override: the flag reads back as No override" \
	"chassis bootparam get 5: $(bmc_flags)" bmc_no_override
# ipmi_sim takes no Platform Event: baton adds the event to the SEL itself
t_check "bmc-override: baton told the BMC of each OS boot" \
	"no 'the OS boot reported' in baton's log" \
	baton_said "$T_LOG" "one-shot override cleared; the OS boot reported"
sel=$(admin sel list)
t_check "bmc-override: the SEL holds both OS boots" "sel list: $sel" \
	test "$(grep -c 'System Firmware.*System boot initiated' <<<"$sel")" -eq 2

T_LOG="$DIR/after.log"
boot_once "$T_LOG" 150 "$APPEND" "$DIR/disk.img"
expect_boot "bmc-override: the next boot is the default again" disk

admin chassis bootdev bios >/dev/null
T_LOG="$DIR/bios.log"
boot_once "$T_LOG" 60 "$APPEND" "$DIR/disk.img"
expect_boot "bmc-override: bootdev bios: nothing boots by itself" ""
t_check "bmc-override: bootdev bios: the menu waits with the reason shown" \
	"no 'the BMC asks for BIOS setup (one-shot): no autoboot' on the console" \
	wait_for "the BMC asks for BIOS setup \(one-shot\): no autoboot" "$T_LOG" 0
t_check "bmc-override: bootdev bios: cleared once honoured" \
	"chassis bootparam get 5: $(bmc_flags)" bmc_no_override
t_done
