#!/bin/bash
# test-clients-remote.sh: the remote surface a fleet admin scripts: next
# (kept in the store until a boot uses it, then forgotten), log (what was
# booted, and who chose), sysinfo, rescan (options gone go, new ones
# come, the answer once it is done); every verb's --json parsed; every
# exit status provoked (0 done, 1 refused, 2 usage, 3 no daemon); two
# clients see the same state, and a boot one starts is seen by the
# other's watch.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-menu.sh"
. "$(dirname "$0")/lib-discover.sh"

# py EXPR: evaluate EXPR with j = the JSON on stdin
py() { python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"; }
# rc_is WANT CMD...: CMD exits with status WANT
rc_is() {
	want=$1
	shift
	"$@" >"$T/out" 2>"$T/err"
	[ $? -eq "$want" ]
}

bls_entry "$T/disk" alpha "Alpha Linux" "a=1"
bls_entry "$T/disk" beta "Beta Linux" "b=2"
CONF=$T/baton.conf
printf 'timeout = -1\ndefault = vdb:alpha\n' >"$CONF"
start_daemon --config "file:$CONF" \
	--source "$T/disk:name=vdb,uuid=1234-ABCD,label=ROOT"

# ---- every verb: --help, and the same exit statuses -------------------
for v in list boot default next cancel status watch config log sysinfo rescan; do
	if "$BATON" "$v" --help 2>&1 | grep -q "exit status: 0 done; 1 the daemon refused"; then
		ok "$v --help: exit 0 and the exit statuses"
	else
		not_ok "$v --help: exit 0 and the exit statuses"
	fi
	check "$v with no daemon: exit 3" \
		rc_is 3 "$BATON" "$v" --socket "$T/nowhere" --json \
		$(case $v in boot|default) echo vdb:alpha;; esac)
	check "$v --frob: exit 2" rc_is 2 "$BATON" "$v" --socket "$SOCK" --frob
done
check "boot with no id: exit 2" rc_is 2 cli boot
check "default with two ids: exit 2" rc_is 2 cli default a b
check "next ID --clear: exit 2" rc_is 2 cli next vdb:alpha --clear
check "cancel --clear: exit 2" rc_is 2 cli cancel --clear
check "config of an unknown key: exit 2" rc_is 2 cli config colour blue
check "boot of an unknown id: exit 1" rc_is 1 cli boot --json vdb:nope
check "with the daemon's reply as JSON on stdout" \
	test "$(py '[j["ok"], j["error"]]' <"$T/out")" = "[False, 'no such option']"
check "default of an unknown id: exit 1" rc_is 1 cli default vdb:nope
check "config with a bad value: exit 1" rc_is 1 cli config timeout soon
check "and the reason on stderr" grep -q "timeout: want -1" "$T/err"

# ---- next: set, shown, refused, cleared --------------------------------
check "next --json with none set: null" \
	test "$(cli next --json | py 'j["next"]')" = None
check "next --json ID: exit 0, ok" \
	test "$(cli next --json vdb:beta | py '[j["ok"], j["next"]]')" = "[True, 'vdb:beta']"
check "the store holds it" grep -qx 'next = vdb:beta' "$CONF"
check "next --json shows it, saved" \
	test "$(cli next --json | py '[j["next"], j["origin"]]')" = "['vdb:beta', 'saved']"
check "next shows it to a person" test "$(cli next)" = vdb:beta
check "next by title glob" rc_is 0 cli next 'Alpha*'
check "next of an id nothing has: exit 1" rc_is 1 cli next --json vdb:nope
check "with a JSON refusal on stdout" test "$(py 'j["ok"]' <"$T/out")" = False
check "and the old next kept" grep -qx 'next = Alpha\*' "$CONF"
check "next --clear --json: ok" \
	test "$(cli next --clear --json | py 'j["ok"]')" = True
check "the store forgot it" bash -c "! grep -q '^next' '$CONF'"

# ---- next survives restarts until a boot uses it, then is forgotten ---
check "next ID again" rc_is 0 cli next vdb:beta
restart_daemon --config "file:$CONF" --source "$T/disk:name=vdb"
check "a restart with no countdown keeps it" \
	test "$(cli next --json | py 'j["next"]')" = vdb:beta
sed -i 's/^timeout = -1$/timeout = 0/' "$CONF"
restart_daemon --config "file:$CONF" --source "$T/disk:name=vdb"
check "the next boot is next's" wait_log "would boot Beta Linux" 5
check "the log says what booted and that next chose it" \
	grep -q 'booted (dry run): vdb:beta "Beta Linux": kernel vdb:/vmlinuz-beta, initrds vdb:/initrd-beta, cmdline "b=2"; chosen by next' "$T/daemon.log"
