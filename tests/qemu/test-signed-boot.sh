#!/bin/bash
# tests/qemu/test-signed-boot.sh - signed boot through the daemon, under real Secure Boot (OVMF's snakeoil firmware starts Debian's kernel re-signed with the snakeoil key, which locks itself down), baton's initramfs built with TRUST= the snakeoil certificate: `baton status --json` shows the state; the unsigned kernel is marked refused in `baton list --json` and in the menu, with the reason, before it is chosen; with verify=warn baton lets it through and the running kernel refuses it with its sentence; with verify=enforce a tampered initrd, a command line without its signature, the unsigned kernel and a UKI whose .cmdline changed after signing are refused, each with the file named, and `e` refuses to edit; the menu then boots the signed entry. A second boot (baton.verify=enforce) starts the signed UKI.
set -eu -o pipefail
. "$(dirname "$0")/lib-discover.sh"
. "$(dirname "$0")/lib-uki.sh"
. "$(dirname "$0")/lib-secureboot.sh"
BQ_TMUX_SOCK="baton-qemu-signedboot-$$"

t_begin signed-boot
sb_check
qemu_prepare
DIR=$(test_dir signed-boot)
T_LOG="$DIR/serial.log"
T_SESSION=signed-boot
TOOL=$BQ_O/tests/tools/verify-tool
[ -x "$TOOL" ] || bq_die "no $TOOL (make O=$BQ_O tests)"
if "$TOOL" state >/dev/null 2>&1; [ $? = 77 ]; then
	t_ok "signed-boot # SKIP baton is built without CONFIG_LOADER_VERIFY"
	exit 0
fi

# The snakeoil key signs everything; baton trusts its certificate (make
# initramfs TRUST=).
sb_key "$DIR"
mkdir -p "$DIR/trust"
cp "$SB_CERT" "$DIR/trust/snakeoil.pem"
BATON="$BQ_BATON" OUT="$DIR/initramfs.cpio.gz" O="$DIR" KMOD_DIR="$KERNEL_DIR" \
	ARCH="$BQ_ARCH" TRUST="$DIR/trust" "$BQ_REPO/initramfs/mkinitramfs.sh" \
	>"$DIR/mkinitramfs.log" 2>&1 ||
	{ cat "$DIR/mkinitramfs.log"; bq_die "mkinitramfs.sh with TRUST failed"; }
t_check "signed-boot: make initramfs TRUST= packs the certificate" "no note" \
	grep -q "trust: 1 certificate file(s) in /etc/baton/trust" "$DIR/mkinitramfs.log"
BATON_INITRAMFS="$DIR/initramfs.cpio.gz"

# sign_cms FILE: FILE.sig, a detached CMS signature (docs/signed-boot.md)
sign_cms() {
	openssl cms -sign -binary -in "$1" -signer "$SB_CERT" -inkey "$DIR/snakeoil.key" \
		-outform DER -out "$1.sig"
}
sign_pe() { sb_sign_pe "$DIR/snakeoil.key" "$1"; }
e2e() { echo "console=ttyS0 baton_e2e=$1"; }

