#!/bin/bash
# test-one-place.sh: what one file alone may do (DESIGN.md, layout): a
# pattern allowed only in the files listed fails here when any other file
# under its folder has it. A planted one in a copy proves the check bites.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
FAILED=0

# outside ROOT DIRS PATTERN ALLOWED...: the lines of the .c and .h files
# under ROOT/DIR, for each DIR of the list DIRS, matching the extended
# regular expression PATTERN, in files other than the ALLOWED paths
# (relative to ROOT), as FILE:LINE.
outside() {
	root=$1 dirs=$2 pattern=$3
	shift 3
	for d in $dirs; do
		find "$root/$d" -name '*.[ch]' 2>/dev/null
	done | sort | while read -r f; do
		rel=${f#"$root"/}
		for a in "$@"; do
			[ "$rel" = "$a" ] && continue 2
		done
		grep -nE "$pattern" "$f" | sed "s|^\([0-9]*\):.*|$rel:\1|"
	done
}

# The rules of the tree at $1; prints TAP lines when $2 is "tap", else
# only returns 1 when a rule is broken.
check_tree() {
	root=$1 mode=$2 broken=0
	while IFS='|' read -r name dirs pattern allowed; do
		# shellcheck disable=SC2086  # allowed is a list of paths
		out=$(outside "$root" "$dirs" "$pattern" $allowed)
		if [ -z "$out" ]; then
			[ "$mode" = tap ] && echo "ok - $name"
		else
			broken=1
			if [ "$mode" = tap ]; then
				echo "not ok - $name"
				printf '%s\n' "$out" | sed 's/^/#   elsewhere: /'
			fi
		fi
	done <<'RULES'
daemon.c alone sends events to clients (server.c carries them)|daemon|server_broadcast[[:space:]]*\(|daemon/daemon.c daemon/server.c daemon/server.h
lib/hash.h alone includes uthash (out of memory never exits)|baton.c board daemon discover lib loader tests ui|^[[:space:]]*#[[:space:]]*include[[:space:]]*<uthash\.h>|lib/hash.h
RULES
	return $broken
}

check_tree "$top" tap || FAILED=1

# The check itself: a copy of daemon/ and lib/ passes, and fails once a
# part broadcasts on its own, or a file includes uthash directly.
T=$(mktemp -d /tmp/baton-layout-XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/tree"
cp -r "$top/daemon" "$top/lib" "$T/tree/"
if check_tree "$T/tree" quiet; then
	echo "ok - a copy of daemon/ and lib/ passes"
else
	echo "not ok - a copy of daemon/ and lib/ passes"
	FAILED=1
fi
printf 'static void f(struct daemon *d) { server_broadcast (d, 0, NULL); }\n' \
	>>"$T/tree/daemon/boot.c"
if check_tree "$T/tree" quiet; then
	echo "not ok - boot.c broadcasting on its own is caught"
	FAILED=1
else
	echo "ok - boot.c broadcasting on its own is caught"
fi
cp "$top/daemon/boot.c" "$T/tree/daemon/boot.c"
printf ' #  include <uthash.h>\n' >>"$T/tree/lib/strindex.h"
if check_tree "$T/tree" quiet; then
	echo "not ok - strindex.h including uthash directly is caught"
	FAILED=1
else
	echo "ok - strindex.h including uthash directly is caught"
fi
exit $FAILED
