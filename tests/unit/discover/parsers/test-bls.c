/*
 * test-bls.c: the BLS type #1 parser on the fixture folders of
 * tests/data/bls (one behaviour each: boot counting, the spec's order,
 * every key, architecture, loader.conf default and timeout, titles, /boot
 * layout, unusable entries) and on hostile input built in memory.
 */
#include <stdio.h>

#include "lib/text.h"
#include "tests/unit/discover/parsers/dirfs.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

#define DATA "tests/data/bls/"

static const char *name_at(struct parse_ctx *ctx, size_t i)
{
	struct boot_option *o = memfs_opt(ctx, i);

	return o ? o->name : NULL;
}

/* Spec "Sorting" rule 1: entries with no tries left go last. */
static void test_boot_counting(void)
{
	struct parse_ctx ctx;
	struct dirfs *fx = fixture_run(&ctx, DATA "counting", "bls", NULL);
	struct boot_option *o;

	CHECK_INT(ctx.options.n, 4);
	CHECK_STR(name_at(&ctx, 0), "D (1 try left)");
	CHECK_STR(name_at(&ctx, 1), "C (good)");
	CHECK_STR(name_at(&ctx, 2), "A (3 tries left)");
	CHECK_STR(name_at(&ctx, 3), "B (bad)");
	o = memfs_opt(&ctx, 3);
	if (o) {
		/* the id has no counter: it stays the same across boots */
		CHECK_STR(o->key, "b");
		CHECK_STR(o->origin, "/loader/entries/b+0-3.conf");
		CHECK_STR(o->config, "/loader/entries/b+0-3.conf");
		CHECK_STR(o->parser, "bls");
		CHECK_STR(memfs_path(o->kernel), "/vmlinuz-b");
	}
	CHECK_INT(ctx.diags.n, 0);
	fixture_done(&ctx, fx);
}

/* Rules 2-4: sort-key, machine-id, version down, then file name down. */
static void test_spec_order(void)
{
	static const char *const want[] = {
		"Y", "Other install", "X 5.10", "X 5.9", "Z", "W 10", "W 9",
	};
	struct parse_ctx ctx;
	struct dirfs *fx = fixture_run(&ctx, DATA "order", "bls", NULL);
	size_t i;

	CHECK_INT(ctx.options.n, ARRAY_SIZE(want));
	for (i = 0; i < ARRAY_SIZE(want); i++)
		CHECK_STR(name_at(&ctx, i), want[i]);
	fixture_done(&ctx, fx);
}

static void test_every_key(void)
{
	struct parse_ctx ctx;
	struct dirfs *fx = fixture_run(&ctx, DATA "keys", "bls", "aarch64");
	struct boot_option *o = memfs_opt(&ctx, 0);
	const char *dir = "/6a9857a393724b7a981ebb5b8495b9ea/6.1.0-1.fc39.aarch64";
	char want[128];

	CHECK_INT(ctx.options.n, 1);
	if (!o)
		goto out;
	CHECK_STR(o->name, "Fedora Linux 39 (Server Edition)");
	CHECK_STR(o->version, "6.1.0-1.fc39.aarch64");
	CHECK_STR(o->kind, "linux");
	snprintf(want, sizeof(want), "%s/linux", dir);
	CHECK_STR(memfs_path(o->kernel), want);
	CHECK_INT(boot_array_len((void **)o->initrds), 2);
	snprintf(want, sizeof(want), "%s/microcode", dir);
	CHECK_STR(memfs_path(o->initrds[0]), want);
	/* "/" is optional: paths are relative to the partition's root */
	snprintf(want, sizeof(want), "%s/initrd", dir);
	CHECK_STR(memfs_path(o->initrds[1]), want);
	/* several options lines are joined with one space, as given */
	CHECK_STR(o->cmdline,
		  "root=UUID=6d3376e4-fc93-4509-95ec-a21d68011da2 ro  quiet");
	snprintf(want, sizeof(want), "%s/board.dtb", dir);
	CHECK_STR(memfs_path(o->dtb), want);
	CHECK_INT(boot_array_len((void **)o->dtb_overlays), 3);
	CHECK_STR(memfs_path(o->dtb_overlays[0]), "/overlays/a.dtbo");
	CHECK_STR(memfs_path(o->dtb_overlays[2]), "/overlays/c.dtbo");
	CHECK_STR(o->key,
		  "6a9857a393724b7a981ebb5b8495b9ea-6.1.0-1.fc39.aarch64");
	CHECK(o->ids && o->ids[0] && o->ids[1] &&
	      str_endswith(o->ids[1], "aarch64.conf"));
	CHECK(!o->is_default);
	/* "extra" and grub_class are known; "colour" is not */
	CHECK_INT(ctx.diags.n, 1);
	CHECK(memfs_diag(&ctx, ":17: unknown key 'colour'"));
out:
	fixture_done(&ctx, fx);
}

