/* test-boot-option.c: the boot option record and its JSON contract form. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/boot-option.h"
#include "lib/json-text.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static struct boot_option *sample(void)
{
	struct boot_option *o = boot_option_new();

	o->id = strdup("vda2:fedora");
	o->name = strdup("Fedora>Fedora 40");
	o->source = strdup("vda2");
	o->parser = strdup("bls");
	o->config = strdup("/loader/entries/f.conf");
	o->kind = strdup("linux");
	o->cmdline = strdup("root=UUID=x ro \"quoted arg\"");
	o->kernel = boot_file_new("/vmlinuz");
	o->kernel->source = strdup("vda2");
	boot_option_add_initrd(o, boot_file_new("/initrd1"));
	boot_option_add_initrd(o, boot_file_new_ref(BOOT_REF_UUID, "1234",
						    "/initrd2"));
	o->initrds[1]->missing = true;
	o->is_default = true;
	return o;
}

static void test_json_has_contract_fields(void)
{
	struct boot_option *o = sample();
	json_t *j = boot_option_to_json(o);
	const char *keys[] = { "id", "name", "source", "parser", "config",
			       "kind", "kernel", "initrds", "dtb",
			       "dtb_overlays", "cmdline", "default" };
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		CHECK(json_object_get(j, keys[i]) != NULL);
	CHECK(json_is_null(json_object_get(j, "dtb")));
	CHECK_STR(json_string_value(json_object_get(
		json_object_get(j, "kernel"), "path")), "/vmlinuz");
	CHECK(json_is_true(json_object_get(json_array_get(
		json_object_get(j, "initrds"), 1), "missing")));
	CHECK_STR(json_string_value(json_object_get(json_array_get(
		json_object_get(j, "initrds"), 1), "uuid")), "1234");
	json_decref(j);
	boot_option_free(o);
}

static void test_json_round_trip(void)
{
	struct boot_option *o = sample(), *back;
	json_t *j = boot_option_to_json(o), *j2;
	const char *err;

	back = boot_option_from_json(j, &err);
	CHECK(back != NULL);
	j2 = boot_option_to_json(back);
	CHECK(json_equal(j, j2));
	CHECK_INT(back->initrds[1]->ref, BOOT_REF_UUID);
	json_decref(j);
	json_decref(j2);
	boot_option_free(o);
	boot_option_free(back);
}

/* The daemon's prediction (signed boot) goes out and comes back. */
static void test_signature_round_trip(void)
{
	struct boot_option *o = sample(), *back, *d;
	json_t *j, *sig;
	const char *err;

	j = boot_option_to_json(o);
	CHECK(json_object_get(j, "signature") == NULL);	/* not predicted */
	json_decref(j);
	o->sig_message = strdup("vda2:/vmlinuz is not signed");
	o->sig_refused = true;
	j = boot_option_to_json(o);
	sig = json_object_get(j, "signature");
	CHECK(json_is_true(json_object_get(sig, "refused")));
	CHECK_STR(json_string_value(json_object_get(sig, "message")),
		  "vda2:/vmlinuz is not signed");
	back = boot_option_from_json(j, &err);
	CHECK(back && back->sig_refused);
	CHECK_STR(back ? back->sig_message : NULL,
		  "vda2:/vmlinuz is not signed");
	d = boot_option_dup(o);
	CHECK(d && d->sig_refused && d->sig_message != o->sig_message);
	json_object_set_new(j, "signature", json_string("refused"));
	CHECK(boot_option_from_json(j, &err) == NULL);
	json_decref(j);
	boot_option_free(o);
	boot_option_free(back);
	boot_option_free(d);
}

static void test_dup_is_deep(void)
{
	struct boot_option *o = sample(), *d = boot_option_dup(o);

	CHECK(d && d->kernel != o->kernel && d->initrds != o->initrds);
	CHECK_STR(d->initrds[0]->path, "/initrd1");
	boot_option_free(o);
	CHECK_STR(d->cmdline, "root=UUID=x ro \"quoted arg\"");
	boot_option_free(d);
}

static void test_from_json_rejects_malformed(void)
{
	const char *bad[] = { "[]", "{\"name\":3}", "{\"kernel\":\"x\"}",
			      "{\"initrds\":{}}", "{\"kernel\":{}}" };
	const char *err;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *j = json_loads(bad[i], 0, NULL);

		CHECK(boot_option_from_json(j, &err) == NULL);
		CHECK(err != NULL);
		json_decref(j);
	}
}

