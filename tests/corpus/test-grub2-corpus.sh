#!/bin/sh
# test-grub2-corpus.sh: the GRUB 2 parser against u-root's GRUB corpus.
# Each case (a folder standing for a partition, its identity in its UUID,
# LABEL, PARTLABEL and TYPE files; *_sda1 cases span *_sda2 too) is scanned
# with `baton scan --json --parser grub2` and compared with the case's JSON
# by compare.py. Where real GRUB 2.06 (the grub-oracle) boots something else
# than the corpus says, tests/corpus/grub2-exceptions/<case>.json holds what
# GRUB does and why. Prints TAP lines; exits non-zero on a failure.
top=$(cd "$(dirname "$0")/../.." && pwd)
BATON=${BATON:-$top/${O:-build}/baton}
corpus=$top/../shared/corpora/u-root/pkg/boot/grub/testdata_new
exc=$top/tests/corpus/grub2-exceptions
tmp=${TMPDIR:-/tmp}/baton-grub2-corpus.$$
failed=0

if [ ! -d "$corpus" ]; then
	echo "ok - grub2 corpus # SKIP no corpus"
	exit 0
fi
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT

# ident DIR: "DIR:name=...,uuid=...,..." from the case's identity files
ident() {
	s="$1:name=$(basename "$1")"
	for kv in UUID:uuid LABEL:label PARTLABEL:partlabel TYPE:fstype; do
		f=$1/${kv%%:*}
		[ -f "$f" ] && s="$s,${kv#*:}=$(tr -d '\r\n' < "$f")"
	done
	printf '%s\n' "$s"
}

for json in "$corpus"/*.json; do
	case=$(basename "$json" .json)
	dir=$corpus/$case
	[ -d "$dir" ] || continue
	set -- "$(ident "$dir")"
	case $case in
	*_sda1)
		second=$corpus/${case%_sda1}_sda2
		[ -d "$second" ] && set -- "$@" "$(ident "$second")" ;;
	esac
	if ! "$BATON" scan --json --parser grub2 "$@" > "$tmp/$case.json" \
	    2> "$tmp/$case.err"; then
		echo "not ok - $case: baton scan failed"
		sed 's/^/#   /' "$tmp/$case.err"
		failed=1
		continue
	fi
	set -- "$case" "$json" "$tmp/$case.json"
	[ -f "$exc/$case.json" ] && set -- "$@" "$exc/$case.json"
	python3 "$top/tests/corpus/compare.py" "$@" || failed=1
done
exit $failed
