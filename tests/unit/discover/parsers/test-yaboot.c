/*
 * test-yaboot.c: the yaboot.conf parser on tests/data/yaboot (a config on
 * sda2 with global defaults, overrides, other disks and partitions) and on
 * hostile input built in memory.
 */
#include <stdio.h>

#include "lib/text.h"
#include "tests/unit/discover/parsers/dirfs.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

/* "SELF:/path" or "REF=VALUE:/path" for a file reference. */
static const char *where(const struct boot_file *f, char *buf, size_t n)
{
	if (!f)
		return "(none)";
	if (f->ref == BOOT_REF_SELF)
		snprintf(buf, n, "SELF:%s", f->path);
	else
		snprintf(buf, n, "%s=%s:%s", boot_ref_name(f->ref),
			 f->ref_value, f->path);
	return buf;
}

static void run_cfg(struct parse_ctx *ctx, const char *cfg, size_t len)
{
	static struct memfs_file files[1];
	static struct memfs fs;
	static const struct source_info sda2 = { .name = (char *)"sda2" };

	files[0] = (struct memfs_file){ "/etc/yaboot.conf", cfg, len };
	fs = (struct memfs){ files, 1, 0 };
	parse_ctx_init(ctx, &memfs_io, &fs, &sda2, NULL, 0);
	parsers_run(ctx, "yaboot");
}

static void test_fixture(void)
{
	struct parse_ctx ctx;
	struct dirfs *fx = fixture_run(&ctx, "tests/data/yaboot/sda2",
				       "yaboot", NULL);
	struct boot_option *o;
	char buf[128];

	CHECK_INT(ctx.options.n, 6);	/* other= is another OS: skipped */
	CHECK(ctx.has_timeout && ctx.timeout == 10);
	CHECK_INT(ctx.diags.n, 0);
	o = memfs_named(&ctx, "linux");
	if (o) {
		/* partition=2: the config's own partition */
		CHECK_STR(where(o->kernel, buf, sizeof(buf)),
			  "SELF:/vmlinuz-2.6.32-431.el6.ppc64");
		CHECK_STR(where(o->initrds[0], buf, sizeof(buf)),
			  "SELF:/initramfs-2.6.32-431.el6.ppc64.img");
		CHECK_STR(o->cmdline, "root=/dev/sda3 ro rd_NO_LUKS console=hvc0  quiet");
		CHECK(!o->is_default);
	}
	o = memfs_named(&ctx, "old");
	if (o) {
		CHECK(o->is_default);	/* default = its alias */
		CHECK_STR(o->cmdline, "root=/dev/mapper/vg-root rw");
		CHECK(o->ids && streq(o->ids[1], "previous"));
	}
	o = memfs_named(&ctx, "rescue");
	CHECK(o && streq(o->cmdline, "init=/bin/sh console=hvc0") &&
	      !o->initrds);
	o = memfs_named(&ctx, "other-disk");
	if (o) {
		CHECK_STR(where(o->kernel, buf, sizeof(buf)),
			  "name=sdb1:/vmlinux.test");
		CHECK_STR(where(o->initrds[0], buf, sizeof(buf)),
			  "name=sdc2:/initrd.test");
	}
	o = memfs_named(&ctx, "of-path");
	CHECK(o && streq(where(o->kernel, buf, sizeof(buf)),
			 "name=hd5:/vmlinux.of"));
	CHECK(memfs_named(&ctx, "vmlinux-unlabelled") != NULL);
	fixture_done(&ctx, fx);
}

static void test_devices(void)
{
	struct parse_ctx ctx;
	char buf[128];

	run_cfg(&ctx,
		"device=/dev/nvme0n1\npartition=3\n"
		"image=/a\n label=a\n"
		"image=/b\n label=b\n device=/dev/disk/by-uuid/1234-ABCD\n"
		"image=/c\n label=c\n device=mmcblk0p1\n partition=2\n"
		"image=/d\n label=d\n device=sda\n partition=2\n"
		"image=/e\n label=e\n device=/dev/sda2\n", 0);
	CHECK_INT(ctx.options.n, 5);
	CHECK_STR(where(memfs_named(&ctx, "a")->kernel, buf, sizeof(buf)),
		  "name=nvme0n1p3:/a");
	CHECK_STR(where(memfs_named(&ctx, "b")->kernel, buf, sizeof(buf)),
		  "uuid=1234-ABCD:/b");
	CHECK_STR(where(memfs_named(&ctx, "c")->kernel, buf, sizeof(buf)),
		  "name=mmcblk0p2:/c");
	/* sda + 2 is where the config is: no reference needed */
	CHECK_STR(where(memfs_named(&ctx, "d")->kernel, buf, sizeof(buf)),
		  "SELF:/d");
	CHECK_STR(where(memfs_named(&ctx, "e")->kernel, buf, sizeof(buf)),
		  "name=sda3:/e");	/* global partition=3 applies */
	parse_ctx_release(&ctx);
}

