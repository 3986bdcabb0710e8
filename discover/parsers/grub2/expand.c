/*
 * expand.c: GRUB's word expansion into argument vectors. Unquoted $vars are
 * split on white space (leading blanks skipped, the first piece joining
 * the word so far); quoted pieces make an argument even when empty; an
 * unquoted empty variable makes none. $1..., $#, $@ and $* read the
 * innermost function or menu entry scope, and expand to nothing outside.
 * Then each argument with a wildcard that is neither quoted nor escaped
 * becomes the paths it matches (glob.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/grub2/grub2-internal.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void unborrow(struct g2_argv *a);

void g2_argv_next(struct g2_argv *a)
{
	size_t *off;

	if (a->borrowed)
		unborrow(a);
	if (!a->open || a->err)
		return;
	a->open = false;
	if (a->n + 1 >= G2_MAX_ARGC) {
		a->err = -E2BIG;
		return;
	}
	if (a->n + 1 >= a->cap) {
		unsigned cap = a->cap ? a->cap * 2 : 8;

		off = realloc(a->off, cap * sizeof(*off));
		if (!off) {
			a->err = -ENOMEM;
			return;
		}
		a->off = off;
		a->cap = cap;
	}
	sb_add(&a->text, "", 1);	/* its NUL */
	if (a->text.err) {
		a->err = a->text.err;
		return;
	}
	a->off[a->n++] = a->start;
	a->start = a->text.len;
}

void g2_argv_append(struct g2_argv *a, const char *s, size_t n)
{
	if (a->borrowed)
		unborrow(a);
	if (a->err)
		return;
	a->bytes += n;
	if (a->bytes > G2_MAX_ARGV_BYTES) {
		a->err = -E2BIG;
		return;
	}
	a->open = true;
	sb_add(&a->text, s, n);
	if (a->text.err)
		a->err = a->text.err;
}

/*
 * The arguments a borrowed from literal words, copied into its text: then
 * a is as if they had been appended one by one.
 */
static void unborrow(struct g2_argv *a)
{
	unsigned i, n = a->n;

	a->borrowed = false;
	a->n = 0;
	a->bytes = 0;
	a->start = a->text.len;
	for (i = 0; i < n; i++) {
		g2_argv_append(a, a->v[i], strlen(a->v[i]));
		g2_argv_next(a);
	}
}

void g2_argv_finish(struct g2_argv *a)
{
	char **v;
	unsigned i;

	g2_argv_next(a);
	if (a->err)
		return;
	if (a->n + 1 > a->vcap) {
		v = realloc(a->v, (a->n + 1) * sizeof(*v));
		if (!v) {
			a->err = -ENOMEM;
			return;
		}
		a->v = v;
		a->vcap = a->n + 1;
	}
	for (i = 0; i < a->n; i++)
		a->v[i] = a->text.buf + a->off[i];
	a->v[a->n] = NULL;
}

void g2_argv_release(struct g2_argv *a)
{
	free(a->v);
	free(a->off);
	sb_release(&a->text);
	memset(a, 0, sizeof(*a));
}

/* Past this, a vector's buffers go back to the allocator. */
#define SPARE_MAX_TEXT	4096

void g2_argv_get(struct g2_interp *in, struct g2_argv *a)
{
	if (!in->argv_spares) {
		memset(a, 0, sizeof(*a));
		return;
	}
	*a = in->argv_spare[--in->argv_spares];
}

void g2_argv_put(struct g2_interp *in, struct g2_argv *a)
{
	struct g2_argv *s;

	if (!a->text.buf && !a->off && !a->v)
		return;		/* nothing to keep */
	if (a->err || a->text.err || a->text.cap > SPARE_MAX_TEXT ||
	    in->argv_spares == G2_ARGV_SPARES) {
		g2_argv_release(a);
		return;
	}
	s = &in->argv_spare[in->argv_spares++];
	memset(s, 0, sizeof(*s));
	s->v = a->v;
	s->vcap = a->vcap;
	s->off = a->off;
	s->cap = a->cap;
	s->text = a->text;
	sb_reset(&s->text);
	memset(a, 0, sizeof(*a));
}

void g2_argv_spares_release(struct g2_interp *in)
{
	while (in->argv_spares)
		g2_argv_release(&in->argv_spare[--in->argv_spares]);
}

