#!/bin/bash
# test-one-place.sh: what one file alone may do (DESIGN.md, layout): a
# pattern allowed only in the files listed fails here when any other file
# under its folder has it. A planted one in a copy proves the check bites.
set -u

# outside ROOT DIRS PATTERN ALLOWED...: the lines of the .c and .h files
# under ROOT/DIR, for each DIR of the list DIRS, matching the extended
# regular expression PATTERN, in files other than the ALLOWED paths
# (relative to ROOT), as FILE:LINE.
# shellcheck disable=SC2317  # called by check_rules
outside() {
	root=$1 dirs=$2 pattern=$3
	shift 3
	# shellcheck disable=SC2086  # dirs is a list of paths
	c_files "$root" $dirs | while read -r f; do
		rel=${f#"$root"/}
		for a in "$@"; do
			[ "$rel" = "$a" ] && continue 2
		done
		grep -nE "$pattern" "$f" | sed "s|^\([0-9]*\):.*|$rel:\1|"
	done
}

top=$(cd "$(dirname "$0")/../.." && pwd)
FAILED=0
. "$top/tests/layout/lib-rules.sh"

# The rules of the tree at $1; prints TAP lines when $2 is "tap", else
# only returns 1 when a rule is broken.
check_tree() {
	check_rules "$1" "$2" outside elsewhere <<'RULES'
daemon.c alone sends events to clients (server.c carries them)|daemon|server_broadcast[[:space:]]*\(|daemon/daemon.c daemon/server.c daemon/server.h
lib/hash.h alone includes uthash (out of memory never exits)|baton.c board daemon discover lib loader tests ui|^[[:space:]]*#[[:space:]]*include[[:space:]]*<uthash\.h>|lib/hash.h
RULES
}

check_tree "$top" tap || FAILED=1

# The check itself: a copy of daemon/ and lib/ passes, and fails once a
# part broadcasts on its own, or a file includes uthash directly.
copy_tree "$top" daemon lib
expect "$T/tree" passes "a copy of daemon/ and lib/ passes"
printf 'static void f(struct daemon *d) { server_broadcast (d, 0, NULL); }\n' \
	>>"$T/tree/daemon/boot.c"
expect "$T/tree" fails "boot.c broadcasting on its own is caught"
cp "$top/daemon/boot.c" "$T/tree/daemon/boot.c"
printf ' #  include <uthash.h>\n' >>"$T/tree/lib/strindex.h"
expect "$T/tree" fails "strindex.h including uthash directly is caught"
exit $FAILED
