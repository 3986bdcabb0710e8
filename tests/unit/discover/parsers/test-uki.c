/*
 * test-uki.c: the UKI (BLS type #2) parser on PE images built in memory:
 * title and version from .osrel, .cmdline, .uname, profiles, sorting and
 * boot counting, loader.conf, other architectures, images too large to
 * read whole, and hostile images refused with a reason.
 */
#include <stdio.h>

#include "lib/pe.h"
#include "tests/unit/lib/pebuild.h"
#include "tests/unit/discover/parsers/harness.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

#define OSREL_FEDORA \
	"NAME=\"Fedora Linux\"\nVERSION_ID=40\nID=fedora\n" \
	"PRETTY_NAME=\"Fedora Linux 40 (Forty)\"\n"

struct img {
	unsigned char *p;
	size_t size;
};

/* A UKI with the given sections; NULL data means no such section. */
static struct img uki(uint16_t machine, const char *osrel,
		      const char *cmdline, const char *uname)
{
	struct peb_section s[6];
	struct img m;
	unsigned n = 0;

	s[n++] = (struct peb_section){ ".text", "\xc3", 1 };
	if (osrel)
		s[n++] = (struct peb_section){ ".osrel", osrel, strlen(osrel) };
	if (cmdline)
		s[n++] = (struct peb_section){ ".cmdline", cmdline,
					       strlen(cmdline) };
	if (uname)
		s[n++] = (struct peb_section){ ".uname", uname, strlen(uname) };
	s[n++] = (struct peb_section){ ".linux", NULL, 2048 };
	s[n++] = (struct peb_section){ ".initrd", NULL, 1024 };
	m.p = peb_build(machine, s, n, &m.size);
	return m;
}

static struct memfs_file file(const char *path, struct img m)
{
	return (struct memfs_file){ path, (const char *)m.p, m.size };
}

static void run(struct parse_ctx *ctx, struct memfs_file *files, size_t n)
{
	static struct memfs fs;

	fs = (struct memfs){ files, n, 0 };
	memfs_run(ctx, &fs, "uki");
}

static void test_osrel_cmdline_uname(void)
{
	struct img a = uki(PE_MACHINE_X64, OSREL_FEDORA,
			   "root=/dev/sda2 quiet\n", "6.8.5-301.fc40.x86_64\n");
	struct memfs_file files[] = { file("/EFI/Linux/fedora-6.8.5.efi", a) };
	struct parse_ctx ctx;
	struct boot_option *o;

	run(&ctx, files, 1);
	o = memfs_opt(&ctx, 0);
	CHECK_INT(ctx.options.n, 1);
	CHECK_INT(ctx.diags.n, 0);
	if (o) {
		CHECK_STR(o->name, "Fedora Linux 40 (Forty)");
		CHECK_STR(o->version, "40");
		CHECK_STR(o->kind, "uki");
		CHECK_STR(o->parser, "uki");
		/* the image itself: the loader takes .linux/.initrd later */
		CHECK_STR(memfs_path(o->kernel), "/EFI/Linux/fedora-6.8.5.efi");
		CHECK(o->initrds == NULL && o->dtb == NULL);
		CHECK_STR(o->cmdline, "root=/dev/sda2 quiet");
		CHECK_STR(o->key, "fedora-6.8.5");
		CHECK_STR(o->origin, "/EFI/Linux/fedora-6.8.5.efi");
		CHECK(o->ids && streq(o->ids[1], "fedora-6.8.5.efi"));
	}
	parse_ctx_release(&ctx);
	free(a.p);
}

