/* source.c: boot sources and file access confined to their root. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "discover/source.h"
#include "lib/fdio.h"
#include "lib/util.h"

struct source *source_open_dir(const char *dir, const struct source_info *info,
			       int *err)
{
	struct source *src = calloc(1, sizeof(*src));
	const char *base;
	size_t len;

	*err = -ENOMEM;
	if (!src)
		return NULL;
	src->root_fd = -1;
	if (info && source_info_copy(&src->info, info))
		goto fail;
	src->root_path = strdup(dir);
	if (!src->root_path)
		goto fail;
	/* strip trailing slashes, but keep "/" */
	len = strlen(src->root_path);
	while (len > 1 && src->root_path[len - 1] == '/')
		src->root_path[--len] = '\0';
	if (!src->info.name) {
		base = strrchr(src->root_path, '/');
		base = base && base[1] ? base + 1 : src->root_path;
		src->info.name = strdup(base);
		if (!src->info.name)
			goto fail;
	}
	if (!src->info.kind && !(src->info.kind = strdup("dir")))
		goto fail;
	src->root_fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (src->root_fd < 0) {
		*err = -errno;
		goto fail;
	}
	*err = 0;
	return src;
fail:
	source_free(src);
	return NULL;
}

void source_free(struct source *src)
{
	if (!src)
		return;
	if (src->root_fd >= 0)
		close(src->root_fd);
	source_info_clear(&src->info);
	free(src->root_path);
	free(src->device);
	free(src->proxy);
	free(src);
}

struct source *source_of(const struct source_info *info)
{
	return container_of(info, struct source, info);
}

/*
 * Without openat2 (Linux < 5.6): walk the path one component at a time with
 * O_NOFOLLOW, refusing ".." above the root and every symlink. Stricter than
 * RESOLVE_BENEATH, never looser.
 */
