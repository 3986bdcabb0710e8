#!/bin/bash
# tests/qemu/test-remote-ssh.sh - the remote surface over SSH: root's keys from the initramfs (SSH_KEYS), the settings store (ssh_keys, a malformed one skipped) and baton.ssh_key= each let a client in, a password login is refused; two clients at once, one's watch --json sees the boot the other starts; next set over SSH survives the reboot, boots once, and the boot after is the default again.
set -eu -o pipefail
. "$(dirname "$0")/lib-menu.sh"

t_begin remote-ssh
qemu_prepare
DIR=$(test_dir remote-ssh)
entries_disk "$DIR/bls" "$DIR/bls.img" BLSDISK alpha:"Alpha Linux" beta:"Beta Linux"
for k in built store cmdline stranger; do
	ssh-keygen -q -t ed25519 -N '' -C "$k@test" -f "$DIR/$k" >/dev/null
done
# the store: a malformed key first, then a good one; autoboot at once,
# but the kernel command line's baton.timeout=-1 holds the first boot
settings_disk "$DIR/settings.img" "timeout = 0
default = Alpha*
ssh_keys = ssh-ed25519 AAAAthisisnotakeyatallnotatallnotatall bad@test;$(cat "$DIR/store.pub")"

t_check "remote-ssh: make initramfs passes SSH_KEYS on" "make -n shows no SSH_KEYS" \
	sh -c "make -s -n -C '$BQ_REPO' O='$BQ_O' initramfs SSH_KEYS='$DIR/built.pub' | grep -q 'SSH_KEYS=$DIR/built.pub'"
ssh_initramfs remote-ssh "$DIR" SSH_KEYS="$DIR/built.pub"
ssh_net
OPTS=(-p "$PORT" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
      -o LogLevel=ERROR -o ConnectTimeout=5 -o BatchMode=yes
      -o IdentitiesOnly=yes)
# as KEY CMD...: run CMD in the guest, logged in with KEY
as() {
	local key=$1
	shift
	ssh -i "$DIR/$key" "${OPTS[@]}" root@127.0.0.1 "$@"
}
# py EXPR: evaluate EXPR with j = the JSON on stdin
py() { python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"; }

CMDKEY=$(tr ' ' ',' <"$DIR/cmdline.pub")
T_LOG="$DIR/first.log"
if ! serial_menu serial "$T_LOG" "baton.ssh baton.timeout=-1 baton.ssh_key=$CMDKEY" \
		"$DIR/bls.img" "$DIR/settings.img"; then
	t_fail "remote-ssh: the guest comes up" "no menu on the serial console" "$T_LOG"
	exit 1
fi
out=
for i in $(seq 1 30); do
	out=$(as built baton list --json 2>&1) && break
	sleep 2
done
IDS=$(printf '%s' "$out" | py '" ".join(o["id"] for o in j["options"])' 2>/dev/null || true)
ALPHA=$(tr ' ' '\n' <<<"$IDS" | grep ':alpha$' || true)
BETA=$(tr ' ' '\n' <<<"$IDS" | grep ':beta$' || true)
if [ -n "$ALPHA" ] && [ -n "$BETA" ]; then
	t_ok "remote-ssh: the initramfs's key lets in: list --json parsed"
else
	t_fail "remote-ssh: the initramfs's key lets in: list --json parsed" "ssh said: $out" "$T_LOG"
	exit 1
fi
t_check "remote-ssh: baton.ssh_key='s key lets in" "no status --json" \
	sh -c "$(printf '%q ' ssh -i "$DIR/cmdline" "${OPTS[@]}" root@127.0.0.1) baton status --json | grep -q '\"countdown\": -1'"
ok=
for i in $(seq 1 15); do
	as store true 2>/dev/null && { ok=1; break; }
	sleep 2
done
if [ -n "$ok" ]; then
	t_ok "remote-ssh: the settings store's key lets in"
else
	t_fail "remote-ssh: the settings store's key lets in" "refused" "$T_LOG"
fi
t_check "remote-ssh: the malformed store key was skipped, saying so" "no message in dmesg" \
	sh -c "$(printf '%q ' ssh -i "$DIR/built" "${OPTS[@]}" root@127.0.0.1) dmesg | grep -q 'ssh_keys: a malformed key skipped: ssh-ed25519 AAAAthisisnot'"
if as stranger true 2>/dev/null; then
	t_fail "remote-ssh: a key from nowhere is refused" "it logged in" "$T_LOG"
else
	t_ok "remote-ssh: a key from nowhere is refused"
fi
methods=$(ssh -v "${OPTS[@]}" -o PubkeyAuthentication=no \
	-o PreferredAuthentications=password,keyboard-interactive \
	root@127.0.0.1 true 2>&1 || true)
line=$(grep -m1 'Authentications that can continue' <<<"$methods" || true)
case $line in
*publickey*password* | *password*publickey* | "")
	t_fail "remote-ssh: a password login is refused (public keys only)" \
		"ssh -v said: ${line:-$methods}" "$T_LOG" ;;
