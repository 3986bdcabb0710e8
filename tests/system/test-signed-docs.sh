#!/bin/bash
# test-signed-docs.sh: docs/signed-boot.md followed as written: every `sh`
# block run in order in one folder (keys made, a kernel, an initrd, a
# command line and a UKI signed with sbsign and openssl cms), then baton's
# checks (tests/tools/verify-tool) accept what was signed and refuse what
# was changed, left unsigned or signed by another key; the daemon (dry
# run, on a folder standing for a locked-down machine whose db holds the
# doc's certificate) does what the doc says with the doc's files: status
# --json's signed_boot, each option's predicted signature (the UKI whose
# .linux was not signed before it was built marked refused), and under
# verify=enforce the signed entry and the UKI boot while an edited command
# line is refused; `make initramfs TRUST=` packs the trust folder.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-signed.sh"
. "$(dirname "$0")/lib-discover.sh"

DOC=docs/signed-boot.md
TOOL=$(dirname "$BATON")/tests/tools/verify-tool
W=$T/work
mkdir -p "$W"
"$TOOL" state >/dev/null 2>&1
if [ $? = 77 ]; then
	ok "signed-docs # SKIP baton is built without CONFIG_LOADER_VERIFY"
	exit 0
fi

kernel "$W/vmlinuz"	# a PE image and a bzImage: the daemon's dry run loads it
kernel "$W/uki-linux"
pe_file "$W/linux.efi" .osrel="NAME=Test
PRETTY_NAME=Doc UKI" .cmdline="root=/dev/sda2 ro" \
	.linux=@"$W/uki-linux" .initrd=initrd-in-a-uki
head -c 65536 /dev/urandom >"$W/initrd.img"

# the document's shell blocks, as written
awk '/^```sh$/ { on = 1; next } /^```$/ { on = 0 } on' "$DOC" >"$T/doc.sh"
n=$(grep -c '^```sh$' "$DOC")
check "the document has its $n command blocks" test "$n" -ge 6
if out=$(cd "$W" && bash -e "$T/doc.sh" 2>&1); then
	ok "every command of $DOC runs as written"
else
	not_ok "every command of $DOC runs as written" "$(printf '%s\n' "$out" | tail -n 5)"
fi

# verify WANT_RC NAME ARGS...: verify-tool's exit status and sentence
verify() {
	want=$1 name=$2
	shift 2
	out=$(cd "$W" && "$TOOL" --trust trust "$@" 2>&1)
	rc=$?
	if [ "$rc" = "$want" ]; then ok "$name"; else not_ok "$name" "rc $rc: $out"; fi
}
# says TEXT: the last verify's sentence holds TEXT
says() {
	case $out in *"$1"*) ok "  says: $1" ;; *) not_ok "  says: $1" "$out" ;; esac
}

verify 0 "the signed kernel verifies" authenticode vmlinuz
says 'vmlinuz is signed by "Example boot signing key", trusted through trust/boot.crt'
verify 0 "the signed UKI verifies whole" authenticode linux.efi
verify 0 "the signed initrd verifies" detached initrd.img initrd.img.sig
verify 0 "the signed command line verifies" cmdline 'root=/dev/sda2 ro quiet' vmlinuz.cmdline.sig
verify 1 "an edited command line is refused" cmdline 'root=/dev/sda2 ro quiet init=/bin/sh' vmlinuz.cmdline.sig
says "the command line does not match its signature vmlinuz.cmdline.sig"
verify 1 "a command line without its signature is refused" cmdline 'root=/dev/sda2 ro quiet' - vmlinuz.cmdline.sig
says "the command line is not signed (there is no vmlinuz.cmdline.sig)"

# changed after signing
cp "$W/initrd.img" "$W/initrd.orig"
printf 'X' | dd of="$W/initrd.img" bs=1 seek=1000 conv=notrunc 2>/dev/null
verify 1 "a tampered initrd is refused" detached initrd.img initrd.img.sig
says "initrd.img does not match its signature initrd.img.sig"
mv "$W/initrd.orig" "$W/initrd.img"
sed 's|root=/dev/sda2 ro|root=/dev/sdb9 ro|' "$W/linux.efi" >"$W/changed.efi"
differ() { ! cmp -s "$1" "$2"; }
check "the UKI's .cmdline was changed" differ "$W/linux.efi" "$W/changed.efi"
verify 1 "a UKI with a changed .cmdline is refused" authenticode changed.efi
says "changed.efi does not match its signature"
cat "$W/vmlinuz" - <<<"appended" >"$W/appended"
verify 1 "a kernel with data appended after signing is refused" authenticode appended
says "appended has 9 bytes after its signature"

# not signed, or by a key baton does not trust
pe_file "$W/plain" .text=unsigned
verify 1 "an unsigned kernel is refused" authenticode plain
says "plain is not signed"
(cd "$W" && openssl req -new -x509 -newkey rsa:2048 -nodes -sha256 -days 1 \
	-subj "/CN=Mallory" -keyout mallory.key -out mallory.crt 2>/dev/null &&
	sbsign --key mallory.key --cert mallory.crt --output mallory.efi plain 2>/dev/null &&
	openssl cms -sign -binary -in initrd.img -signer mallory.crt \
		-inkey mallory.key -outform DER -out mallory.sig)
