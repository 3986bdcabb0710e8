/*
 * fuzz-syslinux.c: libFuzzer target for the syslinux/extlinux parser: each
 * input is the main config and also a.cfg and b.cfg next to it, so that
 * INCLUDE, cycles and CONFIG entries are reached, read through the in-memory
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
