#!/bin/bash
# test-autoboot-config.sh: autoboot by the settings file: default by id,
# by GRUB --id, by title glob and by "submenu>entry" path; the configs' own
# default and timeout (GRUB, BLS loader.conf) when the file says nothing,
# and not with config_default = off; boot order by kind, label and UUID;
# the one-shot next (used once, then gone from the file); fall through on
# and off; timeout from the file, overridden by the kernel command line;
# headless mode; bad lines reported with their number.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-menu.sh"

# grub: a default, a submenu; BLS with loader.conf; a USB stick.
mkdir -p "$T/grub/boot/grub"
fake_bzimage "$T/grub/boot/vmlinuz"
cat >"$T/grub/boot/grub/grub.cfg" <<'EOF'
set default=1
set timeout=3
menuentry 'Debian GNU/Linux' --id debian {
	linux /boot/vmlinuz root=/dev/sda1
}
submenu 'Advanced options for Debian' {
	menuentry 'Debian, with Linux 6.1' --id debian-6.1 {
		linux /boot/vmlinuz root=/dev/sda1 v=6.1
	}
	menuentry 'Debian, with Linux 6.1 (recovery mode)' {
		linux /boot/vmlinuz root=/dev/sda1 single
	}
}
EOF
bls_entry "$T/bls" alpha "Alpha Linux" "a=1"
bls_entry "$T/bls" beta "Beta Linux" "b=2"
printf 'default alpha.conf\ntimeout 4\n' >"$T/bls/loader/loader.conf"
bls_entry "$T/usb" gamma "Gamma Linux" "g=3"
bls_entry "$T/usb" broken "Broken Linux" "x=1"
bad_kernel "$T/usb/vmlinuz-broken"
SRC=(--source "$T/grub:label=GRUBDISK,uuid=1111-AAAA"
     --source "$T/bls:label=BLSDISK,kind=disk"
     --source "$T/usb:kind=usb,label=STICK")
CONF=$T/baton.conf

# autoboot_with CASE WANT SETTINGS...: the settings file holds SETTINGS
# (one "key = value" each); the log must show WANT.
autoboot_with() {
	local what=$1 want=$2
	shift 2
	printf '%s\n' "$@" >"$CONF"
	restart_daemon --config "file:$CONF" "${SRC[@]}"
	check "$what" wait_log "$want" 4
}

autoboot_with "default by id" "would boot Debian GNU/Linux " \
	"timeout = 0" "default = grub:debian"
autoboot_with "default by GRUB's --id" "would boot Advanced options for Debian>Debian, with Linux 6.1 " \
	"timeout = 0" "default = debian-6.1"
autoboot_with "default by title glob" "would boot Advanced options for Debian>Debian, with Linux 6.1 (recovery mode)" \
	"timeout = 0" "default = *recovery*"
autoboot_with "default by submenu>entry path" "would boot Advanced options for Debian>Debian, with Linux 6.1 " \
	"timeout = 0" "default = Advanced options for Debian>Debian, with Linux 6.1"
autoboot_with "the why is logged" "default matches its title" \
	"timeout = 0" "default = Gamma*"

# nothing in the file: GRUB's own default (entry 1) and a config's timeout
# (the first config's to arrive: GRUB's 3 s or BLS loader.conf's 4 s)
autoboot_with "GRUB's default and timeout apply when the file is silent" \
	"autoboot: Advanced options for Debian>Debian, with Linux 6.1 in [34] s (its config makes it the default)" \
	"# nothing"
autoboot_with "config_default = off: the first option, 10 s" \
	"autoboot: Debian GNU/Linux in 10 s (first option that can boot)" \
	"config_default = off"
# (the timeout is the first config's to arrive: GRUB's 3 s or BLS's 4 s)
autoboot_with "BLS loader.conf's default applies on its disk" \
	"autoboot: Alpha Linux in [34] s (its config makes it the default)" \
	"boot_order = label=BLSDISK"

autoboot_with "boot order by kind: usb first" "autoboot: Gamma Linux in 0 s" \
	"timeout = 0" "boot_order = usb disk"
autoboot_with "boot order by label" "autoboot: Alpha Linux in 0 s" \
	"timeout = 0" "boot_order = label=blsdisk, usb"
autoboot_with "boot order by UUID" "autoboot: Advanced options for Debian>Debian, with Linux 6.1 in 0 s" \
	"timeout = 0" "boot_order = uuid=1111-aaaa"
autoboot_with "a boot order that names no source boots nothing" \
	"no bootable option found yet" "timeout = 0" "boot_order = network"

# one-shot next: used once, gone from the file, default next time
autoboot_with "next boots once" "would boot Gamma Linux " \
	"timeout = 0" "default = Alpha*" "next = Gamma*"
check "next is gone from the file" bash -c "! grep -q '^next' '$CONF'"
check "default stays in the file" grep -q '^default = Alpha\*' "$CONF"
restart_daemon --config "file:$CONF" "${SRC[@]}"
check "the boot after: the default again" wait_log "would boot Alpha Linux " 4

# fall through after a corrupt kernel
autoboot_with "fall_through on: a failed default moves on" "falling through to the next option" \
	"timeout = 0" "default = Broken*" "boot_order = usb"
check "and boots the next option" wait_log "would boot Gamma Linux " 3
autoboot_with "fall_through off: a failed default waits for a person" \
	"fall_through is off: waiting for a choice" \
	"timeout = 0" "default = Broken*" "fall_through = off"
sleep 1
if grep -q "would boot" "$T/daemon.log"; then
	not_ok "fall_through off: nothing else boots" "$(cat "$T/daemon.log")"
else
	ok "fall_through off: nothing else boots"
fi

# timeouts from the file; the kernel command line wins
autoboot_with "timeout = -1 in the file waits" "waiting for a choice" "timeout = -1"
sleep 1.2
if grep -q "would boot" "$T/daemon.log"; then
	not_ok "timeout -1: nothing boots by itself"
else
	ok "timeout -1: nothing boots by itself"
fi
printf 'quiet baton.timeout=0 baton.default=Beta*\n' >"$T/cmdline.keys"
printf 'timeout = -1\ndefault = Alpha*\n' >"$CONF"
restart_daemon --config "file:$CONF" --cmdline "$T/cmdline.keys" "${SRC[@]}"
check "the kernel command line overrides the file" wait_log "would boot Beta Linux " 4

# bad lines are reported, the rest applies
autoboot_with "a bad line is reported with its number" "line 2: unknown key 'colour'" \
	"timeout = 0" "colour = blue" "default = Gamma*"
check "and the rest of the file applies" wait_log "would boot Gamma Linux " 3

# headless: no menu at all; the decisions are logged
printf 'headless = on\ntimeout = 30\n' >"$CONF"
restart_daemon --config "file:$CONF" "${SRC[@]}"
check "headless: the daemon says so" wait_log "headless: no menu" 2
menu_start m vt100 C
expect_screen m "headless: the menu draws nothing, says why" "headless mode: no menu"
case $(scr m) in *"baton boot menu"*) not_ok "headless: no menu is drawn" "$(scr m)";;
*) ok "headless: no menu is drawn";; esac
finish