verify 1 "a kernel signed by another key is refused" authenticode mallory.efi
says 'mallory.efi is signed by "Mallory", which no trusted certificate vouches for'
verify 1 "an initrd signed by another key is refused" detached initrd.img mallory.sig
verify 1 "an initrd without its signature is refused" detached initrd.img -
says "initrd.img is not signed (there is no initrd.img.sig)"

# what the doc says the daemon does, with the doc's files and trust folder
machine "$T/machine" "$W/keys/boot.crt"
D=$T/disk
mkdir -p "$D/loader/entries" "$D/EFI/Linux"
cp "$W/vmlinuz" "$W/vmlinuz.cmdline.sig" "$W/initrd.img" "$W/initrd.img.sig" "$D/"
cp "$W/linux.efi" "$D/EFI/Linux/"
printf 'title Doc Linux\nlinux /vmlinuz\ninitrd /initrd.img\noptions %s\n' \
	'root=/dev/sda2 ro quiet' >"$D/loader/entries/doc.conf"
echo "verify = enforce" >"$T/baton.conf"
start_daemon --timeout -1 --config "file:$T/baton.conf" --machine "$T/machine" \
	--trust "$W/trust" --source "$D:name=sda2"
# py EXPR: EXPR with j = the JSON on stdin
py() { python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"; }
st=$(cli status --json | py 'j["signed_boot"]')
echo "# signed_boot: $st"
check "status --json: signed_boot has what the doc names" \
	test "$(cli status --json | py 'sorted(j["signed_boot"])')" = \
	"['lockdown', 'message', 'secure_boot', 'signed_only', 'verify']"
check "... locked down, Secure Boot on, verify=enforce" \
	test "$(cli status --json | py '[j["signed_boot"][k] for k in ("lockdown", "secure_boot", "verify", "signed_only")]')" = \
	"['integrity', 'on', 'enforce', True]"
# sig NAME: the option's predicted signature, "refused|accepted: message"
sig() {
	cli list --json | py "[('refused' if o['signature']['refused'] else 'accepted') + ': ' + o['signature']['message'] for o in j['options'] if o['name'] == '$1' and 'signature' in o][0]" 2>/dev/null
}
sig_is() { sig "$1" | grep -q -- "$2"; }
check "the doc's signed kernel is predicted accepted, through the firmware's db" \
	eventually 10 sig_is "Doc Linux" '^accepted: .*signed by "Example boot signing key"'
check "the UKI signed only whole is predicted refused: its .linux is not signed" \
	eventually 10 sig_is "Doc UKI" "^refused: .*linux.efi.* not signed"
check "... and the log names it" \
	grep -q 'signed boot: "Doc UKI" will not boot: ' "$T/daemon.log"
id() { cli list --json | py "[o['id'] for o in j['options'] if o['name'] == '$1'][0]"; }
out=$(cli boot "$(id "Doc Linux")" 2>&1)
check "enforce: the doc's entry boots, its initrd and command line verified" \
	grep -q "would boot Doc Linux" "$T/daemon.log"
out=$(python3 "$(dirname "$0")/clients.py" "$SOCK" editboot "$(id "Doc Linux")" "root=/dev/sda2 ro quiet init=/bin/sh")
check "enforce: the daemon refuses a boot of the edited entry" \
	grep -q '"ok": *false.*verify=enforce: an edited option cannot boot' <<<"$out"
out=$(cli boot "$(id "Doc UKI")" 2>&1)
check "enforce: baton boots the UKI verified whole, with its own .cmdline" \
	grep -q "would boot Doc UKI (.*17 bytes of command line" "$T/daemon.log"
grep "will not boot" "$T/daemon.log" | sed "s/^/# /"
stop_daemon_checked

# make initramfs TRUST=DIR packs the folder: the doc's command, in a
# folder of its own (O=) holding this baton, so that build/ is not touched
mkdir -p "$T/o"
ln -s "$(cd "$(dirname "$BATON")" && pwd)/$(basename "$BATON")" "$T/o/baton"
if make -s -o "$T/o/baton" O="$T/o" initramfs TRUST="$W/trust" \
	>"$T/mkinitramfs.log" 2>&1; then
	list=$(gzip -dc "$T/o/initramfs.cpio.gz" | cpio -t 2>/dev/null)
	case $list in *etc/baton/trust/boot.crt*) ok "the initramfs holds the trust folder" ;;
	*) not_ok "the initramfs holds the trust folder" "$(printf '%s\n' "$list" | grep trust)" ;; esac
else
	not_ok "the initramfs holds the trust folder" "$(tail -n 3 "$T/mkinitramfs.log")"
fi
cp "$W/initrd.img" "$W/trust/junk.pem"
if BATON=$BATON OUT=$T/bad.cpio.gz O=$T TRUST=$W/trust \
	sh initramfs/mkinitramfs.sh >"$T/mkinitramfs.log" 2>&1; then
	not_ok "a trust folder with a file that is no certificate is refused"
else
	check "a trust folder with a file that is no certificate is refused" \
		grep -q "TRUST: not a certificate: .*junk.pem" "$T/mkinitramfs.log"
fi
finish
