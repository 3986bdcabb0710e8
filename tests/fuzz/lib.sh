# tests/fuzz/lib.sh: seeds and runs of the libFuzzer targets that `make
# fuzz` builds, for tests/fuzz/run.sh (make check) and bench/fuzz.
# Sourced from the top of the tree, with O set.
#
# Every run is bounded: -malloc_limit_mb makes an input that asks for
# more memory at once a finding (an "oom-" artifact), -rss_limit_mb the
# whole process grown too big, and ASan's quarantine of freed memory (256
# MiB by default, which is what made a grub2 run reach 508 MB while its
# inputs needed a few MB) is kept small. The process still grows in a
# long run with the sanitizer's and libFuzzer's own records (allocation
# stacks, the corpus): fuzz-yaboot reached 385 MB in 10 minutes while no
# yaboot input of its corpus needs over 5 MB in the release build (its
# peak RSS, /usr/bin/time), so the limit leaves room for that.

FUZZ_BIN=$O/fuzz/tests/fuzz
FUZZ_DATA=${FUZZ_DATA:-../shared/corpora}
FUZZ_RSS_MB=${FUZZ_RSS_MB:-640}
FUZZ_MALLOC_MB=${FUZZ_MALLOC_MB:-160}
export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=16:detect_leaks=1:malloc_context_size=20}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# fuzz_targets: the targets built, one name a line.
fuzz_targets() {
	for t in "$FUZZ_BIN"/fuzz-*; do
		case $t in *.o|*.d) continue;; esac
		[ -x "$t" ] && echo "${t##*/fuzz-}"
	done
}

# fuzz_max_len NAME: the longest input worth trying.
fuzz_max_len() {
	case $1 in
	config|cmdline) echo 4096;;
	*) echo 65536;;
	esac
}

# copy_found DIR FIND-ARGS...: copy the files find lists into DIR, each
# named after its path (corpus cases share file names).
copy_found() {
	dir=$1
	shift
	find "$@" -type f 2>/dev/null | while read -r f; do
		cp "$f" "$dir/$(printf '%s' "$f" | tr '/' '_')"
	done
}

# dtb_seeds DIR: the device trees of tests/data/loader compiled, and the
# base tree followed by overlays, as fuzz-fdt reads them.
dtb_seeds() {
	dir=$1
	for f in tests/data/loader/*.dts; do
		dtc -q -@ -I dts -O dtb -o "$dir/${f##*/}.dtb" "$f" 2>/dev/null ||
			rm -f "$dir/${f##*/}.dtb"
	done
	python3 - "$dir" <<'PY'
import sys
d = sys.argv[1]
def blob(n):
    b = open("%s/%s.dts.dtb" % (d, n), "rb").read()
    return b + bytes(-len(b) % 8)
for name, parts in (("base+one+two", ["base", "overlay-one", "overlay-two"]),
                    ("base+missing", ["base", "overlay-missing"]),
                    ("running+one", ["running", "overlay-one"])):
    try:
        data = b"".join(blob(p) for p in parts)
    except OSError:
        continue
    open("%s/cat-%s" % (d, name), "wb").write(data)
PY
	copy_found "$dir" "$FUZZ_DATA/u-root/pkg/dt/testdata" -name '*.dtb'
}

# fuzz_seeds NAME DIR: fill DIR with NAME's seeds: files of tests/data and
# the shared corpora, generated ones (tests/fuzz/seeds.py), and the
# regression inputs of tests/data/fuzz/NAME (every crash found so far).
fuzz_seeds() {
	name=$1 dir=$2
	rm -rf "$dir"
	mkdir -p "$dir"
	case $name in
	grub2)
		copy_found "$dir" tests/data/grub2 \( -name '*.cfg' -o -name grubenv \)
		copy_found "$dir" "$FUZZ_DATA/u-root/pkg/boot/grub" -name '*.cfg';;
	bls)
		copy_found "$dir" tests/data/bls -name '*.conf'
		copy_found "$dir" "$FUZZ_DATA/u-root/pkg/boot/bls" -name '*.conf';;
	syslinux)
		copy_found "$dir" tests/data/syslinux ! -name '*.json'
		copy_found "$dir" "$FUZZ_DATA/u-root/pkg/boot/syslinux" -name '*.cfg'
		copy_found "$dir" "$FUZZ_DATA/u-root/integration" -path '*pxelinux.cfg*';;
	kboot|yaboot)
		copy_found "$dir" "tests/data/$name" -name '*.conf';;
	fdt)
		dtb_seeds "$dir";;
	ipxe)
		copy_found "$dir" tests/data/netboot -name '*.ipxe';;
	pxelinux)
		copy_found "$dir" tests/data/netboot -path '*pxelinux.cfg*' -type f;;
	lease)	# the leases of the `scan --dhcp` cases
		grep -o -- '--dhcp [^ ]*' tests/data/netboot/cases |
			cut -d' ' -f2 | awk -v d="$dir" '{ print > (d "/lease-" NR) }';;
	esac
	python3 tests/fuzz/seeds.py "$name" "$dir"
	[ -d "tests/data/fuzz/$name" ] && cp tests/data/fuzz/"$name"/* "$dir"/
	return 0
}

# fuzz_run NAME SECONDS WORK: run NAME over its seeds, then fuzz for
# SECONDS, restarting after each crash until the time is used. The corpus
# grows in WORK/corpus/NAME; findings go to WORK/artifacts/NAME-*. Sets
# FZ_RUNS, FZ_EXECS (per second), FZ_COV (edges), FZ_RSS (peak MB),
# FZ_CRASHES, FZ_LOG (the last run's output).
fuzz_run() {
	name=$1 secs=$2 work=$3
	corpus=$work/corpus/$name seeds=$work/seeds/$name
	FZ_LOG=$work/log/$name.log
	mkdir -p "$corpus" "$work/artifacts" "$work/log"
	fuzz_seeds "$name" "$seeds"
	FZ_RUNS=0 FZ_COV=0 FZ_RSS=0 FZ_CRASHES=0
	start=$(date +%s)
	left=$secs
	while :; do
		rc=0	# a finding exits non-zero: no set -e of a caller ends us
		"$FUZZ_BIN/fuzz-$name" -max_total_time="$left" \
			-max_len="$(fuzz_max_len "$name")" -timeout=10 \
			-rss_limit_mb="$FUZZ_RSS_MB" \
			-malloc_limit_mb="$FUZZ_MALLOC_MB" \
			-print_final_stats=1 \
			-artifact_prefix="$work/artifacts/$name-" \
			"$corpus" "$seeds" >"$FZ_LOG" 2>&1 || rc=$?
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$FZ_LOG")
		rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$FZ_LOG")
		cov=$(grep -o 'cov: [0-9]*' "$FZ_LOG" | tail -n 1 | cut -d' ' -f2)
		FZ_RUNS=$((FZ_RUNS + ${runs:-0}))
		[ "${rss:-0}" -gt "$FZ_RSS" ] && FZ_RSS=$rss
		[ "${cov:-0}" -gt "$FZ_COV" ] && FZ_COV=$cov
		[ "$rc" -ne 0 ] && FZ_CRASHES=$((FZ_CRASHES + 1))
		used=$(($(date +%s) - start))
		left=$((secs - used))
		[ "$rc" -ne 0 ] && [ "$left" -gt 0 ] || break
	done
	FZ_EXECS=$((FZ_RUNS / (used > 0 ? used : 1)))
	return 0
}
