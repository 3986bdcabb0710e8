#!/bin/bash
# tests/qemu/test-discover-iso.sh - x86_64: an ext4 partition holds ISO images (made by xorriso) and a grub.cfg that boots them through loopback; with iso_loopback=on the good image's own loopback.cfg is listed too, the others named in the log: a path leaving the image, a truncated image and a file that is no image each fail with their reason, leaving nothing mounted or attached and the daemon up; then the good entry boots the kernel and initrd from inside its ISO with the entry's command line.
set -eu -o pipefail
. "$(dirname "$0")/lib-discover.sh"

t_begin discover-iso
qemu_prepare
DIR=$(test_dir discover-iso)
T_LOG="$DIR/serial.log"
T_SESSION=discover-iso-$$
OPTIONS="console=ttyS0 quiet baton_e2e=iso iso-scan/filename=/iso/good.iso"

mkdir -p "$DIR/isotree/boot" "$DIR/root/iso" "$DIR/root/boot/grub"
payload "$DIR/isotree/boot"
# the image's own config for loopback boots (listed with iso_loopback=on)
mkdir -p "$DIR/isotree/boot/grub"
cat >"$DIR/isotree/boot/grub/loopback.cfg" <<'CFG'
menuentry "Live from loopback.cfg" {
	linux /boot/vmlinuz-target console=ttyS0 iso-scan/filename=${iso_path}
	initrd /boot/initrd-target.img
}
CFG
fs_iso "$DIR/root/iso/good.iso" "$DIR/isotree" BATON_ISO
head -c 1M "$DIR/root/iso/good.iso" >"$DIR/root/iso/truncated.iso"
head -c 256K /dev/urandom >"$DIR/root/iso/noise.iso"
cat >"$DIR/root/boot/grub/grub.cfg" <<CFG
set timeout=5
menuentry 'ISO escape' {
	loopback loop /iso/good.iso
	linux (loop)/../../boot/vmlinuz-target quiet
}
menuentry 'ISO truncated' {
	loopback loop /iso/truncated.iso
	linux (loop)/boot/vmlinuz-target quiet
}
menuentry 'ISO noise' {
	loopback loop /iso/noise.iso
	linux (loop)/boot/vmlinuz-target quiet
}
menuentry 'ISO good' {
	set isofile=/iso/good.iso
	loopback loop \$isofile
	linux (loop)/boot/vmlinuz-target $OPTIONS
	initrd (loop)/boot/initrd-target.img
}
CFG
size=$(( $(du -sm "$DIR/root" | cut -f1) + 16 ))
fs_ext4 "$DIR/p1.img" "$size" "$DIR/root"
disk_create "$DIR/disk.img" gpt "$DIR/p1.img:L"
before=$(disks_sum "$DIR/disk.img")

trap 'dq_stop "$T_SESSION"' EXIT
start=$SECONDS
dq_start "$T_SESSION" "$T_LOG" 300 "baton.timeout=-1 baton.iso_loopback=on loglevel=7" "$DIR/disk.img"
dq_settled discover-iso

