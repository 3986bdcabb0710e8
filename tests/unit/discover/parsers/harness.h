/*
 * harness.h: running a parser in tests and fuzz targets on an in-memory
 * file tree given as C strings (dirfs.h fills one from a fixture folder).
 * Nothing here reaches discovery code: the parsers see only memfs_io.
 *
 * In the memory tree folders exist implicitly (as prefixes of file paths).
 * A file's len may exceed the bytes its data holds only when len is over
 * PARSE_MAX_FILE_SIZE (a "huge" file): reading it whole then fails with
 * -EFBIG like a real file over the limit, without the bytes existing.
 * Paths asked for are normalised as a source's would be ("//", "." and
 * ".." inside the tree; ".." above its root is -EXDEV).
 *
 *   static const struct memfs_file files[] = {
 *	{ "/syslinux.cfg", "LABEL a\n KERNEL /vmlinuz\n" },
 *   };
 *   struct memfs fs = MEMFS(files);
 *   struct parse_ctx ctx;
 *   memfs_run(&ctx, &fs, "syslinux");  ... parse_ctx_release(&ctx);
 */
#ifndef BATON_TESTS_PARSER_HARNESS_H
#define BATON_TESTS_PARSER_HARNESS_H

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/parser.h"

struct memfs_file {
	const char *path;	/* absolute, no trailing '/' */
	const char *data;	/* NULL: len zero bytes */
	size_t len;		/* 0: strlen(data) */
};

struct memfs {
	const struct memfs_file *files;
	size_t n;
	unsigned reads;		/* whole-file reads served */
};

#define MEMFS(arr) { (arr), sizeof(arr) / sizeof((arr)[0]), 0 }

static inline size_t memfs_len(const struct memfs_file *f)
{
	return f->len ? f->len : f->data ? strlen(f->data) : 0;
}

/* The part of file path below dir ("/a/b/c" in "/a" -> "b/c"), or NULL. */
static inline const char *memfs_below(const char *path, const char *dir)
{
	size_t n = strcmp(dir, "/") ? strlen(dir) : 0;

	if (strncmp(path, dir, n) || path[n] != '/')
		return NULL;
	return path + n + 1;
}

/*
 * path as the tree holds it, into out: one '/' before each component, no
 * "." or ".." ("/" for the root). Lexical, as a source resolves a path
 * without symlinks. Returns 0, 1 when path must name a folder (it ends in
 * '/', "." or ".."), -EXDEV for a ".." above the root, -ENAMETOOLONG.
 */
static inline int memfs_norm(const char *path, char *out, size_t size)
{
	const char *p = path, *end;
	size_t n = 0, k;
	int dir_only = 0;

	while (*p) {
		while (*p == '/')
			p++;
		dir_only = !*p && p > path;
		if (!*p)
			break;
		end = strchrnul(p, '/');
		k = end - p;
		dir_only = (k == 1 && p[0] == '.') ||
			   (k == 2 && p[0] == '.' && p[1] == '.');
		if (k == 2 && p[0] == '.' && p[1] == '.') {
			if (!n)
				return -EXDEV;
			while (out[--n] != '/')
				;
		} else if (k != 1 || p[0] != '.') {
			if (n + k + 2 > size)
				return -ENAMETOOLONG;
			out[n++] = '/';
			memcpy(out + n, p, k);
			n += k;
		}
		p = end;
	}
	if (!n)
		out[n++] = '/';
	out[n] = '\0';
	return dir_only;
}

/*
 * Find path in fs: 0 with *f the file, or with *f NULL for a folder (the
 * root, or a prefix of some file's path); norm gets the normalised path.
 * Returns -ENOENT, -ENOTDIR (*f still set), or memfs_norm's errors.
 */
static inline int memfs_lookup(const struct memfs *fs, const char *path,
			       char norm[PATH_MAX],
			       const struct memfs_file **f)
{
	int dir_only = memfs_norm(path, norm, PATH_MAX);
	size_t i;

	*f = NULL;
	if (dir_only < 0)
		return dir_only;
	for (i = 0; i < fs->n; i++) {
		if (strcmp(fs->files[i].path, norm) == 0) {
			*f = &fs->files[i];
			return dir_only ? -ENOTDIR : 0;
		}
	}
	if (strcmp(norm, "/") == 0)
		return 0;
	for (i = 0; i < fs->n; i++)
		if (memfs_below(fs->files[i].path, norm))
			return 0;
	return -ENOENT;
}

