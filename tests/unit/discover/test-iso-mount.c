/*
 * test-iso-mount.c: which files are ISO images baton mounts (ISO 9660 and
 * UDF volume descriptors, whole), and the errors of iso_mount before any
 * loop device is touched: an image path out of its partition, a missing
 * image, one that is truncated or no image, and no loop driver.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discover/iso-mount.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

#define SECTOR 2048

static char root[] = "/tmp/baton-test-iso-XXXXXX";
static char part[600];

/* An image of size bytes: at sector 16 on, the descriptors ids[] of
 * type types[] (a NULL id ends them); an ISO 9660 primary one says
 * blocks of 2048 bytes. */
static void image(const char *name, size_t size, const char *const *ids,
		  const unsigned char *types, uint32_t blocks)
{
	unsigned char *b = calloc(1, size);
	char path[700];
	size_t i, off;
	int fd;

	if (!b)
		abort();
	for (i = 0; ids[i]; i++) {
		off = (16 + i) * SECTOR;
		if (off + SECTOR > size)
			break;
		b[off] = types[i];
		memcpy(b + off + 1, ids[i], 5);
		b[off + 6] = 1;
		if (types[i] == 1 && !strcmp(ids[i], "CD001")) {
			b[off + 80] = blocks & 0xff;
			b[off + 81] = blocks >> 8 & 0xff;
			b[off + 82] = blocks >> 16 & 0xff;
			b[off + 83] = blocks >> 24;
			b[off + 128] = SECTOR & 0xff;
			b[off + 129] = SECTOR >> 8;
		}
	}
	if (size >= 257 * SECTOR)
		b[256 * SECTOR] = 2;	/* a UDF anchor's tag */
	snprintf(path, sizeof(path), "%s/%s", part, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, b, size) != (ssize_t)size || close(fd))
		abort();
	free(b);
}

static const char *const iso_ids[] = { "CD001", "CD001", NULL };
static const unsigned char iso_types[] = { 1, 255 };
static const char *const udf_ids[] = { "BEA01", "NSR02", "TEA01", NULL };
static const unsigned char udf_types[] = { 0, 0, 0 };
static const char *const bridge_ids[] = { "CD001", "CD001", "BEA01",
					  "NSR03", "TEA01", NULL };
static const unsigned char bridge_types[] = { 1, 255, 0, 0, 0 };
static const char *const none_ids[] = { "HELLO", NULL };
static const unsigned char none_types[] = { 0 };

static void setup(void)
{
	if (!mkdtemp(root))
		abort();
	snprintf(part, sizeof(part), "%s/part", root);
	mkdir(part, 0755);
	image("good.iso", 40 * SECTOR, iso_ids, iso_types, 40);
	image("short.iso", 40 * SECTOR, iso_ids, iso_types, 400);
	image("udf.img", 300 * SECTOR, udf_ids, udf_types, 0);
	image("udf-cut.img", 100 * SECTOR, udf_ids, udf_types, 0);
	image("bridge.iso", 300 * SECTOR, bridge_ids, bridge_types, 300);
	image("none.iso", 40 * SECTOR, none_ids, none_types, 0);
	image("tiny.iso", 1000, iso_ids, iso_types, 0);
	test_write_file(root, "outside.iso", "");
}

/* iso_image_check on part/name: its result, *type and why. */
static int check(const char *name, const char **type, char *why, size_t len)
{
	char path[700];
	int fd, r;

	snprintf(path, sizeof(path), "%s/%s", part, name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	*type = NULL;
	why[0] = '\0';
	r = iso_image_check(fd, type, why, len);
	close(fd);
	return r;
}

static void test_iso9660_and_udf(void)
{
	const char *type;
	char why[256];

	CHECK(check("good.iso", &type, why, sizeof(why)) == 0);
	CHECK_STR(type, "iso9660");
	CHECK(check("udf.img", &type, why, sizeof(why)) == 0);
	CHECK_STR(type, "udf");
	/* an ISO 9660 image with UDF too is read as ISO 9660, as GRUB does */
	CHECK(check("bridge.iso", &type, why, sizeof(why)) == 0);
	CHECK_STR(type, "iso9660");
}

static void test_truncated(void)
{
	const char *type;
	char why[256];

	CHECK(check("short.iso", &type, why, sizeof(why)) == -EIO);
	CHECK(strstr(why, "truncated: its file system is 819200 bytes, the "
		     "file 81920") != NULL);
	CHECK(check("udf-cut.img", &type, why, sizeof(why)) == -EIO);
	CHECK(strstr(why, "truncated") != NULL);
}

static void test_not_an_image(void)
{
	const char *type;
	char why[256];

	CHECK(check("none.iso", &type, why, sizeof(why)) == -ENOEXEC);
	CHECK_STR(why, "not an ISO 9660 or UDF image");
	CHECK(check("tiny.iso", &type, why, sizeof(why)) == -ENOEXEC);
	CHECK(check(".", &type, why, sizeof(why)) == -ENOEXEC);
	CHECK_STR(why, "not a regular file");
}

/* iso_mount's errors come before any loop device or mount. */
static void test_mount_errors(void)
{
	struct iso_mount *m = NULL;
	struct source *src;
	char why[256], ctl[700];
	int err;

	src = source_open_dir(part, NULL, &err);
	CHECK(src != NULL);
	if (!src)
		return;
	snprintf(ctl, sizeof(ctl), "%s/no-loop-control", root);
	CHECK(iso_mount(src, "/../outside.iso", ctl, root, &m, why,
			sizeof(why)) == -EXDEV);
	CHECK_STR(why, "the path leaves its partition; refused");
	CHECK(iso_mount(src, "/gone.iso", ctl, root, &m, why,
			sizeof(why)) == -ENOENT);
	CHECK(iso_mount(src, "/short.iso", ctl, root, &m, why,
			sizeof(why)) == -EIO);
	CHECK(iso_mount(src, "/none.iso", ctl, root, &m, why,
			sizeof(why)) == -ENOEXEC);
	/* a kernel without the loop driver: no control device */
	CHECK(iso_mount(src, "/good.iso", ctl, root, &m, why,
			sizeof(why)) == -ENODEV);
	CHECK(strstr(why, "the kernel lacks the loop driver") != NULL);
	CHECK(m == NULL);
	iso_unmount(NULL);
	source_free(src);
}

static const struct test_case cases[] = {
	TEST(test_iso9660_and_udf),
	TEST(test_truncated),
	TEST(test_not_an_image),
	TEST(test_mount_errors),
	{ 0 },
};

int main(int argc, char **argv)
{
	int ret;

	setup();
	ret = test_main(argc, argv, cases);
	if (test_remove_tree(root))
		ret = 1;
	return ret;
}
