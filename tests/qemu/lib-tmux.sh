# tests/qemu/lib-tmux.sh - interactive QEMU runs in tmux, waiting on logs and screens, menu navigation (sourced by lib.sh).

# ---------------------------------------------------------------- tmux

BQ_TMUX_SOCK="baton-qemu-$$"
bq_tmux() { tmux -L "$BQ_TMUX_SOCK" "$@"; }

# qemu_tmux_start SESSION LOG TIMEOUT APPEND DISK...: boot in a detached tmux
# session (80x24) whose pane is the serial console; LOG gets every byte QEMU
# sends to it, LOG.baton baton's log, LOG.exit QEMU's status once it ends.
qemu_tmux_start() {
	local session=$1 log=$2 secs=$3 append=$4 cmd arg
	shift 4
	qemu_args "$append $(log_port_append)" "$@"
	rm -f "$log" "$log.exit" "$log.baton"
	cmd="timeout --foreground -k 5 $secs"
	for arg in "${QEMU_ARGS[@]}" -display none -monitor none \
		-chardev "stdio,id=ser0,signal=off,logfile=$log" -serial chardev:ser0 \
		$(log_port_args "$log"); do
		cmd+=" $(printf %q "$arg")"
	done
	cmd+="; echo \$? >$(printf %q "$log.exit")"
	TERM=${TERM:-xterm} bq_tmux new-session -d -s "$session" -x 80 -y 24 "bash -c $(printf %q "$cmd")" ||
		bq_die "tmux new-session failed"
	bq_tmux set-option -t "$session" remain-on-exit on >/dev/null 2>&1 || true
}

# qemu_wait_exit LOG TIMEOUT: true once the QEMU of qemu_tmux_start has ended.
qemu_wait_exit() {
	local end=$((SECONDS + $2))
	while [ ! -s "$1.exit" ]; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.2
	done
}

# tmux_keys SESSION HEXBYTE...: type raw bytes on the serial console.
tmux_keys() {
	local session=$1
	shift
	bq_tmux send-keys -t "$session" -H "$@"
}
key_down() { tmux_keys "$1" 1b 5b 42; }   # ESC [ B
key_up() { tmux_keys "$1" 1b 5b 41; }     # ESC [ A
key_enter() { tmux_keys "$1" 0d; }
key_x() { tmux_keys "$1" 78; }

# tmux_screen SESSION: the 80x24 screen as text.
tmux_screen() { bq_tmux capture-pane -p -t "$1" 2>/dev/null; }

# tmux_stop SESSION: end the session, its QEMU and this test's tmux server.
tmux_stop() {
	bq_tmux kill-session -t "$1" >/dev/null 2>&1 || true
	bq_tmux kill-server >/dev/null 2>&1 || true
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$BQ_TMUX_SOCK"
}

# ---------------------------------------------------------------- waiting

# log_text LOG: LOG without carriage returns.
log_text() { [ -f "$1" ] && tr -d '\r' <"$1"; }

# wait_for PATTERN LOG TIMEOUT: true once the ERE PATTERN is in LOG (a serial
# log or its .baton log); false after TIMEOUT seconds, or as soon as QEMU is
# known to have ended (the serial log's .exit file).
wait_for() {
	local pattern=$1 log=$2 secs=$3 end
	end=$((SECONDS + secs))
	while :; do
		log_text "$log" | grep -aqE -- "$pattern" && return 0
		if [ -e "${log%.baton}.exit" ]; then
			log_text "$log" | grep -aqE -- "$pattern"
			return
		fi
		[ $SECONDS -lt "$end" ] || return 1
		sleep 0.2
	done
}

# wait_for_screen SESSION TIMEOUT PATTERN...: true once every ERE PATTERN is
# on the tmux screen at the same time.
wait_for_screen() {
	local session=$1 secs=$2 end screen p all
	shift 2
	end=$((SECONDS + secs))
	while :; do
		screen=$(tmux_screen "$session")
		all=1
		for p in "$@"; do
			grep -qE -- "$p" <<<"$screen" || { all=0; break; }
		done
		[ $all = 1 ] && return 0
		[ $SECONDS -lt "$end" ] || return 1
		sleep 0.3
	done
}

