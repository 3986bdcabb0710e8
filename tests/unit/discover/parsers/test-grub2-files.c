/*
 * test-grub2-files.c: what GRUB 2's scripts learn from the partition's
 * files: wildcards in words ("linux /boot/vmlinuz-*") and the -nt / -ot
 * tests of modification times. Every expectation is what the grub-oracle
 * (the real GRUB 2.06) printed for the same config and files, on a
 * partition it names (hd0,msdos1); where baton must differ, the case
 * says so and what GRUB printed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/grub2/grub2-internal.h"
#include "tests/unit/discover/parsers/grub2-memfs.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

extern const struct parser grub2_parser;

/* ---- running a config on files with modification times ---------------- */

struct mtime {
	const char *path;
	int64_t mtime;
};

/* A memfs (first, so that the memfs calls take it) with file times. */
struct timed_fs {
	struct memfs fs;
	const struct mtime *times;
	size_t n;
};

/* memfs_stat, with the time of the file or the newest below a folder. */
static int timed_stat(void *priv, const struct source_info *src,
		      const char *path, struct parse_stat *st)
{
	const struct timed_fs *t = priv;
	size_t i, n = strcmp(path, "/") ? strlen(path) : 0;
	int r = memfs_stat(priv, src, path, st);

	for (i = 0; !r && i < t->n; i++) {
		if (strcmp(t->times[i].path, path) &&
		    (!st->is_dir || strncmp(t->times[i].path, path, n) ||
		     t->times[i].path[n] != '/'))
			continue;
		if (st->mtime == PARSE_MTIME_UNKNOWN ||
		    t->times[i].mtime > st->mtime)
			st->mtime = t->times[i].mtime;
	}
	return r;
}

static const struct parse_io timed_io = {
	.read = memfs_read,
	.list = memfs_list,
	.stat = timed_stat,
};

/* The files a case uses, besides /boot/grub/grub.cfg. */
#define MAX_FILES 32

/*
 * Parse cfg with the empty files names (NULL-terminated) and the times
 * given; write "title: kernel cmdline" per option, one a line, into got.
 */
static void run(const char *cfg, const char *const *names,
		const struct mtime *times, size_t ntimes, char *got,
		size_t size)
{
	struct source_info si = { .name = "hd0,msdos1" };
	const struct source_info *all[] = { &si };
	struct memfile files[MAX_FILES + 1];
	struct timed_fs t = { { files, 1 }, times, ntimes };
	struct parse_ctx ctx;
	size_t i, o = 0;

	files[0] = (struct memfile){ "/boot/grub/grub.cfg", cfg,
				     strlen(cfg) };
	for (i = 0; names && names[i] && i < MAX_FILES; i++)
		files[t.fs.n++] = (struct memfile){ names[i], "", 0 };
	parse_ctx_init(&ctx, &timed_io, &t, &si, all, 1);
	ctx.parser = "grub2";
	CHECK_INT(grub2_parser.parse(&ctx), 0);
	got[0] = '\0';
	for (i = 0; i < ctx.options.n && o < size; i++) {
		const struct boot_option *opt = ctx.options.v[i];

		o += snprintf(got + o, size - o, "%s: %s%s%s\n", opt->name,
			      opt->kernel && opt->kernel->path ?
			      opt->kernel->path : "?",
			      opt->cmdline && *opt->cmdline ? " " : "",
			      opt->cmdline ? opt->cmdline : "");
	}
	parse_ctx_release(&ctx);
}

/* ---- wildcards ---------------------------------------------------------- */

