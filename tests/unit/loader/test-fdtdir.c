/*
 * test-fdtdir.c: which .dtb of an FDTDIR folder a machine gets: the one
 * holding its most specific compatible string, first-named before named
 * later, vendor subfolders looked into, links and non-trees skipped.
 */
#include <fcntl.h>
#include <sys/stat.h>

#include "loader/fdtdir.h"
#include "tests/unit/loader/helpers.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static char root[] = "/tmp/baton-test-fdtdir-XXXXXX";

static void put(const char *rel, const void *buf, size_t len)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	if (fd >= 0) {
		CHECK(write(fd, buf, len) == (ssize_t)len);
		close(fd);
	}
}

static void put_dtb(const char *rel, const char *dts)
{
	size_t len;
	void *dtb = dtb_compile(dts, &len);

	CHECK(dtb != NULL);
	if (dtb)
		put(rel, dtb, len);
	free(dtb);
}

static void mkdir_in(const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	CHECK(mkdir(path, 0755) == 0);
}

static void setup(void)
{
	char path[512];

	if (!mkdtemp(root))
		abort();
	mkdir_in("acme");
	mkdir_in("deep");
	mkdir_in("deep/er");
	mkdir_in("deep/er/est");
	mkdir_in("empty");
	put_dtb("acme/board-a.dtb", "fdtdir-board-a.dts");
	put_dtb("acme/board-b.dtb", "fdtdir-board-b.dts");
	put_dtb("generic.dtb", "fdtdir-generic.dts");
	put_dtb("deep/er/est/board-c.dtb", "fdtdir-board-a.dts");
	put("0-not-a-tree.dtb", "acme,board-a\n", 13);
	/* a link sorted first: never followed */
	snprintf(path, sizeof(path), "%s/0-link.dtb", root);
	CHECK(symlink("acme/board-a.dtb", path) == 0);
}

/* The machine's compatible list (strings joined by '|') in root/sub. */
static void choose(const char *sub, const char *machine,
		   struct fdtdir_choice *c)
{
	char path[512], list[256];
	size_t i, n = strlen(machine);
	int dfd;

	snprintf(list, sizeof(list), "%s", machine);
	for (i = 0; i < n; i++)
		if (list[i] == '|')
			list[i] = '\0';
	snprintf(path, sizeof(path), "%s/%s", root, sub);
	dfd = open(path, O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0);
	CHECK_INT(fdtdir_choose(dfd, list, n + 1, c), 0);
	close(dfd);
}

/* c->fd is the file rel of the folder. */
static void check_file(const struct fdtdir_choice *c, const char *rel)
{
	char path[512];
	struct stat a, b;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	CHECK(c->fd >= 0 && fstat(c->fd, &a) == 0 && stat(path, &b) == 0 &&
	      a.st_ino == b.st_ino);
}

static void test_most_specific_wins(void)
{
	struct fdtdir_choice c;

	choose("", "acme,board-b|acme,soc", &c);
	CHECK_STR(c.name, "acme/board-b.dtb");
	CHECK_STR(c.compat, "acme,board-b");
	check_file(&c, "acme/board-b.dtb");
	/* in path order, up to the first that names it first */
	CHECK_INT(c.scanned, 2);
	close(c.fd);
}

/* acme,soc: generic.dtb names it first, the boards only after theirs. */
static void test_first_named_wins(void)
{
	struct fdtdir_choice c;

	choose("", "acme,board-z|acme,soc", &c);
	CHECK_STR(c.name, "generic.dtb");
	CHECK_STR(c.compat, "acme,soc");
	check_file(&c, "generic.dtb");
	close(c.fd);
}

/* Not through the link that sorts first; one subfolder down, not two. */
static void test_links_and_depth(void)
{
	struct fdtdir_choice c;

	choose("", "acme,board-a", &c);
	CHECK_STR(c.name, "acme/board-a.dtb");
	check_file(&c, "acme/board-a.dtb");
	close(c.fd);
	choose("deep/er", "acme,board-a", &c);
	CHECK_STR(c.name, "est/board-c.dtb");
	check_file(&c, "deep/er/est/board-c.dtb");
	close(c.fd);
	choose("deep", "acme,board-a", &c);
	CHECK_INT(c.fd, -1);
	CHECK_INT(c.scanned, 0);
}

static void test_nothing_matches(void)
{
	struct fdtdir_choice c;

	choose("", "linux,dummy-virt", &c);
	CHECK_INT(c.fd, -1);
	CHECK_STR(c.name, "");
	choose("empty", "acme,soc", &c);
	CHECK_INT(c.fd, -1);
}

static void test_machine_list(void)
{
	char path[64], buf[64];
	size_t len = 0;
	int fd = tmpfile_with("a,b\0c,d", 7, path);

	CHECK(fd >= 0);
	close(fd);
	/* the last string's NUL added when the file lacks it */
	CHECK_INT(fdtdir_machine(path, buf, sizeof(buf), &len), 0);
	CHECK_INT(len, 8);
	CHECK(!memcmp(buf, "a,b\0c,d\0", 8));
	CHECK_INT(fdtdir_machine(path, buf, 4, &len), -E2BIG);
	unlink(path);
	CHECK_INT(fdtdir_machine(path, buf, sizeof(buf), &len), -ENOENT);
}

/* What the boot says: the file chosen, the running tree, or nothing. */
static void test_pick(void)
{
	char mpath[64], name[512], note[512];
	int mfd = tmpfile_with("acme,board-a\0acme,soc", 22, mpath);
	int dfd = open(root, O_RDONLY | O_DIRECTORY), fd;

	CHECK(mfd >= 0 && dfd >= 0);
	close(mfd);
	CHECK_INT(fdtdir_pick(dfd, "sda2:/dtbs/", mpath, &fd, name,
			      sizeof(name), note, sizeof(note)), 0);
	CHECK_STR(name, "sda2:/dtbs/acme/board-a.dtb");
	CHECK_STR(note, "device tree sda2:/dtbs/acme/board-a.dtb chosen "
		  "from FDTDIR for acme,board-a");
	check_file(&(struct fdtdir_choice){ .fd = fd }, "acme/board-a.dtb");
	close(fd);
	mfd = open(mpath, O_WRONLY | O_TRUNC);
	CHECK(mfd >= 0 && write(mfd, "other,board", 11) == 11);
	close(mfd);
	CHECK_INT(fdtdir_pick(dfd, "sda2:/dtbs/", mpath, &fd, name,
			      sizeof(name), note, sizeof(note)), 1);
	CHECK_INT(fd, -1);
	CHECK_STR(note, "no device tree in sda2:/dtbs/ suits this machine "
		  "(other,board): the running one is passed");
	unlink(mpath);
	CHECK_INT(fdtdir_pick(dfd, "sda2:/dtbs/", mpath, &fd, name,
			      sizeof(name), note, sizeof(note)), 2);
	CHECK_STR(note, "");
	close(dfd);
}

static const struct test_case cases[] = {
	TEST(test_most_specific_wins),
	TEST(test_first_named_wins),
	TEST(test_links_and_depth),
	TEST(test_nothing_matches),
	TEST(test_machine_list),
	TEST(test_pick),
	{ 0 },
};

int main(int argc, char **argv)
{
	int ret;

	setup();
	ret = test_main(argc, argv, cases);
	return test_remove_tree(root) ? 1 : ret;
}
