# tests/system/lib-discover.sh: helpers of the discover and client tests
# (sourced after lib.sh).

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
