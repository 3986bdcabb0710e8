/* test-url.c: URL folders, references resolved against a base URL, proxies. */
#include <errno.h>
#include <stdlib.h>

#include "lib/url.h"
#include "lib/util.h"
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

/* net_proxy and pxelinux's PROXY: an HTTP proxy, nothing else */
static void test_url_check_proxy(void)
{
	static const char *const good[] = {
		"http://10.0.0.1:3128", "http://proxy.lab:8080/", "HTTPS://p",
		"10.0.0.1:3128", "proxy", "http://[fd00::1]:3128", "[::1]",
	};
	static const char *const bad[] = {
		"socks5://10.0.0.1:1080", "file:///etc/passwd", "http://",
		"http://:3128", "http://host:", "http://host:1234567",
		"http://host:80x", "proxy lab:3128", "http://user@host:1",
		"http://[]:3128", "http://[fd00::1", "http://host/path",
	};
	const char *why;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		why = NULL;
		if (url_check_proxy(good[i], &why))
			printf("#   %s refused: %s\n", good[i], why);
		CHECK_INT(url_check_proxy(good[i], &why), 0);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		why = NULL;
		if (!url_check_proxy(bad[i], &why))
			printf("#   %s taken\n", bad[i]);
		CHECK_INT(url_check_proxy(bad[i], &why), -EINVAL);
		CHECK(why != NULL);
	}
	CHECK_INT(url_check_proxy("socks5://h", &why), -EINVAL);
	CHECK_STR(why, "a proxy is http://HOST[:PORT] or https://HOST[:PORT]");
}

static const struct test_case cases[] = {
	TEST(test_url_check_proxy),
	TEST(test_url_resolve),
	TEST(test_url_is),
	TEST(test_url_dir),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
