/* test-conf.c: paths joined and normalised for the line-oriented parsers. */
#include <stdlib.h>

#include "discover/parsers/conf.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static void check_join(const char *dir, const char *path, const char *want)
{
	char *got = conf_path_join(dir, path);

	CHECK_STR(got, want);
	free(got);
}

/* A clean absolute path is taken as it is; anything else is rebuilt. */
static void test_join_absolute(void)
{
	check_join("/boot", "/vmlinuz-6.8", "/vmlinuz-6.8");
	check_join("/boot", "/a/b.c/d", "/a/b.c/d");
	check_join("/", "/", "/");
	check_join("/", "//a//b", "/a/b");
	check_join("/", "/a/", "/a");
	check_join("/", "/a/.", "/a");
	check_join("/", "/a/./b", "/a/b");
	check_join("/", "/a/..", "/");
	check_join("/", "/a/../b", "/b");
	check_join("/", "/../../etc", "/etc");
	check_join("/", "/.hidden/..x/...", "/.hidden/..x/...");
}

static void test_join_relative(void)
{
	check_join("/boot/syslinux", "vmlinuz", "/boot/syslinux/vmlinuz");
	check_join("/boot/syslinux", "../vmlinuz", "/boot/vmlinuz");
	check_join("/", "a/./b/", "/a/b");
	check_join("/boot", "", "/boot");
	check_join("/boot", "../../..", "/");
}

static const struct test_case cases[] = {
	TEST(test_join_absolute),
	TEST(test_join_relative),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