static void test_architecture_filter(void)
{
	struct parse_ctx ctx;
	struct dirfs *fx = fixture_run(&ctx, DATA "arch", "bls", "x86_64");

	/* case-insensitive "X64" matches; the aa64 entry is hidden */
	CHECK_INT(ctx.options.n, 2);
	CHECK_STR(name_at(&ctx, 0), "For x64");
	CHECK_STR(name_at(&ctx, 1), "For any");
	CHECK_INT(ctx.diags.n, 0);
	fixture_done(&ctx, fx);
	fx = fixture_run(&ctx, DATA "arch", "bls", "aarch64");
	CHECK_INT(ctx.options.n, 2);
	CHECK_STR(name_at(&ctx, 1), "For aa64");
	fixture_done(&ctx, fx);
}

static void test_loader_conf_default_and_timeout(void)
{
	struct parse_ctx ctx;
	struct dirfs *fx = fixture_run(&ctx, DATA "default-glob", "bls", NULL);
	size_t i, n = 0;

	CHECK_INT(ctx.options.n, 3);
	CHECK(ctx.has_timeout && ctx.timeout == 7);
	/* "Arch-LTS.conf": the id with its suffix, without regard to case */
	for (i = 0; i < ctx.options.n; i++) {
		struct boot_option *o = memfs_opt(&ctx, i);

		if (o->is_default) {
			n++;
			CHECK_STR(o->key, "arch-lts");
		}
	}
	CHECK_INT(n, 1);
	fixture_done(&ctx, fx);
}

static void test_titles(void)
{
	struct parse_ctx ctx;
	struct dirfs *fx = fixture_run(&ctx, DATA "titles", "bls", NULL);

	/* like sd-boot: no title shows the id; equal titles get the
	 * version, then the machine-id's first 8 characters */
	CHECK_INT(ctx.options.n, 5);
	CHECK_STR(name_at(&ctx, 0), "Twin (11111111)");
	CHECK_STR(name_at(&ctx, 1), "Twin (aaaaaaaa)");
	CHECK_STR(name_at(&ctx, 2), "notitle");
	CHECK_STR(name_at(&ctx, 3), "Debian (6.5)");
	CHECK_STR(name_at(&ctx, 4), "Debian (6.1)");
	fixture_done(&ctx, fx);
}

static void test_boot_folder_layout(void)
{
	struct parse_ctx ctx;
	struct dirfs *fx = fixture_run(&ctx, DATA "boot-dir", "bls", NULL);
	struct boot_option *o = memfs_opt(&ctx, 0);

	CHECK_INT(ctx.options.n, 1);
	CHECK(ctx.has_timeout && ctx.timeout == -1);	/* menu-force */
	if (o) {
		CHECK_STR(o->origin, "/boot/loader/entries/root.conf");
		CHECK_STR(memfs_path(o->kernel), "/boot/vmlinuz");
		CHECK_STR(memfs_path(o->initrds[0]), "/boot/initrd.img");
		CHECK_STR(o->cmdline, "root=/dev/sda2");
	}
	fixture_done(&ctx, fx);
}