# screen_row SESSION TEXT: the 0-based screen row where TEXT first shows, or -1.
screen_row() {
	tmux_screen "$1" | awk -v t="$2" 'index($0, t) { print NR - 1; found = 1; exit }
		END { if (!found) print -1 }'
}

# target_cmdline LOG: the command line the kexec'd target printed.
target_cmdline() { target_value "$1" TARGET-CMDLINE; }

# A line baton's daemon logged, as the serial console shows it (printk adds
# a "[    1.234567] " timestamp).
BATON_LOG_RE='(^|\] )baton: '

# screen_reverse_rows SESSION: 0-based rows that hold reverse video.
screen_reverse_rows() {
	bq_tmux capture-pane -e -p -t "$1" 2>/dev/null |
		grep -nE $'\e\\[([0-9]*;)*7(;[0-9]*)*m' | cut -d: -f1 | awk '{ print $1 - 1 }'
}

# menu_rows SESSION TITLE...: "ROW TITLE" for each title on screen, by row.
menu_rows() {
	local session=$1 t
	shift
	for t in "$@"; do echo "$(screen_row "$session" "$t") $t"; done | sort -n
}

# menu_cursor SESSION GUESS TITLE...: the title the menu highlights (reverse
# video); GUESS when no title row is highlighted.
menu_cursor() {
	local session=$1 guess=$2 rev row t
	shift 2
	rev=" $(screen_reverse_rows "$session" | tr '\n' ' ') "
	while read -r row t; do
		case $rev in *" $row "*) echo "$t"; return ;; esac
	done < <(menu_rows "$session" "$@")
	echo "$guess"
}

# menu_choose SESSION WANT GUESS TITLE...: move the highlight from where it
# is (GUESS if it cannot be seen) to WANT with Down/Up (menu_move), then
# press Enter. Returns what menu_move returns (Enter is pressed only on 0).
menu_choose() {
	menu_move "$@" || return
	key_enter "$1"
}

# menu_move SESSION WANT GUESS TITLE...: move the highlight to WANT, no Enter.
# A line the kernel printed over the menu can hide titles or the highlight:
# then the menu is redrawn (Ctrl-L) and the move tried again, three times
# in all. Returns 1 when a title is not on screen, 2 when the highlight can
# be seen but did not reach WANT.
menu_move() {
	local try rc
	for try in 1 2 3; do
		rc=0
		menu_move_once "$@" || rc=$?
		[ $rc -ne 0 ] || return 0
		tmux_keys "$1" 0c
		sleep 1
	done
	return $rc
}

menu_move_once() {
	local session=$1 want=$2 guess=$3 cur i=0 iw=-1 ic=-1 row t
	shift 3
	cur=$(menu_cursor "$session" "$guess" "$@")
	while read -r row t; do
		[ "$row" -ge 0 ] || return 1
		[ "$t" = "$want" ] && iw=$i
		[ "$t" = "$cur" ] && ic=$i
		i=$((i + 1))
	done < <(menu_rows "$session" "$@")
	[ $iw -ge 0 ] && [ $ic -ge 0 ] || return 1
	while [ $ic -lt $iw ]; do key_down "$session"; ic=$((ic + 1)); sleep 0.3; done
	while [ $ic -gt $iw ]; do key_up "$session"; ic=$((ic - 1)); sleep 0.3; done
	menu_highlight_on "$session" "$want" "$@" || return 2
}

# menu_highlight_on SESSION WANT TITLE...: true once WANT is the highlighted
# title (within 3 s), or at once when no title is highlighted at all.
menu_highlight_on() {
	local session=$1 want=$2 end=$((SECONDS + 3)) cur
	shift 2
	while :; do
		cur=$(menu_cursor "$session" "" "$@")
		[ -z "$cur" ] || [ "$cur" = "$want" ] && return 0
		[ $SECONDS -lt $end ] || return 1
		sleep 0.3
	done
}

