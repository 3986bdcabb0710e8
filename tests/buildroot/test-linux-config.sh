#!/bin/bash
# tests/buildroot/test-linux-config.sh - each board's linux.config is what allnoconfig and its fragments give, and every fragment option survives olddefconfig, linux-systemd.fragment's (the systemd image's kernel) over x86_64's too.
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
if out=$(sh "$top/scripts/buildroot-linux-config.sh" x86_64 --with \
	"$top/buildroot/board/qemu/linux-systemd.fragment" 2>&1); then
	echo "ok - linux-config: board/qemu/linux-systemd.fragment survives over x86_64's"
else
	echo "not ok - linux-config: board/qemu/linux-systemd.fragment survives over x86_64's"
	sed 's/^/# /' <<<"$out"
fi
