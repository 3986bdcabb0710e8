/*
 * test-grub2-parts.c: the pieces of the GRUB 2 interpreter one by one: the
 * lexer's tokens and word parts, GRUB's option parser, variable contexts
 * and overlays, word expansion, the loader command line, rpm version
 * order and expand_val() of blscfg, the environment block, the command
 * table, the keys and ids of the options a config makes, and lines met
 * again.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/grub2/grub2-internal.h"
#include "lib/strbuf.h"
#include "tests/unit/discover/parsers/grub2-memfs.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

extern const struct parser grub2_parser;

/* ---- lexer -------------------------------------------------------------- */

/* The tokens of s, one letter each (W word, N newline, ; { } B bad, K kw). */
static void check_tokens(const char *s, const char *want)
{
	struct g2_lexer lx;
	char got[64];
	size_t n = 0;

	g2_lex_init(&lx, s, strlen(s));
	do {
		CHECK_INT(g2_lex_next(&lx), 0);
		got[n++] = lx.tok == G2T_WORD ? 'W' : lx.tok == G2T_NEWLINE ?
			   'N' : lx.tok == G2T_SEMI ? ';' : lx.tok == G2T_LBR ?
			   '{' : lx.tok == G2T_RBR ? '}' : lx.tok == G2T_BAD ?
			   'B' : lx.tok == G2T_EOF ? '.' : 'K';
	} while (lx.tok != G2T_EOF && n < sizeof(got) - 1);
	got[n] = '\0';
	CHECK_STR(got, want);
	g2_lex_release(&lx);
}

static void test_lexer_tokens(void)
{
	check_tokens("a b;c\n", "WW;WNN.");
	check_tokens("menuentry x {linux /k}", "WW{WW}N.");
	check_tokens("if true; then a; fi", "KW;KW;KN.");
	check_tokens("\"if\" \\if iffy", "WWWN.");
	check_tokens("a && b", "WBWN.");
	check_tokens("a || b | c & d < e > f ;; g", "WBWBWBWBWBWBWN.");
	check_tokens("[[ x ]]", "BWBN.");
	check_tokens("x$ y", "BWN.");
	check_tokens("echo \"unterminated", "WBN.");
	check_tokens("a # comment ; b\nc#d", "WNWN.");
	check_tokens("# dropped line\n  #comment\nx", "NWN.");
	check_tokens("a\r\nb\r", "WNWN.");
}

/* The parts of the first word of s, as type letters and text. */
static void check_parts(const char *s, const char *want)
{
	static const char types[] = "TSDVQ";
	struct g2_lexer lx;
	char got[256] = "";
	size_t i, n = 0;

	g2_lex_init(&lx, s, strlen(s));
	CHECK_INT(g2_lex_next(&lx), 0);
	for (i = 0; i < lx.nparts && n + 40 < sizeof(got); i++)
		n += snprintf(got + n, sizeof(got) - n, "%c[%.*s]",
			      types[lx.parts[i].type], (int)lx.parts[i].len,
			      lx.text.buf + lx.parts[i].off);
	CHECK_STR(got, want);
	g2_lex_release(&lx);
}

static void test_lexer_parts(void)
{
	check_parts("plain", "T[plain]");
	check_parts("a\\ b\\$c", "T[a b$c]");
	check_parts("'x$y'", "S[x$y]");
	check_parts("\"a$b\"", "D[a]Q[b]D[]");
	check_parts("\"\\$\\\\\\\"\\q\"", "D[$\\\"\\q]");
	check_parts("pre${var}post", "T[pre]V[var]T[post]");
	check_parts("$1$#$@$*$?", "V[1]V[#]V[@]V[*]V[?]");
	check_parts("\"\"", "D[]");
	check_parts("a\\\nb", "T[ab]");
	check_parts("\"x\n#not a comment\ny\"", "D[x\ny]");
	check_parts("$\"t $v\"", "D[t ]Q[v]D[]");
	/* an escaped wildcard (or '\\') is quoted: never a pattern */
	check_parts("/a\\*b\\?c\\\\*", "T[/a]S[*]T[b]S[?]T[c]S[\\]T[*]");
}

/*
 * g2_lex_words_line on the first line of s, or g2_lex_words_next_line on
 * the line after its first "x\n" (next): whether it takes the line (want),
 * and when it does, that the lexer reads the same line as a command's
 * words only and stops where it does, with the same token and line after.
 */
static void check_words(const char *s, bool next, bool want)
{
	struct g2_lexer a, b;
	bool took, words;
	int i;

	g2_lex_init(&a, s, strlen(s));
	g2_lex_init(&b, s, strlen(s));
	CHECK_INT(g2_lex_next(&a), 0);
	if (next) {
		CHECK_INT(g2_lex_next(&a), 0);
		CHECK_INT(a.tok, G2T_NEWLINE);
	}
	for (i = next ? 3 : 1; i > 0; i--)
		CHECK_INT(g2_lex_next(&b), 0);
	took = next ? g2_lex_words_next_line(&a) : g2_lex_words_line(&a);
	CHECK(took == want);
	words = b.tok == G2T_WORD;
	while (b.tok != G2T_NEWLINE && b.tok != G2T_EOF) {
		words = words && b.tok != G2T_BAD && b.tok != G2T_SEMI &&
			b.tok != G2T_LBR && b.tok != G2T_RBR;
		CHECK_INT(g2_lex_next(&b), 0);
	}
	if (took) {
		CHECK(words);
		CHECK_INT(a.tok, G2T_NEWLINE);
		CHECK_INT(a.pos, b.pos);
		CHECK_INT(a.line, b.line);
		CHECK_INT(a.tok_start, b.tok_start);
		CHECK_INT(a.tok_end, b.tok_end);
		CHECK_INT(a.tok_line, b.tok_line);
		CHECK_INT(g2_lex_next(&a), 0);
		CHECK_INT(g2_lex_next(&b), 0);
		CHECK_INT(a.tok, b.tok);
		CHECK_INT(a.tok_start, b.tok_start);
	}
	g2_lex_release(&a);
	g2_lex_release(&b);
}

