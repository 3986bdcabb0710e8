#!/bin/bash
# test-net-lookup.sh: from a real lease to boot options over the network
# (discover/net-scan.c with fetching, not folders): busybox udhcpc and
# baton's hook get a lease from dnsmasq, whose TFTP server holds the
# configs of tests/data/netboot; the lookup fetches them in pxelinux's
# order (01-<mac> over the hex address over default), an iPXE boot file
# and a config under an HTTP prefix are followed, an INCLUDE of itself
# is refused, and a TFTP server that never answers ends the lookup within
# its time bound.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-net.sh"
net_skip_unless_root net-lookup

if ! net_setup noaddr; then
	not_ok "net-lookup: the namespaces start"
	exit 1
fi
net_hook
MAC=$(in_cli cat "/sys/class/net/$VETH_CLI/address")
TFTP=$T/tftp
cp -r tests/data/netboot/tftp "$TFTP"
mkdir -p "$T/www"
cp -r tests/data/netboot/http/pxe "$T/www/pxe"
# this machine's own config, named after the veth's (random) MAC
sed "s/rack 4, slot 12/this veth/" "$TFTP/pxelinux.cfg/01-52-54-00-12-34-56" \
	>"$TFTP/pxelinux.cfg/01-${MAC//:/-}"
net_http "$T/www" 8080
net_dnsmasq v4 --dhcp-range=192.168.211.50,192.168.211.59,255.255.255.0,1h \
	--dhcp-option=66,"$SRV4" --dhcp-option=67,pxelinux.0 \
	--enable-tftp --tftp-root="$TFTP" ||
	not_ok "dnsmasq starts" "$(tail -3 "$T/v4.log")"

in_cli "$NET_TOOL" dhcp --hook "$T/hook" --lease-dir "$T/leases" \
	--resolv none "$VETH_CLI" >"$T/lease.txt" 2>&1
LEASE=$T/leases/$VETH_CLI.v4
check "a lease from dnsmasq" [ -f "$LEASE" ]

# scan: net-tool netscan on a lease file; $json its options, $T/scan.err
scan() {
	json=$(in_cli "$NET_TOOL" netscan --timeout 2000 "$1" 2>"$T/scan.err")
}
# field JQ-LIKE: python over $json: "i.key" of option i, "n" the count
field() {
	python3 -c 'import json, sys
o = json.loads(sys.argv[1])
q = sys.argv[2]
if q == "n":
    print(len(o))
else:
    i, k = q.split(".", 1)
    v = o[int(i)]
    for part in k.split("."):
        v = v[part]
    print(v)' "$json" "$1" 2>/dev/null
}
expect() {	# expect NAME QUERY WANT
	got=$(field "$2")
	if [ "$got" = "$3" ]; then ok "$1"; else
		not_ok "$1" "got: $got" "want: $3" "stderr: $(head -3 "$T/scan.err")"; fi
}

scan "$LEASE"
expect "lookup: 01-<mac> fetched first (no UUID sent)" 0.config \
	"tftp://$SRV4/pxelinux.cfg/01-${MAC//:/-}"
expect "lookup: its kernel as a tftp:// URL" 0.kernel.url "tftp://$SRV4/vmlinuz"
expect "lookup: IPAPPEND 2 put BOOTIF= on the command line" 0.cmdline \
	"console=ttyS0 auto=true BOOTIF=01-${MAC//:/-}"
rm "$TFTP/pxelinux.cfg/01-${MAC//:/-}"
scan "$LEASE"
expect "lookup: without it, the address in hex (C0A8D3)" 0.config \
	"tftp://$SRV4/pxelinux.cfg/C0A8D3"
rm "$TFTP/pxelinux.cfg/C0A8D3"
scan "$LEASE"
expect "lookup: then default" 0.config "tftp://$SRV4/pxelinux.cfg/default"

# lease files written by hand, as the hook writes them
lease() { printf '%s\0' "$@" >"$T/hand.lease"; }
lease interface=eth9 ip=192.168.211.60 siaddr="$SRV4" bootfile=boot.ipxe \
	mac=52:54:00:12:34:56
scan "$T/hand.lease"
expect "boot file: an iPXE script fetched and run (menu: 2 options)" n 2
expect "boot file: the iPXE option's kernel" 1.kernel.url "tftp://$SRV4/vmlinuz"
lease interface=eth9 ip=192.168.211.60 mac=52:54:00:12:34:56 \
	pxepathprefix="http://$SRV4:8080/pxe/"
scan "$T/hand.lease"
expect "HTTP prefix: the config fetched over HTTP" 0.config \
	"http://$SRV4:8080/pxe/pxelinux.cfg/default"
expect "HTTP prefix: files under it" 0.kernel.url "http://$SRV4:8080/pxe/linux"
lease interface=eth9 ip=192.168.211.60 siaddr="$SRV4" pxeconffile=pxelinux.cfg/loop
scan "$T/hand.lease"
expect "a config that includes itself: still listed once" 0.name looped
check "a config that includes itself: refused with a sentence" \
	grep -q "INCLUDE cycle: /pxelinux.cfg/loop is already being read" "$T/scan.err"
lease interface=eth9 ip=192.168.211.60 siaddr=192.168.211.99 bootfile=pxelinux.0
start=$(date +%s)
scan "$T/hand.lease"
took=$(($(date +%s) - start))
check "a TFTP server that never answers: the lookup ends within its bound (${took} s)" \
	[ "$took" -le 8 ]
check "a TFTP server that never answers: said so" \
	grep -q "timed out" "$T/scan.err"
expect "a TFTP server that never answers: no option" n 0
finish