*publickey*) t_ok "remote-ssh: a password login is refused (public keys only)" ;;
*)	t_fail "remote-ssh: a password login is refused (public keys only)" "ssh -v said: $line" "$T_LOG" ;;
esac
case $methods in
*"Authenticated to"*) t_fail "remote-ssh: and the client got in nowhere" "it logged in" "$T_LOG" ;;
*) t_ok "remote-ssh: and the client got in nowhere" ;;
esac

# rescan: every disk probed again, the answer once that is done
t_check "remote-ssh: rescan --json over SSH: done, both options back" "no answer" \
	test "$(as built baton rescan --json | py '[j["ok"], j["options"], j["still_probing"]]')" = "[True, 2, 0]"
t_check "remote-ssh: list --json after the rescan: the same ids" "other ids" \
	test "$(as built baton list --json | py '" ".join(o["id"] for o in j["options"])')" = "$IDS"

# next over SSH: saved in the store, for the next boot
t_check "remote-ssh: next --json ID over SSH" "no ok" \
	test "$(as store baton next --json "$BETA" | py 'j["ok"]')" = True
t_check "remote-ssh: next --json reads it back, saved" "no next" \
	test "$(as cmdline baton next --json | py '[j["next"], j["origin"]]')" = "['$BETA', 'saved']"
t_check "remote-ssh: an unknown id: exit 1" "another status" \
	sh -c "$(printf '%q ' ssh -i "$DIR/built" "${OPTS[@]}" root@127.0.0.1) baton next nowhere:none; test \$? = 1"

# two admins: one watches, the other boots; the watcher sees the boot
as built baton watch --json >"$DIR/watch.jsonl" 2>"$DIR/watch.err" &
WATCH=$!
sleep 3
as cmdline baton boot --json "$ALPHA" >"$DIR/boot.out" 2>&1 || true
t_check "remote-ssh: the boot a client starts hands over" "no BATON-TARGET-OK" \
	wait_for BATON-TARGET-OK "$T_LOG" 90
wait "$WATCH" 2>/dev/null || true
TARGET_GOT=$(target_cmdline "$T_LOG" | sed -n 's/.*baton_e2e=\([^ ]*\).*/\1/p')
expect_boot "remote-ssh: it booted what the client asked for" alpha
t_check "remote-ssh: the other client's watch --json saw it load and start" \
	"$(head -c 2000 "$DIR/watch.jsonl")" python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
st = [e["data"]["stage"] for e in ev
      if e["type"] == "progress" and e["data"]["id"] == sys.argv[2]]
sys.exit(not (ev[0]["type"] == "state" and st[:1] == ["loading"] and "starting" in st))' \
	"$DIR/watch.jsonl" "$ALPHA"
t_check "remote-ssh: the log said what booted and that a person chose it" "not in baton's log" \
	baton_said "$T_LOG" "booting: $ALPHA \"Alpha Linux\": kernel .*chosen by person"
qemu_wait_exit "$T_LOG" 15 || true
tmux_stop serial
T_SESSION=
text=$(settings_text "$DIR/settings.img")
t_check "remote-ssh: next is saved on the settings partition" "baton.conf: $text" \
	grep -qx "next = $BETA" <<<"$text"

T_LOG="$DIR/second.log"
boot_once "$T_LOG" 120 "" "$DIR/bls.img" "$DIR/settings.img"
expect_boot "remote-ssh: the reboot boots next's option" beta
t_check "remote-ssh: the log says next chose it" "not in baton's log" \
	baton_said "$T_LOG" "booting: $BETA .*chosen by next"
text=$(settings_text "$DIR/settings.img")
if grep -q '^next' <<<"$text"; then
	t_fail "remote-ssh: next is then forgotten" "baton.conf: $text" "$T_LOG"
else
	t_ok "remote-ssh: next is then forgotten"
fi
T_LOG="$DIR/third.log"
boot_once "$T_LOG" 120 "" "$DIR/bls.img" "$DIR/settings.img"
expect_boot "remote-ssh: the boot after that is the default again" alpha
t_done
