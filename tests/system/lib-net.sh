# tests/system/lib-net.sh: a private network for the network tests: two
# namespaces ("server" and "client") joined by a veth pair, each named
# with $NET_TAG ("netboot" unless set) and this shell's pid so that
# parallel runs never clash;
# servers (HTTP(S), dnsmasq) run in the server namespace, baton's modules
# in the client one. Needs root; otherwise the test prints one SKIP line.
# Sourced after lib.sh.

NET_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NET_ID=$(($$ % 100000))
NET_TAG=${NET_TAG:-netboot}	# at most 8 characters
NS_SRV=$NET_TAG-srv-$NET_ID
NS_CLI=$NET_TAG-cli-$NET_ID
VETH_SRV=${NET_TAG}S$NET_ID	# at most 15 characters
VETH_CLI=${NET_TAG}C$NET_ID
SRV4=192.168.211.1
CLI4=192.168.211.2
SRV6=fd00:baf0:11::1
NET_TOOL=${NET_TOOL:-$(dirname "$BATON")/tests/tools/net-tool}
NET_PIDS=

# net_skip_unless_root NAME: print a SKIP line and exit when this cannot run
net_skip_unless_root() {
	if [ "$(id -u)" != 0 ] || ! ip netns list >/dev/null 2>&1; then
		echo "ok - $1 # SKIP needs root and ip netns"
		exit 0
	fi
}

net_cleanup() {
	for p in $NET_PIDS; do
		kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	ip netns del "$NS_SRV" 2>/dev/null
	ip netns del "$NS_CLI" 2>/dev/null
	cleanup
}
trap net_cleanup EXIT INT TERM

in_srv() { ip netns exec "$NS_SRV" "$@"; }
in_cli() { ip netns exec "$NS_CLI" "$@"; }

# net_setup [noaddr]: the two namespaces and the veth pair, up; with
# "noaddr" the client side gets no address (DHCP gives it one).
net_setup() {
	ip netns add "$NS_SRV" || return 1
	ip netns add "$NS_CLI" || return 1
	ip link add "$VETH_SRV" netns "$NS_SRV" type veth \
		peer name "$VETH_CLI" netns "$NS_CLI" || return 1
	in_srv ip link set lo up
	in_cli ip link set lo up
	in_srv ip addr add "$SRV4/24" dev "$VETH_SRV"
	in_srv ip -6 addr add "$SRV6/64" dev "$VETH_SRV" nodad
	[ "${1:-}" = noaddr ] || in_cli ip addr add "$CLI4/24" dev "$VETH_CLI"
	in_srv ip link set "$VETH_SRV" up
	in_cli ip link set "$VETH_CLI" up
}

# net_bg NS CMD...: run CMD in namespace NS in the background, killed at
# the end of the test (ip netns exec execs CMD: $! is CMD's pid)
net_bg() {
	ns=$1
	shift
	ip netns exec "$ns" "$@" &
	NET_PIDS="$NET_PIDS $!"
}

