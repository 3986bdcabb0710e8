/* test-fdio.c: whole-buffer reads and writes on fds (lib/fdio.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/fdio.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

/* A temporary file holding len bytes of 'x', opened for reading. */
static int temp_file(size_t len)
{
	char path[] = "/tmp/baton-test-fdio-XXXXXX";
	char *b = malloc(len + 1);
	int fd = mkstemp(path);

	if (fd < 0 || !b)
		abort();
	unlink(path);
	memset(b, 'x', len);
	if (fd_write_full(fd, b, len) || lseek(fd, 0, SEEK_SET))
		abort();
	free(b);
	return fd;
}

static void test_read_full_stops_at_end(void)
{
	char buf[16];
	size_t got;
	int p[2];

	CHECK(pipe(p) == 0);
	CHECK_INT(write(p[1], "abc", 3), 3);
	CHECK_INT(write(p[1], "de", 2), 2);	/* a second, short chunk */
	close(p[1]);
	CHECK_INT(fd_read_full(p[0], buf, sizeof(buf), &got), 0);
	CHECK_INT(got, 5);
	CHECK(memcmp(buf, "abcde", 5) == 0);
	close(p[0]);
}

static void test_read_full_stops_at_len(void)
{
	char buf[4];
	size_t got;
	int fd = temp_file(10);

	CHECK_INT(fd_read_full(fd, buf, sizeof(buf), &got), 0);
	CHECK_INT(got, 4);
	CHECK_INT(fd_pread_full(fd, buf, sizeof(buf), 8, &got), 0);
	CHECK_INT(got, 2);	/* only two bytes after offset 8 */
	CHECK_INT(lseek(fd, 0, SEEK_CUR), 4);	/* pread moved nothing */
	close(fd);
}

static void test_read_errors_are_errno(void)
{
	char buf[4];
	size_t got;

	CHECK_INT(fd_read_full(-1, buf, sizeof(buf), &got), -EBADF);
	CHECK_INT(fd_pread_full(-1, buf, sizeof(buf), 0, &got), -EBADF);
	CHECK_INT(fd_read_some(-1, buf, sizeof(buf)), -EBADF);
}

static void test_read_alloc_bounds(void)
{
	char *buf = NULL;
	size_t len = 0;
	int fd;

	/* exactly max bytes is within the bound, hint or not */
	fd = temp_file(100);
	CHECK_INT(fd_read_alloc(fd, 100, 100, &buf, &len), 0);
	CHECK_INT(len, 100);
	CHECK(buf && buf[100] == '\0');
	free(buf);
	buf = NULL;
	close(fd);
	fd = temp_file(100);
	CHECK_INT(fd_read_alloc(fd, 100, 0, &buf, &len), 0);
	CHECK_INT(len, 100);
	free(buf);
	buf = NULL;
	close(fd);
	/* one byte more is not; nothing is handed back */
	fd = temp_file(101);
	CHECK_INT(fd_read_alloc(fd, 100, 3, &buf, &len), -EFBIG);
	CHECK(buf == NULL);
	close(fd);
	/* a hint too small (the file grew) only costs reallocations */
	fd = temp_file(10000);
	CHECK_INT(fd_read_alloc(fd, 1 << 20, 1, &buf, &len), 0);
	CHECK_INT(len, 10000);
	CHECK(buf && buf[9999] == 'x' && buf[10000] == '\0');
	free(buf);
	close(fd);
}

/*
 * With a hint, the read that comes back short ends the file: a pipe whose
 * writer stays open (O_NONBLOCK: a second read would be -EAGAIN) shows it.
 */
static void test_read_alloc_hint_one_read(void)
{
	size_t len = 0;
	char *buf = NULL;
	int p[2];

	CHECK(pipe2(p, O_NONBLOCK) == 0);
	CHECK_INT(fd_write_full(p[1], "hello", 5), 0);
	CHECK_INT(fd_read_alloc(p[0], 100, 5, &buf, &len), 0);
	CHECK_INT(len, 5);
	CHECK(buf && !strcmp(buf, "hello"));
	free(buf);
	buf = NULL;
	/* without a hint the end is a read of nothing: here, -EAGAIN */
	CHECK_INT(fd_write_full(p[1], "hello", 5), 0);
	CHECK_INT(fd_read_alloc(p[0], 100, 0, &buf, &len), -EAGAIN);
	CHECK(buf == NULL);
	close(p[0]);
	close(p[1]);
}

