# tests/qemu/lib-bmc.sh - the simulated BMC of the IPMI boot override QEMU tests (sourced, bash; after lib.sh).
#
# ../shared/tools/bmc-sim (OpenIPMI's ipmi_sim and its proxy, see its
# README) driven the way an admin does, with ipmitool -I lanplus:
#
#   bmc_skip_unless_ready NAME  ends the test (SKIP) without bmc-sim, dies
#                               without ipmi_sim or ipmitool
#   bmc_start DIR [CMD...]      bmc-sim started in DIR, run through CMD
#                               (e.g. `ip netns exec NS`, where QEMU runs in
#                               a namespace; the admin's ipmitool then runs
#                               there too); sets BMC_FLAGS (QEMU's) and
#                               LAN_PORT
#   bmc_stop                    what bmc_start started, stopped (EXIT traps)
#   admin ARGS...               ipmitool ARGS against the BMC's LAN side
#   bmc_no_override             the BMC's boot flags read "No override"
#   bmc_flags                   parameter 5 as ipmitool shows it, one line

BMC_SIM=${BMC_SIM:-$BQ_REPO/../shared/tools/bmc-sim/bmc-sim}
BMC_DIR=
BMC_IN=()

bmc_skip_unless_ready() {
	if [ ! -x "$BMC_SIM" ]; then
		echo "1..0 # SKIP no bmc-sim at $BMC_SIM"
		trap - EXIT
		exit 0
	fi
	command -v ipmi_sim >/dev/null && command -v ipmitool >/dev/null ||
		bq_die "ipmi_sim and ipmitool are missing: scripts/install-deps.sh test"
}

bmc_start() {
	BMC_DIR=$1
	shift
	BMC_IN=("$@")
	BMC_FLAGS=$("${BMC_IN[@]}" "$BMC_SIM" start "$BMC_DIR") ||
		bq_die "bmc-sim did not start: $(tail -3 "$BMC_DIR/ipmi_sim.log" 2>/dev/null)"
	# shellcheck disable=SC1091
	. "$BMC_DIR/env"
}

bmc_stop() {
	[ -n "$BMC_DIR" ] && "$BMC_SIM" stop "$BMC_DIR"
	BMC_DIR=
}

admin() {
	"${BMC_IN[@]}" ipmitool -I lanplus -H 127.0.0.1 -p "$LAN_PORT" \
		-U admin -P admin "$@" 2>/dev/null
}

bmc_flags() { admin chassis bootparam get 5 | tr -s '\n ' ' '; }

bmc_no_override() { admin chassis bootparam get 5 | grep -q 'No override'; }
