/*
 * fuzz-uki.c: libFuzzer target for the UKI (BLS type #2) parser and
 * lib/pe.c: each input is an image in /EFI/Linux, read through the in-memory
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
 *     tests/fuzz/fuzz-uki.c build-fuzz/discover/parsers/parsers.a \
 *     build-fuzz/lib/lib.a -ljansson -o build-fuzz/fuzz-uki
 * Run:
 *   mkdir -p build-fuzz/seeds-uki
 *   cp SOME.efi build-fuzz/seeds-uki   (any UKI, e.g. from ukify)
 *   build-fuzz/fuzz-uki -max_total_time=600 -max_len=65536 \
 *     build-fuzz/seeds-uki
 */
#include <stdint.h>

#include "tests/unit/discover/parsers/harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = size ? (const char *)data : "";
	struct memfs_file files[] = {
		{ "/EFI/Linux/fuzz+0-1.efi", d, size },
	};
	struct memfs fs = MEMFS(files);
	struct parse_ctx ctx;

	memfs_run(&ctx, &fs, "uki");
	parse_ctx_release(&ctx);
	return 0;
}
