/* test-text.c: sanitising untrusted text for terminals. */
#include <stdlib.h>
#include <string.h>

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

/* fix_utf8 IN (len bytes) -> WANT, and whether it said it changed some */
static void check_fix(const char *in, size_t len, const char *want,
		      bool changed)
{
	char buf[64];

	memcpy(buf, in, len);
	buf[len] = '\0';
	CHECK_INT(text_fix_utf8(buf, len), changed);
	CHECK(!memcmp(buf, want, len));
}

static void test_fix_utf8_in_place(void)
{
	/* ASCII, controls too, is left alone, on both sides of 8 bytes */
	check_fix("short", 5, "short", false);
	check_fix("sixteen bytes ab\t\033[2J", 21, "sixteen bytes ab\t\033[2J",
		  false);
	/* a NUL inside is a '?', also where a word of 8 is checked */
	check_fix("abc\0defghij", 11, "abc?defghij", true);
	/* valid UTF-8 stays, past an ASCII word and across its end */
	check_fix("12345678\xc3\xa9t\xe2\x9c\x93", 14,
		  "12345678\xc3\xa9t\xe2\x9c\x93", false);
	check_fix("1234567\xc3\xa9", 9, "1234567\xc3\xa9", false);
	/* each invalid byte one '?': stray, overlong, surrogate, cut short */
	check_fix("a\xff" "b", 3, "a?b", true);
	check_fix("\xe0\x80\x80xxxxxxxx", 11, "???xxxxxxxx", true);
	check_fix("\xed\xa0\x80", 3, "???", true);
	check_fix("12345678\xc3", 9, "12345678?", true);
}

static const struct test_case cases[] = {
	TEST(test_plain_ascii_unchanged),
	TEST(test_escape_sequences_replaced),
	TEST(test_c1_controls_replaced),
	TEST(test_valid_utf8_kept),
	TEST(test_invalid_utf8_replaced),
	TEST(test_del_and_newlines_replaced),
	TEST(test_truncation_keeps_whole_sequences),
	TEST(test_fix_utf8_in_place),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
