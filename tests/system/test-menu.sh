#!/bin/bash
# test-menu.sh: `baton menu` under tmux: draws the options, any key stops
# the countdown, Down + Enter boots the second option, titles with escape
# sequences are shown harmless, on several TERMs.
set -u
. "$(dirname "$0")/lib.sh"

bls_entry "$T/disk" alpha "Alpha Linux" "a=1"
bls_entry "$T/disk" beta "Beta Linux" "b=2"
mkdir -p "$T/evil/loader/entries"
printf 'title Evil \033[2J\033]0;pwned\007Title\nlinux /vmlinuz\n' \
	>"$T/evil/loader/entries/evil.conf"
fake_bzimage "$T/evil/vmlinuz"
start_daemon --timeout 30 --default 'Beta*' --source "$T/disk" --source "$T/evil"

for term in vt100 linux xterm-256color; do
	start_menu "$term"
	if wait_screen 5 "Alpha Linux" "Beta Linux" "baton boot menu"; then
		ok "$term: the menu shows the options"
	else
		not_ok "$term: the menu shows the options" "$(screen)"
	fi
	case $(screen) in *"Evil ?[2J?]0;pwned?Title"*) ok "$term: escape codes are neutralised";;
	*) not_ok "$term: escape codes are neutralised" "$(screen)";; esac
done

start_menu vt100
wait_screen 5 "Booting" >/dev/null
case $(screen) in *"Booting Beta Linux in"*) ok "the countdown is shown";;
*) not_ok "the countdown is shown" "$(screen)";; esac
keys Down
check "a key stops the countdown" wait_log "autoboot stopped" 3
keys Enter
check "Down + Enter boots the second option" wait_log "would boot Alpha Linux" 3
check "the menu shows the result" wait_screen 3 "dry run: would boot Alpha Linux"
finish
