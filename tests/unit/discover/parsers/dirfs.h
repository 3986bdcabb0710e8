/*
 * dirfs.h: a fixture folder (tests/data/PARSER/CASE) read whole into a
 * memfs (harness.h), so that a parser test parses in-memory files only and
 * links no discovery code, yet sees what a source of that folder shows:
 * every file below it with its bytes and time, subfolders as prefixes, and
 * its symlinks as a source resolves them (one to a file inside the folder
 * reads as that file; an absolute one, or one that climbs out, fails with
 * -EXDEV; a dangling one with -ENOENT).
 *
 *   struct dirfs d;
 *   if (!dirfs_load(&d, "tests/data/bls/order", NULL)) {
 *	parse_ctx_init(&ctx, &dirfs_io, &d, &d.info, NULL, 0); ...
 *	dirfs_free(&d);
 *   }
 *
 * Held only: regular files, folders with something in them, and symlinks
 * to regular files (git keeps no empty folder; a symlink to a folder
 * could loop). Anything else fails the load with a "#" line saying why.
 */
#ifndef BATON_TESTS_PARSERS_DIRFS_H
#define BATON_TESTS_PARSERS_DIRFS_H

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/boot-option.h"
#include "lib/fdio.h"
#include "tests/unit/discover/parsers/harness.h"

/* What a memfs_file does not say of a file: its time, or why it fails. */
struct dirfs_meta {
	int err;		/* not 0: reading or stat'ing it fails so */
	int64_t mtime;		/* when last modified (err 0) */
};

struct dirfs {
	struct memfs fs;		/* the files, as the parsers read them */
	struct source_info info;	/* the source the folder stands for */
	struct memfs_file *files;	/* fs.files, owned */
	struct dirfs_meta *meta;	/* meta[i] is of files[i] */
	size_t cap;
	char root[PATH_MAX];		/* the folder's real path */
};

/* Append one file (path and data are taken over, freed on failure). */
static inline int dirfs_add(struct dirfs *d, char *path, char *data,
			    size_t len, int err, int64_t mtime)
{
	struct memfs_file *f;
	struct dirfs_meta *m;
	size_t cap;

	if (d->fs.n == d->cap) {
		cap = d->cap ? 2 * d->cap : 16;
		f = realloc(d->files, cap * sizeof(*f));
		if (f)
			d->files = f;
		m = f ? realloc(d->meta, cap * sizeof(*m)) : NULL;
		if (!m) {
			free(path);
			free(data);
			return -ENOMEM;
		}
		d->meta = m;
		d->cap = cap;
	}
	/* len 0 means strlen(data): an empty file has no data at all */
	if (!len) {
		free(data);
		data = NULL;
	}
	d->files[d->fs.n] = (struct memfs_file){ path, data, len };
	d->meta[d->fs.n] = (struct dirfs_meta){ err, mtime };
	d->fs.files = d->files;
	d->fs.n++;
	return 0;
}

/*
 * The bytes of the regular file host into *data; a file over
 * PARSE_MAX_FILE_SIZE is kept as its size only (a "huge" memfs file, which
 * a whole read refuses as a source would).
 */