static void test_unusable_entries(void)
{
	struct parse_ctx ctx;
	struct dirfs *fx = fixture_run(&ctx, DATA "invalid", "bls", NULL);

	CHECK_INT(ctx.options.n, 1);
	CHECK_STR(name_at(&ctx, 0), "Good");
	CHECK(memfs_diag(&ctx, "nokernel.conf: no 'linux' or 'uki' key"));
	CHECK(memfs_diag(&ctx, "shell.conf: an 'efi' program"));
	CHECK(memfs_diag(&ctx, "both.conf: more than one of linux"));
	CHECK(memfs_diag(&ctx, "dir.conf: cannot read"));
	fixture_done(&ctx, fx);
}

/* ---- entries in memory, as a table ----------------------------------- */

/* An entry's bytes and their length, NUL bytes included. */
#define BYTES(s) s, sizeof(s) - 1

enum want_default { DEFAULT_ANY, DEFAULT_YES, DEFAULT_NO };

/* What one option must be; the fields left NULL are not checked. */
struct want_option {
	const char *name, *key, *kind, *kernel, *url, *cmdline;
	enum want_default is_default;
	bool no_initrds;
};

struct memory_case {
	const char *what;
	struct memfs_file files[4];	/* up to the first NULL path */
	size_t n_options;
	struct want_option options[3];	/* options[i]: the i-th in order */
	const char *timeout;	/* "none", or the seconds; NULL: any */
	const char *diags[3];	/* each held by some diagnostic */
	bool quiet;		/* no diagnostic at all */
};

static const struct memory_case memory_cases[] = {
	{ .what = "uki and uki-url keys",
	  .files = {
		{ "/loader/entries/u.conf",
		  "title UKI\nuki /EFI/fooos/foo.efi\noptions quiet\n", 0 },
		{ "/loader/entries/net.conf",
		  "title Net\nuki-url http://example.com/foo.efi\n", 0 },
		{ "/loader/entries/rel.conf", "title Rel\nuki-url :foo.efi\n",
		  0 } },
	  .n_options = 2,
	  .options = {
		{ .kind = "uki", .kernel = "/EFI/fooos/foo.efi",
		  .cmdline = "quiet" },
		{ .url = "http://example.com/foo.efi" } } },
	/* the glob matches both; the newest sorts first and wins */
	{ .what = "default glob: the first in order",
	  .files = {
		{ "/loader/loader.conf", "default fedora-*\ntimeout 0\n", 0 },
		{ "/loader/entries/fedora-6.1.conf", "linux /a\n", 0 },
		{ "/loader/entries/fedora-6.10.conf", "linux /b\n", 0 },
		{ "/loader/entries/other.conf", "linux /c\n", 0 } },
	  .n_options = 3,
	  .options = {
		[1] = { .key = "fedora-6.10", .is_default = DEFAULT_YES },
		[2] = { .is_default = DEFAULT_NO } },
	  .timeout = "0" },
	{ .what = "@saved default and a bad timeout",
	  .files = {
		{ "/loader/loader.conf", "default @saved\ntimeout soon\n", 0 },
		{ "/loader/entries/a.conf", "linux /a\n", 0 } },
	  .n_options = 1,
	  .options = { { .is_default = DEFAULT_NO } },
	  .timeout = "none",
	  .diags = { "loader.conf:2: timeout: not a number" } },
	{ .what = "quoted values",
	  .files = {
		{ "/loader/entries/q.conf",
		  "title \"Quoted title\"  \t\n  linux\t/vmlinuz\t \n"
		  "options \"a b\" c\n", 0 } },
	  .n_options = 1,
	  .options = { { .name = "Quoted title", .kernel = "/vmlinuz",
			 .cmdline = "\"a b\" c" } } },
	/* an empty title is no title: the id is shown, as sd-boot does */
	{ .what = "empty values",
	  .files = {
		{ "/loader/entries/e.conf", "title\nlinux /v\ninitrd\n", 0 },
		{ "/loader/entries/f.conf", "title F\nlinux  \n", 0 } },
	  .n_options = 1,
	  .options = { { .name = "e", .no_initrds = true } },
	  .diags = { "f.conf: no 'linux' or 'uki' key" } },
	{ .what = "no entries folder",
	  .files = {
		{ "/loader/entries", "i am a file, not a folder\n", 0 },
		{ "/boot/loader/entries/readme.txt", "hello\n", 0 } },
	  .n_options = 0,
	  .quiet = true },
	/* hostile input */
	{ .what = "a huge entry file and loader.conf",
	  .files = {
		{ "/loader/entries/huge.conf", "linux /x\n", 100u << 20 },
		{ "/loader/entries/ok.conf", "title OK\nlinux /vmlinuz\n", 0 },
		{ "/loader/loader.conf", "timeout 3\n", 100u << 20 } },
	  .n_options = 1,
	  .options = { { .name = "OK" } },
	  .timeout = "none",
	  .diags = { "/loader/entries/huge.conf: file is larger than 4 MiB",
		     "/loader/loader.conf: file is larger" } },
	{ .what = "NUL bytes",
	  .files = {
		{ "/loader/entries/n.conf",
		  BYTES("title A\0B\nlinux /vm\0linuz\n") },
		{ "/loader/entries/ok.conf", "title OK\nlinux /v\n", 0 } },
	  .n_options = 2,
	  .options = { { .name = "OK" },
		       { .name = "A?B", .kernel = "/vm?linuz" } },
	  .diags = { "n.conf:1: NUL byte or invalid UTF-8",
		     "n.conf:2: NUL byte or invalid UTF-8" } },
	{ .what = "invalid UTF-8",
	  .files = {
		{ "/loader/entries/u.conf",
		  "title Bad \xff\xfe title \xc3\n"
		  "options x=\xe0\x80\x80\nlinux /v\n", 0 },
		{ "/loader/entries/\xff.conf", "linux /w\n", 0 } },
	  .n_options = 1,
	  .options = { { .name = "Bad ?? title ?", .cmdline = "x=???" } },
	  .diags = { "u.conf:1: NUL byte or invalid UTF-8",
		     "file name is not valid UTF-8" } },
};

