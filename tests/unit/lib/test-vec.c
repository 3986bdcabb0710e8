/* test-vec.c: the pointer vectors of lib/util.h (push, insert, remove). */
#include <stdint.h>
#include <stdlib.h>

#include "lib/util.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

#define P(n) ((void *)(uintptr_t)(n))

static void check_order(const struct vec *v, const uintptr_t *want, size_t n)
{
	size_t i;

	CHECK_INT(v->n, n);
	for (i = 0; i < n && i < v->n; i++)
		CHECK_INT((uintptr_t)v->v[i], want[i]);
}

static void test_insert_at_front_middle_end(void)
{
	static const uintptr_t want[] = { 1, 2, 3, 4, 5 };
	struct vec v = { 0 };

	CHECK_INT(vec_push(&v, P(3)), 0);
	CHECK_INT(vec_insert(&v, 0, P(1)), 0);	/* front */
	CHECK_INT(vec_insert(&v, 2, P(5)), 0);	/* end (at == n) */
	CHECK_INT(vec_insert(&v, 1, P(2)), 0);	/* middle */
	CHECK_INT(vec_insert(&v, 3, P(4)), 0);
	check_order(&v, want, ARRAY_SIZE(want));
	vec_free(&v, NULL);
	CHECK(v.v == NULL && v.n == 0 && v.cap == 0);
}

static void test_insert_grows_past_capacity(void)
{
	struct vec v = { 0 };
	size_t i;

	for (i = 0; i < 100; i++)
		CHECK_INT(vec_insert(&v, 0, P(i)), 0);
	CHECK_INT(v.n, 100);
	for (i = 0; i < 100; i++)
		CHECK_INT((uintptr_t)v.v[i], 99 - i);
	vec_free(&v, NULL);
}

static void test_remove_returns_the_element(void)
{
	static const uintptr_t want[] = { 2, 4 };
	struct vec v = { 0 };
	size_t i;

	for (i = 1; i <= 5; i++)
		vec_push(&v, P(i));
	CHECK_INT((uintptr_t)vec_remove(&v, 4), 5);	/* last */
	CHECK_INT((uintptr_t)vec_remove(&v, 0), 1);	/* first */
	CHECK_INT((uintptr_t)vec_remove(&v, 1), 3);	/* middle */
	check_order(&v, want, ARRAY_SIZE(want));
	vec_free(&v, NULL);
}

static void test_ptrv_push_keeps_the_null(void)
{
	uintptr_t **v = NULL;
	size_t i;

	for (i = 1; i <= 20; i++)
		CHECK_INT(ptrv_push((void ***)&v, P(i)), 0);
	for (i = 0; i < 20; i++)
		CHECK_INT((uintptr_t)v[i], i + 1);
	CHECK(v[20] == NULL);
	free(v);
}

static const struct test_case cases[] = {
	TEST(test_insert_at_front_middle_end),
	TEST(test_insert_grows_past_capacity),
	TEST(test_remove_returns_the_element),
	TEST(test_ptrv_push_keeps_the_null),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