D=$DIR/disk
mkdir -p "$D/loader/entries" "$D/EFI/Linux"
cp "$KERNEL_IMAGE" "$DIR/vmlinuz-unsigned"
sbattach --remove "$DIR/vmlinuz-unsigned" >/dev/null
cp "$DIR/vmlinuz-unsigned" "$DIR/vmlinuz-snakeoil"
sign_pe "$DIR/vmlinuz-snakeoil"
cp "$TARGET_INITRD" "$D/initrd.img"
sign_cms "$D/initrd.img"
cp "$D/initrd.img" "$D/initrd-tampered.img"
cp "$D/initrd.img.sig" "$D/initrd-tampered.img.sig"
printf 'changed after signing\n' >>"$D/initrd-tampered.img"
# entry NAME TITLE KERNEL INITRD: a BLS entry, its command line signed
entry() {
	cp "$3" "$D/vmlinuz-$1"
	printf 'title %s\nlinux /vmlinuz-%s\ninitrd /%s\noptions %s\n' \
		"$2" "$1" "$4" "$(e2e "$1")" >"$D/loader/entries/$1.conf"
	e2e "$1" | tr -d '\n' >"$D/vmlinuz-$1.cmdline"
	sign_cms "$D/vmlinuz-$1.cmdline"
	rm "$D/vmlinuz-$1.cmdline"
}
entry signed "Signed Linux" "$DIR/vmlinuz-snakeoil" initrd.img
entry unsigned "Unsigned Linux" "$DIR/vmlinuz-unsigned" initrd.img
entry tampered "Tampered initrd" "$DIR/vmlinuz-snakeoil" initrd-tampered.img
entry nocmd "Unsigned command line" "$DIR/vmlinuz-snakeoil" initrd.img
rm "$D/vmlinuz-nocmd.cmdline.sig"
# UKIs signed whole: one as signed, one whose .cmdline changes afterwards
stub=$(uki_stub)
uki() {
	printf 'NAME="Baton"\nID=baton\nPRETTY_NAME="%s"\nVERSION_ID=1\n' "$2" >"$DIR/$1.osrel"
	e2e "$1" >"$DIR/$1.cmdline"
	uki_build "$D/EFI/Linux/$1.efi" "$stub" osrel="$DIR/$1.osrel" \
		cmdline="$DIR/$1.cmdline" linux="$DIR/vmlinuz-snakeoil" initrd="$TARGET_INITRD"
	sign_pe "$D/EFI/Linux/$1.efi"
}
uki ukigood SignedUKI
uki ukibad ChangedUKI
python3 - "$D/EFI/Linux/ukibad.efi" <<'PY'
import sys
p = sys.argv[1]
b = open(p, "rb").read()
assert b.count(b"baton_e2e=ukibad") == 1
open(p, "wb").write(b.replace(b"baton_e2e=ukibad", b"baton_e2e=ukievl"))
PY
fs_ext4 "$DIR/disk.img" 160 "$D" SIGNED

KERNEL_IMAGE="$DIR/vmlinuz-snakeoil"
sb_firmware "$DIR"
dq_start "$T_SESSION" "$T_LOG" 900 "baton.timeout=-1" "$DIR/disk.img"
dq_settled signed-boot
# verify is set for this boot (no store: not saved), so that it can change
# from warn to enforce; the UKI's boot below sets it on the command line
dq_sh "baton config verify warn" 30 >/dev/null ||
	t_fail "signed-boot: baton config verify warn" "refused" "$T_LOG"

out=$(dq_sh "baton status --json" 30 || true)
t_check "signed-boot: status --json: locked down (integrity), Secure Boot on" "$out" \
	grep -qE '"lockdown": ?"integrity".*"secure_boot": ?"on"|"secure_boot": ?"on".*"lockdown": ?"integrity"' <<<"$(tr -d '\n' <<<"$out")"
t_check "signed-boot: status --json: verify=warn" "$out" grep -qE '"verify": ?"warn"' <<<"$out"

# option FIELD TITLE: a field of the option titled TITLE in `baton list --json`
LIST=
option() {
	python3 -c 'import json, sys
j = json.loads(sys.stdin.read())
o = [o for o in j["options"] if o["name"] == sys.argv[2]][0]
print(eval(sys.argv[1]))' "$1" "$2" <<<"$LIST"
}
refused_marked() {
	LIST=$(dq_sh "baton list --json" 30) &&
		[ "$(option 'o.get("signature", {}).get("refused")' "Unsigned Linux")" = True ]
}
end=$((SECONDS + 300))
until refused_marked || [ $SECONDS -ge $end ]; do sleep 3; done
t_check "signed-boot: the unsigned kernel is predicted refused before it is chosen" \
	"$LIST" refused_marked
msg=$(option 'o["signature"]["message"]' "Unsigned Linux" || true)
echo "# unsigned: $msg"
t_check "signed-boot: ... with the reason" "$msg" \
	grep -qF "vda:/vmlinuz-unsigned is not signed" <<<"$msg"
msg=$(option 'o.get("signature", {}).get("message", "")' "Signed Linux" || true)
echo "# signed: $msg"
t_check "signed-boot: the signed kernel is predicted accepted, through .platform" "$msg" \
	grep -qF 'is signed by "SnakeOil", trusted through the .platform keyring' <<<"$msg"

