#!/bin/bash
# tests/qemu/test-net-menu.sh - network options in the menu, on the rig of lib-net.sh with a machine whose cable is out when it starts (QEMU's set_link): the menu comes up with no network option; the cable plugged in, the interface gets dnsmasq's lease and the entries of pxelinux.cfg/default are listed in the menu; the entry whose kernel is on an HTTPS server is refused without the server's CA, with the sentence saying why, the menu still usable; the CA given in the config (net_ca_file), the same entry boots.
set -eu -o pipefail
. "$(dirname "$0")/lib-menu.sh"
. "$(dirname "$0")/lib-discover.sh"
QN_TAG=netq
. "$(dirname "$0")/lib-net.sh"

t_begin net-menu
qn_skip_unless_root net-menu
qemu_prepare
DIR=$(test_dir net-menu)
T_LOG="$DIR/serial.log"
BLOG=$(baton_log "$T_LOG")
CA=/etc/baton-test/ca.pem	# in the guest

qn_setup "$DIR"
T_SESSION=net-menu
trap qn_on_exit EXIT
qn_make_ca
payload "$QN_WWW"
HTTPS=https://$QN_SRV4:8443
mkdir -p "$QN_TFTP/pxelinux.cfg"
cat >"$QN_TFTP/pxelinux.cfg/default" <<EOF
DEFAULT https
LABEL https
  MENU LABEL HTTPS Linux
  KERNEL $HTTPS/vmlinuz-target
  INITRD $HTTPS/initrd-target.img
  APPEND $(e2e_cmdline https)
LABEL other
  MENU LABEL Other Linux
  KERNEL vmlinuz-other
  APPEND $(e2e_cmdline other)
EOF
qn_http 8443 "$QN_DIR/tls/server.pem" "$QN_DIR/tls/server.key"
qn_dnsmasq --dhcp-option=66,"$QN_SRV4" --dhcp-option=67,pxelinux.0

# baton's initramfs, plus the test CA at $CA (not trusted unless named)
mkdir -p "$DIR/ca-stage${CA%/*}"
cp "$QN_DIR/tls/ca.pem" "$DIR/ca-stage$CA"
initrd_pack "$DIR/ca-stage" "$DIR/ca.cpio.gz"
cat "$BATON_INITRAMFS" "$DIR/ca.cpio.gz" >"$DIR/initramfs.cpio.gz"
BATON_INITRAMFS=$DIR/initramfs.cpio.gz

dq_start "$T_SESSION" "$T_LOG" 400 "baton.timeout=-1"
dq_mon "set_link n0 off" >>"$DIR/monitor.txt"
# when the DHCP client started: its discovers (-t3 -T2) go nowhere for 6 s,
# then it pauses (-A10); the cable is plugged in during that pause
wait_for "eth0: asking for a DHCP lease" "$BLOG" 150 || true
t_ask=${EPOCHREALTIME/./}
if ! wait_for_screen "$T_SESSION" 150 "baton boot menu"; then
	t_fail "net-menu: the menu comes up with the cable out" "no menu after 150 s" "$T_LOG"
	show_screen "$T_SESSION"
	exit 1
fi
dq_settled net-menu
t_check "net-menu: the interface is brought up with no link, and asks for a lease" \
	"no 'asking for a DHCP lease (no link yet)' in baton's log" \
	baton_said "$T_LOG" "eth0: asking for a DHCP lease \(no link yet\)"
# the cable stays out until 7 s after the client started
ms=$(( (${EPOCHREALTIME/./} - t_ask) / 1000 ))
[ "$ms" -ge 7000 ] || sleep "$(printf '%d.%03d' $(((7000 - ms) / 1000)) $(((7000 - ms) % 1000)))"
# net_options: how many options `baton list --json` has from eth0 ("" when
# it cannot be read)
net_options() {
	dq_list_json | python3 -c '
import json, sys
print(sum(1 for o in json.load(sys.stdin)["options"] if o["source"].startswith("eth0")))' 2>/dev/null
}
n=$(net_options || true)
t_check "net-menu: no network option while the cable is out" "baton list: ${n:-unreadable}" \
	[ "$n" = 0 ]
no_link_yet() { ! baton_said "$T_LOG" "eth0: link up"; }
t_check "net-menu: no link seen while the cable is out" "'eth0: link up' in baton's log" \
	no_link_yet
t_check "net-menu: dnsmasq gave no lease while the cable is out" \
	"$(cat "$QN_DIR/dnsmasq.leases" 2>/dev/null)" [ ! -s "$QN_DIR/dnsmasq.leases" ]

echo "# the cable is plugged in $(bq_since "$t_ask") s after the DHCP client started"
dq_mon "set_link n0 on" >>"$DIR/monitor.txt"
t0=${EPOCHREALTIME/./}
wait_for "eth0\.v4: lease " "$BLOG" 60 && leased=$(bq_since "$t0") || leased=
if wait_for_screen "$T_SESSION" 90 "HTTPS Linux" "Other Linux"; then
	echo "# after the cable: a lease in ${leased:-never} s, the options in the menu in $(bq_since "$t0") s (host time, TCG)"
	t_ok "net-menu: the cable plugged in, the entries of pxelinux.cfg/default are in the menu"
