/* store-file.c: settings in a plain file, written beside and renamed. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "board/board.h"
#include "board/store-internal.h"
#include "lib/fdio.h"
#include "lib/util.h"

int store_read_file(int dirfd, const char *path, size_t max, char **buf,
		    size_t *len)
{
	struct stat st;
	char *b = NULL;
	size_t n = 0;
	int fd, ret = 0;

	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		ret = -EINVAL;
		goto out;
	}
	if ((size_t)st.st_size > max) {
		ret = -EFBIG;
		goto out;
	}
	b = malloc(max + 1);
	if (!b) {
		ret = -ENOMEM;
		goto out;
	}
	ret = fd_read_full(fd, b, max, &n);
	if (ret)
		goto out;
	b[n] = '\0';
	*buf = b;
	*len = n;
	b = NULL;
out:
	free(b);
	close(fd);
	return ret;
}

/* dir/name replaced by text: written to dir/.name.new, synced, renamed. */
int store_write_file(const char *dir, const char *name, const char *text)
{
	char tmp[PATH_MAX], dst[PATH_MAX];
	int fd, dfd, ret;

	if (snprintf(tmp, sizeof(tmp), "%s/.%s.new", dir, name) >= PATH_MAX ||
	    snprintf(dst, sizeof(dst), "%s/%s", dir, name) >= PATH_MAX)
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
		  0600);
	if (fd < 0)
		return -errno;
	ret = fd_write_full(fd, text, strlen(text));
	if (!ret && fsync(fd))
		ret = -errno;
	if (close(fd) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, dst))
		ret = -errno;
	if (ret) {
		unlink(tmp);
		return ret;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);	/* the rename itself, on media that need it */
		close(dfd);
	}
	return 0;
}

/* Split path into its folder and last component (in buffers). */
static int split(const char *path, char *dir, size_t dlen, const char **name)
{
	const char *slash = strrchr(path, '/');

	if (!slash) {
		snprintf(dir, dlen, ".");
		*name = path;
		return 0;
	}
	if ((size_t)(slash - path) >= dlen || !slash[1])
		return -EINVAL;
	if (slash == path)
		snprintf(dir, dlen, "/");
	else
		snprintf(dir, dlen, "%.*s", (int)(slash - path), path);
	*name = slash + 1;
	return 0;
}

static int file_load(const char *path, const char *dev, char **text)
{
	size_t len;
	int ret;

	ret = store_read_file(AT_FDCWD, path, BOARD_STORE_MAX, text, &len);
	if (!ret && memchr(*text, '\0', len)) {
		free(*text);
		*text = NULL;
		return -EINVAL;
	}
	return ret;
}

static int file_save(const char *path, const char *dev, const char *text)
{
	char dir[PATH_MAX];
	const char *name;
	int ret;

	ret = split(path, dir, sizeof(dir), &name);
	return ret ? ret : store_write_file(dir, name, text);
}

const struct board_store_ops board_store_file = {
	.name = "file",
	.load = file_load,
	.save = file_save,
};
