/* bls.c: placeholder parser (finds nothing) until the real one lands. */
#include "discover/parsers/parser.h"

static int bls_parse(struct parse_ctx *ctx)
{
	return 0;
}

const struct parser bls_parser = {
	.name = "bls",
	.parse = bls_parse,
};
