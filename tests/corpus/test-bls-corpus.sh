#!/bin/sh
# test-bls-corpus.sh: the BLS type #1 parser on u-root's BLS corpus (Fedora
# 32 entries, a made-up case). Its expectations came from another loader:
# where the Boot Loader Specification and systemd-boot say otherwise, the
# entry baton must produce and the reason are in bls-exceptions/. The
# made-up entries say "architecture x64": they are hidden (as the spec
# asks) on other machines, so that case runs on x86_64 only.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
corpus=$top/../shared/corpora/u-root/pkg/boot/bls/testdata
BATON=${BATON:-$top/build/baton}

if [ ! -d "$corpus" ]; then
	echo "ok - bls corpus # SKIP no corpus"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0
for json in "$corpus"/*.json; do
	name=$(basename "$json" .json)
	[ -d "$corpus/$name" ] || continue
	if [ "$name" = madeup ] && [ "$(uname -m)" != x86_64 ]; then
		echo "ok - $name # SKIP x64 entries are hidden on $(uname -m)"
		continue
	fi
	if ! "$BATON" scan --json --parser bls "$corpus/$name" \
			>"$tmp/$name.json" 2>"$tmp/$name.err"; then
		echo "not ok - $name: baton scan failed"
		sed 's/^/#   /' "$tmp/$name.err"
		rc=1
		continue
	fi
	exc=$top/tests/corpus/bls-exceptions/$name.json
	[ -f "$exc" ] || exc=
	python3 "$top/tests/corpus/compare.py" "$name" "$json" \
		"$tmp/$name.json" $exc || rc=1
done
exit $rc
