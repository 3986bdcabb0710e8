#!/bin/bash
# test-net-dhcp.sh: busybox udhcpc, started by discover/dhcp.c with baton's
# hook, against dnsmasq in another namespace: the lease the hook hands over
# carries options 66, 67, 209, 210, 211, siaddr and sname; dnsmasq saw the
# PXEClient vendor class, option 93 and the UUID (option 97); a release
# withdraws the lease; an option with garbage is refused with a sentence.
# DHCPv6 (dhcpcd): test-net-dhcp6.sh.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-net.sh"
net_skip_unless_root net-dhcp

UUID=5d4e3c2b-1a09-4877-a655-443322110099
if ! net_setup noaddr; then
	not_ok "net-dhcp: the namespaces start"
	exit 1
fi
net_hook
MAC=$(in_cli cat "/sys/class/net/$VETH_CLI/address")

# v4: 209 only when dnsmasq saw option 93 = 7 (EFI x86-64), 210 only when
# it saw the client UUID (option 97)
net_dnsmasq v4 --dhcp-range=192.168.211.50,192.168.211.59,255.255.255.0,1h \
	--dhcp-option=3,"$SRV4" --dhcp-option=6,"$SRV4" \
	--dhcp-option=66,"$SRV4" --dhcp-option=67,pxelinux.0 \
	--dhcp-match=set:efi64,option:client-arch,7 \
	--dhcp-option=tag:efi64,209,pxelinux.cfg/efi64 \
	--dhcp-match=set:uuid,97 --dhcp-option=tag:uuid,210,/uuid-seen/ \
	--dhcp-option=211,30i --dhcp-boot=pxelinux.0,,"$SRV4" ||
	not_ok "dnsmasq starts" "$(tail -3 "$T/v4.log")"

net_dhcp --uuid "$UUID" --keep "$VETH_CLI"
lease=$out
net_lease_check v4 "family=4" "interface=$VETH_CLI" "event=bound" "mac=$MAC" \
	"uuid=$UUID" "ip=192.168.211.5"[0-9] "mask=24" "router=$SRV4" \
	"serverid=$SRV4" "siaddr=$SRV4" "tftp=$SRV4" "bootfile=pxelinux.0" \
	"pxeconffile=pxelinux.cfg/efi64" "pxepathprefix=/uuid-seen/" \
	"reboottime=30" "dns=$SRV4" "lease=3600"
check "v4: dnsmasq saw the PXEClient vendor class" \
	grep -q "vendor class: PXEClient:Arch:00007:UNDI:003016" "$T/v4.log"
check "v4: the hook wrote resolv.conf" grep -qx "nameserver $SRV4" "$T/resolv.conf"
check "v4: a release withdraws the lease (file removed by deconfig)" \
	has withdrawn
if ! in_cli ip -4 addr show dev "$VETH_CLI" | grep -q "inet "; then
	ok "v4: deconfig removed the address"
else
	not_ok "v4: deconfig removed the address"
fi

# a BATON_LEASE_DIR of the caller's does not reach the hook: dhcp.c's wins
BATON_LEASE_DIR=$T/elsewhere net_dhcp --uuid "$UUID" "$VETH_CLI"
check "v4: once (-q): the lease stays after the client quits" has "event=bound"
check "v4: the hook got the driver's lease folder, not the caller's" \
	[ ! -e "$T/elsewhere" ]
if in_cli ip -4 addr show dev "$VETH_CLI" | grep -q "inet 192.168.211.5"; then
	ok "v4: the hook set the address"
else
	not_ok "v4: the hook set the address" "$(in_cli ip -4 addr show dev "$VETH_CLI")"
fi
in_cli ip -4 addr flush dev "$VETH_CLI"

# garbage: a 209 with a space and a 67 with an escape sequence
net_stop_last
net_dnsmasq bad --dhcp-range=192.168.211.60,192.168.211.69,255.255.255.0,1h \
	--dhcp-option=209,"pxelinux.cfg/has space" ||
	not_ok "dnsmasq starts again" "$(tail -3 "$T/bad.log")"
rm -rf "$T/leases"
net_dhcp "$VETH_CLI"
case $out in
'error EINVAL: DHCP lease: pxeconffile="pxelinux.cfg/has space": empty, or a control character or space in a path')
	ok "garbage: option 209 with a space refused with a sentence" ;;
*)	not_ok "garbage: option 209 with a space refused" "got: $out" ;;
esac
net_stop_last
finish
