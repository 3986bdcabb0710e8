# tests/qemu/lib-arm64.sh - the arm64 QEMU rig: baton cross-built for aarch64, Debian's arm64 kernel on `qemu-system-aarch64 -M virt` under TCG (sourced, bash).
#
# Sources lib.sh with BATON_ARCH=aarch64 and adds:
#   arm64_prepare        the arm64 build (make O=$BATON_ARM64_O aarch64_defconfig,
#                        make, make initramfs KMOD_DIR=<Debian's arm64 kernel>),
#                        the kernel and an arm64 target initrd; sets what
#                        qemu_prepare sets (KERNEL_*, TARGET_INITRD,
#                        BATON_INITRAMFS, QEMU_ACCEL) for the arm64 run
#   arm64_dumpdtb OUT APPEND DISK...   the virt machine's own device tree, as
#                        QEMU builds it for the same run (-machine dumpdtb)
#   target_dt LOG KEY    what the target printed on its "TARGET-DT-KEY: " line
#
# The serial console is ttyAMA0 (the virt machine's one PL011); baton's log
# goes to a virtio console (hvc0) written to LOG.baton, as ttyS1 does on x86.
#
# Environment (besides lib.sh's): BATON_ARM64_O (the arm64 build folder,
# default $O/arm64), BATON_QEMU_CPU (default cortex-a57: TCG emulates it
# faster than "max", whose pointer authentication is slow to emulate).
# The x86 rig's BATON_INITRAMFS and BATON_QEMU_ACCEL are not used here.

BATON_ARCH=aarch64
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# ---------------------------------------------------------------- qemu

# TCG only on an x86_64 host (run.sh exports the x86 probe's answer).
BATON_QEMU_ACCEL=tcg
[ "$(uname -m)" = aarch64 ] && unset BATON_QEMU_ACCEL

qemu_accel_args() {
	case $1 in
	kvm) echo "-accel kvm -cpu host" ;;
	*) echo "-accel tcg -cpu ${BATON_QEMU_CPU:-cortex-a57}" ;;
	esac
}

# One virtio console port, not a multiport device: hvc0 is there as soon as
# virtio_console is loaded, before init starts copying baton's log to it.
log_port_args() {   # log_port_args LOG
	echo "-device virtio-serial-pci,max_ports=1 -chardev file,id=batonlog,path=$1.baton -device virtconsole,chardev=batonlog"
}
log_port_append() { echo "baton.logtty=hvc0"; }

# arm64_dumpdtb OUT APPEND DISK...: the device tree QEMU gives the guest of
# qemu_run with the same APPEND and DISKs (same memory, devices, console).
arm64_dumpdtb() {
	local out=$1 append=$2
	shift 2
	qemu_args "$append $(log_port_append)" "$@"
	rm -f "$out"
	timeout -k 5 60 "${QEMU_ARGS[@]}" -nographic -serial none $(log_port_args "$out.tmp") \
		-machine "dumpdtb=$out" </dev/null >"$out.log" 2>&1
	rm -f "$out.tmp.baton"
	[ -s "$out" ] || bq_die "qemu -machine dumpdtb wrote no $out: $(cat "$out.log")"
	rm -f "$out.log"
}

# ---------------------------------------------------------------- artifacts

bq_make() {   # bq_make ARGS...: make in the repository, quietly
	make -s -C "$BQ_REPO" -j"$(nproc)" "$@"
}

# arm64_build: baton for aarch64 in $A64_O, then its initramfs with the arm64
# kernel's modules, exactly as a person would (the commands of issue 5).
arm64_build() {
	local log="$A64_O.build.log"
	command -v aarch64-linux-gnu-gcc >/dev/null ||
		bq_die "no aarch64-linux-gnu-gcc (scripts/install-deps.sh arm64)"
	mkdir -p "$A64_O"
	if [ ! -f "$A64_O/.config" ]; then
		bq_make O="$A64_O" aarch64_defconfig >"$log" 2>&1 ||
			bq_die "make O=$A64_O aarch64_defconfig failed: $(cat "$log")"
	fi
	bq_make O="$A64_O" >"$log" 2>&1 ||
		bq_die "make O=$A64_O (arm64) failed: $(tail -n 30 "$log")"
	BQ_BATON="$A64_O/baton"
	if bq_stale "$A64_O/initramfs.cpio.gz" "$BQ_BATON" "$BQ_REPO/initramfs/init" \
		"$BQ_REPO/initramfs/mkinitramfs.sh" "$KERNEL_DIR/.unpacked"; then
		bq_make O="$A64_O" initramfs KMOD_DIR="$KERNEL_DIR" >"$log" 2>&1 ||
			bq_die "make O=$A64_O initramfs failed: $(tail -n 30 "$log")"
	fi
	BATON_INITRAMFS="$A64_O/initramfs.cpio.gz"
}

