/*
 * fuzz-bls.c: libFuzzer target for the BLS type #1 parser: each input is an
 * entry file (with a boot counter in its name) and also loader.conf, read
 * through the in-memory parse_io of tests/unit/discover/parsers/harness.h; options
 * and diagnostics are built and freed, so AddressSanitizer sees any overrun
 * or leak.
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
