#!/bin/bash
# test-autoboot-late.sh: a source that appears while the countdown runs
# (a folder moved into --source-dir, like a disk that is slow to come up)
# and is earlier in boot_order (by name) replaces the choice without restarting the
# countdown; once the countdown has ended, a late source changes nothing.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-menu.sh"

mkdir -p "$T/disks" "$T/staging"
bls_entry "$T/disks/early" early "Early Linux" "e=1"
bls_entry "$T/staging/late" late "Late Linux" "l=1"
cp -a "$T/staging/late" "$T/staging/late2"
printf 'timeout = 4\nboot_order = name=late name=late2 any\n' >"$T/baton.conf"

restart_daemon --config "file:$T/baton.conf" --source-dir "$T/disks"
check "the countdown starts on what is there" wait_log "autoboot: Early Linux in 4 s" 3
sleep 1
mv "$T/staging/late" "$T/disks/"
check "a better source that comes during the countdown replaces the choice" \
	wait_log "Late Linux arrived: it replaces the choice" 3
check "and boots when the same countdown ends" wait_log "would boot Late Linux " 5
n=$(grep -c "autoboot: " "$T/daemon.log")
check "the countdown was not restarted" test "$n" = 1

printf 'timeout = 1\nboot_order = name=late name=late2 any\n' >"$T/baton.conf"
rm -rf "$T/disks/late"
restart_daemon --config "file:$T/baton.conf" --source-dir "$T/disks"
check "with no better source, the countdown boots what it chose" \
	wait_log "would boot Early Linux " 4
mv "$T/staging/late2" "$T/disks/"
sleep 1.5
if grep -qE "arrived|would boot Late" "$T/daemon.log"; then
	not_ok "after the countdown, a late source changes nothing" "$(cat "$T/daemon.log")"
else
	ok "after the countdown, a late source changes nothing"
fi
finish
