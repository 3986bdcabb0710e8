#!/bin/bash
# tests/buildroot/test-check-package.sh - Buildroot's own linter, utils/check-package -b, passes with no warning on every file of the external tree (buildroot/).
set -eu -o pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
br=${BUILDROOT:-$(cd "$top/.." && pwd)/shared/buildroot}

if [ ! -x "$br/utils/check-package" ]; then
	echo "not ok - check-package: no Buildroot tree at $br (set BUILDROOT)"
	exit 1
fi
# Debian's python3: apt puts python3-magic and flake8 there, not in a venv
python=/usr/bin/python3
for mod in magic flake8; do
	if ! "$python" -c "import $mod" 2>/dev/null; then
		echo "not ok - check-package: $python lacks $mod (scripts/install-deps.sh test)"
		exit 1
	fi
done

cd "$top/buildroot"
find . -type f | LC_ALL=C sort | sed 's|^\./||' | while read -r f; do
	out=$("$python" "$br/utils/check-package" -b "$f" 2>&1) || true
	warnings=$(sed -n 's/^\([0-9]*\) warnings generated$/\1/p' <<<"$out")
	if [ "$warnings" = 0 ]; then
		echo "ok - check-package: buildroot/$f"
	else
		echo "not ok - check-package: buildroot/$f"
		sed 's/^/# /' <<<"$out"
	fi
done
