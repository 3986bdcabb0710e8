/*
 * source.h: a boot source (a mounted partition or a folder standing for
 * one) and confined access to its files: every path is resolved inside the
 * source's root: a path or symlink that would leave it ("..", an absolute
 * symlink, another mount) is refused, not followed.
 */
#ifndef BATON_DISCOVER_SOURCE_H
#define BATON_DISCOVER_SOURCE_H

#include <stddef.h>

#include "discover/parsers/parser.h"
#include "lib/boot-option.h"

struct source {
	struct source_info info;	/* first: parse_io maps info back */
	int root_fd;		/* O_PATH directory fd of the root */
	char *root_path;	/* host path of the root (mountpoint/folder) */
	char *device;		/* block device node, NULL for folders */
	int rank;		/* menu order of sources: lower first */
	char *proxy;		/* a network source's: its config's PROXY */
};

/*
 * Open dir as a source with identity info (copied; info->name may be NULL:
 * then dir's last component). Returns a new source or NULL with *err set.
 */
struct source *source_open_dir(const char *dir, const struct source_info *info,
			       int *err);
void source_free(struct source *src);

/* Map a source_info handed out by this module back to its source. */
struct source *source_of(const struct source_info *info);

/*
 * Open path (absolute inside the source) confined to src: openat2 with
 * RESOLVE_BENEATH (without openat2, a component walk that refuses every
 * symlink). flags as for open(2); O_CLOEXEC and O_NOCTTY are added.
 * Returns an fd or -errno: -EXDEV when the path or a symlink on it would
 * leave the source (".." above its root, an absolute symlink, a mount
 * point), -ELOOP for a symlink the fallback walk refuses.
 */
int source_open(const struct source *src, const char *path, int flags);

/* Read a whole regular file, at most max bytes (-EFBIG when larger). */
int source_read(const struct source *src, const char *path, size_t max,
		char **buf, size_t *len);

/* parse_io over sources opened by this module (priv unused). */
extern const struct parse_io source_parse_io;

#endif
