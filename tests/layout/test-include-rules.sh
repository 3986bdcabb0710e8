#!/bin/bash
# test-include-rules.sh: data flows one way (DESIGN.md, layout): each
# module includes only the modules below it, so a wrong-way #include
# fails here. A planted wrong-way include in a copy proves the check bites.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
FAILED=0
. "$top/tests/layout/lib-rules.sh"

# rule ROOT NAME DIR EXCLUDE ALLOWED...: every #include "..." in the .c
# and .h files under ROOT/DIR (but not under ROOT/EXCLUDE, "" for none)
# names a file under one of the ALLOWED prefixes, without a ".." that
# would climb out of it. Prints the bad lines, returns 1 when there are
# any.
# shellcheck disable=SC2317  # called by check_rules
bad_includes() {
	root=$1 dir=$2 exclude=$3
	shift 3
	c_files "$root" "$dir" | while read -r f; do
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
	check_rules "$1" "$2" bad_includes "wrong way" <<'RULES'
lib/ includes no other module|lib||lib/
the parsers include only lib/ and their own files|discover/parsers||lib/ discover/parsers/
loader/ includes only lib/|loader||lib/ loader/
board/ includes only lib/|board||lib/ board/
ui/ includes only lib/ (the protocol) and its own files|ui||lib/ ui/
discover/ includes nothing of the daemon or the clients|discover|discover/parsers|lib/ board/ loader/ discover/
daemon/ includes nothing of the clients|daemon||lib/ board/ loader/ discover/ daemon/
the parser tests include no discovery code|tests/unit/discover/parsers||lib/ discover/parsers/ tests/unit/test.h tests/unit/lib/ tests/unit/discover/parsers/
RULES
}

check_tree "$top" tap || FAILED=1

# The check itself: a copy of lib/, ui/ and the parser tests with one
# wrong-way include planted in each must fail it, and the untouched copy
# must pass.
copy_tree "$top" lib ui
mkdir -p "$T/tree/tests/unit/discover"
cp -r "$top/tests/unit/discover/parsers" "$T/tree/tests/unit/discover/"
expect "$T/tree" passes "a copy of lib/, ui/ and the parser tests passes"
printf '#include "discover/scan.h"\n' >>"$T/tree/lib/util.h"
expect "$T/tree" fails "lib/ including discover/ is caught"
cp "$top/lib/util.h" "$T/tree/lib/util.h"
printf '  #  include "daemon/daemon.h"\n' >>"$T/tree/ui/menu.c"
expect "$T/tree" fails "ui/ including daemon/ is caught (spaces in the line)"
cp "$top/ui/menu.c" "$T/tree/ui/menu.c"
# a parser test that reaches for discovery code, plainly or by climbing
# out of discover/parsers/
pt=$T/tree/tests/unit/discover/parsers
for inc in discover/source.h discover/parsers/../source.h \
	tests/unit/discover/folders.h; do
	cp "$top/tests/unit/discover/parsers/harness.h" "$pt/harness.h"
	printf '#include "%s"\n' "$inc" >>"$pt/harness.h"
	expect "$T/tree" fails "a parser test including $inc is caught"
done
exit $FAILED
