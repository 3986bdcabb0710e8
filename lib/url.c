/* url.c: URLs as strings: origin, folder, and references resolved. */
#include <ctype.h>
#include <errno.h>
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

/* [port] after a proxy's host: ":" and 1-5 digits, or nothing. */
static bool proxy_port_ok(const char *p, size_t n)
{
	size_t i;

	if (!n)
		return true;
	if (p[0] != ':' || n < 2 || n > 6)
		return false;
	for (i = 1; i < n; i++)
		if (!isdigit((unsigned char)p[i]))
			return false;
	return true;
}

/* host[:port][/] of a proxy: a name or address, then digits. */
static bool proxy_host_ok(const char *h, size_t n)
{
	size_t i = 0;

	if (n && h[n - 1] == '/')
		n--;	/* "http://host:3128/" */
	if (n && h[0] == '[') {	/* [IPv6] */
		for (i = 1; i < n && h[i] != ']'; i++)
			if (!isxdigit((unsigned char)h[i]) && h[i] != ':' &&
			    h[i] != '.')
				return false;
		if (i == n || i == 1)
			return false;
		i++;
	} else {
		while (i < n && (isalnum((unsigned char)h[i]) || h[i] == '-' ||
				 h[i] == '.' || h[i] == '_'))
			i++;
		if (!i)
			return false;
	}
	return proxy_port_ok(h + i, n - i);
}

int url_check_proxy(const char *s, const char **why)
{
	const char *h = s;

	if (url_is(s)) {
		if (strncasecmp(s, "http://", 7) &&
		    strncasecmp(s, "https://", 8)) {
			*why = "a proxy is http://HOST[:PORT] or https://HOST[:PORT]";
			return -EINVAL;
		}
		h = strstr(s, "://") + 3;
	}
	if (!proxy_host_ok(h, strlen(h))) {
		*why = "want a proxy as http://HOST[:PORT]: a host name or address, then digits";
		return -EINVAL;
	}
	return 0;
}