/* The oracle's first question: a loop over kernels, and linux with one. */
static void test_wildcard_loop_and_linux(void)
{
	static const char *const files[] = {
		"/boot/vmlinuz-5.10", "/boot/vmlinuz-6.1",
		"/boot/vmlinuz-4.19", "/boot/initrd.img-6.1", NULL,
	};
	static const char cfg[] =
		"for f in /boot/vmlinuz-*; do\n"
		"  menuentry \"loop $f\" \"$f\" { linux $2 root=/dev/sda1 }\n"
		"done\n"
		"menuentry direct { linux /boot/vmlinuz-6* root=/dev/sda1 }\n"
		"menuentry quoted { linux \"/boot/vmlinuz-6*\""
		" root=/dev/sda1 }\n"
		"menuentry nomatch { linux /boot/nothing-* root=/dev/sda1 }\n"
		"menuentry several { linux /boot/vmlinuz-* root=/dev/sda1 }\n";
	/* the same with "insmod regexp" first (GRUB's wildcard module):
	 * grub-emu has every module built in, and GRUB's EFI images of
	 * Debian and Fedora have regexp too, so baton always expands */
	static const char with_regexp[] =
		"insmod regexp\n"
		"menuentry several { linux /boot/vmlinuz-* root=/dev/sda1 }\n";
	char got[2048];

	run(cfg, files, NULL, 0, got, sizeof(got));
	CHECK_STR(got,
		  "loop /boot/vmlinuz-4.19: /boot/vmlinuz-4.19 root=/dev/sda1\n"
		  "loop /boot/vmlinuz-5.10: /boot/vmlinuz-5.10 root=/dev/sda1\n"
		  "loop /boot/vmlinuz-6.1: /boot/vmlinuz-6.1 root=/dev/sda1\n"
		  "direct: /boot/vmlinuz-6.1 root=/dev/sda1\n"
		  "quoted: /boot/vmlinuz-6* root=/dev/sda1\n"
		  "nomatch: /boot/nothing-* root=/dev/sda1\n"
		  "several: /boot/vmlinuz-4.19 /boot/vmlinuz-5.10 "
		  "/boot/vmlinuz-6.1 root=/dev/sda1\n");
	run(with_regexp, files, NULL, 0, got, sizeof(got));
	CHECK_STR(got, "several: /boot/vmlinuz-4.19 /boot/vmlinuz-5.10 "
		  "/boot/vmlinuz-6.1 root=/dev/sda1\n");
}

/*
 * How GRUB turns a word into a pattern, and which words it expands. The
 * oracle's ext2 image lists /boot in name order (mke2fs -d sorts), the
 * order baton lists in; on FAT GRUB gave creation order (its directory
 * order: it does not sort).
 */
