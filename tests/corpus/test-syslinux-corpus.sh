#!/bin/sh
# test-syslinux-corpus.sh: the syslinux parser on u-root's syslinux corpus
# (Debian 9/10, Fedora 27, Qubes 3.2 install media, deep INCLUDE trees).
# Where real syslinux shows something else than the corpus JSON says, the
# entry baton must produce and the reason are in syslinux-exceptions/.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
corpus=$top/../shared/corpora/u-root/pkg/boot/syslinux/testdata
BATON=${BATON:-$top/build/baton}

if [ ! -d "$corpus" ]; then
	echo "ok - syslinux corpus # SKIP no corpus"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0
for json in "$corpus"/*.json; do
	name=$(basename "$json" .json)
	[ -d "$corpus/$name" ] || continue
	if ! "$BATON" scan --json --parser syslinux "$corpus/$name" \
			>"$tmp/$name.json" 2>"$tmp/$name.err"; then
		echo "not ok - $name: baton scan failed"
		sed 's/^/#   /' "$tmp/$name.err"
		rc=1
		continue
	fi
	exc=$top/tests/corpus/syslinux-exceptions/$name.json
	[ -f "$exc" ] || exc=
	python3 "$top/tests/corpus/compare.py" "$name" "$json" \
		"$tmp/$name.json" $exc || rc=1
done
exit $rc
