#!/bin/bash
# tests/qemu/run.sh - runs baton's QEMU end-to-end tests (test-*.sh) and prints "N passed, N failed".
#
# Usage: tests/qemu/run.sh [SUBSTRING...]   run only tests whose name holds one
# Environment: see tests/qemu/lib.sh (O, BATON, BATON_QEMU_WORK, BATON_QEMU_ACCEL, ...).
set -eu -o pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

selected() {
	local name=$1 want
	[ $# -gt 1 ] || return 0
	shift
	for want in "$@"; do
		case $name in *"$want"*) return 0 ;; esac
	done
	return 1
}

main() {
	local passed=0 failed=0 t name out rc start ok bad
	if ! (qemu_prepare); then
		echo "not ok - qemu rig setup (kernel, target initrd, baton initramfs)"
		echo "0 passed, 1 failed"
		exit 1
	fi
	qemu_prepare
	echo "# kernel $KERNEL_VERSION, accel $QEMU_ACCEL, work dir $BQ_WORK"
	# The tests share what was just built instead of checking it again.
	export BATON_QEMU_WORK="$BQ_WORK" BATON_QEMU_ACCEL="$QEMU_ACCEL" BATON_INITRAMFS
	for t in "$HERE"/test-*.sh; do
		name=$(basename "$t" .sh)
		selected "$name" "$@" || continue
		start=$SECONDS
		rc=0
		out=$("$t" 2>&1) || rc=$?
		echo "$out"
		ok=$(grep -c '^ok ' <<<"$out" || true)
		bad=$(grep -c '^not ok ' <<<"$out" || true)
		if [ $rc != 0 ] && [ "$bad" = 0 ]; then
			echo "not ok - $name exited with status $rc"
			bad=1
		fi
		passed=$((passed + ok))
		failed=$((failed + bad))
		echo "# $name: $((SECONDS - start)) s"
	done
	echo "$passed passed, $failed failed"
	[ $failed = 0 ]
}

main "$@"
