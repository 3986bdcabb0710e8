# lib.sh: what the corpus scripts (tests/corpus/test-*.sh) share. Sourced
# after they set $top (the source tree). Sets $BATON (default: the baton
# of the build folder $O) and $rc (0; 1 after a failed case).
BATON=${BATON:-$top/${O:-build}/baton}
rc=0

# corpus_each DIR WHAT FUNC: FUNC NAME for every case of the corpus in DIR
# (a NAME.json with a folder NAME beside it), with $corpus set to DIR and
# a scratch folder $tmp, removed on exit. Without DIR, one SKIP line for
# the WHAT corpus.
corpus_each() {
	corpus=$1
	if [ ! -d "$corpus" ]; then
		echo "ok - $2 corpus # SKIP no corpus"
		return 0
	fi
	tmp=$(mktemp -d) || exit 1
	trap 'rm -rf "$tmp"' EXIT
	for json in "$corpus"/*.json; do
		name=$(basename "$json" .json)
		[ -d "$corpus/$name" ] || continue
		"$3" "$name"
	done
}

# corpus_check NAME PARSER EXCEPTIONS SOURCE...: `baton scan --json` of the
# sources with that parser only, compared by compare.py with the corpus's
# NAME.json and, when there is one, EXCEPTIONS/NAME.json (what baton must
# give instead, and why). Prints TAP lines.
corpus_check() {
	name=$1 parser=$2 exc=$3/$1.json
	shift 3
	if ! "$BATON" scan --json --parser "$parser" "$@" \
			>"$tmp/$name.json" 2>"$tmp/$name.err"; then
		echo "not ok - $name: baton scan failed"
		sed 's/^/#   /' "$tmp/$name.err"
		rc=1
		return
	fi
	set -- "$name" "$corpus/$name.json" "$tmp/$name.json"
	[ -f "$exc" ] && set -- "$@" "$exc"
	python3 "$top/tests/corpus/compare.py" "$@" || rc=1
}
