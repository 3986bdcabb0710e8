#!/bin/bash
# test-net-scan.sh: `baton scan --json --dhcp KEY=VALUE,... --url-root
# URL=DIR`, the network configs a lease leads to with no network: each
# case of tests/data/netboot/cases against its expected JSON and the
# lines its stderr must hold (pxelinux lookup order, options 209/210/67,
# iPXE, a kernel as the boot file, HTTP, DHCPv6 59, hostile input).
. "$(dirname "$0")/lib.sh"

D=tests/data/netboot
while read -r name want args; do
	case $name in '#'*|'') continue ;; esac
	# shellcheck disable=SC2086 # ARGS are words
	"$BATON" scan --json ${args//@D@/$D} >"$T/$name.json" 2>"$T/$name.err"
	rc=$?
	problems=()
	[ "$rc" = "$want" ] || problems+=("exit status $rc, want $want")
	if [ -f "$D/expected/$name.json" ] &&
		! python3 -c 'import json, sys
sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' \
			"$T/$name.json" "$D/expected/$name.json" 2>/dev/null; then
		problems+=("JSON differs:" "$(diff "$D/expected/$name.json" "$T/$name.json" | head -8)")
	fi
	if [ -f "$D/expected/$name.err" ]; then
		while IFS= read -r line; do
			grep -qxF -- "$line" "$T/$name.err" ||
				problems+=("stderr lacks: $line" "stderr: $(head -3 "$T/$name.err")")
		done <"$D/expected/$name.err"
	elif [ -s "$T/$name.err" ]; then
		problems+=("unexpected stderr: $(head -3 "$T/$name.err")")
	fi
	if [ ${#problems[@]} = 0 ]; then
		ok "scan --dhcp: $name"
	else
		not_ok "scan --dhcp: $name" "${problems[@]}"
	fi
done <"$D/cases"

# the human form shows URLs, escape codes in them made harmless
"$BATON" scan --dhcp interface=eth0,ip=192.168.211.53,siaddr=10.0.0.1,bootfile=vmlinuz \
	--url-root "tftp://10.0.0.1/=$D/tftp" >"$T/human" 2>&1
check "scan --dhcp: the human form names the kernel's URL" \
	grep -q "kernel:  tftp://10.0.0.1/vmlinuz$" "$T/human"
if "$BATON" scan --url-root "tftp://10.0.0.1/=$D/tftp" "$D" >/dev/null 2>&1; then
	not_ok "scan: --url-root without --dhcp refused"
else
	ok "scan: --url-root without --dhcp refused"
fi
finish