/*
 * Arguments are built escaped first, as GRUB hands them to its wildcard
 * module: a '\' before each '*', '?' and '\' that is literal. The '\'
 * added does not count against the bounds.
 */
static void add_escape(struct g2_argv *a)
{
	a->bytes--;	/* unsigned: back where it was after the append */
	g2_argv_append(a, "\\", 1);
}

enum quoting {
	Q_TEXT,		/* unquoted text: '*' and '?' live */
	Q_VAR,		/* unquoted $var: live unless right after a '\' */
	Q_QUOTED,	/* quoted, or a quoted $var: all literal */
};

/* The bytes append_escaped looks at; runs of the others are copied whole. */
static const bool escapable[256] = { ['\\'] = true, ['*'] = true,
				     ['?'] = true };

/* Append n bytes of s (of one piece of a value) escaped for q. */
static void append_escaped(struct g2_argv *a, const char *s, size_t n,
			   enum quoting q)
{
	size_t i, from = 0;
	bool lit;

	for (i = 0; i < n && !a->err; i++) {
		while (i + 4 <= n && !(escapable[(unsigned char)s[i]] |
				       escapable[(unsigned char)s[i + 1]] |
				       escapable[(unsigned char)s[i + 2]] |
				       escapable[(unsigned char)s[i + 3]]))
			i += 4;
		while (i < n && !escapable[(unsigned char)s[i]])
			i++;
		if (i == n)
			break;
		a->special = true;
		if (s[i] == '\\')
			lit = true;
		else
			lit = q == Q_QUOTED ||
			      (q == Q_VAR && i > 0 && s[i - 1] == '\\');
		if (!lit)
			continue;
		g2_argv_append(a, s + from, i - from);
		add_escape(a);
		from = i;
	}
	g2_argv_append(a, s + from, n - from);
}

/* Append s split on white space, as GRUB's unquoted $var. */
static void split_append(struct g2_argv *a, const char *s)
{
	const char *p;

	while (*s && is_space(*s))
		s++;
	while (*s && !a->err) {
		for (p = s; *s && !is_space(*s); s++)
			;
		append_escaped(a, p, s - p, Q_VAR);
		while (*s && is_space(*s))
			s++;
		if (*s)
			g2_argv_next(a);
	}
}

static void put(struct g2_argv *a, const char *s, bool split)
{
	if (split)
		split_append(a, s);
	else
		append_escaped(a, s, strlen(s), Q_QUOTED);
}

/* $#, $*, $@, $N: the scope's positional parameters. */
static void expand_special(struct g2_interp *in, struct g2_argv *a,
			   const char *name, bool split)
{
	struct g2_scope *sc = in->scope;
	unsigned i, argc;
	char **argv, num[16];
	unsigned long n;

	if (!sc)
		return;
	argc = sc->argc - sc->shift;
	argv = sc->argv + sc->shift;
	if (name[0] == '#') {
		snprintf(num, sizeof(num), "%u", argc);
		g2_argv_append(a, num, strlen(num));
		return;
	}
	if (name[0] == '*' || name[0] == '@') {
		for (i = 0; i < argc; i++) {
			if (i && (split || name[0] == '@'))
				g2_argv_next(a);
			else if (i)
				g2_argv_append(a, " ", 1);
			put(a, argv[i], split);
		}
		return;
	}
	n = strtoul(name, NULL, 10);
	if (n >= 1 && n <= argc)
		put(a, argv[n - 1], split);
}

static void expand_var(struct g2_interp *in, struct g2_argv *a,
		       const char *name, bool split)
{
	const char *v;

	if ((name[0] >= '0' && name[0] <= '9') || !strcmp(name, "#") ||
	    !strcmp(name, "*") || !strcmp(name, "@")) {
		expand_special(in, a, name, split);
		return;
	}
	v = g2_env_get(in->env, name);
	if (v && v[0])
		put(a, v, split);
}

/* The words' arguments, escaped (see add_escape()), into a. */
static void escape_words(struct g2_interp *in, const struct g2_word *words,
			 unsigned n, struct g2_argv *a)
{
	const struct g2_part *p;
	unsigned i, j;

	for (i = 0; i < n && !a->err; i++) {
		g2_argv_next(a);
		if (words[i].literal) {
			/* nothing to escape: as it is, even when empty */
			p = &words[i].parts[0];
			g2_argv_append(a, p->str, p->len);
			continue;
		}
		for (j = 0; j < words[i].n; j++) {
			p = &words[i].parts[j];
			switch (p->type) {
			case G2P_TEXT:
				if (p->len)
					append_escaped(a, p->str, p->len,
						       Q_TEXT);
				break;
			case G2P_SQ:
			case G2P_DQ:
				g2_argv_append(a, "", 0);
				append_escaped(a, p->str, p->len, Q_QUOTED);
				break;
			case G2P_VAR:
			case G2P_DQVAR:
				expand_var(in, a, p->str, p->type == G2P_VAR);
				break;
			}
		}
	}
	g2_argv_finish(a);
}

