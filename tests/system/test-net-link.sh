#!/bin/bash
# test-net-link.sh: discover/netif.c in a network namespace: interfaces
# found in sysfs, a selected one brought up, its cable "plugged in" later
# (the veth peer goes up) seen through RTM_NEWLINK, an interface added
# and removed while watching (not selected: left down), and a static
# address, gateway and DNS servers set through rtnetlink.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-net.sh"
net_skip_unless_root net-link

if ! net_setup noaddr; then
	not_ok "net-link: the namespaces start"
	exit 1
fi
in_cli ip link set "$VETH_CLI" down
in_srv ip link set "$VETH_SRV" down
MAC=$(in_cli cat "/sys/class/net/$VETH_CLI/address")
EXTRA=netbootX$NET_ID

in_cli "$NET_TOOL" watch --up --select "$VETH_CLI" 12 >"$T/watch" 2>&1 &
WATCH=$!
NET_PIDS="$NET_PIDS $WATCH"
has() { grep -qx -- "$1" "$T/watch"; }
eventually 5 has "scanned 1"
check "sysfs: the interface found at start, down, no carrier" \
	has "added $VETH_CLI $MAC up=0 carrier=0"
check "the selected interface brought up" eventually 5 has "up $VETH_CLI"
check "netlink: it is up, still without a carrier" \
	eventually 5 has "changed $VETH_CLI $MAC up=1 carrier=0"

in_srv ip link set "$VETH_SRV" up	# the cable is plugged in
check "netlink: the cable plugged in later is seen (carrier=1)" \
	eventually 5 has "changed $VETH_CLI $MAC up=1 carrier=1"

in_cli ip link add "$EXTRA" type veth peer name "netbootY$NET_ID"
check "netlink: an interface that appears is reported" \
	eventually 5 grep -q "^added $EXTRA .* up=0 carrier=0$" "$T/watch"
in_cli ip link del "$EXTRA"
check "netlink: an interface that goes is reported" \
	eventually 5 grep -q "^removed $EXTRA " "$T/watch"
if grep -q "^up $EXTRA" "$T/watch" || grep -q "^up netbootY" "$T/watch"; then
	not_ok "an interface not selected is left down" "$(cat "$T/watch")"
else
	ok "an interface not selected is left down"
fi
if grep -q "^error" "$T/watch"; then
	not_ok "the watch reported no error" "$(grep "^error" "$T/watch")"
else
	ok "the watch reported no error"
fi

out=$(in_cli "$NET_TOOL" static --resolv "$T/resolv.conf" "$VETH_CLI" \
	"$CLI4/24,gw=$SRV4,dns=$SRV4+fd00::53")
check "static: applied" [ "$out" = "configured $VETH_CLI" ]
check "static: the address is set" \
	eval "in_cli ip -4 addr show dev $VETH_CLI | grep -q 'inet $CLI4/24'"
check "static: the default route is set" \
	eval "in_cli ip route show default | grep -q 'via $SRV4 dev $VETH_CLI'"
check "static: resolv.conf names both servers" \
	[ "$(cat "$T/resolv.conf")" = "nameserver $SRV4
nameserver fd00::53" ]
check "static: the server answers over the link" \
	eval "in_cli busybox ping -c 1 -W 3 $SRV4 >/dev/null"
out=$(in_cli "$NET_TOOL" static "$VETH_CLI" "10.0.0.300/24")
check "static: a bad address refused with a sentence" \
	[ "$out" = 'error EINVAL: interface setting "10.0.0.300/24": expected dhcp, dhcp6, dhcp+dhcp6, or ADDRESS/PREFIX[,gw=GATEWAY][,dns=A+B]' ]
finish
