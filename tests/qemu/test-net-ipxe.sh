#!/bin/bash
# tests/qemu/test-net-ipxe.sh - an iPXE script booted end to end: a machine with no disk on the rig of lib-net.sh, dnsmasq's option 67 an http:// URL of a `#!ipxe` script (set, ${var}, ${net0/mac}, names relative to the script); with baton.timeout=0 the daemon fetches the script, and the kernel and initrd it names over HTTP, and boots them with the script's command line.
set -eu -o pipefail
. "$(dirname "$0")/lib-menu.sh"
. "$(dirname "$0")/lib-discover.sh"
QN_TAG=netq
. "$(dirname "$0")/lib-net.sh"

t_begin net-ipxe
qn_skip_unless_root net-ipxe
qemu_prepare
DIR=$(test_dir net-ipxe)
T_LOG="$DIR/serial.log"

qn_setup "$DIR"
trap qn_on_exit EXIT
payload "$QN_WWW/images"
cat >"$QN_WWW/boot.ipxe" <<'EOF'
#!ipxe
# baton's test-net-ipxe: the kernel and initrd over HTTP, next to this script
set e2e ipxe
kernel images/vmlinuz-target console=ttyS0 quiet baton_e2e=${e2e} mac=${net0/mac}
initrd images/initrd-target.img
boot
EOF
qn_http 8080
URL=http://$QN_SRV4:8080
qn_dnsmasq --dhcp-option=67,"$URL/boot.ipxe"

boot_once "$T_LOG" 400 "baton.timeout=0"
expect_boot "net-ipxe: a diskless machine boots the kernel of the iPXE script option 67 names" ipxe
cmd=$(target_cmdline "$T_LOG" || true)
t_check "net-ipxe: with the script's command line, \${net0/mac} the lease's MAC" \
	"command line: $cmd" grep -q "baton_e2e=ipxe mac=$QN_MAC" <<<"$cmd"
for f in boot.ipxe images/vmlinuz-target images/initrd-target.img; do
	t_check "net-ipxe: $f came over HTTP" "the server's log: $(tail -3 "$QN_DIR/http-8080.log")" \
		grep -q "\"GET /$f HTTP/1.1\" 200" "$QN_DIR/http-8080.log"
done
t_check "net-ipxe: baton booted the files at the URLs the script named" \
	"no 'booting: ... kernel $URL/images/vmlinuz-target, initrds $URL/images/initrd-target.img' in baton's log" \
	baton_said "$T_LOG" "booting: .*kernel $URL/images/vmlinuz-target, initrds $URL/images/initrd-target.img"
t_done
