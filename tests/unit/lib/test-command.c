/*
 * test-command.c: the child processes baton runs (LVM and MD assembly):
 * the output is collected (bounded), the exit status returned, a program
 * that hangs killed at its time bound.
 */
#include <errno.h>
#include <string.h>

#include "lib/command.h"
#include "lib/event.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static void test_output_and_status(void)
{
	char *argv[] = { "/bin/sh", "-c", "echo out; echo err >&2; exit 3",
			 NULL };
	char out[64];

	CHECK_INT(run_command(argv, 5000, out, sizeof(out)), 3);
	CHECK_STR(out, "out\nerr\n");
}

static void test_output_bounded(void)
{
	char *argv[] = { "/bin/sh", "-c", "i=0; while [ $i -lt 2000 ]; do "
			 "echo 0123456789; i=$((i+1)); done", NULL };
	char out[16];

	CHECK_INT(run_command(argv, 5000, out, sizeof(out)), 0);
	CHECK_INT(strlen(out), 15);
}

static void test_timeout(void)
{
	char *argv[] = { "/bin/sh", "-c", "exec sleep 30", NULL };
	uint64_t t0 = event_now_ms();
	char out[16];

	CHECK_INT(run_command(argv, 200, out, sizeof(out)), -ETIMEDOUT);
	CHECK(event_now_ms() - t0 < 5000);
}

static void test_missing_program(void)
{
	char *argv[] = { "/nonexistent/lvm", NULL };
	char out[16];

	CHECK(run_command(argv, 1000, out, sizeof(out)) < 0 ||
	      run_command(argv, 1000, out, sizeof(out)) == 127);
}

static const struct test_case cases[] = {
	TEST(test_output_and_status),
	TEST(test_output_bounded),
	TEST(test_timeout),
	TEST(test_missing_program),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
