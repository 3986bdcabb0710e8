# tests/qemu/lib-uki.sh - unified kernel images for the QEMU tests (sourced, bash, after lib.sh): systemd-stub and objcopy, as ukify does.
#
#   uki_stub                   the path of systemd-stub for x86_64
#   uki_build OUT STUB NAME=FILE...  a UKI: STUB with each FILE as .NAME

# uki_stub: systemd-stub for x86_64, from Debian's systemd-boot-efi package,
# downloaded and unpacked into the cache once (not installed: the package
# would upgrade systemd on the host).
uki_stub() {
	local cache dir deb stub
	cache=$(bq_cache_dir)
	dir="$cache/systemd-boot-efi"
	stub="$dir/usr/lib/systemd/boot/efi/linuxx64.efi.stub"
	if [ ! -f "$stub" ]; then
		mkdir -p "$cache/debs"
		exec 8>"$cache/.lock"
		flock 8
		if [ ! -f "$stub" ]; then
			deb=$(ls "$cache/debs"/systemd-boot-efi_*_amd64.deb 2>/dev/null | sort -V | tail -n 1)
			if [ -z "$deb" ]; then
				bq_note "downloading systemd-boot-efi into $cache/debs"
				(cd "$cache/debs" && apt-get download -q -o APT::Sandbox::User=root \
					systemd-boot-efi:amd64 >&2) || bq_die "apt-get download systemd-boot-efi failed"
				deb=$(ls "$cache/debs"/systemd-boot-efi_*_amd64.deb | sort -V | tail -n 1)
			fi
			rm -rf "$dir.tmp"
			dpkg-deb -x "$deb" "$dir.tmp" || bq_die "dpkg-deb -x $deb failed"
			rm -rf "$dir"
			mv "$dir.tmp" "$dir"
		fi
		exec 8>&-
	fi
	[ -f "$stub" ] || bq_die "no $stub in systemd-boot-efi"
	echo "$stub"
}

# uki_build OUT STUB NAME=FILE...: STUB with each FILE added as section
# .NAME, placed one after the other past the stub's last section, page
# aligned (what ukify does with objcopy).
uki_build() {
	local out=$1 stub=$2 spec name file vma=0 idx _name size svma rest args=()
	shift 2
	# end of the stub's last section: VMA + size, from objdump -h
	while read -r idx _name size svma rest; do
		[[ $idx =~ ^[0-9]+$ ]] || continue
		[ $((0x$svma + 0x$size)) -gt "$vma" ] && vma=$((0x$svma + 0x$size))
	done < <(objdump -h "$stub")
	[ "$vma" -gt 0 ] || bq_die "cannot read the sections of $stub"
	for spec in "$@"; do
		name=${spec%%=*}
		file=${spec#*=}
		vma=$(( (vma + 4095) / 4096 * 4096 ))
		args+=(--add-section ".$name=$file" --change-section-vma ".$name=$(printf '0x%x' "$vma")")
		vma=$((vma + $(stat -c %s "$file")))
	done
	objcopy "${args[@]}" "$stub" "$out" || bq_die "objcopy could not build the UKI"
}
