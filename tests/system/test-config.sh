#!/bin/bash
# test-config.sh: settings through the board's stores: `baton config`
# lists, reads, sets, unsets; a saved value survives a daemon restart; the
# kernel command line wins and says so; bad values and keys are refused;
# the EFI variable store (efivarfs's file format, in a folder); the menu's
# settings screen writes through the same store.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-menu.sh"

bls_entry "$T/disk" alpha "Alpha Linux" "a=1"
CONF=$T/baton.conf
printf 'timeout = -1\n' >"$CONF"
restart_daemon --config "file:$CONF" --source "$T/disk"

out=$(cli config)
case $out in *"timeout"*"-1"*"saved"*) ok "baton config lists the settings and where they come from";;
*) not_ok "baton config lists the settings and where they come from" "$out";; esac
case $out in *"fall_through"*"on"*"builtin"*) ok "unset keys show their builtin value";;
*) not_ok "unset keys show their builtin value" "$out";; esac
check "baton config KEY prints one value" test "$(cli config timeout)" = -1
check "baton config KEY VALUE saves" cli config default 'Alpha*'
check "the file holds it" grep -qx 'default = Alpha\*' "$CONF"
check "the file keeps the other keys" grep -qx 'timeout = -1' "$CONF"
check "the daemon logs the save" wait_log "settings: saved to file $CONF" 2

restart_daemon --config "file:$CONF" --source "$T/disk"
check "a saved setting survives a restart" test "$(cli config default)" = 'Alpha*'
check "and is used" wait_log "default: Alpha Linux (default matches its title)" 3

if cli config timeout soon 2>"$T/err"; then not_ok "a bad value is refused"
else ok "a bad value is refused"; fi
check "with the reason" grep -q "timeout: want -1" "$T/err"
if cli config colour blue 2>"$T/err"; then not_ok "an unknown key is refused"
else ok "an unknown key is refused"; fi
check "baton config --unset KEY forgets it" cli config --unset default
check "it is gone from the file" bash -c "! grep -q '^default' '$CONF'"
check "--json prints the settings message" bash -c \
	"'$BATON' config --socket '$SOCK' --json | grep -q '\"store\"'"

printf 'baton.timeout=5\n' >"$T/cmdline.keys"
restart_daemon --config "file:$CONF" --cmdline "$T/cmdline.keys" --source "$T/disk"
out=$(cli config)
case $out in *"timeout"*"5"*"kernel command line"*) ok "the kernel command line wins, and says so";;
*) not_ok "the kernel command line wins, and says so" "$out";; esac

# EFI variables (efivarfs's format, in a folder standing for it)
mkdir -p "$T/efivars"
VAR=$T/efivars/BatonConfig-fdb8ecaa-452d-4b0b-870e-08144f336c98
restart_daemon --config "efi:$T/efivars" --source "$T/disk"
check "EFI: a setting is saved" cli config timeout 12
check "EFI: the variable exists" test -f "$VAR"
check "EFI: it starts with its attributes (NV, BS, RT)" \
	test "$(head -c 4 "$VAR" | od -An -tx1 | tr -d ' ')" = 07000000
check "EFI: then the settings text" grep -q 'timeout = 12' "$VAR"
restart_daemon --config "efi:$T/efivars" --source "$T/disk"
check "EFI: the setting survives a restart" test "$(cli config timeout)" = 12

# the settings screen writes through the same store
restart_daemon --config "file:$CONF" --source "$T/disk"
menu_start m vt220 C
on_screen m 5 "Alpha Linux" >/dev/null
press m c
expect_screen m "the settings screen names the store" "saved to: file $CONF"
press m Enter C-u
type_text m 8
press m Enter
check "the settings screen saves timeout" eventually 5 grep -qx 'timeout = 8' "$CONF"
press m Down Down Down Down Down
press m Enter
check "Enter flips an on/off setting (fall_through)" eventually 5 grep -qx 'fall_through = off' "$CONF"
expect_screen m "the screen shows the new value" "fall_through     off"
press m d
check "d forgets the saved value" eventually 5 bash -c "! grep -q '^fall_through' '$CONF'"
press m Down Down
press m Enter
type_text m newpass
press m Tab
type_text m newpass
press m Enter
check "a password set on the screen is saved as a crypt hash" \
	eventually 5 grep -qE '^password = \$(y|6|2b|7)\$' "$CONF"
expect_screen m "lockdown shows as on" "(set: lockdown on)"
menu_stop m
finish
