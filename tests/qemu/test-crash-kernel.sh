#!/bin/bash
# tests/qemu/test-crash-kernel.sh - x86_64: `baton kexec --crash` loads a kernel into the crashkernel= reservation, --status reads the slots back, --unload --crash empties it, and a forced panic lands in the crash kernel, which prints its marker; without a reservation baton says so.
set -eu -o pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-liveupdate.sh"

MARKER="crash-$$-$RANDOM"

t_begin crash-kernel
lu_prepare
DIR=$(test_dir crash-kernel)
T_LOG="$DIR/serial.log"

lu_final_initrd "$DIR/target.img"
mkdir -p "$DIR/stage/lu"
cp "$LU_KERNEL" "$DIR/stage/lu/bzImage"
cp "$DIR/target.img" "$DIR/stage/lu/target.img"
lu_overlay "$DIR/first.img" "$DIR/stage" <<EOF2
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
load() {
	baton kexec --crash --kernel /lu/bzImage --initrd /lu/target.img \
		--cmdline "console=ttyS0 panic=-1 lu.marker=$MARKER"
	echo "LU-CRASH-LOAD: \$?"
}
say_status() { baton kexec --status | sed "s/^/LU-STATUS-\$1 /"; }
say_status before
load
say_status loaded
baton kexec --unload --crash
echo "LU-CRASH-UNLOAD: \$?"
say_status unloaded
grep -q crashkernel= /proc/cmdline || reboot -f
load
echo LU-PANIC-NOW
echo c > /proc/sysrq-trigger
echo LU-STILL-HERE
reboot -f
EOF2

start=$SECONDS
lu_run "$T_LOG" 180 "$DIR/first.img" "crashkernel=48M" || true
bq_note "boot, crash load, panic and crash kernel: $((SECONDS - start)) s ($QEMU_ACCEL)"

status() { lu_value "$T_LOG" "LU-STATUS-$1 $2"; }
size=$(status before "crash reservation")
case $size in
[1-9]*" bytes") t_ok "crash-kernel: --status reads the reservation ($size)" ;;
*) t_fail "crash-kernel: --status reads the reservation" "got [$size]" "$T_LOG" ;;
esac
t_check "crash-kernel: nothing is in the crash slot at first" \
	"crash loaded before: [$(status before "crash loaded")]" \
	test "$(status before "crash loaded")" = no
t_check "crash-kernel: baton kexec --crash loads the kernel" \
	"no 'loaded /lu/bzImage (x86_64) as the crash kernel'; status [$(lu_value "$T_LOG" LU-CRASH-LOAD)]" \
	grep -aq "loaded /lu/bzImage (x86_64) as the crash kernel with kexec_file_load" "$T_LOG"
t_check "crash-kernel: kexec_crash_loaded reads back 1, kexec_loaded 0" \
	"crash loaded [$(status loaded "crash loaded")], loaded [$(status loaded loaded)]" \
	test "$(status loaded "crash loaded")/$(status loaded loaded)" = yes/no
t_check "crash-kernel: --unload --crash empties the crash slot" \
	"unload status [$(lu_value "$T_LOG" LU-CRASH-UNLOAD)], crash loaded [$(status unloaded "crash loaded")]" \
	test "$(lu_value "$T_LOG" LU-CRASH-UNLOAD)/$(status unloaded "crash loaded")" = 0/no
t_check "crash-kernel: the forced panic starts the crash kernel" \
	"no LU-MARKER: $MARKER after LU-PANIC-NOW" \
	sh -c "sed -n '/LU-PANIC-NOW/,\$p' '$T_LOG' | grep -aq 'LU-MARKER: $MARKER'"
cmdline=$(lu_value "$T_LOG" TARGET-CMDLINE)
t_check "crash-kernel: the crash kernel got elfcorehdr= from the panicked one" \
	"its command line: [$cmdline]" \
	grep -q "elfcorehdr=" <<<"$cmdline"

# No crashkernel=: the sentence that says what to do.
T_LOG="$DIR/serial-none.log"
lu_run "$T_LOG" 120 "$DIR/first.img" "" || true
t_check "crash-kernel: no reservation: --status says none" \
	"got [$(status before "crash reservation")]" \
	test "$(status before "crash reservation")" = "none (boot with crashkernel=SIZE)"
t_check "crash-kernel: no reservation: --crash says to boot with crashkernel=" \
	"no sentence naming crashkernel=SIZE" \
	grep -aq "baton kexec: cannot load.*no memory reserved for a crash kernel: boot it with crashkernel=SIZE" "$T_LOG"
t_check "crash-kernel: no reservation: --crash fails" \
	"exit status [$(lu_value "$T_LOG" LU-CRASH-LOAD)]" \
	test "$(lu_value "$T_LOG" LU-CRASH-LOAD)" = 1
t_done
