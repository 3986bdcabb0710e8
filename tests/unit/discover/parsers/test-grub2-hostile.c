/*
 * test-grub2-hostile.c: hostile GRUB configs, made up at run time: a 100 MB
 * file, hundreds of thousands of entries, a million made by loops, deep
 * nesting, huge words, exploding strings and variables, slow regexps.
 * Each must end quickly, with a diagnostic, and with the good entry that
 * comes first still listed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "discover/parsers/grub2/grub2-internal.h"
#include "lib/strbuf.h"
#include "tests/unit/discover/parsers/grub2-memfs.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

extern const struct parser grub2_parser;

#define GOOD "menuentry 'good' {\n\tlinux /vmlinuz-good\n}\n"
#define TIME_LIMIT 10.0		/* seconds, sanitizers included */
#define SOME_OPTS ((size_t)-1)	/* want_opts: at least the good one */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool has_diag(const struct parse_ctx *ctx, const char *s)
{
	size_t i;

	for (i = 0; i < ctx->diags.n; i++)
		if (strstr(ctx->diags.v[i], s))
			return true;
	return false;
}

static const char *opt_name(const struct parse_ctx *ctx, size_t i)
{
	return i < ctx->options.n ?
	       ((struct boot_option *)ctx->options.v[i])->name : NULL;
}

/*
 * Parse files (boot/grub/grub.cfg first) on one in-memory source and check
 * the time, the number of options and that a diagnostic holds diag.
 */
static void run(const struct memfile *files, size_t n, size_t want_opts,
		const char *diag)
{
	struct source_info si = { .name = "mem" };
	const struct source_info *all[] = { &si };
	struct memfs fs = { files, n };
	struct parse_ctx ctx;
	double t = now();

	parse_ctx_init(&ctx, &memfs_io, &fs, &si, all, 1);
	ctx.parser = "grub2";
	CHECK_INT(grub2_parser.parse(&ctx), 0);
	t = now() - t;
	if (t > TIME_LIMIT)
		printf("#   took %.2f s\n", t);
	CHECK(t < TIME_LIMIT);
	if (want_opts == SOME_OPTS)
		CHECK(ctx.options.n > 1);
	else
		CHECK_INT(ctx.options.n, want_opts);
	if (want_opts)
		CHECK_STR(opt_name(&ctx, 0), "good");
	if (diag && !has_diag(&ctx, diag)) {
		size_t i;

		printf("#   no diagnostic holds \"%s\"\n", diag);
		for (i = 0; i < ctx.diags.n && i < 5; i++)
			printf("#   diag: %s\n", (char *)ctx.diags.v[i]);
		test_failed_checks++;
	}
	parse_ctx_release(&ctx);
}

static void run_cfg(const char *cfg, size_t len, size_t want_opts,
		    const char *diag)
{
	struct memfile f = { "/boot/grub/grub.cfg", cfg, len };

	run(&f, 1, want_opts, diag);
}

/*
 * A 100 MB grub.cfg: refused by its size, its bytes never read (that a
 * source refuses such a file on disk is test-source.c's).
 */
static void test_100mb_config(void)
{
	static const struct memfile huge = {
		"/boot/grub/grub.cfg", NULL, 100 << 20,
	};

	run(&huge, 1, 0, "larger than");
}

/* As many entries as fit in the 4 MiB a config may have. */
static void test_4mib_of_entries(void)
{
	struct strbuf sb = STRBUF_INIT;

	sb_adds(&sb, GOOD);
	while (sb.len + 40 < PARSE_MAX_FILE_SIZE)
		sb_adds(&sb, "menuentry e {linux /k}\n");
	CHECK(!sb.err);
	run_cfg(sb_str(&sb), sb.len, PARSE_MAX_OPTIONS, "more than");
	sb_release(&sb);
}