/* Each escaped argument of esc into a: its paths, or itself unescaped. */
static void glob_args(struct g2_interp *in, struct g2_argv *esc,
		      struct g2_argv *a)
{
	const char *s;
	unsigned i;
	size_t n;
	int r;

	for (i = 0; i < esc->n && !a->err; i++) {
		r = g2_glob(in, esc->v[i], a);
		if (r < 0) {
			a->err = r;
			break;
		}
		if (r)
			continue;
		g2_argv_append(a, "", 0);
		for (s = esc->v[i]; *s; s++) {
			n = strcspn(s, "\\");
			g2_argv_append(a, s, n);
			s += n;
			if (!*s)
				break;
			if (s[1])	/* a '\' and the character it keeps */
				s++;
			g2_argv_append(a, s, 1);
		}
		g2_argv_next(a);
	}
}

/* No '\\', '*' or '?': glob_args would hand each argument on as it is. */
static bool plain_args(const struct g2_argv *esc)
{
	unsigned i;

	if (!esc->special)
		return true;
	for (i = 0; i < esc->n; i++)
		if (strpbrk(esc->v[i], "\\*?"))
			return false;
	return true;
}

/*
 * Words that are all literal, within the bounds, as esc: its vector points
 * at their strings, nothing copied (most commands of a config). False
 * when they are not, esc untouched.
 */
static bool borrow_words(const struct g2_word *words, unsigned n,
			 struct g2_argv *esc)
{
	size_t bytes = 0;
	unsigned i;
	char **v;

	if (!n || n >= G2_MAX_ARGC)
		return false;
	for (i = 0; i < n; i++) {
		if (!words[i].literal)
			return false;
		bytes += words[i].parts[0].len;
	}
	if (bytes > G2_MAX_ARGV_BYTES)
		return false;
	if (n + 1 > esc->vcap) {
		v = realloc(esc->v, (n + 1) * sizeof(*v));
		if (!v)
			return false;	/* the long way says it */
		esc->v = v;
		esc->vcap = n + 1;
	}
	for (i = 0; i < n; i++)
		esc->v[i] = (char *)words[i].parts[0].str;
	esc->v[n] = NULL;
	esc->n = n;
	esc->bytes = bytes;
	esc->borrowed = true;
	return true;
}

int g2_expand(struct g2_interp *in, const struct g2_word *words, unsigned n,
	      struct g2_argv *a)
{
	struct g2_argv esc;
	size_t bytes;

	g2_argv_get(in, &esc);
	if (!a->n && !a->open && borrow_words(words, n, &esc)) {
		bytes = esc.bytes;
		g2_argv_put(in, a);
		*a = esc;
		goto count;
	}
	escape_words(in, words, n, &esc);
	if (!esc.err && !a->n && !a->open && plain_args(&esc)) {
		/* the arguments as they are (most commands) */
		bytes = esc.bytes;
		g2_argv_put(in, a);
		*a = esc;
	} else {
		a->err = esc.err;
		glob_args(in, &esc, a);
		/* what was expanded, also when a bound stopped it half way */
		bytes = esc.bytes > a->bytes ? esc.bytes : a->bytes;
		g2_argv_put(in, &esc);
		g2_argv_finish(a);
	}
count:
	in->work_bytes += bytes;
	in->run_work += bytes;
	if (in->work_bytes > G2_MAX_WORK_BYTES && !in->halt) {
		g2_warn(in, "script stopped: it expands more than %u MiB",
			G2_MAX_WORK_BYTES >> 20);
		in->stopped = in->halt = true;
	} else if (in->run_work > G2_RUN_WORK_BYTES && !in->stopped) {
		g2_warn(in, "script stopped: it expands more than %u MiB "
			"(a loop?)", G2_RUN_WORK_BYTES >> 20);
		in->stopped = true;
	}
	return a->err;
}
