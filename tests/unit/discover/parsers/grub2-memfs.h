/*
 * grub2-memfs.h: an in-memory parse_io for the GRUB 2 parser's tests and
 * fuzz target: a list of (path, bytes) on one source; directories are
 * implied by the paths. Header-only so each test program stays one file.
 */
#ifndef BATON_TESTS_GRUB2_MEMFS_H
#define BATON_TESTS_GRUB2_MEMFS_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/parser.h"

struct memfile {
	const char *path;
	const char *data;
	size_t len;
};

struct memfs {
	const struct memfile *files;
	size_t n;
};

static const struct memfile *memfs_find(const struct memfs *fs,
					const char *path)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (!strcmp(fs->files[i].path, path))
			return &fs->files[i];
	return NULL;
}

/* Is there a file under dir/ ? */
static int memfs_is_dir(const struct memfs *fs, const char *dir)
{
	size_t i, n = strlen(dir);

	if (n == 1 && dir[0] == '/')
		return 1;
	for (i = 0; i < fs->n; i++)
		if (!strncmp(fs->files[i].path, dir, n) &&
		    fs->files[i].path[n] == '/')
			return 1;
	return 0;
}

static int memfs_read(void *priv, const struct source_info *src,
		      const char *path, size_t max, char **buf, size_t *len)
{
	const struct memfile *f = memfs_find(priv, path);

	if (!f)
		return memfs_is_dir(priv, path) ? -EISDIR : -ENOENT;
	if (f->len > max)
		return -EFBIG;
	*buf = malloc(f->len + 1);
	if (!*buf)
		return -ENOMEM;
	memcpy(*buf, f->data, f->len);
	(*buf)[f->len] = '\0';
	*len = f->len;
	return 0;
}

static int memfs_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int memfs_list(void *priv, const struct source_info *src,
		      const char *dir, char ***names)
{
	const struct memfs *fs = priv;
	size_t i, k, n = strlen(dir), count = 0;
	const char *rest, *slash;
	char **v;

	if (!memfs_is_dir(fs, dir))
		return -ENOENT;
	v = calloc(fs->n + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	if (n == 1)
		n = 0;
	for (i = 0; i < fs->n; i++) {
		if (strncmp(fs->files[i].path, dir, n) ||
		    fs->files[i].path[n] != '/')
			continue;
		rest = fs->files[i].path + n + 1;
		slash = strchr(rest, '/');
		k = slash ? (size_t)(slash - rest) : strlen(rest);
		v[count] = strndup(rest, k);
		for (k = 0; v[count] && k < count; k++)
			if (!strcmp(v[k], v[count]))
				break;
		if (v[count] && k == count)
			count++;
		else
			free(v[count]);
		v[count] = NULL;
	}
	qsort(v, count, sizeof(*v), memfs_cmp);
	*names = v;
	return 0;
}

static int memfs_stat(void *priv, const struct source_info *src,
		      const char *path, struct parse_stat *st)
{
	const struct memfile *f = memfs_find(priv, path);

	st->mtime = PARSE_MTIME_UNKNOWN;	/* tests wrap this for times */
	if (f) {
		st->is_dir = 0;
		st->size = f->len;
		return 0;
	}
	if (!memfs_is_dir(priv, path))
		return -ENOENT;
	st->is_dir = 1;
	st->size = 0;
	return 0;
}

static const struct parse_io memfs_io = {
	.read = memfs_read,
	.list = memfs_list,
	.stat = memfs_stat,
};

#endif
