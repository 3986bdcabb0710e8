#!/bin/bash
# test-daemon-cli.sh: `baton daemon --dry-run --source DIR` served to the
# CLI verbs (list, status, default, boot, cancel), plain and --json.
set -u
. "$(dirname "$0")/lib.sh"

bls_entry "$T/disk" alpha "Alpha Linux" "root=/dev/sda1 quiet"
bls_entry "$T/disk" beta "Beta Linux" "root=/dev/sda2 \"spaced arg\""
start_daemon --timeout -1 --source "$T/disk:name=vdb,uuid=1234-ABCD"

out=$(cli list --json)
n=$(printf '%s' "$out" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["options"]))')
check "list --json shows both options" test "$n" = 2
ids=$(printf '%s' "$out" | python3 -c 'import json,sys; [print(o["id"]) for o in json.load(sys.stdin)["options"]]')
first=$(echo "$ids" | head -n 1)
second=$(echo "$ids" | tail -n 1)
check "ids name the source" test "${first%%:*}" = vdb
src=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["sources"][0]["uuid"])')
check "list --json carries the source identity" test "$src" = 1234-ABCD

# BLS sorts by file name, newest (highest) first: beta, then alpha
check "the BLS order: beta first" test "$first" = vdb:beta
human=$(cli list)
case $human in *"Beta Linux"*"Alpha Linux"*) ok "list shows titles in menu order";;
*) not_ok "list shows titles in menu order" "$human";; esac

check "default accepts an id" cli default "$second"
st=$(cli status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["default"])')
check "status shows the new default" test "$st" = "$second"

msg=$(cli boot vdb:nonexistent 2>&1)
rc=$?
check "boot of an unknown id fails" test $rc -ne 0
case $msg in *"no such option"*) ok "and says why";; *) not_ok "and says why" "$msg";; esac

check "boot (dry run) succeeds" cli boot "$second"
check "the daemon logs what it would boot" wait_log "would boot Alpha Linux" 3

check "cancel answers" cli cancel
finish