kernel=$(dq_list_json | python3 -c '
import json, sys
o = [o for o in json.load(sys.stdin)["options"] if o["name"] == "ISO good"]
print(json.dumps(o[0]["kernel"], sort_keys=True) if o else "none")')
want='{"iso": {"path": "/iso/good.iso", "source": "vda1"}, "path": "/boot/vmlinuz-target"}'
if [ "$kernel" = "$want" ]; then
	t_ok "discover-iso: the kernel is listed inside its image"
else
	t_fail "discover-iso: the kernel is listed inside its image" "want $want, got $kernel" "$T_LOG"
fi

loopback=$(dq_list_json | python3 -c '
import json, sys
for o in json.load(sys.stdin)["options"]:
    if o["name"] == "Live from loopback.cfg":
        print(json.dumps([o["kernel"], o["initrds"], o["cmdline"]], sort_keys=True))')
want='[{"iso": {"path": "/iso/good.iso", "source": "vda1"}, "path": "/boot/vmlinuz-target"}, [{"iso": {"path": "/iso/good.iso", "source": "vda1"}, "path": "/boot/initrd-target.img"}], "console=ttyS0 iso-scan/filename=/iso/good.iso"]'
if [ "$loopback" = "$want" ]; then
	t_ok "discover-iso: iso_loopback=on lists the image's loopback.cfg, with iso_path set"
else
	t_fail "discover-iso: iso_loopback=on lists the image's loopback.cfg, with iso_path set" "want $want, got $loopback" "$T_LOG"
fi
t_check "discover-iso: an image in /iso that is no image is named in the log" \
	"no 'vda1: /iso/noise.iso: not an ISO 9660 or UDF image' in baton's log" \
	wait_for "vda1: /iso/noise.iso: not an ISO 9660 or UDF image" "$(baton_log "$T_LOG")" 0

# leftovers: ISO mounts, and loop devices over a file
leftovers() {
	dq_sh 'grep /.iso- /proc/mounts; cat /sys/block/loop*/loop/backing_file 2>/dev/null; true'
}
# hostile ID WHAT PATTERN: booting ID fails saying PATTERN, cleanly
hostile() {
	local out left
	out=$(dq_sh "baton boot '$1'" 120) && true
	case $out in
	*"$3"*) t_ok "discover-iso: $2: the boot fails saying why" ;;
	*) t_fail "discover-iso: $2: the boot fails saying why" "want [$3], got [$out]" "$T_LOG" ;;
	esac
	left=$(leftovers)
	if [ -z "$left" ]; then
		t_ok "discover-iso: $2: nothing is left mounted or attached"
	else
		t_fail "discover-iso: $2: nothing is left mounted or attached" "left: $left" "$T_LOG"
	fi
}
hostile vda1:ISO_escape "a path out of the image" "the path leaves its image; refused"
hostile vda1:ISO_truncated "a truncated image" "vda1:/iso/truncated.iso: truncated: its file system is"
hostile vda1:ISO_noise "a file that is no image" "vda1:/iso/noise.iso: not an ISO 9660 or UDF image"
t_check "discover-iso: the daemon is still up" "baton status failed" \
	dq_sh "baton status >/dev/null" 30

dq_sh "baton boot vda1:ISO_good" 20 >/dev/null || true
wait_for BATON-TARGET-OK "$T_LOG" 150 || true
bq_note "boot, checks, kexec and target: $((SECONDS - start)) s ($QEMU_ACCEL)"
t_check "discover-iso: baton mounts the image read-only" \
	"no 'vda1:/iso/good.iso: mounted read-only (iso9660)' in baton's log" \
	wait_for "vda1:/iso/good.iso: mounted read-only \(iso9660\)" "$(baton_log "$T_LOG")" 0
t_check "discover-iso: it starts the kernel from inside the image" \
	"no 'starting x86_64 kernel vda1:/iso/good.iso:/boot/vmlinuz-target'" \
	wait_for "${BATON_LOG_RE}starting x86_64 kernel vda1:/iso/good.iso:/boot/vmlinuz-target" "$T_LOG" 0
t_check "discover-iso: the target kernel runs" \
	"no BATON-TARGET-OK on the serial console" \
	wait_for BATON-TARGET-OK "$T_LOG" 0
got=$(target_cmdline "$T_LOG")
if [ "$got" = "$OPTIONS" ]; then
	t_ok "discover-iso: target command line is the entry's"
else
	t_fail "discover-iso: target command line is the entry's" \
		"want [$OPTIONS], got [$got]" "$T_LOG"
fi
t_check "discover-iso: the boot record names the image" \
	"no 'kernel vda1:/iso/good.iso:/boot/vmlinuz-target' in baton's log" \
	wait_for "kernel vda1:/iso/good.iso:/boot/vmlinuz-target, initrds vda1:/iso/good.iso:/boot/initrd-target.img" "$(baton_log "$T_LOG")" 0
t_check "discover-iso: its loop device is never taken for a disk" \
	"baton's log says loop0 changed" \
	sh -c "! grep -q 'loop0: medium changed' $(printf %q "$(baton_log "$T_LOG")")"
dq_stop "$T_SESSION"
t_check "discover-iso: the disk is unchanged" "disk image checksum changed" \
	test "$before" = "$(disks_sum "$DIR/disk.img")"
t_done