static void test_name_and_version_fallbacks(void)
{
	struct img a = uki(PE_MACHINE_X64,
			   "# comment\nNAME='Debian GNU/Linux'\n"
			   "VERSION_ID=\"12\"\nIMAGE_VERSION=\"12.5 \\\"b\\\"\"\n",
			   NULL, NULL);
	struct img b = uki(PE_MACHINE_X64, NULL, NULL, "6.1.0-18-amd64");
	struct img c = uki(PE_MACHINE_X64, "ID=arch\n", "", NULL);
	struct memfs_file files[] = {
		file("/EFI/Linux/a.efi", a), file("/EFI/Linux/b.efi", b),
		file("/EFI/Linux/c.efi", c),
	};
	struct parse_ctx ctx;
	struct boot_option *o;

	run(&ctx, files, 3);
	CHECK_INT(ctx.options.n, 3);
	/* c has a sort key (ID=arch): first */
	o = memfs_opt(&ctx, 0);
	CHECK(o && streq(o->name, "arch") && !o->version &&
	      streq(o->cmdline, ""));
	o = memfs_opt(&ctx, 1);
	CHECK(o && streq(o->name, "b") && streq(o->version, "6.1.0-18-amd64"));
	o = memfs_opt(&ctx, 2);
	CHECK(o && streq(o->name, "Debian GNU/Linux 12") &&
	      streq(o->version, "12.5 \"b\""));
	parse_ctx_release(&ctx);
	free(a.p);
	free(b.p);
	free(c.p);
}

static void test_sort_and_boot_counting(void)
{
	struct img a = uki(PE_MACHINE_X64, "PRETTY_NAME=Linux\n", NULL, NULL);
	struct memfs_file files[] = {
		file("/EFI/Linux/linux-6.9+0-3.efi", a),
		file("/EFI/Linux/linux-6.8.efi", a),
		file("/EFI/Linux/linux-6.10+2-1.efi", a),
		file("/boot/EFI/Linux/linux-6.1.EFI", a),
	};
	struct parse_ctx ctx;
	struct boot_option *o;

	run(&ctx, files, 4);
	CHECK_INT(ctx.options.n, 4);
	o = memfs_opt(&ctx, 0);
	CHECK(o && streq(o->key, "linux-6.10"));
	o = memfs_opt(&ctx, 1);
	CHECK(o && streq(o->key, "linux-6.8"));
	o = memfs_opt(&ctx, 2);
	CHECK(o && streq(o->key, "linux-6.1") &&
	      streq(memfs_path(o->kernel), "/boot/EFI/Linux/linux-6.1.EFI"));
	o = memfs_opt(&ctx, 3);	/* no tries left: last */
	CHECK(o && streq(o->key, "linux-6.9"));
	/* equal titles get the file name, as sd-boot shows them */
	CHECK(o && streq(o->name, "Linux (linux-6.9)"));
	parse_ctx_release(&ctx);
	free(a.p);
}

static void test_profiles(void)
{
	static const struct peb_section s[] = {
		{ ".osrel", "PRETTY_NAME=P\n", 14 },
		{ ".cmdline", "base", 4 },
		{ ".linux", NULL, 600 },
		{ ".profile", "ID=regular\n", 11 },
		{ ".uname", "6.9", 3 },
		{ ".profile", "ID=factory\n", 11 },
		{ ".cmdline", "factory-reset", 13 },
	};
	static const struct peb_section s2[] = {
		{ ".linux", NULL, 600 },
		{ ".cmdline", "base", 4 },
		{ ".profile", "ID=x\n", 5 },
		{ ".cmdline", "profile0", 8 },
	};
	struct img a, b;
	struct memfs_file files[2];
	struct parse_ctx ctx;
	struct boot_option *o;

	a.p = peb_build(PE_MACHINE_X64, s, ARRAY_SIZE(s), &a.size);
	b.p = peb_build(PE_MACHINE_X64, s2, ARRAY_SIZE(s2), &b.size);
	files[0] = file("/EFI/Linux/a.efi", a);
	files[1] = file("/EFI/Linux/b.efi", b);
	run(&ctx, files, 2);
	CHECK_INT(ctx.options.n, 2);
	/* profile @0: base sections, overridden by the first profile's */
	o = memfs_opt(&ctx, 0);
	CHECK(o && streq(o->key, "b") && streq(o->cmdline, "profile0"));
	o = memfs_opt(&ctx, 1);
	CHECK(o && streq(o->cmdline, "base") && streq(o->version, "6.9"));
	CHECK_INT(ctx.diags.n, 0);
	parse_ctx_release(&ctx);
	free(a.p);
	free(b.p);
}

