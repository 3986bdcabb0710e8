/*
 * file.c: reading the files of a boot (bounded), joining initrds, memory
 * files that kexec_file_load(2) accepts, and gzip decompression.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "lib/fdio.h"
#include "lib/util.h"
#include "loader/loader-internal.h"

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int fd_size(int fd, uint64_t *size)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	*size = (uint64_t)st.st_size;
	return 0;
}

int fd_read_head(int fd, uint8_t *buf, size_t cap, size_t *len,
		 uint64_t *size)
{
	int ret = fd_size(fd, size);

	if (ret)
		return ret;
	return fd_pread_full(fd, buf, cap, 0, len);
}

int fd_read_range(int fd, uint64_t off, uint64_t len, size_t max,
		  uint8_t **buf)
{
	uint8_t *b;
	size_t got;
	int ret;

	if (len > max)
		return -EFBIG;
	b = malloc(len ? (size_t)len : 1);
	if (!b)
		return -ENOMEM;
	ret = fd_pread_full(fd, b, (size_t)len, off, &got);
	if (!ret && got != len)
		ret = -EIO;	/* the file shrank while we read it */
	if (ret) {
		free(b);
		return ret;
	}
	*buf = b;
	return 0;
}

int fd_read_all(int fd, size_t max, uint8_t **buf, size_t *len)
{
	uint64_t size;
	int ret;

	ret = fd_size(fd, &size);
	if (!ret)
		ret = fd_read_range(fd, 0, size, max, buf);
	if (!ret)
		*len = (size_t)size;
	return ret;
}

/*
 * kexec_file_load refuses a file that anyone holds open for writing
 * (deny_write_access: -ETXTBSY), so the memory file is reopened read-only
 * through /proc and the writable descriptor closed. It is sealed first:
 * what was written (and maybe verified) is what the kernel will read.
 */
