/* store.c: settings stores: the table of backends, specs, load and save. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "board/board.h"
#include "board/store-internal.h"
#include "lib/util.h"

static const struct board_store_ops *const backends[] = {
	&board_store_file,
	&board_store_label,
	&board_store_efi,
};

static char *describe(const struct board_store_ops *ops, const char *arg)
{
	if (ops == &board_store_label)
		return str_printf("file /%s on the partition labelled %s",
				  BOARD_CONFIG_FILE, arg);
	if (ops == &board_store_efi)
		return str_printf("EFI variable %s-%s (%s)", BOARD_EFI_VAR,
				  BOARD_EFI_GUID, arg);
	return str_printf("file %s", arg);
}

int store_open(const struct board_store_ops *ops, const char *arg,
	       const char *dev, struct board_store **out)
{
	struct board_store *st = calloc(1, sizeof(*st));
	int ret;

	if (!st)
		return -ENOMEM;
	st->ops = ops;
	st->arg = strdup(arg && *arg ? arg : ops->default_arg ?
			 ops->default_arg : "");
	st->dev = dev ? strdup(dev) : NULL;
	st->desc = st->arg ? describe(ops, st->arg) : NULL;
	ret = !st->desc || (dev && !st->dev) ? -ENOMEM :
	      !*st->arg ? -EINVAL : 0;
	if (ret) {
		board_store_free(st);
		return ret;
	}
	*out = st;
	return 0;
}

int board_store_open(const char *spec, struct board_store **out)
{
	const char *colon = strchr(spec, ':');
	size_t i, n = colon ? (size_t)(colon - spec) : strlen(spec);

	*out = NULL;
	if (streq(spec, "none"))
		return 0;
	for (i = 0; i < ARRAY_SIZE(backends); i++)
		if (n == strlen(backends[i]->name) &&
		    !strncmp(spec, backends[i]->name, n))
			return store_open(backends[i], colon ? colon + 1 : NULL,
					  NULL, out);
	/* a plain path */
	if (spec[0] != '/' && !str_startswith(spec, "./"))
		return -EINVAL;
	return store_open(&board_store_file, spec, NULL, out);
}

void board_store_free(struct board_store *st)
{
	if (!st)
		return;
	free(st->arg);
	free(st->dev);
	free(st->desc);
	free(st);
}

const char *board_store_describe(const struct board_store *st)
{
	return st ? st->desc : "nowhere: changes last until the next boot";
}

int board_store_load(const struct board_store *st, char **text)
{
	if (!st)
		return -ENOENT;
	return st->ops->load(st->arg, st->dev, text);
}

int board_store_save(const struct board_store *st, const char *text)
{
	if (!st)
		return -EROFS;
	return st->ops->save(st->arg, st->dev, text);
}
