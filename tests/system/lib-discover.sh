# tests/system/lib-discover.sh: helpers of the discover and client tests
# (sourced after lib.sh).

# raw control-socket clients (clients.py says which)
CLIENTS="python3 $(dirname "${BASH_SOURCE[0]}")/clients.py"

# kib FIELD: the daemon's VmRSS, VmHWM... (/proc/PID/status), in KiB
kib() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$DAEMON_PID/status"; }

# client_bg OUT CMD...: CMD in the background, its output in OUT; killed
# at the end of the test
PIDS=
client_bg() {
	out=$1
	shift
	"$@" >"$out" 2>&1 &
	PIDS="$PIDS $!"
	trap 'kill $PIDS 2>/dev/null; cleanup' EXIT INT TERM
}

# start_watchers N: N `baton watch --json`, writing $T/w1 ... $T/wN
start_watchers() {
	for i in $(seq "$1"); do
		client_bg "$T/w$i" cli watch --json
	done
}

# stop_daemon_checked: stop the daemon as init would (SIGTERM) and check
# that it exits cleanly, with no sanitizer report (under tests/run
# sanitize, leaks and memory errors show only at exit).
stop_daemon_checked() {
	kill "$DAEMON_PID" 2>/dev/null
	wait "$DAEMON_PID" 2>/dev/null
	rc=$?
	DAEMON_PID=
	if grep -q "Sanitizer" "$T/daemon.stderr" 2>/dev/null || [ $rc -ne 0 ]; then
		not_ok "the daemon exits cleanly" "status $rc" \
			"$(grep -A12 Sanitizer "$T/daemon.stderr" | head -n 40)"
	else
		ok "the daemon exits cleanly"
	fi
}

# sanitized: true under tests/run sanitize (memory figures mean nothing).
sanitized() { [ -n "${ASAN_OPTIONS:-}" ]; }

# list_ids: the ids `baton list` shows, in order, on one line
list_ids() {
	timeout 5 "$BATON" list --socket "$SOCK" --json |
		python3 -c 'import json,sys; print(" ".join(o["id"] for o in json.load(sys.stdin)["options"]))'
}

# wait_list_ids SECONDS WANT: `baton list` shows exactly the ids WANT in time
wait_list_ids() {
	i=0
	while [ $i -lt $(($1 * 10)) ]; do
		[ "$(list_ids)" = "$2" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# ids: $(list_ids), want: $2"
	return 1
}