static int reopen_read_only(int wfd)
{
	char path[64];
	int fd;

	if (fcntl(wfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW |
		  F_SEAL_WRITE | F_SEAL_SEAL) < 0) {
		fd = -errno;
		close(wfd);
		return fd;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", wfd);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fd = -errno;
	close(wfd);
	return fd;
}

int memfd_from_buf(const char *name, const void *buf, size_t len)
{
	int fd, ret;

	fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	ret = fd_write_full(fd, buf, len);
	if (ret) {
		close(fd);
		return ret;
	}
	return reopen_read_only(fd);
}

/* The last resort: through a buffer. */
static int copy_by_hand(int out, int in, loff_t off, uint64_t end)
{
	uint8_t tmp[1 << 16];
	size_t got;
	int ret;

	while ((uint64_t)off < end) {
		ret = fd_pread_full(in, tmp,
				    (size_t)MIN(sizeof(tmp), end - (uint64_t)off),
				    (uint64_t)off, &got);
		if (!ret && !got)
			ret = -EIO;	/* the file shrank */
		if (!ret)
			ret = fd_write_full(out, tmp, got);
		if (ret)
			return ret;
		off += got;
	}
	return 0;
}

static bool no_such_copy(int err)
{
	return err == EXDEV || err == EINVAL || err == ENOSYS ||
	       err == EOPNOTSUPP;
}

/*
 * Append bytes [start, start + size) of in to out, inside the kernel where
 * possible: copy_file_range within a filesystem, sendfile across (a disk
 * to a memory file), else through a buffer.
 */
static int copy_fd(int out, int in, uint64_t start, uint64_t size)
{
	loff_t off = (loff_t)start;
	uint64_t end = start + size;
	bool cfr = true;
	ssize_t r;

	while ((uint64_t)off < end) {
		size_t n = (size_t)MIN(end - (uint64_t)off, (uint64_t)1 << 30);

		r = cfr ? copy_file_range(in, &off, out, NULL, n, 0) :
			  sendfile(out, in, &off, n);
		if (r > 0)
			continue;
		if (r == 0)
			return -EIO;	/* the file shrank */
		if (errno == EINTR)
			continue;
		if (!no_such_copy(errno))
			return -errno;
		if (!cfr)
			return copy_by_hand(out, in, off, end);
		cfr = false;
	}
	return 0;
}

int memfd_from_range(const char *name, int in, uint64_t off, uint64_t len)
{
	int fd, ret;

	fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	ret = copy_fd(fd, in, off, len);
	if (ret) {
		close(fd);
		return ret;
	}
	return reopen_read_only(fd);
}

int memfd_join(const char *name, const int *fds, size_t n)
{
	static const uint8_t zeros[4];
	uint64_t size, total = 0;
	size_t i;
	int fd, ret = 0;

	fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	for (i = 0; !ret && i < n; i++) {
		ret = fd_size(fds[i], &size);
		if (!ret && total + size > LOAD_INITRD_MAX)
			ret = -EFBIG;
		if (!ret)
			ret = copy_fd(fd, fds[i], 0, size);
		total += size;
		if (!ret && total % 4 && i + 1 < n) {
			ret = fd_write_full(fd, zeros, 4 - total % 4);
			total += 4 - total % 4;
		}
	}
	if (ret) {
		close(fd);
		return ret;
	}
	return reopen_read_only(fd);
}

int buf_join(const int *fds, size_t n, size_t max, uint8_t **buf,
	     size_t *len)
{
	uint64_t size, total = 0;
	uint8_t *b;
	size_t i, got;
	int ret;

	for (i = 0; i < n; i++) {
		ret = fd_size(fds[i], &size);
		if (ret)
			return ret;
		total = align_up(total, 4) + size;
		if (total > max)
			return -EFBIG;
	}
	b = calloc(1, total ? (size_t)total : 1);
	if (!b)
		return -ENOMEM;
	for (i = 0, total = 0; i < n; i++) {
		total = align_up(total, 4);
		if (fd_size(fds[i], &size) ||
		    (ret = fd_pread_full(fds[i], b + total, (size_t)size,
					 0, &got)) || got != size) {
			free(b);
			return ret ? ret : -EIO;
		}
		total += size;
	}
	*buf = b;
	*len = (size_t)total;
	return 0;
}

static int grow(uint8_t **b, size_t *cap, size_t max, z_stream *zs)
{
	size_t ncap = *b ? *cap * 2 : *cap;
	uint8_t *nb;

	if (*b && *cap >= max)
		return -EFBIG;
	ncap = MIN(MAX(ncap, (size_t)4096), max);
	nb = realloc(*b, ncap);
	if (!nb)
		return -ENOMEM;
	*b = nb;
	*cap = ncap;
	zs->next_out = nb + zs->total_out;
	zs->avail_out = (uInt)MIN(ncap - zs->total_out, (size_t)UINT32_MAX);
	return 0;
}

int gunzip_buf(const uint8_t *in, size_t len, size_t max, uint8_t **out,
	       size_t *out_len)
{
	z_stream zs = { 0 };
	size_t cap = MIN(len * 4, max);
	uint8_t *b = NULL;
	int zr, ret = 0;

	if (len > UINT32_MAX)
		return -EFBIG;
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return -ENOMEM;
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)len;
	for (;;) {
		if (!b || !zs.avail_out)
			ret = grow(&b, &cap, max, &zs);
		if (ret)
			goto out;
		zr = inflate(&zs, Z_NO_FLUSH);
		if (zr == Z_STREAM_END)
			break;
		if (zr == Z_OK || (zr == Z_BUF_ERROR && !zs.avail_out))
			continue;
		ret = zr == Z_MEM_ERROR ? -ENOMEM : -EINVAL;
		goto out;	/* corrupt or truncated */
	}
	*out = b;
	*out_len = zs.total_out;
	b = NULL;
out:
	inflateEnd(&zs);
	free(b);
	return ret;
}
