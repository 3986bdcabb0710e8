/* test-json-text.c: json_text_add writes what json_dumps writes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json-text.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

/* v as json_text_add and as jansson write it, at indent 2 and 0. */
static void check_same(json_t *v)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned indent;
	char *want;

	for (indent = 0; indent <= 4; indent += 2) {
		want = json_dumps(v, JSON_INDENT(indent) |
				  JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		sb_reset(&sb);
		CHECK_INT(json_text_add(&sb, v, indent, 0), 0);
		CHECK_STR(sb_str(&sb), want);
		free(want);
	}
	sb_release(&sb);
	json_decref(v);
}

static void test_scalars(void)
{
	check_same(json_string("plain"));
	check_same(json_string(""));
	check_same(json_integer(-42));
	check_same(json_integer(1234567890123ll));
	check_same(json_true());
	check_same(json_false());
	check_same(json_null());
	check_same(json_real(2.5));
}

static void test_string_escapes(void)
{
	static const char nul[] = "a\0b";

	check_same(json_string("quote \" back \\ slash / tab\t nl\n cr\r"));
	check_same(json_string("\b\f\x01\x1f\x7f end"));
	check_same(json_string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
	check_same(json_stringn(nul, sizeof(nul) - 1));
}

static void test_nesting(void)
{
	json_t *o = json_object(), *a = json_array(), *inner = json_object();

	json_object_set_new(inner, "path", json_string("/boot/vmlinuz"));
	json_object_set_new(inner, "missing", json_true());
	json_array_append_new(a, json_string("x"));
	json_array_append_new(a, inner);
	json_array_append_new(a, json_array());
	json_array_append_new(a, json_object());
	json_object_set_new(o, "zeta", json_string("first"));
	json_object_set_new(o, "alpha", a);
	json_object_set_new(o, "empty", json_array());
	json_object_set_new(o, "key \"q\"", json_null());
	check_same(o);
	check_same(json_array());
	check_same(json_object());
}

/* An element of an array, written alone at depth 1, as in the whole. */
static void test_depth(void)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *a = json_array(), *o = json_object();
	char *want;

	json_object_set_new(o, "k", json_array());
	json_array_append_new(json_object_get(o, "k"), json_integer(1));
	json_array_append(a, o);
	want = json_dumps(a, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	sb_adds(&sb, "[\n  ");
	CHECK_INT(json_text_add(&sb, o, 2, 1), 0);
	sb_adds(&sb, "\n]");
	CHECK_STR(sb_str(&sb), want);
	free(want);
	sb_release(&sb);
	json_decref(o);
	json_decref(a);
}

static void test_bad_utf8_refused(void)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *v = json_string_nocheck("bad \xff byte");

	CHECK_INT(json_text_add(&sb, v, 2, 0), -EINVAL);
	CHECK(json_dumps(v, JSON_ENCODE_ANY) == NULL);
	sb_release(&sb);
	json_decref(v);
}

static const struct test_case cases[] = {
	TEST(test_scalars),
	TEST(test_string_escapes),
	TEST(test_nesting),
	TEST(test_depth),
	TEST(test_bad_utf8_refused),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