static void test_write_to_closed_socket_is_epipe(void)
{
	int sv[2];

	/* no SIGPIPE handler: a signal would kill the test */
	signal(SIGPIPE, SIG_DFL);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	close(sv[1]);
	CHECK_INT(fd_write_full(sv[0], "x", 1), -EPIPE);
	CHECK_INT(fd_write_some(sv[0], "x", 1), -EPIPE);
	close(sv[0]);
}

static void test_write_some_takes_what_fits(void)
{
	static char big[1 << 20];
	char buf[4096];
	ssize_t w, r;
	size_t total = 0;
	int sv[2];

	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) == 0);
	w = fd_write_some(sv[0], big, sizeof(big));
	CHECK(w > 0 && (size_t)w < sizeof(big));	/* the socket is full */
	CHECK_INT(fd_write_some(sv[0], big, sizeof(big)), 0);
	CHECK_INT(fd_write_full(sv[0], big, sizeof(big)), -EAGAIN);
	while ((r = fd_read_some(sv[1], buf, sizeof(buf))) > 0)
		total += r;
	CHECK_INT(r, -EAGAIN);
	CHECK(total >= (size_t)w);
	close(sv[0]);
	close(sv[1]);
}

/* A full console: the line waits for room, up to a limit, then -ETIMEDOUT. */
static void test_write_wait_for_room(void)
{
	static char big[256 << 10];
	char buf[4096];
	size_t total = 0;
	int sv[2], status = -1;
	ssize_t r, filled;
	pid_t pid;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) == 0);
	CHECK(fd_write_some(sv[0], big, sizeof(big)) > 0);	/* now full */
	CHECK_INT(fd_write_wait(sv[0], "line\n", 5, 50), -ETIMEDOUT);
	/* emptied, filled again, and a reader that starts late: nothing lost */
	while ((r = fd_read_some(sv[1], buf, sizeof(buf))) > 0)
		;
	filled = fd_write_some(sv[0], big, sizeof(big));
	CHECK(filled > 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {	/* reads to the end: all that was written came */
		close(sv[0]);
		usleep(100 * 1000);
		fcntl(sv[1], F_SETFL, 0);
		while ((r = read(sv[1], buf, sizeof(buf))) > 0)
			total += r;
		_exit(total == (size_t)filled + sizeof(big) ? 0 : 2);
	}
	close(sv[1]);
	CHECK_INT(fd_write_wait(sv[0], big, sizeof(big), 10000), 0);
	close(sv[0]);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void test_small_files(void)
{
	char path[] = "/tmp/baton-test-fdio-XXXXXX";
	char buf[8];
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	close(fd);
	CHECK_INT(write_small_file(path, "1234567890\n", 11), 0);
	/* at most len - 1 bytes, NUL-terminated */
	CHECK_INT(read_small_file(AT_FDCWD, path, buf, sizeof(buf)), 7);
	CHECK_STR(buf, "1234567");
	CHECK_INT(read_small_file(AT_FDCWD, path, buf, 0), -EINVAL);
	unlink(path);
	CHECK_INT(read_small_file(AT_FDCWD, path, buf, sizeof(buf)), -ENOENT);
	CHECK_STR(buf, "");
	CHECK_INT(write_small_file(path, "1", 1), -ENOENT);	/* no create */
}

static const struct test_case cases[] = {
	TEST(test_read_full_stops_at_end),
	TEST(test_read_full_stops_at_len),
	TEST(test_read_errors_are_errno),
	TEST(test_read_alloc_bounds),
	TEST(test_read_alloc_hint_one_read),
	TEST(test_write_to_closed_socket_is_epipe),
	TEST(test_write_some_takes_what_fits),
	TEST(test_write_wait_for_room),
	TEST(test_small_files),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
