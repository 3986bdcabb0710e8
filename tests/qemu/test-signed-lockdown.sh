#!/bin/bash
# tests/qemu/test-signed-lockdown.sh - real Secure Boot: OVMF's snakeoil firmware (Debian's ovmf: the snakeoil key in PK, KEK and db) boots Debian's kernel re-signed with the snakeoil key, which locks itself down; in the guest, baton's checks (tests/tools/verify-tool) read that state and predict from the kernel's keyrings what kexec_file_load will do, and `baton kexec` then does it: a target kernel signed with that key loads and boots, the unsigned one and Debian's own are refused with their sentences, and kexec_load(2) (what a device tree needs) is refused.
set -eu -o pipefail
. "$(dirname "$0")/lib-discover.sh"
. "$(dirname "$0")/lib-secureboot.sh"
BQ_TMUX_SOCK="baton-qemu-signed-$$"

t_begin signed-lockdown
sb_check
qemu_prepare
DIR=$(test_dir signed-lockdown)
T_LOG="$DIR/serial.log"
T_SESSION=signed-lockdown

# The kernels: Debian's as shipped (signed by Debian), without its
# signature, and re-signed with the snakeoil key.
mkdir -p "$DIR/disk"
cp "$KERNEL_IMAGE" "$DIR/disk/vmlinuz-debian"
cp "$KERNEL_IMAGE" "$DIR/disk/vmlinuz-unsigned"
sbattach --remove "$DIR/disk/vmlinuz-unsigned" >/dev/null
sb_key "$DIR"
cp "$DIR/disk/vmlinuz-unsigned" "$DIR/disk/vmlinuz-snakeoil"
sb_sign_pe "$DIR/snakeoil.key" "$DIR/disk/vmlinuz-snakeoil"
cp "$TARGET_INITRD" "$DIR/disk/target-initrd.img"
TOOL=$BQ_O/tests/tools/verify-tool
[ -x "$TOOL" ] || bq_die "no $TOOL (make O=$BQ_O tests)"
if "$TOOL" state >/dev/null 2>&1; [ $? = 77 ]; then
	t_ok "signed-lockdown # SKIP baton is built without CONFIG_LOADER_VERIFY"
	exit 0
fi
cp "$TOOL" "$DIR/disk/verify-tool"
fs_ext4 "$DIR/disk.img" 64 "$DIR/disk" SIGNED

# The first kernel is the snakeoil one, started by the firmware.
KERNEL_IMAGE="$DIR/disk/vmlinuz-snakeoil"
sb_firmware "$DIR"
dq_start "$T_SESSION" "$T_LOG" 600 "baton.timeout=-1" "$DIR/disk.img"
dq_settled signed-lockdown

out=$(dq_sh "cat /sys/kernel/security/lockdown" 20 || true)
t_check "signed-lockdown: the first kernel is locked down (integrity)" "lockdown: $out" \
	grep -q '\[integrity\]' <<<"$out"
out=$(dq_sh "od -An -tx1 /sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c" 20 || true)
t_check "signed-lockdown: the firmware says Secure Boot is on" "SecureBoot: $out" \
	grep -q '01$' <<<"$(tr -d ' \r\n' <<<"$out")"
out=$(dq_sh "grep -e '\.platform' -e SnakeOil /proc/keys" 20 || true)
t_check "signed-lockdown: the snakeoil key is in the .platform keyring" "/proc/keys: $out" \
	grep -q 'SnakeOil: 63b8d5ee5df87b9a2f08dde4dba1e606c854dadb' <<<"$out"

dq_sh "mkdir -p /mnt/signed && mount -o ro,noload /dev/vda /mnt/signed" 30 >/dev/null ||
	t_fail "signed-lockdown: the disk mounts" "mount failed" "$T_LOG"
out=$(dq_sh "/mnt/signed/verify-tool state" 20 || true)
t_check "signed-lockdown: baton reads the machine's state" "$out" \
	grep -q "Secure Boot is on and the kernel is locked down (integrity)" <<<"$out"