static void check_words_line(const char *s, bool want)
{
	check_words(s, false, want);
}

static void test_lexer_words_line(void)
{
	check_words_line("linux /vmlinuz root=UUID=x ro $vt_handoff\nx\n", true);
	check_words_line("echo 'Loading Linux 6.8 ...'\n# dropped\nnext\n",
			 true);
	check_words_line("set a=\"${b}c $d\" x${y}z then fi\n\ty\n", true);
	check_words_line("[ x = y ] a[1]\n", true);
	/* handed back to the lexer: */
	check_words_line("if true\n", false);		/* a keyword first */
	check_words_line("a; b\n", false);
	check_words_line("a {\n", false);
	check_words_line("a }\n", false);
	check_words_line("a # comment\n", false);
	check_words_line("a \\\nb\n", false);
	check_words_line("a 'two\nlines'\n", false);
	check_words_line("a \"$\"\n", false);
	check_words_line("a \"${x\"\n", false);
	check_words_line("a ${1} $? $\"t\"\n", false);
	check_words_line("a [[ b ]]\n", false);
	check_words_line("a \"x\\\"y\"\n", false);
	check_words_line("a\rb\n", false);
	check_words_line("a && b\n", false);
	check_words_line("no newline", false);
	check_words_line("a 'unterminated\n", false);
}

static void check_next_line(const char *s, bool want)
{
	check_words(s, true, want);
}

static void test_lexer_next_line(void)
{
	check_next_line("x\n\tlinux /k 'a b' \"$c\"\n# dropped\nnext\n", true);
	check_next_line("x\n  iffy then\ny\n", true);
	check_next_line("x\nlinux\n", true);
	/* handed back to the lexer: */
	check_next_line("x\n\tif true\n", false);
	check_next_line("x\nfi\n", false);
	check_next_line("x\ndone\n", false);
	check_next_line("x\nfunction f\n", false);
	check_next_line("x\n}\n", false);
	check_next_line("x\n\n", false);
	check_next_line("x\n  # comment\n", false);
	check_next_line("x\n'q' a\n", false);
	check_next_line("x\n[ a ]\n", false);
	check_next_line("x\na; b\n", false);
	check_next_line("x\na b", false);
	check_next_line("x\n", false);
}

static void test_parse_units(void)
{
	static const char cfg[] = "a; b\nif x\nthen y\nfi\nbad &&\nc\n";
	struct g2_lexer lx;
	struct g2_unit *u;
	const char *msg;
	unsigned line, n = 0;
	size_t budget = 0;
	int r;

	g2_lex_init(&lx, cfg, sizeof(cfg) - 1);
	for (;;) {
		r = g2_parse_unit(&lx, &budget, &u, &msg, &line);
		if (r == -EINVAL) {
			CHECK_INT(line, 5);
			g2_lex_skip_line(&lx);
			n += 100;
			continue;
		}
		CHECK_INT(r, 0);
		if (!u)
			break;
		n++;
		g2_unit_unref(u);
	}
	CHECK_INT(n, 103);
	CHECK_INT(budget, 0);
	g2_lex_release(&lx);
}

/* A literal command word's builtin is looked up when parsed, once. */
static void test_parse_builtin(void)
{
	static const char cfg[] = "linux /k; $x y; ! true; nosuch; 'echo'\n";
	struct g2_lexer lx;
	struct g2_unit *u = NULL;
	struct g2_cmd **c;
	const char *msg;
	unsigned line;
	size_t budget = 0;

	g2_lex_init(&lx, cfg, sizeof(cfg) - 1);
	CHECK_INT(g2_parse_unit(&lx, &budget, &u, &msg, &line), 0);
	CHECK(u && u->list->n == 5);
	if (u && u->list->n == 5) {
		c = u->list->cmds;
		CHECK(c[0]->u.simple.builtin_known);
		CHECK(c[0]->u.simple.builtin == g2_builtin_find("linux"));
		CHECK(c[0]->u.simple.builtin != NULL);
		CHECK(!c[1]->u.simple.builtin_known);
		/* "!" is no command: the one after it is looked up by name */
		CHECK(c[2]->u.simple.builtin_known);
		CHECK(c[2]->u.simple.builtin == NULL);
		CHECK(c[3]->u.simple.builtin_known);
		CHECK(c[3]->u.simple.builtin == NULL);
		CHECK(c[4]->u.simple.builtin == g2_builtin_find("echo"));
	}
	g2_unit_unref(u);
	g2_lex_release(&lx);
}

/* ---- options ------------------------------------------------------------ */

