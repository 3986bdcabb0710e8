/*
 * fuzz-grub2.c: libFuzzer target for the GRUB 2 parser: the input is the
 * grub.cfg (and, so that source, configfile, load_env and blscfg have
 * something to chew on, also a sourced file, the grubenv and a BLS entry).
 */
#include <stddef.h>
#include <stdint.h>

#include "discover/parsers/parser.h"
#include "tests/unit/discover/parsers/grub2-memfs.h"

extern const struct parser grub2_parser;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data;
	struct memfile files[] = {
		{ "/boot/grub/grub.cfg", d, size },
		{ "/boot/grub/x.cfg", d, size },
		{ "/boot/grub/grubenv", d, size },
		{ "/loader/entries/a.conf", d, size },
	};
	struct memfs fs = { files, sizeof(files) / sizeof(files[0]) };
	struct source_info si = { .name = "fuzz", .uuid = "1234-ABCD" };
	const struct source_info *all[] = { &si };
	struct parse_ctx ctx;

	parse_ctx_init(&ctx, &memfs_io, &fs, &si, all, 1);
	ctx.parser = "grub2";
	grub2_parser.parse(&ctx);
	parse_ctx_release(&ctx);
	return 0;
}
