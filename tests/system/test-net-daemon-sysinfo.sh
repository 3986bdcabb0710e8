#!/bin/bash
# test-net-daemon-sysinfo.sh: `baton sysinfo` (text and --json) shows each
# interface's link and what the daemon does with it: while the cable is
# out, "waiting for a lease (no link yet)"; once dnsmasq answers, the
# lease: its server, router, DNS, lease time left and the PXE options it
# gave (66, 67, 209, 210); an interface net_interfaces leaves out is said
# to be unused; with the link up and no server, that no DHCP server
# answered. A renewal whose option 67 carries escape codes is refused
# with a sentence where no escape reaches the terminal.
set -u
. "$(dirname "$0")/lib.sh"
NET_TAG=${NET_TAG:-netinfo}
. "$(dirname "$0")/lib-net.sh"
. "$(dirname "$0")/lib-discover.sh"
net_begin net-daemon-sysinfo
TFTP=$T/tftp
cp -r tests/data/netboot/tftp "$TFTP"
in_cli ip link add "${NET_TAG}U$NET_ID" type veth peer name "${NET_TAG}P$NET_ID"
in_srv ip link set "$VETH_SRV" down

mkdir -p "$T/disks"
net_start_daemon --timeout -1 --source-dir "$T/disks"
check "the daemon brings the interface up" \
	wait_log "$VETH_CLI: asking for a DHCP lease" 5

# sysinfo_text: `baton sysinfo`'s lines from the veth's to the next interface
sysinfo_text() {
	cli sysinfo >"$T/sysinfo.txt" 2>&1
	sed -n "/^  $1 /,/^  [^ ]/p" "$T/sysinfo.txt"
}
# veth_says TEXT: the veth's lines in `baton sysinfo` have TEXT
veth_says() { sysinfo_text "$VETH_CLI" | grep -q -- "$1"; }
check "no cable: the link is down" eventually 5 veth_says ", no link"
check "and the lease waited for" veth_says "waiting for a lease (no link yet)"
out=$(sysinfo_text "${NET_TAG}U$NET_ID")
case $out in
*"not used to boot (net_interfaces)"*) ok "an interface left out is said to be unused" ;;
*) not_ok "an interface left out is said to be unused" "$out" ;;
esac

# the cable in, no server yet: the client's discovers go unanswered
in_srv ip link set "$VETH_SRV" up
check "no server: waiting, no DHCP server answered (the hook's leasefail)" \
	eventually 15 veth_says "waiting for a lease (no DHCP server answered [0-9]* s ago; asking again)"

net_dnsmasq v4 --dhcp-range=192.168.211.50,192.168.211.59,255.255.255.0,1h \
	--dhcp-option=3,"$SRV4" --dhcp-option=6,"$SRV4",192.168.211.9 \
	--dhcp-option=66,"$SRV4" --dhcp-option=67,pxelinux.0 \
	--dhcp-option=209,lab/boot.cfg --dhcp-option=210,/pxe/ \
	--enable-tftp --tftp-root="$TFTP" ||
	not_ok "dnsmasq starts" "$(tail -3 "$T/v4.log")"
kill -USR1 "$(pgrep -f "[u]dhcpc.*$VETH_CLI" | head -n 1)"	# ask now
check "the lease comes" wait_log "$VETH_CLI.v4: lease 192.168.211.5" 20

cli sysinfo --json >"$T/sysinfo.json"
got=$(python3 - "$T/sysinfo.json" "$VETH_CLI" <<'PY'
import json, sys, time
net = json.load(open(sys.argv[1]))["network"]
n = [i for i in net if i["name"] == sys.argv[2]][0]
l = n["leases"][0]
now = time.time()
print(n["method"], n["dhcp"], n["link"]["carrier"], l["family"],
      l["ip"].startswith("192.168.211.5"), l["mask"], l["serverid"],
      l["router"], ",".join(l["dns"]), l["tftp"], l["bootfile"],
      l["pxeconffile"], l["pxepathprefix"], l["lease"],
      0 <= l["lease"] - l["left"] < 60, abs(now - l["taken"]) < 60,
      n["addresses"][0] == l["ip"], "why" in n)
PY
)
want="dhcp bound True 4 True 24 $SRV4 $SRV4 $SRV4,192.168.211.9 $SRV4 pxelinux.0 lab/boot.cfg /pxe/ 3600 True True True False"
if [ "$got" = "$want" ]; then
	ok "sysinfo --json: the lease's server, router, DNS, time and PXE options"
else
	not_ok "sysinfo --json: the lease's server, router, DNS, time and PXE options" \
		"got:  $got" "want: $want"
fi

out=$(sysinfo_text "$VETH_CLI")
ip=$(python3 -c 'import json,sys; print([i for i in json.load(open(sys.argv[1]))["network"] if i["name"] == sys.argv[2]][0]["leases"][0]["ip"])' "$T/sysinfo.json" "$VETH_CLI")
bad=
for want in "^  $VETH_CLI .* up, link [0-9 Mb/s]* $ip" \
	"DHCP lease $ip/24 from $SRV4, [0-9]* s left of 3600 (taken [0-9]* s ago)" \
	"router $SRV4, DNS $SRV4 192.168.211.9" \
	"PXE: TFTP server $SRV4, .*boot file pxelinux.0, config file lab/boot.cfg, path prefix /pxe/"; do
	printf '%s\n' "$out" | grep -q -- "$want" || bad="$bad [$want]"
done
if [ -z "$bad" ]; then
	ok "sysinfo: the link, the address and the lease in words"
else
	not_ok "sysinfo: the link, the address and the lease in words" "missing:$bad" "$out"
fi

# a renewal from a server whose option 67 holds escape codes (busybox
# turns a bad host name in 66 into "bad" itself)
net_stop_last
net_dnsmasq v4 --dhcp-range=192.168.211.50,192.168.211.59,255.255.255.0,1h \
	--dhcp-option=67,"$(printf '\033]0;owned\007\033[2Jevil')" ||
	not_ok "dnsmasq starts again" "$(tail -3 "$T/v4.log")"
kill -USR1 "$(pgrep -f "[u]dhcpc.*$VETH_CLI" | head -n 1)"
check "the renewal's lease is refused" \
	wait_log "$VETH_CLI.v4: .*evil" 20
cli sysinfo >"$T/sysinfo.txt" 2>&1
cli sysinfo --json >"$T/sysinfo.json" 2>&1
out=$(grep -A1 "^  $VETH_CLI " "$T/sysinfo.txt")
case $out in
*"refused: DHCP lease: bootfile="*evil*) ok "sysinfo: the refused lease and why" ;;
*) not_ok "sysinfo: the refused lease and why" "$out" ;;
esac
if grep -q "$(printf '[\033\007]')" "$T/sysinfo.txt" "$T/sysinfo.json"; then
	not_ok "no escape code from the server reaches the terminal" \
		"$(grep "$(printf '[\033\007]')" "$T/sysinfo.txt" | od -c | head -3)"
else
	ok "no escape code from the server reaches the terminal"
fi
stop_daemon_checked
finish
