#!/bin/bash
# test-discover-escape.sh: a config whose kernel path goes through a symlink
# to "/" or "../../" of another partition is refused at scan time (the
# option's error and the log name the entry), never autobooted, and a boot
# of it fails saying why; a symlink that stays inside is fine.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-discover.sh"

P=$T/part
mkdir -p "$P/loader/entries" "$P/boot" "$T/other/boot"
fake_bzimage "$P/boot/vmlinuz"
fake_bzimage "$T/other/boot/vmlinuz"
ln -s vmlinuz "$P/boot/inside"		# stays in the partition
ln -s / "$P/root"			# absolute: the host's (or any) root
ln -s ../.. "$P/boot/up"		# relative: climbs out of it
entry() {
	printf 'title %s\nlinux %s\noptions %s\n' "$2" "$3" "$1" \
		>"$P/loader/entries/$1.conf"
}
entry good "Good Linux" /boot/vmlinuz
entry inside "Inside Linux" /boot/inside
entry abs "Absolute Escape" /root/boot/vmlinuz
entry rel "Relative Escape" /boot/up/other/boot/vmlinuz

start_daemon --timeout -1 --default "*Escape" --source "$P" --source "$T/other"

err() {
	cli list --json | python3 -c '
import json, sys
o = [o for o in json.load(sys.stdin)["options"] if o["id"] == sys.argv[1]][0]
print(o.get("error") or "")' "$1"
}
for id in abs rel; do
	e=$(err "part:$id")
	case $e in
	*"entry \""*"Escape\""*"leaves its partition"*"refused"*) ok "$id: the option's error names the entry";;
	*) not_ok "$id: the option's error names the entry" "error: $e";;
	esac
done
check "a symlink inside the partition is fine" test -z "$(err part:inside)"
check "a plain path is fine" test -z "$(err part:good)"
check "the log names the absolute escape" \
	grep -q 'entry "Absolute Escape" (part:/loader/entries/abs.conf): its kernel /root/boot/vmlinuz leaves its partition' "$T/daemon.log"
check "the log names the relative escape" \
	grep -q 'entry "Relative Escape" (part:/loader/entries/rel.conf): its kernel' "$T/daemon.log"
n=$(grep -c 'Absolute Escape.*leaves its partition' "$T/daemon.log")
check "and says it once" test "$n" = 1
check "autoboot chooses a default" wait_log "default: " 3
def=$(cli status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["default"])')
case $def in
part:abs|part:rel) not_ok "not an escaping one, even when baton.default names it" "default: $def";;
*) ok "not an escaping one, even when baton.default names it";;
esac

msg=$(cli boot part:rel 2>&1)
rc=$?
check "booting it fails" test $rc -ne 0
case $msg in *"Relative Escape"*"leaves its partition; refused"*) ok "and says why, naming it";;
*) not_ok "and says why, naming it" "$msg";; esac
check "the log says the boot was refused" \
	grep -q "boot failed: Absolute Escape\|boot failed: Relative Escape" "$T/daemon.log"
n=$(grep -c "boot failed: Relative Escape" "$T/daemon.log")
check "and says it once" test "$n" = 1
check "a good entry still boots" cli boot part:inside
stop_daemon_checked
finish
