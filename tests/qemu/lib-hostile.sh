# tests/qemu/lib-hostile.sh - helpers of the hostile-disk tests (sourced, bash; sources lib-discover.sh): broken images made from good ones, and the checks every hostile test makes while the menu shows.
#
#   fs_truncate FSIMG FRACTION       keep the first 1/FRACTION of an image
#   fs_bitflip FSIMG SEED [N] [FROM] flip N bytes (default 256) past byte
#                                    FROM (default 68 KiB: the superblocks
#                                    stay whole), at places SEED picks
#   fake_bls ROOT FILE TITLE         a BLS entry and a small fake kernel
#   hostile_setup NAME               begin test NAME in a fresh $DIR, with
#                                    $DIR/good.img: a healthy disk holding
#                                    "Healthy Linux A" and "... B"
#   hostile_start NAME DISK...       the menu (timeout -1) with DISKs
#   hostile_checks NAME TITLE...     the daemon is up, the menu answers a
#                                    key within a second, and each TITLE
#                                    (a healthy disk's) is listed
#   hostile_named NAME DEV           the daemon's log names DEV and says why
#   hostile_broken NAME DEV TITLES   DEV is listed in TITLES, or named
#   hostile_clean NAME               the daemon never exited, and no
#                                    sanitizer report (in a build with
#                                    them) is in the kernel's log or on
#                                    the console
#   hostile_unchanged NAME SUMS IMG...   the images' sha256 are SUMS

. "$(dirname "${BASH_SOURCE[0]}")/lib-discover.sh"

fs_truncate() {
	truncate -s $(( $(stat -c %s "$1") / $2 )) "$1"
}

fs_bitflip() {
	python3 - "$1" "$2" "${3:-256}" "${4:-69632}" <<'PY' || bq_die "fs_bitflip $1 failed"
import os, random, sys
path, seed, n, start = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
size = os.path.getsize(path)
end = min(size, start + (8 << 20))
rnd = random.Random(seed)
with open(path, "r+b") as f:
    for _ in range(n):
        off = rnd.randrange(start, end)
        f.seek(off)
        b = f.read(1)[0]
        f.seek(off)
        f.write(bytes([b ^ (1 << rnd.randrange(8))]))
PY
}

fake_bls() {
	mkdir -p "$1/loader/entries"
	printf 'title %s\nlinux /vmlinuz-%s\noptions quiet %s\n' "$3" "$2" "$2" \
		>"$1/loader/entries/$2.conf"
	head -c 4096 /dev/urandom >"$1/vmlinuz-$2"
}

hostile_setup() {
	N=$1
	t_begin "$N"
	qemu_prepare
	DIR=$(test_dir "$N")
	mkdir -p "$DIR/good"
	fake_bls "$DIR/good" good-a "Healthy Linux A"
	fake_bls "$DIR/good" good-b "Healthy Linux B"
	fs_ext4 "$DIR/g1.img" 16 "$DIR/good"
	disk_create "$DIR/good.img" gpt "$DIR/g1.img:L"
}

hostile_start() {
	local name=$1
	shift
	T_SESSION=$name
	T_LOG="$DIR/serial.log"
	dq_start "$T_SESSION" "$T_LOG" "${HOSTILE_SECS:-400}" "baton.timeout=-1" "$@"
	dq_settled "$name"
}

# hostile_key_ms: press Down, then Up; milliseconds until the highlighted
# row moved each time (the slower of the two; 9999: it did not move).
hostile_key_ms() {
	local key rows t0 ms worst=0 i
	for key in key_down key_up; do
		rows=$(screen_reverse_rows "$T_SESSION" | tr '\n' ' ')
		t0=${EPOCHREALTIME/./}
		"$key" "$T_SESSION"
		ms=9999
		for i in $(seq 40); do
			if [ "$(screen_reverse_rows "$T_SESSION" | tr '\n' ' ')" != "$rows" ]; then
				ms=$(( (${EPOCHREALTIME/./} - t0) / 1000 ))
				break
			fi
			sleep 0.05
		done
		[ $ms -gt $worst ] && worst=$ms
	done
	echo $worst
}

hostile_checks() {
	local name=$1 title ms titles
	shift
	t_check "$name: the daemon is up" "baton status does not answer in the guest" \
		dq_sh "baton status --json >/dev/null" 20
	titles=$(dq_titles 2>/dev/null | cut -f2)
	for title in "$@"; do
		t_check "$name: the healthy disk's \"$title\" is listed" \
			"not in baton list: $(echo $titles | head -c 300)" \
			grep -qxF -- "$title" <<<"$titles"
	done
	if ! wait_for_screen "$T_SESSION" 30 "$1"; then
		t_fail "$name: the menu shows" "\"$1\" not on screen" "$T_LOG"
		return
	fi
	ms=$(hostile_key_ms)
	t_check "$name: the menu answers a key within a second ($ms ms)" \
		"the highlight did not move within a second" test "$ms" -lt 1000
}

hostile_named() {
	local name=$1 dev=$2 line
	line=$(log_text "$(baton_log "$T_LOG")" | grep -aE "(^|[ /])$dev[:(]" |
		grep -avE " boot option\(s\)" | head -n 1 || true)
	t_check "$name: $dev is named with a reason${line:+ (${line#*baton: })}" \
		"no line of baton's log says what is wrong with $dev" test -n "$line"
}

# hostile_broken NAME DEV TITLES: a damaged DEV is either still readable
# (an option of DEV is among TITLES, dq_titles' lines) or named.
hostile_broken() {
	if grep -qP "^$2(@[^\t]*)?\t" <<<"$3"; then
		t_ok "$1: $2 still readable: its option is listed"
	else
		hostile_named "$1" "$2"
	fi
}

hostile_clean() {
	local out
	out=$(dq_sh "dmesg" 30 | grep -aE "Sanitizer|runtime error|baton daemon exited" | head -n 5 || true)
	out+=$(log_text "$T_LOG" | grep -aE "Sanitizer|runtime error" | head -n 5 || true)
	t_check "$1: the daemon never exited, no sanitizer report" "$out" test -z "$out"
}

hostile_unchanged() {
	local name=$1 sums=$2
	shift 2
	t_check "$name: no image changed (sha256)" "checksums differ" \
		test "$sums" = "$(dq_sums "$@")"
}
