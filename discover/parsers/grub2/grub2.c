/* grub2.c: placeholder parser (finds nothing) until the real one lands. */
#include "discover/parsers/parser.h"

static int grub2_parse(struct parse_ctx *ctx)
{
	return 0;
}

const struct parser grub2_parser = {
	.name = "grub2",
	.parse = grub2_parse,
};
