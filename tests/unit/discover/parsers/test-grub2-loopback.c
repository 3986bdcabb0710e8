/*
 * test-grub2-loopback.c: an ISO image's loopback.cfg run as GRUB's
 * loopback convention runs it (iso_path set and exported, root=(loop),
 * configfile), its files read from the image's source and named as
 * files inside the image; expectations from real GRUB 2.06 (grub-oracle,
 * on an image made by xorriso holding the same files). A (loop) path
 * with no image mounted for the parse is not read; a name GRUB's script
 * cannot quote is refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/grub2-loopback.h"
#include "discover/parsers/grub2/grub2-internal.h"
#include "tests/unit/discover/parsers/grub2-memfs.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static const char loopback_cfg[] =
	"menuentry \"Live\" {\n"
	"\tlinux /casper/vmlinuz boot=casper iso-scan/filename=${iso_path} quiet\n"
	"\tinitrd /casper/initrd\n"
	"}\n"
	"submenu \"More\" {\n"
	"\tmenuentry \"Safe\" {\n"
	"\t\tlinux ($root)/casper/vmlinuz nomodeset iso-scan/filename=$iso_path\n"
	"\t}\n"
	"}\n"
	"source /boot/grub/extra.cfg\n";
static const char extra_cfg[] =
	"menuentry \"Extra %s\" \"$iso_path\" {\n"
	"\tlinux /casper/vmlinuz x=$2\n"
	"}\n";

/* The partition's files, and the image's (mounted as "vda1:/iso/x.iso"). */
static const struct memfile part_files[] = {
	{ "/iso/x.iso", "", 0 },
	{ "/boot/grub/grub.cfg", "menuentry 'own' {\n\tlinux /vmlinuz\n}\n", 36 },
};
static const struct memfile iso_files[] = {
	{ "/boot/grub/loopback.cfg", loopback_cfg, sizeof(loopback_cfg) - 1 },
	{ "/boot/grub/extra.cfg", extra_cfg, sizeof(extra_cfg) - 1 },
	{ "/casper/vmlinuz", "", 0 },
	{ "/casper/initrd", "", 0 },
};
static struct memfs part_fs = { part_files, 2 };
static struct memfs iso_fs = { iso_files, 4 };

/* Each source its files: the image's name holds a ':'. */
static void *fs_of(const struct source_info *src)
{
	return src && src->name && strchr(src->name, ':') ? &iso_fs : &part_fs;
}

static int two_read(void *priv, const struct source_info *src,
		    const char *path, size_t max, char **buf, size_t *len)
{
	return memfs_read(fs_of(src ? src : priv), src, path, max, buf, len);
}

static int two_list(void *priv, const struct source_info *src,
		    const char *dir, char ***names)
{
	return memfs_list(fs_of(src ? src : priv), src, dir, names);
}

static int two_stat(void *priv, const struct source_info *src,
		    const char *path, struct parse_stat *st)
{
	return memfs_stat(fs_of(src ? src : priv), src, path, st);
}

static const struct parse_io two_io = {
	.read = two_read, .list = two_list, .stat = two_stat,
};

static struct source_info part = { .name = "vda1" };
static struct source_info image = { .name = "vda1:/iso/x.iso" };

/* "iso[/iso/x.iso]:/casper/vmlinuz" for a file inside the image. */
static void file_str(const struct boot_file *f, char *buf, size_t n)
{
	if (f && f->iso && f->iso->ref == BOOT_REF_SELF)
		snprintf(buf, n, "iso[%s]:%s", f->iso->path, f->path);
	else
		snprintf(buf, n, "%s", f ? f->path : "(null)");
}

static void check_option(struct parse_ctx *ctx, size_t i, const char *name,
			 const char *kernel, const char *initrd,
			 const char *cmdline, bool is_default)
{
	const struct boot_option *o;
	char buf[256];

	CHECK(i < ctx->options.n);
	if (i >= ctx->options.n)
		return;
	o = ctx->options.v[i];
	CHECK_STR(o->name, name);
	file_str(o->kernel, buf, sizeof(buf));
	CHECK_STR(buf, kernel);
	if (initrd) {
		CHECK(o->initrds && o->initrds[0] && !o->initrds[1]);
		file_str(o->initrds ? o->initrds[0] : NULL, buf, sizeof(buf));
		CHECK_STR(buf, initrd);
	} else {
		CHECK(!o->initrds);
	}
	CHECK_STR(o->cmdline, cmdline);
	CHECK(o->is_default == is_default);
	CHECK(!o->error);
}

static void test_loopback_cfg(void)
{
	const struct source_info *all[] = { &part, &image };
	struct parse_ctx ctx;
	size_t i;

	parse_ctx_init(&ctx, &two_io, NULL, &part, all, 2);
	CHECK(grub2_parse_iso_loopback(&ctx, "/iso/x.iso") == 0);
	CHECK(ctx.options.n == 3);
	check_option(&ctx, 0, "Live", "iso[/iso/x.iso]:/casper/vmlinuz",
		     "iso[/iso/x.iso]:/casper/initrd",
		     "boot=casper iso-scan/filename=/iso/x.iso quiet", true);
	check_option(&ctx, 1, "More>Safe", "iso[/iso/x.iso]:/casper/vmlinuz",
		     NULL, "nomodeset iso-scan/filename=/iso/x.iso", false);
	check_option(&ctx, 2, "Extra %s", "iso[/iso/x.iso]:/casper/vmlinuz",
		     NULL, "x=/iso/x.iso", false);
	for (i = 0; i < ctx.diags.n; i++)
		printf("#   diag: %s\n", (char *)ctx.diags.v[i]);
	CHECK(ctx.diags.n == 0);
	parse_ctx_release(&ctx);
}

/* Without the image mounted for the parse, nothing in it is read. */
static void test_image_not_mounted(void)
{
	const struct source_info *all[] = { &part };
	struct parse_ctx ctx;

	parse_ctx_init(&ctx, &two_io, NULL, &part, all, 1);
	CHECK(grub2_parse_iso_loopback(&ctx, "/iso/x.iso") == 0);
	CHECK(ctx.options.n == 0);
	CHECK(ctx.diags.n >= 1);
	parse_ctx_release(&ctx);
}

/* A quote or a newline in the name could end GRUB's quoting: refused. */
static void test_unquotable_name(void)
{
	const char *bad[] = { "/iso/a'b.iso", "/iso/a\nmenuentry x.iso",
			      "iso/relative.iso" };
	const struct source_info *all[] = { &part, &image };
	struct parse_ctx ctx;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		parse_ctx_init(&ctx, &two_io, NULL, &part, all, 2);
		CHECK(grub2_parse_iso_loopback(&ctx, bad[i]) == 0);
		CHECK(ctx.options.n == 0);
		CHECK(ctx.diags.n == 1 &&
		      strstr(ctx.diags.v[0], "cannot pass: not read"));
		parse_ctx_release(&ctx);
	}
}

static const struct test_case cases[] = {
	TEST(test_loopback_cfg),
	TEST(test_image_not_mounted),
	TEST(test_unquotable_name),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
