#!/bin/bash
# scripts/demo.sh - `make demo`: builds baton and boots it in QEMU on a demo disk, with the menu on this terminal's serial console.
#
# Run as root on Debian 12 (it installs what is missing). Environment: O (build
# dir, default build), BATON_CACHE, BATON_QEMU_ACCEL (see tests/qemu/lib.sh).
# make runs this as `sh FILE`: go on under bash.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -eu -o pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
O=${O:-build}

die() { echo "demo: error: $*" >&2; exit 1; }
step() { echo "demo: $*" >&2; }

install_deps() {
	[ "$(id -u)" = 0 ] || die "run as root: the demo installs packages (sudo make demo)"
	if [ -f scripts/install-deps.sh ]; then
		sh scripts/install-deps.sh
	else
		step "scripts/install-deps.sh not found; assuming the packages are installed"
	fi
}

build() {
	step "building baton (make O=$O)"
	make O="$O"
	step "building the initramfs with the modules of $KERNEL_VERSION"
	make initramfs O="$O" KMOD_DIR="$KERNEL_DIR"
	[ -f "$O/initramfs.cpio.gz" ] || die "make initramfs did not write $O/initramfs.cpio.gz"
}

# demo_disk DIR: a GPT disk with a BLS partition and a GRUB partition.
demo_disk() {
	local dir=$1
	rm -rf "$dir"
	mkdir -p "$dir/bls" "$dir/grub/boot/grub"
	payload "$dir/bls"
	bls_entry "$dir/bls" debian "Debian GNU/Linux (BLS entry)" "console=ttyS0 quiet baton_demo=bls"
	bls_entry "$dir/bls" debian-verbose "Debian GNU/Linux, verbose (BLS entry)" \
		"console=ttyS0 loglevel=7 baton_demo=bls-verbose"
	payload "$dir/grub" /boot
	cat >"$dir/grub/boot/grub/grub.cfg" <<-'CFG'
	set timeout=5
	set default=0

	menuentry 'Debian GNU/Linux (GRUB menuentry)' {
		linux /boot/vmlinuz-target console=ttyS0 quiet baton_demo=grub
		initrd /boot/initrd-target.img
	}
	menuentry 'Debian GNU/Linux, recovery (GRUB menuentry)' {
		linux /boot/vmlinuz-target console=ttyS0 single baton_demo=grub-recovery
		initrd /boot/initrd-target.img
	}
	CFG
	fs_ext4 "$dir/p1.img" 40 "$dir/bls" demo-bls
	fs_ext4 "$dir/p2.img" 40 "$dir/grub" demo-grub
	disk_create "$dir/disk.img" gpt "$dir/p1.img:L" "$dir/p2.img:L"
}

main() {
	install_deps
	. tests/qemu/lib.sh
	bq_init
	kernel_fetch "$BQ_ARCH"
	build
	export BATON_INITRAMFS="$O/initramfs.cpio.gz"
	qemu_prepare
	TARGET_INITRD="$BQ_WORK/demo/target-initrd.img"
	mkdir -p "$BQ_WORK/demo"
	target_initrd_build "$TARGET_INITRD" shell
	demo_disk "$BQ_WORK/demo/disk"
	qemu_args "baton.timeout=-1" "$BQ_WORK/demo/disk/disk.img"
	cat <<-EOF

	baton demo: QEMU ($QEMU_ACCEL) with baton's menu on this terminal (serial console).
	  Arrow keys and Enter pick an entry; x leaves the menu for a rescue shell.
	  Leave QEMU with Ctrl-A X.

	EOF
	sleep 2
	exec "${QEMU_ARGS[@]}" -nographic
}

main "$@"
