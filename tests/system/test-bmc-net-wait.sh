#!/bin/bash
# test-bmc-net-wait.sh: net_wait, how long `chassis bootdev pxe` (the BMC
# of bmc.py) waits at the countdown's end for a network option while an
# interface still waits for its lease: net_wait=2 with no DHCP server ends
# the wait after 2 s and the disk's default boots, saying so; net_wait=0
# does not wait; net_wait=-1 waits with no bound, until the lease comes
# and its lookup finds nothing; a bad value is refused with a sentence.
set -u
. "$(dirname "$0")/lib.sh"
NET_TAG=${NET_TAG:-bmcwait}
. "$(dirname "$0")/lib-net.sh"
net_begin bmc-net-wait

bls_entry "$T/disk" disk "Disk Linux" "d=1"
FLAGS=$T/bmc.flags
python3 "$(dirname "$0")/bmc.py" "$T/ipmi" "$FLAGS" "$T/bmc.log" &
NET_PIDS="$NET_PIDS $!"
i=0
while [ ! -S "$T/ipmi" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done

# bmc_daemon NET_WAIT: the daemon in the client namespace, driving the
# veth, with bootdev pxe set and net_wait on its command line
bmc_daemon() {
	echo "80 04 00 00 00" >"$FLAGS"	# chassis bootdev pxe
	: >"$T/daemon.log"
	echo "baton.net_interfaces=$VETH_CLI baton.net_wait=$1" \
		>"$T/net-cmdline"
	net_start_cli_daemon --cmdline "$T/net-cmdline" \
		--lease-dir "$T/leases" --dhcp-hook "$T/hook" \
		--ipmi "$T/ipmi" --timeout 0 --default 'Disk*' \
		--source "$T/disk:name=sda1,kind=disk,fstype=ext4"
}
stop() { kill "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null; DAEMON_PID=; }
# line_of PATTERN: the number of the daemon log's first line with PATTERN
line_of() { grep -n -m1 -- "$1" "$T/daemon.log" | cut -d: -f1; }
# not_logged PATTERN: the daemon's log has no PATTERN
not_logged() { ! grep -q -- "$1" "$T/daemon.log"; }

# no DHCP server: the interface waits for its lease all along
bmc_daemon 2
check "net_wait=2: autoboot waits up to 2 s for a network option" \
	wait_log "the BMC asks for PXE (one-shot): waiting up to 2 s for a network option" 5
check "and no longer: no network option came in 2 s" \
	wait_log "no network option came in 2 s" 5
check "then the disk's default boots" wait_log "would boot Disk Linux" 3
check "after the wait, not before it" \
	[ "$(line_of "would boot")" -gt "$(line_of "no network option came")" ]
check "saying that the network the BMC asks for has no option" \
	grep -q "the BMC asks for PXE (one-shot), but no such option can boot" \
	"$T/daemon.log"
stop

bmc_daemon 0
check "net_wait=0: no wait, and it says so" \
	wait_log "the BMC asks for PXE (one-shot): not waiting for a network option (net_wait is 0)" 5
check "the disk's default boots at once" wait_log "would boot Disk Linux" 2
check "net_wait=0: nothing waited" not_logged "waiting up to"
stop

bmc_daemon -1
check "net_wait=-1: autoboot waits with no bound" \
	wait_log "waiting for a network option (net_wait -1: no bound)" 5
sleep 3
check "net_wait=-1: still waiting after 3 s" not_logged "would boot"
# a server that gives a lease, and a TFTP server without a config: the
# lookup ends with nothing, and so does the wait
mkdir -p "$T/tftp"
net_dnsmasq v4 --dhcp-range=192.168.211.50,192.168.211.59,255.255.255.0,1h \
	--enable-tftp --tftp-root="$T/tftp" ||
	not_ok "dnsmasq starts" "$(tail -3 "$T/v4.log")"
kill -USR1 "$(pgrep -f "[u]dhcpc.*$VETH_CLI" | head -n 1)" 2>/dev/null
check "the lease comes" wait_log "$VETH_CLI.v4: lease 192.168.211.5" 20
check "the lookup finds no config" \
	wait_log "$VETH_CLI.v4: no network boot option" 20
check "so the wait ends, and the default boots" \
	wait_log "would boot Disk Linux" 3

check "a bad net_wait is refused with a sentence" \
	bash -c "'$BATON' config --socket '$SOCK' net_wait soon 2>&1 |
		grep -qF 'want -1 (no bound), 0 (no wait) or seconds up to 86400'"
stop
finish
