/* test-str.c: the string helpers of lib/util.h that build new strings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

/* str_cat gives what str_printf gives for the same pieces. */
static void test_cat_as_printf(void)
{
	char *a = str_cat((const char *[]){ "(", "hd0,gpt2", ")", "/k" }, 4);
	char *b = str_printf("(%s)%s", "hd0,gpt2", "/k");

	CHECK_STR(a, b);
	CHECK_STR(a, "(hd0,gpt2)/k");
	free(a);
	free(b);
	a = str_cat((const char *[]){ "", "UUID=", "" }, 3);
	CHECK_STR(a, "UUID=");
	free(a);
	a = str_cat(NULL, 0);
	CHECK_STR(a, "");
	free(a);
}

static const struct test_case cases[] = {
	TEST(test_cat_as_printf),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