# net_wait_port PORT [t|u]: something listens on PORT in the server
# namespace within 10 s
net_wait_port() {
	i=0
	while [ $i -lt 100 ]; do
		in_srv ss -Hln"${2:-t}" | grep -q ":$1 " && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# net_make_ca DIR IP: DIR/ca.pem (a test CA), DIR/server.pem and
# DIR/server.key (a certificate for IP signed by it), and DIR/other-ca.pem
# (a CA that signed nothing)
net_make_ca() {
	d=$1
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=baton test CA" \
		-keyout "$d/ca.key" -out "$d/ca.pem" 2>/dev/null || return 1
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=other CA" \
		-keyout "$d/other-ca.key" -out "$d/other-ca.pem" 2>/dev/null || return 1
	openssl req -newkey rsa:2048 -nodes -subj "/CN=$2" \
		-keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null || return 1
	printf 'subjectAltName=IP:%s\n' "$2" >"$d/san.ext"
	openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" \
		-CAcreateserial -days 2 -extfile "$d/san.ext" \
		-out "$d/server.pem" 2>/dev/null
}

# net_http DIR PORT [CERT KEY]: net-server.py on SRV4:PORT, log in
# $T/http-PORT.log
net_http() {
	net_bg "$NS_SRV" python3 "$NET_LIB/net-server.py" "$SRV4" "$2" "$1" \
		${3:+"$3"} ${4:+"$4"} >"$T/http-$2.log" 2>&1
	net_wait_port "$2"
}

# net_tftp DIR: dnsmasq as a TFTP server only (no DNS, no DHCP) on SRV4
net_tftp() {
	net_bg "$NS_SRV" dnsmasq --keep-in-foreground --conf-file=/dev/null \
		--port=0 --user=root --bind-interfaces --interface="$VETH_SRV" \
		--enable-tftp --tftp-root="$1" --log-facility="$T/tftp.log" \
		--pid-file="$T/tftp.pid"
	net_wait_port 69 u
}

# net_dnsmasq NAME ARGS...: dnsmasq in the server namespace with ARGS (DHCP
# ranges, options), no DNS, its log in $T/NAME.log and leases in $T; it
# answers within 10 s (port $NET_DHCP_PORT open: 67 unless set, 547 for a
# DHCPv6-only server)
net_dnsmasq() {
	name=$1
	shift
	net_bg "$NS_SRV" dnsmasq --keep-in-foreground --conf-file=/dev/null \
		--port=0 --user=root --bind-interfaces --interface="$VETH_SRV" \
		--dhcp-leasefile="$T/$name.leases" --log-dhcp \
		--log-facility="$T/$name.log" --pid-file="$T/$name.pid" "$@"
	net_wait_port "${NET_DHCP_PORT:-67}" u
}

# net_stop_last: stop the last process net_bg started
net_stop_last() {
	p=${NET_PIDS##* }
	kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	NET_PIDS=${NET_PIDS% *}
}

# net_dhcp ARGS...: tests/tools/net-tool dhcp with the hook in the client
# namespace (run through $NET_DHCP_WRAP, when set), leases in $T/leases;
# its output in $out, its errors in $T/dhcp.stderr
net_dhcp() {
	out=$(in_cli ${NET_DHCP_WRAP:-} "$NET_TOOL" dhcp --hook "$T/hook" \
		--lease-dir "$T/leases" --resolv "$T/resolv.conf" "$@" \
		2>"$T/dhcp.stderr")
}

# has LINE: net_dhcp's $out has the line LINE
has() {
	case "
$out
" in *"
$1
"*) return 0 ;; esac
	return 1
}

# net_lease_check NAME WANT...: one TAP line "NAME lease: WANT" per WANT, a
# pattern (grep -x) that some line of $lease matches
net_lease_check() {
	name=$1
	shift
	for want in "$@"; do
		if printf '%s\n' "$lease" | grep -qx -- "$want"; then
			ok "$name lease: $want"
		else
			not_ok "$name lease: $want" \
				"got: $(printf '%s' "$lease" | tr '\n' ' ')" \
				"$(tail -3 "$T/dhcp.stderr")"
		fi
	done
}

# net_hook: $T/hook, baton's DHCP hook run by busybox sh (as in the
# initramfs), whatever /bin/sh is here
net_hook() {
	printf '#!/bin/sh\nexec busybox sh %s "$@"\n' \
		"$NET_LIB/../../initramfs/dhcp-hook" >"$T/hook"
	chmod +x "$T/hook"
}

# net_start_cli_daemon ARGS...: start_daemon (lib.sh) with the daemon in
# the client namespace
net_start_cli_daemon() {
	printf '#!/bin/sh\nexec ip netns exec %s %s "$@"\n' "$NS_CLI" "$BATON" \
		>"$T/baton-in-ns"
	chmod +x "$T/baton-in-ns"
	NET_BATON_HOST=$BATON
	BATON=$T/baton-in-ns
	start_daemon "$@"
	BATON=$NET_BATON_HOST
}

# net_start_daemon ARGS...: the same, the daemon driving the veth
# (baton.net_interfaces) with the hook (net_hook first), its leases in
# $T/leases
net_start_daemon() {
	echo "baton.net_interfaces=$VETH_CLI" >"$T/net-cmdline"
	net_start_cli_daemon --cmdline "$T/net-cmdline" --lease-dir "$T/leases" \
		--dhcp-hook "$T/hook" "$@"
}

# net_begin NAME: skip unless root; the namespaces with no client address
# (DHCP gives it) and $T/hook, or a failure and exit
net_begin() {
	net_skip_unless_root "$1"
	if ! net_setup noaddr; then
		not_ok "$1: the namespaces start"
		exit 1
	fi
	net_hook
}
