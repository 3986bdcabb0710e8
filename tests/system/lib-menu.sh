# tests/system/lib-menu.sh: helpers for the menu, autoboot and settings
# tests (test-menu-*.sh, test-autoboot-*.sh, test-config*.sh): menus in a
# private tmux server, the selection and the screen read back. Sourced
# after lib.sh.

MENU_TMUX="baton-menu-$$"
MENU_SUPP=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lsan-ncurses.supp
mt() { tmux -L "$MENU_TMUX" "$@"; }

cleanup_menus() {
	mt kill-server 2>/dev/null
	cleanup
}
trap cleanup_menus EXIT INT TERM

# TERMS: the terminal types every menu test runs on ("unknown" is a TERM
# no terminfo describes: the menu must fall back to plain ASCII).
TERMS="linux vt100 vt220 xterm xterm-256color baton-unknown-term"

# menu_start NAME TERM [LANG] [MENU ARGS...]: `baton menu` in an 80x24
# pane; when it ends the pane says "menu exited: STATUS".
menu_start() {
	local name=$1 term=$2 lang=${3:-C.UTF-8}
	shift 3 2>/dev/null || shift $#
	# a session that stays, so the server never exits between menus
	mt has-session -t keep 2>/dev/null ||
		mt new-session -d -s keep -x 80 -y 24 "sleep 3600"
	mt kill-session -t "$name" 2>/dev/null
	mt new-session -d -s "$name" -x 80 -y 24 \
		"env TERM=$term LANG=$lang LC_ALL= LSAN_OPTIONS=suppressions=$MENU_SUPP $BATON menu --socket $SOCK $*; echo \"menu exited: \$?\"; sleep 600"
}

menu_stop() { mt kill-session -t "$1" 2>/dev/null; }

# scr NAME: the screen as text; scr_e NAME: with attributes as escapes.
scr() { mt capture-pane -p -t "$1"; }
scr_e() { mt capture-pane -p -e -t "$1"; }

# press NAME KEY...: tmux key names; a short pause for the menu to draw.
press() {
	local name=$1
	shift
	mt send-keys -t "$name" "$@"
	sleep "${PRESS_PAUSE:-0.3}"
}

# type_text NAME TEXT: literal text.
type_text() { mt send-keys -t "$1" -l "$2"; sleep 0.2; }

# on_screen NAME SECONDS TEXT...: every TEXT shows in time.
on_screen() {
	local name=$1 secs=$2 s want all i=0
	shift 2
	while [ $i -lt $((secs * 10)) ]; do
		s=$(scr "$name")
		all=1
		for want in "$@"; do
			case $s in *"$want"*) ;; *) all=0 ;; esac
		done
		[ $all = 1 ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# selected NAME: the title on the row marked " > ".
selected() { scr "$1" | sed -n 's/^ > [* ] //p' | sed 's/ *$//' | head -n 1; }

# expect_selected NAME TITLE CASE: ok when TITLE is the selection.
expect_selected() {
	local got
	got=$(selected "$1")
	if [ "$got" = "$2" ]; then ok "$3"; else not_ok "$3" "selected: [$got], want [$2]" "$(scr "$1")"; fi
}

# expect_screen NAME CASE TEXT...: ok when every TEXT shows within 3 s.
expect_screen() {
	local name=$1 what=$2
	shift 2
	if on_screen "$name" 3 "$@"; then ok "$what"; else not_ok "$what" "want: $*" "$(scr "$name")"; fi
}

# restart_daemon ARGS...: a fresh dry-run daemon (and log).
restart_daemon() {
	if [ -n "$DAEMON_PID" ]; then
		kill "$DAEMON_PID" 2>/dev/null
		wait "$DAEMON_PID" 2>/dev/null
	fi
	DAEMON_PID=
	: >"$T/daemon.log"
	start_daemon "$@"
}

# bad_kernel FILE: a file no loader accepts.
bad_kernel() { printf 'this is not a kernel\n' >"$1"; }