/* A file inside an ISO image: {"iso": FILE, "path": ...}, and back. */
static void test_iso_file_round_trip(void)
{
	struct boot_file *iso = boot_file_new_ref(BOOT_REF_UUID, "AB-CD",
						  "/iso/x.iso");
	struct boot_file *f = boot_file_new_in_iso(iso, "/casper/vmlinuz");
	struct boot_file *back, *d;
	json_t *j, *ji;

	CHECK(f != NULL);
	iso->missing = f->missing = true;
	CHECK(boot_file_outer(f) == iso);
	CHECK(boot_file_outer(iso) == iso);
	j = boot_file_to_json(f);
	ji = json_object_get(j, "iso");
	CHECK_STR(json_string_value(json_object_get(j, "path")),
		  "/casper/vmlinuz");
	CHECK(!json_object_get(j, "source"));
	CHECK(json_is_true(json_object_get(j, "missing")));
	CHECK_STR(json_string_value(json_object_get(ji, "uuid")), "AB-CD");
	CHECK_STR(json_string_value(json_object_get(ji, "path")),
		  "/iso/x.iso");
	CHECK(json_is_null(json_object_get(ji, "source")));
	back = boot_file_from_json(j);
	CHECK(back && back->iso && back->missing && !back->source);
	CHECK(back && back->iso->ref == BOOT_REF_UUID);
	CHECK_STR(back ? back->iso->path : NULL, "/iso/x.iso");
	d = boot_file_dup(back);
	CHECK(d && d->iso && d->iso != back->iso);
	CHECK_STR(d && d->iso ? d->iso->ref_value : NULL, "AB-CD");
	boot_file_free(d);
	boot_file_free(back);
	json_decref(j);
	boot_file_free(f);
	CHECK(!boot_file_new_in_iso(NULL, "/x"));
}

/* An image inside an image, on a server, or beside a source: refused. */
static void test_iso_file_rejects_malformed(void)
{
	const char *bad[] = {
		"{\"iso\": {\"iso\": {\"source\": \"a\", \"path\": \"/i\"},"
		" \"path\": \"/j\"}, \"path\": \"/k\"}",
		"{\"iso\": {\"url\": \"tftp://h/x.iso\"}, \"path\": \"/k\"}",
		"{\"iso\": {\"source\": \"a\", \"path\": \"/i\"},"
		" \"source\": \"b\", \"path\": \"/k\"}",
		"{\"iso\": \"/i\", \"path\": \"/k\"}",
		"{\"iso\": {\"source\": \"a\", \"path\": \"/i\"}}",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *j = json_loads(bad[i], 0, NULL);
		struct boot_file *f = boot_file_from_json(j);

		CHECK(j != NULL);
		if (f)
			printf("#   accepted: %s\n", bad[i]);
		CHECK(f == NULL);
		boot_file_free(f);
		json_decref(j);
	}
}

static void test_free_accepts_null(void)
{
	boot_option_free(NULL);
	boot_file_free(NULL);
	CHECK(1);
}

/* boot_option_json_text() writes what json_text_add() writes of the JSON. */
static bool text_matches(const struct boot_option *o, unsigned depth)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	json_t *j = boot_option_to_json(o);
	bool same;

	same = j && !json_text_add(&a, j, 2, depth) &&
	       !boot_option_json_text(&b, o, 2, depth) &&
	       !strcmp(sb_str(&a), sb_str(&b));
	if (!same)
		printf("# json_text_add:\n%s\n# boot_option_json_text:\n%s\n",
		       sb_str(&a), sb_str(&b));
	json_decref(j);
	sb_release(&a);
	sb_release(&b);
	return same;
}

static void test_json_text_is_the_json(void)
{
	struct boot_option *o = sample(), *e = boot_option_new();
	struct strbuf sb = STRBUF_INIT;
	size_t n;

	CHECK(text_matches(o, 1));
	CHECK(text_matches(o, 0));
	/* every optional field, and the shapes of each kind of file */
	o->version = strdup("6.8.0");
	o->error = strdup("no kernel \"x\"\t\x01");
	o->sig_message = strdup("not signed");
	o->dtb = boot_file_new_ref(BOOT_REF_LABEL, "ROOT", "/a.dtb");
	o->kernel->url = strdup("http://10.0.2.2/vmlinuz");
	boot_option_add_module(o, boot_file_new("/mod"), "a=1");
	CHECK(text_matches(o, 1));
	/* a file inside an ISO image (GRUB's loopback), and a missing one */
	boot_option_add_initrd(o, boot_file_new_in_iso(
		boot_file_new_ref(BOOT_REF_LABEL, "STICK", "/iso/x.iso"),
		"/casper/initrd"));
	CHECK(text_matches(o, 1));
	for (n = 0; o->initrds[n + 1]; n++)
		;
	o->initrds[n]->missing = true;
	CHECK(text_matches(o, 0));
	free(o->kind);
	o->kind = NULL;
	free(o->cmdline);
	o->cmdline = NULL;
	o->is_default = false;
	CHECK(text_matches(o, 1));
	/* an option with nothing set */
	CHECK(text_matches(e, 1));
	/* not UTF-8: both refuse it */
	free(o->name);
	o->name = strdup("bad \xff");
	CHECK(boot_option_to_json(o) == NULL);
	CHECK_INT(boot_option_json_text(&sb, o, 2, 1), -EINVAL);
	sb_release(&sb);
	boot_option_free(o);
	boot_option_free(e);
}

static const struct test_case cases[] = {
	TEST(test_json_has_contract_fields),
	TEST(test_json_round_trip),
	TEST(test_json_text_is_the_json),
	TEST(test_signature_round_trip),
	TEST(test_dup_is_deep),
	TEST(test_from_json_rejects_malformed),
	TEST(test_iso_file_round_trip),
	TEST(test_iso_file_rejects_malformed),
	TEST(test_free_accepts_null),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
