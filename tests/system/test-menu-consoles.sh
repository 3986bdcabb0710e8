#!/bin/bash
# test-menu-consoles.sh: menus on two consoles stay in step (the same
# default marked and selected, the same countdown, stopped in both by a key
# in one); a failed boot shows in the status line and the menu stays
# usable; the daemon going away ends the menu.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-menu.sh"

bls_entry "$T/disk" alpha "Alpha Linux" "a=1"
bls_entry "$T/disk" beta "Beta Linux" "b=2"
bls_entry "$T/disk" broken "Broken Linux" "c=3"
bad_kernel "$T/disk/vmlinuz-broken"
restart_daemon --timeout 30 --default 'Beta*' --source "$T/disk"

menu_start serial vt100 C
menu_start vga linux C.UTF-8
on_screen serial 5 "Booting Beta Linux in" >/dev/null
on_screen vga 5 "Booting Beta Linux in" >/dev/null
expect_selected serial "Beta Linux" "serial: the default is selected"
expect_selected vga "Beta Linux" "vga: the same default is selected"
# the same second on both (a tick may fall between the two captures)
a=$(scr serial | sed -n 's/.*Booting Beta Linux in \([0-9]*\) s.*/\1/p')
b=$(scr vga | sed -n 's/.*Booting Beta Linux in \([0-9]*\) s.*/\1/p')
if [ -n "$a" ] && [ -n "$b" ] && [ $((a - b)) -ge -1 ] && [ $((a - b)) -le 1 ]; then
	ok "both show the same countdown ($a s, $b s)"
else
	not_ok "both show the same countdown" "serial [$a] vga [$b]"
fi
press serial Down
expect_screen vga "a key on one console stops the countdown on both" \
	"Default: Beta Linux" "autoboot stopped"
expect_screen serial "and on the console that had the key" "Default: Beta Linux"
expect_selected vga "Beta Linux" "the other console keeps its own selection"

# a failed boot: said in the status line; the menu stays usable
mapfile -t ORDER < <(cli list | sed -n 's/^[* ] \([^ ]\)/\1/p')
for i in "${!ORDER[@]}"; do [ "${ORDER[$i]}" = "Broken Linux" ] && bi=$i; done
press serial Home
for ((i = 0; i < bi; i++)); do press serial Down; done
expect_selected serial "Broken Linux" "the broken option is selected"
press serial Enter
status_says() {	# status_says NAME: the status line tells of the failure
	local i=0 line
	while [ $i -lt 30 ]; do
		# the status: row 23, or rows 22-23 when it is long (then
		# the countdown line moves up to row 21)
		line=$(scr "$1" | sed -n 22,23p |
			grep -vE '^ *(Default|Booting|Refused):' | tr '\n' ' ')
		case $line in *Broken*fail*|*fail*Broken*|*"error: Broken"*) return 0;; esac
		sleep 0.1
		i=$((i + 1))
	done
	echo "# status line: $line"
	return 1
}
check "a failed boot shows in the status line" status_says serial
check "and on the other console too" status_says vga
press serial Down
expect_selected serial "Beta Linux" "the menu still moves after the failure"
press serial Enter
check "after a failed boot the menu still boots" wait_log "would boot Beta Linux " 3

kill "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null; DAEMON_PID=
expect_screen serial "the menu ends when the daemon goes away (status 1)" \
	"menu exited: 1"
finish
