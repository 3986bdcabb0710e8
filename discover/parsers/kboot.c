/* kboot.c: placeholder parser (finds nothing) until the real one lands. */
#include "discover/parsers/parser.h"

static int kboot_parse(struct parse_ctx *ctx)
{
	return 0;
}

const struct parser kboot_parser = {
	.name = "kboot",
	.parse = kboot_parse,
};
