# lib-rules.sh: the table runner of the layout tests (sourced, not run).
# shellcheck shell=bash
#
# c_files ROOT DIR...: the .c and .h files under ROOT/DIR (a folder or a
# file) for each DIR, sorted.
c_files() {
	r=$1
	shift
	for d in "$@"; do
		find "$r/$d" -name '*.[ch]' 2>/dev/null
	done | sort
}

# check_rules ROOT MODE FN LABEL: reads rules "NAME|A|B|ALLOWED" from
# stdin and, for each, runs FN ROOT A B ALLOWED... (ALLOWED split into
# words), which prints one line per offence. Prints "ok - NAME" or
# "not ok - NAME" and the offences as "#   LABEL: ..." when MODE is
# "tap"; returns 1 when any rule is broken.
check_rules() {
	root=$1 mode=$2 fn=$3 label=$4 broken=0
	while IFS='|' read -r name a b allowed; do
		# shellcheck disable=SC2086  # allowed is a list of prefixes
		out=$("$fn" "$root" "$a" "$b" $allowed)
		if [ -z "$out" ]; then
			[ "$mode" = tap ] && echo "ok - $name"
		else
			broken=1
			if [ "$mode" = tap ]; then
				echo "not ok - $name"
				printf '%s\n' "$out" | sed "s/^/#   $label: /"
			fi
		fi
	done
	return $broken
}

# copy_tree TOP DIR...: copies TOP/DIR for each DIR into a new temporary
# tree, $T/tree, removed when the test exits; the planted cases go there.
copy_tree() {
	r=$1
	shift
	T=$(mktemp -d /tmp/baton-layout-XXXXXX)
	trap 'rm -rf "$T"' EXIT
	mkdir -p "$T/tree"
	for d in "$@"; do
		cp -r "$r/$d" "$T/tree/"
	done
}

# expect ROOT passes|fails NAME: the check proving itself on a copy of
# the tree at ROOT (check_tree, the test's own): one TAP line, and
# FAILED=1 when the copy does not do what is expected.
expect() {
	if check_tree "$1" quiet; then got=passes; else got=fails; fi
	if [ "$got" = "$2" ]; then
		echo "ok - $3"
	else
		echo "not ok - $3"
		# shellcheck disable=SC2034  # the sourcing test's exit status
		FAILED=1
	fi
}
