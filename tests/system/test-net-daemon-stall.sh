#!/bin/bash
# test-net-daemon-stall.sh: a network that never answers delays nothing:
# dnsmasq's lease points at a TFTP server that does not exist, and the
# disk option that is the default boots when its timeout ends while the
# network lookup is still pending.
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
stop_daemon_checked
finish
