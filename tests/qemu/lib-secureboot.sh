# tests/qemu/lib-secureboot.sh - real Secure Boot for the QEMU tests (sourced, bash, after lib.sh): Debian's ovmf ships firmware with a snakeoil key enrolled (PK, KEK, db) and that key's private half.
#
#   sb_check                   the firmware, its key and sbsign are here
#   sb_key DIR                 DIR/snakeoil.key: the key, without its password
#   sb_firmware DIR            QEMU_NET boots q35 with SMM and the snakeoil
#                              firmware, on a fresh copy of its variables
#   sb_sign_pe KEY FILE        FILE signed in place with sbsign

SB_CODE=/usr/share/OVMF/OVMF_CODE_4M.snakeoil.fd
SB_VARS=/usr/share/OVMF/OVMF_VARS_4M.snakeoil.fd
SB_KEY=/usr/share/ovmf/PkKek-1-snakeoil.key
SB_CERT=/usr/share/ovmf/PkKek-1-snakeoil.pem

sb_check() {
	local f
	for f in "$SB_CODE" "$SB_VARS" "$SB_KEY" "$SB_CERT"; do
		[ -f "$f" ] || bq_die "no $f (scripts/install-deps.sh test: ovmf)"
	done
	command -v sbsign >/dev/null || bq_die "no sbsign (scripts/install-deps.sh test: sbsigntool)"
}

# The package's README.Debian gives the key's password.
sb_key() { openssl pkey -in "$SB_KEY" -passin pass:snakeoil -out "$1/snakeoil.key"; }

# OVMF loads -kernel with LoadImage: Secure Boot checks it against db.
sb_firmware() {
	cp "$SB_VARS" "$1/vars.fd"
	QEMU_NET="-nic none -machine q35,smm=on -global driver=cfi.pflash01,property=secure,value=on
-drive if=pflash,format=raw,unit=0,readonly=on,file=$SB_CODE
-drive if=pflash,format=raw,unit=1,file=$1/vars.fd"
}

sb_sign_pe() {
	sbsign --key "$1" --cert "$SB_CERT" --output "$2.signed" "$2" 2>/dev/null
	mv "$2.signed" "$2"
}