static int open_walk(int root_fd, const char *path, int flags)
{
	char *copy, *comp, *save = NULL;
	char *stack[64];
	int depth = 0, fd, dfd, i, ret;

	copy = strdup(path);
	if (!copy)
		return -ENOMEM;
	for (comp = strtok_r(copy, "/", &save); comp;
	     comp = strtok_r(NULL, "/", &save)) {
		if (streq(comp, "."))
			continue;
		if (streq(comp, "..")) {
			if (!depth) {
				free(copy);
				return -EXDEV;
			}
			depth--;
			continue;
		}
		if (depth == (int)ARRAY_SIZE(stack)) {
			free(copy);
			return -ENAMETOOLONG;
		}
		stack[depth++] = comp;
	}
	dfd = dup(root_fd);
	ret = dfd < 0 ? -errno : 0;
	for (i = 0; !ret && i < depth; i++) {
		int last = i == depth - 1;

		fd = openat(dfd, stack[i], last ? (flags | O_NOFOLLOW) :
			    (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
		if (fd < 0)
			ret = errno == ENOTDIR ? -ELOOP : -errno;
		close(dfd);
		dfd = fd;
	}
	if (!ret && !depth) {
		fd = openat(dfd, ".", flags);
		ret = fd < 0 ? -errno : 0;
		close(dfd);
		dfd = fd;
	}
	free(copy);
	return ret ? ret : dfd;
}

/* path opened beneath dirfd: no "..", symlink or mount out of it. */
static int open_beneath(int dirfd, const char *path, int flags)
{
	struct open_how how = {
		/* openat2 refuses O_NOCTTY beside O_PATH */
		.flags = flags | O_CLOEXEC | ((flags & O_PATH) ? 0 : O_NOCTTY),
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS |
			   RESOLVE_NO_XDEV,
	};
	int fd;

	while (*path == '/')
		path++;
	if (!*path)
		path = ".";
	fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
	if (fd >= 0)
		return fd;
	if (errno != ENOSYS)
		return -errno;
	return open_walk(dirfd, path, how.flags);
}

int source_open(const struct source *src, const char *path, int flags)
{
	return open_beneath(src->root_fd, path, flags);
}

int source_read(const struct source *src, const char *path, size_t max,
		char **buf, size_t *len)
{
	struct stat st;
	int fd, ret;

	fd = source_open(src, path, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0) {
		ret = -errno;
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		ret = -EISDIR;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = -EINVAL;	/* no FIFOs or devices from a hostile disk */
		goto out;
	}
	if ((size_t)st.st_size > max) {
		ret = -EFBIG;
		goto out;
	}
	ret = fd_read_alloc(fd, max, st.st_size, buf, len);
out:
	close(fd);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int io_read(void *priv, const struct source_info *si, const char *path,
		   size_t max, char **buf, size_t *len)
{
	return source_read(source_of(si), path, max, buf, len);
}

#define LIST_MAX_ENTRIES 65536

/*
 * The names in the folder fd (taken over), sorted with strcmp, as a strv
 * and, when types is not NULL, their d_type in the same order (carried
 * through the sort in the byte after each name's NUL).
 */
static int list_fd(int fd, char ***names, unsigned char **types)
{
	struct vec names_v = { 0 };
	struct dirent *de;
	char **v, *name;
	size_t len, i;
	DIR *d;
	int ret = 0;

	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -errno;
	}
	while ((de = readdir(d))) {
		if (streq(de->d_name, ".") || streq(de->d_name, ".."))
			continue;
		if (names_v.n >= LIST_MAX_ENTRIES)
			break;	/* a hostile folder: the first ones will do */
		len = strlen(de->d_name);
		name = malloc(len + 2);
		if (!name || vec_push(&names_v, name)) {
			free(name);
			ret = -ENOMEM;
			break;
		}
		memcpy(name, de->d_name, len + 1);
		name[len + 1] = (char)de->d_type;
	}
	closedir(d);
	/* NULL-terminate the vector's array: it becomes the strv */
	if (!ret && vec_push(&names_v, NULL))
		ret = -ENOMEM;
	if (!ret && types && !(*types = malloc(names_v.n)))
		ret = -ENOMEM;
	if (ret) {
		vec_free(&names_v, free);
		return ret;
	}
	v = (char **)names_v.v;
	qsort(v, names_v.n - 1, sizeof(*v), cmp_str);
	for (i = 0; types && v[i]; i++)
		(*types)[i] = (unsigned char)v[i][strlen(v[i]) + 1];
	*names = v;
	return 0;
}

static int io_list(void *priv, const struct source_info *si, const char *dir,
		   char ***names)
{
	int fd = source_open(source_of(si), dir, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		return fd;
	return list_fd(fd, names, NULL);
}

/* A folder open for io_read_in. */
struct dir_handle {
	const struct source *src;
	char *path;		/* the folder, for what is not a plain file */
	int fd;
	unsigned char *types;	/* d_type of names[i] */
	char *buf;		/* the file read last, reused */
	size_t cap;
};

static void io_close_dir(void *priv, void *handle)
{
	struct dir_handle *h = handle;

	if (h->fd >= 0)
		close(h->fd);
	free(h->path);
	free(h->types);
	free(h->buf);
	free(h);
}

static int io_open_dir(void *priv, const struct source_info *si,
		       const char *dir, char ***names, void **handle)
{
	struct dir_handle *h = calloc(1, sizeof(*h));
	int fd, ret = -ENOMEM;

	if (!h)
		return -ENOMEM;
	h->src = source_of(si);
	h->fd = source_open(h->src, dir, O_RDONLY | O_DIRECTORY);
	h->path = strdup(dir);
	if (h->fd < 0) {
		ret = h->fd;
		goto fail;
	}
	if (!h->path)
		goto fail;
	/* the listing takes a copy of the fd over; the handle keeps its own */
	fd = fcntl(h->fd, F_DUPFD_CLOEXEC, 0);
	ret = fd < 0 ? -errno : list_fd(fd, names, &h->types);
	if (ret)
		goto fail;
	*handle = h;
	return 0;
fail:
	io_close_dir(priv, h);
	return ret;
}

/*
 * A plain file as readdir saw it is opened by name in the folder, without
 * fstat (readdir told its type) and read in one read(2) where it fits the
 * buffer; anything else (a symlink, a type the file system does not tell)
 * and a name that cannot be opened so (it changed since) go the way of
 * io_read with the whole path, so that they are refused or followed
 * exactly as there.
 */
static int io_read_in(void *priv, void *handle, size_t i, const char *name,
		      size_t max, char **buf, size_t *len)
{
	struct dir_handle *h = handle;
	char *path;
	int fd, ret;

	if (h->types[i] == DT_REG) {
		fd = open_beneath(h->fd, name, O_RDONLY | O_NONBLOCK |
				  O_NOFOLLOW);
		if (fd >= 0) {
			ret = fd_read_reuse(fd, max, &h->buf, &h->cap, len);
			close(fd);
			*buf = h->buf;
			return ret;
		}
	}
	path = str_cat((const char *[]){ h->path, "/", name }, 3);
	if (!path)
		return -ENOMEM;
	free(h->buf);
	h->buf = NULL;
	h->cap = 0;
	ret = source_read(h->src, path, max, &h->buf, len);
	free(path);
	if (!ret)
		h->cap = *len + 1;
	*buf = h->buf;
	return ret;
}

static int io_stat(void *priv, const struct source_info *si, const char *path,
		   struct parse_stat *st)
{
	struct stat s;
	int fd;

	fd = source_open(source_of(si), path, O_PATH);
	if (fd < 0)
		return fd;
	if (fstat(fd, &s) < 0) {
		close(fd);
		return -errno;
	}
	close(fd);
	st->is_dir = S_ISDIR(s.st_mode);
	st->size = s.st_size;
	st->mtime = s.st_mtime;
	return 0;
}

static int io_read_at(void *priv, const struct source_info *si,
		      const char *path, uint64_t offset, void *buf,
		      size_t len, size_t *got)
{
	struct stat st;
	int fd, ret = 0;

	*got = 0;
	fd = source_open(source_of(si), path, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0) {
		ret = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {	/* no FIFOs or devices */
		ret = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
		goto out;
	}
	ret = fd_pread_full(fd, buf, len, offset, got);
out:
	close(fd);
	return ret;
}

const struct parse_io source_parse_io = {
	.read = io_read,
	.list = io_list,
	.stat = io_stat,
	.read_at = io_read_at,
	.open_dir = io_open_dir,
	.read_in = io_read_in,
	.close_dir = io_close_dir,
};
