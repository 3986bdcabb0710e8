/*
 * fuzz-ipxe.c: libFuzzer target for the iPXE script parser: each input is
 * a script served at two URLs (a.ipxe, which runs, and b.ipxe, which it may
 * chain to), read through the in-memory server of
 * tests/unit/discover/parsers/urlfs.h; options and diagnostics are built and freed,
 * so AddressSanitizer sees any overrun or leak.
 *
 * Build (from the repository root; the libraries first, with clang):
 *   make O=build-fuzz defconfig
 *   make O=build-fuzz CC=clang CFLAGS="-g -O1 -Wno-format-nonliteral \
 *     -fsanitize=address,undefined,fuzzer-no-link" \
 *     build-fuzz/lib/lib.a build-fuzz/discover/parsers/parsers.a
 *   clang -g -O1 -fsanitize=address,undefined,fuzzer -D_GNU_SOURCE -I. \
 *     -Ibuild-fuzz/include -include build-fuzz/include/generated/autoconf.h \
 *     tests/fuzz/fuzz-ipxe.c build-fuzz/discover/parsers/parsers.a \
 *     build-fuzz/lib/lib.a -ljansson -o build-fuzz/fuzz-ipxe
 * Run:
 *   mkdir -p build-fuzz/seeds-ipxe
 *   cp tests/data/netboot/tftp/boot.ipxe build-fuzz/seeds-ipxe/
 *   build-fuzz/fuzz-ipxe -max_total_time=600 -max_len=16384 \
 *     build-fuzz/seeds-ipxe
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
