#!/bin/bash
# test-signed-net.sh: verify=enforce on a network option: its signatures
# are fetched next to its files (<url>.sig, <kernel url>.cmdline.sig) from
# a TFTP server in a network namespace; the signed option boots (dry run),
# a tampered initrd and a command line whose signature the server does not
# have are refused with the URL named.
set -u
. "$(dirname "$0")/lib.sh"
NET_TAG=${NET_TAG:-signnet}
. "$(dirname "$0")/lib-net.sh"
. "$(dirname "$0")/lib-signed.sh"
. "$(dirname "$0")/lib-discover.sh"
net_skip_unless_root signed-net
TOOL=$(dirname "$BATON")/tests/tools/verify-tool
"$TOOL" state >/dev/null 2>&1
if [ $? = 77 ]; then
	ok "signed-net # SKIP baton is built without CONFIG_LOADER_VERIFY"
	exit 0
fi
if ! net_setup; then
	not_ok "signed-net: the namespaces start"
	exit 1
fi

K=$T/keys
make_key "$K" boot "Test boot signing key"
mkdir -p "$T/trust" && cp "$K/boot.crt" "$T/trust/"
TFTP=$T/tftp
mkdir -p "$TFTP/pxelinux.cfg"
kernel "$TFTP/vmlinuz"
sign_pe "$K" boot "$TFTP/vmlinuz"
cp "$TFTP/vmlinuz" "$TFTP/vmlinuz-nocmd"
sign_cmdline "$K" boot "$TFTP/vmlinuz" "root=/dev/nfs ro"
head -c 200000 /dev/urandom >"$TFTP/initrd.img"
sign_cms "$K" boot "$TFTP/initrd.img"
cp "$TFTP/initrd.img" "$TFTP/initrd-bad.img"
cp "$TFTP/initrd.img.sig" "$TFTP/initrd-bad.img.sig"
printf 'changed after signing' | dd of="$TFTP/initrd-bad.img" bs=1 seek=4096 \
	conv=notrunc 2>/dev/null
cat >"$TFTP/pxelinux.cfg/default" <<'EOF'
DEFAULT good
LABEL good
  KERNEL vmlinuz
  INITRD initrd.img
  APPEND root=/dev/nfs ro
LABEL tampered
  KERNEL vmlinuz
  INITRD initrd-bad.img
  APPEND root=/dev/nfs ro
LABEL nocmd
  KERNEL vmlinuz-nocmd
  INITRD initrd.img
  APPEND root=/dev/nfs ro
EOF
net_tftp "$TFTP" || not_ok "signed-net: the TFTP server starts" "$(tail -3 "$T/tftp.log")"

# the daemon in the client namespace; a lease as the DHCP hook writes it
mkdir -p "$T/leases" "$T/disks"
printf '%s\0' interface="$VETH_CLI" ip="$CLI4" mac=52:54:00:12:34:56 \
	siaddr="$SRV4" bootfile=pxelinux.0 event=bound >"$T/leases/$VETH_CLI.v4"
echo "verify = enforce" >"$T/baton.conf"
net_start_cli_daemon --timeout -1 --source-dir "$T/disks" --lease-dir "$T/leases" \
	--config "file:$T/baton.conf" --trust "$T/trust"

listed() { test "$(cli list --json | python3 -c 'import json, sys
print(" ".join(sorted(o["id"] for o in json.load(sys.stdin)["options"])))')" = \
	"$VETH_CLI:good $VETH_CLI:nocmd $VETH_CLI:tampered"; }
check "the network options are listed" eventually 10 listed
cmdline=$(cli list --json | python3 -c 'import json, sys
print([o["cmdline"] for o in json.load(sys.stdin)["options"] if o["id"].endswith(":good")][0])')
check "the command line is the signed one" test "$cmdline" = "root=/dev/nfs ro"

# boot LABEL: `baton boot` of it; its output in $out, rc in $rc
boot() {
	out=$(timeout 60 "$BATON" boot --socket "$SOCK" "$VETH_CLI:$1" 2>&1)
	rc=$?
	echo "# $1: rc $rc: $out"
}
boot good
check "enforce: the signed network option boots" test "$rc" = 0
check "... from its fetched, verified copies" grep -q "would boot good" "$T/daemon.log"
check "... its signatures fetched next to its files" \
	grep -q "initrd.img.sig.*vmlinuz.cmdline.sig\|vmlinuz.cmdline.sig.*initrd.img.sig" \
	<<<"$(tr '\n' ' ' <"$T/tftp.log")"
boot tampered
check "enforce: a tampered initrd on the server is refused" test "$rc" != 0
check "... with its URL named" grep -qF \
	"tftp://$SRV4/initrd-bad.img does not match its signature tftp://$SRV4/initrd-bad.img.sig" <<<"$out"
boot nocmd
check "enforce: a command line without its signature on the server is refused" \
	test "$rc" != 0
check "... as not signed, naming the signature it looked for" grep -qF \
	"the command line is not signed (there is no tftp://$SRV4/vmlinuz-nocmd.cmdline.sig)" <<<"$out"
check "the daemon is still up" timeout 5 "$BATON" status --socket "$SOCK" >/dev/null
stop_daemon_checked
finish
