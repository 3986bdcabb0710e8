#!/bin/bash
# tests/qemu/test-loader-corrupt.sh - x86_64: a truncated kernel (a real bzImage cut short) is refused before kexec with a clear sentence on the menu, the menu stays usable, and autoboot falls through to the next option and boots it.
set -eu -o pipefail
. "$(dirname "$0")/lib.sh"

BAD_TITLE="Baton Cut Kernel"
GOOD_TITLE="Baton Whole Kernel"
GOOD_CMDLINE="console=ttyS0 quiet baton_e2e=whole"
WHY="truncated bzImage"

t_begin loader-corrupt
qemu_prepare
DIR=$(test_dir loader-corrupt)
T_LOG="$DIR/serial.log"
T_SESSION=loader-corrupt

# The default entry's kernel is the target kernel cut to 1 MiB: its headers
# are fine, its payload is not all there (an interrupted copy, a full /boot).
mkdir -p "$DIR/root/boot/grub"
payload "$DIR/root" /boot
head -c 1M "$KERNEL_IMAGE" >"$DIR/root/boot/vmlinuz-cut"
cat >"$DIR/root/boot/grub/grub.cfg" <<CFG
set timeout=5
set default=0

menuentry '$BAD_TITLE' {
	linux /boot/vmlinuz-cut console=ttyS0 baton_e2e=cut
	initrd /boot/initrd-target.img
}
menuentry '$GOOD_TITLE' {
	linux /boot/vmlinuz-target $GOOD_CMDLINE
	initrd /boot/initrd-target.img
}
CFG
fs_ext4 "$DIR/p1.img" 40 "$DIR/root"
disk_create "$DIR/disk.img" gpt "$DIR/p1.img:L"
before=$(disks_sum "$DIR/disk.img")

show_screen() { echo "# --- screen"; tmux_screen "$T_SESSION" | sed 's/^/#   /'; }

# ---- 1. chosen by a person: the error is on the menu, which stays usable
start=$SECONDS
qemu_tmux_start "$T_SESSION" "$T_LOG" 90 "baton.timeout=-1" "$DIR/disk.img"
if ! wait_for_screen "$T_SESSION" 45 "$BAD_TITLE" "$GOOD_TITLE"; then
	t_fail "loader-corrupt: the menu shows both titles" "titles not on screen after 45 s" "$T_LOG"
	show_screen
	exit 1
fi
rc=0
menu_choose "$T_SESSION" "$BAD_TITLE" "$BAD_TITLE" "$BAD_TITLE" "$GOOD_TITLE" || rc=$?
if [ $rc != 0 ]; then
	t_fail "loader-corrupt: Enter on '$BAD_TITLE'" "menu_choose failed ($rc)" "$T_LOG"
	show_screen
	exit 1
fi
if wait_for_screen "$T_SESSION" 30 "boot failed: .*$WHY|$WHY"; then
	t_ok "loader-corrupt: the menu says why the kernel cannot boot ($WHY)"
else
	t_fail "loader-corrupt: the menu says why the kernel cannot boot ($WHY)" \
		"no '$WHY' on screen after 30 s" "$T_LOG"
	show_screen
fi
t_check "loader-corrupt: baton's log has the same sentence" \
	"no 'baton: error: boot failed: $BAD_TITLE: cannot load vda1:/boot/vmlinuz-cut: $WHY' in baton's log" \
	wait_for "${BATON_LOG_RE}(error: )?boot failed: $BAD_TITLE: cannot load vda1:/boot/vmlinuz-cut: $WHY: " \
	"$(baton_log "$T_LOG")" 10
t_check "loader-corrupt: no kernel was started" "the target ran" \
	sh -c "! tr -d '\r' <'$T_LOG' | grep -aq BATON-TARGET-OK"
rc=0
menu_choose "$T_SESSION" "$GOOD_TITLE" "$BAD_TITLE" "$BAD_TITLE" "$GOOD_TITLE" || rc=$?
if [ $rc = 0 ]; then
	t_ok "loader-corrupt: the menu is back: Down + Enter choose '$GOOD_TITLE'"
else
	t_fail "loader-corrupt: the menu is back: Down + Enter choose '$GOOD_TITLE'" \
		"menu_choose failed ($rc)" "$T_LOG"
	show_screen
fi
t_check "loader-corrupt: the chosen good entry boots" \
	"no BATON-TARGET-OK after choosing '$GOOD_TITLE'" wait_for BATON-TARGET-OK "$T_LOG" 40
qemu_wait_exit "$T_LOG" 15 || true
tmux_stop "$T_SESSION"
bq_note "menu run: $((SECONDS - start)) s ($QEMU_ACCEL)"

# ---- 2. nobody there: autoboot tries the default, then the next option

# fell_through: after the failure, baton's log port or the console shows
# the next option booting.
fell_through() {
	local log
	for log in "$(baton_log "$T_LOG")" "$T_LOG"; do
		log_text "$log" | sed -n "/boot failed: $BAD_TITLE/,\$p" |
			grep -aqE "booting $GOOD_TITLE" && return 0
	done
	return 1
}

start=$SECONDS
T_LOG="$DIR/autoboot.log"
# loglevel=7: baton's lines also reach the console (see baton_logged).
qemu_run "$T_LOG" 90 "baton.timeout=0 loglevel=7" "$DIR/disk.img" || true
bq_note "autoboot run: $((SECONDS - start)) s ($QEMU_ACCEL)"
t_check "loader-corrupt: autoboot tries the default (the cut kernel) first" \
	"no 'baton: booting $BAD_TITLE' in baton's log" \
	baton_logged "${BATON_LOG_RE}booting $BAD_TITLE" "$T_LOG"
t_check "loader-corrupt: autoboot logs why it failed" \
	"no 'boot failed: $BAD_TITLE: ...: $WHY' in baton's log" \
	baton_logged "${BATON_LOG_RE}(error: )?boot failed: $BAD_TITLE: .*$WHY" "$T_LOG"
t_check "loader-corrupt: autoboot falls through to the next option" \
	"no 'booting $GOOD_TITLE' after the failure in baton's log" \
	fell_through
t_check "loader-corrupt: the next option boots" \
	"no BATON-TARGET-OK on the serial console" wait_for BATON-TARGET-OK "$T_LOG" 0
got=$(target_cmdline "$T_LOG")
if [ "$got" = "$GOOD_CMDLINE" ]; then
	t_ok "loader-corrupt: target command line is the next option's"
else
	t_fail "loader-corrupt: target command line is the next option's" \
		"want [$GOOD_CMDLINE], got [$got]" "$T_LOG"
fi
t_check "loader-corrupt: the disk is unchanged" "disk image checksum changed" \
	test "$before" = "$(disks_sum "$DIR/disk.img")"
