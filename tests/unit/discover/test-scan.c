/*
 * test-scan.c: what scan_finish does to parser output: file references
 * bound to sources by uuid/label/file, missing files marked, BLS entries
 * seen twice kept once, ids stable, unique and shell-safe.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "discover/scan.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static char root[] = "/tmp/baton-test-scan-XXXXXX";
static struct source *srcs[2];

static void touch(const char *rel)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	if (f)
		fclose(f);
}

static struct source *mksrc(const char *name, const char *uuid,
			    const char *label)
{
	struct source_info si = { .name = (char *)name, .uuid = (char *)uuid,
				  .label = (char *)label };
	char path[512];
	int err;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	mkdir(path, 0755);
	return source_open_dir(path, &si, &err);
}

static void setup(void)
{
	if (!mkdtemp(root))
		abort();
	srcs[0] = mksrc("esp", "AAAA-BBBB", "EFI");
	srcs[1] = mksrc("root", "1111-2222", "rootfs");
	touch("esp/vmlinuz");
	touch("root/vmlinuz-6.1");
	touch("root/marker");
}

static struct boot_option *opt(const char *name, const char *source,
			       struct boot_file *kernel)
{
	struct boot_option *o = boot_option_new();

	o->name = strdup(name);
	o->source = strdup(source);
	o->parser = strdup("test");
	o->kernel = kernel;
	return o;
}

static struct boot_option *get(struct scan_result *r, size_t i)
{
	return i < r->options.n ? r->options.v[i] : NULL;
}

static void test_refs_resolve(void)
{
	struct scan_result r = { .timeout = -1 };

	vec_push(&r.options, opt("a", "esp", boot_file_new("/vmlinuz")));
	vec_push(&r.options, opt("b", "esp", boot_file_new_ref(BOOT_REF_UUID,
						"1111-2222", "/vmlinuz-6.1")));
	vec_push(&r.options, opt("c", "esp", boot_file_new_ref(BOOT_REF_LABEL,
						"rootfs", "/vmlinuz-6.1")));
	vec_push(&r.options, opt("d", "esp", boot_file_new_ref(BOOT_REF_FILE,
						"/marker", "/vmlinuz-6.1")));
	vec_push(&r.options, opt("e", "esp", boot_file_new_ref(BOOT_REF_UUID,
						"9999", "/vmlinuz")));
	scan_finish(&r, srcs, 2);
	CHECK_STR(get(&r, 0)->kernel->source, "esp");
	CHECK(!get(&r, 0)->kernel->missing);
	CHECK_STR(get(&r, 1)->kernel->source, "root");
	CHECK_STR(get(&r, 2)->kernel->source, "root");
	CHECK_STR(get(&r, 3)->kernel->source, "root");
	CHECK(get(&r, 4)->kernel->source == NULL);
	CHECK(get(&r, 4)->kernel->missing);
	scan_result_release(&r);
}

static void test_uuid_case_insensitive(void)
{
	struct scan_result r = { .timeout = -1 };

	vec_push(&r.options, opt("a", "esp", boot_file_new_ref(BOOT_REF_UUID,
						"aaaa-bbbb", "/vmlinuz")));
	scan_finish(&r, srcs, 2);
	CHECK_STR(get(&r, 0)->kernel->source, "esp");
	scan_result_release(&r);
}

/* Labels are compared exactly; a source name binds as well. */
static void test_label_exact_name_binds(void)
{
	struct scan_result r = { .timeout = -1 };

	vec_push(&r.options, opt("a", "esp", boot_file_new_ref(BOOT_REF_LABEL,
						"ROOTFS", "/vmlinuz-6.1")));
	vec_push(&r.options, opt("b", "esp", boot_file_new_ref(BOOT_REF_NAME,
						"root", "/vmlinuz-6.1")));
	scan_finish(&r, srcs, 2);
	CHECK(get(&r, 0)->kernel->source == NULL);
	CHECK(get(&r, 0)->kernel->missing);
	CHECK_STR(get(&r, 1)->kernel->source, "root");
	CHECK(!get(&r, 1)->kernel->missing);
	scan_result_release(&r);
}

static void test_missing_marked(void)
{
	struct scan_result r = { .timeout = -1 };

	vec_push(&r.options, opt("a", "esp", boot_file_new("/nope")));
	boot_option_add_initrd(get(&r, 0), boot_file_new("/vmlinuz"));
	scan_finish(&r, srcs, 2);
	CHECK(get(&r, 0)->kernel->missing);
	CHECK(!get(&r, 0)->initrds[0]->missing);
	scan_result_release(&r);
}

