#!/bin/bash
# tests/qemu/test-menu-ssh.sh - with dropbear packed in (SSH_AUTHORIZED_KEYS) and baton.ssh, `ssh root@guest baton list` works and `ssh -t root@guest baton menu` shows the menu, whose Enter boots.
set -eu -o pipefail
. "$(dirname "$0")/lib-menu.sh"

t_begin menu-ssh
qemu_prepare
DIR=$(test_dir menu-ssh)
T_LOG="$DIR/serial.log"
entries_disk "$DIR/bls" "$DIR/bls.img" BLSDISK alpha:"Alpha Linux" beta:"Beta Linux"

ssh-keygen -q -t ed25519 -N '' -f "$DIR/key" >/dev/null
ssh_initramfs menu-ssh "$DIR" SSH_AUTHORIZED_KEYS="$DIR/key.pub"
ssh_net
SSH=(ssh -i "$DIR/key" -p "$PORT" -o StrictHostKeyChecking=no
     -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=5
     root@127.0.0.1)

if ! serial_menu serial "$T_LOG" "baton.ssh baton.timeout=-1" "$DIR/bls.img"; then
	t_fail "menu-ssh: the guest comes up" "no menu on the serial console" "$T_LOG"
	exit 1
fi
out=
for i in $(seq 1 30); do
	out=$("${SSH[@]}" baton list 2>&1) && break
	sleep 2
done
case $out in *"Alpha Linux"*"Beta Linux"*|*"Beta Linux"*"Alpha Linux"*)
	t_ok "menu-ssh: baton list over SSH" ;;
*)	t_fail "menu-ssh: baton list over SSH" "ssh said: $out" "$T_LOG" ;;
esac
t_check "menu-ssh: baton list --json over SSH" "no JSON" \
	sh -c "$(printf '%q ' "${SSH[@]}") baton list --json | grep -q '\"default\"'"

cmd=$(printf '%q ' "${SSH[@]}" -tt baton menu)
bq_tmux new-session -d -s ssh -x 80 -y 24 "TERM=xterm $cmd; sleep 30"
if wait_for_screen ssh 30 "baton boot menu" "Alpha Linux" "Beta Linux"; then
	t_ok "menu-ssh: ssh -t baton menu shows the menu"
else
	t_fail "menu-ssh: ssh -t baton menu shows the menu" "no menu over SSH" "$T_LOG"
	show_screen ssh
fi
# A kernel notice (e.g. "random: crng init done") may have scrolled the
# serial screen: Ctrl-L redraws it, as a person would.
tmux_keys serial 0c
t_check "menu-ssh: the serial console's menu is there too" "no menu on serial" \
	wait_for_screen serial 5 "baton boot menu"
key_enter ssh
t_check "menu-ssh: Enter in the SSH menu boots" "no BATON-TARGET-OK" \
	wait_for BATON-TARGET-OK "$T_LOG" 60
qemu_wait_exit "$T_LOG" 15 || true
