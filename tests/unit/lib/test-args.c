/* test-args.c: the verbs' option parser (lib/args.h). */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>

#include "lib/args.h"
#include "lib/util.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

struct got {
	bool json;
	const char *sock;
	char **sources;
	int timeout;
	int mode;
};

/* Parse the words of argv (NULL-terminated) with a daemon-like table. */
static int parse(struct got *g, char **argv)
{
	const struct arg_opt opts[] = {
		OPT_FLAG("json", 'j', &g->json),
		OPT_STR("socket", 'S', &g->sock),
		OPT_STRV("source", 's', &g->sources),
		OPT_INT("timeout", 0, &g->timeout, -1, 600),
		OPT_SET("ascii", 'a', &g->mode, 1),
		OPT_SET("utf8", 0, &g->mode, 2),
		OPT_END,
	};
	int argc = 0;

	while (argv[argc])
		argc++;
	*g = (struct got) { .timeout = INT_MIN };
	return args_parse(argc, argv, opts);
}

static void test_every_kind(void)
{
	char *argv[] = { "verb", "--json", "-S", "/run/s", "--source=a",
			 "-s", "b", "--timeout", "-1", "--utf8", "x", NULL };
	struct got g;

	CHECK_INT(parse(&g, argv), 10);
	CHECK(g.json);
	CHECK_STR(g.sock, "/run/s");
	CHECK_INT(strv_len(g.sources), 2);
	CHECK_STR(g.sources[0], "a");
	CHECK_STR(g.sources[1], "b");
	CHECK_INT(g.timeout, -1);
	CHECK_INT(g.mode, 2);
	CHECK_STR(argv[10], "x");
	strv_free(g.sources);
}

static void test_operands_move_to_the_end(void)
{
	char *argv[] = { "verb", "ID", "--json", "more", "-a", NULL };
	struct got g;

	CHECK_INT(parse(&g, argv), 3);
	CHECK(g.json);
	CHECK_INT(g.mode, 1);
	CHECK_STR(argv[3], "ID");
	CHECK_STR(argv[4], "more");
}

static void test_nothing_given(void)
{
	char *argv[] = { "verb", NULL };
	struct got g;

	CHECK_INT(parse(&g, argv), 1);
	CHECK(!g.json && !g.sock && !g.sources);
	CHECK_INT(g.timeout, INT_MIN);	/* untouched */
}

static void test_help(void)
{
	char *a1[] = { "verb", "--json", "--help", "x", NULL };
	char *a2[] = { "verb", "-h", NULL };
	struct got g;

	CHECK_INT(parse(&g, a1), ARGS_HELP);
	CHECK_INT(parse(&g, a2), ARGS_HELP);
}

static void test_bad_input(void)
{
	char *unknown[] = { "verb", "--nope", NULL };
	char *missing[] = { "verb", "--socket", NULL };
	char *range[] = { "verb", "--timeout", "601", NULL };
	char *junk[] = { "verb", "--timeout", "5s", NULL };
	char *empty[] = { "verb", "--timeout", "", NULL };
	char *flag_arg[] = { "verb", "--json=yes", NULL };
	struct got g;

	CHECK_INT(parse(&g, unknown), -EINVAL);
	CHECK_INT(parse(&g, missing), -EINVAL);
	CHECK_INT(parse(&g, range), -EINVAL);
	CHECK_INT(g.timeout, INT_MIN);
	CHECK_INT(parse(&g, junk), -EINVAL);
	CHECK_INT(parse(&g, empty), -EINVAL);
	CHECK_INT(parse(&g, flag_arg), -EINVAL);
}

static void test_called_again_starts_afresh(void)
{
	char *a1[] = { "verb", "--json", "one", NULL };
	char *a2[] = { "verb", "-a", NULL };
	struct got g;

	CHECK_INT(parse(&g, a1), 2);
	CHECK_INT(parse(&g, a2), 2);
	CHECK(!g.json);
	CHECK_INT(g.mode, 1);
}

static const struct test_case cases[] = {
	TEST(test_every_kind),
	TEST(test_operands_move_to_the_end),
	TEST(test_nothing_given),
	TEST(test_help),
	TEST(test_bad_input),
	TEST(test_called_again_starts_afresh),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
