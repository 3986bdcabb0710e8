/* net-io.c: files of network sources: from --url-root folders, or fetched. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discover/net-io.h"
#include "discover/source.h"
#include "lib/url.h"

struct root {
	char *prefix;		/* ends with '/' */
	struct source *src;
};

static void root_free(void *p)
{
	struct root *r = p;

	if (!r)
		return;
	free(r->prefix);
	source_free(r->src);
	free(r);
}

int net_io_add_root(struct net_io *io, const char *spec, char **err)
{
	const char *eq = strchr(spec, '=');
	struct source_info si = { .name = (char *)"url-root" };
	struct root *r;
	char *url;
	int ret;

	*err = NULL;
	if (!eq || eq == spec || !eq[1]) {
		*err = str_printf("--url-root %s: expected URL=DIR", spec);
		return -EINVAL;
	}
	if (io->roots.n >= NET_IO_MAX_ROOTS)
		return -E2BIG;
	url = str_printf("%.*s%s", (int)(eq - spec), spec,
			 eq[-1] == '/' ? "" : "/");
	if (!url)
		return -ENOMEM;
	if (!url_fetchable(url) || url_origin_len(url) <= strlen("tftp://")) {
		*err = str_printf("--url-root %s: not a tftp://, http:// or https:// URL",
				  url);
		free(url);
		return -EINVAL;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		free(url);
		return -ENOMEM;
	}
	r->prefix = url;
	r->src = source_open_dir(eq + 1, &si, &ret);
	if (!r->src) {
		*err = str_printf("--url-root %s: %s", eq + 1, strerror(-ret));
		root_free(r);
		return ret == -ENOMEM ? ret : -EINVAL;
	}
	ret = vec_push(&io->roots, r);
	if (ret)
		root_free(r);
	return ret;
}

char *net_io_url(const struct source_info *src, const char *path)
{
	if (url_is(path))
		return strdup(path);
	if (!src->url || path[0] != '/')
		return NULL;
	return str_printf("%s%s", src->url, path);
}

/* The root holding url (the longest prefix) and the path under it. */
static struct root *find_root(struct net_io *io, const char *url, char **path)
{
	struct root *best = NULL;
	size_t i, n;

	for (i = 0; i < io->roots.n; i++) {
		struct root *r = io->roots.v[i];

		n = strlen(r->prefix);
		if (!strncmp(url, r->prefix, n) &&
		    (!best || n > strlen(best->prefix)))
			best = r;
	}
	if (!best)
		return NULL;
	n = strlen(best->prefix) - 1;	/* keep the '/' */
	*path = str_ndup(url + n, strcspn(url + n, "?#"));
	return *path ? best : NULL;
}

static void remember(struct net_io *io, const char *url, const char *buf,
		     size_t len)
{
	free(io->last_url);
	free(io->last_buf);
	io->last_url = strdup(url);
	io->last_buf = malloc(len + 1);
	if (!io->last_url || !io->last_buf) {
		free(io->last_url);
		free(io->last_buf);
		io->last_url = io->last_buf = NULL;
		return;
	}
	memcpy(io->last_buf, buf, len + 1);
	io->last_len = len;
}

static int read_url(struct net_io *io, const char *url, size_t max,
		    char **buf, size_t *len)
{
	struct fetch_opts o;
	struct root *r;
	char *path = NULL;
	int ret;

	if (!url_fetchable(url))
		return -EPROTONOSUPPORT;
	r = find_root(io, url, &path);
	if (r) {
		ret = source_read(r->src, path, max, buf, len);
		free(path);
		return ret;
	}
	if (!io->fetch)
		return -EHOSTUNREACH;	/* no network here */
	o = *io->fetch;
	o.max_bytes = max;
	return fetch_to_buffer(url, &o, buf, len, NULL);
}

static int net_read(void *priv, const struct source_info *src,
		    const char *path, size_t max, char **buf, size_t *len)
{
	struct net_io *io = priv;
	char *url = net_io_url(src, path);
	int ret;

	if (!url)
		return url_is(path) || path[0] == '/' ? -ENOMEM : -EINVAL;
	if (io->last_url && streq(io->last_url, url) && io->last_len <= max) {
		*buf = malloc(io->last_len + 1);
		ret = *buf ? 0 : -ENOMEM;
		if (*buf) {
			memcpy(*buf, io->last_buf, io->last_len + 1);
			*len = io->last_len;
		}
	} else {
		ret = read_url(io, url, max, buf, len);
		if (!ret)
			remember(io, url, *buf, *len);
	}
	free(url);
	return ret;
}

static int net_list(void *priv, const struct source_info *src,
		    const char *dir, char ***names)
{
	return -EOPNOTSUPP;	/* servers are not listed */
}

int net_io_root_exists(struct net_io *io, const char *url)
{
	char *path = NULL;
	struct root *r = find_root(io, url, &path);
	int fd;

	if (!r)
		return -ENXIO;
	fd = source_open(r->src, path, O_RDONLY);
	free(path);
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

/* Known only under a root: a server is never probed for a file. */
static int net_stat(void *priv, const struct source_info *src,
		    const char *path, struct parse_stat *st)
{
	struct net_io *io = priv;
	char *url = net_io_url(src, path), *p = NULL;
	struct root *r = url ? find_root(io, url, &p) : NULL;
	struct stat sb;
	int fd, ret = r ? 0 : -EOPNOTSUPP;

	if (r) {
		fd = source_open(r->src, p, O_PATH);
		ret = fd < 0 ? fd : fstat(fd, &sb) < 0 ? -errno : 0;
		if (fd >= 0)
			close(fd);
		if (!ret) {
			st->is_dir = S_ISDIR(sb.st_mode);
			st->size = sb.st_size;
			st->mtime = sb.st_mtime;
		}
	}
	free(p);
	free(url);
	return ret;
}

int net_io_head(struct net_io *io, const char *url, void *buf, size_t len,
		size_t *got, char **err)
{
	char *path = NULL;
	struct root *r;
	ssize_t n;
	int fd;

	if (err)
		*err = NULL;
	r = find_root(io, url, &path);
	if (!r && !io->fetch) {
		if (err)
			*err = str_printf("%s: %s", url, NET_IO_NO_ROOT);
		return -EHOSTUNREACH;
	}
	if (!r)
		return fetch_head(url, io->fetch, buf, len, got, err);
	fd = source_open(r->src, path, O_RDONLY);
	free(path);
	if (fd < 0)
		return fd;
	n = pread(fd, buf, len, 0);
	close(fd);
	if (n < 0)
		return -errno;
	*got = n;
	return 0;
}

void net_io_release(struct net_io *io)
{
	vec_free(&io->roots, root_free);
	free(io->last_url);
	free(io->last_buf);
	io->last_url = io->last_buf = NULL;
}

const struct parse_io net_parse_io = {
	.read = net_read,
	.list = net_list,
	.stat = net_stat,
};
