/*
 * test-log.c: the log's terminal sink (--log-tty): every line "\r\n"-ended
 * and sanitised, never blocking (lines a full terminal has no room for are
 * counted and said later), and a drain that waits a bounded time.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "lib/log.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

/* A pseudo-terminal: *master to read, its slave's path to log to. */
static int pty(char *slave, size_t len)
{
	struct termios t;
	int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (m < 0 || grantpt(m) || unlockpt(m) || ptsname_r(m, slave, len))
		abort();
	/* raw: what the log writes arrives as written */
	if (!tcgetattr(m, &t)) {
		cfmakeraw(&t);
		tcsetattr(m, TCSANOW, &t);
	}
	return m;
}

/* What the master has to read now (at most len - 1 bytes). */
static char *drain_master(int m, char *buf, size_t len)
{
	struct pollfd p = { .fd = m, .events = POLLIN };
	size_t n = 0;
	ssize_t r;

	while (n < len - 1 && poll(&p, 1, 200) > 0) {
		r = read(m, buf + n, len - 1 - n);
		if (r <= 0)
			break;
		n += r;
	}
	buf[n] = '\0';
	return buf;
}

static void test_lines_reach_the_terminal(void)
{
	char slave[64], buf[256];
	int m = pty(slave, sizeof(slave));

	log_open(0, NULL, LOG_INFO);
	CHECK_INT(log_add_tty(slave), 0);
	log_info("vda1: ext4 \"%s\"", "evil\033[2J");
	log_debug("not at this level");
	CHECK_STR(drain_master(m, buf, sizeof(buf)),
		  "baton: vda1: ext4 \"evil?[2J\"\r\n");
	log_close();
	close(m);
}

static void test_not_a_terminal(void)
{
	log_open(0, NULL, LOG_INFO);
	CHECK_INT(log_add_tty("/dev/null"), -ENOTTY);
	CHECK_INT(log_add_tty("/nonexistent/tty"), -ENOENT);
	log_close();
}

/* A terminal nobody reads fills up: the log goes on, and says so later. */
static void test_full_terminal_never_blocks(void)
{
	char slave[64], *buf = malloc(1 << 20);
	int m = pty(slave, sizeof(slave)), i;

	log_open(0, NULL, LOG_INFO);
	CHECK_INT(log_add_tty(slave), 0);
	for (i = 0; i < 20000; i++)	/* far more than a pty buffers */
		log_info("line %d of a burst nobody reads yet", i);
	drain_master(m, buf, 1 << 20);
	CHECK(strstr(buf, "baton: line 0 of a burst") != NULL);
	CHECK(strstr(buf, "baton: line 19999 of a burst") == NULL);
	log_info("after the burst");
	drain_master(m, buf, 1 << 20);
	CHECK(strstr(buf, " line(s) not sent: the terminal was full)\r\n"
		      "baton: after the burst\r\n") != NULL);
	log_close();
	close(m);
	free(buf);
}

static void test_drain_is_bounded(void)
{
	char slave[64], buf[256];
	struct timespec a, b;
	int m = pty(slave, sizeof(slave));
	long ms;

	log_open(0, NULL, LOG_INFO);
	CHECK_INT(log_add_tty(slave), 0);
	log_info("the last line before a kexec");
	clock_gettime(CLOCK_MONOTONIC, &a);
	log_drain(300);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	CHECK(ms < 2000);
	CHECK_STR(drain_master(m, buf, sizeof(buf)),
		  "baton: the last line before a kexec\r\n");
	log_close();
	close(m);
}

static const struct test_case cases[] = {
	TEST(test_lines_reach_the_terminal),
	TEST(test_not_a_terminal),
	TEST(test_full_terminal_never_blocks),
	TEST(test_drain_is_bounded),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
