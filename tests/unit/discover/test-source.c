/*
 * test-source.c: files a config names stay inside their source: "..",
 * absolute paths and symlinks (absolute or relative) cannot escape, and
 * only bounded regular files are read (a sparse 100 MB config is refused
 * by its size, before a byte of it is read).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discover/source.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static char root[] = "/tmp/baton-test-source-XXXXXX";
static char outside[512];

static void setup(void)
{
	char path[512];

	if (!mkdtemp(root))
		abort();
	snprintf(path, sizeof(path), "%s/part", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/part/boot", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/part/etc", root);
	mkdir(path, 0755);
	test_write_file(root, "secret", "outside");
	snprintf(outside, sizeof(outside), "%s/secret", root);
	test_write_file(root, "part/boot/vmlinuz", "kernel");
	test_write_file(root, "part/etc/secret", "inside");
	snprintf(path, sizeof(path), "%s/part/boot/abs", root);
	symlink(outside, path);		/* absolute, to the host file */
	snprintf(path, sizeof(path), "%s/part/boot/rel", root);
	symlink("../../secret", path);	/* relative, climbing out */
	snprintf(path, sizeof(path), "%s/part/boot/ok", root);
	symlink("vmlinuz", path);	/* harmless, inside */
	snprintf(path, sizeof(path), "%s/part/boot/fifo", root);
	mkfifo(path, 0600);
}

static struct source *open_part(void)
{
	char path[512];
	int err;

	snprintf(path, sizeof(path), "%s/part", root);
	return source_open_dir(path, NULL, &err);
}

static char *read_text(struct source *s, const char *path, int *err)
{
	char *buf = NULL;
	size_t len;

	*err = source_read(s, path, 1 << 20, &buf, &len);
	return buf;
}

static void test_plain_file_read(void)
{
	struct source *s = open_part();
	int err;
	char *t = read_text(s, "/boot/vmlinuz", &err);

	CHECK_INT(err, 0);
	CHECK_STR(t, "kernel");
	CHECK_STR(s->info.name, "part");
	free(t);
	source_free(s);
}

static void test_dotdot_stays_inside(void)
{
	struct source *s = open_part();
	int err;
	char *t = read_text(s, "/../../../secret", &err);

	CHECK(t == NULL);
	CHECK_INT(err, -EXDEV);
	t = read_text(s, "/boot/../etc/secret", &err);
	CHECK_STR(t, "inside");	/* ".." that stays inside is fine */
	free(t);
	source_free(s);
}

static void test_absolute_symlink_refused(void)
{
	struct source *s = open_part();
	int err;
	char *t = read_text(s, "/boot/abs", &err);

	CHECK(t == NULL);
	CHECK_INT(err, -EXDEV);	/* refused, never followed to the host */
	free(t);
	source_free(s);
}

static void test_relative_symlink_cannot_climb(void)
{
	struct source *s = open_part();
	int err;
	char *t = read_text(s, "/boot/rel", &err);

	CHECK(t == NULL);
	CHECK_INT(err, -EXDEV);
	free(t);
	source_free(s);
}

static void test_inner_symlink_works(void)
{
	struct source *s = open_part();
	int err;
	char *t = read_text(s, "/boot/ok", &err);

	CHECK_STR(t, "kernel");
	free(t);
	source_free(s);
}

static void test_fifo_and_dir_refused(void)
{
	struct source *s = open_part();
	int err;
	char *t = read_text(s, "/boot/fifo", &err);

	CHECK(t == NULL);
	CHECK_INT(err, -EINVAL);
	t = read_text(s, "/boot", &err);
	CHECK_INT(err, -EISDIR);
	free(t);
	source_free(s);
}

static void test_size_bound(void)
{
	struct source *s = open_part();
	char *buf = NULL;
	size_t len;

	CHECK_INT(source_read(s, "/boot/vmlinuz", 3, &buf, &len), -EFBIG);
	CHECK(buf == NULL);
	source_free(s);
}

