#!/bin/bash
# test-net-daemon.sh: `baton daemon --lease-dir DIR --url-root URL=DIR`:
# a lease file as the DHCP hook writes it becomes a network source whose
# options `baton list` shows (found by a worker, the menu never waiting);
# a renewal that changes the lease updates them, one that changes
# nothing leaves them, a lease removed withdraws them, and a lease with
# garbage is refused with a sentence while the daemon stays up, one that
# leads to no config gives no source, and a DHCPv6 lease is a source of
# its own ("eth0-v6").
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-discover.sh"

D=$PWD/tests/data/netboot
LEASES=$T/leases
mkdir -p "$LEASES" "$T/disks"
ROOT="tftp://10.0.0.1/=$D/tftp"
ROOT6="tftp://[fd00::1]/=$D/tftp"

# lease FILE KEY=VALUE...: written whole and renamed, as the hook does
lease() {
	f=$1
	shift
	printf '%s\0' "$@" >"$LEASES/.$f.tmp" && mv "$LEASES/.$f.tmp" "$LEASES/$f"
}

# a lease that is there before the daemon starts
lease eth1.v4 interface=eth1 ip=10.1.2.3 mac=52:54:00:99:99:99 \
	serverid=10.0.0.1 event=bound
start_daemon --timeout -1 --source-dir "$T/disks" --lease-dir "$LEASES" \
	--url-root "$ROOT" --url-root "$ROOT6"
check "a lease there at start: its default config's option" \
	wait_list_ids 5 "eth1:local"

field() {
	cli list --json | python3 -c '
import json, sys
j = json.load(sys.stdin)
o = [o for o in j["options"] if o["id"] == sys.argv[1]][0]
s = [s for s in j["sources"] if s["name"] == o["source"]][0]
print(o["parser"], o["kernel"]["url"], s.get("kind"), "BOOTIF=" in o["cmdline"])' "$1"
}

lease eth0.v4 interface=eth0 ip=192.168.211.53 mac=52:54:00:12:34:56 \
	siaddr=10.0.0.1 bootfile=pxelinux.0 event=bound
check "a lease that comes: 01-<mac>'s options, after the disks'" \
	wait_list_ids 5 "eth0:install eth0:rescue eth1:local"
check "the option is a pxe one on a network source, with BOOTIF=" \
	test "$(field eth0:install)" = \
	"pxe tftp://10.0.0.1/vmlinuz network True"

cli watch --json >"$T/watch" 2>&1 &
WATCH_PID=$!
sleep 0.3
lease eth0.v4 interface=eth0 ip=192.168.211.53 mac=52:54:00:12:34:56 \
	siaddr=10.0.0.1 bootfile=pxelinux.0 event=renew
sleep 1
if grep -q '"option-remove"' "$T/watch"; then
	not_ok "a renewal that changes nothing changes nothing" "$(cat "$T/watch")"
else
	ok "a renewal that changes nothing changes nothing"
fi

lease eth0.v4 interface=eth0 ip=192.168.211.77 mac=52:54:00:99:99:99 \
	mask=24 tftp=10.0.0.1 event=renew
check "a renewal that changes the lease: the options it leads to now" \
	wait_list_ids 5 "eth0:subnet eth1:local"

rm "$LEASES/eth1.v4"
check "a lease removed: its options are withdrawn" wait_list_ids 5 "eth0:subnet"
kill "$WATCH_PID" 2>/dev/null
check "watch saw them go" grep -q '"type":"option-remove","data":{"id":"eth1:local"}' "$T/watch"

lease eth2.v4 interface=eth2 ip=192.168.211.5x siaddr=10.0.0.1
sleep 0.5
check "a lease with garbage is refused with a sentence" \
	grep -q 'eth2.v4: DHCP lease: ip="192.168.211.5x": not an IPv4 address' "$T/daemon.log"
check "and nothing else is lost" test "$(list_ids)" = "eth0:subnet"
lease eth3.v4 interface=eth3 ip=10.1.2.4 siaddr=10.0.0.1 \
	pxeconffile=nothing-here
check "a lease that leads to no config: said" \
	wait_log "eth3.v4: no network boot option" 5
check "with the reason" grep -q "eth3: tftp://10.0.0.1/nothing-here (option 209): not found" "$T/daemon.log"
sources() { cli list --json | python3 -c 'import json,sys; print(" ".join(s["name"] for s in json.load(sys.stdin)["sources"]))'; }
check "and no empty source is listed" test "$(sources)" = "eth0"
# a DHCPv6 lease of the same interface: a source of its own
lease eth0.v6 interface=eth0 ipv6=fd00::53 mac=52:54:00:12:34:56 \
	bootfile_url=tftp://[fd00::1]/boot.ipxe
check "a DHCPv6 lease beside the v4 one: a source of its own" \
	wait_list_ids 5 "eth0:subnet eth0-v6:Install_on_52:54:00:12:34:56 eth0-v6:Rescue"
stop_daemon_checked
finish
