/*
 * fuzz-syslinux.c: libFuzzer target for the syslinux/extlinux parser: each
 * input is the main config and also a.cfg and b.cfg next to it, so that
 * INCLUDE, cycles and CONFIG entries are reached, read through the in-memory
 * parse_io of tests/unit/discover/parsers/harness.h; options and diagnostics are
 * built and freed, so AddressSanitizer sees any overrun or leak.
 *
 * Build (from the repository root; the libraries first, with clang):
 *   make O=build-fuzz defconfig
 *   make O=build-fuzz CC=clang CFLAGS="-g -O1 -Wno-format-nonliteral \
 *     -fsanitize=address,undefined,fuzzer-no-link" \
 *     build-fuzz/lib/lib.a build-fuzz/discover/parsers/parsers.a
 *   clang -g -O1 -fsanitize=address,undefined,fuzzer -D_GNU_SOURCE -I. \
 *     -Ibuild-fuzz/include -include build-fuzz/include/generated/autoconf.h \
 *     tests/fuzz/fuzz-syslinux.c build-fuzz/discover/parsers/parsers.a \
 *     build-fuzz/lib/lib.a -ljansson -o build-fuzz/fuzz-syslinux
 * Run:
 *   mkdir -p build-fuzz/seeds-syslinux
 *   find tests/data/syslinux -type f -exec cp {} \
 *     build-fuzz/seeds-syslinux \;
 *   build-fuzz/fuzz-syslinux -max_total_time=600 -max_len=65536 \
 *     build-fuzz/seeds-syslinux
 */
#include <stdint.h>

#include "tests/unit/discover/parsers/harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = size ? (const char *)data : "";
	struct memfs_file files[] = {
		{ "/syslinux/syslinux.cfg", d, size },
		{ "/syslinux/a.cfg", d, size },
		{ "/syslinux/b.cfg", d, size },
	};
	struct memfs fs = MEMFS(files);
	struct parse_ctx ctx;

	memfs_run(&ctx, &fs, "syslinux");
	parse_ctx_release(&ctx);
	return 0;
}
