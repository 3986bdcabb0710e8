/* test-strindex.c: lookups by string key over a vector (lib/strindex.h). */
#include <stdio.h>
#include <stdlib.h>

#include "lib/strindex.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static const char *self(const void *s)
{
	return s;
}

static void test_find_every_key(void)
{
	struct vec v = { 0 };
	struct str_index ix = { 0 };
	char *keys[1000];
	size_t i;

	for (i = 0; i < 1000; i++) {
		keys[i] = str_printf("option-%zu", i);
		vec_push(&v, keys[i]);
	}
	CHECK_INT(str_index_build(&ix, &v, self), 0);
	CHECK(ix.valid);
	for (i = 0; i < 1000; i++)
		CHECK_INT(str_index_find(&ix, keys[i]), i);
	CHECK_INT(str_index_find(&ix, "option-1000"), -1);
	CHECK_INT(str_index_find(&ix, ""), -1);
	CHECK_INT(str_index_find(&ix, NULL), -1);
	str_index_clear(&ix);
	vec_free(&v, free);
}

static void test_first_of_equal_keys_wins(void)
{
	struct vec v = { 0 };
	struct str_index ix = { 0 };

	vec_push(&v, "a");
	vec_push(&v, "b");
	vec_push(&v, "a");
	CHECK_INT(str_index_build(&ix, &v, self), 0);
	CHECK_INT(str_index_find(&ix, "a"), 0);
	CHECK_INT(str_index_find(&ix, "b"), 1);
	str_index_clear(&ix);
	vec_free(&v, NULL);
}

static const char *null_for_b(const void *s)
{
	return streq(s, "b") ? NULL : s;
}

static void test_null_keys_left_out(void)
{
	struct vec v = { 0 };
	struct str_index ix = { 0 };

	vec_push(&v, "a");
	vec_push(&v, "b");
	vec_push(&v, "c");
	CHECK_INT(str_index_build(&ix, &v, null_for_b), 0);
	CHECK_INT(str_index_find(&ix, "b"), -1);
	CHECK_INT(str_index_find(&ix, "c"), 2);
	str_index_clear(&ix);
	vec_free(&v, NULL);
}

static void test_cleared_finds_nothing_until_built(void)
{
	struct vec v = { 0 };
	struct str_index ix = { 0 };

	CHECK_INT(str_index_find(&ix, "a"), -1);	/* never built */
	CHECK_INT(str_index_build(&ix, &v, self), 0);	/* empty vector */
	CHECK_INT(str_index_find(&ix, "a"), -1);
	vec_push(&v, "x");
	vec_push(&v, "a");
	CHECK_INT(str_index_build(&ix, &v, self), 0);
	CHECK_INT(str_index_find(&ix, "a"), 1);
	vec_insert(&v, 0, "new");
	str_index_clear(&ix);		/* the vector changed */
	CHECK(!ix.valid);
	CHECK_INT(str_index_find(&ix, "a"), -1);
	CHECK_INT(str_index_build(&ix, &v, self), 0);
	CHECK_INT(str_index_find(&ix, "a"), 2);
	CHECK_INT(str_index_find(&ix, "new"), 0);
	str_index_clear(&ix);
	str_index_clear(&ix);		/* twice is harmless */
	vec_free(&v, NULL);
}

static const struct test_case cases[] = {
	TEST(test_find_every_key),
	TEST(test_first_of_equal_keys_wins),
	TEST(test_null_keys_left_out),
	TEST(test_cleared_finds_nothing_until_built),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
