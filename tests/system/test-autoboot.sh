#!/bin/bash
# test-autoboot.sh: the countdown boots the default by id, by title glob,
# or the first option; timeout 0 boots at once; -1 waits.
set -u
. "$(dirname "$0")/lib.sh"

bls_entry "$T/disk" alpha "Alpha Linux" "a=1"
bls_entry "$T/disk" beta "Beta Linux" "b=2"

start_daemon --timeout 0 --source "$T/disk"
check "timeout 0 boots the first option at once" wait_log "would boot Beta Linux" 3
kill "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null; DAEMON_PID=; : >"$T/daemon.log"

start_daemon --timeout 1 --default 'Al*' --source "$T/disk"
check "a title glob picks the default" wait_log "autoboot: Alpha Linux in 1 s" 3
check "and it boots when the countdown ends" wait_log "would boot Alpha Linux" 4
kill "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null; DAEMON_PID=; : >"$T/daemon.log"

start_daemon --timeout -1 --default disk:alpha --source "$T/disk"
check "timeout -1 waits for a choice" wait_log "waiting for a choice" 3
sleep 1.5
if grep -q "would boot" "$T/daemon.log"; then
	not_ok "nothing boots by itself" "$(cat "$T/daemon.log")"
else
	ok "nothing boots by itself"
fi
kill "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null; DAEMON_PID=; : >"$T/daemon.log"

printf 'quiet baton.timeout=0 baton.default="Alpha Linux"\n' >"$T/cmdline.keys"
"$BATON" daemon --dry-run --socket "$SOCK" --cmdline "$T/cmdline.keys" \
	--log "$T/daemon.log" --source "$T/disk" 2>/dev/null &
DAEMON_PID=$!
check "baton.timeout and baton.default on the kernel command line" \
	wait_log "would boot Alpha Linux" 3
finish
