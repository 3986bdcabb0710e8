/*
 * net-io.h: the parse_io of network sources: a path is absolute under the
 * source's URL (source_info.url, "tftp://10.0.0.1" + "/pxelinux.cfg/x")
 * or a whole URL. URLs under a root given with net_io_add_root are read
 * from a folder instead (`baton scan --url-root URL=DIR`, confined to it);
 * others are fetched (discover/fetch.h) when the io may fetch, and refused
 * otherwise. Schemes other than tftp, http and https are refused.
 */
#ifndef BATON_DISCOVER_NET_IO_H
#define BATON_DISCOVER_NET_IO_H

#include <stdbool.h>

#include "discover/fetch.h"
#include "discover/parsers/parser.h"
#include "lib/util.h"

#define NET_IO_MAX_ROOTS 64
/* Why a URL could not be read when the io may not fetch (-EHOSTUNREACH) */
#define NET_IO_NO_ROOT "under no --url-root, and nothing is fetched here"

struct net_io {
	struct vec roots;	/* internal: URL prefix -> folder */
	const struct fetch_opts *fetch;	/* NULL: no network, roots only */
	char *last_url;		/* the last file read, kept for one more read */
	char *last_buf;
	size_t last_len;
};

/* The parse_io; its priv is a struct net_io. */
extern const struct parse_io net_parse_io;

/*
 * Add "URL=DIR": URLs under URL (a tftp/http/https URL; a '/' is added
 * when it has none) are read from the folder DIR. Returns 0, -EINVAL with
 * a sentence in *err (free it) for a spec with no '=', a URL baton does
 * not fetch, a DIR that is not a folder; -E2BIG past NET_IO_MAX_ROOTS;
 * -ENOMEM.
 */
int net_io_add_root(struct net_io *io, const char *spec, char **err);

/* "/p" under src->url, or path itself when it is a URL; new, or NULL. */
char *net_io_url(const struct source_info *src, const char *path);

/*
 * Whether url maps to a file under a root that exists (for "missing" in
 * `baton scan`): -ENOENT when it does not, -ENXIO when no root has url.
 */
int net_io_root_exists(struct net_io *io, const char *url);

/* The first len bytes of url (see fetch_head; a root file read directly). */
int net_io_head(struct net_io *io, const char *url, void *buf, size_t len,
		size_t *got, char **err);

void net_io_release(struct net_io *io);

#endif
