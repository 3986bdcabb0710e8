#!/bin/bash
# test-text-escape.sh: what `baton scan` and `baton list` print as text
# holds none of a hostile config's control bytes (titles, ids, config
# names, file paths, ISO paths, command lines: escape sequences, OSC, BEL
# become '?'), and names every file in words: SOURCE:PATH, a reference not
# bound yet as uuid=VALUE:PATH or device=DEV:PATH, a file inside an ISO as
# the image then (loop)PATH.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-discover.sh"

ESC=$'\033'
d=$T/disk
mkdir -p "$d/boot/grub"
printf '%s\n' \
	"menuentry \"Red ${ESC}[31mtitle\" --id \"i${ESC}[2Jd\" {" \
	"	linux /vm${ESC}[2Jlinuz quiet ${ESC}]0:pwned"$'\a' \
	"	initrd /in${ESC}[1mitrd" \
	"	devicetree /d${ESC}[5mtb" \
	"}" \
	'menuentry "On a partition not seen" {' \
	'	search --no-floppy --set=root --fs-uuid 1234-NOPE' \
	'	linux /vmlinuz' \
	'}' \
	'menuentry "By device" {' \
	'	linux (hd1,gpt2)/vmlinuz' \
	'}' \
	'menuentry "In an ISO" {' \
	"	loopback loop /i${ESC}[7mso/x.iso" \
	'	linux (loop)/casper/vmlinuz' \
	'}' >"$d/boot/grub/grub.cfg"

# ctl FILE: the lines of FILE holding a control byte other than newline
ctl() { LC_ALL=C grep -n '[[:cntrl:]]' "$1"; }

"$BATON" scan "$d:name=vdb" >"$T/scan" 2>"$T/scan.err"
check "scan: no control byte on stdout" test -z "$(ctl "$T/scan")"
check "scan: none in the diagnostics either" test -z "$(ctl "$T/scan.err")"
check "scan: the title, its escape made '?'" grep -qF '* Red ?[31mtitle' "$T/scan"
check "scan: the kernel path, made safe" \
	grep -qF 'kernel:  vdb:/vm?[2Jlinuz (missing)' "$T/scan"
check "scan: the initrd and the device tree too" \
	eval "grep -qF 'initrd:  vdb:/in?[1mitrd' '$T/scan' &&
		grep -qF 'dtb:     vdb:/d?[5mtb' '$T/scan'"
check "scan: the command line's OSC and BEL made '?'" \
	grep -qF 'cmdline: quiet ?]0:pwned?' "$T/scan"
check "scan: a file on a UUID not seen yet, named by it" \
	grep -qF 'kernel:  uuid=1234-NOPE:/vmlinuz (missing)' "$T/scan"
check "scan: a file on a GRUB device, named by it" \
	grep -qF 'kernel:  device=hd1,gpt2:/vmlinuz (missing)' "$T/scan"
check "scan: a file inside an ISO, the image then (loop)" \
	grep -qF 'kernel:  vdb:/i?[7mso/x.iso (loop)/casper/vmlinuz (missing)' "$T/scan"

start_daemon --timeout -1 --source "$d:name=vdb"
cli list >"$T/list" 2>&1
check "list: no control byte" test -z "$(ctl "$T/list")"
check "list: the kernel path, made safe" \
	grep -qF 'kernel  (missing) vdb:/vm?[2Jlinuz' "$T/list"
check "list: a file inside an ISO, the image then (loop)" \
	grep -qF 'vdb:/i?[7mso/x.iso (loop)/casper/vmlinuz' "$T/list"
check "list: a file on a UUID not seen yet, named by it" \
	grep -qF 'uuid=1234-NOPE:/vmlinuz' "$T/list"
stop_daemon_checked
finish