static void check_option(const struct want_option *w,
			 const struct boot_option *o)
{
	if (w->name)
		CHECK_STR(o->name, w->name);
	if (w->key)
		CHECK_STR(o->key, w->key);
	if (w->kind)
		CHECK_STR(o->kind, w->kind);
	if (w->kernel)
		CHECK_STR(memfs_path(o->kernel), w->kernel);
	if (w->url)
		CHECK_STR(o->kernel ? o->kernel->url : NULL, w->url);
	if (w->cmdline)
		CHECK_STR(o->cmdline, w->cmdline);
	if (w->is_default != DEFAULT_ANY)
		CHECK_INT(o->is_default, w->is_default == DEFAULT_YES);
	if (w->no_initrds)
		CHECK(!o->initrds);
}

static void check_memory_case(const struct memory_case *c)
{
	struct memfs fs = { c->files, 0, 0 };
	struct parse_ctx ctx;
	struct boot_option *o;
	char timeout[16];
	size_t i;

	while (fs.n < ARRAY_SIZE(c->files) && c->files[fs.n].path)
		fs.n++;
	CHECK_INT(memfs_run(&ctx, &fs, "bls"), 0);
	CHECK_INT(ctx.options.n, c->n_options);
	for (i = 0; i < ARRAY_SIZE(c->options); i++) {
		o = memfs_opt(&ctx, i);
		if (o)
			check_option(&c->options[i], o);
	}
	if (ctx.has_timeout)
		snprintf(timeout, sizeof(timeout), "%d", ctx.timeout);
	else
		snprintf(timeout, sizeof(timeout), "none");
	if (c->timeout)
		CHECK_STR(timeout, c->timeout);
	for (i = 0; i < ARRAY_SIZE(c->diags) && c->diags[i]; i++)
		CHECK(memfs_diag(&ctx, c->diags[i]));
	if (c->quiet)
		CHECK_INT(ctx.diags.n, 0);
	parse_ctx_release(&ctx);
}

