#!/bin/sh
# test-grub2-corpus.sh: the GRUB 2 parser against u-root's GRUB corpus.
# Each case (a folder standing for a partition, its identity in its UUID,
# LABEL, PARTLABEL and TYPE files; *_sda1 cases span *_sda2 too) is scanned
# with `baton scan --json --parser grub2` and compared with the case's JSON
# by compare.py. Where real GRUB 2.06 (the grub-oracle) boots something else
# than the corpus says, tests/corpus/grub2-exceptions/<case>.json holds what
# GRUB does and why. Prints TAP lines; exits non-zero on a failure.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/corpus/lib.sh"

# ident DIR: "DIR:name=...,uuid=...,..." from the case's identity files
ident() {
	s="$1:name=$(basename "$1")"
	for kv in UUID:uuid LABEL:label PARTLABEL:partlabel TYPE:fstype; do
		f=$1/${kv%%:*}
		[ -f "$f" ] && s="$s,${kv#*:}=$(tr -d '\r\n' < "$f")"
	done
	printf '%s\n' "$s"
}

one() {
	set -- "$1" "$(ident "$corpus/$1")"
	case $1 in
	*_sda1)
		second=$corpus/${1%_sda1}_sda2
		[ -d "$second" ] && set -- "$@" "$(ident "$second")" ;;
	esac
	name=$1
	shift
	corpus_check "$name" grub2 "$top/tests/corpus/grub2-exceptions" "$@"
}

corpus_each "$top/../shared/corpora/u-root/pkg/boot/grub/testdata_new" \
	grub2 one
exit $rc
