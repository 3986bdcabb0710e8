#!/bin/bash
# tests/qemu/test-net-dhcp.sh - the guest's NIC is a tap in a network namespace of the test's own (tests/qemu/lib-net.sh): its driver loads, busybox udhcpc started as discover/dhcp.c starts it, with baton's hook, gets the lease dnsmasq gives (66, 67, 209 for option 93, 210), the configs it names are fetched (209; without it 01-<mac> over default, BOOTIF= from IPAPPEND 2), and libcurl in the initramfs fetches over TFTP, HTTP and HTTPS (the CA given; refused without it, saying why).
set -eu -o pipefail
. "$(dirname "$0")/lib-discover.sh"
. "$(dirname "$0")/lib-net.sh"

t_begin net-dhcp
qn_skip_unless_root net-dhcp
qemu_prepare
DIR=$(test_dir net-dhcp)
T_LOG="$DIR/serial.log"
NET_TOOL="$BQ_O/tests/tools/net-tool"
[ -x "$NET_TOOL" ] || bq_die "no $NET_TOOL (make O=$BQ_O tests)"

# baton's initramfs with net-tool, which drives the network modules alone
EXTRA_BINS="$NET_TOOL" BATON="$BQ_BATON" OUT="$DIR/net-initramfs.cpio.gz" \
	O="$DIR" KMOD_DIR="$KERNEL_DIR" ARCH="$BQ_ARCH" \
	"$BQ_REPO/initramfs/mkinitramfs.sh" >"$DIR/mkinitramfs.log" 2>&1 ||
	{ cat "$DIR/mkinitramfs.log"; bq_die "mkinitramfs.sh with net-tool failed"; }
BATON_INITRAMFS="$DIR/net-initramfs.cpio.gz"

qn_setup "$DIR"
T_SESSION=net-dhcp
trap qn_on_exit EXIT
echo "hello over tftp" >"$QN_TFTP/hello"
mkdir -p "$QN_TFTP/boot/pxelinux.cfg"
cp "$BQ_REPO/tests/data/netboot/tftp/pxelinux.cfg/01-52-54-00-12-34-56" \
	"$BQ_REPO/tests/data/netboot/tftp/pxelinux.cfg/default" "$QN_TFTP/boot/pxelinux.cfg/"
printf 'LABEL efi64\n  KERNEL vmlinuz-efi\n' >"$QN_TFTP/boot/pxelinux.cfg/efi64"
head -c 1048576 /dev/urandom >"$QN_WWW/kernel"
qn_make_ca
cp "$QN_DIR/tls/ca.pem" "$QN_TFTP/ca.pem"
qn_http 8080
qn_http 8443 "$QN_DIR/tls/server.pem" "$QN_DIR/tls/server.key"
qn_dnsmasq --dhcp-option=66,"$QN_SRV4" --dhcp-option=67,pxelinux.0 \
	--dhcp-match=set:efi64,option:client-arch,7 \
	--dhcp-option=tag:efi64,209,pxelinux.cfg/efi64 --dhcp-option=210,/boot/

dq_start "$T_SESSION" "$T_LOG" 400 "baton.timeout=-1 baton.net_interfaces=none"
dq_settled net-dhcp

IF=$(dq_sh "grep -l $QN_MAC /sys/class/net/*/address" | sed -n 's|^/sys/class/net/\([^/]*\)/address$|\1|p')
t_check "net-dhcp: the guest has the tap's NIC" "no interface with $QN_MAC" [ -n "$IF" ]
IF=${IF:-eth0}
drv=$(dq_sh "basename \$(readlink /sys/class/net/$IF/device/driver)" || true)
t_check "net-dhcp: its driver is virtio_net, loaded from the initramfs" "driver: $drv" \
	[ "$drv" = virtio_net ]
mods=$(dq_sh "cat /proc/modules" || true)
t_check "net-dhcp: virtio_net is a module the initramfs loaded" "modules: $(echo "$mods" | cut -d' ' -f1 | tr '\n' ' ')" \
	grep -q "^virtio_net " <<<"$mods"