static const struct g2_opt opts[] = {
	{ "set", 's', G2O_ARG | G2O_OPTIONAL },
	{ "file", 'f', G2O_NONE },
	{ "hint", 'h', G2O_ARG | G2O_REPEAT },
	{ "id", 0, G2O_ARG },
	{ NULL, 0, 0 },
};

static int getopt_str(const char *line, bool dash, bool block, char *out)
{
	struct g2_optval v[4] = { { 0 } };
	char *copy = strdup(line), *argv[16], **pos, *t, *save = NULL;
	int argc = 0, npos, i, r;
	const char *err;
	bool eaten;

	for (t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
		argv[argc++] = t;
	r = g2_getopt(opts, v, argc, argv, dash, block, &pos, &npos, &eaten,
		      &err);
	out[0] = '\0';
	if (!r) {
		sprintf(out, "s=%s f=%d h=%u i=%s b=%d", v[0].set ? v[0].arg ?
			v[0].arg : "()" : "-", v[1].set, v[2].nargs,
			v[3].arg ? v[3].arg : "-", eaten);
		for (i = 0; i < npos; i++)
			sprintf(out + strlen(out), " %s", pos[i]);
		free(pos);
	}
	g2_optvals_release(opts, v);
	free(copy);
	return r;
}

static void test_getopt(void)
{
	char out[256];

	CHECK_INT(getopt_str("--set=root --file /x", false, false, out), 0);
	CHECK_STR(out, "s=root f=1 h=0 i=- b=0 /x");
	CHECK_INT(getopt_str("--set root -f x", false, false, out), 0);
	CHECK_STR(out, "s=root f=1 h=0 i=- b=0 x");
	CHECK_INT(getopt_str("--set -f x", false, false, out), 0);
	CHECK_STR(out, "s=() f=1 h=0 i=- b=0 x");
	CHECK_INT(getopt_str("-s v -f --hint a --hint=b -h c k", false, false,
			     out), 0);
	CHECK_STR(out, "s=v f=1 h=3 i=- b=0 k");
	CHECK_INT(getopt_str("-fs x", false, false, out), 0);
	CHECK_STR(out, "s=x f=1 h=0 i=- b=0");
	CHECK_INT(getopt_str("-- --file", false, false, out), 0);
	CHECK_STR(out, "s=- f=0 h=0 i=- b=0 --file");
	CHECK_INT(getopt_str("--nope", false, false, out), -EINVAL);
	CHECK_INT(getopt_str("--file=x", false, false, out), -EINVAL);
	CHECK_INT(getopt_str("--id", false, false, out), -EINVAL);
	CHECK_INT(getopt_str("t --nope -x --id i", true, false, out), 0);
	CHECK_STR(out, "s=- f=0 h=0 i=i b=0 t --nope -x");
	CHECK_INT(getopt_str("t --id", true, true, out), 0);
	CHECK_STR(out, "s=- f=0 h=0 i={ b=1 t");
}

/* ---- variables and expansion -------------------------------------------- */

static void test_env_contexts(void)
{
	struct g2_env top, ctx, over;
	size_t bytes = 0;

	CHECK_INT(g2_env_init(&top, &bytes, NULL), 0);
	CHECK_INT(g2_env_set(&top, "a", "1"), 0);
	CHECK_INT(g2_env_set(&top, "b", "2"), 0);
	CHECK_INT(g2_env_export(&top, "b"), 0);
	CHECK_INT(g2_env_export(&top, "c"), 0);
	CHECK_STR(g2_env_get(&top, "c"), "");
	CHECK_INT(g2_env_set(&top, "root", "(hd0,1)"), 0);
	CHECK_STR(g2_env_get(&top, "root"), "hd0,1");

	CHECK_INT(g2_env_open_context(&ctx, &top, &bytes), 0);
	CHECK(g2_env_get(&ctx, "a") == NULL);
	CHECK_STR(g2_env_get(&ctx, "b"), "2");
	CHECK_INT(g2_env_set(&ctx, "b", "changed"), 0);
	CHECK_STR(g2_env_get(&top, "b"), "2");
	g2_env_release(&ctx);

	CHECK_INT(g2_env_init(&over, &bytes, &top), 0);
	CHECK_STR(g2_env_get(&over, "a"), "1");
	CHECK_INT(g2_env_set(&over, "a", "x"), 0);
	CHECK_INT(g2_env_unset(&over, "b"), 0);
	CHECK_STR(g2_env_get(&over, "a"), "x");
	CHECK(g2_env_get(&over, "b") == NULL);
	CHECK_INT(g2_env_open_context(&ctx, &over, &bytes), 0);
	CHECK(g2_env_get(&ctx, "b") == NULL);
	CHECK_STR(g2_env_get(&ctx, "c"), "");
	g2_env_release(&ctx);
	g2_env_release(&over);
	CHECK_STR(g2_env_get(&top, "a"), "1");
	CHECK_STR(g2_env_get(&top, "b"), "2");
	g2_env_release(&top);
	CHECK_INT(bytes, 0);
}

/*
 * "?" set after every command: kept in its own context, the same value
 * again changes nothing (but forgets a deferred device), and it is found
 * again after an unset.
 */
static void test_env_status(void)
{
	struct g2_env top, over;
	size_t bytes = 0;

	CHECK_INT(g2_env_init(&top, &bytes, NULL), 0);
	CHECK_INT(g2_env_set_status(&top, "0"), 0);
	CHECK_STR(g2_env_get(&top, "?"), "0");
	CHECK_INT(g2_env_set_status(&top, "0"), 0);
	CHECK_INT(g2_env_set_status(&top, "1"), 0);
	CHECK_STR(g2_env_get(&top, "?"), "1");

	CHECK_INT(g2_env_init(&over, &bytes, &top), 0);
	CHECK_INT(g2_env_set_status(&over, "1"), 0);
	CHECK_INT(g2_env_set_status(&over, "0"), 0);
	CHECK_STR(g2_env_get(&over, "?"), "0");
	CHECK_STR(g2_env_get(&top, "?"), "1");
	g2_env_release(&over);
	CHECK_STR(g2_env_get(&top, "?"), "1");

	CHECK_INT(g2_env_unset(&top, "?"), 0);
	CHECK(g2_env_get(&top, "?") == NULL);
	CHECK_INT(g2_env_set_status(&top, "1"), 0);
	CHECK_STR(g2_env_get(&top, "?"), "1");
	CHECK_INT(g2_env_defer(&top, "?", "UUID=x"), 0);
	CHECK_STR(g2_env_deferred(&top, "?"), "UUID=x");
	CHECK_INT(g2_env_set_status(&top, "1"), 0);
	CHECK(g2_env_deferred(&top, "?") == NULL);
	g2_env_release(&top);
	CHECK_INT(bytes, 0);
}

static void test_env_bounds(void)
{
	struct g2_env env;
	size_t bytes = 0;
	char *big = malloc(G2_MAX_VALUE + 2), name[16];
	int i, r = 0;

	CHECK(big != NULL);
	if (!big)
		return;
	memset(big, 'x', G2_MAX_VALUE + 1);
	big[G2_MAX_VALUE + 1] = '\0';
	CHECK_INT(g2_env_init(&env, &bytes, NULL), 0);
	CHECK_INT(g2_env_set(&env, "v", big), -E2BIG);
	big[G2_MAX_VALUE] = '\0';
	for (i = 0; i < 100 && !r; i++) {
		snprintf(name, sizeof(name), "v%d", i);
		r = g2_env_set(&env, name, big);
	}
	CHECK_INT(r, -E2BIG);
	CHECK(bytes <= G2_MAX_ENV_BYTES);
	g2_env_release(&env);
	CHECK_INT(bytes, 0);
	free(big);
}

/* Expand one command line of words as GRUB does, in a scope of args. */
static void check_expand(const char *line, const char *want)
{
	static char *args[] = { "T", "two words", "" };
	struct g2_scope scope = { .argc = 3, .argv = args };
	struct source_info si = { .name = "s" };
	struct g2_unit *u;
	struct parse_ctx ctx;
	struct g2_interp in;
	struct g2_argv a = { 0 };
	struct g2_lexer lx;
	const char *msg;
	unsigned line_no, i;
	char got[512] = "";
	size_t n = 0;

	parse_ctx_init(&ctx, &memfs_io, NULL, &si, NULL, 0);
	CHECK_INT(g2_interp_init(&in, &ctx, "/x.cfg"), 0);
	g2_env_set(in.env, "v", " x  y ");
	g2_env_set(in.env, "e", "");
	in.scope = &scope;
	g2_lex_init(&lx, line, strlen(line));
	CHECK_INT(g2_parse_unit(&lx, &in.ast_bytes, &u, &msg, &line_no), 0);
	CHECK_INT(g2_expand(&in, u->list->cmds[0]->u.simple.words,
			    u->list->cmds[0]->u.simple.argc, &a), 0);
	for (i = 0; i < a.n; i++)
		n += snprintf(got + n, sizeof(got) - n, "<%s>", a.v[i]);
	CHECK_STR(got, want);
	g2_argv_release(&a);
	g2_unit_unref(u);
	g2_lex_release(&lx);
	in.scope = NULL;
	g2_interp_release(&in);
	parse_ctx_release(&ctx);
}

static void test_expand(void)
{
	check_expand("c $v \"$v\"", "<c><x><y>< x  y >");
	check_expand("c a$v\"b\"", "<c><ax><yb>");
	check_expand("c $e \"$e\" '' \"\" x$e", "<c><><><><x>");
	check_expand("c $1 $2 \"$2\" $3 \"$3\" $4 \"$4\"",
		     "<c><T><two><words><two words><><>");
	check_expand("c $# \"$@\"", "<c><3><T><two words><>");
	check_expand("c $@", "<c><T><two><words>");
	check_expand("c \"$*\"", "<c><T two words >");
	check_expand("c \"[$@]\"", "<c><[T><two words><]>");
	check_expand("c $0 ${1}${1}", "<c><TT>");
	/* no file system here: patterns stay as written, unescaped */
	check_expand("c /x* '/y*' /z\\? \"$v*\"",
		     "<c></x*></y*></z?>< x  y *>");
}

/*
 * Literal words expand to their own strings, nothing copied; what is added
 * after them (a block as one more word) copies them first.
 */
static void test_expand_literal(void)
{
	static const char line[] = "c 'a b' \"\" x\n";
	struct source_info si = { .name = "s" };
	struct g2_argv a = { 0 };
	struct g2_cmd *c = NULL;
	struct parse_ctx ctx;
	struct g2_interp in;
	struct g2_lexer lx;
	struct g2_unit *u;
	const char *msg;
	unsigned line_no;

	check_expand("c 'a b' \"\" x \"d\"", "<c><a b><><x><d>");
	parse_ctx_init(&ctx, &memfs_io, NULL, &si, NULL, 0);
	CHECK_INT(g2_interp_init(&in, &ctx, "/x.cfg"), 0);
	g2_lex_init(&lx, line, strlen(line));
	CHECK_INT(g2_parse_unit(&lx, &in.ast_bytes, &u, &msg, &line_no), 0);
	if (u)
		c = u->list->cmds[0];
	CHECK(c && c->u.simple.argc == 4);
	if (!c)
		goto out;
	CHECK_INT(g2_expand(&in, c->u.simple.words, c->u.simple.argc, &a), 0);
	CHECK(a.borrowed);
	CHECK_INT(a.n, 4);
	if (a.n == 4) {
		CHECK(a.v[1] == c->u.simple.words[1].parts[0].str);
		CHECK_STR(a.v[1], "a b");
	}
	CHECK_INT(a.bytes, 5);
	g2_argv_next(&a);
	g2_argv_append(&a, "{", 1);
	g2_argv_append(&a, "}", 1);
	g2_argv_finish(&a);
	CHECK(!a.borrowed);
	CHECK_INT(a.n, 5);
	CHECK_INT(a.bytes, 7);
	if (a.n == 5) {
		CHECK(a.v[1] != c->u.simple.words[1].parts[0].str);
		CHECK_STR(a.v[0], "c");
		CHECK_STR(a.v[1], "a b");
		CHECK_STR(a.v[2], "");
		CHECK_STR(a.v[3], "x");
		CHECK_STR(a.v[4], "{}");
	}
	g2_argv_release(&a);
	g2_unit_unref(u);
out:
	g2_lex_release(&lx);
	g2_interp_release(&in);
	parse_ctx_release(&ctx);
}

static void test_loader_cmdline(void)
{
	char *argv[] = { "a", "b c", "d\"e", "f\\g", "it's", "" };
	char *s = g2_loader_cmdline(6, argv);

	CHECK_STR(s, "a \"b c\" d\\\"e f\\\\g it\\'s ");
	free(s);
	s = g2_loader_cmdline(0, argv);
	CHECK_STR(s, "");
	free(s);
}

/* ---- blscfg ------------------------------------------------------------- */

static void test_vercmp(void)
{
	CHECK_INT(g2_bls_vercmp("1.0", "1.0"), 0);
	CHECK_INT(g2_bls_vercmp("5.18.0", "0"), 1);
	CHECK_INT(g2_bls_vercmp("5.14.0-70", "5.14.0-162"), -1);
	CHECK_INT(g2_bls_vercmp("1.0a", "1.0"), 1);
	CHECK_INT(g2_bls_vercmp("1.0~rc1", "1.0"), -1);
	CHECK_INT(g2_bls_vercmp("010", "10"), 0);
	CHECK_INT(g2_bls_vercmp("a", "1"), -1);
	CHECK_INT(g2_bls_vercmp("1", "a"), 1);
	CHECK_INT(g2_bls_vercmp("fc33", "fc9"), 1);
}

static void check_bls_expand(const char *value, const char *want)
{
	struct source_info si = { .name = "s" };
	struct parse_ctx ctx;
	struct g2_interp in;
	char *got;

	parse_ctx_init(&ctx, &memfs_io, NULL, &si, NULL, 0);
	CHECK_INT(g2_interp_init(&in, &ctx, "/x.cfg"), 0);
	g2_env_set(in.env, "kopts", "root=/dev/x ro");
	g2_env_set(in.env, "empty", "");
	got = g2_bls_expand(&in, value);
	CHECK_STR(got, want);
	free(got);
	g2_interp_release(&in);
	parse_ctx_release(&ctx);
}

static void test_bls_expand(void)
{
	check_bls_expand("$kopts", "root=/dev/x ro ");
	check_bls_expand("$kopts $empty", "root=/dev/x ro  ");
	check_bls_expand("quiet $kopts", "quiet root=/dev/x ro ");
	check_bls_expand("a $kopts b", "a root=/dev/x ro ");
	check_bls_expand("$kopts rhgb quiet", "root=/dev/x ro rhgb quiet");
	check_bls_expand("$unset x", "");
	check_bls_expand("no vars", "no vars");
	check_bls_expand("x$kopts", "root=/dev/x ro ");
	/* as in RHEL's code, a last piece of one character is lost */
	check_bls_expand("$kopts $k", "root=/dev/x ro ");
}

/* ---- environment block -------------------------------------------------- */

static int collect(void *data, const char *name, const char *value)
{
	struct strbuf *sb = data;

	sb_addf(sb, "[%s=%s]", name, value);
	return 0;
}

static void check_envblk(const char *blk, size_t len, int want_r,
			 const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	CHECK_INT(g2_envblk_parse(blk, len, collect, &sb), want_r);
	CHECK_STR(sb_str(&sb), want);
	sb_release(&sb);
}

static void test_envblk(void)
{
	static const char ok[] = "# GRUB Environment Block\n"
		"saved_entry=gnulinux>x\nk=a\\\\b\\\nc\n#comment\n####";
	static const char broken[] = "# GRUB Environment Block\n"
		"a=1\nnoequals\nb=2\n";

	check_envblk(ok, sizeof(ok) - 1, 0,
		     "[saved_entry=gnulinux>x][k=a\\b\nc]");
	check_envblk("saved_entry=x\n", 14, -EINVAL, "");
	check_envblk(broken, sizeof(broken) - 1, 0, "[a=1][noequals\nb=2]");
	check_envblk("# GRUB Environment Block\nx=1", 28, 0, "");
}

static void test_builtin_table(void)
{
	CHECK(g2_builtins_sorted());
	CHECK(g2_builtin_find("linux") != NULL);
	CHECK(g2_builtin_find("[") != NULL);
	CHECK(g2_builtin_find("search.fs_uuid") != NULL);
	CHECK(g2_builtin_find("nosuchcommand") == NULL);
}

/* ---- options of a config ------------------------------------------------ */

/*
 * Parse cfg as /boot/grub/grub.cfg of all[0], the n sources in all known;
 * release ctx afterwards.
 */
static void run_cfg(struct parse_ctx *ctx, const char *cfg,
		    const struct source_info *const *all, size_t n)
{
	struct memfile f = { "/boot/grub/grub.cfg", cfg, strlen(cfg) };
	struct memfs fs = { &f, 1 };

	parse_ctx_init(ctx, &memfs_io, &fs, all[0], all, n);
	ctx->parser = "grub2";
	CHECK_INT(grub2_parser.parse(ctx), 0);
	ctx->io_priv = NULL;	/* fs is gone */
}

static void test_keys_and_ids(void)
{
	static const char cfg[] =
		"menuentry 'Top' --id top { linux /a; }\n"
		"menuentry 'No id' { linux /b; }\n"
		"submenu 'Sub>menu' --id sub { menuentry 'Leaf' --id leaf {"
		" linux /c; }; }\n";
	struct source_info si = { .name = "m" };
	const struct source_info *all[] = { &si };
	struct boot_option *o;
	struct parse_ctx ctx;

	run_cfg(&ctx, cfg, all, 1);
	CHECK_INT(ctx.options.n, 3);
	if (ctx.options.n == 3) {
		o = ctx.options.v[0];
		CHECK_STR(o->key, "top");
		CHECK_STR(o->ids[0], "top");
		CHECK_STR(o->ids[1], "Top");
		CHECK(o->ids[2] == NULL);
		CHECK_STR(o->config, "/boot/grub/grub.cfg");
		CHECK_STR(o->parser, "grub2");
		o = ctx.options.v[1];
		CHECK_STR(o->key, "No id");
		CHECK(o->ids[1] == NULL);
		o = ctx.options.v[2];
		CHECK_STR(o->name, "Sub>menu>Leaf");
		CHECK_STR(o->key, "sub>leaf");
		CHECK_STR(o->ids[0], "sub>leaf");
		CHECK_STR(o->ids[1], "Sub>menu>Leaf");
		CHECK_STR(o->ids[2], "leaf");
		CHECK_STR(o->ids[3], "Leaf");
	}
	parse_ctx_release(&ctx);
}

/* The reference each option's kernel has, in order. */
struct ref {
	enum boot_ref ref;
	const char *value;
};

static void check_refs(const struct parse_ctx *ctx, const struct ref *want,
		       size_t n)
{
	const struct boot_option *o;
	size_t i;

	CHECK_INT(ctx->options.n, n);
	for (i = 0; i < ctx->options.n && i < n; i++) {
		o = ctx->options.v[i];
		CHECK_INT(o->kernel->ref, want[i].ref);
		if (want[i].value)
			CHECK_STR(o->kernel->ref_value, want[i].value);
		else
			CHECK(o->kernel->ref_value == NULL);
	}
}

/*
 * search matches --fs-uuid and --part-uuid without regard to case (as
 * GRUB's grub_strcasecmp does), --label and --part-label exactly; both on
 * the config's own source and on the others. A search that finds nothing
 * leaves a reference.
 */
static void test_search_case(void)
{
	static const char cfg[] =
		"menuentry u { search --fs-uuid --set=root "
			"abcd-1234; linux /u; }\n"
		"menuentry U { search --fs-uuid --set=root "
			"ABCD-1234; linux /U; }\n"
		"menuentry l { search --label --set=root "
			"data; linux /l; }\n"
		"menuentry L { search --label --set=root "
			"Data; linux /L; }\n"
		"menuentry p { search --part-uuid --set=root "
			"0a0b-01; linux /p; }\n"
		"menuentry q { search --part-label --set=root "
			"PART; linux /q; }\n"
		"menuentry Q { search --part-label --set=root "
			"Part; linux /Q; }\n"
		"menuentry s { search --fs-uuid --set=root "
			"FFFF-eeee; linux /s; }\n"
		"menuentry S { search --label --set=root "
			"SELF; linux /S; }\n";
	struct source_info si = { .name = "m", .uuid = "ffff-EEEE",
				  .label = "self" };
	struct source_info other = { .name = "other", .uuid = "AbCd-1234",
				     .label = "Data", .partuuid = "0A0B-01",
				     .partlabel = "Part" };
	const struct source_info *all[] = { &si, &other };
	static const struct ref want[] = {
		{ BOOT_REF_NAME, "other" }, { BOOT_REF_NAME, "other" },
		{ BOOT_REF_LABEL, "data" }, { BOOT_REF_NAME, "other" },
		{ BOOT_REF_NAME, "other" }, { BOOT_REF_PARTLABEL, "PART" },
		{ BOOT_REF_NAME, "other" }, { BOOT_REF_SELF, NULL },
		{ BOOT_REF_LABEL, "SELF" },
	};
	struct parse_ctx ctx;

	run_cfg(&ctx, cfg, all, 2);
	check_refs(&ctx, want, ARRAY_SIZE(want));
	parse_ctx_release(&ctx);
}

/*
 * A search that finds nothing leaves root as it was (the script sees
 * GRUB's value), but files loaded on that root wait for the disk the
 * search wanted; a write to root forgets it, a device named in the path
 * goes around it, an entry's own search ends with the entry. One at the
 * top holds for the entries shown after it, submenus too.
 */
static void test_search_deferred(void)
{
	static const char cfg[] =
		"menuentry a { search --fs-uuid --set=root DEAD-BEEF; "
			"linux /k1 r=$root; }\n"
		"menuentry b { linux /k2; }\n"
		"menuentry c { search --fs-uuid --set=root DEAD-BEEF; "
			"set root=m; linux /k3; }\n"
		"menuentry d { search --fs-uuid --set=root DEAD-BEEF; "
			"linux (m)/k4; }\n"
		"search --label --set=root GONE\n"
		"submenu s { menuentry e { linux /k5; } }\n";
	struct source_info si = { .name = "m" };
	const struct source_info *all[] = { &si };
	static const struct ref want[] = {
		{ BOOT_REF_UUID, "DEAD-BEEF" }, { BOOT_REF_LABEL, "GONE" },
		{ BOOT_REF_SELF, NULL }, { BOOT_REF_SELF, NULL },
		{ BOOT_REF_LABEL, "GONE" },
	};
	struct parse_ctx ctx;

	run_cfg(&ctx, cfg, all, 1);
	check_refs(&ctx, want, ARRAY_SIZE(want));
	if (ctx.options.n)
		CHECK_STR(((struct boot_option *)ctx.options.v[0])->cmdline,
			  "r=m");
	parse_ctx_release(&ctx);
}

/*
 * An unknown command is said once per command and config file, at its
 * first place, with the number of times it ran.
 */
static void test_unknown_counted(void)
{
	static const char sub[] = "recordfail\nrecordfail\n";
	struct strbuf cfg = STRBUF_INIT;
	struct memfile f[2] = {
		{ "/boot/grub/grub.cfg", NULL, 0 },
		{ "/sub.cfg", sub, sizeof(sub) - 1 },
	};
	struct memfs fs = { f, 2 };
	struct source_info si = { .name = "m" };
	struct parse_ctx ctx;
	int i;

	sb_adds(&cfg, "recordfail\nsource /sub.cfg\n");
	for (i = 0; i < 3000; i++)
		sb_addf(&cfg, "menuentry e%d { recordfail; linux /k; }\n", i);
	sb_adds(&cfg, "other_thing\n");
	f[0].data = cfg.buf;
	f[0].len = cfg.len;
	parse_ctx_init(&ctx, &memfs_io, &fs, &si, NULL, 0);
	CHECK_INT(grub2_parser.parse(&ctx), 0);
	CHECK_INT(ctx.options.n, 3000);
	CHECK_INT(ctx.diags.n, 3);
	if (ctx.diags.n == 3) {
		CHECK_STR(ctx.diags.v[0], "/boot/grub/grub.cfg:1: can't find "
			  "command `recordfail' (3001 times)");
		CHECK_STR(ctx.diags.v[1], "/sub.cfg:1: can't find command "
			  "`recordfail' (2 times)");
		CHECK_STR(ctx.diags.v[2], "/boot/grub/grub.cfg:3003: can't "
			  "find command `other_thing'");
	}
	parse_ctx_release(&ctx);
	sb_release(&cfg);
}

/*
 * A line met again (unit-cache.c) runs as it did, its diagnostics at the
 * line it is on now: at the top, in entries' bodies, in a sourced file.
 */
static void test_lines_met_again(void)
{
	static const char cfg[] =
		"1=x\n1=x\nmenuentry a {\n1=x\nlinux /k\n}\n"
		"menuentry b {\nlinux /k\n1=x\n}\nsource /sub.cfg\n"
		"if true; then 1=x; fi\nif true; then 1=x; fi\n";
	static const char sub[] = "\n1=x\n";
	static const char *const want[] = {
		"/boot/grub/grub.cfg:1: ", "/boot/grub/grub.cfg:2: ",
		"/sub.cfg:2: ", "/boot/grub/grub.cfg:12: ",
		"/boot/grub/grub.cfg:13: ", "/boot/grub/grub.cfg:4: ",
		"/boot/grub/grub.cfg:9: ",
	};
	struct memfile f[2] = {
		{ "/boot/grub/grub.cfg", cfg, sizeof(cfg) - 1 },
		{ "/sub.cfg", sub, sizeof(sub) - 1 },
	};
	struct memfs fs = { f, 2 };
	struct source_info si = { .name = "m" };
	struct parse_ctx ctx;
	char line[80];
	size_t i;

	parse_ctx_init(&ctx, &memfs_io, &fs, &si, NULL, 0);
	CHECK_INT(grub2_parser.parse(&ctx), 0);
	CHECK_INT(ctx.options.n, 2);
	CHECK_INT(ctx.diags.n, ARRAY_SIZE(want));
	for (i = 0; i < ctx.diags.n && i < ARRAY_SIZE(want); i++) {
		snprintf(line, sizeof(line), "%sinvalid variable name `1'",
			 want[i]);
		CHECK_STR(ctx.diags.v[i], line);
	}
	parse_ctx_release(&ctx);
}

/*
 * Entries' lines come in the order the last entry had them (unit-cache.c
 * tries the line that came next last time first): the same, a longer one
 * starting with the same bytes, and another order all run as written.
 */
static void test_lines_in_order(void)
{
	static const char cfg[] =
		"menuentry a {\n1=x\nlinux /k\n1=y\n}\n"
		"menuentry b {\n1=x\nlinux /k\n1=y\n}\n"
		"menuentry c {\n1=x\nlinux /k2\n1=y\n}\n"
		"menuentry d {\n1=y\n1=x\nlinux /k\n}\n";
	static const char *const kernels[] = { "/k", "/k", "/k2", "/k" };
	static const unsigned lines[] = { 2, 4, 7, 9, 12, 14, 17, 18 };
	const struct source_info si = { .name = "m" }, *all[] = { &si };
	struct parse_ctx ctx;
	char line[80];
	size_t i;

	run_cfg(&ctx, cfg, all, 1);
	CHECK_INT(ctx.options.n, ARRAY_SIZE(kernels));
	for (i = 0; i < ctx.options.n && i < ARRAY_SIZE(kernels); i++) {
		const struct boot_option *o = ctx.options.v[i];

		CHECK_STR(o->kernel->path, kernels[i]);
	}
	CHECK_INT(ctx.diags.n, ARRAY_SIZE(lines));
	for (i = 0; i < ctx.diags.n && i < ARRAY_SIZE(lines); i++) {
		snprintf(line, sizeof(line),
			 "/boot/grub/grub.cfg:%u: invalid variable name `%c'",
			 lines[i], '1');
		CHECK_STR(ctx.diags.v[i], line);
	}
	parse_ctx_release(&ctx);
}

/*
 * A line a check found whole is whole again, but not deeper in, where
 * its nesting passes the bound: that entry is dropped, as it was.
 */
static void test_checked_lines_depth(void)
{
	static const char line[] =
		"if true; then if true; then echo x; fi; fi\n";
	struct strbuf cfg = STRBUF_INIT;
	struct memfile f = { "/boot/grub/grub.cfg", NULL, 0 };
	struct memfs fs = { &f, 1 };
	struct source_info si = { .name = "m" };
	struct parse_ctx ctx;
	int i;

	sb_addf(&cfg, "menuentry a {\n%slinux /a\n}\nmenuentry b {\n", line);
	for (i = 0; i < G2_MAX_NESTING - 2; i++)
		sb_adds(&cfg, "if true; then\n");
	sb_adds(&cfg, line);
	for (i = 0; i < G2_MAX_NESTING - 2; i++)
		sb_adds(&cfg, "fi\n");
	sb_addf(&cfg, "linux /b\n}\nmenuentry c {\n%slinux /c\n}\n", line);
	f.data = cfg.buf;
	f.len = cfg.len;
	parse_ctx_init(&ctx, &memfs_io, &fs, &si, NULL, 0);
	CHECK_INT(grub2_parser.parse(&ctx), 0);
	CHECK_INT(ctx.options.n, 2);
	CHECK(ctx.diags.n >= 1);
	if (ctx.diags.n >= 1)
		CHECK(strstr(ctx.diags.v[0], "constructs nested too deep"));
	parse_ctx_release(&ctx);
	sb_release(&cfg);
}

static void test_no_config(void)
{
	struct memfile f = { "/etc/fstab", "x", 1 };
	struct memfs fs = { &f, 1 };
	struct source_info si = { .name = "m" };
	struct parse_ctx ctx;

	parse_ctx_init(&ctx, &memfs_io, &fs, &si, NULL, 0);
	CHECK_INT(grub2_parser.parse(&ctx), 0);
	CHECK_INT(ctx.options.n, 0);
	CHECK_INT(ctx.diags.n, 0);
	CHECK(!ctx.has_timeout);
	parse_ctx_release(&ctx);
}

static const struct test_case cases[] = {
	TEST(test_lexer_tokens),
	TEST(test_lexer_parts),
	TEST(test_lexer_words_line),
	TEST(test_lexer_next_line),
	TEST(test_parse_units),
	TEST(test_parse_builtin),
	TEST(test_getopt),
	TEST(test_env_contexts),
	TEST(test_env_status),
	TEST(test_env_bounds),
	TEST(test_expand),
	TEST(test_expand_literal),
	TEST(test_loader_cmdline),
	TEST(test_vercmp),
	TEST(test_bls_expand),
	TEST(test_envblk),
	TEST(test_builtin_table),
	TEST(test_keys_and_ids),
	TEST(test_search_case),
	TEST(test_search_deferred),
	TEST(test_unknown_counted),
	TEST(test_lines_met_again),
	TEST(test_lines_in_order),
	TEST(test_checked_lines_depth),
	TEST(test_no_config),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
