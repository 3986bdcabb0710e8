/*
 * test-liveupdate-carry.c: baton in the middle of a live update: the
 * liveupdate_sessions setting, and the refusal or the drop when sessions
 * arrived that cannot be carried (no /dev/liveupdate here: the carrying
 * itself is tested in QEMU, tests/qemu/test-liveupdate-middle.sh).
 */
#include <errno.h>
#include <string.h>

#include "loader/liveupdate.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static struct lu_session_spec specs[LU_CARRY_SESSIONS];
static char why[512];

static void test_spec_parse(void)
{
	size_t n = 99;

	CHECK_INT(lu_spec_parse("", specs, LU_CARRY_SESSIONS, &n, why,
				sizeof(why)), 0);
	CHECK_INT((int)n, 0);
	CHECK_INT(lu_spec_parse("vm-store:7, db:1+2+0x10 ,", specs,
				LU_CARRY_SESSIONS, &n, why, sizeof(why)), 0);
	CHECK_INT((int)n, 2);
	CHECK_STR(specs[0].name, "vm-store");
	CHECK_INT((int)specs[0].n_tokens, 1);
	CHECK(specs[0].tokens[0] == 7);
	CHECK_STR(specs[1].name, "db");
	CHECK_INT((int)specs[1].n_tokens, 3);
	CHECK(specs[1].tokens[2] == 16);
}

static void test_spec_errors(void)
{
	static const char *const bad[] = {
		"noname", ":7", "s:", "s:1+", "s:x", "s:-1", "s:1++2",
		"a-name-that-is-far-too-long-for-the-kernel-which-takes-no-more-"
		"than-63-bytes:1",
	};
	char many[16 * 8 + 8] = "";
	size_t n, i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		if (lu_spec_parse(bad[i], specs, LU_CARRY_SESSIONS, &n, why,
				  sizeof(why)) != -EINVAL) {
			printf("#   \"%s\" was accepted\n", bad[i]);
			CHECK(0);
		}
		CHECK(strstr(why, "liveupdate_sessions: ") != NULL);
	}
	for (i = 0; i < 17; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many),
			 "s%zu:1,", i);
	CHECK_INT(lu_spec_parse(many, specs, LU_CARRY_SESSIONS, &n, why,
				sizeof(why)), -E2BIG);
}

/* No live update arrived: nothing to do, nothing shown. */
static void test_nothing_arrived(void)
{
	struct lu_carry *c = lu_carry_new(false);

	CHECK(c != NULL);
	CHECK_INT(lu_carry_prepare(c, "", false, NULL, why, sizeof(why)), 0);
	CHECK(!lu_carry_active(c));
	CHECK(lu_carry_state(c) == LU_NONE);
	CHECK_STR(lu_carry_summary(c), "");
	lu_carry_free(c);
	lu_carry_free(NULL);
}

/* Sessions arrived, none named: refused, then allowed by the setting. */
static void test_refused_then_dropped(void)
{
	struct lu_carry *c = lu_carry_new(true);

	CHECK(lu_carry_state(c) == LU_ARRIVED);
	CHECK(strstr(lu_carry_summary(c), "arrived by a live update"));
	CHECK_INT(lu_carry_prepare(c, "", false, NULL, why, sizeof(why)),
		  -ENOLINK);
	CHECK(lu_carry_state(c) == LU_BLOCKED);
	CHECK(strstr(why, "no session is named") != NULL);
	CHECK(strstr(why, "set liveupdate_drop to boot anyway") != NULL);
	/* the same answer again, without a second attempt */
	CHECK_INT(lu_carry_prepare(c, "", false, NULL, why, sizeof(why)),
		  -ENOLINK);
	CHECK_INT(lu_carry_prepare(c, "", true, NULL, why, sizeof(why)), 0);
	CHECK(lu_carry_state(c) == LU_DROPPED);
	CHECK(!lu_carry_active(c));
	CHECK(strstr(why, "dropped, as liveupdate_drop allows") != NULL);
	CHECK(strstr(why, "no session is named") != NULL);
	lu_carry_free(c);
}

/* Named, but the device is missing: the reason is in the sentence. */
static void test_no_device(void)
{
	struct lu_carry *c = lu_carry_new(true);

	CHECK_INT(lu_carry_prepare(c, "s:1", false, "/nonexistent/lu", why,
				   sizeof(why)), -ENOLINK);
	CHECK(strstr(why, "cannot open /nonexistent/lu") != NULL);
	lu_carry_free(c);
	c = lu_carry_new(true);
	CHECK_INT(lu_carry_prepare(c, "s:", true, NULL, why, sizeof(why)), 0);
	CHECK(strstr(why, "liveupdate_sessions: \"s:\"") != NULL);
	lu_carry_free(c);
}

static const struct test_case cases[] = {
	TEST(test_spec_parse),
	TEST(test_spec_errors),
	TEST(test_nothing_arrived),
	TEST(test_refused_then_dropped),
	TEST(test_no_device),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
