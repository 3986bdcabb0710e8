#!/bin/bash
# test-net-daemon-dhcp.sh: `baton daemon` in a network namespace drives
# its interface: baton.net_interfaces names the veth, the daemon brings it
# up and runs busybox udhcpc with baton's hook; dnsmasq's lease and TFTP
# server lead to pxelinux.cfg/01-<mac> (chosen over default), whose
# options `baton list` shows with BOOTIF= on their command line. The
# cable is plugged in after the daemon is up (the server's end of the
# veth comes up late), the menu's discovery never waits for the network,
# and the interface going withdraws its options.
set -u
. "$(dirname "$0")/lib.sh"
NET_TAG=netd
. "$(dirname "$0")/lib-net.sh"
. "$(dirname "$0")/lib-discover.sh"
net_skip_unless_root net-daemon-dhcp

if ! net_setup noaddr; then
	not_ok "net-daemon-dhcp: the namespaces start"
	exit 1
fi
net_hook
MAC=$(in_cli cat "/sys/class/net/$VETH_CLI/address")
TFTP=$T/tftp
cp -r tests/data/netboot/tftp "$TFTP"
sed "s/rack 4, slot 12/this veth/" "$TFTP/pxelinux.cfg/01-52-54-00-12-34-56" \
	>"$TFTP/pxelinux.cfg/01-${MAC//:/-}"
net_dnsmasq v4 --dhcp-range=192.168.211.50,192.168.211.59,255.255.255.0,1h \
	--dhcp-option=66,"$SRV4" --dhcp-option=67,pxelinux.0 \
	--enable-tftp --tftp-root="$TFTP" ||
	not_ok "dnsmasq starts" "$(tail -3 "$T/v4.log")"

# the cable is out: the server's end is down, so the client has no carrier
in_srv ip link set "$VETH_SRV" down
in_cli ip link set "$VETH_CLI" down

# the daemon runs in the client namespace
printf '#!/bin/sh\nexec ip netns exec %s %s "$@"\n' "$NS_CLI" "$BATON" \
	>"$T/baton-in-ns"
chmod +x "$T/baton-in-ns"
echo "baton.net_interfaces=$VETH_CLI" >"$T/net-cmdline"
mkdir -p "$T/disks"
BATON_HOST=$BATON
BATON=$T/baton-in-ns
start_daemon --timeout -1 --source-dir "$T/disks" --cmdline "$T/net-cmdline" \
	--lease-dir "$T/leases" --dhcp-hook "$T/hook"
BATON=$BATON_HOST

check "discovery settles without waiting for the network" \
	grep -q "discovery: 0 source(s), 0 boot option(s)" "$T/daemon.log"
check "the daemon brings the interface up" \
	wait_log "$VETH_CLI: asking for a DHCP lease (no link yet)" 5
check "it is up" sh -c "ip netns exec $NS_CLI ip link show $VETH_CLI | grep -q '[<,]UP[,>]'"

ids() { timeout 5 "$BATON" list --socket "$SOCK" --json | python3 -c 'import json,sys; print(" ".join(o["id"] for o in json.load(sys.stdin)["options"]))'; }
wait_ids() {
	i=0
	while [ $i -lt "$2" ]; do
		[ "$(ids)" = "$1" ] && return 0
		sleep 0.2
		i=$((i + 1))
	done
	echo "# ids: $(ids), want: $1"
	return 1
}

sleep 1
check "no options while the cable is out" test -z "$(ids)"
t0=$(date +%s%N)
in_srv ip link set "$VETH_SRV" up
check "the cable plugged in: 01-<mac>'s options are listed" \
	wait_ids "$VETH_CLI:install $VETH_CLI:rescue" 100
echo "# listed $((($(date +%s%N) - t0) / 1000000)) ms after the link came up"
check "the log says the link came" grep -q "$VETH_CLI: link up" "$T/daemon.log"

option() {
	cli list --json | python3 -c '
import json, sys
o = [o for o in json.load(sys.stdin)["options"] if o["id"].endswith(":install")][0]
print(o["parser"], o["kernel"]["url"], o["cmdline"])'
}
got=$(option)
want="pxe tftp://$SRV4/vmlinuz console=ttyS0 auto=true BOOTIF=01-${MAC//:/-}"
if [ "$got" = "$want" ]; then
	ok "the option boots the TFTP kernel with BOOTIF="
else
	not_ok "the option boots the TFTP kernel with BOOTIF=" "got:  $got" "want: $want"
fi

in_cli ip link del "$VETH_CLI"
check "the interface gone: its options are withdrawn" wait_ids "" 25
check "and its lease file" test ! -e "$T/leases/$VETH_CLI.v4"
stop_daemon_checked
check "no DHCP client is left" sh -c "! pgrep -f '[u]dhcpc.*$VETH_CLI' >/dev/null"
finish
