#!/bin/bash
# test-net-dhcp6.sh: DHCPv6 by dhcpcd, started by discover/dhcp.c with
# baton's hook, against dnsmasq (DHCPv6 and router advertisements) in
# another namespace: the lease the hook hands over carries the address,
# DNS, option 59 and option 60 (only when dnsmasq saw the PXEClient vendor
# class); a release withdraws it and the address; garbage in 59 is refused
# with a sentence; and `baton daemon` with net_config=dhcp6 lists the
# kernel 59 names over HTTP on the server's IPv6 address, with 60 as its
# command line, keeps it when the lease is renewed, and withdraws it when
# the interface goes.
set -u
. "$(dirname "$0")/lib.sh"
NET_TAG=dhcp6
. "$(dirname "$0")/lib-net.sh"
. "$(dirname "$0")/lib-discover.sh"
net_begin net-dhcp6
MAC=$(in_cli cat "/sys/class/net/$VETH_CLI/address")
if ! command -v dhcpcd >/dev/null; then
	not_ok "dhcpcd is installed (scripts/install-deps.sh test)"
	finish
fi

# dhcpcd keeps its DUID, leases and pid files in /var/lib/dhcpcd and
# /run/dhcpcd: give each client here a private tmpfs for both, so that
# nothing of the host's is read or written; and, as in the initramfs, no
# dhcpcd user, so that dhcpcd runs as it does there: without privilege
# separation, running the hook itself
grep -v '^dhcpcd:' /etc/passwd >"$T/passwd"
cat >"$T/private" <<EOF
#!/bin/sh
mount -t tmpfs dhcp6 /run && mount -t tmpfs dhcp6 /var/lib/dhcpcd &&
	mount --bind "$T/passwd" /etc/passwd || exit 1
exec "\$@"
EOF
chmod +x "$T/private"

# dhcp ARGS...: net_dhcp for DHCPv6, dhcpcd in its private folders
dhcp() { NET_DHCP_WRAP="unshare -m $T/private" net_dhcp --family 6 "$@"; }

URL="http://[$SRV6]:8080/vmlinuz"
NET_DHCP_PORT=547 net_dnsmasq v6 --dhcp-range=fd00:baf0:11::100,fd00:baf0:11::1ff,64,1h \
	--enable-ra --dhcp-option=option6:dns-server,"[$SRV6]" \
	--dhcp-vendorclass=set:pxe,enterprise:343,PXEClient \
	--dhcp-option=tag:pxe,option6:bootfile-url,"$URL" \
	--dhcp-option=tag:pxe,option6:bootfile-param,"console=ttyS0","v6=yes" ||
	not_ok "dnsmasq (DHCPv6) starts" "$(tail -3 "$T/v6.log")"

dhcp --keep "$VETH_CLI"
lease=$out
net_lease_check v6 "family=6" "interface=$VETH_CLI" "event=bound" "mac=$MAC" \
	"ip=fd00:baf0:11::1[0-9a-f][0-9a-f]" \
	"bootfile_url=$(printf '%s' "$URL" | sed 's/[].[]/\\&/g')" \
	"bootfile_param=console=ttyS0 v6=yes" "dns=$SRV6" "lease=3600"
check "v6: dnsmasq saw the vendor class (enterprise 343, PXEClient)" \
	grep -q "tags: .*\bpxe\b" "$T/v6.log"
check "v6: the hook wrote resolv.conf (no v4 lease)" \
	grep -qx "nameserver $SRV6" "$T/resolv.conf"
if has withdrawn; then
	ok "v6: a release withdraws the lease (file removed on RELEASE6)"
else
	not_ok "v6: a release withdraws the lease (file removed on RELEASE6)" \
		"got: $(printf '%s' "$out" | tail -2)" "$(tail -3 "$T/dhcp.stderr")"
fi
if ! in_cli ip -6 addr show dev "$VETH_CLI" scope global | grep -q inet6; then
	ok "v6: the release removed the address"
else
	not_ok "v6: the release removed the address" \
		"$(in_cli ip -6 addr show dev "$VETH_CLI" scope global)"
fi

# once: the lease stays after dhcpcd quits, and dhcpcd set the address
rm -f "$T/resolv.conf"
echo x >"$T/leases/$VETH_CLI.v4"	# a v4 lease: its DNS servers win
dhcp "$VETH_CLI"
check "v6: once (-1): the lease stays after the client quits" has "event=bound"
ip=$(printf '%s\n' "$out" | sed -n 's/^ip=//p')
if [ -n "$ip" ] && in_cli ip -6 addr show dev "$VETH_CLI" | grep -q "inet6 $ip/128"; then
	ok "v6: dhcpcd set the address"
else
	not_ok "v6: dhcpcd set the address" "$(in_cli ip -6 addr show dev "$VETH_CLI")"
fi
check "v6: with a v4 lease the hook leaves resolv.conf to it" [ ! -e "$T/resolv.conf" ]
rm -f "$T/leases/$VETH_CLI.v4"
in_cli ip -6 addr flush dev "$VETH_CLI" scope global

