#!/bin/bash
# test-net-daemon-dhcp.sh: `baton daemon` in a network namespace drives
# its interface: baton.net_interfaces names the veth, the daemon brings it
# up and runs busybox udhcpc with baton's hook; dnsmasq's lease and TFTP
# server lead to pxelinux.cfg/01-<mac> (chosen over default), whose
# options `baton list` shows with BOOTIF= on their command line; booting
# one fetches its kernel and initrd over TFTP into tmpfs. The
# cable is plugged in after the daemon is up (the server's end of the
# veth comes up late, once udhcpc has given up its first discovers: it
# is asked again at once), the menu's discovery never waits for the network,
# and the interface going withdraws its options.
set -u
. "$(dirname "$0")/lib.sh"
NET_TAG=netd
. "$(dirname "$0")/lib-net.sh"
. "$(dirname "$0")/lib-discover.sh"
net_begin net-daemon-dhcp
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
mkdir -p "$T/disks"
net_start_daemon --timeout -1 --source-dir "$T/disks"

check "discovery settles without waiting for the network" \
	grep -q "discovery: 0 source(s), 0 boot option(s)" "$T/daemon.log"
check "the daemon brings the interface up" \
	wait_log "$VETH_CLI: asking for a DHCP lease (no link yet)" 5
check "it is up" sh -c "ip netns exec $NS_CLI ip link show $VETH_CLI | grep -q '[<,]UP[,>]'"

# udhcpc's first discovers (-t3 -T2) go nowhere; then it pauses (-A10)
sleep 7
check "no options while the cable is out" test -z "$(list_ids)"
t0=$(date +%s%N)
in_srv ip link set "$VETH_SRV" up
check "the cable plugged in: 01-<mac>'s options are listed" \
	wait_list_ids 20 "$VETH_CLI:install $VETH_CLI:rescue"
ms=$((($(date +%s%N) - t0) / 1000000))
echo "# listed $ms ms after the link came up"
check "... at once, not after the client's pause (within 7 s)" test "$ms" -lt 7000
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

# booting it fetches the kernel and initrd (64 MiB) from TFTP into tmpfs;
# `baton status --json` shows the fetch while it runs
fake_bzimage "$TFTP/vmlinuz"
head -c 64M /dev/zero >"$TFTP/initrd.img"
timeout 60 "$BATON" boot --socket "$SOCK" "$VETH_CLI:install" >"$T/boot.out" 2>&1 &
BOOT_PID=$!
: >"$T/fetching"
while kill -0 "$BOOT_PID" 2>/dev/null; do
	timeout 5 "$BATON" status --socket "$SOCK" --json 2>/dev/null | python3 -c '
import json, sys
f = json.load(sys.stdin).get("fetching")
if f: print(f["url"], f["bytes"], f["total"], f["rate"], f["message"])' >>"$T/fetching"
	sleep 0.05
done
wait "$BOOT_PID"
msg=$(cat "$T/boot.out")
echo "# $(grep -c . "$T/fetching") progress report(s), last: $(tail -1 "$T/fetching")"
check "status --json shows the initrd's fetch (url, bytes, rate)" \
	grep -q "^tftp://$SRV4/initrd.img [0-9]* [0-9]* [0-9]* fetching tftp://$SRV4/initrd.img: [0-9]* " "$T/fetching"
if grep -q "dry run: would boot Install (this machine's own)" "$T/daemon.log"; then
	ok "booting it fetches its files over TFTP and loads them (dry run)"
else
	not_ok "booting it fetches its files over TFTP and loads them (dry run)" \
		"boot: $msg" "$(grep -i boot "$T/daemon.log" | tail -3)"
fi
rm "$TFTP/vmlinuz"
msg=$(timeout 30 "$BATON" boot --socket "$SOCK" "$VETH_CLI:rescue" 2>&1)
case $msg in
*"tftp://$SRV4/vmlinuz"*) ok "a kernel gone from the server: the boot fails saying which" ;;
*) not_ok "a kernel gone from the server: the boot fails saying which" "got: $msg" ;;
esac
check "the daemon is still up" timeout 5 "$BATON" status --socket "$SOCK"

# the DHCP client holds none of the daemon's descriptors (its sockets,
# its log, a mounted disk's files): only stdout and stderr are shared
shared_fds() {
	cli=$(pgrep -f "[u]dhcpc.*$VETH_CLI" | head -n 1)
	[ -n "$cli" ] && [ -n "$DAEMON_PID" ] || { echo "no client or daemon"; return; }
	[ "$(readlink "/proc/$cli/fd/0")" = /dev/null ] || echo "stdin: $(readlink "/proc/$cli/fd/0")"
	for fd in /proc/"$cli"/fd/*; do
		n=${fd##*/}
		[ "$n" -gt 2 ] || continue
		target=$(readlink "$fd") || continue
		for dfd in /proc/"$DAEMON_PID"/fd/*; do
			[ "$(readlink "$dfd")" = "$target" ] && echo "fd $n: $target"
		done
	done
}
out=$(shared_fds)
if [ -z "$out" ]; then
	ok "the DHCP client reads /dev/null and holds none of the daemon's descriptors"
else
	not_ok "the DHCP client reads /dev/null and holds none of the daemon's descriptors" "$out"
fi

in_cli ip link del "$VETH_CLI"
check "the interface gone: its options are withdrawn" wait_list_ids 5 ""
check "and its lease file" test ! -e "$T/leases/$VETH_CLI.v4"
stop_daemon_checked
check "no DHCP client is left" sh -c "! pgrep -f '[u]dhcpc.*$VETH_CLI' >/dev/null"
finish
