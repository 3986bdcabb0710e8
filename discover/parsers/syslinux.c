/* syslinux.c: placeholder parser (finds nothing) until the real one lands. */
#include "discover/parsers/parser.h"

static int syslinux_parse(struct parse_ctx *ctx)
{
	return 0;
}

const struct parser syslinux_parser = {
	.name = "syslinux",
	.parse = syslinux_parse,
};
