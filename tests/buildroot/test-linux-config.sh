#!/bin/bash
# tests/buildroot/test-linux-config.sh - each board's linux.config is what allnoconfig and its fragments give, and every fragment option survives olddefconfig.
set -eu -o pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)

for arch in x86_64 aarch64; do
	if out=$(sh "$top/scripts/buildroot-linux-config.sh" "$arch" --check 2>&1); then
		echo "ok - linux-config: board/qemu/$arch/linux.config matches its fragments"
	else
		echo "not ok - linux-config: board/qemu/$arch/linux.config matches its fragments"
		sed 's/^/# /' <<<"$out"
	fi
done
