/*
 * urlfs.h: an in-memory server for the network config parsers' tests:
 * files named by URL; a path "/x" is read under the source's URL, as the
 * network sources' parse_io does (discover/net-io.c).
 *
 *   static const struct urlfs_file files[] = {
 *	{ "tftp://10.0.0.1/boot.ipxe", "#!ipxe\nboot\n" },
 *   };
 *   struct urlfs fs = URLFS(files);
 *   urlfs_ctx(&ctx, &fs, &si);  ... parse_ctx_release(&ctx);
 */
#ifndef BATON_TESTS_PARSERS_URLFS_H
#define BATON_TESTS_PARSERS_URLFS_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/parser.h"

struct urlfs_file {
	const char *url;
	const char *data;
};

struct urlfs {
	const struct urlfs_file *files;
	size_t n;
	unsigned reads;
	char last[512];		/* the last URL asked for */
};

#define URLFS(arr) { (arr), sizeof(arr) / sizeof((arr)[0]), 0, "" }

static inline int urlfs_read(void *priv, const struct source_info *src,
			     const char *path, size_t max, char **buf,
			     size_t *len)
{
	struct urlfs *fs = priv;
	size_t i;

	if (path[0] == '/')
		snprintf(fs->last, sizeof(fs->last), "%s%s", src->url, path);
	else
		snprintf(fs->last, sizeof(fs->last), "%s", path);
	for (i = 0; i < fs->n; i++) {
		if (strcmp(fs->files[i].url, fs->last))
			continue;
		*len = strlen(fs->files[i].data);
		if (*len > max)
			return -EFBIG;
		*buf = strdup(fs->files[i].data);
		fs->reads++;
		return *buf ? 0 : -ENOMEM;
	}
	return -ENOENT;
}

static inline int urlfs_stat(void *priv, const struct source_info *src,
			     const char *path, struct parse_stat *st)
{
	char *buf;
	size_t len;
	int ret = urlfs_read(priv, src, path, PARSE_MAX_FILE_SIZE, &buf, &len);

	if (ret)
		return ret;
	free(buf);
	st->is_dir = false;
	st->size = len;
	st->mtime = PARSE_MTIME_UNKNOWN;
	return 0;
}

static inline int urlfs_list(void *priv, const struct source_info *src,
			     const char *dir, char ***names)
{
	return -EOPNOTSUPP;
}

static const struct parse_io urlfs_io = {
	.read = urlfs_read, .list = urlfs_list, .stat = urlfs_stat,
};

static inline void urlfs_ctx(struct parse_ctx *ctx, struct urlfs *fs,
			     const struct source_info *si)
{
	parse_ctx_init(ctx, &urlfs_io, fs, si, NULL, 0);
}

/* A fuzzer's input as a NUL-terminated copy (free it); NULL: no memory. */
static inline char *urlfs_text(const void *data, size_t size)
{
	char *text = malloc(size + 1);

	if (text) {
		memcpy(text, data, size);
		text[size] = '\0';
	}
	return text;
}

/* The option's files as "kernel URL | initrd URL ..." for one CHECK_STR. */
static inline char *urlfs_files(const struct boot_option *o)
{
	char *s = NULL;
	size_t n = 0, i;
	FILE *f = open_memstream(&s, &n);

	if (!f)
		return NULL;
	fprintf(f, "%s", o->kernel && o->kernel->url ? o->kernel->url :
		    o->kernel && o->kernel->path ? o->kernel->path : "-");
	for (i = 0; o->initrds && o->initrds[i]; i++)
		fprintf(f, " | %s", o->initrds[i]->url ? o->initrds[i]->url :
			o->initrds[i]->path);
	if (o->dtb)
		fprintf(f, " | dtb %s", o->dtb->url ? o->dtb->url : o->dtb->path);
	fclose(f);
	return s;
}

#endif
