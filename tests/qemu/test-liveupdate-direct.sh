#!/bin/bash
# tests/qemu/test-liveupdate-direct.sh - x86_64: a program preserves a memfd holding a nonce in a LUO session, `baton kexec --live-update` starts the next kernel, whose init retrieves the session and prints the nonce.
set -eu -o pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-liveupdate.sh"

SESSION=baton-direct
TOKEN=7
NONCE="nonce-$$-$RANDOM"

t_begin liveupdate-direct
lu_prepare
DIR=$(test_dir liveupdate-direct)
T_LOG="$DIR/serial.log"

lu_final_initrd "$DIR/final.img"
mkdir -p "$DIR/stage/lu"
cp "$LU_TEST" "$DIR/stage/lu/lu-test"
cp "$LU_KERNEL" "$DIR/stage/lu/bzImage"
cp "$DIR/final.img" "$DIR/stage/lu/final.img"
# No kho= or liveupdate= given: baton adds them to the next command line.
lu_overlay "$DIR/first.img" "$DIR/stage" <<EOF2
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
echo LU-FIRST-KERNEL
/lu/lu-test preserve $SESSION $TOKEN $NONCE || reboot -f
baton kexec --status
baton kexec --kernel /lu/bzImage --initrd /lu/final.img \
	--cmdline "console=ttyS0 panic=-1 lu.session=$SESSION lu.token=$TOKEN" \
	--live-update
echo "LU-KEXEC-FAILED: \$?"
reboot -f
EOF2

start=$SECONDS
lu_run "$T_LOG" 180 "$DIR/first.img" "liveupdate=on" || true
bq_note "boot, live update and retrieve: $((SECONDS - start)) s ($QEMU_ACCEL)"

t_check "liveupdate-direct: the first kernel preserves the session" \
	"no LU-PRESERVED on the console" \
	grep -aq "LU-PRESERVED: session $SESSION token $TOKEN" "$T_LOG"
t_check "liveupdate-direct: baton kexec --status sees /dev/liveupdate" \
	"no 'live update: available' from baton kexec --status" \
	grep -aq "live update: available" "$T_LOG"
t_check "liveupdate-direct: baton loads the kernel for a live update" \
	"no 'loaded /lu/bzImage (x86_64) for a live update with kexec_file_load'" \
	grep -aq "loaded /lu/bzImage (x86_64) for a live update with kexec_file_load" "$T_LOG"
t_check "liveupdate-direct: the second kernel runs" \
	"no BATON-TARGET-OK on the console" \
	grep -aq BATON-TARGET-OK "$T_LOG"
cmdline=$(lu_value "$T_LOG" TARGET-CMDLINE)
case " $cmdline " in
*" kho=on liveupdate=on "*) t_ok "liveupdate-direct: baton added kho=on liveupdate=on" ;;
*) t_fail "liveupdate-direct: baton added kho=on liveupdate=on" "the second kernel got [$cmdline]" "$T_LOG" ;;
esac
got=$(lu_value "$T_LOG" LU-NONCE)
if [ "$got" = "$NONCE" ]; then
	t_ok "liveupdate-direct: the nonce survives the kexec"
else
	t_fail "liveupdate-direct: the nonce survives the kexec" "want [$NONCE], got [$got]" "$T_LOG"
fi
t_done
