/* fdio.h: reading and writing whole buffers on file descriptors. */
#ifndef BATON_LIB_FDIO_H
#define BATON_LIB_FDIO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Every function here retries a call that a signal interrupted (EINTR),
 * goes on after a short read or write, and never raises SIGPIPE: on a
 * socket it writes with send(MSG_NOSIGNAL), so a peer that went away is
 * -EPIPE, not a dead process.
 */

/*
 * One read(2) of at most len bytes. Returns the bytes read (0: end of
 * file), or -errno (-EAGAIN: a non-blocking fd has nothing now).
 */
ssize_t fd_read_some(int fd, void *buf, size_t len);

/*
 * Read until len bytes or the end of the file; *got says how many came.
 * Returns 0 or -errno (then *got counts what came before the error).
 */
int fd_read_full(int fd, void *buf, size_t len, size_t *got);

/* fd_read_full at offset off (pread(2)): the file position is unchanged. */
int fd_pread_full(int fd, void *buf, size_t len, uint64_t off, size_t *got);

/*
 * Read to the end of the file into a new buffer, NUL-terminated (*len
 * excludes the NUL); hint is the size expected (fstat's), 0 if unknown.
 * A hint says fd is a regular file: a read shorter than asked is then taken
 * as its end, so that a file of the size hinted costs one read(2), not two.
 * Returns 0, -EFBIG when there are more than max bytes, -ENOMEM or
 * -errno of read(2); *buf and *len are set only on success.
 */
int fd_read_alloc(int fd, size_t max, size_t hint, char **buf, size_t *len);

/*
 * Read a regular file to its end into *buf, a buffer of *cap bytes kept
 * from one file to the next (NULL at first: allocated here; grown as
 * needed, at most max + 1; the caller frees it once done). NUL-terminated,
 * *len excludes the NUL; a read shorter than asked is the end of the file,
 * so that a file smaller than the buffer costs one read(2). Returns 0,
 * -EFBIG when there are more than max bytes, -ENOMEM or -errno of read(2).
 */
int fd_read_reuse(int fd, size_t max, char **buf, size_t *cap, size_t *len);

/*
 * A small file (sysfs, /proc) at path, relative to dirfd (AT_FDCWD: the
 * working directory): at most len - 1 bytes, NUL-terminated. Returns the
 * bytes read, or -errno (of open(2) or read(2)).
 */
ssize_t read_small_file(int dirfd, const char *path, char *buf, size_t len);

/*
 * The first line of a small file (sysfs) at path under dirfd, without its
 * newline, in buf (cap bytes with the NUL). Returns 0 or -errno.
 */
int read_first_line(int dirfd, const char *path, char *buf, size_t cap);

/*
 * Write len bytes to the existing file at path (sysfs, /proc): 0 or
 * -errno (-EIO when it took only part).
 */
int write_small_file(const char *path, const void *buf, size_t len);

/*
 * Write all len bytes. Returns 0 or -errno: -EAGAIN when a non-blocking
 * fd is full (part may have been written), -EIO when write(2) took
 * nothing.
 */
int fd_write_full(int fd, const void *buf, size_t len);

/*
 * fd_write_full on a non-blocking fd that may be full for a while (a
 * serial console draining at its baud rate): waits for room (poll(2)) up
 * to max_ms in all. Returns 0, -ETIMEDOUT when room did not come in time
 * (part may have been written), or -errno.
 */
int fd_write_wait(int fd, const void *buf, size_t len, unsigned max_ms);

/*
 * Write what fd takes without waiting (a non-blocking fd). Returns the
 * bytes written (0: it is full now), or -errno.
 */
ssize_t fd_write_some(int fd, const void *buf, size_t len);

#endif
