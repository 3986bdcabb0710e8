# tests/system/lib-signed.sh: fixtures for the signed-boot tests: signing
# keys, a stand-in kernel that is both a PE image (sbsign signs it) and an
# x86 bzImage (a dry run loads it), unified kernel images, and a folder
# standing for /sys under lockdown with Secure Boot on and a db.

# make_key DIR NAME CN: DIR/NAME.key and DIR/NAME.crt (self-signed)
make_key() {
	mkdir -p "$1"
	openssl req -new -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
		-subj "/O=Test/CN=$3" -keyout "$1/$2.key" -out "$1/$2.crt" \
		2>/dev/null
}

# pe_file OUT NAME=TEXT|NAME=@FILE...: a PE32+ EFI image with these
# sections; a first section named .bz is laid out so that the file is also
# an x86 bzImage (boot protocol 2.15, 64-bit), enough for a dry run.
pe_file() {
	python3 - "$@" <<'PY'
import struct, sys
out = sys.argv[1]
secs = []
for a in sys.argv[2:]:
    name, val = a.split("=", 1)
    secs.append((name, open(val[1:], "rb").read() if val.startswith("@")
                 else val.encode()))
al = lambda n: (n + 511) // 512 * 512
lfanew, opt_size = 0x40, 240
table = lfanew + 24 + opt_size
hdr = 1024 if secs[0][0] == ".bz" else al(table + 40 * len(secs))
img = bytearray(hdr + sum(al(max(len(v), 1)) for _, v in secs))
img[0:2] = b"MZ"
struct.pack_into("<I", img, 0x3c, lfanew)
img[lfanew:lfanew + 4] = b"PE\0\0"
struct.pack_into("<HH", img, lfanew + 4, 0x8664, len(secs))
struct.pack_into("<H", img, lfanew + 20, opt_size)
opt = lfanew + 24
struct.pack_into("<H", img, opt, 0x20b)
struct.pack_into("<II", img, opt + 32, 0x1000, 512)     # alignments
struct.pack_into("<II", img, opt + 56, 0x1000 * (len(secs) + 1), hdr)
struct.pack_into("<H", img, opt + 68, 10)               # EFI application
struct.pack_into("<I", img, opt + 108, 16)              # data directories
if secs[0][0] == ".bz":                                 # x86 boot header
    img[0x1f1] = 1
    struct.pack_into("<H", img, 0x1fe, 0xaa55)
    img[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", img, 0x206, 0x020f)
    img[0x211] = 0x01
    struct.pack_into("<H", img, 0x236, 0x0003)
    struct.pack_into("<I", img, 0x238, 2047)
pos = hdr
for i, (name, data) in enumerate(secs):
    s = table + 40 * i
    img[s:s + len(name)] = name.encode()
    struct.pack_into("<IIII", img, s + 8, max(len(data), 1), 0x1000 * (i + 1),
                     al(max(len(data), 1)), pos)
    img[pos:pos + len(data)] = data
    pos += al(max(len(data), 1))
open(out, "wb").write(img)
PY
}

# kernel OUT: a stand-in kernel (unsigned)
kernel() { pe_file "$1" .bz=kernel-code-and-data; }

# sign_pe KEYDIR NAME FILE: FILE signed in place with sbsign
sign_pe() {
	sbsign --key "$1/$2.key" --cert "$1/$2.crt" --output "$3.signed" "$3" \
		2>/dev/null && mv "$3.signed" "$3"
}

# sign_cms KEYDIR NAME FILE: FILE.sig, a detached DER CMS signature
sign_cms() {
	openssl cms -sign -binary -in "$3" -signer "$1/$2.crt" \
		-inkey "$1/$2.key" -outform DER -out "$3.sig"
}

# sign_cmdline KEYDIR NAME KERNEL CMDLINE: KERNEL.cmdline.sig
sign_cmdline() {
	printf '%s' "$4" >"$3.cmdline"
	sign_cms "$1" "$2" "$3.cmdline"	# KERNEL.cmdline.sig
	rm "$3.cmdline"
}

# machine DIR CERT: DIR stands for /sys on a locked-down machine
# (integrity) with Secure Boot on and CERT (PEM) in the firmware's db
machine() {
	mkdir -p "$1/kernel/security" "$1/firmware/efi/efivars"
	echo "none [integrity] confidentiality" >"$1/kernel/security/lockdown"
	python3 - "$1/firmware/efi/efivars" "$2" <<'PY'
import ssl, struct, sys, uuid
d, pem = sys.argv[1], open(sys.argv[2]).read()
der = ssl.PEM_cert_to_DER_cert(pem)
glob = "8be4df61-93ca-11d2-aa0d-00e098032b8c"
attrs = struct.pack("<I", 6)
open(f"{d}/SecureBoot-{glob}", "wb").write(attrs + b"\1")
open(f"{d}/SetupMode-{glob}", "wb").write(attrs + b"\0")
x509 = uuid.UUID("a5c059a1-94e4-4aa7-87b5-ab155c2bf072").bytes_le
owner = uuid.UUID("11111111-2222-3333-4444-555555555555").bytes_le
sig = owner + der
esl = x509 + struct.pack("<III", 28 + len(sig), 0, len(sig)) + sig
open(f"{d}/db-d719b2cb-3d3a-4596-a3bc-dad00e67656f", "wb").write(attrs + esl)
PY
}
