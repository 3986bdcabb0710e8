/*
 * fuzz-ipxe.c: libFuzzer target for the iPXE script parser: each input is
 * a script served at two URLs (a.ipxe, which runs, and b.ipxe, which it may
 * chain to), read through the in-memory server of
 * tests/unit/discover/parsers/urlfs.h; options and diagnostics are built and freed,
 * so AddressSanitizer sees any overrun or leak.
 */
#include <stdint.h>

#include "discover/parsers/netboot.h"
#include "tests/unit/discover/parsers/urlfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct source_info si = {
		.name = (char *)"eth0", .url = (char *)"http://10.0.0.2",
	};
	static const struct netboot_env env = {
		.mac = "52:54:00:12:34:56", .ip = "10.0.0.5",
	};
	char *text = urlfs_text(data, size);
	struct parse_ctx ctx;

	if (!text)
		return 0;
	{
		struct urlfs_file files[] = {
			{ "http://10.0.0.2/a.ipxe", text },
			{ "http://10.0.0.2/b.ipxe", text },
		};
		struct urlfs fs = URLFS(files);

		urlfs_ctx(&ctx, &fs, &si);
		ipxe_parse(&ctx, "http://10.0.0.2/a.ipxe", &env);
		parse_ctx_release(&ctx);
	}
	free(text);
	return 0;
}