# refused MODE TITLE TEXT: `baton boot` of TITLE fails, saying TEXT
refused() {
	local id out rc
	id=$(option 'o["id"]' "$2")
	if out=$(dq_sh "baton boot $id" 300); then rc=0; else rc=$?; fi
	echo "# $2: rc $rc: $out"
	t_check "signed-boot: $1: $2 is refused" "rc $rc: $out" \
		rc_says "$rc" "$out" "$3"
}
rc_says() { [ "$1" != 0 ] && grep -qF -- "$3" <<<"$2"; }
# warn: baton lets the unsigned kernel through, the running kernel refuses
# it (as predicted) and that becomes a sentence
refused warn "Unsigned Linux" "the kernel has no signature: this machine only boots signed kernels"
t_check "signed-boot: warn: the status said what enforce would refuse" "not in the log" \
	wait_for "verify=warn: Unsigned Linux would be refused: vda:/vmlinuz-unsigned is not signed" \
	"$(baton_log "$T_LOG")" 10
dq_sh "baton config verify enforce" 30 >/dev/null ||
	t_fail "signed-boot: baton config verify enforce" "refused" "$T_LOG"
out=$(dq_sh "baton status --json" 30 || true)
t_check "signed-boot: status --json: verify=enforce" "$out" grep -qE '"verify": ?"enforce"' <<<"$out"
refused enforce "Tampered initrd" "vda:/initrd-tampered.img does not match its signature vda:/initrd-tampered.img.sig"
refused enforce "Unsigned command line" "vda:/vmlinuz-nocmd.cmdline.sig"
refused enforce "Unsigned Linux" "vda:/vmlinuz-unsigned is not signed"
refused enforce "ChangedUKI" "vda:/EFI/Linux/ukibad.efi"

# the menu: the mark, the reason when selected, no editing, then a boot
tmux_keys "$T_SESSION" 0c
t_check "signed-boot: the menu marks the unsigned option (refused)" "no mark" \
	wait_for_screen "$T_SESSION" 30 "Unsigned Linux.*\\(refused\\)"
TITLES=("ChangedUKI" "Signed Linux" "SignedUKI" "Tampered initrd" "Unsigned Linux" "Unsigned command line")
menu_move "$T_SESSION" "Unsigned Linux" "" "${TITLES[@]}" ||
	echo "# the highlight did not reach Unsigned Linux"
t_check "signed-boot: the menu says why, before it is picked" "no reason shown" \
	wait_for_screen "$T_SESSION" 10 "Refused: vda:/vmlinuz-unsigned is not"
tmux_keys "$T_SESSION" 65	# e
t_check "signed-boot: e refuses to edit under enforce, with a sentence" "no sentence" \
	wait_for_screen "$T_SESSION" 10 "verify=enforce: options cannot be edited"
tmux_keys "$T_SESSION" 69	# i
t_check "signed-boot: the i page shows lockdown and Secure Boot" "no line" \
	wait_for_screen "$T_SESSION" 10 "Signed boot: lockdown integrity, Secure Boot on"
tmux_keys "$T_SESSION" 71	# q
sleep 1
if menu_choose "$T_SESSION" "Signed Linux" "" "${TITLES[@]}"; then
	t_ok "signed-boot: after the refusals the menu is usable"
else
	t_fail "signed-boot: after the refusals the menu is usable" "cannot choose Signed Linux" "$T_LOG"
	show_screen "$T_SESSION"
fi
t_check "signed-boot: the signed entry boots from its verified copies" \
	"no BATON-TARGET-OK" wait_for BATON-TARGET-OK "$T_LOG" 300
t_check "signed-boot: with its signed command line" "no baton_e2e=signed" \
	wait_for "TARGET-CMDLINE: .*baton_e2e=signed" "$T_LOG" 10
dq_stop "$T_SESSION"

# the signed UKI: verified whole, its own .cmdline and .initrd booted
sb_firmware "$DIR"
T_LOG="$DIR/uki.log"
qemu_run "$T_LOG" 600 "baton.timeout=0 baton.verify=enforce baton.default=SignedUKI*" \
	"$DIR/disk.img" || true
t_check "signed-boot: enforce: the signed UKI boots" "no BATON-TARGET-OK" \
	wait_for BATON-TARGET-OK "$T_LOG" 0
t_check "signed-boot: with its own .cmdline" "no baton_e2e=ukigood" \
	wait_for "TARGET-CMDLINE: .*baton_e2e=ukigood" "$T_LOG" 10
