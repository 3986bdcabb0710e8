#!/bin/bash
# tests/qemu/test-bmc-pxe.sh - `ipmitool chassis bootdev pxe` on the host (the simulated BMC of lib-bmc.sh) with a machine that has a disk whose default autoboots and a NIC on the network rig of lib-net.sh: the network option boots once (when the countdown ends before the lease's lookup, baton waits for it), the flag reads back as "No override", the next boot is the disk's default again; with `bootdev pxe` and no network option (dnsmasq serving no config), the disk's default boots, without waiting out the 30 s bound, and baton says why.
set -eu -o pipefail
. "$(dirname "$0")/lib-menu.sh"
. "$(dirname "$0")/lib-discover.sh"
QN_TAG=bmcpxe
. "$(dirname "$0")/lib-net.sh"
. "$(dirname "$0")/lib-bmc.sh"

# baton_never_said LOG PATTERN: baton's log for LOG is there, without PATTERN
baton_never_said() { [ -s "$(baton_log "$1")" ] && ! baton_said "$1" "$2"; }

t_begin bmc-pxe
qn_skip_unless_root bmc-pxe
bmc_skip_unless_ready
qemu_prepare generic
DIR=$(test_dir bmc-pxe)

qn_setup "$DIR"
trap 'rc=$?; bmc_stop; (exit $rc); qn_on_exit' EXIT
# QEMU runs in the rig's namespace: so does the BMC it talks to, and the
# admin reaches its LAN side there
bmc_start "$DIR/bmc" ip netns exec "$QN_NS"
QEMU_DEVICES=$BMC_FLAGS

entries_disk "$DIR/disk" "$DIR/disk.img" BMCPXE disk:"Disk Linux"
payload "$QN_TFTP"
mkdir -p "$QN_TFTP/pxelinux.cfg"
printf 'DEFAULT net\nLABEL net\n  MENU LABEL Net Linux\n  KERNEL vmlinuz-target\n  INITRD initrd-target.img\n  APPEND %s\n' \
	"$(e2e_cmdline net)" >"$QN_TFTP/pxelinux.cfg/default"
qn_dnsmasq --dhcp-option=66,"$QN_SRV4" --dhcp-option=67,pxelinux.0
APPEND="baton.timeout=1 baton.default=Disk*"

admin chassis bootdev pxe >/dev/null
T_LOG="$DIR/pxe.log"
boot_once "$T_LOG" 400 "$APPEND" "$DIR/disk.img"
expect_boot "bmc-pxe: bootdev pxe boots the network option" net
t_check "bmc-pxe: its kernel came over TFTP" \
	"dnsmasq log: $(tail -3 "$QN_DIR/dnsmasq.log")" \
	grep -q "sent .*vmlinuz-target" "$QN_DIR/dnsmasq.log"
t_check "bmc-pxe: baton says the BMC chose, and what" \
	"no 'Net Linux ... the BMC asks for PXE (one-shot)' in baton's log" \
	baton_said "$T_LOG" "Net Linux.*\(the BMC asks for PXE \(one-shot\)\)"
t_check "bmc-pxe: the flag reads back as No override" \
	"chassis bootparam get 5: $(bmc_flags)" bmc_no_override

T_LOG="$DIR/after.log"
boot_once "$T_LOG" 400 "$APPEND" "$DIR/disk.img"
expect_boot "bmc-pxe: the next boot, with the network option there, is the disk's default again" disk

rm -rf "$QN_TFTP/pxelinux.cfg"
admin chassis bootdev pxe >/dev/null
T_LOG="$DIR/noconfig.log"
boot_once "$T_LOG" 400 "$APPEND" "$DIR/disk.img"
expect_boot "bmc-pxe: bootdev pxe with no network option boots the disk's default" disk
t_check "bmc-pxe: with no network option, baton says why the disk boots" \
	"no '... the BMC asks for PXE (one-shot), but no such option can boot' in baton's log" \
	baton_said "$T_LOG" "the BMC asks for PXE \(one-shot\), but no such option can boot"
t_check "bmc-pxe: with no network option, baton does not wait out the 30 s once the lookup found nothing" \
	"'no network option came in 30 s' in baton's log" \
	baton_never_said "$T_LOG" "no network option came in"
t_check "bmc-pxe: the unmet one-shot override is cleared by the boot that follows" \
	"chassis bootparam get 5: $(bmc_flags)" bmc_no_override
t_done
