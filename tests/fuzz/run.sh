#!/bin/sh
# tests/fuzz/run.sh: the fuzz step of make check: each target of `make
# fuzz` runs over its seeds and regression inputs, then fuzzes for
# FUZZ_TIME seconds (default 10). One TAP line per target; a crash, leak,
# timeout or out-of-memory input fails it and is kept in
# $O/fuzz/work/artifacts (make it a regression input in tests/data/fuzz/).
set -u
O=${O:-build}
FUZZ_TIME=${FUZZ_TIME:-10}
. tests/fuzz/lib.sh

work=$O/fuzz/work
n=0
failed=0
for name in $(fuzz_targets); do
	case $name in *"${FILTER:-}"*) ;; *) continue;; esac
	n=$((n + 1))
	fuzz_run "$name" "$FUZZ_TIME" "$work"
	what="fuzz-$name: $FZ_RUNS runs, $FZ_COV edges, $FZ_EXECS/s, peak $FZ_RSS MB"
	if [ "$FZ_CRASHES" -eq 0 ]; then
		echo "ok $n - $what"
	else
		echo "not ok $n - $what, $FZ_CRASHES finding(s)"
		grep -E '^==[0-9]+==|^SUMMARY|Test unit written|^    #[0-9] ' \
			"$FZ_LOG" | head -n 12 | sed 's/^/#   /'
		failed=1
	fi
done
[ "$n" -gt 0 ] || { echo "not ok 1 - no fuzz targets in $O/fuzz (make fuzz)"; exit 1; }
echo "1..$n"
exit $failed
