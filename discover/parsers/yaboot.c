/* yaboot.c: placeholder parser (finds nothing) until the real one lands. */
#include "discover/parsers/parser.h"

static int yaboot_parse(struct parse_ctx *ctx)
{
	return 0;
}

const struct parser yaboot_parser = {
	.name = "yaboot",
	.parse = yaboot_parse,
};
