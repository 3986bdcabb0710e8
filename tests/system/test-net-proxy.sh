#!/bin/bash
# test-net-proxy.sh: net_proxy and pxelinux's PROXY in the daemon. The
# HTTP server stands on an address the client has no route to; two
# forwarding proxies (net-proxy.py, each logging what it forwards) stand
# between. With baton.net_proxy on the kernel command line the configs
# (option 209 URLs) are fetched through it; an option of a config with a
# PROXY line fetches its kernel through that one, an option of a config
# without through net_proxy; a PROXY that is no HTTP proxy is said and not
# used; with the proxy gone, the boot fails saying the proxy did not answer.
set -u
. "$(dirname "$0")/lib.sh"
NET_TAG=${NET_TAG:-netprox}
. "$(dirname "$0")/lib-net.sh"
. "$(dirname "$0")/lib-discover.sh"
net_skip_unless_root net-proxy
if ! net_setup; then
	not_ok "net-proxy: the namespaces start"
	exit 1
fi
ORIGIN=192.168.212.1:8080
WWW=$T/www
mkdir -p "$WWW" "$T/disks" "$T/leases"
in_srv ip addr add 192.168.212.1/32 dev lo
fake_bzimage "$WWW/vmlinuz"
fake_bzimage "$WWW/vmlinuz-b"
printf 'PROXY http://%s:3129\nDEFAULT x\nLABEL x\n KERNEL vmlinuz\n APPEND console=ttyS0\n' \
	"$SRV4" >"$WWW/a.cfg"
printf 'LABEL y\n KERNEL vmlinuz-b\n' >"$WWW/b.cfg"
printf 'PROXY socks5://%s:1080\nLABEL z\n KERNEL vmlinuz\n' "$SRV4" >"$WWW/c.cfg"

net_bg "$NS_SRV" python3 "$NET_LIB/net-server.py" 192.168.212.1 8080 "$WWW" \
	>"$T/http.log" 2>&1
net_wait_port 8080 || not_ok "the HTTP server starts" "$(cat "$T/http.log")"
for port in 3129 3128; do	# 3128 last: net_stop_last stops it
	net_bg "$NS_SRV" python3 "$NET_LIB/net-proxy.py" "$SRV4" $port \
		>"$T/proxy-$port.log" 2>&1
	net_wait_port $port || not_ok "proxy $port starts" "$(cat "$T/proxy-$port.log")"
done
if in_cli curl -sf -m 3 -o /dev/null "http://$ORIGIN/b.cfg"; then
	not_ok "the client cannot reach the server directly"
else
	ok "the client cannot reach the server directly"
fi

# lease FILE KEY=VALUE...: written whole and renamed, as the hook does
lease() {
	f=$1
	shift
	printf '%s\0' "$@" >"$T/leases/.$f.tmp" && mv "$T/leases/.$f.tmp" "$T/leases/$f"
}
i=0
for n in a b c; do
	i=$((i + 1))
	lease p$n.v4 interface=p$n ip=$CLI4 mac=52:54:00:00:00:0$i \
		serverid=$SRV4 pxeconffile="http://$ORIGIN/$n.cfg" event=bound
done
echo "baton.net_proxy=http://$SRV4:3128" >"$T/net-cmdline"
net_start_cli_daemon --timeout -1 --source-dir "$T/disks" \
	--cmdline "$T/net-cmdline" --lease-dir "$T/leases"
check "the configs' options are listed" wait_list_ids 20 "pa:x pb:y pc:z"
check "the configs came through net_proxy" \
	grep -q "GET http://$ORIGIN/a.cfg 200" "$T/proxy-3128.log"
check "a PROXY that is no HTTP proxy is said and not used" \
	grep -q "pc.v4: PROXY socks5://$SRV4:1080 is not used: a proxy is http" "$T/daemon.log"

msg=$(timeout 30 "$BATON" boot --socket "$SOCK" pa:x 2>&1)
if grep -q "dry run: would boot x" "$T/daemon.log" &&
	grep -q "GET http://$ORIGIN/vmlinuz 200" "$T/proxy-3129.log" &&
	! grep -q "/vmlinuz " "$T/proxy-3128.log"; then
	ok "the config's PROXY carries its own option's kernel"
else
	not_ok "the config's PROXY carries its own option's kernel" "boot: $msg" \
		"3129: $(tail -2 "$T/proxy-3129.log")" "3128: $(tail -2 "$T/proxy-3128.log")"
fi
msg=$(timeout 30 "$BATON" boot --socket "$SOCK" pb:y 2>&1)
if grep -q "GET http://$ORIGIN/vmlinuz-b 200" "$T/proxy-3128.log" &&
	! grep -q "vmlinuz-b" "$T/proxy-3129.log"; then
	ok "an option whose config has no PROXY goes through net_proxy"
else
	not_ok "an option whose config has no PROXY goes through net_proxy" "boot: $msg" \
		"3128: $(tail -2 "$T/proxy-3128.log")"
fi
msg=$(timeout 30 "$BATON" boot --socket "$SOCK" pc:z 2>&1)
check "and so does one whose PROXY was not used" \
	grep -q "GET http://$ORIGIN/vmlinuz 200" "$T/proxy-3128.log"

net_stop_last	# net_proxy's proxy goes
msg=$(timeout 30 "$BATON" boot --socket "$SOCK" pb:y 2>&1)
case $msg in
*"http://$ORIGIN/vmlinuz-b: the proxy http://$SRV4:3128 did not answer"*)
	ok "the proxy gone: the boot fails saying the proxy did not answer" ;;
*) not_ok "the proxy gone: the boot fails saying the proxy did not answer" "got: $msg" ;;
esac
check "the daemon is still up" timeout 5 "$BATON" status --socket "$SOCK"
stop_daemon_checked
finish