# garbage: a 59 with a space, and a 60 with an escape sequence
net_stop_last
NET_DHCP_PORT=547 net_dnsmasq bad --dhcp-range=fd00:baf0:11::200,fd00:baf0:11::2ff,64,1h \
	--enable-ra --dhcp-option=option6:bootfile-url,"http://[$SRV6]/a b" ||
	not_ok "dnsmasq starts again" "$(tail -3 "$T/bad.log")"
rm -rf "$T/leases"
dhcp "$VETH_CLI"
case $out in
"error EINVAL: DHCP lease: bootfile_url=\"http://[$SRV6]/a b\": not a URL")
	ok "garbage: option 59 with a space refused with a sentence" ;;
*)	not_ok "garbage: option 59 with a space refused" "got: $out" ;;
esac
net_stop_last
NET_DHCP_PORT=547 net_dnsmasq bad60 --dhcp-range=fd00:baf0:11::200,fd00:baf0:11::2ff,64,1h \
	--enable-ra --dhcp-option=option6:bootfile-url,"$URL" \
	--dhcp-option=option6:bootfile-param,"$(printf 'a\033[2Jb')" ||
	not_ok "dnsmasq starts again" "$(tail -3 "$T/bad60.log")"
rm -rf "$T/leases"
in_cli ip -6 addr flush dev "$VETH_CLI" scope global
dhcp "$VETH_CLI"
case $out in
"error EINVAL: DHCP lease: bootfile_param_hex=\"0006611b5b324a62\": a control character in a parameter")
	ok "garbage: option 60 with an escape refused with a sentence" ;;
*)	not_ok "garbage: option 60 with an escape refused" "got: $out" ;;
esac
net_stop_last
in_cli ip -6 addr flush dev "$VETH_CLI" scope global

# the daemon: net_config=dhcp6 runs dhcpcd on the veth; 59 names a kernel
# over HTTP on the server's IPv6 address, 60 its command line
mkdir -p "$T/www" "$T/disks"
fake_bzimage "$T/www/vmlinuz"
net_bg "$NS_SRV" python3 "$NET_LIB/net-server.py" "$SRV6" 8080 "$T/www" \
	>"$T/http.log" 2>&1
net_wait_port 8080 || not_ok "the HTTP server listens on [$SRV6]:8080" "$(cat "$T/http.log")"
NET_DHCP_PORT=547 net_dnsmasq v6d --dhcp-range=fd00:baf0:11::100,fd00:baf0:11::1ff,64,1h \
	--enable-ra --dhcp-vendorclass=set:pxe,enterprise:343,PXEClient \
	--dhcp-option=tag:pxe,option6:bootfile-url,"$URL" \
	--dhcp-option=tag:pxe,option6:bootfile-param,"console=ttyS0","v6=yes" ||
	not_ok "dnsmasq starts for the daemon" "$(tail -3 "$T/v6d.log")"
printf 'baton.net_interfaces=%s baton.net_config=dhcp6\n' "$VETH_CLI" \
	>"$T/net-cmdline"
printf '#!/bin/sh\nexec ip netns exec %s unshare -m %s %s "$@"\n' "$NS_CLI" \
	"$T/private" "$BATON" >"$T/baton-in-ns"
chmod +x "$T/baton-in-ns"
HOST_BATON=$BATON
BATON=$T/baton-in-ns
start_daemon --timeout -1 --source-dir "$T/disks" --cmdline "$T/net-cmdline" \
	--lease-dir "$T/leases" --dhcp-hook "$T/hook"
BATON=$HOST_BATON
check "the daemon starts dhcpcd on the veth" \
	wait_log "$VETH_CLI: asking for a DHCPv6 lease" 5
check "no DHCPv4 client with net_config=dhcp6" \
	sh -c "! grep -q '$VETH_CLI: asking for a DHCP lease' '$T/daemon.log'"
check "59's kernel is listed" wait_list_ids 30 "$VETH_CLI-v6:bootfile"
got=$(cli list --json | python3 -c '
import json, sys
o = json.load(sys.stdin)["options"][0]
print(o["parser"], o["kernel"]["url"], o["cmdline"])')
want="pxe $URL console=ttyS0 v6=yes"
if [ "$got" = "$want" ]; then
	ok "the option boots 59's URL with 60 as its command line"
else
	not_ok "the option boots 59's URL with 60 as its command line" \
		"got:  $got" "want: $want"
fi
check "the daemon read the kernel's head over IPv6" \
	grep -q '"GET /vmlinuz' "$T/http.log"
# a renewal (SIGUSR1 to dhcpcd: RENEW6) rewrites the lease; the option stays
client=$(pgrep -P "$DAEMON_PID" -x dhcpcd | head -n 1)
[ -n "$client" ] && kill -USR1 "$client"
renewed() { tr '\0' '\n' <"$T/leases/$VETH_CLI.v6" | grep -qx event=renew; }
i=0
while ! renewed && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "a renewal rewrites the v6 lease (event renew)" renewed
check "the renewed lease keeps its option" wait_list_ids 10 "$VETH_CLI-v6:bootfile"
in_cli ip link set "$VETH_CLI" down
in_cli ip link del "$VETH_CLI" 2>/dev/null
check "the interface gone, its option is withdrawn" wait_list_ids 15 ""
stop_daemon_checked
finish
