#!/bin/bash
# test-iso-loopback.sh: a folder holding ISO images made by xorriso and a
# grub.cfg that boots them through GRUB's loopback: `baton scan --json`
# names the files inside their image; the daemon refuses a missing image,
# a truncated one, a file that is no image and an image path out of the
# partition, each with its reason, and stays up; where this machine can
# mount ISO 9660 through a loop device (root, the loop driver, isofs), a
# dry run boots the good entry from inside its image and leaves nothing
# mounted or attached; iso_loopback=on looks at the images in /iso for
# their loopback.cfg and names those it cannot mount.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-discover.sh"

P=$T/part
mkdir -p "$P/boot/grub" "$P/iso" "$T/tree/casper"
fake_bzimage "$T/tree/casper/vmlinuz"
echo initrd >"$T/tree/casper/initrd"
xorriso -as mkisofs -quiet -R -V TINY -o "$P/iso/tiny.iso" "$T/tree" 2>/dev/null
head -c 100000 "$P/iso/tiny.iso" >"$P/iso/cut.iso"
head -c 65536 /dev/zero >"$P/iso/zero.iso"
echo outside >"$T/outside.iso"
cat >"$P/boot/grub/grub.cfg" <<'CFG'
set isofile=/iso/tiny.iso
menuentry 'Tiny' {
	loopback loop $isofile
	linux (loop)/casper/vmlinuz boot=casper iso-scan/filename=$isofile
	initrd (loop)/casper/initrd
}
menuentry 'Gone' {
	loopback loop /iso/gone.iso
	linux (loop)/casper/vmlinuz
}
menuentry 'Cut' {
	loopback loop /iso/cut.iso
	linux (loop)/casper/vmlinuz
}
menuentry 'Zero' {
	loopback loop /iso/zero.iso
	linux (loop)/casper/vmlinuz
}
menuentry 'Out' {
	loopback loop /iso/../../outside.iso
	linux (loop)/casper/vmlinuz
}
CFG

files=$("$BATON" scan --json "$P" | python3 -c '
import json, sys
for o in json.load(sys.stdin):
    print(o["name"], json.dumps(o["kernel"], sort_keys=True),
          json.dumps(o["initrds"], sort_keys=True), o.get("error"))')
want='Tiny {"iso": {"path": "/iso/tiny.iso", "source": "part"}, "path": "/casper/vmlinuz"} [{"iso": {"path": "/iso/tiny.iso", "source": "part"}, "path": "/casper/initrd"}] None'
case $files in
"$want"*) ok "scan: the kernel and initrd are files inside the image" ;;
*) not_ok "scan: the kernel and initrd are files inside the image" "$files" ;;
esac
case $files in
*'Gone {"iso": {"missing": true, "path": "/iso/gone.iso", "source": "part"}, "missing": true, "path": "/casper/vmlinuz"}'*)
	ok "scan: a missing image is missing, and so is what it holds" ;;
*) not_ok "scan: a missing image is missing, and so is what it holds" "$files" ;;
esac

start_daemon --timeout -1 --source "$P"
# boot_fails ID WHAT TEXT: booting ID fails and says TEXT
boot_fails() {
	msg=$(cli boot "$1" 2>&1)
	rc=$?
	case $rc:$msg in
	0:*) not_ok "$2: the boot fails" "it succeeded: $msg" ;;
	*"$3"*) ok "$2: the boot fails saying why" ;;
	*) not_ok "$2: the boot fails saying why" "$msg" ;;
	esac
}
boot_fails part:Gone "a missing image" "part:/iso/gone.iso: No such file or directory"
boot_fails part:Cut "a truncated image" "part:/iso/cut.iso: truncated: its file system is"
boot_fails part:Zero "a file that is no image" "part:/iso/zero.iso: not an ISO 9660 or UDF image"
boot_fails part:Out "an image out of the partition" "the path leaves its partition; refused"
# the menu groups the options under their image, indented
start_menu vt100
if wait_screen 5 "ISO image /iso/tiny.iso" "ISO image /iso/gone.iso (missing)"; then
	ok "the menu shows the options under their ISO image"
else
	not_ok "the menu shows the options under their ISO image" "$(screen)"
fi
under=$(screen | grep -A1 "ISO image /iso/cut.iso" | tail -n 1 | sed 's/ *$//')
check "an option is the row under its image, indented" test "$under" = "       Cut"
# e: the editor writes a file inside an image SOURCE:/image:/path, and
# the edited copy still boots it from inside its image
keys e
if wait_screen 5 "part:/iso/tiny.iso:/casper/vmlinuz" "part:/iso/tiny.iso:/casper/initrd"; then
	ok "the editor names the files inside their image"
else
	not_ok "the editor names the files inside their image" "$(screen)"
fi
keys Enter
check "the edited copy opens the image" \
	wait_log "booting Tiny" 5
# it boots (a dry run where ISO 9660 mounts) or the mount fails: the image
check "and reads the image, not the partition" \
	wait_log 'kernel part:/iso/tiny.iso:/casper/vmlinuz\|boot failed: Tiny: part:/iso/tiny.iso: ' 5

up() { cli status >/dev/null; }
check "the daemon is still up" up

leftovers() {
	grep "/.iso-" /proc/self/mounts
	grep -lx "$P/iso/.*" /sys/block/loop*/loop/backing_file 2>/dev/null
}
if [ "$(id -u)" = 0 ] && [ -e /dev/loop-control ] &&
	grep -qw iso9660 /proc/filesystems; then
	msg=$(cli boot part:Tiny 2>&1)
	case $msg in
	*"would boot Tiny"*) ok "a dry run boots the kernel inside the image" ;;
	*) not_ok "a dry run boots the kernel inside the image" "$msg" ;;
	esac
	check "the log says the image was mounted" \
		grep -q "part:/iso/tiny.iso: mounted read-only (iso9660)" "$T/daemon.log"
else
	# the daemon says why it cannot, and cleans up as well
	msg=$(cli boot part:Tiny 2>&1)
	case $msg in
	*"part:/iso/tiny.iso: "*)
		ok "a dry run boots the kernel inside the image # SKIP no ISO 9660 mounts here: ${msg##*: }" ;;
	*) not_ok "without ISO 9660 mounts here, the boot says why" "$msg" ;;
	esac
fi
check "nothing is left mounted or attached" test -z "$(leftovers)"

# iso_loopback=on: the images in /iso are looked at for their loopback.cfg
# (every device probed again, as a rescan: a watching client is told only
# what differs, here nothing); the ones that cannot be mounted are named
client_bg "$T/watch" cli watch --json
sleep 0.3
check "iso_loopback can be set" cli config iso_loopback on
check "the devices are probed again" \
	wait_log "iso_loopback is on: every device is probed again" 5
check "as a rescan, to its end" wait_log "rescan done: " 10
check "a watching client was told of the setting" \
	grep -q '"type": *"settings"' "$T/watch"
check "and had no option removed or added: none changed" \
	eval "! grep -Eq '\"type\": *\"option-(remove|add)\"' '$T/watch'"
check "a truncated image in /iso is named in the log" \
	wait_log "part: /iso/cut.iso: truncated: its file system is" 10
check "a file that is no image in /iso is named in the log" \
	wait_log "part: /iso/zero.iso: not an ISO 9660 or UDF image" 10
check "the daemon is still up after that" up
check "nothing is left mounted or attached after that" test -z "$(leftovers)"
stop_daemon_checked
finish
