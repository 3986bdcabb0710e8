/* url.c: URLs as strings: origin, folder, and references resolved. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/url.h"
#include "lib/util.h"

bool url_is(const char *s)
{
	const char *c = s;

	while ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
	       (c > s && ((*c >= '0' && *c <= '9') || *c == '+' ||
			  *c == '-' || *c == '.')))
		c++;
	return c > s && strncmp(c, "://", 3) == 0;
}

bool url_fetchable(const char *url)
{
	static const char *const ok[] = { "tftp://", "http://", "https://" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ok); i++)
		if (!strncasecmp(url, ok[i], strlen(ok[i])))
			return true;
	return false;
}

size_t url_origin_len(const char *url)
{
	const char *p;

	if (!url_is(url))
		return 0;
	p = strstr(url, "://") + 3;
	return p - url + strcspn(p, "/?#");
}

char *url_dir(const char *url)
{
	size_t o = url_origin_len(url);
	const char *slash;

	if (!o)
		return NULL;
	slash = memrchr(url + o, '/', strcspn(url + o, "?#"));
	if (!slash)
		return str_printf("%.*s/", (int)o, url);
	return str_ndup(url, slash + 1 - url);
}

char *url_resolve(const char *base, const char *ref)
{
	size_t o = url_origin_len(base);
	char *dir, *out;

	if (url_is(ref))
		return strdup(ref);
	if (!o)
		return NULL;
	if (ref[0] == '/')
		return str_printf("%.*s%s", (int)o, base, ref);
	dir = url_dir(base);
	if (!dir)
		return NULL;
	out = str_printf("%s%s", dir, ref);
	free(dir);
	return out;
}