t_check "net-dhcp: the DHCP hook is in the initramfs" "no /usr/share/baton/dhcp-hook" \
	dq_sh "test -x /usr/share/baton/dhcp-hook"

lease=$(dq_sh "net-tool dhcp --uuid 5d4e3c2b-1a09-4877-a655-443322110099 $IF" 90 || true)
for want in "interface=$IF" "event=bound" "mac=$QN_MAC" "ip=$QN_NET.[5-9][0-9]" \
	"mask=24" "serverid=$QN_SRV4" "tftp=$QN_SRV4" "bootfile=pxelinux.0" \
	"pxeconffile=pxelinux.cfg/efi64" "pxepathprefix=/boot/" \
	"uuid=5d4e3c2b-1a09-4877-a655-443322110099"; do
	if grep -qx "$want" <<<"$lease"; then
		t_ok "net-dhcp: the lease the hook handed over has $want"
	else
		t_fail "net-dhcp: the lease the hook handed over has $want" \
			"lease: $(echo "$lease" | tr '\n' ' ')" "$T_LOG"
	fi
done
ip=$(sed -n 's/^ip=//p' <<<"$lease")
t_check "net-dhcp: dnsmasq leased that address to the guest's MAC" "$(cat "$QN_DIR/dnsmasq.leases" 2>/dev/null)" \
	grep -q "$QN_MAC $ip " "$QN_DIR/dnsmasq.leases"
t_check "net-dhcp: dnsmasq saw the PXEClient vendor class" "no vendor class in its log" \
	grep -q "vendor class: PXEClient:Arch:00007:UNDI:003016" "$QN_DIR/dnsmasq.log"
t_check "net-dhcp: the hook set the address" "not on $IF" \
	dq_sh "ip -4 addr show dev $IF | grep -q 'inet $ip/24'"

# guest_says NAME CMD TEXT...: CMD's output in the guest holds every TEXT
guest_says() {
	local name=$1 cmd=$2 text out
	shift 2
	out=$(dq_sh "$cmd" 60 || true)
	for text in "$@"; do
		grep -qF -- "$text" <<<"$out" && continue
		t_fail "$name" "no \"$text\" in: $out" "$T_LOG"
		return
	done
	t_ok "$name"
}

CFG=tftp://$QN_SRV4/boot/pxelinux.cfg
guest_says "net-dhcp: option 209 names the config fetched" \
	"net-tool netscan --timeout 5000 /run/baton/leases/$IF.v4" \
	"\"config\": \"$CFG/efi64\""
guest_says "net-dhcp: without 209, 01-<mac> over default, with BOOTIF= (IPAPPEND 2)" \
	"tr '\\000' '\\n' </run/baton/leases/$IF.v4 | grep -v ^pxeconffile= | tr '\\n' '\\000' >/tmp/no209.v4 && net-tool netscan --timeout 5000 /tmp/no209.v4" \
	"\"config\": \"$CFG/01-52-54-00-12-34-56\"" \
	"\"cmdline\": \"console=ttyS0 auto=true BOOTIF=01-52-54-00-12-34-56\""
guest_says "net-dhcp: a file fetched over TFTP in the guest" \
	"net-tool fetch tftp://$QN_SRV4/hello /tmp/hello && cat /tmp/hello" "hello over tftp"
sum=$(sha256sum "$QN_WWW/kernel" | cut -d' ' -f1)
guest_says "net-dhcp: 1 MiB fetched over HTTP in the guest, intact" \
	"net-tool fetch http://$QN_SRV4:8080/kernel /tmp/k && sha256sum /tmp/k" "$sum"
guest_says "net-dhcp: HTTPS in the guest, verified against the CA given" \
	"net-tool fetch tftp://$QN_SRV4/ca.pem /tmp/ca.pem && net-tool fetch --ca /tmp/ca.pem https://$QN_SRV4:8443/kernel /tmp/ks && sha256sum /tmp/ks" \
	"$sum"
guest_says "net-dhcp: HTTPS refused without the CA, saying why" \
	"net-tool fetch https://$QN_SRV4:8443/kernel /tmp/kn" \
	"error EKEYREJECTED: " "certificate was not accepted"
t_done
