/* url.h: URLs as strings (pure): is it one, its origin, its folder, and
 * a reference resolved against it. No parsing beyond what baton needs. */
#ifndef BATON_LIB_URL_H
#define BATON_LIB_URL_H

#include <stdbool.h>
#include <stddef.h>

/* s starts with "scheme://" (letters, then letters, digits, '+-.'). */
bool url_is(const char *s);

/* url's scheme is one baton fetches: tftp, http or https (any case). */
bool url_fetchable(const char *url);

/* Length of "scheme://host[:port]" at the start of url, 0 when not a URL. */
size_t url_origin_len(const char *url);

/* The folder of url (up to and with its last '/'), new; NULL on error. */
char *url_dir(const char *url);

/*
 * ref resolved against base (a URL; its last '/' ends the folder): a URL
 * is returned as is, "/x" replaces the path, "x" is appended to the
 * folder. A new string, NULL when out of memory or base is not a URL.
 */
char *url_resolve(const char *base, const char *ref);

/*
 * Is s an HTTP proxy baton can use: "http://HOST[:PORT][/]",
 * "https://..." or "HOST[:PORT]" (HOST a name, an IPv4 address or an
 * [IPv6] one)? 0, or -EINVAL with a static sentence in *why.
 */
int url_check_proxy(const char *s, const char **why);

#endif