out=$(dq_sh "/mnt/signed/verify-tool --trust-db authenticode /mnt/signed/vmlinuz-snakeoil" 60 || true)
t_check "signed-lockdown: the firmware's db (efivarfs) holds the snakeoil certificate" "$out" \
	grep -qF 'vmlinuz-snakeoil is signed by "SnakeOil", trusted through the firmware'"'"'s db' <<<"$out"
# predict NAME RC TEXT: verify-tool's prediction for NAME, from the keyrings
predict() {
	local out rc
	if out=$(dq_sh "/mnt/signed/verify-tool predict /mnt/signed/$1" 60); then rc=0; else rc=$?; fi
	echo "# predict $1: rc $rc: $out"
	t_check "signed-lockdown: predicted for $1: $3" "rc $rc: $out" \
		rc_says "$rc" "$2" "$out" "$3"
}
# rc_says RC WANT OUT TEXT: RC is WANT and OUT holds TEXT
rc_says() { [ "$1" = "$2" ] && grep -qF -- "$4" <<<"$3"; }
dq_sh "grep asymmetri /proc/keys" 20 | sed 's/^/# key: /' || true
predict vmlinuz-snakeoil 0 'is signed by "SnakeOil", trusted through the .platform keyring ("SnakeOil")'
predict vmlinuz-unsigned 1 "is not signed (it has no Authenticode signature): the running kernel is locked down and will refuse it"
predict vmlinuz-debian 1 'is signed by "Debian Secure Boot Signer 2022 - linux", a key the running kernel does not trust'

# kexec NAME: `baton kexec` of /mnt/signed/NAME (loads, does not start)
kexec() {
	dq_sh "baton kexec --kernel /mnt/signed/$1 --initrd /mnt/signed/target-initrd.img --cmdline 'console=ttyS0 baton_e2e=$1'" 180
}
if out=$(kexec vmlinuz-unsigned); then rc=0; else rc=$?; fi
echo "# unsigned: rc $rc: $out"
t_check "signed-lockdown: an unsigned kernel is refused" "rc $rc: $out" test "$rc" != 0
t_check "signed-lockdown: ... with the sentence of a missing signature (ENODATA)" "$out" \
	grep -qF "the kernel has no signature: this machine only boots signed kernels" <<<"$out"
if out=$(kexec vmlinuz-debian); then rc=0; else rc=$?; fi
echo "# debian: rc $rc: $out"
t_check "signed-lockdown: Debian's own signature is not trusted without shim (ENOKEY)" "rc $rc: $out" \
	grep -qF "the kernel is signed with a key this machine does not trust" <<<"$out"
# kexec_load(2), which a device tree needs, is forbidden under lockdown
if out=$(dq_sh "baton kexec --segments --kernel /mnt/signed/vmlinuz-snakeoil --initrd /mnt/signed/target-initrd.img" 180); then rc=0; else rc=$?; fi
echo "# segments: rc $rc: $out"
# (IMA's Secure Boot policy refuses it with EACCES before lockdown would
# with EPERM)
t_check "signed-lockdown: kexec_load(2) is refused, and said why (EACCES)" "rc $rc: $out" \
	rc_says "$rc" 1 "$out" "(IMA appraisal) forbids kexec_load(2), which a device tree needs"
if out=$(kexec vmlinuz-snakeoil); then rc=0; else rc=$?; fi
echo "# snakeoil: rc $rc: $out"
t_check "signed-lockdown: the kernel signed with the snakeoil key loads" "rc $rc: $out" test "$rc" = 0
dq_sh "umount /mnt/signed" 20 >/dev/null || true
dq_sh "baton kexec --exec" 10 >/dev/null || true
t_check "signed-lockdown: and boots" "no BATON-TARGET-OK" wait_for BATON-TARGET-OK "$T_LOG" 180
t_check "signed-lockdown: with its command line" "no baton_e2e=vmlinuz-snakeoil" \
	wait_for "TARGET-CMDLINE: .*baton_e2e=vmlinuz-snakeoil" "$T_LOG" 10
dq_stop "$T_SESSION"