static inline int dirfs_read(const char *host, const struct stat *st,
			     char **data, size_t *len)
{
	int fd, ret;

	*data = NULL;
	*len = st->st_size;
	if ((size_t)st->st_size > PARSE_MAX_FILE_SIZE)
		return 0;
	fd = open(host, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = fd_read_alloc(fd, PARSE_MAX_FILE_SIZE, st->st_size, data, len);
	close(fd);
	return ret;
}

/*
 * What the symlink host (at path in the tree) shows: its target's bytes
 * and stat, or *err: -EXDEV when the link is absolute or its target is
 * outside the folder (lexically or once resolved), -ENOENT when dangling.
 */
static inline int dirfs_link(struct dirfs *d, const char *host,
			     const char *path, char **data, size_t *len,
			     struct stat *st, int *err)
{
	char target[PATH_MAX], joined[2 * PATH_MAX], norm[PATH_MAX];
	char real[PATH_MAX];
	ssize_t n = readlink(host, target, sizeof(target) - 1);
	size_t rl = strlen(d->root);

	*err = 0;
	if (n < 0)
		return -errno;
	target[n] = '\0';
	snprintf(joined, sizeof(joined), "%.*s/%s",
		 (int)(strrchr(path, '/') - path), path, target);
	if (target[0] == '/' || memfs_norm(joined, norm, sizeof(norm)) < 0) {
		*err = -EXDEV;
		return 0;
	}
	if (!realpath(host, real)) {
		*err = -errno;	/* dangling: -ENOENT; a loop: -ELOOP */
		return 0;
	}
	if (strncmp(real, d->root, rl) || (real[rl] && real[rl] != '/')) {
		*err = -EXDEV;
		return 0;
	}
	if (stat(real, st))
		return -errno;
	if (!S_ISREG(st->st_mode)) {
		printf("#   dirfs: %s: a symlink to anything but a file\n",
		       host);
		return -ELOOP;
	}
	return dirfs_read(real, st, data, len);
}

/* Add what is below the host folder host, at path in the tree. */
static inline int dirfs_walk(struct dirfs *d, const char *host,
			     const char *path)
{
	char sub[PATH_MAX], in[PATH_MAX], *data, *p;
	size_t before = d->fs.n, len;
	struct dirent *de;
	struct stat st;
	int ret = 0, err;
	DIR *dir = opendir(host);

	if (!dir)
		return -errno;
	while (!ret && (de = readdir(dir))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", host, de->d_name);
		snprintf(in, sizeof(in), "%s/%s", strcmp(path, "/") ? path : "",
			 de->d_name);
		if (lstat(sub, &st)) {
			ret = -errno;
			break;
		}
		data = NULL;
		len = 0;
		err = 0;
		if (S_ISDIR(st.st_mode)) {
			ret = dirfs_walk(d, sub, in);
			continue;
		} else if (S_ISREG(st.st_mode)) {
			ret = dirfs_read(sub, &st, &data, &len);
		} else if (S_ISLNK(st.st_mode)) {
			ret = dirfs_link(d, sub, in, &data, &len, &st, &err);
		} else {
			printf("#   dirfs: %s: not a file, folder or symlink\n",
			       sub);
			ret = -EINVAL;
		}
		p = ret ? NULL : strdup(in);
		if (!ret && !p)
			ret = -ENOMEM;
		if (!ret)
			ret = dirfs_add(d, p, data, len, err,
					err ? 0 : st.st_mtime);
		else
			free(data);
	}
	closedir(dir);
	if (!ret && d->fs.n == before) {
		printf("#   dirfs: %s: an empty folder\n", host);
		ret = -ENOTSUP;
	}
	return ret;
}

static inline void dirfs_free(struct dirfs *d)
{
	size_t i;

	for (i = 0; i < d->fs.n; i++) {
		free((char *)d->files[i].path);
		free((char *)d->files[i].data);
	}
	free(d->files);
	free(d->meta);
	source_info_clear(&d->info);
	memset(d, 0, sizeof(*d));
}

/*
 * Read the folder dir into d, for the source info (copied; NULL or no
 * name: dir's last component; no kind: "dir", as a source of a folder).
 * Returns 0 or -errno (d then holds nothing to free).
 */
static inline int dirfs_load(struct dirfs *d, const char *dir,
			     const struct source_info *info)
{
	size_t len = strlen(dir);
	const char *base;
	int ret = -ENOMEM;

	memset(d, 0, sizeof(*d));
	if (!realpath(dir, d->root))
		return -errno;
	if (info && source_info_copy(&d->info, info))
		goto fail;
	/* the last component as given, trailing slashes aside */
	while (len > 1 && dir[len - 1] == '/')
		len--;
	for (base = dir + len; base > dir && base[-1] != '/'; base--)
		;
	if (base == dir + len)	/* "/" */
		base = dir, len = 1;
	if (!d->info.name &&
	    !(d->info.name = strndup(base, dir + len - base)))
		goto fail;
	if (!d->info.kind && !(d->info.kind = strdup("dir")))
		goto fail;
	ret = dirfs_walk(d, d->root, "/");
	if (!ret)
		return 0;
fail:
	printf("#   dirfs: cannot load %s: %s\n", dir, strerror(-ret));
	dirfs_free(d);
	return ret;
}

/* The meta of the file at path, or NULL (a folder, or nothing there). */
static inline const struct dirfs_meta *dirfs_meta_of(struct dirfs *d,
						     const char *path)
{
	const struct memfs_file *f;
	char norm[PATH_MAX];

	memfs_lookup(&d->fs, path, norm, &f);
	return f ? &d->meta[f - d->files] : NULL;
}

static inline int dirfs_read_io(void *priv, const struct source_info *src,
				const char *path, size_t max, char **buf,
				size_t *len)
{
	const struct dirfs_meta *m = dirfs_meta_of(priv, path);
	struct dirfs *d = priv;

	return m && m->err ? m->err : memfs_read(&d->fs, src, path, max, buf,
						  len);
}

static inline int dirfs_list_io(void *priv, const struct source_info *src,
				const char *dir, char ***names)
{
	const struct dirfs_meta *m = dirfs_meta_of(priv, dir);
	struct dirfs *d = priv;

	return m && m->err ? m->err : memfs_list(&d->fs, src, dir, names);
}

static inline int dirfs_stat_io(void *priv, const struct source_info *src,
				const char *path, struct parse_stat *st)
{
	const struct dirfs_meta *m = dirfs_meta_of(priv, path);
	struct dirfs *d = priv;
	int ret;

	if (m && m->err)
		return m->err;
	ret = memfs_stat(&d->fs, src, path, st);
	if (!ret && m)
		st->mtime = m->mtime;	/* folders keep none here */
	return ret;
}

static inline int dirfs_read_at_io(void *priv,
				   const struct source_info *src,
				   const char *path, uint64_t offset,
				   void *buf, size_t len, size_t *got)
{
	const struct dirfs_meta *m = dirfs_meta_of(priv, path);
	struct dirfs *d = priv;

	*got = 0;
	return m && m->err ? m->err : memfs_read_at(&d->fs, src, path, offset,
						     buf, len, got);
}

/* parse_io over a loaded folder (priv: the struct dirfs). */
static const struct parse_io dirfs_io = {
	.read = dirfs_read_io,
	.list = dirfs_list_io,
	.stat = dirfs_stat_io,
	.read_at = dirfs_read_at_io,
};

/*
 * Run one parser on the fixture folder dir (a partition), read into
 * memory; arch overrides the context's architecture when not NULL.
 * Returns the folder, to be freed with fixture_done() after the checks,
 * or NULL when it cannot be read (said in a "#" line; nothing is parsed).
 */
static inline struct dirfs *fixture_run(struct parse_ctx *ctx,
					const char *dir, const char *parser,
					const char *arch)
{
	struct dirfs *d = malloc(sizeof(*d));

	if (!d)
		printf("#   %s: out of memory\n", dir);
	else if (dirfs_load(d, dir, NULL)) {
		free(d);
		d = NULL;
	}
	parse_ctx_init(ctx, &dirfs_io, d, d ? &d->info : &memfs_source,
		       NULL, 0);
	if (arch)
		ctx->arch = arch;
	if (d)
		parsers_run(ctx, parser);
	return d;
}

static inline void fixture_done(struct parse_ctx *ctx, struct dirfs *d)
{
	parse_ctx_release(ctx);
	if (d)
		dirfs_free(d);
	free(d);
}

#endif
