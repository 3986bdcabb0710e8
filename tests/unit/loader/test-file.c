/* test-file.c: joining initrds, memory files for kexec, gzip, bounds. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "loader/loader-internal.h"
#include "tests/unit/loader/helpers.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static void test_memfd_join_pads_to_4(void)
{
	int fds[3], fd, flags;
	uint8_t got[32];
	uint64_t size;
	ssize_t n;

	fds[0] = fd_with("abcde", 5);
	fds[1] = fd_with("xy", 2);
	fds[2] = fd_with("last", 4);
	fd = memfd_join("test", fds, 3);
	CHECK(fd >= 0);
	CHECK_INT(fd_size(fd, &size), 0);
	CHECK_INT(size, 8 + 4 + 4);
	n = pread(fd, got, sizeof(got), 0);
	CHECK_INT(n, 16);
	CHECK(!memcmp(got, "abcde\0\0\0xy\0\0last", 16));
	/* kexec_file_load refuses files open for writing */
	flags = fcntl(fd, F_GETFL);
	CHECK_INT(flags & O_ACCMODE, O_RDONLY);
	close(fd);
	close(fds[0]);
	close(fds[1]);
	close(fds[2]);
}

static void test_buf_join_same_bytes(void)
{
	int fds[2];
	uint8_t *buf;
	size_t len;

	fds[0] = fd_with("abcde", 5);
	fds[1] = fd_with("xy", 2);
	CHECK_INT(buf_join(fds, 2, 1 << 20, &buf, &len), 0);
	CHECK_INT(len, 10);
	CHECK(!memcmp(buf, "abcde\0\0\0xy", 10));
	free(buf);
	CHECK_INT(buf_join(fds, 2, 9, &buf, &len), -EFBIG);
	close(fds[0]);
	close(fds[1]);
}

static void test_memfd_from_buf_read_only(void)
{
	char got[8] = { 0 };
	int fd = memfd_from_buf("k", "kernel", 6);

	CHECK(fd >= 0);
	CHECK_INT(pread(fd, got, sizeof(got), 0), 6);
	CHECK_STR(got, "kernel");
	CHECK(write(fd, "x", 1) < 0);
	close(fd);
}

static void test_memfd_from_range(void)
{
	char got[8] = { 0 };
	int in = fd_with("headerKERNELtrailer", 19), fd;

	fd = memfd_from_range("r", in, 6, 6);
	CHECK(fd >= 0);
	CHECK_INT(pread(fd, got, sizeof(got), 0), 6);
	CHECK_STR(got, "KERNEL");
	close(fd);
	/* past the end of the file: the copy comes up short */
	CHECK_INT(memfd_from_range("r", in, 15, 10), -EIO);
	close(in);
}

static void test_read_all_bounds(void)
{
	int fd = fd_with("0123456789", 10);
	uint8_t *buf;
	size_t len;

	CHECK_INT(fd_read_all(fd, 10, &buf, &len), 0);
	CHECK_INT(len, 10);
	free(buf);
	CHECK_INT(fd_read_all(fd, 9, &buf, &len), -EFBIG);
	close(fd);
	CHECK_INT(fd_read_all(fd, 9, &buf, &len), -EBADF);
}

static void test_gunzip(void)
{
	static const char text[] = "a kernel image, or something like one";
	uint8_t gz[256], *out;
	z_stream zs = { 0 };
	size_t len;

	deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
		     Z_DEFAULT_STRATEGY);
	zs.next_in = (Bytef *)text;
	zs.avail_in = sizeof(text);
	zs.next_out = gz;
	zs.avail_out = sizeof(gz);
	CHECK_INT(deflate(&zs, Z_FINISH), Z_STREAM_END);
	deflateEnd(&zs);
	CHECK_INT(gunzip_buf(gz, zs.total_out, 1 << 20, &out, &len), 0);
	CHECK_INT(len, sizeof(text));
	CHECK(!memcmp(out, text, len));
	free(out);
	CHECK_INT(gunzip_buf(gz, zs.total_out, 10, &out, &len), -EFBIG);
	CHECK_INT(gunzip_buf(gz, zs.total_out - 5, 1 << 20, &out, &len),
		  -EINVAL);
	gz[12] ^= 0x55;
	CHECK(gunzip_buf(gz, zs.total_out, 1 << 20, &out, &len) < 0);
}

static void test_gunzip_large(void)
{
	size_t n = 3 << 20, len, i;
	uint8_t *in = malloc(n), *gz = malloc(n + 4096), *out;
	z_stream zs = { 0 };

	for (i = 0; i < n; i++)
		in[i] = (uint8_t)(i * 7 + (i >> 10));
	deflateInit2(&zs, 1, Z_DEFLATED, 16 + MAX_WBITS, 8,
		     Z_DEFAULT_STRATEGY);
	zs.next_in = in;
	zs.avail_in = (uInt)n;
	zs.next_out = gz;
	zs.avail_out = (uInt)n + 4096;
	CHECK_INT(deflate(&zs, Z_FINISH), Z_STREAM_END);
	deflateEnd(&zs);
	CHECK_INT(gunzip_buf(gz, zs.total_out, 64 << 20, &out, &len), 0);
	CHECK_INT(len, n);
	CHECK(!memcmp(out, in, n));
	free(out);
	free(in);
	free(gz);
}

static void test_fd_size_of_pipe(void)
{
	uint64_t size;
	int p[2];

	CHECK_INT(pipe(p), 0);
	CHECK_INT(fd_size(p[0], &size), -EINVAL);
	close(p[0]);
	close(p[1]);
}

static const struct test_case cases[] = {
	TEST(test_memfd_join_pads_to_4),
	TEST(test_buf_join_same_bytes),
	TEST(test_memfd_from_buf_read_only),
	TEST(test_memfd_from_range),
	TEST(test_read_all_bounds),
	TEST(test_gunzip),
	TEST(test_gunzip_large),
	TEST(test_fd_size_of_pipe),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