/* A million entries made by nested loops. */
static void test_million_entries_by_loops(void)
{
	static const char cfg[] = GOOD
		"set d='0 1 2 3 4 5 6 7 8 9'\n"
		"for a in $d; do for b in $d; do for c in $d; do\n"
		"for e in $d; do for f in $d; do for g in $d; do\n"
		"  menuentry \"e$a$b$c$e$f$g\" { linux /vmlinuz-$1; }\n"
		"done; done; done; done; done; done\n";

	run_cfg(cfg, sizeof(cfg) - 1, PARSE_MAX_OPTIONS, "more than");
}

static void test_deep_nesting(void)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	sb_adds(&sb, GOOD);
	for (i = 0; i < 100000; i++)
		sb_adds(&sb, "if true; then ");
	for (i = 0; i < 100000; i++)
		sb_adds(&sb, "fi; ");
	sb_adds(&sb, "\n");
	for (i = 0; i < 100000; i++)
		sb_adds(&sb, "menuentry x { ");
	sb_adds(&sb, "\n");
	CHECK(!sb.err);
	run_cfg(sb_str(&sb), sb.len, 1, "nested too deep");
	sb_release(&sb);
}

static void test_huge_word_and_line(void)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	sb_adds(&sb, GOOD "menuentry x { linux /k ");
	for (i = 0; i < (3 << 20); i++)
		sb_addc(&sb, 'a');
	sb_adds(&sb, " }\nmenuentry y { linux /k");
	for (i = 0; i < 200000; i++)
		sb_adds(&sb, " a");
	sb_adds(&sb, "; }\n");
	CHECK(!sb.err);
	run_cfg(sb_str(&sb), sb.len, 1, "too long");
	sb_release(&sb);
}

static void test_deep_test_parens(void)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	sb_adds(&sb, GOOD "if [ ");
	for (i = 0; i < 4000; i++)
		sb_adds(&sb, "( ");
	sb_adds(&sb, "]; then menuentry deep { linux /k; }; fi\n");
	CHECK(!sb.err);
	run_cfg(sb_str(&sb), sb.len, 2, NULL);
	sb_release(&sb);
}

static void test_exploding_string(void)
{
	static const char cfg[] = GOOD
		"set a=x\nwhile true; do set a=\"$a$a$a$a\"; done\n"
		"menuentry 'never' { linux /never; }\n";

	run_cfg(cfg, sizeof(cfg) - 1, 1, "too long");
}

static void test_many_variables(void)
{
	static const char cfg[] = GOOD
		"set d='0 1 2 3 4 5 6 7 8 9'\n"
		"set big=0123456789012345678901234567890123456789\n"
		"set big=$big$big$big$big$big$big$big$big$big$big\n"
		"for a in $d; do for b in $d; do for c in $d; do for e in $d; do\n"
		"  set v$a$b$c$e=$big\n"
		"done; done; done; done\n";

	run_cfg(cfg, sizeof(cfg) - 1, 1, "variables too large");
}

static void test_many_functions(void)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	sb_adds(&sb, GOOD);
	for (i = 0; i < 2000; i++)
		sb_addf(&sb, "function f%d { true; }\n", i);
	CHECK(!sb.err);
	run_cfg(sb_str(&sb), sb.len, 1, "too many functions");
	sb_release(&sb);
}

static void test_slow_regexp(void)
{
	struct strbuf sb = STRBUF_INIT;
	int i, k;

	sb_adds(&sb, GOOD);
	for (k = 0; k < 200; k++) {
		sb_adds(&sb, "regexp '(a*)*(a|aa)*b' '");
		for (i = 0; i < 4000; i++)
			sb_addc(&sb, 'a');
		sb_adds(&sb, "'\n");
	}
	sb_adds(&sb, "regexp '((a{1,100}){1,100}){1,100}' a\n");
	CHECK(!sb.err);
	run_cfg(sb_str(&sb), sb.len, 1, "too complex");
	sb_release(&sb);
}

