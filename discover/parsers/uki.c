/* uki.c: placeholder parser (finds nothing) until the real one lands. */
#include "discover/parsers/parser.h"

static int uki_parse(struct parse_ctx *ctx)
{
	return 0;
}

const struct parser uki_parser = {
	.name = "uki",
	.parse = uki_parse,
};