/* What the parsers are handed for a 100 MB grub.cfg: -EFBIG, not bytes. */
static void test_huge_sparse_file(void)
{
	struct source *s = open_part();
	char path[600], *buf = NULL;
	size_t len;
	FILE *f;

	snprintf(path, sizeof(path), "%s/part/boot/grub.cfg", root);
	f = fopen(path, "w");
	CHECK(f && !ftruncate(fileno(f), 100 << 20));
	if (f)
		fclose(f);
	CHECK_INT(source_parse_io.read(NULL, &s->info, "/boot/grub.cfg",
				       PARSE_MAX_FILE_SIZE, &buf, &len),
		  -EFBIG);
	CHECK(buf == NULL);
	unlink(path);
	source_free(s);
}

static void test_parse_io_list_sorted(void)
{
	struct source *s = open_part();
	char **names = NULL;

	CHECK_INT(source_parse_io.list(NULL, &s->info, "/boot", &names), 0);
	CHECK(names && strv_len(names) == 5);
	if (names && strv_len(names) == 5) {
		CHECK_STR(names[0], "abs");
		CHECK_STR(names[4], "vmlinuz");
	}
	strv_free(names);
	source_free(s);
}

/*
 * A folder held open reads each of its names as a read of the whole path
 * does: plain files (one larger than a first buffer, then a smaller one in
 * the same buffer), symlinks followed or refused, a FIFO and a folder
 * refused, the size bound.
 */
static void check_dir_reads(struct source *s, const char *dir, size_t max)
{
	char **names = NULL, *got, *want, path[256];
	size_t i, got_len, want_len;
	void *h = NULL;
	int r1, r2;

	CHECK_INT(source_parse_io.open_dir(NULL, &s->info, dir, &names, &h),
		  0);
	for (i = 0; names && names[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		want = NULL;
		r1 = source_parse_io.read(NULL, &s->info, path, max, &want,
					  &want_len);
		r2 = source_parse_io.read_in(NULL, h, i, names[i], max, &got,
					     &got_len);
		if (r1 != r2 || (!r1 && (got_len != want_len ||
					 memcmp(got, want, want_len + 1)))) {
			test_failed_checks++;
			printf("#   %s: %d, read gives %d\n", path, r2, r1);
		}
		free(want);
	}
	CHECK(names && i >= 5);
	strv_free(names);
	if (h)
		source_parse_io.close_dir(NULL, h);
}

static void test_dir_read_as_read(void)
{
	struct source *s = open_part();
	char big[5000], path[600];

	memset(big, 'b', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	test_write_file(root, "part/etc/a-big", big);
	test_write_file(root, "part/etc/b-small", "small");
	test_write_file(root, "part/etc/c-empty", "");
	snprintf(path, sizeof(path), "%s/part/etc/d.d", root);
	mkdir(path, 0755);
	check_dir_reads(s, "/boot", 1 << 20);
	check_dir_reads(s, "/etc", 1 << 20);
	check_dir_reads(s, "/etc", 5);		/* over the bound */
	check_dir_reads(s, "/etc", 4999);	/* just under it */
	source_free(s);
}

static const struct test_case cases[] = {
	TEST(test_plain_file_read),
	TEST(test_dotdot_stays_inside),
	TEST(test_absolute_symlink_refused),
	TEST(test_relative_symlink_cannot_climb),
	TEST(test_inner_symlink_works),
	TEST(test_fifo_and_dir_refused),
	TEST(test_size_bound),
	TEST(test_huge_sparse_file),
	TEST(test_parse_io_list_sorted),
	TEST(test_dir_read_as_read),
	{ 0 },
};

int main(int argc, char **argv)
{
	char cmd[600];
	int ret;

	setup();
	ret = test_main(argc, argv, cases);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd))
		ret = 1;
	return ret;
}
