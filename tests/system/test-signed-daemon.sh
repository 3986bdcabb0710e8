#!/bin/bash
# test-signed-daemon.sh: signed boot in the daemon (dry run), on a folder
# standing for /sys under lockdown with Secure Boot on (--machine):
# `baton status --json` and the information page show the state; each
# option's kernel is predicted before anyone picks it (the unsigned one
# marked refused, with the reason, in `list --json` and the menu); with
# verify=enforce a signed entry (one with a device tree and an overlay too)
# and a signed UKI boot, while a tampered initrd, a device tree or an
# overlay without its signature, a command line without its signature, an
# edited command line (menu: e and n; protocol) and a UKI with a changed
# .cmdline are refused, each with the file named; with verify=warn they
# boot and the status says what enforce would refuse; baton.verify=enforce
# on the command line wins over the saved setting and `baton config`;
# under lockdown kexec_load(2) is refused, said why.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-signed.sh"
. "$(dirname "$0")/lib-discover.sh"

TOOL=$(dirname "$BATON")/tests/tools/verify-tool
"$TOOL" state >/dev/null 2>&1
if [ $? = 77 ]; then
	ok "signed-daemon # SKIP baton is built without CONFIG_LOADER_VERIFY"
	exit 0
fi
command -v sbsign >/dev/null || { not_ok "sbsign (scripts/install-deps.sh test: sbsigntool)"; exit 1; }

