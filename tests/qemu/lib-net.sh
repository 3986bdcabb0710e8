# tests/qemu/lib-net.sh - the network rig of the network boot QEMU tests (sourced, bash; after lib-discover.sh).
#
# A network namespace of the test's own (named with $QN_TAG, "netboot"
# unless set, and the shell's pid, never reaching outside) holding a
# bridge, a tap device that is the guest's NIC (QEMU runs inside the
# namespace), dnsmasq as DHCP and TFTP server, and an HTTP(S) server
# (tests/system/net-server.py):
#
#   qn_setup                   namespace, bridge (QN_SRV4/24), tap; sets
#                              QEMU_NET and has QEMU run in the namespace
#   qn_dnsmasq ARGS...         dnsmasq on the bridge, TFTP from $QN_TFTP,
#                              DHCP range QN_NET.50-99, log $QN_DIR/dnsmasq.log
#   qn_http PORT [CERT KEY]    the HTTP(S) server on QN_SRV4:PORT, serving
#                              $QN_WWW
#   qn_make_ca                 $QN_DIR/tls/{ca.pem,server.pem,server.key}
#   qn_on_exit                 the EXIT trap to set after t_begin: QEMU and
#                              the servers stopped, the namespace deleted
#
# Root is needed (namespaces, a tap): qn_skip_unless_root says so and ends
# the test otherwise (failing if a check made before it failed).

QN_ID=$(($$ % 100000))
QN_TAG=${QN_TAG:-netboot}	# at most 8 characters
QN_NS=$QN_TAG-qemu-$QN_ID
QN_BR=${QN_TAG}B$QN_ID
QN_TAP=${QN_TAG}T$QN_ID
QN_NET=192.168.213
QN_SRV4=$QN_NET.1
QN_MAC=52:54:00:12:34:56
QN_PIDS=

qn_skip_unless_root() {
	if [ "$(id -u)" != 0 ] || ! ip netns list >/dev/null 2>&1 || [ ! -c /dev/net/tun ]; then
		echo "ok - $1 # SKIP needs root, ip netns and /dev/net/tun"
		trap - EXIT
		# the checks a test made before it reached the rig still count
		if t_done; then exit 0; fi
		exit 1
	fi
}

qn_in() { ip netns exec "$QN_NS" "$@"; }

# qn_setup DIR: the namespace, its bridge and the guest's tap
qn_setup() {
	QN_DIR=$1
	QN_TFTP=$QN_DIR/tftp
	QN_WWW=$QN_DIR/www
	mkdir -p "$QN_TFTP" "$QN_WWW"
	ip netns add "$QN_NS" || bq_die "ip netns add $QN_NS failed"
	qn_in ip link set lo up
	qn_in ip link add "$QN_BR" type bridge || bq_die "no bridge in $QN_NS"
	qn_in ip addr add "$QN_SRV4/24" dev "$QN_BR"
	qn_in ip tuntap add dev "$QN_TAP" mode tap || bq_die "no tap in $QN_NS"
	qn_in ip link set "$QN_TAP" master "$QN_BR"
	qn_in ip link set "$QN_TAP" up
	qn_in ip link set "$QN_BR" up
	QEMU_NET="-netdev tap,id=n0,ifname=$QN_TAP,script=no,downscript=no -device virtio-net-pci,netdev=n0,mac=$QN_MAC"
	# QEMU itself runs in the namespace, where the tap is
	printf '#!/bin/sh\nexec ip netns exec %s %s "$@"\n' "$QN_NS" "$(qemu_system)" \
		>"$QN_DIR/qemu-in-netns"
	chmod +x "$QN_DIR/qemu-in-netns"
	qemu_system() { echo "$QN_DIR/qemu-in-netns"; }
}

# qn_bg CMD...: run CMD in the namespace in the background (stopped by
# qn_cleanup); ip netns exec execs CMD, so $! is CMD's pid
qn_bg() {
	ip netns exec "$QN_NS" "$@" &
	QN_PIDS="$QN_PIDS $!"
}

# qn_wait_port PORT t|u: something listens on PORT in the namespace (10 s)
qn_wait_port() {
	local i
	for i in $(seq 100); do
		qn_in ss -Hln"$2" | grep -q ":$1 " && return 0
		sleep 0.1
	done
	return 1
}

# qn_dnsmasq ARGS...: dnsmasq as the rig's DHCP and TFTP server. It does
# not ping an address before offering it (--no-ping): on this private
# bridge nothing else holds one, and the ping costs each lease 3 s.
qn_dnsmasq() {
	qn_bg dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 \
		--user=root --bind-interfaces --interface="$QN_BR" --no-ping \
		--dhcp-range="$QN_NET.50,$QN_NET.99,255.255.255.0,1h" \
		--dhcp-leasefile="$QN_DIR/dnsmasq.leases" --log-dhcp \
		--enable-tftp --tftp-root="$QN_TFTP" \
		--log-facility="$QN_DIR/dnsmasq.log" --pid-file="$QN_DIR/dnsmasq.pid" "$@"
	qn_wait_port 67 u || bq_die "dnsmasq did not start: $(tail -3 "$QN_DIR/dnsmasq.log")"
}

qn_http() {
	qn_bg python3 "$BQ_REPO/tests/system/net-server.py" "$QN_SRV4" "$1" "$QN_WWW" \
		${2:+"$2"} ${3:+"$3"} >"$QN_DIR/http-$1.log" 2>&1
	qn_wait_port "$1" t || bq_die "the HTTP server did not start: $(tail -3 "$QN_DIR/http-$1.log")"
}

qn_make_ca() {
	local d=$QN_DIR/tls
	mkdir -p "$d"
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=baton test CA" \
		-keyout "$d/ca.key" -out "$d/ca.pem" 2>/dev/null &&
	openssl req -newkey rsa:2048 -nodes -subj "/CN=$QN_SRV4" \
		-keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null &&
	printf 'subjectAltName=IP:%s\n' "$QN_SRV4" >"$d/san.ext" &&
	openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" \
		-CAcreateserial -days 2 -extfile "$d/san.ext" -out "$d/server.pem" 2>/dev/null ||
		bq_die "openssl failed"
}

qn_cleanup() {
	local p
	for p in $QN_PIDS; do
		{ kill "$p" && wait "$p"; } 2>/dev/null || true
	done
	QN_PIDS=
	ip netns del "$QN_NS" 2>/dev/null || true
}

# qn_on_exit: the EXIT trap of a test using the rig: QEMU (dq_stop) and
# the servers stopped, the namespace deleted, then lib.sh's t_on_exit
qn_on_exit() {
	local rc=$?
	[ -n "${T_SESSION:-}" ] && dq_stop "$T_SESSION"
	qn_cleanup
	(exit $rc)
	t_on_exit
}