static inline int memfs_read(void *priv, const struct source_info *src,
			     const char *path, size_t max, char **buf,
			     size_t *len)
{
	struct memfs *fs = priv;
	const struct memfs_file *f;
	char norm[PATH_MAX];
	size_t n, have;
	char *p;
	int ret = memfs_lookup(fs, path, norm, &f);

	if (ret)
		return ret;
	if (!f)
		return -EISDIR;
	n = memfs_len(f);
	if (n > max)
		return -EFBIG;
	p = calloc(1, n + 1);
	if (!p)
		return -ENOMEM;
	have = f->data ? (f->len ? f->len : strlen(f->data)) : 0;
	memcpy(p, f->data ? f->data : "", have < n ? have : n);
	fs->reads++;
	*buf = p;
	*len = n;
	return 0;
}

static inline int memfs_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static inline int memfs_list(void *priv, const struct source_info *src,
			     const char *dir, char ***names)
{
	struct memfs *fs = priv;
	const struct memfs_file *f;
	const char *rest, *slash;
	char norm[PATH_MAX], **v;
	size_t i, k, n = 0;
	int ret = memfs_lookup(fs, dir, norm, &f);

	if (ret)
		return ret;
	if (f)
		return -ENOTDIR;
	v = calloc(fs->n + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < fs->n; i++) {
		rest = memfs_below(fs->files[i].path, norm);
		if (!rest)
			continue;
		slash = strchr(rest, '/');
		v[n] = slash ? strndup(rest, slash - rest) : strdup(rest);
		if (!v[n]) {
			strv_free(v);
			return -ENOMEM;
		}
		for (k = 0; k < n; k++)
			if (strcmp(v[k], v[n]) == 0)
				break;
		if (k < n) {
			free(v[n]);
			v[n] = NULL;
			continue;
		}
		n++;
	}
	qsort(v, n, sizeof(*v), memfs_cmp);
	*names = v;
	return 0;
}

static inline int memfs_stat(void *priv, const struct source_info *src,
			     const char *path, struct parse_stat *st)
{
	const struct memfs_file *f;
	char norm[PATH_MAX];
	int ret = memfs_lookup(priv, path, norm, &f);

	if (ret)
		return ret;
	st->is_dir = !f;
	st->size = f ? (off_t)memfs_len(f) : 0;
	st->mtime = PARSE_MTIME_UNKNOWN;	/* no times kept here */
	return 0;
}

static inline int memfs_read_at(void *priv, const struct source_info *src,
				const char *path, uint64_t offset, void *buf,
				size_t len, size_t *got)
{
	const struct memfs_file *f;
	char norm[PATH_MAX];
	size_t n;
	int ret = memfs_lookup(priv, path, norm, &f);

	*got = 0;
	if (ret)
		return ret;
	if (!f)
		return -EISDIR;
	n = memfs_len(f);
	if (offset >= n)
		return 0;
	*got = n - offset < len ? n - offset : len;
	if (f->data)
		memcpy(buf, f->data + offset, *got);
	else
		memset(buf, 0, *got);
	return 0;
}

static const struct parse_io memfs_io = {
	.read = memfs_read,
	.list = memfs_list,
	.stat = memfs_stat,
	.read_at = memfs_read_at,
};

static const struct source_info memfs_source = { .name = (char *)"test" };

/* Run one parser (NULL: all) on fs; release ctx afterwards. */
static inline int memfs_run(struct parse_ctx *ctx, struct memfs *fs,
			    const char *parser)
{
	parse_ctx_init(ctx, &memfs_io, fs, &memfs_source, NULL, 0);
	return parsers_run(ctx, parser);
}

/* Option i of a run, or NULL. */
static inline struct boot_option *memfs_opt(struct parse_ctx *ctx, size_t i)
{
	return i < ctx->options.n ? ctx->options.v[i] : NULL;
}

/* The first option of a run named name, or NULL (said in a TAP comment). */
static inline struct boot_option *memfs_named(struct parse_ctx *ctx,
					      const char *name)
{
	size_t i;

	for (i = 0; i < ctx->options.n; i++)
		if (streq(memfs_opt(ctx, i)->name, name))
			return memfs_opt(ctx, i);
	printf("#   no option named \"%s\"\n", name);
	return NULL;
}

/* A file's path, or NULL for no file. */
static inline const char *memfs_path(const struct boot_file *f)
{
	return f ? f->path : NULL;
}

/* Whether some diagnostic contains text. */
static inline int memfs_diag(const struct parse_ctx *ctx, const char *text)
{
	size_t i;

	for (i = 0; i < ctx->diags.n; i++)
		if (strstr(ctx->diags.v[i], text))
			return 1;
	return 0;
}

#endif
