#!/bin/bash
# test-bmc-override.sh: the BMC's boot override, with a BMC the test plays
# (bmc.py) behind `baton daemon --ipmi`: CD/DVD once then the default again,
# a persistent override kept, safe mode waits, PXE without network options,
# a change during the countdown, baton.bmc=off, a BMC that never answers,
# and no BMC at all.
set -u
. "$(dirname "$0")/lib.sh"

bls_entry "$T/disk" disk "Disk Linux" "d=1"
bls_entry "$T/cd" cd "CD Linux" "c=1"
SOURCES=(--source "$T/disk:name=sda1,kind=disk,fstype=ext4"
	 --source "$T/cd:name=sr0,kind=cdrom,fstype=iso9660")
FLAGS=$T/bmc.flags
BMCLOG=$T/bmc.log
python3 "$(dirname "$0")/bmc.py" "$T/ipmi" "$FLAGS" "$BMCLOG" &
BMC_PID=$!
trap 'kill $BMC_PID 2>/dev/null; cleanup' EXIT INT TERM

# bootdev BYTES: what `ipmitool chassis bootdev` leaves in parameter 5
bootdev() { echo "$1" >"$FLAGS"; }
flags() { cat "$FLAGS"; }
stop() { kill "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null; DAEMON_PID=; }
fresh() { : >"$T/daemon.log"; : >"$BMCLOG"; }
bmc() { start_daemon --ipmi "$T/ipmi" --default 'Disk*' "$@" "${SOURCES[@]}"; }
status_json() {
	cli status --json |
		python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"
}

bootdev "00 00 00 00 00"
i=0
while [ ! -S "$T/ipmi" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done

fresh
bmc --timeout 0
check "no override: the default boots" wait_log "would boot Disk Linux" 5
check "the OS boot is reported to the BMC (a platform event)" \
	eventually 2 grep -q "^04 02 41 04 0f ff 6f c2 13 ff" "$BMCLOG"
check "and nothing is cleared" [ "$(flags)" = "00 00 00 00 00" ]
stop

fresh
bootdev "80 14 00 00 00"	# chassis bootdev cdrom
bmc --timeout 2
check "bootdev cdrom: the status line says the BMC chose" \
	wait_log "autoboot: CD Linux in 2 s (the BMC asks for CD/DVD (one-shot))" 5
check "status --json says what the BMC asks for" \
	[ "$(status_json 'j["bmc"]["device"], j["bmc"]["action"],
			  j["bmc"]["persistent"]')" = "CD/DVD optical False" ]
check "the CD's entry boots" wait_log "would boot CD Linux" 6
check "the one-shot override reads back as no override" \
	eventually 2 [ "$(flags)" = "00 00 00 00 00" ]
check "the boot info is acknowledged (parameter 4)" \
	grep -q "^00 08 04 02 00" "$BMCLOG"
check "status --json: cleared" [ "$(status_json 'j["bmc"]["cleared"]')" = True ]
stop
fresh
bmc --timeout 0
check "the next boot is the default again" wait_log "would boot Disk Linux" 5
stop

fresh
bootdev "c0 14 00 00 00"	# chassis bootdev cdrom options=persistent
bmc --timeout 0
check "a persistent override boots the CD" wait_log "would boot CD Linux" 5
sleep 0.5
check "and stays for the next boot" [ "$(flags)" = "c0 14 00 00 00" ]
stop

fresh
bootdev "80 0c 00 00 00"	# chassis bootdev safe
bmc --timeout 0
check "bootdev safe: the menu waits with the reason" \
	wait_log "the BMC asks for hard disk, safe mode (one-shot): no autoboot" 5
sleep 1.5
if grep -q "would boot" "$T/daemon.log"; then
	not_ok "nothing boots by itself" "$(cat "$T/daemon.log")"
else
	ok "nothing boots by itself"
fi
SAFE="the BMC asks for hard disk, safe mode (one-shot): no autoboot,"
check "the waiting menu's status line has the reason" \
	[ "$(status_json 'j["status"][-1]')" = "$SAFE choose an entry" ]
check "the safe-mode override is cleared once honoured" \
	eventually 2 [ "$(flags)" = "00 00 00 00 00" ]
stop

fresh
bootdev "80 04 00 00 00"	# chassis bootdev pxe
bmc --timeout 0
check "bootdev pxe without network options: the policy, and it says so" \
	wait_log "the BMC asks for PXE (one-shot), but no such option can boot" 5
check "the default boots" wait_log "would boot Disk Linux" 5
stop

fresh
bootdev "00 00 00 00 00"
bmc --timeout 2
wait_log "autoboot: Disk Linux in 2 s" 5
bootdev "80 14 00 00 00"
check "an override set during the countdown is read before it fires" \
	wait_log "the choice changed: CD Linux" 6
check "and honoured" wait_log "would boot CD Linux" 3
stop

fresh
bootdev "80 14 00 00 00"
printf 'quiet baton.bmc=off\n' >"$T/cmdline.off"
"$BATON" daemon --dry-run --socket "$SOCK" --cmdline "$T/cmdline.off" \
	--log "$T/daemon.log" --ipmi "$T/ipmi" --timeout 0 --default 'Disk*' \
	"${SOURCES[@]}" 2>/dev/null &
DAEMON_PID=$!
check "baton.bmc=off: the configured policy" wait_log "would boot Disk Linux" 5
check "and the BMC is not asked" [ ! -s "$BMCLOG" ]
check "nor its override touched" [ "$(flags)" = "80 14 00 00 00" ]
stop

fresh
bootdev silent
bmc --timeout 0
check "a BMC that never answers: the loop still serves clients, waiting" \
	[ "$(status_json 'j.get("default"), j["countdown"]')" = "None -1" ]
check "and the default boots once the wait is over (2 s)" \
	wait_log "would boot Disk Linux" 6
check "having said why" \
	grep -q "bmc: cannot read the boot flags: Connection timed out" \
	"$T/daemon.log"
stop

fresh
start_daemon --ipmi "$T/no-such-ipmi" --timeout 0 --default 'Disk*' \
	"${SOURCES[@]}"
check "no BMC: the default boots" wait_log "would boot Disk Linux" 5
check "no BMC: nothing in the status" \
	[ "$(status_json 'j.get("bmc")')" = None ]
finish