static void test_globals_do_not_leak(void)
{
	struct parse_ctx ctx;

	run_cfg(&ctx, "append=\"console=ttyS0\"\n"
		"image=/v1\n label=one\n literal=\"console=XXXX\"\n"
		"image=/v2\n label=two\n"
		"image=/v3\n label=three\n append=\"quiet\"\n", 0);
	CHECK_STR(memfs_named(&ctx, "one")->cmdline, "console=XXXX");
	CHECK_STR(memfs_named(&ctx, "two")->cmdline, "console=ttyS0");
	CHECK_STR(memfs_named(&ctx, "three")->cmdline, "quiet");
	/* no default=: the first image */
	CHECK(memfs_named(&ctx, "one")->is_default);
	parse_ctx_release(&ctx);
}

static void test_urls_and_bad_values(void)
{
	struct boot_option *o;
	struct parse_ctx ctx;

	run_cfg(&ctx, "timeout=forever\n"
		"image=tftp://10.0.0.1/vmlinux\n label=net\n"
		" initrd=http://10.0.0.1/initrd\n"
		"image=\n label=empty\n", 0);
	CHECK_INT(ctx.options.n, 1);
	o = memfs_named(&ctx, "net");
	CHECK_STR(o->kernel->url, "tftp://10.0.0.1/vmlinux");
	CHECK_STR(o->initrds[0]->url, "http://10.0.0.1/initrd");
	CHECK(!ctx.has_timeout);
	CHECK(memfs_diag(&ctx, "timeout: not a number"));
	CHECK(memfs_diag(&ctx, ":5: image= names no file"));
	parse_ctx_release(&ctx);
}

static void test_huge_config(void)
{
	struct parse_ctx ctx;

	run_cfg(&ctx, "image=/v\n", 100u << 20);
	CHECK_INT(ctx.options.n, 0);
	CHECK(memfs_diag(&ctx, "/etc/yaboot.conf: file is larger than 4 MiB"));
	parse_ctx_release(&ctx);
}

static void test_many_images_bounded(void)
{
	size_t i, n = 0, count = 400000;
	char *cfg = malloc(count * 10 + 1);
	struct parse_ctx ctx;

	for (i = 0; i < count; i++)
		n += sprintf(cfg + n, "image=/v\n");
	run_cfg(&ctx, cfg, n);
	CHECK_INT(ctx.options.n, PARSE_MAX_OPTIONS);
	CHECK(memfs_diag(&ctx, "more than 4096 images"));
	parse_ctx_release(&ctx);
	free(cfg);
}

static void test_nul_utf8_escapes(void)
{
	static const char cfg[] = "image=/v1\n label=a\0b\n"
				  "image=/v2\n label=\xff\xfe\n"
				  "image=/v3\n label=\033]0;x\007t\n";
	struct parse_ctx ctx;
	char *shown;

	run_cfg(&ctx, cfg, sizeof(cfg) - 1);
	CHECK_INT(ctx.options.n, 3);
	CHECK(memfs_named(&ctx, "a?b") && memfs_named(&ctx, "??"));
	CHECK(memfs_diag(&ctx, ":2: NUL byte"));
	CHECK(memfs_diag(&ctx, ":6: control characters"));
	shown = text_sanitize(memfs_opt(&ctx, 2)->name);
	CHECK(shown && !strchr(shown, '\033') && !strchr(shown, '\007'));
	free(shown);
	parse_ctx_release(&ctx);
}

static const struct test_case cases[] = {
	TEST(test_fixture),
	TEST(test_devices),
	TEST(test_globals_do_not_leak),
	TEST(test_urls_and_bad_values),
	TEST(test_huge_config),
	TEST(test_many_images_bounded),
	TEST(test_nul_utf8_escapes),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
