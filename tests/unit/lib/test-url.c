/* test-url.c: URL folders and references resolved against a base URL. */
#include <stdlib.h>

#include "lib/url.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static void test_url_resolve(void)
{
	static const char *const t[][3] = {
		{ "tftp://s/a/b.cfg", "vmlinuz", "tftp://s/a/vmlinuz" },
		{ "tftp://s/a/b.cfg", "/vmlinuz", "tftp://s/vmlinuz" },
		{ "tftp://s/a/", "x/y", "tftp://s/a/x/y" },
		{ "tftp://s", "x", "tftp://s/x" },
		{ "http://h:8080/p/q?x=1", "/k", "http://h:8080/k" },
		{ "http://h/p/cfg", "https://o/k", "https://o/k" },
		{ "http://h/p/cfg", "TFTP://o/k", "TFTP://o/k" },
	};
	size_t i;
	char *r;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		r = url_resolve(t[i][0], t[i][1]);
		CHECK_STR(r, t[i][2]);
		free(r);
	}
	CHECK(url_resolve("/not/a/url", "x") == NULL);
	CHECK(url_dir("nope") == NULL);
}

static void test_url_is(void)
{
	CHECK(url_is("tftp://x"));
	CHECK(url_is("HTTPS://x/y"));
	CHECK(!url_is("/a/b"));
	CHECK(!url_is("://x"));
	CHECK(!url_is("1http://x"));
	CHECK_INT(url_origin_len("http://h:80/a/b"), 11);
	CHECK_INT(url_origin_len("nope"), 0);
	CHECK(url_fetchable("TFTP://x/y"));
	CHECK(url_fetchable("https://x/y"));
	CHECK(!url_fetchable("file:///etc/passwd"));
	CHECK(!url_fetchable("ftp://x/y"));
	CHECK(!url_fetchable("httpx://x/y"));
}

static void test_url_dir(void)
{
	char *d;

	d = url_dir("http://h/a/b.cfg?x=/y");
	CHECK_STR(d, "http://h/a/");
	free(d);
	d = url_dir("http://h");
	CHECK_STR(d, "http://h/");
	free(d);
}

static const struct test_case cases[] = {
	TEST(test_url_resolve),
	TEST(test_url_is),
	TEST(test_url_dir),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
