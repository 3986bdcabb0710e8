/* fdio.c: whole-buffer reads and writes on fds (EINTR, short counts). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/event.h"
#include "lib/fdio.h"
#include "lib/util.h"

#define FDIO_FIRST_CAP	4096	/* fd_read_alloc's first buffer, no hint */

ssize_t fd_read_some(int fd, void *buf, size_t len)
{
	ssize_t r;

	do {
		r = read(fd, buf, len);
	} while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

int fd_read_full(int fd, void *buf, size_t len, size_t *got)
{
	ssize_t r;

	*got = 0;
	while (*got < len) {
		r = fd_read_some(fd, (char *)buf + *got, len - *got);
		if (r < 0)
			return r;
		if (r == 0)
			break;
		*got += r;
	}
	return 0;
}

int fd_pread_full(int fd, void *buf, size_t len, uint64_t off, size_t *got)
{
	ssize_t r;

	*got = 0;
	while (*got < len) {
		r = pread(fd, (char *)buf + *got, len - *got,
			  (off_t)(off + *got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			break;
		*got += r;
	}
	return 0;
}

/* The buffer is full at max bytes: is that the end of the file? */
static int at_end(int fd)
{
	char c;
	ssize_t r = fd_read_some(fd, &c, 1);

	if (r < 0)
		return r;
	return r ? -EFBIG : 0;
}

/*
 * Read fd to its end into *p (*cap bytes, grown as needed, at most max + 1)
 * after the *n bytes already there; with short_ends (a regular file), a
 * read shorter than asked is its end.
 */
static int read_grow(int fd, size_t max, bool short_ends, char **p,
		     size_t *cap, size_t *n)
{
	size_t want;
	ssize_t r;
	char *q, c;

	for (;;) {
		if (*n + 1 == *cap) {	/* full (or the file grew) */
			if (*n == max)
				return at_end(fd);
			/* grown only if there is more: a right hint fits */
			r = fd_read_some(fd, &c, 1);
			if (r <= 0)
				return r;
			*cap = *cap > max / 2 ? max + 1 : *cap * 2;
			q = realloc(*p, *cap);
			if (!q)
				return -ENOMEM;
			*p = q;
			(*p)[(*n)++] = c;
			continue;
		}
		want = *cap - *n - 1;
		r = fd_read_some(fd, *p + *n, want);
		if (r <= 0)
			return r;
		*n += r;
		if (short_ends && (size_t)r < want)
			return 0;
	}
}

int fd_read_alloc(int fd, size_t max, size_t hint, char **buf, size_t *len)
{
	/* with a hint, room for one byte more: a file of that size ends short */
	size_t cap = MIN(hint ? hint + 1 : FDIO_FIRST_CAP, max) + 1, n = 0;
	char *p = malloc(cap);
	int ret;

	if (!p)
		return -ENOMEM;
	ret = read_grow(fd, max, hint, &p, &cap, &n);
	if (ret) {
		free(p);
		return ret;
	}
	p[n] = '\0';
	*buf = p;
	*len = n;
	return 0;
}

int fd_read_reuse(int fd, size_t max, char **buf, size_t *cap, size_t *len)
{
	size_t n = 0;
	int ret;

	if (!*buf) {
		*cap = MIN(FDIO_FIRST_CAP, max) + 1;
		*buf = malloc(*cap);
		if (!*buf)
			return -ENOMEM;
	}
	ret = read_grow(fd, max, true, buf, cap, &n);
	if (ret)
		return ret;
	(*buf)[n] = '\0';
	*len = n;
	return 0;
}

ssize_t read_small_file(int dirfd, const char *path, char *buf, size_t len)
{
	size_t got = 0;
	int fd, ret;

	if (!len)
		return -EINVAL;
	buf[0] = '\0';
	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = fd_read_full(fd, buf, len - 1, &got);
	close(fd);
	buf[got] = '\0';
	return ret ? ret : (ssize_t)got;
}

/*
 * One write: send(MSG_NOSIGNAL) while fd may be a socket (*not_sock
 * false), write(2) once it is known not to be.
 */
static ssize_t write_once(int fd, const void *buf, size_t len,
			  bool *not_sock)
{
	ssize_t w;

	for (;;) {
		if (*not_sock) {
			w = write(fd, buf, len);
		} else {
			w = send(fd, buf, len, MSG_NOSIGNAL);
			if (w < 0 && errno == ENOTSOCK) {
				*not_sock = true;
				continue;
			}
		}
		if (w >= 0 || errno != EINTR)
			return w < 0 ? -errno : w;
	}
}

int fd_write_full(int fd, const void *buf, size_t len)
{
	bool not_sock = false;
	ssize_t w;

	while (len) {
		w = write_once(fd, buf, len, &not_sock);
		if (w < 0)
			return w == -EWOULDBLOCK ? -EAGAIN : w;
		if (w == 0)
			return -EIO;
		buf = (const char *)buf + w;
		len -= w;
	}
	return 0;
}

int fd_write_wait(int fd, const void *buf, size_t len, unsigned max_ms)
{
	uint64_t end = event_now_ms() + max_ms, now;
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	ssize_t w;

	while (len) {
		w = fd_write_some(fd, buf, len);
		if (w < 0)
			return w;
		buf = (const char *)buf + w;
		len -= w;
		if (!len)
			break;
		now = event_now_ms();
		if (now >= end)
			return -ETIMEDOUT;
		if (poll(&pfd, 1, (int)(end - now)) < 0 && errno != EINTR)
			return -errno;
	}
	return 0;
}

ssize_t fd_write_some(int fd, const void *buf, size_t len)
{
	bool not_sock = false;
	size_t done = 0;
	ssize_t w;

	while (done < len) {
		w = write_once(fd, (const char *)buf + done, len - done,
			       &not_sock);
		if (w == -EAGAIN || w == -EWOULDBLOCK || w == 0)
			break;
		if (w < 0)
			return done ? (ssize_t)done : w;
		done += w;
	}
	return done;
}

int write_small_file(const char *path, const void *buf, size_t len)
{
	int fd, ret;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = fd_write_full(fd, buf, len);
	close(fd);
	return ret;
}

int read_first_line(int dirfd, const char *path, char *buf, size_t cap)
{
	ssize_t n = read_small_file(dirfd, path, buf, cap);

	if (n < 0)
		return (int)n;
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}