static void test_other_architecture_hidden(void)
{
	struct img a = uki(PE_MACHINE_ARM64, "PRETTY_NAME=Arm\n", NULL, NULL);
	struct img b = uki(PE_MACHINE_X64, "PRETTY_NAME=X86\n", NULL, NULL);
	struct memfs_file files[] = {
		file("/EFI/Linux/arm.efi", a), file("/EFI/Linux/x86.efi", b),
	};
	struct parse_ctx ctx;
	static struct memfs fs;

	fs = (struct memfs){ files, 2, 0 };
	parse_ctx_init(&ctx, &memfs_io, &fs, &memfs_source, NULL, 0);
	ctx.arch = "x86_64";
	parsers_run(&ctx, "uki");
	CHECK_INT(ctx.options.n, 1);
	CHECK(memfs_opt(&ctx, 0) && streq(memfs_opt(&ctx, 0)->name, "X86"));
	CHECK_INT(ctx.diags.n, 0);
	parse_ctx_release(&ctx);
	parse_ctx_init(&ctx, &memfs_io, &fs, &memfs_source, NULL, 0);
	ctx.arch = "aarch64";
	parsers_run(&ctx, "uki");
	CHECK(memfs_opt(&ctx, 0) && streq(memfs_opt(&ctx, 0)->name, "Arm"));
	parse_ctx_release(&ctx);
	free(a.p);
	free(b.p);
}

static void test_image_larger_than_read_limit(void)
{
	static const struct peb_section s[] = {
		{ ".osrel", "PRETTY_NAME=Big\n", 16 },
		{ ".cmdline", "quiet", 5 },
		{ ".linux", NULL, 12u << 20 },
		{ ".initrd", NULL, 40u << 20 },
	};
	struct img a;
	struct memfs_file files[1];
	struct parse_ctx ctx;

	a.p = peb_build(PE_MACHINE_X64, s, ARRAY_SIZE(s), &a.size);
	CHECK(a.size > PARSE_MAX_FILE_SIZE);
	files[0] = file("/EFI/Linux/big.efi", a);
	run(&ctx, files, 1);
	CHECK_INT(ctx.options.n, 1);
	CHECK(memfs_opt(&ctx, 0) && streq(memfs_opt(&ctx, 0)->cmdline,
					  "quiet"));
	parse_ctx_release(&ctx);
	free(a.p);
}

static void test_loader_conf(void)
{
	struct img a = uki(PE_MACHINE_X64, "PRETTY_NAME=A\n", NULL, NULL);
	struct memfs_file files[] = {
		{ "/loader/loader.conf", "default B*\ntimeout 4\n", 0 },
		file("/EFI/Linux/a.efi", a), file("/EFI/Linux/b.efi", a),
		file("/EFI/Linux/b2.efi", a),
	};
	struct parse_ctx ctx;
	struct boot_option *o;

	run(&ctx, files, 4);
	CHECK(ctx.has_timeout && ctx.timeout == 4);
	o = memfs_opt(&ctx, 0);
	CHECK(o && streq(o->key, "b2") && o->is_default);
	o = memfs_opt(&ctx, 1);
	CHECK(o && !o->is_default);
	parse_ctx_release(&ctx);
	free(a.p);
}

static void test_bls_default_wins(void)
{
	struct img a = uki(PE_MACHINE_X64, "PRETTY_NAME=A\n", NULL, NULL);
	struct memfs_file files[] = {
		{ "/loader/loader.conf", "default *\ntimeout x\n", 0 },
		{ "/loader/entries/t1.conf", "linux /v\n", 0 },
		file("/EFI/Linux/a.efi", a),
	};
	struct memfs fs = { files, ARRAY_SIZE(files), 0 };
	struct parse_ctx ctx;
	size_t i, defaults = 0;

	parse_ctx_init(&ctx, &memfs_io, &fs, &memfs_source, NULL, 0);
	parsers_run(&ctx, "bls");
	parsers_run(&ctx, "uki");
	CHECK_INT(ctx.options.n, 2);
	for (i = 0; i < ctx.options.n; i++)
		defaults += memfs_opt(&ctx, i)->is_default;
	CHECK_INT(defaults, 1);
	CHECK(memfs_opt(&ctx, 0)->is_default);
	/* loader.conf's bad timeout is reported once, not per parser */
	CHECK_INT(ctx.diags.n, 1);
	parse_ctx_release(&ctx);
	free(a.p);
}

