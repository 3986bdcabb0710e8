/* test-term.c: the menu's text for terminals: transliteration, TERM rules, cuts. */
#include <stdlib.h>
#include <string.h>

#include "ui/term.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static void check_ascii(const char *in, const char *want)
{
	char *got = translit_ascii(in);

	CHECK_STR(got, want);
	free(got);
}

static void test_latin_letters_lose_accents(void)
{
	check_ascii("Fedora \xc3\xa9t\xc3\xa9", "Fedora ete");
	check_ascii("\xc3\x80\xc3\x87\xc3\x91\xc3\x96\xc3\x9c\xc3\xbf", "ACNOUy");
	check_ascii("\xc5\x81\xc3\xb3\x64\xc5\xba \xc4\x8c\x65\x73\x6b\xc3\xbd",
		    "Lodz Cesky");
	check_ascii("\xc5\x9e\x69\xc5\x9f\x6c\x69 \xc4\x9e", "Sisli G");
}

static void test_multi_letter_cases(void)
{
	check_ascii("Stra\xc3\x9f\x65 \xc3\x86\x67\x69\x72 \xc5\x93uvre", "Strasse AEgir oeuvre");
	check_ascii("\xc3\xbe\x6f\x72\x6e \xc3\x9e", "thorn TH");
}

static void test_punctuation(void)
{
	check_ascii("\xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x80\x93 \xe2\x80\x98x\xe2\x80\x99\xe2\x80\xa6",
		    "\"quoted\" - 'x'...");
	check_ascii("\xc2\xa9 2024 \xc2\xae \xe2\x84\xa2", "(c) 2024 (R) (TM)");
	check_ascii("a\xc2\xa0" "b", "a b");
}

static void test_other_scripts_become_one_question_mark(void)
{
	check_ascii("\xce\x95\xce\xbb", "??");	/* Greek */
	check_ascii("\xe4\xb8\xad", "?");	/* CJK */
	check_ascii("\xf0\x9f\x98\x80 ok", "? ok");	/* emoji */
}

static void test_escapes_stay_harmless(void)
{
	check_ascii("a\033[2Jb\x07", "a?[2Jb?");
	check_ascii("\xc2\x9b" "31m", "?31m");
	check_ascii("bad \xff\xfe utf8", "bad ?? utf8");
	check_ascii(NULL, "");
}

static void test_terms_that_cannot_show_utf8(void)
{
	CHECK(!term_name_utf8("vt100"));
	CHECK(!term_name_utf8("vt220"));
	CHECK(!term_name_utf8("vt102"));
	CHECK(!term_name_utf8("vt100-nav"));
	CHECK(!term_name_utf8("ansi"));
	CHECK(!term_name_utf8("dumb"));
	CHECK(!term_name_utf8(""));
	CHECK(!term_name_utf8(NULL));
	CHECK(term_name_utf8("linux"));
	CHECK(term_name_utf8("xterm"));
	CHECK(term_name_utf8("xterm-256color"));
	CHECK(term_name_utf8("vt1000x"));	/* not a vt100 */
	CHECK(term_name_utf8("screen.xterm-256color"));
}

/* Row y of the screen, columns 0 to n - 1. */
static void row_text(int y, char *buf, int n)
{
	mvinnstr(y, 0, buf, n);
	buf[n] = '\0';
}

/* A status line longer than its row says it was cut, and where to read it. */
static void test_put_cut_shows_the_cut(void)
{
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	struct term t = { .scr = NULL };
	char row[32];

	CHECK(out && in);
	t.scr = newterm("vt100", out, in);
	CHECK(t.scr != NULL);
	if (!t.scr)
		goto out;
	CHECK_INT(term_width(&t, "abc\x1b[31m"), 8);	/* ESC as ?, the rest text */
	CHECK_INT(term_put_cut(&t, 0, 0, 20, "fits whole", A_NORMAL,
			       " ... (l)"), 10);
	row_text(0, row, 20);
	CHECK_STR(row, "fits whole          ");
	CHECK_INT(term_put_cut(&t, 1, 0, 20, "exactly twenty chars", A_NORMAL,
			       " ... (l)"), 20);
	row_text(1, row, 20);
	CHECK_STR(row, "exactly twenty chars");
	CHECK_INT(term_put_cut(&t, 2, 0, 20, "the server's certificate was "
			       "not accepted", A_NORMAL, " ... (l)"), 20);
	row_text(2, row, 20);
	CHECK_STR(row, "the server's ... (l)");
	/* two rows, each filled; what is left over is cut */
	CHECK_INT(term_put_wrap(&t, 4, 0, 20, 2, "the server's certificate "
				"was not accepted", A_NORMAL, " ... (l)"), 2);
	row_text(4, row, 20);
	CHECK_STR(row, "the server's certifi");
	row_text(5, row, 20);
	CHECK_STR(row, "cate was not ... (l)");
	CHECK_INT(term_put_wrap(&t, 6, 0, 20, 2, "short", A_NORMAL, " ... (l)"),
		  1);
	row_text(6, row, 20);
	CHECK_STR(row, "short               ");
	/* it fits in two rows: no mark */
	CHECK_INT(term_put_wrap(&t, 7, 0, 10, 2, "abcdefghijklmno", A_NORMAL,
				"~"), 2);
	row_text(7, row, 10);
	CHECK_STR(row, "abcdefghij");
	row_text(8, row, 10);
	CHECK_STR(row, "klmno     ");
	/* no room for the mark: the text as it fits */
	CHECK_INT(term_put_cut(&t, 3, 0, 5, "longer than five", A_NORMAL,
			       " ... (l)"), 5);
	row_text(3, row, 5);
	CHECK_STR(row, "longe");
	endwin();
	delscreen(t.scr);
out:
	if (out)
		fclose(out);
	if (in)
		fclose(in);
}

static const struct test_case cases[] = {
	TEST(test_latin_letters_lose_accents),
	TEST(test_multi_letter_cases),
	TEST(test_punctuation),
	TEST(test_other_scripts_become_one_question_mark),
	TEST(test_escapes_stay_harmless),
	TEST(test_terms_that_cannot_show_utf8),
	TEST(test_put_cut_shows_the_cut),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
