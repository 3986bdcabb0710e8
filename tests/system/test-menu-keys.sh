#!/bin/bash
# test-menu-keys.sh: every key of `baton menu` on each TERM: arrows, j/k,
# PgUp/PgDn, Home/End, Enter boots, e edits and boots a copy, n boots an
# option made by hand, c settings, l log, i system information, h and ?
# help, Ctrl-L, x leaves for the shell. The settings screen scrolls.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-menu.sh"

for i in $(seq -w 1 20); do
	bls_entry "$T/disk" "linux$i" "Linux $i" "root=/dev/sda$i"
done
for i in 1 2 3; do
	bls_entry "$T/usb" "stick$i" "Stick $i" "stick=$i"
done
restart_daemon --timeout -1 --source "$T/disk" --source "$T/usb:kind=usb"

# the options in menu order, as `baton list` shows them
mapfile -t ORDER < <(cli list | sed -n 's/^[* ] \([^ ]\)/\1/p')
N=${#ORDER[@]}
check "baton list shows all $N options" test "$N" = 23
PAGE=17	# list rows (24 - 6) less one, as PgUp/PgDn move

keys_case() {	# keys_case TERM KEY... -- WANT_INDEX CASE
	local term=$1 want case
	shift
	local keys=()
	while [ "$1" != -- ]; do keys+=("$1"); shift; done
	want=$2 case=$3
	press m "${keys[@]}"
	expect_selected m "${ORDER[$want]}" "$term: $case"
}

for term in $TERMS; do
	: >"$T/daemon.log"
	menu_start m "$term" C.UTF-8
	if ! on_screen m 5 "${ORDER[0]}"; then
		not_ok "$term: the menu is drawn" "$(scr m)"
		continue
	fi
	expect_selected m "${ORDER[0]}" "$term: the default is selected"
	keys_case "$term" Down -- 1 "Down moves down"
	keys_case "$term" j -- 2 "j moves down"
	keys_case "$term" k -- 1 "k moves up"
	keys_case "$term" Up -- 0 "Up moves up"
	keys_case "$term" NPage -- $PAGE "PgDn moves a page down"
	keys_case "$term" PPage -- 0 "PgUp moves a page up"
	keys_case "$term" End -- $((N - 1)) "End selects the last option"
	keys_case "$term" Home -- 0 "Home selects the first option"
	press m Down Enter
	check "$term: Enter boots the selected option" \
		wait_log "would boot ${ORDER[1]} " 3
	expect_screen m "$term: the status line shows the boot" \
		"dry run: would boot ${ORDER[1]}"

	# e: an edited copy boots once (the loader counts its command line)
	press m e
	expect_screen m "$term: e opens the editor" "Kernel" "Initrds" \
		"Command line" "Device tree"
	press m Down Down End
	type_text m " edited=1"
	press m Enter
	len=$(printf 'root=/dev/sda02 edited=1' | wc -c)
	check "$term: Enter boots the edited copy" \
		wait_log "would boot ${ORDER[1]} .*$len bytes of command line" 3
	press m e Escape
	expect_screen m "$term: Esc leaves the editor" "Enter=boot e=edit"

	# n: an option made by hand
	press m n
	expect_screen m "$term: n opens a new option" "New option" "Title"
	press m C-u
	type_text m "disk:/vmlinuz-linux05"
	press m Down Down C-u
	type_text m "hand=1"
	press m Down Down C-u
	type_text m "Made By Hand"
	press m Enter
	check "$term: the option made by hand boots" \
		wait_log "would boot Made By Hand .*6 bytes of command line" 3

	press m c
	expect_screen m "$term: c opens the settings" "Settings, saved to" \
		"timeout" "fall_through" "headless" "more below"
	# more settings than rows on 24 lines: the list follows the cursor
	press m $(printf 'Down %.0s' $(seq 19))
	expect_screen m "$term: the settings scroll to the last ones" \
		"iso_loopback" "net_wait" "more above" \
		"seconds the BMC's bootdev pxe waits"
	press m q
	press m l
	expect_screen m "$term: l shows the log" "baton log" "daemon started"
	press m q
	press m i
	expect_screen m "$term: i shows system information" "System information" \
		"Kernel:" "Devices:" "Network:"
	press m q
	press m h
	expect_screen m "$term: h shows the keys" "baton help: keys" "Ctrl-L"
	press m q
	press m '?'
	expect_screen m "$term: ? shows the keys" "baton help: keys"
	press m q
	press m C-l
	expect_screen m "$term: Ctrl-L redraws the menu" "baton boot menu" \
		"${ORDER[0]}"
	press m x
	expect_screen m "$term: x leaves for the shell (status 0)" "menu exited: 0"
	menu_stop m
done
finish
