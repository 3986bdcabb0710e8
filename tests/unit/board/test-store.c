/*
 * test-store.c: settings stores: specs, plain file and EFI variable
 * formats, and the board's choice (the partition discovery found, else
 * its fallback).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "board/board.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static char tmpdir[] = "/tmp/baton-test-store-XXXXXX";

static char *path_in(const char *name)
{
	static char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s/%s", tmpdir, name);
	return buf;
}

static void test_specs(void)
{
	struct board_store *st = NULL;

	CHECK_INT(board_store_open("none", &st), 0);
	CHECK(st == NULL);
	CHECK_INT(board_store_open("file:/x/baton.conf", &st), 0);
	CHECK_STR(board_store_describe(st), "file /x/baton.conf");
	board_store_free(st);
	CHECK_INT(board_store_open("/y.conf", &st), 0);
	CHECK_STR(board_store_describe(st), "file /y.conf");
	board_store_free(st);
	CHECK_INT(board_store_open("label", &st), 0);
	CHECK(strstr(board_store_describe(st), "labelled baton") != NULL);
	board_store_free(st);
	CHECK_INT(board_store_open("efi", &st), 0);
	CHECK(strstr(board_store_describe(st), BOARD_EFIVARS_DIR) != NULL);
	board_store_free(st);
	CHECK_INT(board_store_open("floppy:a", &st), -EINVAL);
	CHECK_INT(board_store_open("file:", &st), -EINVAL);
	CHECK_STR(board_store_describe(NULL),
		  "nowhere: changes last until the next boot");
	CHECK_INT(board_store_save(NULL, "x"), -EROFS);
}

static void test_file_round_trip(void)
{
	struct board_store *st;
	char spec[PATH_MAX + 8], *text = NULL;

	snprintf(spec, sizeof(spec), "file:%s", path_in("baton.conf"));
	CHECK_INT(board_store_open(spec, &st), 0);
	CHECK_INT(board_store_load(st, &text), -ENOENT);
	CHECK_INT(board_store_save(st, "timeout = 3\ndefault = a long value\n"), 0);
	CHECK_INT(board_store_save(st, "timeout = 4\n"), 0);
	CHECK_INT(board_store_load(st, &text), 0);
	CHECK_STR(text, "timeout = 4\n");
	CHECK(access(path_in(".baton.conf.new"), F_OK) != 0);
	free(text);
	board_store_free(st);
}

static void test_file_refuses_odd_files(void)
{
	struct board_store *st;
	char spec[PATH_MAX + 8], *text = NULL;
	int fd;

	snprintf(spec, sizeof(spec), "file:%s", path_in("nul.conf"));
	fd = open(path_in("nul.conf"), O_WRONLY | O_CREAT, 0600);
	CHECK(write(fd, "a\0b", 3) == 3);
	close(fd);
	CHECK_INT(board_store_open(spec, &st), 0);
	CHECK_INT(board_store_load(st, &text), -EINVAL);
	board_store_free(st);
	snprintf(spec, sizeof(spec), "file:%s", path_in("dir.conf"));
	mkdir(path_in("dir.conf"), 0700);
	CHECK_INT(board_store_open(spec, &st), 0);
	CHECK_INT(board_store_load(st, &text), -EINVAL);
	board_store_free(st);
}

static void test_efi_variable_format(void)
{
	struct board_store *st;
	char spec[PATH_MAX + 8], var[PATH_MAX], raw[64], *text = NULL;
	uint32_t attrs;
	ssize_t n;
	int fd;

	snprintf(spec, sizeof(spec), "efi:%s", tmpdir);
	snprintf(var, sizeof(var), "%s/BatonConfig-%s", tmpdir, BOARD_EFI_GUID);
	CHECK_INT(board_store_open(spec, &st), 0);
	CHECK_INT(board_store_load(st, &text), -ENOENT);
	CHECK_INT(board_store_save(st, "timeout = 10\nheadless = on\n"), 0);
	CHECK_INT(board_store_save(st, "timeout = 1\n"), 0);
	fd = open(var, O_RDONLY);
	n = read(fd, raw, sizeof(raw));
	close(fd);
	CHECK_INT(n, 4 + 12);
	memcpy(&attrs, raw, 4);
	CHECK_INT(attrs, 7);	/* non-volatile, boot and runtime access */
	CHECK_INT(board_store_load(st, &text), 0);
	CHECK_STR(text, "timeout = 1\n");
	free(text);
	CHECK_INT(board_store_save(st, ""), 0);
	CHECK(access(var, F_OK) != 0);
	board_store_free(st);
}

static void test_reserved_partition(void)
{
	struct source_info a = { .name = "vdb1", .label = "BATON" };
	struct source_info b = { .name = "vda1", .label = "root" };
	struct source_info c = { .name = "vda2" };

	CHECK(board_reserved_partition(&a));
	CHECK(!board_reserved_partition(&b));
	CHECK(!board_reserved_partition(&c));
	CHECK(!board_reserved_partition(NULL));
}

/*
 * The partition discovery found is used by its device, never searched for
 * by label: a device without the label (here one that does not exist) is
 * refused, whatever other disk carries it.
 */
static void test_partition_store(void)
{
	struct source_info a = { .name = "vdb1", .label = "Baton",
				 .fstype = "vfat" };
	struct source_info b = { .name = "vda1", .label = "root" };
	struct board_store *st = NULL;
	char *text = NULL;

	CHECK_INT(board_partition_store(&b, "/dev/vda1", &st), -EINVAL);
	CHECK(st == NULL);
	CHECK_INT(board_partition_store(&a, NULL, &st), -EINVAL);
	CHECK_INT(board_partition_store(&a, "/nonexistent/vdb1", &st), 0);
	CHECK(strstr(board_store_describe(st), "labelled baton") != NULL);
	CHECK_INT(board_store_load(st, &text), -ENODEV);
	CHECK_INT(board_store_save(st, "timeout = 1\n"), -ENODEV);
	CHECK(text == NULL);
	board_store_free(st);
}

static void test_fallback_store(void)
{
	struct board_store *st = NULL;

	/* EFI variables when efivarfs is there, else none: no disk */
	CHECK_INT(board_fallback_store(&st), 0);
	CHECK(!st || strstr(board_store_describe(st), "EFI variable") != NULL);
	board_store_free(st);
}

static const struct test_case cases[] = {
	TEST(test_specs),
	TEST(test_file_round_trip),
	TEST(test_file_refuses_odd_files),
	TEST(test_efi_variable_format),
	TEST(test_reserved_partition),
	TEST(test_partition_store),
	TEST(test_fallback_store),
	{ 0 },
};

int main(int argc, char **argv)
{
	int ret;
	char cmd[PATH_MAX + 16];

	if (!mkdtemp(tmpdir))
		return 1;
	ret = test_main(argc, argv, cases);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd))
		ret = 1;
	return ret;
}
