#!/bin/bash
# test-clients-state-size.sh: a source with more entries than one state
# message can carry (4,096 kept by the BLS parser, with long titles and
# command lines: over the protocol's 4 MiB) still leaves every client a state: `baton list`
# answers with as many options as fit, and the daemon says how many it
# left out. (Found by tests/qemu/test-hostile-tree.sh: the state was not
# sent at all, and `baton list` waited for ever.)
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-discover.sh"

mkdir -p "$T/disks/many/loader/entries"
python3 - "$T/disks/many/loader/entries" <<'PY'
import sys
for i in range(5000):
    with open("%s/many-%06d.conf" % (sys.argv[1], i), "w") as f:
        f.write("title Many %d %s\nlinux /vmlinuz\noptions %s\n" %
                (i, "long title " * 30, "console=ttyS0 " * 60))
PY
start_daemon --timeout -1 --source-dir "$T/disks"
out=$(timeout 10 "$BATON" list --json --socket "$SOCK")
check "baton list answers" test -n "$out"
n=$(printf '%s' "$out" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["options"]))' 2>/dev/null)
echo "# $n options in the state, $(printf '%s' "$out" | wc -c) bytes"
check "with as many options as fit (over 1,000, under 4,096)" \
	test "${n:-0}" -gt 1000 -a "${n:-0}" -lt 4096
check "the daemon says how many it left out" \
	grep -q "options left out of the state sent to a client" "$T/daemon.log"
check "status --json still answers" sh -c "$BATON status --json --socket $SOCK >/dev/null"
stop_daemon_checked
finish
