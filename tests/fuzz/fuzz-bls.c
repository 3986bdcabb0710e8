/*
 * fuzz-bls.c: libFuzzer target for the BLS type #1 parser: each input is an
 * entry file (with a boot counter in its name) and also loader.conf, read
 * through the in-memory parse_io of tests/unit/discover/parsers/harness.h; options
 * and diagnostics are built and freed, so AddressSanitizer sees any overrun
 * or leak.
 *
 * Build (from the repository root; the libraries first, with clang):
 *   make O=build-fuzz defconfig
 *   make O=build-fuzz CC=clang CFLAGS="-g -O1 -Wno-format-nonliteral \
 *     -fsanitize=address,undefined,fuzzer-no-link" \
 *     build-fuzz/lib/lib.a build-fuzz/discover/parsers/parsers.a
 *   clang -g -O1 -fsanitize=address,undefined,fuzzer -D_GNU_SOURCE -I. \
 *     -Ibuild-fuzz/include -include build-fuzz/include/generated/autoconf.h \
 *     tests/fuzz/fuzz-bls.c build-fuzz/discover/parsers/parsers.a \
 *     build-fuzz/lib/lib.a -ljansson -o build-fuzz/fuzz-bls
 * Run:
 *   mkdir -p build-fuzz/seeds-bls
 *   find tests/data/bls -type f -name '*.conf' \
 *     -exec cp {} build-fuzz/seeds-bls \;
 *   build-fuzz/fuzz-bls -max_total_time=600 -max_len=65536 \
 *     build-fuzz/seeds-bls
 */
#include <stdint.h>

#include "tests/unit/discover/parsers/harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = size ? (const char *)data : "";
	struct memfs_file files[] = {
		{ "/loader/entries/fuzz+1-2.conf", d, size },
		{ "/loader/loader.conf", d, size },
		{ "/boot/loader/entries/again.conf", d, size },
	};
	struct memfs fs = MEMFS(files);
	struct parse_ctx ctx;

	memfs_run(&ctx, &fs, "bls");
	parse_ctx_release(&ctx);
	return 0;
}
