/*
 * fuzz-pxelinux.c: libFuzzer target for pxelinux configs over the network
 * (the syslinux parser with IPAPPEND, PROXY and files as URLs): each input
 * is the config and also a.cfg and b.cfg under the path prefix, so that
 * INCLUDE and its cycles are reached, read through the in-memory server of
 * tests/unit/discover/parsers/urlfs.h.
 */
#include <stdint.h>

#include "discover/parsers/netboot.h"
#include "tests/unit/discover/parsers/urlfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct source_info si = {
		.name = (char *)"eth0", .url = (char *)"tftp://10.0.0.1",
	};
	static const struct netboot_env env = {
		.mac = "52:54:00:12:34:56", .ip = "10.0.0.5", .server = "10.0.0.1",
	};
	char *text = urlfs_text(data, size), *proxy = NULL;
	struct parse_ctx ctx;

	if (!text)
		return 0;
	{
		struct urlfs_file files[] = {
			{ "tftp://10.0.0.1/pxelinux.cfg/default", text },
			{ "tftp://10.0.0.1/boot/a.cfg", text },
			{ "tftp://10.0.0.1/boot/b.cfg", text },
		};
		struct urlfs fs = URLFS(files);

		urlfs_ctx(&ctx, &fs, &si);
		pxelinux_parse(&ctx, "tftp://10.0.0.1/pxelinux.cfg/default",
			       "tftp://10.0.0.1/boot/", &env, &proxy);
		parse_ctx_release(&ctx);
	}
	free(proxy);
	free(text);
	return 0;
}
