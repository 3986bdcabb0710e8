/* test-text.c: sanitising untrusted text for terminals. */
#include <stdlib.h>

#include "lib/text.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static void check_sanitize(const char *in, const char *want)
{
	char *got = text_sanitize(in);

	CHECK_STR(got, want);
	free(got);
}

static void test_plain_ascii_unchanged(void)
{
	check_sanitize("Debian GNU/Linux, with Linux 6.1", "Debian GNU/Linux, with Linux 6.1");
}

static void test_escape_sequences_replaced(void)
{
	check_sanitize("evil\033[2J\033]0;x\007title", "evil?[2J?]0;x?title");
}

static void test_c1_controls_replaced(void)
{
	/* U+009B is the one-byte CSI: as dangerous as ESC [ */
	check_sanitize("a\xc2\x9b" "2Jb", "a?2Jb");
}

static void test_valid_utf8_kept(void)
{
	check_sanitize("Fedora \xc3\xa9t\xc3\xa9 \xe2\x9c\x93", "Fedora \xc3\xa9t\xc3\xa9 \xe2\x9c\x93");
}

static void test_invalid_utf8_replaced(void)
{
	check_sanitize("a\xff" "b\xc3", "a?b?");
	check_sanitize("\xe0\x80\x80", "???");	/* overlong */
	check_sanitize("\xed\xa0\x80", "???");	/* surrogate */
}

static void test_del_and_newlines_replaced(void)
{
	check_sanitize("a\x7f\nb\rc\td", "a??b?c?d");
}

static void test_truncation_keeps_whole_sequences(void)
{
	char buf[4];

	text_sanitize_into(buf, sizeof(buf), "a\xc3\xa9\xc3\xa9");
	CHECK_STR(buf, "a\xc3\xa9");
	text_sanitize_into(buf, 3, "a\xc3\xa9");
	CHECK_STR(buf, "a");
}

static const struct test_case cases[] = {
	TEST(test_plain_ascii_unchanged),
	TEST(test_escape_sequences_replaced),
	TEST(test_c1_controls_replaced),
	TEST(test_valid_utf8_kept),
	TEST(test_invalid_utf8_replaced),
	TEST(test_del_and_newlines_replaced),
	TEST(test_truncation_keeps_whole_sequences),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
