#!/bin/bash
# tests/qemu/test-net-dhcp6.sh - network boot over DHCPv6: a machine with no disk, its NIC a tap on the rig of lib-net.sh, dnsmasq answering DHCPv6 (with router advertisements) and giving option 59, an HTTP URL on the server's IPv6 address of a pxelinux config; with baton.net_config=dhcp6 and baton.timeout=0 the daemon runs dhcpcd from the initramfs, which asks with the PXEClient vendor class, and boots the kernel and initrd the config names, fetched over HTTP on IPv6, with the config's command line.
set -eu -o pipefail
. "$(dirname "$0")/lib-menu.sh"
. "$(dirname "$0")/lib-discover.sh"
QN_TAG=dhcp6
. "$(dirname "$0")/lib-net.sh"

t_begin net-dhcp6
qn_skip_unless_root net-dhcp6
qemu_prepare
DIR=$(test_dir net-dhcp6)
T_LOG="$DIR/serial.log"
SRV6=fd00:baf0:13::1

qn_setup "$DIR"
trap qn_on_exit EXIT
qn_in ip -6 addr add "$SRV6/64" dev "$QN_BR" nodad
payload "$QN_WWW"
printf 'DEFAULT v6\nLABEL v6\n  KERNEL vmlinuz-target\n  INITRD initrd-target.img\n  APPEND %s\n' \
	"$(e2e_cmdline dhcp6)" >"$QN_WWW/boot.cfg"
qn_bg python3 "$BQ_REPO/tests/system/net-server.py" "$SRV6" 8080 "$QN_WWW" \
	>"$QN_DIR/http.log" 2>&1
qn_wait_port 8080 t || bq_die "the HTTP server did not start: $(tail -3 "$QN_DIR/http.log")"
# 59 only for a client that sent the PXEClient vendor class
qn_dnsmasq --dhcp-range=fd00:baf0:13::100,fd00:baf0:13::1ff,64,1h --enable-ra \
	--dhcp-vendorclass=set:pxe,enterprise:343,PXEClient \
	--dhcp-option=tag:pxe,option6:bootfile-url,"http://[$SRV6]:8080/boot.cfg"

boot_once "$T_LOG" 400 "baton.timeout=0 baton.net_config=dhcp6"
expect_boot "net-dhcp6: a diskless machine boots the config option 59 names, over HTTP on IPv6" dhcp6
cmd=$(target_cmdline "$T_LOG" || true)
t_check "net-dhcp6: with the config's command line" "command line: $cmd" \
	[ "$cmd" = "$(e2e_cmdline dhcp6)" ]
t_check "net-dhcp6: dnsmasq leased an IPv6 address, to the PXEClient vendor class" \
	"dnsmasq log: $(grep -E 'tags|REPLY' "$QN_DIR/dnsmasq.log" | tail -3)" \
	grep -qE "tags: .*\bpxe\b" "$QN_DIR/dnsmasq.log"
t_check "net-dhcp6: the kernel and initrd came over HTTP on IPv6" "http log: $(tail -3 "$QN_DIR/http.log")" \
	sh -c "grep -q 'GET /vmlinuz-target' '$QN_DIR/http.log' && grep -q 'GET /initrd-target.img' '$QN_DIR/http.log'"
t_check "net-dhcp6: only the DHCPv6 client ran" "no DHCPv6 request in baton's log" \
	baton_said "$T_LOG" "asking for a DHCPv6 lease"
t_done