# arm64_busybox: the arm64 busybox-static that mkinitramfs.sh downloaded into
# the cache for the initramfs just built.
arm64_busybox() {
	local bb
	bb="$(bq_cache_dir)/busybox-static-arm64/bin/busybox"
	[ -x "$bb" ] || bq_die "no arm64 busybox at $bb (make initramfs for aarch64 fetches it)"
	echo "$bb"
}

# arm64_target_initrd_build OUT: lib.sh's target initrd for arm64, whose /init
# also prints what the kernel got in its device tree:
#   TARGET-DT-BOOTARGS: /chosen/bootargs
#   TARGET-DT-MARKER:   /baton-test/marker (an overlay's node), or "none"
#   TARGET-DT-CHOSEN-MARKER: /chosen/baton,marker (an overlay's), or "none"
#   TARGET-DT-SOURCE:   /baton,source (set in a tree file the test made), or "none"
#   TARGET-DT-INITRD:   "yes" when /chosen has linux,initrd-start and -end
#   TARGET-DT-COMPATIBLE: the root node's compatible strings
arm64_target_initrd_build() {
	local out=$1 stage
	stage=$(mktemp -d "$A64_WORK/target-stage.XXXXXX")
	mkdir -p "$stage/bin" "$stage/dev" "$stage/proc" "$stage/sys"
	cp "$(arm64_busybox)" "$stage/bin/busybox"
	ln -s busybox "$stage/bin/sh"
	cat >"$stage/init" <<-'EOF'
	#!/bin/sh
	# /init of the arm64 target initrd in baton's QEMU tests: the kexec'd kernel runs; what its device tree says.
	bb=/bin/busybox
	$bb mount -t proc proc /proc
	$bb mount -t devtmpfs devtmpfs /dev
	$bb mount -t sysfs sysfs /sys    # /proc/device-tree links into it
	exec </dev/console >/dev/console 2>&1
	# prop FILE: a device tree property as text (NULs between strings -> spaces).
	prop() {
		if [ -f "$1" ]; then $bb tr '\0' ' ' <"$1" | $bb sed 's/ *$//'; else echo none; fi
	}
	dt=/proc/device-tree
	echo BATON-TARGET-OK
	echo "TARGET-CMDLINE: $($bb cat /proc/cmdline)"
	echo "TARGET-DT-BOOTARGS: $(prop $dt/chosen/bootargs)"
	echo "TARGET-DT-MARKER: $(prop $dt/baton-test/marker)"
	echo "TARGET-DT-CHOSEN-MARKER: $(prop $dt/chosen/baton,marker)"
	echo "TARGET-DT-SOURCE: $(prop $dt/baton,source)"
	initrd=no
	[ -f $dt/chosen/linux,initrd-start ] && [ -f $dt/chosen/linux,initrd-end ] && initrd=yes
	echo "TARGET-DT-INITRD: $initrd"
	echo "TARGET-DT-COMPATIBLE: $(prop $dt/compatible)"
	$bb sleep 1
	$bb poweroff -f
	EOF
	chmod 755 "$stage/init"
	(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) | gzip -9 -n >"$out.tmp"
	mv "$out.tmp" "$out"
	rm -rf "$stage"
}

# arm64_prepare: everything an arm64 test needs, built once per work dir
# (its own subfolder: the x86 rig's files have the same names).
arm64_prepare() {
	bq_init
	A64_O=$(bq_abspath "${BATON_ARM64_O:-$BQ_O/arm64}")
	A64_WORK="$BQ_WORK/arm64"
	BQ_WORK=$A64_WORK
	mkdir -p "$A64_WORK"
	command -v qemu-system-aarch64 >/dev/null ||
		bq_die "no qemu-system-aarch64 (apt-get install qemu-system-arm)"
	exec 9>"$A64_WORK/.lock"
	flock 9
	kernel_fetch aarch64
	arm64_build
	TARGET_INITRD="$A64_WORK/target-initrd.img"
	bq_stale "$TARGET_INITRD" "$(arm64_busybox)" "$BQ_REPO/tests/qemu/lib-arm64.sh" &&
		arm64_target_initrd_build "$TARGET_INITRD"
	QEMU_ACCEL=$(qemu_accel)
	flock -u 9
	exec 9>&-
	export KERNEL_DIR KERNEL_VERSION KERNEL_IMAGE TARGET_INITRD BATON_INITRAMFS QEMU_ACCEL
}

# target_dt LOG KEY: the value the target printed as "TARGET-DT-KEY: value".
target_dt() {
	log_text "$1" | sed -n "s/.*TARGET-DT-$2: //p" | head -n 1
}
