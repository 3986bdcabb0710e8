/*
 * harness.h: running a parser in tests and fuzz targets, either on a
 * fixture folder (tests/data/PARSER/CASE, through the real confined
 * source access) or on an in-memory file tree given as C strings.
 *
 * In the memory tree folders exist implicitly (as prefixes of file paths).
 * A file's len may exceed the bytes its data holds only when len is over
 * PARSE_MAX_FILE_SIZE (a "huge" file): reading it whole then fails with
 * -EFBIG like a real file over the limit, without the bytes existing.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/parser.h"
#include "discover/source.h"

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

static inline const struct memfs_file *memfs_find(const struct memfs *fs,
						  const char *path)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->files[i].path, path) == 0)
			return &fs->files[i];
	return NULL;
}

/* The part of file path below dir ("/a/b/c" in "/a" -> "b/c"), or NULL. */
static inline const char *memfs_below(const char *path, const char *dir)
{
	size_t n = strcmp(dir, "/") ? strlen(dir) : 0;

	if (strncmp(path, dir, n) || path[n] != '/')
		return NULL;
	return path + n + 1;
}

static inline int memfs_read(void *priv, const struct source_info *src,
			     const char *path, size_t max, char **buf,
			     size_t *len)
{
	struct memfs *fs = priv;
	const struct memfs_file *f = memfs_find(fs, path);
	size_t n, have;
	char *p;

	if (!f) {
		for (n = 0; n < fs->n; n++)
			if (memfs_below(fs->files[n].path, path))
				return -EISDIR;
		return -ENOENT;
	}
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
	char **v = calloc(fs->n + 1, sizeof(*v));
	const char *rest, *slash;
	size_t i, k, n = 0;

	if (!v)
		return -ENOMEM;
	for (i = 0; i < fs->n; i++) {
		rest = memfs_below(fs->files[i].path, dir);
		if (!rest)
			continue;
		slash = strchr(rest, '/');
		v[n] = slash ? strndup(rest, slash - rest) : strdup(rest);
		for (k = 0; v[n] && k < n; k++)
			if (strcmp(v[k], v[n]) == 0)
				break;
		if (v[n] && k < n) {
			free(v[n]);
			v[n] = NULL;
			continue;
		}
		n++;
	}
	if (!n) {
		free(v);
		return memfs_find(fs, dir) ? -ENOTDIR : -ENOENT;
	}
	qsort(v, n, sizeof(*v), memfs_cmp);
	*names = v;
	return 0;
}

static inline int memfs_stat(void *priv, const struct source_info *src,
			     const char *path, struct parse_stat *st)
{
	struct memfs *fs = priv;
	const struct memfs_file *f = memfs_find(fs, path);
	size_t i;

	st->mtime = PARSE_MTIME_UNKNOWN;	/* no times kept here */
	if (f) {
		st->is_dir = 0;
		st->size = memfs_len(f);
		return 0;
	}
	for (i = 0; i < fs->n; i++) {
		if (memfs_below(fs->files[i].path, path) ||
		    strcmp(path, "/") == 0) {
			st->is_dir = 1;
			st->size = 0;
			return 0;
		}
	}
	return -ENOENT;
}

static inline int memfs_read_at(void *priv, const struct source_info *src,
				const char *path, uint64_t offset, void *buf,
				size_t len, size_t *got)
{
	struct memfs *fs = priv;
	const struct memfs_file *f = memfs_find(fs, path);
	size_t n;

	*got = 0;
	if (!f)
		return -ENOENT;
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

/*
 * Run one parser on a fixture folder standing for a partition; arch
 * overrides the context's architecture when not NULL. Returns the
 * source, to be freed with fixture_done() after the checks.
 */
static inline struct source *fixture_run(struct parse_ctx *ctx,
					 const char *dir, const char *parser,
					 const char *arch)
{
	static const struct parse_io none;
	struct source *src;
	int err;

	src = source_open_dir(dir, NULL, &err);
	parse_ctx_init(ctx, src ? &source_parse_io : &none, NULL,
		       src ? &src->info : &memfs_source, NULL, 0);
	if (arch)
		ctx->arch = arch;
	if (src)
		parsers_run(ctx, parser);
	return src;
}

static inline void fixture_done(struct parse_ctx *ctx, struct source *src)
{
	parse_ctx_release(ctx);
	source_free(src);
}

#endif