else
	t_fail "net-menu: the cable plugged in, the entries of pxelinux.cfg/default are in the menu" \
		"not on the screen after 90 s" "$T_LOG"
	show_screen "$T_SESSION"
	exit 1
fi
# at once: the client asks when the cable comes, not after its pause
# (which would be 12 s or more here: 9 s of pause, dnsmasq's 3 s ping)
lease_soon() { [ -n "$leased" ] && [ "${leased%.*}" -lt 8 ]; }
t_check "net-menu: the lease comes at once, not after the DHCP client's pause (within 8 s)" \
	"the lease: ${leased:-none} s after the cable" lease_soon
t_check "net-menu: baton saw the link come up" "no 'eth0: link up' in baton's log" \
	baton_said "$T_LOG" "eth0: link up"
# leased_by_dnsmasq: the address of baton's lease is the one dnsmasq gave
leased_by_dnsmasq() {
	local ip
	ip=$(log_text "$BLOG" | sed -n 's/.*eth0\.v4: lease \([0-9.]*\),.*/\1/p' | tail -n 1)
	[ -n "$ip" ] && grep -q "$QN_MAC $ip " "$QN_DIR/dnsmasq.leases"
}
t_check "net-menu: the lease is dnsmasq's" \
	"no 'eth0.v4: lease $QN_NET.N' in baton's log; dnsmasq's leases: $(cat "$QN_DIR/dnsmasq.leases" 2>/dev/null)" \
	leased_by_dnsmasq
titles=$(dq_titles | tr '\t' ':' | tr '\n' ' ')
t_check "net-menu: baton list has them, from the interface's source" "options: $titles" \
	grep -q "eth0:HTTPS Linux eth0:Other Linux" <<<"$titles"

# Without the CA: refused, saying why
menu_choose "$T_SESSION" "HTTPS Linux" "HTTPS Linux" "HTTPS Linux" "Other Linux" || true
# the status line: the daemon's "boot failed: ...", then the menu's own
# "error: ..." for the boot it asked for; both cut at the screen's width
if wait_for_screen "$T_SESSION" 60 "(boot failed|error): HTTPS Linux: $HTTPS/vmlinuz-target"; then
	t_ok "net-menu: without the CA, the status line says the boot failed"
else
	t_fail "net-menu: without the CA, the status line says the boot failed" \
		"no 'boot failed: HTTPS Linux: $HTTPS/vmlinuz-target' on the screen" "$T_LOG"
	show_screen "$T_SESSION"
fi
status=$(dq_sh "baton status" || true)
t_check "net-menu: baton status says why: the certificate, checked against the default bundle" \
	"baton status: $status" \
	grep -qF "boot failed: HTTPS Linux: $HTTPS/vmlinuz-target: the server's certificate was not accepted" <<<"$status"
t_check "net-menu: ... and which bundle" "baton status: $status" \
	grep -qF "checked against the default CA bundle" <<<"$status"
# the menu's log page (l) has the whole sentence, folded at the screen's
# width: compared without spaces, where the folds fall; what libcurl says
# in the parentheses is its own
WHY1="boot failed: HTTPS Linux: $HTTPS/vmlinuz-target: the server's certificate was not accepted ("
WHY2="), checked against the default CA bundle"
key_char "$T_SESSION" l
wait_for_screen "$T_SESSION" 10 "baton log \(newest last\)" || true
for i in 1 2 3 4; do key_char "$T_SESSION" " "; sleep 0.3; done
page=$(tmux_screen "$T_SESSION")
# page_has TEXT: the page holds TEXT, spaces and folds aside
page_has() { grep -qF "${1// /}" <<<"$(tr -d ' \n' <<<"$page")"; }
page_says_why() { page_has "$WHY1" && page_has "$WHY2"; }
t_check "net-menu: the menu's log page has the whole sentence" "the page: $page" \
	page_says_why
key_char "$T_SESSION" q
t_check "net-menu: the menu still lists the network options" "not on the screen" \
	wait_for_screen "$T_SESSION" 10 "HTTPS Linux" "Other Linux"
not_booted() { ! log_text "$T_LOG" | grep -aq BATON-TARGET-OK; }
t_check "net-menu: nothing was booted" "the target ran" not_booted

# With the CA given in the config: the same entry boots
out=$(dq_sh "baton config net_ca_file $CA" || true)
ca_is_set() { [ "$(dq_sh "baton config net_ca_file")" = "$CA" ]; }
t_check "net-menu: baton config sets net_ca_file" "baton config: $out" \
	ca_is_set
menu_choose "$T_SESSION" "HTTPS Linux" "HTTPS Linux" "HTTPS Linux" "Other Linux" || true
wait_for BATON-TARGET-OK "$T_LOG" 120 || true
TARGET_GOT=$(target_cmdline "$T_LOG" | sed -n 's/.*baton_e2e=\([^ ]*\).*/\1/p')
expect_boot "net-menu: with the CA in net_ca_file, the HTTPS entry boots from the menu" https
for f in vmlinuz-target initrd-target.img; do
	t_check "net-menu: $f came over HTTPS" "the server's log: $(tail -3 "$QN_DIR/http-8443.log")" \
		grep -q "\"GET /$f HTTP/1.1\" 200" "$QN_DIR/http-8443.log"
done
t_done
