/*
 * test.h: a tiny unit-test harness. A test program lists its cases in a
 * table and calls test_main(); each case prints "ok N - name" or
 * "not ok N - name" (TAP), checks report file:line, and the program exits
 * non-zero when any case failed. tests/run adds the counts up.
 *
 *   static void test_foo(void) { CHECK(1 + 1 == 2); CHECK_STR(a, "x"); }
 *   static const struct test_case cases[] = { TEST(test_foo), { 0 } };
 *   int main(int argc, char **argv) { return test_main(argc, argv, cases); }
 */
#ifndef BATON_TESTS_TEST_H
#define BATON_TESTS_TEST_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct test_case {
	const char *name;
	void (*fn)(void);
};

#define TEST(fn) { #fn, fn }

extern int test_failed_checks;

#define CHECK(cond) do { \
	if (!(cond)) { \
		test_failed_checks++; \
		printf("#   %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, \
		       #cond); \
	} \
} while (0)

#define CHECK_STR(got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	if (!g_ || !w_ || strcmp(g_, w_)) { \
		test_failed_checks++; \
		printf("#   %s:%d: %s: got \"%s\", want \"%s\"\n", __FILE__, \
		       __LINE__, #got, g_ ? g_ : "(null)", \
		       w_ ? w_ : "(null)"); \
	} \
} while (0)

#define CHECK_INT(got, want) do { \
	long long g_ = (long long)(got), w_ = (long long)(want); \
	if (g_ != w_) { \
		test_failed_checks++; \
		printf("#   %s:%d: %s: got %lld, want %lld\n", __FILE__, \
		       __LINE__, #got, g_, w_); \
	} \
} while (0)

/*
 * Runs every case (or those whose name contains argv[1]); returns the exit
 * status for main.
 */
static inline int test_main(int argc, char **argv,
			    const struct test_case *cases)
{
	int i, n = 0, failed = 0;

	for (i = 0; cases[i].name; i++) {
		int before = test_failed_checks;

		if (argc > 1 && !strstr(cases[i].name, argv[1]))
			continue;
		cases[i].fn();
		n++;
		if (test_failed_checks != before) {
			failed++;
			printf("not ok %d - %s\n", n, cases[i].name);
		} else {
			printf("ok %d - %s\n", n, cases[i].name);
		}
		fflush(stdout);
	}
	printf("1..%d\n", n);
	return failed ? 1 : 0;
}

/* Write text to dir/name (dir NULL: name is the path); aborts on failure. */
static inline void test_write_file(const char *dir, const char *name,
				   const char *text)
{
	char path[1024];
	FILE *f;

	if (dir)
		snprintf(path, sizeof(path), "%s/%s", dir, name);
	else
		snprintf(path, sizeof(path), "%s", name);
	f = fopen(path, "w");
	if (!f)
		abort();
	fputs(text, f);
	if (fclose(f))
		abort();
}

static inline int test_remove_one(const char *path, const struct stat *st,
				  int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

/* Remove dir and all below it (links themselves, never what they name). */
static inline int test_remove_tree(const char *dir)
{
	return nftw(dir, test_remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

#define TEST_GLOBALS int test_failed_checks

#endif