static void test_wildcard_patterns(void)
{
	static const char *const files[] = {
		"/boot/.hidden-x", "/boot/Beta", "/boot/VMLINUZ-b",
		"/boot/_under", "/boot/a^b", "/boot/alpha", "/boot/k1/vmlinuz",
		"/boot/k2/vmlinuz", "/boot/kx/other", "/boot/mid",
		"/boot/vmlinuz-10", "/boot/vmlinuz-6.1", "/boot/vmlinuz-6x1",
		"/boot/vmlinuz-9", "/boot/vmlinuz-a", "/boot/vmlinuz-b+c",
		"/boot/x(y", "/boot/zeta", "/top1/vmlinuz-9", NULL,
	};
	static const char cfg[] =
		"menuentry all { linux /boot/* }\n"
		"menuentry dot { linux /boot/vmlinuz-6.* }\n"
		"menuentry qmark { linux /boot/vmlinuz-? }\n"
		"menuentry bracket { linux /boot/vmlinuz-[9a] }\n"
		"menuentry bang { linux /boot/vmlinuz-[!9]* }\n"
		"menuentry plus { linux /boot/vmlinuz-b+* }\n"
		"menuentry dirwild { linux /boot/k*/vmlinuz }\n"
		"menuentry dirwild-trailing { linux /boot/k*/ }\n"
		"menuentry noslash { linux /boot/vmlinuz-9 foo* x=/boot/vm* }\n"
		"menuentry dev { linux (hd0,msdos1)/boot/vmlinuz-9* }\n"
		"menuentry escaped { linux /boot/vmlinuz-\\* }\n"
		"menuentry sq { linux '/boot/vmlinuz-9*' }\n"
		"menuentry var { v='/boot/vmlinuz-9*'; linux $v \"$v\" }\n"
		"menuentry hidden { linux /boot/.h* }\n"
		"menuentry case { linux /boot/vm*-b }\n"
		"menuentry /boot/vmlinuz-1* { linux /boot/vmlinuz-9 }\n"
		"for f in /boot/none-*; do menuentry \"for-nomatch $f\" {"
		" linux /boot/vmlinuz-9 } ; done\n"
		"menuentry nodir { linux /nodir/* }\n"
		"menuentry two-in-one { linux /boot/vm*-?.1 }\n"
		"menuentry top { linux /*/vmlinuz-9 }\n"
		"menuentry both { linux /boot/k*/* }\n"
		"menuentry dots { linux /boot/.* }\n"
		"menuentry bs-var { v='/boot/vmlinuz-\\*'; linux $v }\n"
		"menuentry bs-q { linux /boot/vmlinuz-\\? }\n"
		"menuentry partq { linux \"/boot/\"vmlinuz-9* }\n"
		"menuentry partq2 { linux /boot/vmlinuz-9\"*\" }\n"
		"menuentry test { if [ -f /boot/vmlinuz-9* ]; then"
		" linux /boot/yes; else linux /boot/no; fi }\n"
		"menuentry paren { linux /boot/x(* }\n"
		"menuentry caret { linux /boot/a^* }\n"
		"menuentry dslash { linux //boot//vmlinuz-9* }\n"
		"menuentry star-only-dir { linux /boot/*/ }\n"
		"menuentry dotdot { linux /boot/k1/../vmlinuz-9* }\n"
		"menuentry dot-comp { linux /boot/./vmlinuz-9* }\n";
	char got[4096];

	run(cfg, files, NULL, 0, got, sizeof(got));
	CHECK_STR(got,
		  /* '*' matches names starting with '.' too */
		  "all: /boot/.hidden-x /boot/Beta /boot/VMLINUZ-b "
		  "/boot/_under /boot/a^b /boot/alpha /boot/grub /boot/k1 "
		  "/boot/k2 /boot/kx /boot/mid /boot/vmlinuz-10 "
		  "/boot/vmlinuz-6.1 /boot/vmlinuz-6x1 /boot/vmlinuz-9 "
		  "/boot/vmlinuz-a /boot/vmlinuz-b+c /boot/x(y /boot/zeta\n"
		  "dot: /boot/vmlinuz-6.1\n"
		  "qmark: /boot/vmlinuz-9 /boot/vmlinuz-a\n"
		  /* no [...] classes: '[' is a plain character */
		  "bracket: /boot/vmlinuz-[9a]\n"
		  "bang: /boot/vmlinuz-[!9]*\n"
		  "plus: /boot/vmlinuz-b+c\n"
		  /* what follows the wildcard must exist */
		  "dirwild: /boot/k1/vmlinuz /boot/k2/vmlinuz\n"
		  "dirwild-trailing: /boot/k1/ /boot/k2/ /boot/kx/\n"
		  /* only words starting with '/' or '(' */
		  "noslash: /boot/vmlinuz-9 foo* x=/boot/vm*\n"
		  /* GRUB: "(hd0,msdos1)/boot/vmlinuz-9", the same file */
		  "dev: /boot/vmlinuz-9\n"
		  "escaped: /boot/vmlinuz-*\n"
		  "sq: /boot/vmlinuz-9*\n"
		  /* an unquoted $var expands, a quoted one does not */
		  "var: /boot/vmlinuz-9 /boot/vmlinuz-9*\n"
		  "hidden: /boot/.hidden-x\n"
		  "case: /boot/vm*-b\n"
		  "/boot/vmlinuz-10: /boot/vmlinuz-9\n"
		  "for-nomatch /boot/none-*: /boot/vmlinuz-9\n"
		  "nodir: /nodir/*\n"
		  "two-in-one: /boot/vmlinuz-6.1\n"
		  "top: /boot/vmlinuz-9 /top1/vmlinuz-9\n"
		  "both: /boot/k1/vmlinuz /boot/k2/vmlinuz /boot/kx/other\n"
		  "dots: /boot/.hidden-x\n"
		  /* a '\' in a value stays, and keeps the next '*' literal */
		  "bs-var: /boot/vmlinuz-\\*\n"
		  "bs-q: /boot/vmlinuz-?\n"
		  "partq: /boot/vmlinuz-9\n"
		  "partq2: /boot/vmlinuz-9*\n"
		  "test: /boot/yes\n"
		  "paren: /boot/x(y\n"
		  /* '^' stays an anchor of GRUB's regular expression */
		  "caret: /boot/a^*\n"
		  "dslash: //boot//vmlinuz-9\n"
		  "star-only-dir: /boot/grub/ /boot/k1/ /boot/k2/ /boot/kx/\n"
		  "dotdot: /boot/k1/../vmlinuz-9\n"
		  "dot-comp: /boot/./vmlinuz-9\n");
}

