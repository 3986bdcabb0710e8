#!/bin/bash
# tests/qemu/test-liveupdate-middle.sh - x86_64: baton in the middle of a live update (host kernel -> baton -> final system): the host's session reaches the final system through baton, named by baton.liveupdate_sessions; unnamed, baton refuses to boot and says why; with baton.liveupdate_drop=on it boots and says the sessions are lost.
set -eu -o pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-liveupdate.sh"

SESSION=baton-middle
TOKEN=9
NONCE="nonce-$$-$RANDOM"

t_begin liveupdate-middle
lu_prepare
DIR=$(test_dir liveupdate-middle)

# The final system: a BLS entry in a folder that baton's daemon serves.
lu_final_initrd "$DIR/final.img"
SRC="$DIR/middle-stage/srv/final"
mkdir -p "$SRC/loader/entries" "$DIR/middle-stage/run"
cp "$LU_KERNEL" "$SRC/vmlinuz"
cp "$DIR/final.img" "$SRC/final.img"
cat >"$SRC/loader/entries/final.conf" <<CFG
title Final System
linux /vmlinuz
initrd /final.img
options console=ttyS0 panic=-1 lu.session=$SESSION lu.token=$TOKEN
CFG
lu_middle_init /srv/final | lu_overlay "$DIR/middle.img" "$DIR/middle-stage"

# host_initrd OUT BATON_ARGS: the host preserves the session and live
# updates into baton's kernel with BATON_ARGS on its command line.
host_initrd() {
	rm -rf "$DIR/host-stage"
	mkdir -p "$DIR/host-stage/lu"
	cp "$LU_TEST" "$DIR/host-stage/lu/lu-test"
	cp "$LU_KERNEL" "$DIR/host-stage/lu/bzImage"
	cp "$DIR/middle.img" "$DIR/host-stage/lu/middle.img"
	lu_overlay "$1" "$DIR/host-stage" <<-EOF2
	#!/bin/sh
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev
	exec </dev/console >/dev/console 2>&1
	echo LU-HOST-KERNEL
	/lu/lu-test preserve $SESSION $TOKEN $NONCE || reboot -f
	baton kexec --kernel /lu/bzImage --initrd /lu/middle.img \
		--cmdline "console=ttyS0 panic=-1 baton.timeout=0 $2" --live-update
	echo "LU-KEXEC-FAILED: \$?"
	reboot -f
	EOF2
}

# 1. Named: carried to the final system.
T_LOG="$DIR/carried.log"
host_initrd "$DIR/host-carried.img" "baton.liveupdate_sessions=$SESSION:$TOKEN"
start=$SECONDS
lu_run "$T_LOG" 240 "$DIR/host-carried.img" "liveupdate=on" || true
bq_note "host, baton and final system: $((SECONDS - start)) s ($QEMU_ACCEL)"
t_check "liveupdate-middle: baton's kernel starts by a live update" \
	"no LU-MIDDLE-KERNEL after the host's LU-PRESERVED" \
	sh -c "sed -n '/LU-PRESERVED/,\$p' '$T_LOG' | grep -aq LU-MIDDLE-KERNEL"
t_check "liveupdate-middle: baton says a live update arrived" \
	"no 'arrived by a live update' in baton's log" \
	grep -aq "live update: this system arrived by a live update" "$T_LOG"
t_check "liveupdate-middle: baton carries the session" \
	"no 'carried 1 session to the next kernel: $SESSION (1 file)'" \
	grep -aq "live update: carried 1 session to the next kernel: $SESSION (1 file)" "$T_LOG"
cmdline=$(lu_value "$T_LOG" TARGET-CMDLINE)
case " $cmdline " in
*" lu.session=$SESSION "*" kho=on liveupdate=on "*)
	t_ok "liveupdate-middle: the final system is started as a live update" ;;
*) t_fail "liveupdate-middle: the final system is started as a live update" \
	"its command line: [$cmdline]" "$T_LOG" ;;
esac
got=$(lu_value "$T_LOG" LU-NONCE)
if [ "$got" = "$NONCE" ]; then
	t_ok "liveupdate-middle: the nonce reaches the final system"
else
	t_fail "liveupdate-middle: the nonce reaches the final system" "want [$NONCE], got [$got]" "$T_LOG"
fi

# 2. Not named: baton refuses to boot, and says what to do.
T_LOG="$DIR/refused.log"
host_initrd "$DIR/host-refused.img" ""
lu_run_until "$T_LOG" 150 "LU-STATUS: " \
	"$DIR/host-refused.img" "liveupdate=on"
t_check "liveupdate-middle: unnamed sessions: baton refuses to boot" \
	"no 'boot failed: Final System: live update: its sessions cannot be carried'" \
	grep -aq "boot failed: Final System: live update: its sessions cannot be carried (no session is named" "$T_LOG"
t_check "liveupdate-middle: unnamed sessions: baton status says so" \
	"no 'LU-STATUS: live update: its sessions cannot be carried'" \
	grep -aq "LU-STATUS: live update: its sessions cannot be carried" "$T_LOG"
t_check "liveupdate-middle: unnamed sessions: the final system does not start" \
	"BATON-TARGET-OK on the console" \
	sh -c "! grep -aq BATON-TARGET-OK '$T_LOG'"

# 3. Not named, liveupdate_drop on: boots, and says they are lost.
T_LOG="$DIR/dropped.log"
host_initrd "$DIR/host-dropped.img" "baton.liveupdate_drop=on"
lu_run "$T_LOG" 240 "$DIR/host-dropped.img" "liveupdate=on" || true
t_check "liveupdate-middle: liveupdate_drop: baton says the sessions are dropped" \
	"no 'its sessions are dropped, as liveupdate_drop allows'" \
	grep -aq "live update: its sessions are dropped, as liveupdate_drop allows" "$T_LOG"
t_check "liveupdate-middle: liveupdate_drop: the final system starts without them" \
	"no BATON-TARGET-OK, or a nonce after all" \
	sh -c "grep -aq BATON-TARGET-OK '$T_LOG' && grep -aq 'LU-ERROR: ' '$T_LOG' && ! grep -aq 'LU-NONCE: ' '$T_LOG'"
t_done
