/*
 * test-kboot.c: the kboot.conf parser on tests/data/kboot and on hostile
 * input built in memory.
 */
#include <stdio.h>

#include "lib/text.h"
#include "tests/unit/discover/parsers/dirfs.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static void run_cfg(struct parse_ctx *ctx, const char *cfg, size_t len)
{
	static struct memfs_file files[1];
	static struct memfs fs;

	files[0] = (struct memfs_file){ "/etc/kboot.conf", cfg, len };
	fs = (struct memfs){ files, 1, 0 };
	memfs_run(ctx, &fs, "kboot");
}

static void test_fixture(void)
{
	struct parse_ctx ctx;
	struct dirfs *fx = fixture_run(&ctx, "tests/data/kboot/basic",
				       "kboot", NULL);
	struct boot_option *o;

	CHECK_INT(ctx.options.n, 3);
	CHECK(ctx.has_timeout && ctx.timeout == 10);
	CHECK_INT(ctx.diags.n, 0);
	o = memfs_opt(&ctx, 0);
	if (o) {
		CHECK_STR(o->name, "linux");
		CHECK_STR(o->config, "/etc/kboot.conf");
		CHECK_STR(memfs_path(o->kernel), "/boot/vmlinux");
		CHECK_STR(memfs_path(o->initrds[0]), "/boot/initrd-linux.img");
		CHECK_STR(o->cmdline, "root=/dev/sda1 arg1=value1 arg2");
		CHECK(!o->is_default);
	}
	o = memfs_opt(&ctx, 1);
	if (o) {
		CHECK_STR(o->name, "hdd");
		CHECK(o->is_default);
		CHECK_STR(memfs_path(o->initrds[0]), "/boot/initrd.gz");
		CHECK_STR(o->cmdline, "root=/dev/sda1 quiet");
	}
	o = memfs_opt(&ctx, 2);
	if (o) {
		CHECK_STR(o->kernel->url, "tftp://192.168.0.5/fire/vmlinux");
		CHECK_STR(o->cmdline, "root=/dev/nfs rw ip=dhcp");
		CHECK_STR(memfs_path(o->dtb), "/boot/board.dtb");
	}
	fixture_done(&ctx, fx);
}

static void test_first_is_default_without_default(void)
{
	struct parse_ctx ctx;

	run_cfg(&ctx, "a=/vmlinux-a\nb = /vmlinux-b  root=/dev/sdb1 \n", 0);
	CHECK_INT(ctx.options.n, 2);
	CHECK(memfs_opt(&ctx, 0)->is_default && !memfs_opt(&ctx, 1)->is_default);
	CHECK_STR(memfs_opt(&ctx, 1)->cmdline, "root=/dev/sdb1");
	CHECK(memfs_opt(&ctx, 0)->initrds == NULL);
	parse_ctx_release(&ctx);
}

static void test_bad_lines(void)
{
	struct parse_ctx ctx;

	run_cfg(&ctx, "timeout=soon\njunk line without equals\nempty=\n"
		"ok=/vmlinux\n", 0);
	CHECK_INT(ctx.options.n, 1);
	CHECK(!ctx.has_timeout);
	CHECK(memfs_diag(&ctx, ":1: timeout: not a number"));
	CHECK(memfs_diag(&ctx, ":3: entry has no kernel"));
	parse_ctx_release(&ctx);
}

static void test_huge_config(void)
{
	struct parse_ctx ctx;

	run_cfg(&ctx, "a=/v\n", 100u << 20);
	CHECK_INT(ctx.options.n, 0);
	CHECK(memfs_diag(&ctx, "/etc/kboot.conf: file is larger than 4 MiB"));
	parse_ctx_release(&ctx);
}

static void test_many_entries_bounded(void)
{
	size_t i, n = 0, count = 400000;
	char *cfg = malloc(count * 12 + 1);
	struct parse_ctx ctx;

	for (i = 0; i < count; i++)
		n += sprintf(cfg + n, "e%zu=/v\n", i % 10000);
	CHECK(n < PARSE_MAX_FILE_SIZE);
	run_cfg(&ctx, cfg, n);
	CHECK_INT(ctx.options.n, PARSE_MAX_OPTIONS);
	CHECK(memfs_diag(&ctx, "more than 4096 entries"));
	parse_ctx_release(&ctx);
	free(cfg);
}

static void test_nul_utf8_escapes(void)
{
	static const char cfg[] = "a\0b=/v1\nc\xff=/v2\n\033[2Jx=/v3\nok=/v4\n";
	struct parse_ctx ctx;
	char *shown;

	run_cfg(&ctx, cfg, sizeof(cfg) - 1);
	CHECK_INT(ctx.options.n, 4);
	CHECK_STR(memfs_opt(&ctx, 0)->name, "a?b");
	CHECK_STR(memfs_opt(&ctx, 1)->name, "c?");
	CHECK(memfs_diag(&ctx, ":1: NUL byte"));
	CHECK(memfs_diag(&ctx, ":3: control characters"));
	shown = text_sanitize(memfs_opt(&ctx, 2)->name);
	CHECK(shown && !strchr(shown, '\033'));
	free(shown);
	parse_ctx_release(&ctx);
}

static const struct test_case cases[] = {
	TEST(test_fixture),
	TEST(test_first_is_default_without_default),
	TEST(test_bad_lines),
	TEST(test_huge_config),
	TEST(test_many_entries_bounded),
	TEST(test_nul_utf8_escapes),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