/* An io without read_at: parse_read_at falls back to whole reads. */
static void test_io_without_read_at(void)
{
	static const struct parse_io plain = {
		.read = memfs_read, .list = memfs_list, .stat = memfs_stat,
	};
	struct img a = uki(PE_MACHINE_X64, OSREL_FEDORA, "quiet", NULL);
	struct memfs_file files[] = { file("/EFI/Linux/a.efi", a) };
	struct memfs fs = { files, 1, 0 };
	struct parse_ctx ctx;

	parse_ctx_init(&ctx, &plain, &fs, &memfs_source, NULL, 0);
	parsers_run(&ctx, "uki");
	CHECK_INT(ctx.options.n, 1);
	CHECK(memfs_opt(&ctx, 0) && streq(memfs_opt(&ctx, 0)->cmdline,
					  "quiet"));
	parse_ctx_release(&ctx);
	free(a.p);
}

/* ---- hostile images -------------------------------------------------- */

static void check_refused(void (*spoil)(struct img *), const char *why)
{
	struct img bad = uki(PE_MACHINE_X64, OSREL_FEDORA, "quiet", NULL);
	struct img good = uki(PE_MACHINE_X64, "PRETTY_NAME=Good\n", NULL,
			      NULL);
	struct memfs_file files[2];
	struct parse_ctx ctx;

	spoil(&bad);
	files[0] = file("/EFI/Linux/bad.efi", bad);
	files[1] = file("/EFI/Linux/good.efi", good);
	run(&ctx, files, 2);
	CHECK_INT(ctx.options.n, 1);
	CHECK(memfs_opt(&ctx, 0) && streq(memfs_opt(&ctx, 0)->name, "Good"));
	if (!memfs_diag(&ctx, why)) {
		test_failed_checks++;
		printf("#   no diagnostic '%s'; got: %s\n", why,
		       ctx.diags.n ? (char *)ctx.diags.v[0] : "none");
	}
	parse_ctx_release(&ctx);
	free(bad.p);
	free(good.p);
}

static void truncate_it(struct img *m)
{
	m->size = 300;
}

static void past_end(struct img *m)
{
	peb_put32(m->p, PEB_SECTION(1, 20), m->size - 4);
}

static void overlap(struct img *m)
{
	peb_put32(m->p, PEB_SECTION(2, 20),
		  m->p[PEB_SECTION(1, 20)] | m->p[PEB_SECTION(1, 20) + 1] << 8);
}

static void too_many(struct img *m)
{
	peb_put16(m->p, PEB_NSECTIONS, 200);
}

static void not_pe(struct img *m)
{
	memcpy(m->p, "\177ELF", 4);
}

static void no_linux(struct img *m)
{
	memcpy(m->p + PEB_SECTION(3, 0), ".notlnx", 8);
}

static void twice(struct img *m)
{
	memcpy(m->p + PEB_SECTION(4, 0), ".osrel\0", 8);
}

static void test_hostile_images_refused(void)
{
	check_refused(truncate_it, "bad.efi: refused: the file ends inside");
	check_refused(past_end, "refused: a section extends past the end");
	check_refused(overlap, "refused: two sections overlap");
	check_refused(too_many, "refused: too many sections");
	check_refused(not_pe, "refused: not a PE image");
	check_refused(no_linux, "no .linux section");
	check_refused(twice, "refused: a section appears twice");
}