/* A grubenv of 30000 variables (3 MB) and 5000 BLS entries. */
static void test_huge_grubenv_and_bls(void)
{
	static const char cfg[] = GOOD "load_env\nblscfg\n";
	struct strbuf env = STRBUF_INIT;
	struct memfile *files;
	size_t n = 0, i;

	files = calloc(5002, sizeof(*files));
	CHECK(files != NULL);
	if (!files)
		return;
	sb_adds(&env, "# GRUB Environment Block\n");
	for (i = 0; i < 30000; i++)
		sb_addf(&env, "var%zu=%0100zu\n", i, i);
	files[n++] = (struct memfile){ "/boot/grub/grub.cfg", cfg,
				       sizeof(cfg) - 1 };
	files[n++] = (struct memfile){ "/boot/grub/grubenv", sb_str(&env),
				       env.len };
	for (i = 0; i < 5000; i++) {
		char *path = str_printf("/loader/entries/e-%zu.conf", i);

		files[n++] = (struct memfile){ path, "title t\nlinux /k\n",
					       17 };
	}
	run(files, n, PARSE_MAX_OPTIONS, "variables too large");
	for (i = 2; i < n; i++)
		free((char *)files[i].path);
	free(files);
	sb_release(&env);
}

static void test_configfile_chain(void)
{
	static char names[40][32], bodies[40][64];
	struct memfile files[41];
	int i;

	files[0] = (struct memfile){ "/boot/grub/grub.cfg",
				     GOOD "configfile /c0.cfg\n",
				     sizeof(GOOD "configfile /c0.cfg\n") - 1 };
	for (i = 0; i < 40; i++) {
		snprintf(names[i], sizeof(names[i]), "/c%d.cfg", i);
		snprintf(bodies[i], sizeof(bodies[i]), "source /c%d.cfg\n",
			 i + 1);
		files[i + 1] = (struct memfile){ names[i], bodies[i],
						 strlen(bodies[i]) };
	}
	run(files, 41, 1, "nested too deep");
}

/*
 * A 4 MiB config that sources itself: GRUB would run it 30 times; the
 * bytes read by a parse are bounded (G2_MAX_READ_BYTES), so the config
 * and the 4 sourced copies that fit run: 5 passes.
 */
static void test_source_self_4mib(void)
{
	struct strbuf sb = STRBUF_INIT;

	sb_adds(&sb, GOOD "source /boot/grub/grub.cfg\n");
	while (sb.len + 80 < PARSE_MAX_FILE_SIZE)
		sb_adds(&sb, "# a comment line to make the file large, "
			"a comment line to make it large\n");
	CHECK(!sb.err);
	run_cfg(sb_str(&sb), sb.len, 1 + G2_MAX_READ_BYTES / PARSE_MAX_FILE_SIZE,
		"the files read hold");
	sb_release(&sb);
}

/*
 * A 64 KiB config that sources itself twice: each pass doubles the runs
 * until the bytes read reach G2_MAX_READ_BYTES. (bench/fuzz found a 17 KB
 * one of real commands that ran 4352 times, a second of a scan; it is in
 * tests/data/fuzz/grub2.)
 */
static void test_source_self_twice(void)
{
	struct strbuf sb = STRBUF_INIT;

	sb_adds(&sb, GOOD "source /boot/grub/grub.cfg\n");
	while (sb.len + 80 < (64u << 10))
		sb_adds(&sb, "# a comment line to make the file large, "
			"a comment line to make it large\n");
	sb_adds(&sb, "source /boot/grub/grub.cfg\n");
	CHECK(!sb.err);
	run_cfg(sb_str(&sb), sb.len, SOME_OPTS, "the files read hold");
	sb_release(&sb);
}

static const struct test_case cases[] = {
	TEST(test_100mb_config),
	TEST(test_4mib_of_entries),
	TEST(test_million_entries_by_loops),
	TEST(test_deep_nesting),
	TEST(test_huge_word_and_line),
	TEST(test_deep_test_parens),
	TEST(test_exploding_string),
	TEST(test_many_variables),
	TEST(test_many_functions),
	TEST(test_slow_regexp),
	TEST(test_huge_grubenv_and_bls),
	TEST(test_configfile_chain),
	TEST(test_source_self_4mib),
	TEST(test_source_self_twice),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
