#!/bin/bash
# test-clients-many.sh: twenty clients on the control socket at once: 18
# `baton watch --json`, one sending garbage (and a frame announcing 16 MiB),
# one that never reads. The watchers get every event, the bad clients are
# closed or dropped alone, and the daemon's memory stays flat (VmRSS from
# /proc/PID/status, printed) through rounds of thousands of events. Then
# a client that stops reading during a burst is sent the state again once
# it catches up, instead of being dropped.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-discover.sh"

ROUNDS=4
PER_ROUND=2000
WATCHERS=18
DIR=$T/disks
mkdir -p "$DIR" "$T/stage"
bls_entry "$DIR/a" a "A Linux" "a=1"
bls_entry "$DIR/b" b "B Linux" "b=1"
bls_entry "$T/stage/c" c "C Linux" "c=1"

start_daemon --timeout -1 --source-dir "$DIR"
start_watchers $WATCHERS
client_bg "$T/sleeper" $CLIENTS "$SOCK" sleeper

# every watcher has its state, the sleeper said hello
i=0
while [ $i -lt 50 ]; do
	n=0
	for w in $(seq $WATCHERS); do head -n 1 "$T/w$w" | grep -q '"type":"state"' && n=$((n + 1)); done
	[ $n = $WATCHERS ] && grep -q sleeping "$T/sleeper" && break
	sleep 0.1
	i=$((i + 1))
done
check "$WATCHERS watchers and a sleeper connected" test $n = $WATCHERS
out=$($CLIENTS "$SOCK" garbage)
case $out in *closed*oversized*) ok "a client sending garbage is closed, and one announcing 16 MiB";;
*) not_ok "a client sending garbage is closed, and one announcing 16 MiB" "$out";; esac
check "the daemon says why" grep -q "malformed message: closed" "$T/daemon.log"

# count PATTERN WANT: every watcher has WANT lines matching PATTERN (10 s)
count() {
	i=0
	while [ $i -lt 100 ]; do
		bad=0
		for w in $(seq $WATCHERS); do
			[ "$(grep -c -- "$1" "$T/w$w")" = "$2" ] || bad=$((bad + 1))
		done
		[ $bad = 0 ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# $bad watcher(s) short of $2 x $1"
	return 1
}

rss=
for r in $(seq $ROUNDS); do
	got=$($CLIENTS "$SOCK" driver $PER_ROUND a:a b:b)
	check "round $r: $PER_ROUND requests answered" test "$got" = "ok $PER_ROUND"
	check "round $r: every watcher got every status event" \
		count '"message":"default set to' $((r * PER_ROUND))
	mv "$T/stage/c" "$DIR/"
	check "round $r: every watcher saw a disk come" count '"type":"option-add".*"id":"c:c"' $r
	mv "$DIR/c" "$T/stage/"
	check "round $r: and go" count '"type":"option-remove","data":{"id":"c:c"}' $r
	rss="$rss $(kib VmRSS)"
done
# a client that stops reading while 10,000 events come (more than its
# queue holds) and no more come after is not dropped: once it has read
# its queue, it gets the whole state again. It reads again only once the
# burst is over, however slowly a loaded machine sent it.
$CLIENTS "$SOCK" slowreader "$T/burst-done" 12 >"$T/slow" 2>&1 &
SLOW=$!
sleep 0.5
$CLIENTS "$SOCK" driver 10000 a:a b:b >/dev/null
touch "$T/burst-done"
wait $SLOW
set -- $(cat "$T/slow")
echo "# slow reader: $*"
check "a slow reader fell behind" grep -q "client [0-9]* (slow) is behind: it gets the whole state" "$T/daemon.log"
check "and was not dropped, and got the state again" \
	test "${1:-}" = states -a "${2:-0}" -ge 2
# the one that never reads is dropped once it read nothing for 5 s
sleep 5.5
$CLIENTS "$SOCK" driver 1 a:a >/dev/null
check "the client that never reads was dropped" \
	wait_log "(sleeper) does not read its events: dropped" 3
set -- $rss
first=$1
last=${!#}
hwm=$(kib VmHWM)
echo "# daemon VmRSS after each round (KiB):$rss; VmHWM $hwm KiB"
if sanitized; then
	ok "memory stays flat # SKIP under the sanitizers"
	ok "peak RSS under 8 MiB # SKIP under the sanitizers"
else
	check "memory stays flat (last round within 512 KiB of the first)" \
		test $((last - first)) -lt 512
	check "peak RSS under 8 MiB" test "$hwm" -lt 8192
fi
check "status --json still answers" sh -c "$BATON status --json --socket $SOCK >/dev/null"
stop_daemon_checked
finish