cli log --json >"$T/log.json"
check "log --json: lines and the boot's record" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
b = j["boots"][-1]
ok = (any("chosen by next" in l for l in j["lines"]) and b["id"] == "vdb:beta"
      and b["title"] == "Beta Linux" and b["chosen_by"] == "next"
      and b["kernel"]["path"] == "/vmlinuz-beta"
      and [i["path"] for i in b["initrds"]] == ["/initrd-beta"]
      and b["cmdline"] == "b=2" and b["dry_run"] is True)
sys.exit(not ok)' "$T/log.json"
check "next is forgotten in the store" bash -c "! grep -q '^next' '$CONF'"
restart_daemon --config "file:$CONF" --source "$T/disk:name=vdb"
check "the boot after that is the default again" wait_log "would boot Alpha Linux" 5
check "chosen by autoboot" test "$(cli log --json | py 'j["boots"][-1]["chosen_by"]')" = autoboot
sed -i 's/^timeout = 0$/timeout = -1/' "$CONF"
restart_daemon --config "file:$CONF" \
	--source "$T/disk:name=vdb,uuid=1234-ABCD,label=ROOT"

# ---- two admins: the same state; one boots, the other's watch sees it --
check "admin A sets the default" rc_is 0 cli default vdb:beta
check "admin B sees it" test "$(cli status --json | py 'j["default"]')" = vdb:beta
cli watch --json >"$T/watch" 2>&1 &
WATCH=$!
sleep 0.3
check "admin A boots" test "$(cli boot --json vdb:alpha | py 'j["ok"]')" = True
check "log --json: a person chose it" \
	test "$(cli log --json | py '[j["boots"][-1]["id"], j["boots"][-1]["chosen_by"]]')" = "['vdb:alpha', 'person']"
sleep 0.3
kill "$WATCH"
wait "$WATCH" 2>/dev/null
check "admin B's watch --json saw the boot load and end" python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
st = [(e["data"]["id"], e["data"]["stage"]) for e in ev if e["type"] == "progress"]
sys.exit(st != [("vdb:alpha", "loading"), ("vdb:alpha", "done")])' "$T/watch"

# ---- sysinfo ----------------------------------------------------------
check "sysinfo --json: the kernel and the folder standing for vdb" \
	test "$(cli sysinfo --json | py '[j["kernel"]["release"], [d["name"] for d in j["devices"] if "path" in d]]')" = "['$(uname -r)', ['vdb']]"
check "sysinfo for a person" bash -c "'$BATON' sysinfo --socket '$SOCK' | grep -q '^Kernel:  Linux $(uname -r)'"
check "log for a person: the lines" bash -c "'$BATON' log --socket '$SOCK' | grep -q 'daemon started'"

# ---- rescan: gone options go, new ones come, the same ones stay quiet,
# answered once done
cli watch --json >"$T/watch2" 2>&1 &
WATCH=$!
sleep 0.3
rm "$T/disk/loader/entries/beta.conf"
bls_entry "$T/disk" gamma "Gamma Linux" "c=3"
cli rescan --json >"$T/rescan"
rc=$?
check "rescan --json: exit 0" test $rc -eq 0
check "its answer counts what is there now" \
	test "$(py '[j["ok"], j["sources"], j["options"], j["still_probing"]]' <"$T/rescan")" = "[True, 1, 2, 0]"
check "list --json after it: alpha and gamma" \
	test "$(cli list --json | py 'sorted(o["id"] for o in j["options"])')" = "['vdb:alpha', 'vdb:gamma']"
check "the source keeps its identity" \
	test "$(cli list --json | py 'j["sources"][0]["uuid"]')" = 1234-ABCD
sleep 0.3
kill "$WATCH"
wait "$WATCH" 2>/dev/null
check "a watcher saw beta go and gamma come" python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
gone = [e["data"]["id"] for e in ev if e["type"] == "option-remove"]
came = [e["data"]["option"]["id"] for e in ev if e["type"] == "option-add"]
sys.exit(not ("vdb:beta" in gone and "vdb:gamma" in came))' "$T/watch2"
check "and alpha, found again unchanged, neither went nor came" python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
ids = [e["data"]["id"] for e in ev if e["type"] == "option-remove"]
ids += [e["data"]["option"]["id"] for e in ev if e["type"] == "option-add"]
sys.exit(not ("vdb:alpha" not in ids and len(ids) == 2))' "$T/watch2"
check "rescan for a person" bash -c "'$BATON' rescan --socket '$SOCK' | grep -q '^rescan done: 1 source(s), 2 option(s)'"
check "two rescans at once are both answered" bash -c "
	'$BATON' rescan --socket '$SOCK' >/dev/null & a=\$!
	'$BATON' rescan --socket '$SOCK' >/dev/null & b=\$!
	wait \$a && wait \$b"
stop_daemon_checked
finish
