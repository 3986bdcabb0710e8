#!/bin/bash
# test-signed-docs.sh: docs/signed-boot.md followed as written: every `sh`
# block run in order in one folder (keys made, a kernel, an initrd, a
# command line and a UKI signed with sbsign and openssl cms), then baton's
# checks (tests/tools/verify-tool) accept what was signed and refuse what
# was changed, left unsigned or signed by another key; mkinitramfs packs
# the trust folder.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-signed.sh"

DOC=docs/signed-boot.md
TOOL=$(dirname "$BATON")/tests/tools/verify-tool
W=$T/work
mkdir -p "$W"
"$TOOL" state >/dev/null 2>&1
if [ $? = 77 ]; then
	ok "signed-docs # SKIP baton is built without CONFIG_LOADER_VERIFY"
	exit 0
fi

pe_file "$W/vmlinuz" .text=kernel-code .data=kernel-data
pe_file "$W/linux.efi" .osrel="NAME=Test" .cmdline="root=/dev/sda2 ro" \
	.linux=kernel-in-a-uki .initrd=initrd-in-a-uki
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

# make initramfs TRUST=DIR packs the folder (mkinitramfs.sh, as make calls it)
if BATON=$BATON OUT=$T/initramfs.cpio.gz O=$T TRUST=$W/trust \
	sh initramfs/mkinitramfs.sh >"$T/mkinitramfs.log" 2>&1; then
	list=$(gzip -dc "$T/initramfs.cpio.gz" | cpio -t 2>/dev/null)
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
