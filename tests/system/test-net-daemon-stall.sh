#!/bin/bash
# test-net-daemon-stall.sh: a network that never answers delays nothing:
# dnsmasq's lease points at a TFTP server that does not exist, and the
# disk option that is the default boots when its timeout ends while the
# network lookup is still pending. A rescan that lookup holds tells the
# clients only what differs, at its end.
set -u
. "$(dirname "$0")/lib.sh"
NET_TAG=netd
. "$(dirname "$0")/lib-net.sh"
. "$(dirname "$0")/lib-discover.sh"
net_begin net-daemon-stall
DEAD=192.168.211.3	# on the link, but no one has it
net_dnsmasq v4 --dhcp-range=192.168.211.50,192.168.211.59,255.255.255.0,1h \
	--dhcp-option=66,"$DEAD" --dhcp-option=67,pxelinux.0 ||
	not_ok "dnsmasq starts" "$(tail -3 "$T/v4.log")"

mkdir -p "$T/disks"
bls_entry "$T/disks/disk" linux "Disk Linux" "root=/dev/vda2"
t0=$(date +%s%N)
net_start_daemon --timeout 6 --default disk:linux --source-dir "$T/disks"

check "the disk default boots when its countdown ends" \
	wait_log "dry run: would boot Disk Linux" 10
ms=$((($(date +%s%N) - t0) / 1000000))
echo "# booted $ms ms after the daemon started (timeout 6 s)"
check "... on time (within 8 s of the start)" test "$ms" -lt 8000
check "the lease came before" sh -c "sed '/would boot Disk Linux/q' '$T/daemon.log' | grep -q '$VETH_CLI.v4: lease 192.168.211.5'"
check "while the lookup on the dead server was still pending" \
	sh -c "! grep -q 'network boot option' '$T/daemon.log'"

# a rescan held by that lookup: clients are told only at its end, and
# no option found again is removed; one that connects meanwhile sees the
# disk's option, and gets every option again at the end
cli watch --json >"$T/watch-before" 2>&1 &
W1=$!
sleep 0.3
cli rescan --json >"$T/rescan" 2>&1 &
RESCAN=$!
sleep 1
check "during the rescan, list shows the disk's option" \
	sh -c "'$BATON' list --socket '$SOCK' | grep -q 'Disk Linux'"
cli watch --json >"$T/watch-during" 2>&1 &
W2=$!
wait "$RESCAN"
check "the rescan waited for the lookup (still probing it at the bound)" \
	grep -q '"still_probing": 1' "$T/rescan"
sleep 0.3
kill "$W1" "$W2"
wait "$W1" "$W2" 2>/dev/null
# events EVENTS-FILE: the option events after the first state, as TYPE:ID
events() {
	python3 -c '
import json, sys
for l in list(open(sys.argv[1]))[1:]:
    e = json.loads(l)
    if e["type"] == "option-remove":
        print("remove:" + e["data"]["id"])
    elif e["type"] == "option-add":
        print("add:" + e["data"]["option"]["id"])' "$1"
}
# (clients that came meanwhile, `baton list` among them, have every option
# sent again at the end, to all: an add of an option a client holds
# replaces it in place)
check "a client watching from before never saw the option go" \
	test "$(events "$T/watch-before")" = "add:disk:linux"
check "one that came during the rescan got it again at its end" \
	test "$(events "$T/watch-during")" = "add:disk:linux"
stop_daemon_checked
finish
