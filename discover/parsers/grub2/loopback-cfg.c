/* loopback-cfg.c: ISO images' loopback.cfg, as GRUB's loopback convention runs it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/grub2-loopback.h"
#include "discover/parsers/grub2/grub2-internal.h"

const struct source_info *g2_image_source(struct g2_interp *in,
					  const char *image)
{
	const char *close = image ? strchr(image, ')') : NULL;
	size_t i, n;

	if (!close || image[0] != '(' || close[1] != '/')
		return NULL;
	n = close - image - 1;
	for (i = 0; i < in->ctx->n_sources; i++) {
		const char *name = in->ctx->sources[i]->name;

		if (name && !strncmp(name, image + 1, n) && name[n] == ':' &&
		    !strcmp(name + n + 1, close + 1))
			return in->ctx->sources[i];
	}
	return NULL;
}

/* Whether s can stand in '...' of a GRUB script, on one line. */
static bool quotable(const char *s)
{
	for (; *s; s++)
		if (*s == '\'' || (unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

int grub2_parse_iso_loopback(struct parse_ctx *ctx, const char *iso_path)
{
	char *script;

	if (iso_path[0] != '/' || !quotable(iso_path)) {
		parse_warn(ctx, iso_path, 0, "an image name GRUB's loopback "
			   "convention cannot pass: not read");
		return 0;
	}
	/* what a multiboot stick's grub.cfg does for each of its images */
	script = str_printf("set iso_path='%s'\n"
			    "export iso_path\n"
			    "loopback loop '%s'\n"
			    "set root=(loop)\n"
			    "configfile " GRUB2_LOOPBACK_CFG "\n",
			    iso_path, iso_path);
	if (!script)
		return -ENOMEM;
	return g2_parse_buffer(ctx, iso_path, script, strlen(script));
}
