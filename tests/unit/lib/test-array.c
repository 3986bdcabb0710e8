/* test-array.c: growing arrays of fixed-size elements (lib/array.h). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "lib/array.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

struct range {
	uint64_t start, end;
};

struct ranges {
	struct range *r;
	size_t n, cap;
};

static int add(struct ranges *rs, uint64_t start, uint64_t end)
{
	int ret = ARRAY_RESERVE(rs->r, rs->cap, rs->n + 1);

	if (ret)
		return ret;
	rs->r[rs->n].start = start;
	rs->r[rs->n].end = end;
	rs->n++;
	return 0;
}

static void test_grows_and_keeps_the_elements(void)
{
	struct ranges rs = { 0 };
	size_t i, bad = 0;

	for (i = 0; i < 1000; i++)
		CHECK_INT(add(&rs, i * 0x1000, i * 0x1000 + 0xfff), 0);
	CHECK_INT(rs.n, 1000);
	CHECK(rs.cap >= 1000 && rs.cap < 2000);
	for (i = 0; i < rs.n; i++)
		if (rs.r[i].start != i * 0x1000 ||
		    rs.r[i].end != i * 0x1000 + 0xfff)
			bad++;
	CHECK_INT(bad, 0);
	free(rs.r);
}

static void test_room_already_there_changes_nothing(void)
{
	struct ranges rs = { 0 };
	struct range *before;

	CHECK_INT(ARRAY_RESERVE(rs.r, rs.cap, 3), 0);
	CHECK_INT(rs.cap, 16);	/* the least it allocates */
	before = rs.r;
	CHECK_INT(ARRAY_RESERVE(rs.r, rs.cap, 16), 0);
	CHECK(rs.r == before);
	CHECK_INT(rs.cap, 16);
	CHECK_INT(ARRAY_RESERVE(rs.r, rs.cap, 0), 0);
	CHECK_INT(rs.cap, 16);
	free(rs.r);
}

static void test_a_large_want_is_met_at_once(void)
{
	uint32_t *cells = NULL;
	size_t cap = 0;

	CHECK_INT(ARRAY_RESERVE(cells, cap, 100), 0);
	CHECK_INT(cap, 100);
	cells[99] = 7;	/* ASan: the whole want is there */
	CHECK_INT(ARRAY_RESERVE(cells, cap, 101), 0);
	CHECK_INT(cap, 200);
	CHECK_INT(cells[99], 7);
	free(cells);
}

static void test_overflow_is_refused_and_loses_nothing(void)
{
	struct ranges rs = { 0 };

	CHECK_INT(add(&rs, 1, 2), 0);
	CHECK_INT(ARRAY_RESERVE(rs.r, rs.cap, SIZE_MAX / 2), -EOVERFLOW);
	CHECK_INT(rs.cap, 16);
	CHECK_INT(rs.r[0].start, 1);
	CHECK_INT(rs.r[0].end, 2);
	free(rs.r);
}

static const struct test_case cases[] = {
	TEST(test_grows_and_keeps_the_elements),
	TEST(test_room_already_there_changes_nothing),
	TEST(test_a_large_want_is_met_at_once),
	TEST(test_overflow_is_refused_and_loses_nothing),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