/* Each case in turn; a failing one is named in a TAP comment. */
static void test_entries_in_memory(void)
{
	size_t k;
	int before;

	for (k = 0; k < ARRAY_SIZE(memory_cases); k++) {
		before = test_failed_checks;
		check_memory_case(&memory_cases[k]);
		if (test_failed_checks != before)
			printf("#   in case \"%s\"\n", memory_cases[k].what);
	}
}

/* ---- hostile input --------------------------------------------------- */

static void test_many_entries_bounded(void)
{
	enum { N = PARSE_MAX_OPTIONS + 900 };
	struct memfs_file *files = calloc(N, sizeof(*files));
	char (*names)[48] = calloc(N, sizeof(*names));
	struct parse_ctx ctx;
	struct memfs fs;
	size_t i;

	for (i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]),
			 "/loader/entries/e%05zu.conf", i);
		files[i].path = names[i];
		files[i].data = "linux /vmlinuz\n";
	}
	fs = (struct memfs){ files, N, 0 };
	memfs_run(&ctx, &fs, "bls");
	CHECK_INT(ctx.options.n, PARSE_MAX_OPTIONS);
	/* files past the bound are not even read */
	CHECK_INT(fs.reads, PARSE_MAX_OPTIONS);
	CHECK(memfs_diag(&ctx, "more than 4096 entries"));
	parse_ctx_release(&ctx);
	free(files);
	free(names);
}

static void test_many_lines_bounded(void)
{
	struct memfs_file files[2] = {
		{ "/loader/entries/x.conf", NULL, 0 },
		{ "/loader/entries/y.conf", "title Y\nlinux /y\n", 0 },
	};
	size_t i, n = 200000, len = 0;
	char *big = malloc(n * 16 + 32);
	struct parse_ctx ctx;
	struct memfs fs;
	struct boot_option *o;

	len += sprintf(big, "linux /x\n");
	for (i = 0; i < n; i++)
		len += sprintf(big + len, "initrd /i%zu\n", i % 1000);
	files[0].data = big;
	files[0].len = len;
	fs = (struct memfs){ files, 2, 0 };
	memfs_run(&ctx, &fs, "bls");
	CHECK_INT(ctx.options.n, 2);
	o = memfs_opt(&ctx, 1);
	CHECK(o && boot_array_len((void **)o->initrds) == 64);
	CHECK(memfs_diag(&ctx, "more than 64 initrds"));
	parse_ctx_release(&ctx);
	free(big);
}

static void test_escape_sequences_in_title(void)
{
	static const struct memfs_file files[] = {
		{ "/loader/entries/e.conf",
		  "title \033[2J\033]0;owned\007\033[31mRed \xc2\x9b" "1m\n"
		  "linux /v\n", 0 },
	};
	struct memfs fs = MEMFS(files);
	struct parse_ctx ctx;
	struct boot_option *o;
	char *shown;

	memfs_run(&ctx, &fs, "bls");
	o = memfs_opt(&ctx, 0);
	CHECK_INT(ctx.options.n, 1);
	CHECK(memfs_diag(&ctx, "e.conf:1: control characters"));
	/* kept exact in the record (JSON escapes them) ... */
	CHECK(o && o->name[0] == '\033');
	/* ... and what any terminal is shown has none left */
	shown = o ? text_sanitize(o->name) : NULL;
	CHECK(shown && !strchr(shown, '\033') && !strchr(shown, '\007') &&
	      !strstr(shown, "\xc2\x9b"));
	free(shown);
	parse_ctx_release(&ctx);
}

static const struct test_case cases[] = {
	TEST(test_boot_counting),
	TEST(test_spec_order),
	TEST(test_every_key),
	TEST(test_architecture_filter),
	TEST(test_loader_conf_default_and_timeout),
	TEST(test_titles),
	TEST(test_boot_folder_layout),
	TEST(test_unusable_entries),
	TEST(test_entries_in_memory),
	TEST(test_many_entries_bounded),
	TEST(test_many_lines_bounded),
	TEST(test_escape_sequences_in_title),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
