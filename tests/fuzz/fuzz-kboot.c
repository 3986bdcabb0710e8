/*
 * fuzz-kboot.c: libFuzzer target for the kboot.conf parser: each input is
 * /etc/kboot.conf, read through the in-memory parse_io of
 * tests/unit/discover/parsers/harness.h; options and diagnostics are built and freed,
 * so AddressSanitizer sees any overrun or leak.
 */
#include <stdint.h>

#include "tests/unit/discover/parsers/harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = size ? (const char *)data : "";
	struct memfs_file files[] = {
		{ "/etc/kboot.conf", d, size },
	};
	struct memfs fs = MEMFS(files);
	struct parse_ctx ctx;

	memfs_run(&ctx, &fs, "kboot");
	parse_ctx_release(&ctx);
	return 0;
}