/* UTF-8, anchors, quoting around a wildcard, and device parts. */
static void test_wildcard_more(void)
{
	static const char *const files[] = {
		"/boot/vmlinuz-9", "/boot/vmlinuz-\xc3\xa9", "/boot/vmlinuz-ab",
		"/boot/zz", NULL,
	};
	static const char cfg[] =
		"menuentry utf8 { linux /boot/vmlinuz-? }\n"
		"menuentry utf8-2 { linux /boot/vmlinuz-?? }\n"
		"menuentry caret-start { linux /boot/^v*-9 }\n"
		"menuentry dollar { linux '/boot/zz$'* }\n"
		"menuentry sq-part-star { linux '/boot/'* }\n"
		"menuentry var-split { v=\"/boot/zz /boot/vm*-9\"; linux $v }\n"
		"menuentry var-bs { v='/boot/z\\z*'; linux $v }\n"
		"menuentry dq-var { v='/boot/zz*'; linux \"$v\" }\n"
		"menuentry pos \"/boot/z*\" { linux $2 \"$2\" }\n"
		"menuentry star-first { linux /boot/vmlinuz-9 * }\n"
		"menuentry devstar { linux (*)/boot/vmlinuz-9 }\n"
		"menuentry devpart { linux (hd0,msdos*)/boot/vmlinuz-9 }\n";
	char got[2048];

	run(cfg, files, NULL, 0, got, sizeof(got));
	CHECK_STR(got,
		  /* '?' is one UTF-8 character */
		  "utf8: /boot/vmlinuz-9 /boot/vmlinuz-\xc3\xa9\n"
		  "utf8-2: /boot/vmlinuz-ab\n"
		  "caret-start: /boot/vmlinuz-9\n"
		  "dollar: /boot/zz\n"
		  "sq-part-star: /boot/grub /boot/vmlinuz-9 /boot/vmlinuz-ab "
		  "/boot/vmlinuz-\xc3\xa9 /boot/zz\n"
		  "var-split: /boot/zz /boot/vmlinuz-9\n"
		  "var-bs: /boot/z\\z*\n"
		  "dq-var: /boot/zz*\n"
		  "pos: /boot/zz /boot/z*\n"
		  /* GRUB lists its disks here ("(hd0)", and grub-emu's
		   * "(proc)" "(host)"), which baton does not know */
		  "star-first: /boot/vmlinuz-9 *\n"
		  /* GRUB: "(hd0,msdos1)/boot/vmlinuz-9" for both: a device
		   * pattern stays as written in baton */
		  "devstar: /boot/vmlinuz-9\n"
		  "devpart: /boot/vmlinuz-9\n");
}

/* Hostile words: huge patterns, many stars, explosions of folders. */
static void test_wildcard_hostile(void)
{
	static const char *const files[] = {
		"/a/a/a/a/k", "/a/b/a/b/k", "/b/a/b/a/k", "/b/b/b/b/k",
		"/boot/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL,
	};
	struct strbuf sb = STRBUF_INIT;
	char *got = malloc(1 << 16);
	int i;

	/* folders at every level: all 16 combinations listed, 4 kept */
	run("menuentry x { linux /*/*/*/*/k }\n", files, NULL, 0, got,
	    1 << 16);
	CHECK_STR(got, "x: /a/a/a/a/k /a/b/a/b/k /b/a/b/a/k /b/b/b/b/k\n");
	/* a long pattern of stars and letters that backtracks a lot */
	sb_adds(&sb, "menuentry y { linux /boot/");
	for (i = 0; i < 20000; i++)
		sb_adds(&sb, "*a");
	sb_adds(&sb, "b\n/boot/vmlinuz-9 }\n");
	run(sb_str(&sb), files, NULL, 0, got, 1 << 16);
	CHECK(!strncmp(got, "y: /boot/*a*a*a", 15));
	sb_release(&sb);
	free(got);
}

/*
 * Run cfg on a partition holding /boot/vmlinuz with some of the folder
 * listings (dirs_left) and matching steps (steps) left; returns $x.
 */
