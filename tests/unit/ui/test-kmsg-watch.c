/* test-kmsg-watch.c: which kernel log records the menu repaints after. */
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ui/kmsg-watch.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static int level(const char *rec)
{
	return kmsg_record_level(rec, strlen(rec));
}

static void test_record_level(void)
{
	CHECK_INT(level("3,1234,9253165,-;BTRFS error (device vde1)\n"), 3);
	CHECK_INT(level("6,5,100,-;baton: daemon started\n"), 6);
	/* a facility above the level: user (1) << 3 | err (3) */
	CHECK_INT(level("11,7,200,-;baton-init: x\n"), 3);
	CHECK_INT(level("0,1,2,-;panic\n"), 0);
	/* not records */
	CHECK_INT(level(""), -1);
	CHECK_INT(level(",1,2,-;x"), -1);
	CHECK_INT(level("3"), -1);
	CHECK_INT(level("3;x"), -1);
	CHECK_INT(level("x,1,2,-;x"), -1);
	CHECK_INT(level("99999999999,1,2,-;x"), -1);
}

/* A datagram socket hands out one record per read, as /dev/kmsg does. */
static void feed(int fd, const char *rec)
{
	CHECK_INT(write(fd, rec, strlen(rec)), (int)strlen(rec));
}

static void test_printed(void)
{
	int sv[2];

	CHECK_INT(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0, sv),
		  0);
	/* nothing waiting */
	CHECK(!kmsg_watch_printed(sv[0], 4));
	/* baton's own info lines stay off a console at level 4 */
	feed(sv[1], "6,1,10,-;baton: vda1: ext4, 1 boot option(s)\n");
	feed(sv[1], "4,2,11,-;a warning\n");
	CHECK(!kmsg_watch_printed(sv[0], 4));
	/* an error among them is printed, and every record is read */
	feed(sv[1], "6,3,12,-;baton: x\n");
	feed(sv[1], "3,4,13,-;BTRFS error (device vde1): open_ctree failed\n");
	feed(sv[1], "6,5,14,-;baton: y\n");
	CHECK(kmsg_watch_printed(sv[0], 4));
	CHECK(!kmsg_watch_printed(sv[0], 4));
	/* loglevel=7 prints the warning too */
	feed(sv[1], "4,6,15,-;a warning\n");
	CHECK(kmsg_watch_printed(sv[0], 7));
	close(sv[0]);
	close(sv[1]);
}

static void test_console_level(void)
{
	int l = kmsg_console_level();

	CHECK(l >= 0 && l <= 15);
}

static const struct test_case cases[] = {
	TEST(test_record_level),
	TEST(test_printed),
	TEST(test_console_level),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
