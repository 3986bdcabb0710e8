# tests/system/lib.sh: helpers for tests that run `baton daemon --dry-run`
# on folders, with the CLI and the menu (under tmux) as its clients. No
# root, no disks: sourced by tests/system/test-*.sh.

BATON=${BATON:-build/baton}
case $BATON in /*) ;; *) BATON=$(pwd)/$BATON ;; esac
T=$(mktemp -d /tmp/baton-system-XXXXXX)
SOCK=$T/control
DAEMON_PID=
TMUX_SESSION=
trap cleanup EXIT INT TERM

# A private tmux server per test: the default one may be shared, and a
# server exits (asynchronously) with its last session.
TMUX_SOCKET=baton-sys-$$
tmux() { command tmux -L "$TMUX_SOCKET" "$@"; }

cleanup() {
	[ -n "$TMUX_SESSION" ] && tmux kill-server 2>/dev/null
	[ -n "$DAEMON_PID" ] && kill "$DAEMON_PID" 2>/dev/null && wait "$DAEMON_PID" 2>/dev/null
	rm -rf "$T"
}

ok() { echo "ok - $1"; }
not_ok() {
	echo "not ok - $1"
	shift
	for line in "$@"; do echo "#   $line"; done
	FAILED=1
}
# check NAME CMD...: ok when CMD succeeds
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name" "failed: $*"; fi
}

# eventually SECS CMD...: CMD succeeds within SECS seconds (tried every
# 0.1 s), for effects a key press starts and the daemon finishes later.
eventually() {
	secs=$1
	shift
	i=0
	while [ $i -lt $((secs * 10)) ]; do
		"$@" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	"$@"
}

# fake_bzimage FILE: the smallest file with a valid x86 boot header (2.15,
# 64-bit, loadable above 4 GiB); enough for a dry run, never for a boot.
fake_bzimage() {
	python3 - "$1" <<'PY'
import struct, sys
b = bytearray(4096)
b[0x1f1] = 1                                  # setup_sects
struct.pack_into("<H", b, 0x1fe, 0xaa55)      # boot_flag
b[0x202:0x206] = b"HdrS"
struct.pack_into("<H", b, 0x206, 0x020f)      # boot protocol 2.15
b[0x211] = 0x01                               # LOADED_HIGH
struct.pack_into("<H", b, 0x236, 0x0003)      # KERNEL_64 | CAN_BE_LOADED_ABOVE_4G
struct.pack_into("<I", b, 0x238, 2047)        # cmdline_size
open(sys.argv[1], "wb").write(b)
PY
}

# bls_entry DIR FILE TITLE CMDLINE: a BLS entry and its (fake) kernel
bls_entry() {
	mkdir -p "$1/loader/entries"
	printf 'title %s\nlinux /vmlinuz-%s\ninitrd /initrd-%s\noptions %s\n' \
		"$3" "$2" "$2" "$4" >"$1/loader/entries/$2.conf"
	fake_bzimage "$1/vmlinuz-$2"
	echo initrd >"$1/initrd-$2"
}

# start_daemon ARGS...: a dry-run daemon on the test socket
start_daemon() {
	: >"$T/cmdline"
	"$BATON" daemon --dry-run --socket "$SOCK" --cmdline "$T/cmdline" \
		--log "$T/daemon.log" "$@" 2>>"$T/daemon.stderr" &
	DAEMON_PID=$!
	i=0
	while [ ! -S "$SOCK" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	# discovery is done once the log says so
	wait_log "discovery:" 5
}

# wait_log PATTERN SECONDS: the daemon's log shows PATTERN in time
wait_log() {
	i=0
	while [ $i -lt $(($2 * 10)) ]; do
		grep -q -- "$1" "$T/daemon.log" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

cli() { "$BATON" "$1" --socket "$SOCK" "${@:2}"; }

# start_menu TERM: `baton menu` in a new detached 80x24 tmux session
start_menu() {
	TMUX_SESSION=menu-$1-${RANDOM}
	tmux new-session -d -s "$TMUX_SESSION" -x 80 -y 24 \
		"env TERM=$1 $BATON menu --socket $SOCK; sleep 30"
}

screen() { tmux capture-pane -p -t "$TMUX_SESSION"; }

# wait_screen SECONDS TEXT...: every TEXT on the screen in time
wait_screen() {
	secs=$1
	shift
	i=0
	while [ $i -lt $((secs * 10)) ]; do
		s=$(screen)
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

keys() { tmux send-keys -t "$TMUX_SESSION" "$@"; }

finish() {
	[ -z "${FAILED:-}" ]
}
