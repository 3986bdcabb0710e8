#!/bin/bash
# test-menu-lockdown.sh: with a password in the settings, editing, new
# options, the settings screen and the shell ask for it; a wrong one is
# refused, the right one unlocks this menu only; the CLI needs it too; a
# locked menu whose daemon dies gives no shell (status 3).
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-menu.sh"

bls_entry "$T/disk" alpha "Alpha Linux" "a=1"
HASH=$(openssl passwd -6 -salt lockdown s3cret)
printf 'timeout = -1\npassword = %s\n' "$HASH" >"$T/baton.conf"
restart_daemon --config "file:$T/baton.conf" --source "$T/disk"

menu_start m vt100 C
on_screen m 5 "Alpha Linux" >/dev/null
for key in e n c x; do
	press m "$key"
	expect_screen m "$key asks for the password" "Locked:" "Password"
	press m Escape
done
expect_screen m "Esc at the prompt goes back to the menu" "Enter=boot e=edit"
press m e
type_text m "wrong"
press m Enter
expect_screen m "a wrong password is refused" "wrong password"
check "the daemon logs the refusal" wait_log "lockdown: a wrong password" 2
expect_screen m "and the editor stays closed" "Enter=boot e=edit"
press m c
type_text m "s3cret"
press m Enter
expect_screen m "the right password opens the settings" "Settings, saved to" \
	"(set: lockdown on)"
press m q
press m e
expect_screen m "this menu stays unlocked" "Kernel" "Command line"
press m Escape

menu_start other xterm C.UTF-8
on_screen other 5 "Alpha Linux" >/dev/null
press other c
expect_screen other "another menu is still locked" "Locked:"
press other Escape

if cli config timeout 5 2>"$T/err"; then
	not_ok "the CLI cannot change settings without the password"
else
	ok "the CLI cannot change settings without the password"
fi
check "and says why" grep -q "locked" "$T/err"
check "BATON_PASSWORD unlocks the CLI" env BATON_PASSWORD=s3cret "$BATON" config \
	--socket "$SOCK" timeout 5
check "the change is saved" grep -q "^timeout = 5" "$T/baton.conf"
check "the hash stays in the file" grep -qF "password = $HASH" "$T/baton.conf"
if cli config --json | grep -q '\$6\$'; then
	not_ok "the hash never leaves the daemon"
else
	ok "the hash never leaves the daemon"
fi

kill "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null; DAEMON_PID=
expect_screen other "a locked menu whose daemon died gives no shell (status 3)" \
	"menu exited: 3"
finish
