#!/bin/bash
# test-include-rules.sh: data flows one way (DESIGN.md, layout): each
# module includes only the modules below it, so a wrong-way #include
# fails here. A planted wrong-way include in a copy proves the check bites.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
FAILED=0

# rule ROOT NAME DIR EXCLUDE ALLOWED...: every #include "..." in the .c
# and .h files under ROOT/DIR (but not under ROOT/EXCLUDE, "" for none)
# names a file under one of the ALLOWED prefixes, without a ".." that
# would climb out of it. Prints the bad lines, returns 1 when there are
# any.
bad_includes() {
	root=$1 dir=$2 exclude=$3
	shift 3
	find "$root/$dir" -name '*.[ch]' 2>/dev/null | sort | while read -r f; do
		[ -n "$exclude" ] && case $f in "$root/$exclude"/*) continue;; esac
		grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
		while IFS= read -r line; do
			inc=${line#*\"}
			inc=${inc%%\"*}
			good=
			for a in "$@"; do
				case $inc in "$a"*) good=1;; esac
			done
			case $inc in *../*) good=;; esac
			[ -n "$good" ] || echo "${f#"$root"/}:${line%%:*}: $inc"
		done
	done
}

# The rules of the tree at $1; prints TAP lines when $2 is "tap", else
# only returns 1 when a rule is broken.
check_tree() {
	root=$1 mode=$2 broken=0
	while IFS='|' read -r name dir exclude allowed; do
		# shellcheck disable=SC2086  # allowed is a list of prefixes
		out=$(bad_includes "$root" "$dir" "$exclude" $allowed)
		if [ -z "$out" ]; then
			[ "$mode" = tap ] && echo "ok - $name"
		else
			broken=1
			if [ "$mode" = tap ]; then
				echo "not ok - $name"
				printf '%s\n' "$out" | sed 's/^/#   wrong way: /'
			fi
		fi
	done <<'RULES'
lib/ includes no other module|lib||lib/
the parsers include only lib/ and their own files|discover/parsers||lib/ discover/parsers/
loader/ includes only lib/|loader||lib/ loader/
board/ includes only lib/|board||lib/ board/
ui/ includes only lib/ (the protocol) and its own files|ui||lib/ ui/
discover/ includes nothing of the daemon or the clients|discover|discover/parsers|lib/ board/ loader/ discover/
daemon/ includes nothing of the clients|daemon||lib/ board/ loader/ discover/ daemon/
the parser tests include no discovery code|tests/unit/discover/parsers||lib/ discover/parsers/ tests/unit/test.h tests/unit/lib/ tests/unit/discover/parsers/
RULES
	return $broken
}

check_tree "$top" tap || FAILED=1

# The check itself: a copy of lib/, ui/ and the parser tests with one
# wrong-way include planted in each must fail it, and the untouched copy
# must pass.
T=$(mktemp -d /tmp/baton-layout-XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/tree/tests/unit/discover"
cp -r "$top/lib" "$top/ui" "$T/tree/"
cp -r "$top/tests/unit/discover/parsers" "$T/tree/tests/unit/discover/"
if check_tree "$T/tree" quiet; then
	echo "ok - a copy of lib/, ui/ and the parser tests passes"
else
	echo "not ok - a copy of lib/, ui/ and the parser tests passes"
	FAILED=1
fi
printf '#include "discover/scan.h"\n' >>"$T/tree/lib/util.h"
if check_tree "$T/tree" quiet; then
	echo "not ok - lib/ including discover/ is caught"
	FAILED=1
else
	echo "ok - lib/ including discover/ is caught"
fi
cp "$top/lib/util.h" "$T/tree/lib/util.h"
printf '  #  include "daemon/daemon.h"\n' >>"$T/tree/ui/menu.c"
if check_tree "$T/tree" quiet; then
	echo "not ok - ui/ including daemon/ is caught (spaces in the line)"
	FAILED=1
else
	echo "ok - ui/ including daemon/ is caught (spaces in the line)"
fi
cp "$top/ui/menu.c" "$T/tree/ui/menu.c"
# a parser test that reaches for discovery code, plainly or by climbing
# out of discover/parsers/
pt=$T/tree/tests/unit/discover/parsers
for inc in discover/source.h discover/parsers/../source.h \
	tests/unit/discover/folders.h; do
	cp "$top/tests/unit/discover/parsers/harness.h" "$pt/harness.h"
	printf '#include "%s"\n' "$inc" >>"$pt/harness.h"
	if check_tree "$T/tree" quiet; then
		echo "not ok - a parser test including $inc is caught"
		FAILED=1
	else
		echo "ok - a parser test including $inc is caught"
	fi
done
exit $FAILED
