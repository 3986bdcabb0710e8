/* test-version.c: the UAPI Version Format comparison, on the spec examples. */
#include "lib/util.h"
#include "lib/version.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static int sgn(int v)
{
	return (v > 0) - (v < 0);
}

/* want: -1 a < b, 0 equal, 1 a > b; also checks the mirror image. */
static void check(const char *a, const char *b, int want)
{
	int got = sgn(version_compare(a, b));
	int back = sgn(version_compare(b, a));

	if (got != want || back != -want) {
		test_failed_checks++;
		printf("#   version_compare(\"%s\", \"%s\") = %d, want %d\n",
		       a ? a : "(null)", b ? b : "(null)", got, want);
	}
}

/* The examples listed in the specification, one by one. */
static void test_spec_examples(void)
{
	check("11", "11", 0);
	check("systemd-123", "systemd-123", 0);
	check("bar-123", "foo-123", -1);
	check("123a", "123", 1);
	check("123.a", "123", 1);
	check("123.a", "123.b", -1);
	check("123a", "123.a", 1);
	check("11\xce\xb1", "11\xce\xb2", 0);	/* 11α == 11β */
	check("B", "a", -1);
	check("", "0", -1);
	check("0.", "0", 1);
	check("0.0", "0", 1);
	check("0", "~", 1);
	check("", "~", 1);
	check("1_", "1", 0);
	check("_1", "1", 0);
	check("1_", "1.2", -1);
	check("1_2_3", "1.3.3", 1);
	check("1+", "1", 0);
	check("+1", "1", 0);
	check("1+", "1.2", -1);
	check("1+2+3", "1.3.3", 1);
}

/* The spec's chain: each entry lower than every one to its right. */
static void test_spec_chain(void)
{
	static const char *const chain[] = {
		"122.1", "123~rc1-1", "123", "123-a", "123-a.1", "123-1",
		"123-1.1", "123^post1", "123.a-1", "123.1-1", "123a-1",
		"124-1",
	};
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(chain); i++)
		for (j = 0; j < ARRAY_SIZE(chain); j++)
			check(chain[i], chain[j], i < j ? -1 : i > j ? 1 : 0);
}

static void test_numbers_not_text(void)
{
	check("5.10", "5.9", 1);
	check("0010", "9", 1);
	check("007", "7", 0);
	check("99999999999999999999999", "99999999999999999999998", 1);
	check("6.1.0-13-amd64", "6.1.0-9-amd64", 1);
}

static void test_kernel_versions(void)
{
	check("5.6.6-300.fc32.x86_64", "5.6.6-200.fc32.x86_64", 1);
	check("6.8.0~rc3", "6.8.0", -1);
	check("de83-5.6.6-300.fc32.x86_64", "de83-0-rescue", 1);
}

static void test_null_is_empty(void)
{
	check(NULL, "", 0);
	check(NULL, "1", -1);
	check(NULL, NULL, 0);
}

static void test_separators_only(void)
{
	check("___", "", 0);
	check("\xff\xfe", "+", 0);
	/* both "~" skipped, then the longer string is higher */
	check("~~", "~", 1);
	check("1~~", "1~", 1);
	check("1~a", "1~", 1);
}

static const struct test_case cases[] = {
	TEST(test_spec_examples),
	TEST(test_spec_chain),
	TEST(test_numbers_not_text),
	TEST(test_kernel_versions),
	TEST(test_null_is_empty),
	TEST(test_separators_only),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
