#!/bin/bash
# test-clients-json.sh: every CLI verb with --json prints JSON a machine can
# use: list (options, sources), status (no options), default, boot and
# cancel (the reply), watch (one event a line); failures are JSON too and
# exit non-zero. A boot replies only once its (dry-run) load is done.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-discover.sh"

bls_entry "$T/disk" alpha "Alpha Linux" "a=1"
bls_entry "$T/disk" beta "Beta Linux" "b=2"
start_daemon --timeout -1 --source "$T/disk:name=vdb,uuid=1234-ABCD,label=ROOT"

# py EXPR: evaluate EXPR with j = the JSON on stdin
py() { python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"; }

check "list --json: options and sources" \
	test "$(cli list --json | py '[len(j["options"]), j["sources"][0]["label"]]')" = "[2, 'ROOT']"
check "status --json: no options, the countdown" \
	test "$(cli status --json | py '["options" in j, j["countdown"]]')" = "[False, -1]"
check "status --json: nothing booting is null, not left out (protocol.md)" \
	test "$(cli status --json | py 'j.get("booting", "absent")')" = None
check "default --json: the reply" \
	test "$(cli default --json vdb:alpha | py 'j["ok"]')" = True
check "status --json: the new default" \
	test "$(cli status --json | py 'j["default"]')" = vdb:alpha

out=$(cli default --json vdb:nope 2>"$T/err")
rc=$?
check "default --json of an unknown id: non-zero exit" test $rc -ne 0
check "and a JSON reply saying why (stdout: only the JSON)" \
	test "$(printf '%s' "$out" | py '[j["ok"], j["error"]]')" = "[False, 'no such option']"
check "a person reads it on stderr" grep -q "baton: no such option" "$T/err"

cli watch --json >"$T/watch" 2>&1 &
WATCH=$!
sleep 0.3
check "boot --json: ok once the dry-run load is done" \
	test "$(cli boot --json vdb:beta | py 'j["ok"]')" = True
check "and the daemon logged it before replying" grep -q "would boot Beta Linux" "$T/daemon.log"
check "cancel --json: the reply" test "$(cli cancel --json | py 'j["ok"]')" = True
sleep 0.3
kill "$WATCH"
check "watch --json: every line is JSON with a type" \
	python3 -c '
import json, sys
types = [json.loads(l)["type"] for l in open(sys.argv[1])]
sys.exit(not (types[0] == "state" and "progress" in types and "status" in types))' "$T/watch"
check "watch --json: loading, then done" \
	test "$(grep -o '"stage":"[a-z]*"' "$T/watch" | tr '\n' ' ')" = '"stage":"loading" "stage":"done" '
stop_daemon_checked

# with no option at all, no default: null as well
mkdir -p "$T/empty"
: >"$T/daemon.log"
start_daemon --timeout -1 --source "$T/empty:name=vdc"
check "status --json with no option: the default is null, not left out" \
	test "$(cli status --json | py 'j.get("default", "absent")')" = None
stop_daemon_checked
finish