static void test_huge_text_section_refused(void)
{
	struct img bad = uki(PE_MACHINE_X64, NULL, "x", NULL);
	unsigned char *big = calloc(1, bad.size + 100 * 1024);
	struct memfs_file files[1];
	struct parse_ctx ctx;

	/* .cmdline claims 100 KiB of the (now larger) file */
	memcpy(big, bad.p, bad.size);
	peb_put32(big, PEB_SECTION(1, 8), 100 * 1024);
	peb_put32(big, PEB_SECTION(1, 16), 100 * 1024);
	peb_put32(big, PEB_SECTION(1, 20), bad.size);
	files[0] = (struct memfs_file){ "/EFI/Linux/big.efi",
					(const char *)big,
					bad.size + 100 * 1024 };
	run(&ctx, files, 1);
	CHECK_INT(ctx.options.n, 0);
	CHECK(memfs_diag(&ctx, "refused: a text section is over 64 KiB"));
	parse_ctx_release(&ctx);
	free(bad.p);
	free(big);
}

static void test_invalid_utf8_and_controls(void)
{
	struct img a = uki(PE_MACHINE_X64, "PRETTY_NAME=\"Bad \xff name\"\n",
			   "a\nb\tc\033d\xc3(\n\n", NULL);
	struct memfs_file files[] = { file("/EFI/Linux/a.efi", a) };
	struct parse_ctx ctx;
	struct boot_option *o;

	run(&ctx, files, 1);
	o = memfs_opt(&ctx, 0);
	CHECK(o && streq(o->name, "Bad ? name"));
	CHECK(o && streq(o->cmdline, "a b c d?("));
	CHECK(memfs_diag(&ctx, ".osrel: invalid UTF-8"));
	CHECK(memfs_diag(&ctx, ".cmdline: invalid UTF-8"));
	parse_ctx_release(&ctx);
	free(a.p);
}

static void test_many_images_bounded(void)
{
	enum { N = PARSE_MAX_OPTIONS + 10 };
	struct img a = uki(PE_MACHINE_X64, "PRETTY_NAME=A\n", NULL, NULL);
	struct memfs_file *files = calloc(N, sizeof(*files));
	char (*names)[40] = calloc(N, sizeof(*names));
	struct parse_ctx ctx;
	size_t i;

	for (i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "/EFI/Linux/u%05zu.efi",
			 i);
		files[i] = file(names[i], a);
	}
	run(&ctx, files, N);
	CHECK_INT(ctx.options.n, PARSE_MAX_OPTIONS);
	CHECK(memfs_diag(&ctx, "more than 4096 images"));
	parse_ctx_release(&ctx);
	free(files);
	free(names);
	free(a.p);
}

static void test_not_efi_files_ignored(void)
{
	struct img a = uki(PE_MACHINE_X64, "PRETTY_NAME=A\n", NULL, NULL);
	struct memfs_file files[] = {
		file("/EFI/Linux/.hidden.efi", a),
		file("/EFI/Linux/notes.txt", a),
		{ "/EFI/Linux/empty.efi", "", 0 },
		{ "/EFI/Linux/dir.efi/x", "", 0 },
	};
	struct parse_ctx ctx;

	run(&ctx, files, ARRAY_SIZE(files));
	CHECK_INT(ctx.options.n, 0);
	CHECK_INT(ctx.diags.n, 0);
	parse_ctx_release(&ctx);
	free(a.p);
}

static const struct test_case cases[] = {
	TEST(test_osrel_cmdline_uname),
	TEST(test_name_and_version_fallbacks),
	TEST(test_sort_and_boot_counting),
	TEST(test_profiles),
	TEST(test_other_architecture_hidden),
	TEST(test_image_larger_than_read_limit),
	TEST(test_loader_conf),
	TEST(test_bls_default_wins),
	TEST(test_io_without_read_at),
	TEST(test_hostile_images_refused),
	TEST(test_huge_text_section_refused),
	TEST(test_invalid_utf8_and_controls),
	TEST(test_many_images_bounded),
	TEST(test_not_efi_files_ignored),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
