/*
 * fuzz-grub2.c: libFuzzer target for the GRUB 2 parser: the input is the
 * grub.cfg (and, so that source, configfile, load_env and blscfg have
 * something to chew on, also a sourced file, the grubenv and a BLS entry).
 * Build and run from the top of the tree (after `make` made build/include;
 * smaller run-time budgets make more runs per second):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -DG2_CONFIG_STEPS=20000 -DG2_ENTRY_STEPS=2000 -DG2_TOTAL_STEPS=100000 -DG2_RUN_WORK_BYTES=1048576 -I. -Ibuild/include -include build/include/generated/autoconf.h -o fuzz-grub2 tests/fuzz/fuzz-grub2.c discover/parsers/grub2/[a-z]*.c discover/parsers/parser.c discover/parsers/conf.c lib/boot-option.c lib/util.c lib/strbuf.c lib/text.c -ljansson && mkdir -p fuzz-corpus && ./fuzz-grub2 -max_len=65536 fuzz-corpus
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
