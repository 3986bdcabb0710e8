#!/bin/bash
# tests/qemu/test-arm64-unit.sh - the loader's unit tests cross-built for aarch64 and run under qemu-user (qemu-aarch64), against the arm64 libraries of this machine.
set -eu -o pipefail
. "$(dirname "$0")/lib-arm64.sh"

GROUPS_RUN=${BATON_ARM64_UNIT_GROUPS:-loader}

t_begin arm64-unit
bq_init
A64_O=$(bq_abspath "${BATON_ARM64_O:-$BQ_O/arm64}")
command -v qemu-aarch64 >/dev/null || bq_die "no qemu-aarch64 (scripts/install-deps.sh arm64)"
command -v aarch64-linux-gnu-gcc >/dev/null || bq_die "no aarch64-linux-gnu-gcc (scripts/install-deps.sh arm64)"
if [ ! -f "$A64_O/.config" ]; then
	bq_make O="$A64_O" aarch64_defconfig >"$A64_O.tests.log" 2>&1 ||
		bq_die "make O=$A64_O aarch64_defconfig failed: $(cat "$A64_O.tests.log")"
fi
bq_make O="$A64_O" tests >"$A64_O.tests.log" 2>&1 ||
	bq_die "make O=$A64_O tests (arm64) failed: $(tail -n 30 "$A64_O.tests.log")"

for group in $GROUPS_RUN; do
	for t in "$A64_O"/tests/unit/"$group"/test-*; do
		case $t in *.o | *.d) continue ;; esac
		name="arm64/$group/${t##*/}"
		rc=0
		out=$(timeout 300 qemu-aarch64 "$t" 2>&1) || rc=$?
		# its TAP lines, named, counted by the runner
		sed -nE "s#^(not ok|ok)( [0-9]+)? - #\\1 - $name: #p" <<<"$out"
		grep -q '^not ok' <<<"$out" && T_FAILED=$((T_FAILED + 1))
		T_COUNT=$((T_COUNT + $(grep -cE '^(not )?ok' <<<"$out" || true)))
		if [ $rc != 0 ] && ! grep -q '^not ok' <<<"$out"; then
			t_fail "$name exits with status 0" "status $rc under qemu-aarch64: $(tail -n 5 <<<"$out")"
		fi
	done
done
[ "$T_COUNT" -gt 0 ] || t_fail "arm64-unit: tests ran" "no test program found in $A64_O/tests/unit ($GROUPS_RUN)"
