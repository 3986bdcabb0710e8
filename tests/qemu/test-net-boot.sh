#!/bin/bash
# tests/qemu/test-net-boot.sh - network boot end to end: a machine with no disk, its NIC a tap on the rig of lib-net.sh with dnsmasq as DHCP and TFTP server; with baton.timeout=0 the daemon brings the NIC up, gets a lease, finds pxelinux.cfg/01-<mac> (chosen over default), fetches its kernel and initrd over TFTP into tmpfs (the progress on the menu's status line) and boots them, with BOOTIF= (IPAPPEND 2) on the target's command line.
set -eu -o pipefail
. "$(dirname "$0")/lib-menu.sh"
. "$(dirname "$0")/lib-discover.sh"
QN_TAG=netd
. "$(dirname "$0")/lib-net.sh"

t_begin net-boot
qn_skip_unless_root net-boot
qemu_prepare
DIR=$(test_dir net-boot)
T_LOG="$DIR/serial.log"

qn_setup "$DIR"
trap qn_on_exit EXIT
payload "$QN_TFTP"
mkdir -p "$QN_TFTP/pxelinux.cfg"
printf 'DEFAULT mine\nLABEL mine\n  KERNEL vmlinuz-target\n  INITRD initrd-target.img\n  APPEND %s\n  IPAPPEND 2\n' \
	"$(e2e_cmdline mac)" >"$QN_TFTP/pxelinux.cfg/01-${QN_MAC//:/-}"
printf 'DEFAULT other\nLABEL other\n  KERNEL vmlinuz-target\n  INITRD initrd-target.img\n  APPEND %s\n' \
	"$(e2e_cmdline default)" >"$QN_TFTP/pxelinux.cfg/default"
qn_dnsmasq --dhcp-option=66,"$QN_SRV4" --dhcp-option=67,pxelinux.0

boot_once "$T_LOG" 400 "baton.timeout=0"
expect_boot "net-boot: a diskless machine boots the kernel 01-<mac> names over TFTP" mac
cmd=$(target_cmdline "$T_LOG" || true)
t_check "net-boot: with BOOTIF= on the target's command line" "command line: $cmd" \
	grep -q "BOOTIF=01-${QN_MAC//:/-}" <<<"$cmd"
t_check "net-boot: the kernel came from dnsmasq's TFTP server" "dnsmasq log: $(tail -3 "$QN_DIR/dnsmasq.log")" \
	grep -q "sent .*vmlinuz-target" "$QN_DIR/dnsmasq.log"
t_check "net-boot: the menu's status line showed the fetch's progress" "no progress on the serial console" \
	grep -q "fetching tftp://$QN_SRV4/vmlinuz-target: [0-9]* of [0-9]* KiB, [0-9]* KiB/s" "$T_LOG"
t_done
