#!/bin/bash
# tests/buildroot/test-qemu-x86_64.sh - baton_qemu_x86_64_defconfig built with Buildroot (offline, cached between runs), then its own kernel and initramfs booted in QEMU: the menu on the serial console, and the autoboot default kexecs the target kernel from a disk; then the same image on a diskless machine boots over the network (udhcpc, an iPXE script over TFTP, the kernel over HTTPS checked against the image's CA bundle, the initrd over HTTP).
set -eu -o pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/buildroot/lib-buildroot.sh"
. "$top/tests/qemu/lib-discover.sh"
QN_TAG=brnet
. "$top/tests/qemu/lib-net.sh"

t_begin buildroot-qemu-x86_64
bq_init

# 1. the image, as README's "For integrators" says (scripts/buildroot-build.sh)
br_image buildroot-x86_64 baton_qemu_x86_64_defconfig
out=$BR_OUT

# 2. the kernel Buildroot configured has every option the fragments set
kconfig=$out/build/linux-custom/.config
lost=$(grep -hE '^CONFIG_[A-Za-z0-9_]+=' "$top/buildroot/board/qemu/linux-baton.fragment" \
	"$top/buildroot/board/qemu/x86_64/linux.fragment" | grep -vxF -f "$kconfig" || true)
t_check "buildroot-x86_64: the kernel keeps every option of the fragments" \
	"lost: ${lost//$'\n'/ }" test -z "$lost"
t_check "buildroot-x86_64: a menu on the console instead of a getty (inittab)" \
	"no baton-console line, or a getty left, in $out/target/etc/inittab" \
	eval "grep -qx 'console::respawn:/usr/libexec/baton/baton-console console' '$out/target/etc/inittab' &&
		! grep -q '^[^#].*getty' '$out/target/etc/inittab'"

# 3. boot it: Buildroot's bzImage and rootfs.cpio.gz; the disk carries the
# Debian kernel and the target initrd as the kexec target
br_boot_kexec buildroot-x86_64 "$out/images/bzImage" "$out/images/rootfs.cpio.gz"
bq_tmux kill-session -t buildroot-x86_64 2>/dev/null || true
T_SESSION=

# 4. network boot (the package's NET option): what it needs is in the image
for f in usr/lib/libcurl.so.4 usr/lib/libcrypto.so.3 usr/share/baton/dhcp-hook; do
	t_check "buildroot-x86_64: the image has /$f (network boot, signed boot)" \
		"no $out/target/$f" test -e "$out/target/$f"
done

# The same image on a machine with no disk, on the rig of lib-net.sh. The
# CA bundle libcurl reads (/etc/ssl/certs/ca-certificates.crt) comes in a
# second cpio after the image's, as a rootfs overlay would put it there.
qn_skip_unless_root "buildroot-x86_64: network boot"
DIR=$(test_dir buildroot-x86_64-net)
qn_setup "$DIR/net"
trap qn_on_exit EXIT
qn_make_ca
mkdir -p "$DIR/overlay/etc/ssl/certs"
cp "$QN_DIR/tls/ca.pem" "$DIR/overlay/etc/ssl/certs/ca-certificates.crt"
initrd_pack "$DIR/overlay" "$DIR/overlay.cpio.gz"
cat "$out/images/rootfs.cpio.gz" "$DIR/overlay.cpio.gz" >"$DIR/net-initramfs.cpio.gz"
BATON_INITRAMFS=$DIR/net-initramfs.cpio.gz
payload "$QN_WWW/images"
HTTPS=https://$QN_SRV4:8443 HTTP=http://$QN_SRV4:8080
printf '#!ipxe\nkernel %s/images/vmlinuz-target %s\ninitrd %s/images/initrd-target.img\nboot\n' \
	"$HTTPS" "$(e2e_cmdline brnet)" "$HTTP" >"$QN_TFTP/boot.ipxe"
qn_http 8080
qn_http 8443 "$QN_DIR/tls/server.pem" "$QN_DIR/tls/server.key"
qn_dnsmasq --dhcp-option=66,"$QN_SRV4" --dhcp-option=67,boot.ipxe
T_LOG="$DIR/net.log"
boot_once "$T_LOG" 300 "baton.timeout=0"
expect_boot "buildroot-x86_64: a diskless machine boots the image's network option" brnet
t_check "buildroot-x86_64: the iPXE script came over TFTP" \
	"dnsmasq's log: $(tail -3 "$QN_DIR/dnsmasq.log")" \
	grep -q "sent .*boot.ipxe" "$QN_DIR/dnsmasq.log"
t_check "buildroot-x86_64: the kernel came over HTTPS, its server trusted through the image's CA bundle" \
	"the HTTPS server's log: $(tail -3 "$QN_DIR/http-8443.log")" \
	grep -q '"GET /images/vmlinuz-target HTTP/1.1" 200' "$QN_DIR/http-8443.log"
t_check "buildroot-x86_64: the initrd came over HTTP" \
	"the HTTP server's log: $(tail -3 "$QN_DIR/http-8080.log")" \
	grep -q '"GET /images/initrd-target.img HTTP/1.1" 200' "$QN_DIR/http-8080.log"
t_check "buildroot-x86_64: baton booted the files the script named" \
	"no 'booting: ... kernel $HTTPS/images/vmlinuz-target' in baton's log" \
	baton_said "$T_LOG" "booting: .*kernel $HTTPS/images/vmlinuz-target, initrds $HTTP/images/initrd-target.img"
t_done