static char *run_bounded(const char *cfg, unsigned dirs_left, size_t steps,
			 const char *diag)
{
	struct source_info si = { .name = "s" };
	struct memfile f[2] = {
		{ "/boot/grub/grub.cfg", cfg, strlen(cfg) },
		{ "/boot/vmlinuz", "", 0 },
	};
	struct memfs fs = { f, 2 };
	const struct source_info *all[] = { &si };
	struct parse_ctx ctx;
	struct g2_interp in;
	struct g2_text *text;
	const char *x;
	char *ret;
	size_t i;
	bool found = false;

	parse_ctx_init(&ctx, &memfs_io, &fs, &si, all, 1);
	CHECK_INT(g2_interp_init(&in, &ctx, "/boot/grub/grub.cfg"), 0);
	g2_env_set(in.env, "root", "s");
	in.glob_dirs = G2_MAX_GLOB_DIRS - dirs_left;
	in.glob_steps = steps;
	text = g2_text_new(strdup(cfg), strlen(cfg), NULL);
	CHECK(text && g2_run_buffer(&in, "/boot/grub/grub.cfg", text) >= 0);
	x = g2_get(&in, "x");
	ret = strdup(x ? x : "");
	for (i = 0; diag && i < ctx.diags.n; i++)
		found = found || strstr(ctx.diags.v[i], diag);
	CHECK(diag ? found : !ctx.diags.n);
	g2_interp_release(&in);
	g2_text_unref(text);
	parse_ctx_release(&ctx);
	return ret;
}

/* The folder and matching bounds stop expansion, with a diagnostic. */
static void test_wildcard_bounds(void)
{
	char *x;

	/* 120 listings of /boot with 100 left: the rest stay words */
	x = run_bounded("for i in 1 2 3 4 5 6 7 8 9 10; do\n"
			" for j in 1 2 3 4 5 6 7 8 9 10 11 12; do\n"
			"  for k in /boot/*; do set x=$k; done\n"
			" done\n"
			"done\n", 100, G2_GLOB_STEPS,
			"more than 1024 folders listed");
	CHECK_STR(x, "/boot/*");
	free(x);
	/* matching that takes too many steps */
	x = run_bounded("for x in /boot/*v*m*l*i*n*u*z*; do true; done\n",
			100, 20, "matching takes too long");
	CHECK_STR(x, "/boot/*v*m*l*i*n*u*z*");
	free(x);
	/* within the bounds */
	x = run_bounded("for x in /boot/*v*m*l*i*n*u*z*; do true; done\n",
			100, G2_GLOB_STEPS, NULL);
	CHECK_STR(x, "/boot/vmlinuz");
	free(x);
}

/* ---- -nt and -ot -------------------------------------------------------- */

/*
 * Times as the oracle's files had them: old 2020-01-01, new and same
 * 2023-01-01, samesec 0.9 s later (GRUB compares whole seconds), new50
 * 50 s later, the folder d 2021-06-01.
 */
