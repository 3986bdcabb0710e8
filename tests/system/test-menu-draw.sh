#!/bin/bash
# test-menu-draw.sh: `baton menu` at 80x24 on each TERM: options grouped by
# source, the default marked '*' and selected, the countdown, missing files
# marked in words, escape codes from disks made harmless, UTF-8 titles
# shown or transliterated, line drawing only where the terminal has it, no
# colour, resize and Ctrl-L.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-menu.sh"

bls_entry "$T/disk" alpha "Alpha Linux" "a=1"
bls_entry "$T/disk" beta "Bêta Lïnux “Ñandú” – Łódź" "b=2"
bls_entry "$T/usb" gamma "Gamma Linux" "g=3"
mkdir -p "$T/usb/loader/entries"
printf 'title Gone Linux\nlinux /vmlinuz-gone\n' >"$T/usb/loader/entries/gone.conf"
printf 'title Evil \033[2J\033]0;pwned\007Title\nlinux /vmlinuz-gamma\n' \
	>"$T/usb/loader/entries/evil.conf"
SOURCES=(--source "$T/disk:label=ROOT" --source "$T/usb:kind=usb,fstype=vfat")

# uses_colour: stdin (a capture with attributes) sets a foreground or
# background colour (SGR 30-38, 40-48, 90-97, 100-107; 39/49 are "default").
uses_colour() {
	grep -oE $'\e\\[[0-9;]*m' | tr -d '\033[m' | tr ';' '\n' |
		grep -qxE '3[0-8]|4[0-8]|9[0-7]|10[0-7]'
}

utf8_term() { case $1 in linux|xterm|xterm-256color) return 0;; esac; return 1; }

for term in $TERMS; do
	restart_daemon --timeout 60 --default 'B*' "${SOURCES[@]}"
	menu_start m "$term" C.UTF-8
	if utf8_term "$term"; then
		beta="Bêta Lïnux “Ñandú” – Łódź"
	else
		beta='Beta Linux "Nandu" - Lodz'
	fi
	if ! on_screen m 5 "baton boot menu" "Alpha Linux" "Gamma Linux"; then
		not_ok "$term: the menu is drawn" "$(scr m)"
		continue
	fi
	ok "$term: the menu is drawn"
	expect_screen m "$term: the title shows as the terminal can ($beta)" "$beta"
	expect_screen m "$term: options are grouped under their source" \
		"disk (dir, LABEL=ROOT)" "usb (vfat, usb)"
	expect_selected m "$beta" "$term: the default is selected"
	case $(scr m) in *" > * $beta"*) ok "$term: the default is marked '*'";;
	*) not_ok "$term: the default is marked '*'" "$(scr m)";; esac
	expect_screen m "$term: the countdown shows" "Booting $beta in"
	expect_screen m "$term: a missing kernel is said in words" "Gone Linux" "(missing)"
	expect_screen m "$term: escape codes are neutralised" "Evil ?[2J?]0;pwned?Title"
	rule=$(scr m | sed -n 2p)
	case $term in
	baton-unknown-term) want='--------' ;;
	*) want='qqqqqqqq' ;;
	esac
	case $rule in *"$want"*|*"────────"*) ok "$term: rules drawn with ${want:0:1} (line drawing: $([ "$want" = qqqqqqqq ] && echo yes || echo no))";;
	*) not_ok "$term: rules drawn as the terminal can" "row 2: [$rule]";; esac
	if scr_e m | uses_colour; then
		not_ok "$term: no colour is used" "$(scr_e m | cat -v | head -5)"
	else
		ok "$term: no colour is used"
	fi
	mt resize-window -t m -x 100 -y 30 2>/dev/null
	sleep 0.5
	last=$(scr m | sed -n 30p)
	case $last in *"Enter=boot"*) ok "$term: a resize redraws at the new size";;
	*) not_ok "$term: a resize redraws at the new size" "$(scr m)";; esac
	mt resize-window -t m -x 80 -y 24 2>/dev/null
	sleep 0.3
	press m C-l
	expect_screen m "$term: Ctrl-L redraws" "baton boot menu" "Alpha Linux" "Enter=boot"
	menu_stop m
done

# The locale decides on a UTF-8 terminal: C means ASCII.
restart_daemon --timeout -1 "${SOURCES[@]}"
menu_start m xterm C
expect_screen m "LANG=C on xterm: titles are transliterated" 'Beta Linux "Nandu" - Lodz'
menu_stop m
menu_start m vt100 C.UTF-8 --utf8
expect_screen m "--utf8 forces UTF-8 output" "Bêta Lïnux"
menu_stop m
finish
