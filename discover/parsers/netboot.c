/* netboot.c: what the network config parsers share: schemes refused. */
#include <errno.h>
#include <stdlib.h>

#include "discover/parsers/netboot.h"
#include "lib/url.h"

static const char *refused(const struct boot_file *f)
{
	return f && f->url && !url_fetchable(f->url) ? f->url : NULL;
}

int netboot_check_schemes(struct boot_option *o)
{
	const char *bad = refused(o->kernel) ?: refused(o->dtb);
	size_t i;

	for (i = 0; !bad && o->initrds && o->initrds[i]; i++)
		bad = refused(o->initrds[i]);
	for (i = 0; !bad && o->dtb_overlays && o->dtb_overlays[i]; i++)
		bad = refused(o->dtb_overlays[i]);
	if (!bad || o->error)
		return 0;
	o->error = str_printf("%.*s: the scheme is refused: baton fetches only "
			      "tftp://, http:// and https://",
			      (int)MIN(strlen(bad), 200), bad);
	return o->error ? 0 : -ENOMEM;
}
