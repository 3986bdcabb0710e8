# tests/buildroot/lib-buildroot.sh - helpers for the tests that build a Buildroot image of buildroot/configs/ and boot it in QEMU (sourced, bash; sources tests/qemu/lib-menu.sh).
# shellcheck shell=bash
#
#   br_image NAME DEFCONFIG     the image, built (or reused from the cache)
#       by scripts/buildroot-build.sh, as README's "For integrators" says;
#       one result; BR_OUT is its output folder
#   br_kernel                   BR_KERNEL: the kernel an image without one
#       boots with, baton_qemu_x86_64_defconfig's bzImage (the same build,
#       cached), unless BR_KERNEL is set already
#   br_boot_kexec NAME KERNEL INITRAMFS   one boot: the menu on the serial
#       console with a disk's entries, the autoboot default kexecs the
#       target kernel with its command line, the disk unchanged; T_LOG is
#       the serial log, which the caller may check further
. "$(dirname "${BASH_SOURCE[0]}")/../qemu/lib-menu.sh"
# shellcheck disable=SC2034 # lib-tmux.sh's tmux socket, named after this test
BQ_TMUX_SOCK="baton-buildroot-$$"

# kib FILE: FILE's size in KiB, rounded up.
kib() { echo $((($(stat -c %s "$1") + 1023) / 1024)); }

br_image() {
	local name=$1 defconfig=$2 log start out
	log="$BQ_WORK/buildroot-build-${defconfig%_defconfig}.log"
	start=$SECONDS
	if ! out=$(bash "$BQ_REPO/scripts/buildroot-build.sh" "$defconfig" 2>"$log"); then
		t_fail "$name: Buildroot builds $defconfig" \
			"scripts/buildroot-build.sh failed" "$log"
		exit 1
	fi
	BR_OUT=$(tail -n 1 <<<"$out")
	t_ok "$name: Buildroot builds $defconfig ($((SECONDS - start)) s)"
	echo "# $BR_OUT: $(for f in "$BR_OUT"/images/*; do
		printf '%s %s KiB ' "${f##*/}" "$(kib "$f")"; done)"
}

br_kernel() {
	local log out
	[ -z "${BR_KERNEL:-}" ] || return 0
	log="$BQ_WORK/buildroot-build-baton_qemu_x86_64.log"
	out=$(bash "$BQ_REPO/scripts/buildroot-build.sh" baton_qemu_x86_64_defconfig \
		2>"$log") || bq_die "no kernel: scripts/buildroot-build.sh failed ($log)"
	BR_KERNEL=$(tail -n 1 <<<"$out")/images/bzImage
}

br_boot_kexec() {
	local name=$1 dir before got want
	export QEMU_KERNEL=$2 BATON_INITRAMFS=$3
	qemu_prepare
	dir=$(test_dir "$name")
	T_LOG="$dir/serial.log"
	entries_disk "$dir/bls" "$dir/bls.img" BLSDISK alpha:"Alpha Linux" beta:"Beta Linux"
	before=$(disks_sum "$dir/bls.img")
	# shellcheck disable=SC2034 # t_on_exit stops this session
	T_SESSION=$name
	qemu_tmux_start "$name" "$T_LOG" 300 "baton.timeout=10 baton.default=vda1:beta" \
		"$dir/bls.img"
	if wait_for_screen "$name" 150 "baton boot menu" "Alpha Linux" "Beta Linux"; then
		t_ok "$name: the menu on the serial console, with the disk's entries"
	else
		t_fail "$name: the menu on the serial console, with the disk's entries" \
			"no menu within 150 s" "$T_LOG"
		show_screen "$name"
	fi
	t_check "$name: the autoboot default kexecs the target kernel" \
		"no BATON-TARGET-OK" wait_for BATON-TARGET-OK "$T_LOG" 120
	got=$(target_cmdline "$T_LOG")
	want=$(e2e_cmdline beta)
	if [ "$got" = "$want" ]; then
		t_ok "$name: the target got the default entry's command line"
	else
		t_fail "$name: the target got the default entry's command line" \
			"want [$want], got [$got]" "$T_LOG"
	fi
	t_check "$name: the daemon logged the hand-over (baton.logtty)" \
		"no 'starting ... kernel' in $T_LOG.baton" \
		baton_logged "starting .*kernel .*vmlinuz-target" "$T_LOG"
	qemu_wait_exit "$T_LOG" 30 || true
	t_check "$name: the disk is unchanged" "its sha256 changed" \
		test "$(disks_sum "$dir/bls.img")" = "$before"
}