static void test_newer_older(void)
{
	static const char *const files[] = {
		"/boot/old", "/boot/new", "/boot/same", "/boot/samesec",
		"/boot/new50", "/boot/d/f", NULL,
	};
	static const struct mtime times[] = {
		{ "/boot/old", 1577836800 }, { "/boot/new", 1672531200 },
		{ "/boot/same", 1672531200 }, { "/boot/samesec", 1672531200 },
		{ "/boot/new50", 1672531250 }, { "/boot/d/f", 1622505600 },
		{ "/boot/grub/grub.cfg", 1600000000 },
	};
	static const char *const tests[] = {
		"/boot/new -nt /boot/old: yes",
		"/boot/old -nt /boot/new: no",
		"/boot/new -ot /boot/old: no",
		"/boot/old -ot /boot/new: yes",
		"/boot/new -nt /boot/same: no",
		"/boot/new -ot /boot/same: no",
		"/boot/samesec -nt /boot/new: no",
		"/boot/new -ot /boot/samesec: no",
		/* a file that exists is newer than one that does not */
		"/boot/missing -nt /boot/old: no",
		"/boot/missing -ot /boot/old: yes",
		"/boot/old -nt /boot/missing: yes",
		"/boot/old -ot /boot/missing: no",
		"/boot/missing -nt /boot/missing2: no",
		"/boot/missing -ot /boot/missing2: no",
		"/boot/d -nt /boot/old: yes",
		"/boot/d -ot /boot/new: yes",
		"/boot/d/ -nt /boot/old: yes",
		/* a bias in seconds after the operator, added to the first
		 * file's time; "+100" is no number to GRUB: 0 */
		"/boot/new50 -nt+100 /boot/new: yes",
		"/boot/new50 -nt-100 /boot/new: no",
		"/boot/new -nt-100 /boot/new50: no",
		"/boot/new -nt100 /boot/new50: yes",
		"/boot/new50 -nt100 /boot/new: yes",
		"/boot/new -ot+100 /boot/new50: yes",
		"/boot/new -ot-100 /boot/new50: yes",
		"/boot/new -ot100 /boot/new50: no",
		"/boot/new50 -ntx /boot/new: yes",
		"(hd0,msdos1)/boot/new -nt (hd0,msdos1)/boot/old: yes",
		/* the whole device: GRUB takes the file system's last write
		 * time, baton its root folder's (here the newest file) */
		"/ -nt /boot/old: yes",
		"/ -ot /boot/old: no",
		"/boot/old -nt /: no",
		"(hd9)/x -ot /boot/old: yes",
		/* two words: no -nt test, two non-empty strings */
		"/boot/new -nt: yes",
	};
	struct strbuf cfg = STRBUF_INIT, want = STRBUF_INIT;
	char got[4096], cond[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tests); i++) {
		snprintf(cond, sizeof(cond), "%.*s",
			 (int)(strrchr(tests[i], ':') - tests[i]), tests[i]);
		sb_addf(&cfg, "if [ %s ]; then r=yes; else r=no; fi\n"
			"menuentry \"%s: $r\" { linux /k }\n", cond, cond);
		sb_addf(&want, "%s: /k\n", tests[i]);
	}
	run(sb_str(&cfg), files, times, ARRAY_SIZE(times), got,
	    sizeof(got));
	CHECK_STR(got, sb_str(&want));
	sb_release(&cfg);
	sb_release(&want);
}

/* Without times (a file system that keeps none): existence decides. */
static void test_newer_without_times(void)
{
	static const char *const files[] = { "/a", "/b", NULL };
	char got[512];

	run("if [ /a -nt /b ]; then r=yes; else r=no; fi\n"
	    "menuentry \"a-nt-b $r\" { linux /k }\n"
	    "if [ /a -ot /missing ]; then r=yes; else r=no; fi\n"
	    "menuentry \"a-ot-missing $r\" { linux /k }\n"
	    "if [ /missing -ot /a ]; then r=yes; else r=no; fi\n"
	    "menuentry \"missing-ot-a $r\" { linux /k }\n",
	    files, NULL, 0, got, sizeof(got));
	CHECK_STR(got, "a-nt-b no: /k\na-ot-missing no: /k\n"
		  "missing-ot-a yes: /k\n");
}

/* Extreme times and biases do not overflow. */
static void test_newer_extremes(void)
{
	static const char *const files[] = { "/lo", "/hi", NULL };
	static const struct mtime times[] = {
		{ "/lo", INT64_MIN + 1 }, { "/hi", INT64_MAX },
	};
	char got[512];

	run("if [ /hi -nt2147483647 /lo ]; then r=yes; else r=no; fi\n"
	    "menuentry \"hi $r\" { linux /k }\n"
	    "if [ /lo -nt-2147483648 /hi ]; then r=yes; else r=no; fi\n"
	    "menuentry \"lo $r\" { linux /k }\n"
	    "if [ /lo -ot99999999999999999999 /hi ]; then r=yes; else r=no; "
	    "fi\nmenuentry \"big $r\" { linux /k }\n",
	    files, times, ARRAY_SIZE(times), got, sizeof(got));
	CHECK_STR(got, "hi yes: /k\nlo no: /k\nbig yes: /k\n");
}

static const struct test_case cases[] = {
	TEST(test_wildcard_loop_and_linux),
	TEST(test_wildcard_patterns),
	TEST(test_wildcard_more),
	TEST(test_wildcard_hostile),
	TEST(test_wildcard_bounds),
	TEST(test_newer_older),
	TEST(test_newer_without_times),
	TEST(test_newer_extremes),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
