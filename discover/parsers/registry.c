/*
 * registry.c: the list of boot-config parsers, in the order their options
 * appear in the menu. A disabled parser's entry folds to NULL at compile
 * time and is skipped.
 */
#include <errno.h>

#include "discover/parsers/parser.h"

extern const struct parser grub2_parser;
extern const struct parser bls_parser;
extern const struct parser uki_parser;
extern const struct parser syslinux_parser;
extern const struct parser kboot_parser;
extern const struct parser yaboot_parser;

#define ENTRY(cfg, p) IS_ENABLED(cfg) ? &(p) : NULL

static const struct parser *const all_parsers[] = {
	ENTRY(CONFIG_PARSER_GRUB2, grub2_parser),
	ENTRY(CONFIG_PARSER_BLS, bls_parser),
	ENTRY(CONFIG_PARSER_UKI, uki_parser),
	ENTRY(CONFIG_PARSER_SYSLINUX, syslinux_parser),
	ENTRY(CONFIG_PARSER_KBOOT, kboot_parser),
	ENTRY(CONFIG_PARSER_YABOOT, yaboot_parser),
};

const struct parser *parser_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(all_parsers); i++)
		if (all_parsers[i] && streq(all_parsers[i]->name, name))
			return all_parsers[i];
	return NULL;
}

int parsers_run(struct parse_ctx *ctx, const char *only)
{
	const struct parser *p;
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(all_parsers); i++) {
		p = all_parsers[i];
		if (!p || (only && !streq(p->name, only)))
			continue;
		ctx->parser = p->name;
		ret = p->parse(ctx);
		ctx->parser = NULL;
		if (ret == -ENOMEM)
			return ret;
	}
	return 0;
}