static void test_dedupe_by_origin(void)
{
	struct scan_result r = { .timeout = -1 };
	struct boot_option *a = opt("from grub", "esp", boot_file_new("/vmlinuz"));
	struct boot_option *b = opt("from bls", "esp", boot_file_new("/vmlinuz"));
	struct boot_option *c = opt("other disk", "root", boot_file_new("/x"));

	a->origin = strdup("/loader/entries/x.conf");
	b->origin = strdup("/loader/entries/x.conf");
	c->origin = strdup("/loader/entries/x.conf");
	vec_push(&r.options, a);
	vec_push(&r.options, b);
	vec_push(&r.options, c);
	scan_finish(&r, srcs, 2);
	CHECK_INT(r.options.n, 2);
	CHECK_STR(get(&r, 0)->name, "from grub");
	CHECK_STR(get(&r, 1)->name, "other disk");
	scan_result_release(&r);
}

static void test_ids_unique_and_safe(void)
{
	struct scan_result r = { .timeout = -1 };

	vec_push(&r.options, opt("Debian GNU/Linux", "esp",
				 boot_file_new("/vmlinuz")));
	vec_push(&r.options, opt("Debian GNU/Linux", "esp",
				 boot_file_new("/vmlinuz")));
	vec_push(&r.options, opt("x;rm -rf $(y)", "esp",
				 boot_file_new("/vmlinuz")));
	get(&r, 0)->key = strdup("debian");
	scan_finish(&r, srcs, 2);
	CHECK_STR(get(&r, 0)->id, "esp:debian");
	CHECK_STR(get(&r, 1)->id, "esp:Debian_GNU/Linux");
	CHECK_STR(get(&r, 2)->id, "esp:x_rm_-rf___y_");
	/* a second pass (a new source arrived) keeps the ids */
	scan_finish(&r, srcs, 2);
	CHECK_STR(get(&r, 1)->id, "esp:Debian_GNU/Linux");
	scan_result_release(&r);
}

static void test_duplicate_keys_numbered(void)
{
	struct scan_result r = { .timeout = -1 };

	vec_push(&r.options, opt("t", "esp", boot_file_new("/vmlinuz")));
	vec_push(&r.options, opt("t", "esp", boot_file_new("/vmlinuz")));
	scan_finish(&r, srcs, 2);
	CHECK_STR(get(&r, 0)->id, "esp:t");
	CHECK_STR(get(&r, 1)->id, "esp:t~2");
	scan_result_release(&r);
}

/*
 * A title that names itself "t~3" takes that id first; the numbering of
 * the duplicates of "t" goes past it, and stays right over thousands.
 */
static void test_duplicate_keys_many(void)
{
	struct scan_result r = { .timeout = -1 };
	char want[32];
	size_t i;

	vec_push(&r.options, opt("t~3", "esp", NULL));
	for (i = 0; i < 3000; i++)
		vec_push(&r.options, opt("t", "esp", NULL));
	vec_push(&r.options, opt("t~2", "esp", NULL));
	scan_finish(&r, srcs, 2);
	CHECK_STR(get(&r, 0)->id, "esp:t~3");
	CHECK_STR(get(&r, 1)->id, "esp:t");
	CHECK_STR(get(&r, 2)->id, "esp:t~2");
	CHECK_STR(get(&r, 3)->id, "esp:t~4");
	snprintf(want, sizeof(want), "esp:t~%d", 3000 + 1);
	CHECK_STR(get(&r, 3000)->id, want);
	/* its own title was taken by a duplicate: it is numbered in turn */
	CHECK_STR(get(&r, 3001)->id, "esp:t~2~2");
	scan_result_release(&r);
}

static void test_source_arg_parsing(void)
{
	struct source_info si = { 0 };
	char arg[] = "/a:b/dir:name=sda2,uuid=U-1,label=L";
	char bad[] = "/dir:name=x,colour=red";
	char *path;

	CHECK_INT(scan_parse_source_arg(arg, &path, &si), 0);
	CHECK_STR(path, "/a:b/dir");
	CHECK_STR(si.name, "sda2");
	CHECK_STR(si.uuid, "U-1");
	CHECK_STR(si.label, "L");
	source_info_clear(&si);
	CHECK(scan_parse_source_arg(bad, &path, &si) < 0);
	source_info_clear(&si);
}

static const struct test_case cases[] = {
	TEST(test_refs_resolve),
	TEST(test_uuid_case_insensitive),
	TEST(test_label_exact_name_binds),
	TEST(test_missing_marked),
	TEST(test_dedupe_by_origin),
	TEST(test_ids_unique_and_safe),
	TEST(test_duplicate_keys_numbered),
	TEST(test_duplicate_keys_many),
	TEST(test_source_arg_parsing),
	{ 0 },
};

int main(int argc, char **argv)
{
	char cmd[600];
	int ret;

	setup();
	ret = test_main(argc, argv, cases);
	source_free(srcs[0]);
	source_free(srcs[1]);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd))
		ret = 1;
	return ret;
}
