/*
 * fuzz-uki.c: libFuzzer target for the UKI (BLS type #2) parser and
 * lib/pe.c: each input is an image in /EFI/Linux, read through the in-memory
 * parse_io of tests/unit/discover/parsers/harness.h; options and diagnostics are
 * built and freed, so AddressSanitizer sees any overrun or leak.
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
