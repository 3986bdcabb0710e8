#!/bin/sh
# tests/unit/loader/sign-fixtures.sh DIR: keys, certificates and signatures
# for the signature unit tests, made with openssl and sbsign in DIR (which
# holds the unsigned images the test wrote):
#   ca.crt (ca.der)   a CA the tests trust; signer.crt is issued by it
#                     (code signing), other.crt (.der) is self-signed and
#                     untrusted; ca.skid, signer.skid: their key ids in hex
#   NAME.efi          -> NAME.signed (by signer), NAME.other (by other)
#   NAME.bin          -> NAME.bin.sig, NAME.bin.other.sig (openssl cms),
#                     NAME.bin.noattr.sig (no signed attributes),
#                     NAME.bin.attached.sig (not detached: -nodetach)
set -eu
cd "$1"
req() { openssl req -new -nodes -newkey rsa:2048 -sha256 "$@" 2>/dev/null; }
cat > ext.cnf <<'CNF'
[signer]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = codeSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
req -x509 -days 3650 -keyout ca.key -out ca.crt -subj "/O=Baton Test/CN=Baton Test CA" \
	-addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign,cRLSign
openssl x509 -in ca.crt -outform DER -out ca.der
req -keyout signer.key -out signer.csr -subj "/O=Baton Test/CN=Kernel Signer"
openssl x509 -req -in signer.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
	-days 3650 -sha256 -extfile ext.cnf -extensions signer -out signer.crt 2>/dev/null
req -x509 -days 3650 -keyout other.key -out other.crt -subj "/CN=Someone Else"
openssl x509 -in other.crt -outform DER -out other.der
# the key ids the kernel shows in /proc/keys ("Subject: keyid")
for c in ca signer; do
	openssl x509 -in $c.crt -noout -ext subjectKeyIdentifier | tail -n 1 |
		tr -d ' :\n' | tr A-F a-f > $c.skid
done
for img in *.efi; do
	[ -e "$img" ] || continue
	sbsign --key signer.key --cert signer.crt --output "${img%.efi}.signed" "$img" 2>/dev/null
	sbsign --key other.key --cert other.crt --output "${img%.efi}.other" "$img" 2>/dev/null
done
for f in *.bin; do
	[ -e "$f" ] || continue
	openssl cms -sign -binary -in "$f" -signer signer.crt -inkey signer.key \
		-outform DER -out "$f.sig"
	openssl cms -sign -binary -in "$f" -signer other.crt -inkey other.key \
		-outform DER -out "$f.other.sig"
	openssl cms -sign -binary -in "$f" -signer signer.crt -inkey signer.key \
		-noattr -outform DER -out "$f.noattr.sig"
	openssl cms -sign -binary -nodetach -in "$f" -signer signer.crt \
		-inkey signer.key -outform DER -out "$f.attached.sig"
done
