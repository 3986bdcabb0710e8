#!/bin/bash
# tests/qemu/test-net-stall.sh - a network server that never answers delays nothing: a disk whose entry is the default, and a NIC on the rig of lib-net.sh whose lease (dnsmasq) names a boot file on an HTTP server that reads the request and never replies; the lease comes, the lookup hangs on that server, and the disk's default boots when its countdown ends, measured on the host against the configured timeout.
set -eu -o pipefail
. "$(dirname "$0")/lib-menu.sh"
. "$(dirname "$0")/lib-discover.sh"
QN_TAG=netq
. "$(dirname "$0")/lib-net.sh"

TIMEOUT=10	# baton.timeout of the boot, seconds
MARGIN=10	# what TCG on a loaded machine may add to it, seconds

t_begin net-stall
qn_skip_unless_root net-stall
qemu_prepare
DIR=$(test_dir net-stall)
T_LOG="$DIR/serial.log"
BLOG=$(baton_log "$T_LOG")

qn_setup "$DIR"
T_SESSION=net-stall
trap qn_on_exit EXIT
entries_disk "$DIR/disk" "$DIR/disk.img" NETSTALL disk:"Disk Linux"
qn_http 8081
SILENT=http://$QN_SRV4:8081/silent/pxelinux.0
qn_dnsmasq --dhcp-option=67,"$SILENT"

# at LINE: the host's seconds (3 decimals) since T0 once baton logged
# LINE (an ERE), within SECS; "" when it never did
at() {
	wait_for "$1" "$BLOG" "$2" && bq_since "$T0"
}

qemu_tmux_start "$T_SESSION" "$T_LOG" 300 "baton.timeout=$TIMEOUT baton.default=Disk*" "$DIR/disk.img"
T0=${EPOCHREALTIME/./}
started=$(at "baton: daemon started" 150 || true)
counting=$(at "autoboot: Disk Linux in $TIMEOUT s" 90 || true)
booting=$(at "baton: booting Disk Linux" $((TIMEOUT + MARGIN + 30)) || true)
asked=$(grep -c "silent: GET /silent/pxelinux.0" "$QN_DIR/http-8081.log" || true)
echo "# host seconds since QEMU started: daemon ${started:-never}, countdown ${counting:-never}, disk boot ${booting:-never} (timeout $TIMEOUT s)"

t_check "net-stall: the countdown of the disk's default starts" \
	"no 'autoboot: Disk Linux in $TIMEOUT s' in baton's log" [ -n "$counting" ]
t_check "net-stall: the disk's default boots" "no 'booting Disk Linux' in baton's log" \
	[ -n "$booting" ]
wait_for BATON-TARGET-OK "$T_LOG" 90 || true
TARGET_GOT=$(target_cmdline "$T_LOG" | sed -n 's/.*baton_e2e=\([^ ]*\).*/\1/p')
expect_boot "net-stall: the target kernel is the disk's" disk

# the_ms A B: milliseconds from A to B (seconds with 3 decimals)
the_ms() { echo $((10#${2/./} - 10#${1/./})); }
# within LO HI MS: LO <= MS <= HI
within() { [ "$3" -ge "$1" ] && [ "$3" -le "$2" ]; }
if [ -n "$started" ] && [ -n "$counting" ] && [ -n "$booting" ]; then
	ms=$(the_ms "$counting" "$booting")
	echo "# the countdown lasted $ms ms (timeout $TIMEOUT s, margin $MARGIN s)"
	t_check "net-stall: the countdown lasts its timeout, not more (within $MARGIN s)" \
		"$ms ms from the countdown's start to the boot" \
		within $(((TIMEOUT - 1) * 1000)) $(((TIMEOUT + MARGIN) * 1000)) "$ms"
	ms=$(the_ms "$started" "$booting")
	echo "# the disk booted $ms ms after the daemon started"
	t_check "net-stall: the countdown starts without waiting for the network" \
		"$ms ms from the daemon's start to the boot" \
		within 0 $(((TIMEOUT + MARGIN) * 1000)) "$ms"
else
	t_fail "net-stall: the countdown lasts its timeout, not more" "no countdown or no boot" "$T_LOG"
fi

# before_boot: baton's lines up to its "booting Disk Linux"
before_boot() { log_text "$BLOG" | sed '/baton: booting Disk Linux/q'; }
t_check "net-stall: dnsmasq's lease came before the boot" \
	"no 'lease $QN_NET.N, looking for its configs' before the boot" \
	grep -qE "\.v4: lease $QN_NET\.[0-9]+, looking for its configs" <<<"$(before_boot)"
t_check "net-stall: the boot file's server had the request, and never answered it" \
	"the server logged no request for /silent/pxelinux.0: $(tail -3 "$QN_DIR/http-8081.log")" \
	[ "${asked:-0}" -ge 1 ]
# lookup_pending: no end of the lookup (options, or a sentence about the
# silent server) among baton's lines before the boot
lookup_pending() { ! grep -qE "network boot option|$SILENT: " <<<"$(before_boot)"; }
t_check "net-stall: the lookup was still pending when the disk booted" \
	"baton's log says the lookup ended before the boot" lookup_pending
t_done