# py EXPR: evaluate EXPR with j = the JSON on stdin
py() { python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"; }

K=$T/keys
make_key "$K" boot "Test boot signing key"
make_key "$K" other "Someone else"
mkdir -p "$T/trust" && cp "$K/boot.crt" "$T/trust/"
machine "$T/machine" "$K/boot.crt"

D=$T/disk
# entry NAME CMDLINE: a BLS entry with a signed kernel and initrd
entry() {
	mkdir -p "$D/loader/entries"
	printf 'title %s\nlinux /vmlinuz-%s\ninitrd /initrd-%s\noptions %s\n' \
		"Linux $1" "$1" "$1" "$2" >"$D/loader/entries/$1.conf"
	kernel "$D/vmlinuz-$1"
	sign_pe "$K" boot "$D/vmlinuz-$1"
	echo "initrd of $1" >"$D/initrd-$1"
	sign_cms "$K" boot "$D/initrd-$1"
	sign_cmdline "$K" boot "$D/vmlinuz-$1" "$2"
}
entry good "root=/dev/sda2 ro"
entry tampered "root=/dev/sda2 ro"
echo "changed after signing" >>"$D/initrd-tampered"
entry nocmdsig "root=/dev/sda2 ro"
rm "$D/vmlinuz-nocmdsig.cmdline.sig"
entry unsigned "root=/dev/sda2 ro"
kernel "$D/vmlinuz-unsigned"	# signed files, but not the kernel
entry stranger "root=/dev/sda2 ro"
# more options than one run of predictions checks (daemon/predict-job.c)
for i in $(seq 40); do
	printf 'title Extra %s\nlinux /vmlinuz-unsigned\noptions x\n' "$i" \
		>"$D/loader/entries/extra-$i.conf"
done
sign_cms "$K" other "$D/initrd-stranger"	# signed by an unknown key
# device trees and overlays: signed, or not
printf '/dts-v1/;\n/ { model = "test"; };\n' | dtc -q -I dts -O dtb -o "$D/board.dtb"
printf '/dts-v1/;\n/plugin/;\n&{/} { extra = "yes"; };\n' |
	dtc -q -@ -I dts -O dtb -o "$D/extra.dtbo"
cp "$D/board.dtb" "$D/board-nosig.dtb"
cp "$D/extra.dtbo" "$D/extra-nosig.dtbo"
sign_cms "$K" boot "$D/board.dtb"
sign_cms "$K" boot "$D/extra.dtbo"
# dt NAME DTB OVERLAY: a signed entry with this device tree and overlay
dt() {
	entry "$1" "root=/dev/sda2 ro"
	printf 'devicetree /%s\ndevicetree-overlay /%s\n' "$2" "$3" \
		>>"$D/loader/entries/$1.conf"
}
dt dtgood board.dtb extra.dtbo
dt dtbnosig board-nosig.dtb extra.dtbo
dt overlaynosig board.dtb extra-nosig.dtbo
# UKIs: one signed whole, one whose .cmdline changed after signing
mkdir -p "$D/EFI/Linux"
kernel "$T/bz"
sign_pe "$K" boot "$T/bz"
head -c 100000 /dev/zero | tr '\0' i >"$T/initrd"	# past the PE headers' 64 KiB
uki() {
	pe_file "$D/EFI/Linux/$1.efi" .osrel="NAME=Test
PRETTY_NAME=UKI $1" .cmdline="$2" .linux=@"$T/bz" .initrd=@"$T/initrd"
}
uki ukigood "root=/dev/sda3 ro"
sign_pe "$K" boot "$D/EFI/Linux/ukigood.efi"
uki ukibad "root=/dev/sda3 ro"
sign_pe "$K" boot "$D/EFI/Linux/ukibad.efi"
python3 - "$D/EFI/Linux/ukibad.efi" <<'PY'
import sys
p = sys.argv[1]
b = open(p, "rb").read().replace(b"root=/dev/sda3 ro", b"init=/bin/sh   ro", 1)
open(p, "wb").write(b)
PY

# daemon_with LINE...: a (new) daemon with these settings saved (and the
# arguments of DAEMON_ARGS)
DAEMON_ARGS=()
daemon_with() {
	if [ -n "$DAEMON_PID" ]; then
		kill "$DAEMON_PID" && wait "$DAEMON_PID" 2>/dev/null
		DAEMON_PID=
	fi
	printf '%s\n' "$@" >"$T/baton.conf"
	start_daemon --timeout -1 --config "file:$T/baton.conf" \
		--machine "$T/machine" --trust "$T/trust" --source "$D:name=vdb" \
		"${DAEMON_ARGS[@]}"
}
daemon_with "verify = enforce"

st=$(cli status --json)
check "status --json: lockdown, Secure Boot and verify" \
	test "$(printf '%s' "$st" | py '[j["signed_boot"][k] for k in ("lockdown", "secure_boot", "verify", "signed_only")]')" = \
	"['integrity', 'on', 'enforce', True]"
check "status --json: the sentence" grep -q "Secure Boot is on and the kernel is locked down (integrity)" <<<"$st"

# id TITLE: the id of the option titled TITLE
id() { cli list --json | py "[o['id'] for o in j['options'] if o['name'] == '$1'][0]"; }
# sig TITLE: the option's prediction, "refused|accepted: message"
sig() {
	cli list --json | py "[('refused' if o['signature']['refused'] else 'accepted') + ': ' + o['signature']['message'] for o in j['options'] if o['name'] == '$1' and 'signature' in o][0]" 2>/dev/null
}
# sig_is TITLE PATTERN: its prediction matches PATTERN
sig_is() { sig "$1" | grep -q -- "$2"; }
check "the unsigned kernel is predicted refused, before anyone picks it" \
	eventually 10 sig_is "Linux unsigned" "^refused: vdb:/vmlinuz-unsigned is not signed"
all_predicted() {
	test "$(cli list --json | py 'sum("signature" in o for o in j["options"])')" = 50
}
check "every option is predicted, over several runs" eventually 20 all_predicted
out=$(sig "Linux good")
check "the signed one is predicted accepted, through the firmware's db" \
	grep -q "^accepted: .*signed by \"Test boot signing key\".*db" <<<"$out"
grep -q "will not boot: vdb:/vmlinuz-unsigned is not signed" "$T/daemon.log" &&
	ok "the log says it too" || not_ok "the log says it too" "$(tail -5 "$T/daemon.log")"

# boot TITLE: `baton boot` of it; its output (stderr too) in $out, rc in $rc
boot() {
	out=$(cli boot "$(id "$1")" 2>&1)
	rc=$?
}
boot "Linux good"
check "enforce: a signed entry boots" test "$rc" = 0
check "... from its verified copies" grep -q "would boot Linux good" "$T/daemon.log"
boot "Linux tampered"
check "enforce: a tampered initrd is refused" test "$rc" != 0
check "... with the file named" grep -q "vdb:/initrd-tampered does not match its signature vdb:/initrd-tampered.sig" <<<"$out"
boot "Linux nocmdsig"
check "enforce: a command line without its signature is refused" \
	grep -q "vdb:/vmlinuz-nocmdsig.cmdline.sig" <<<"$out"
boot "Linux unsigned"
check "enforce: an unsigned kernel is refused by baton too" \
	grep -q "vdb:/vmlinuz-unsigned is not signed" <<<"$out"
boot "Linux stranger"
check "enforce: an initrd signed by an untrusted key is refused" \
	grep -q "initrd-stranger.*Someone else" <<<"$out"
boot "Linux dtgood"
check "enforce: an entry with a signed device tree and overlay boots" test "$rc" = 0
boot "Linux dtbnosig"
check "enforce: a device tree without its signature is refused, named" \
	grep -q "vdb:/board-nosig.dtb is not signed" <<<"$out"
boot "Linux overlaynosig"
check "enforce: an overlay without its signature is refused, named" \
	grep -q "vdb:/extra-nosig.dtbo is not signed" <<<"$out"
out=$(python3 "$(dirname "$0")/clients.py" "$SOCK" editboot "$(id "Linux good")" "root=/dev/sda2 ro init=/bin/sh")
check "enforce: the daemon refuses a boot of an edited option" \
	grep -q '"ok": *false.*verify=enforce: an edited option cannot boot' <<<"$out"
boot "UKI ukigood"
check "enforce: a signed UKI boots (verified whole)" test "$rc" = 0
check "... with its own .cmdline, covered by its signature" \
	grep -q "would boot UKI ukigood (.*17 bytes of command line" "$T/daemon.log"
boot "UKI ukibad"
check "enforce: a UKI whose .cmdline changed after signing is refused" \
	grep -q "ukibad.efi" <<<"$out"
check "... as changed after signing" grep -qi "changed\|does not match" <<<"$out"
check "after the refusals, the signed entry still boots" cli boot "$(id "Linux good")"

# the menu: the mark, the reason, no editing, the information page
start_menu vt100
check "menu: the unsigned option is marked" wait_screen 10 "Linux unsigned" "(refused)"
n=$(cli list --json | py "[o['name'] for o in j['options']].index('Linux unsigned')")
for _ in $(seq "$n"); do keys Down; done
check "menu: its reason, before it is picked" wait_screen 5 "Refused: vdb:/vmlinuz-unsigned is not"
keys e
check "menu: e refuses under enforce, with a sentence" wait_screen 5 "verify=enforce: options cannot be edited"
keys i
check "menu: the information page shows signed boot" \
	wait_screen 5 "Signed boot: lockdown integrity, Secure Boot on, verify=enforce"
keys q
start_menu vt100	# a fresh menu, its status line empty
wait_screen 10 "Linux unsigned" >/dev/null
keys n
check "menu: n (a new option) refuses under enforce too" \
	wait_screen 5 "verify=enforce: options cannot be edited"

# warn: everything boots, the status says what enforce would refuse
daemon_with "verify = warn"
boot "Linux tampered"
check "warn: a tampered initrd boots" test "$rc" = 0
check "warn: ... and the status says it would be refused" \
	wait_log "verify=warn: Linux tampered would be refused: vdb:/initrd-tampered does not match" 5

# verify on baton's command line wins over the saved setting, and neither
# `baton config` nor the settings change it
printf 'quiet baton.verify=enforce\n' >"$T/cmdline.keys"
DAEMON_ARGS=(--cmdline "$T/cmdline.keys")
daemon_with "verify = warn"
verify_now() { cli status --json | py 'j["signed_boot"]["verify"]'; }
check "baton.verify=enforce on the command line wins over the saved warn" \
	test "$(verify_now)" = enforce
out=$(cli config verify off 2>&1)
echo "# baton config verify off: $out"
check "... and baton config verify off does not lower it" test "$(verify_now)" = enforce
boot "Linux tampered"
check "... the tampered initrd is still refused" \
	grep -q "vdb:/initrd-tampered does not match its signature" <<<"$out"
DAEMON_ARGS=()

# locked down: only kexec_file_load(2); kexec_load(2) is refused, said why
daemon_with "verify = off" "kexec_load = on"
boot "Linux good"
check "lockdown: kexec_load = on is refused before it is tried" test "$rc" != 0
check "... with the reason" grep -q "forbids: only a signed kernel loaded with kexec_file_load(2) can boot; set kexec_load = off" <<<"$out"
stop_daemon_checked
finish
