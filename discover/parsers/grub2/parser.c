/*
 * parser.c: GRUB 2's script grammar, by recursive descent, into an AST
 * allocated in the unit's arena. One call parses one top-level unit: the
 * statements of one line, plus the lines an open construct (if, for,
 * while, until, function, { ... }) needs, as GRUB's lexer asks for them.
 * Units and menu entries share the script's text by reference.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/grub2/grub2-internal.h"

struct pstate {
	struct g2_lexer *lx;
	struct g2_arena *ar;
	int err;		/* first error */
	const char *msg;
	unsigned errline;
	unsigned depth;
	/*
	 * Checking a menuentry's block (see parse_span): its syntax tree is
	 * thrown away, so its words are not copied, only the first one's
	 * kind kept (menu), and its nodes go to scratch, emptied after
	 * each outermost block checked.
	 */
	unsigned checking;
	int menu;
	struct g2_arena scratch;
	unsigned words;		/* short one-part words taken (see take_word) */
};

#define PTRS_INLINE	8

/* A growable array of pointers, copied into the arena when done; the
 * first PTRS_INLINE in the array itself (most lists are short). */
struct ptrs {
	void **v;
	unsigned n, cap;
	void *inl[PTRS_INLINE];
};

static bool failed(struct pstate *p)
{
	return p->err != 0;
}

static void *error(struct pstate *p, int err, const char *msg)
{
	if (!p->err) {
		p->err = err;
		p->msg = msg;
		p->errline = p->lx->tok_line;
	}
	return NULL;
}

static void *syntax(struct pstate *p)
{
	if (p->lx->tok == G2T_BAD && p->lx->bad)
		return error(p, -EINVAL, p->lx->bad);
	if (p->lx->tok == G2T_EOF)
		return error(p, -EINVAL, "unexpected end of file");
	return error(p, -EINVAL, "syntax error");
}

static enum g2_tok tok(struct pstate *p)
{
	return p->lx->tok;
}

static void next(struct pstate *p)
{
	int r;

	if (p->err)
		return;
	r = g2_lex_next(p->lx);
	if (r)
		error(p, r, "out of memory");
}

static void *oom(struct pstate *p)
{
	return error(p, p->ar->budget && *p->ar->budget + 4096 >
		     G2_MAX_AST_BYTES ? -E2BIG : -ENOMEM,
		     "script too large");
}

static void ptrs_free(struct ptrs *a)
{
	if (a->v != a->inl)
		free(a->v);
	a->v = NULL;
}

static int ptrs_push(struct pstate *p, struct ptrs *a, void *x)
{
	void **v;

	if (!a->v) {
		a->v = a->inl;
		a->cap = PTRS_INLINE;
	}
	if (a->n == a->cap) {
		v = a->v == a->inl ? malloc(a->cap * 2 * sizeof(*v)) :
		    realloc(a->v, a->cap * 2 * sizeof(*v));
		if (!v) {
			error(p, -ENOMEM, "out of memory");
			return -ENOMEM;
		}
		if (a->v == a->inl)
			memcpy(v, a->inl, sizeof(a->inl));
		a->v = v;
		a->cap *= 2;
	}
	a->v[a->n++] = x;
	return 0;
}

/* Words allowed as arguments: plain words and most keywords. */
static bool is_arg(enum g2_tok t)
{
	switch (t) {
	case G2T_WORD: case G2T_IF: case G2T_THEN: case G2T_ELSE:
	case G2T_ELIF: case G2T_FI: case G2T_FOR: case G2T_IN: case G2T_DO:
	case G2T_DONE: case G2T_WHILE: case G2T_UNTIL: case G2T_FUNCTION:
	case G2T_CASE: case G2T_ESAC: case G2T_SELECT:
		return true;
	default:
		return false;
	}
}

static bool starts_command(enum g2_tok t)
{
	return t == G2T_WORD || t == G2T_IF || t == G2T_FOR ||
	       t == G2T_WHILE || t == G2T_UNTIL;
}

/*
 * Words up to this long are looked for among the unit's (a cache), once
 * the unit has had more than INTERN_AFTER of them: a unit of one line
 * has too few for the hashing to pay, a menu of entries many.
 */
#define INTERN_MAX	32
#define INTERN_AFTER	64
#define INTERN_SLOTS	256	/* a power of two */

struct g2_intern {
	const struct g2_part *part;
	unsigned gen;
};

/*
 * The part of a one-part word: the one the unit already has when the same
 * word came before and its slot still holds it, else a new one in the
 * arena (NULL when out of memory).
 */
static const struct g2_part *intern_part(struct pstate *p,
					 const struct g2_lexpart *lp)
{
	struct g2_lexer *lx = p->lx;
	const char *s = lx->text.buf + lp->off;
	struct g2_intern *slot = NULL;
	struct g2_part *part;
	uint32_t h;

	if (!lx->intern)
		lx->intern = calloc(INTERN_SLOTS, sizeof(*lx->intern));
	if (lx->intern) {
		HASH_FNV(s, lp->len, h);
		h ^= lp->type;	/* the same text in quotes is another word */
		slot = &lx->intern[h & (INTERN_SLOTS - 1)];
		if (slot->gen == lx->intern_gen &&
		    slot->part->type == lp->type &&
		    slot->part->len == lp->len &&
		    !memcmp(slot->part->str, s, lp->len))
			return slot->part;
	}
	part = g2_alloc(p->ar, sizeof(*part));
	if (!part || !(part->str = g2_strndup(p->ar, s, lp->len)))
		return NULL;
	part->type = lp->type;
	part->len = lp->len;
	if (slot) {
		slot->part = part;
		slot->gen = lx->intern_gen;
	}
	return part;
}

/* The bytes expansion escapes and wildcards match with. */
static const bool globby[256] = { ['\\'] = true, ['*'] = true, ['?'] = true };

/* Does the one-part word of lp expand to its text as it is (g2_word)? */
static bool literal(const struct g2_lexer *lx, const struct g2_lexpart *lp)
{
	const unsigned char *s = (const unsigned char *)lx->text.buf + lp->off;
	size_t i = 0, n = lp->len;

	switch (lp->type) {
	case G2P_TEXT:
		if (!lp->len)
			return false;
		break;
	case G2P_SQ:
	case G2P_DQ:
		break;
	default:
		return false;
	}
	/* four bytes a round: most words are plain names and paths */
	while (i + 4 <= n && !(globby[s[i]] | globby[s[i + 1]] |
			       globby[s[i + 2]] | globby[s[i + 3]]))
		i += 4;
	while (i < n && !globby[s[i]])
		i++;
	return i == n;
}

/* The current token as a word in the arena. */
static bool take_word(struct pstate *p, struct g2_word *w)
{
	struct g2_lexer *lx = p->lx;
	struct g2_part *parts;
	size_t i;

	w->literal = lx->nparts == 1 && literal(lx, &lx->parts[0]);
	if (lx->nparts == 1 && lx->parts[0].len <= INTERN_MAX &&
	    ++p->words > INTERN_AFTER) {
		w->n = 1;
		w->parts = intern_part(p, &lx->parts[0]);
		return w->parts || oom(p);
	}
	w->n = lx->nparts;
	w->parts = parts = g2_alloc(p->ar, lx->nparts * sizeof(*parts));
	if (!parts)
		return oom(p);
	for (i = 0; i < lx->nparts; i++) {
		struct g2_lexpart *lp = &lx->parts[i];

		parts[i].type = lp->type;
		parts[i].len = lp->len;
		parts[i].str = g2_strndup(p->ar, lx->text.buf + lp->off,
					  lp->len);
		if (!parts[i].str)
			return oom(p);
	}
	return true;
}

static struct g2_cmd *new_cmd(struct pstate *p, enum g2_cmd_type type)
{
	struct g2_cmd *c = g2_alloc(p->ar, sizeof(*c));

	if (!c)
		return oom(p);
	c->type = type;
	c->line = p->lx->tok_line;
	return c;
}

static struct g2_list *make_list(struct pstate *p, struct ptrs *a)
{
	struct g2_list *l = g2_alloc(p->ar, sizeof(*l));

	if (!l || !(l->cmds = g2_alloc(p->ar, a->n * sizeof(*l->cmds)))) {
		ptrs_free(a);
		return oom(p);
	}
	l->n = a->n;
	if (a->n)
		memcpy(l->cmds, a->v, a->n * sizeof(*l->cmds));
	ptrs_free(a);
	return l;
}

static bool enter(struct pstate *p)
{
	if (++p->depth > G2_MAX_NESTING) {
		error(p, -EINVAL, "constructs nested too deep");
		return false;
	}
	return true;
}

static struct g2_cmd *parse_command(struct pstate *p);

/*
 * delimiters1: one ';' or newline, then any newlines. While checking, the
 * lines of plain words after a newline are commands that cannot fail:
 * passed over without a token cut from them (lexer.c), and not listed, as
 * a checked list is thrown away.
 */
static bool delimiters(struct pstate *p)
{
	if (tok(p) != G2T_SEMI && tok(p) != G2T_NEWLINE)
		return false;
	do {
		if (!p->checking || !g2_lex_words_next_line(p->lx))
			next(p);
	} while (!failed(p) && tok(p) == G2T_NEWLINE);
	return true;
}

/* What a checked list holds for the commands of a line found whole. */
static struct g2_cmd checked_line = { .type = G2C_SIMPLE };

/*
 * A command of a body being checked: the rest of its line when that is
 * plain words (lexer.c) or was found whole before (unit-cache.c), else
 * parsed, and its line kept when it ends there.
 */
static struct g2_cmd *check_command(struct pstate *p)
{
	size_t start = p->lx->tok_start;
	unsigned line = p->lx->tok_line;
	struct g2_cmd *c;

	if (g2_lex_words_line(p->lx) || g2_checked_line_skip(p->lx, p->depth))
		return &checked_line;
	c = parse_command(p);
	if (c && !failed(p) && tok(p) == G2T_NEWLINE)
		g2_checked_line_keep(p->lx, start, line, p->depth);
	return c;
}

/* commands1; *delim says whether delimiters ended it. */
static struct g2_list *parse_commands(struct pstate *p, bool *delim)
{
	struct ptrs a = { 0 };
	struct g2_cmd *c;

	*delim = false;
	while (!failed(p) && tok(p) == G2T_NEWLINE)
		next(p);
	while (!failed(p)) {
		if (!starts_command(tok(p))) {
			syntax(p);
			break;
		}
		c = p->checking ? check_command(p) : parse_command(p);
		if (!c || ptrs_push(p, &a, c))
			break;
		*delim = delimiters(p);
		if (failed(p) || !*delim || !starts_command(tok(p)))
			break;
	}
	if (failed(p)) {
		ptrs_free(&a);
		return NULL;
	}
	return make_list(p, &a);
}

/* commands1 delimiters1 followed by the keyword want. */
static struct g2_list *parse_part(struct pstate *p, enum g2_tok want)
{
	struct g2_list *l;
	bool delim;

	l = parse_commands(p, &delim);
	if (l && (!delim || tok(p) != want))
		return syntax(p);
	return l;
}

/*
 * The block after a command's words: "{" commands1 delimiters0 "}".
 * *end: where its text ends (at the "}").
 */
static bool parse_block(struct pstate *p, struct g2_cmd *c, bool keep_text,
			size_t *end)
{
	size_t start = p->lx->tok_end;
	bool delim;

	if (!enter(p))
		return false;
	next(p);
	c->u.simple.block = parse_commands(p, &delim);
	if (!c->u.simple.block)
		return false;
	if (tok(p) != G2T_RBR)
		return syntax(p);
	*end = p->lx->tok_start;
	if (keep_text) {
		c->u.simple.block_text = g2_strndup(p->ar, p->lx->buf + start,
						    *end - start);
		if (!c->u.simple.block_text)
			return oom(p);
	}
	p->depth--;
	next(p);
	return !failed(p);
}

/*
 * A menuentry's block: parsed (GRUB drops the whole unit on an error
 * inside it) into a scratch arena thrown away at once, and kept as the
 * span of text it covers; the entry parses it again when it runs.
 */
static bool parse_span(struct pstate *p, struct g2_cmd *c)
{
	struct g2_arena *ar = p->ar;
	struct g2_span *sp = g2_alloc(ar, sizeof(*sp));
	bool ok;

	if (!sp)
		return oom(p);
	sp->off = p->lx->tok_end;
	sp->line = p->lx->tok_line;
	p->checking++;
	p->ar = &p->scratch;
	ok = parse_block(p, c, false, &sp->len);
	p->ar = ar;
	c->u.simple.block = NULL;	/* in scratch */
	if (!--p->checking)
		g2_arena_reset(&p->scratch);
	if (!ok)
		return false;
	sp->len -= sp->off;
	c->u.simple.span = sp;
	return true;
}

/* A literal menuentry (1) or submenu (2) as the command word, else 0. */
static int menu_word(const struct g2_word *w)
{
	if (w->n != 1 || w->parts[0].type != G2P_TEXT)
		return 0;
	if (!strcmp(w->parts[0].str, "menuentry"))
		return 1;
	return !strcmp(w->parts[0].str, "submenu") ? 2 : 0;
}

/* menu_word() of the current token. */
static int menu_token(const struct g2_lexer *lx)
{
	if (lx->nparts != 1 || lx->parts[0].type != G2P_TEXT)
		return 0;
	if (lx->text.len == 9 && !memcmp(lx->text.buf, "menuentry", 9))
		return 1;
	return lx->text.len == 7 && !memcmp(lx->text.buf, "submenu", 7) ?
	       2 : 0;
}

/*
 * The words of a command (or of a for loop) while they come, gathered in
 * the lexer's scratch and then copied to the arena at their exact size.
 * While checking, only counted (*words NULL) and the first one's
 * menu_word() kept in p->menu.
 */
static bool collect_words(struct pstate *p, struct g2_word **words,
			  unsigned *count)
{
	struct g2_word *nw;
	unsigned n = 0;

	if (p->checking) {
		p->menu = menu_token(p->lx);
		while (!failed(p) && is_arg(tok(p))) {
			n++;
			next(p);
		}
		*count = n;
		*words = NULL;
		return !failed(p);
	}
	while (!failed(p) && is_arg(tok(p))) {
		if (n == p->lx->wcap) {
			p->lx->wcap = p->lx->wcap ? p->lx->wcap * 2 : 16;
			nw = realloc(p->lx->words, p->lx->wcap * sizeof(*nw));
			if (!nw)
				return error(p, -ENOMEM, "out of memory");
			p->lx->words = nw;
		}
		if (!take_word(p, &p->lx->words[n++]))
			return false;
		next(p);
	}
	*count = n;
	*words = g2_alloc(p->ar, n * sizeof(**words));
	if (!*words)
		return oom(p);
	memcpy(*words, p->lx->words, n * sizeof(**words));
	return !failed(p);
}

static struct g2_cmd *parse_simple(struct pstate *p)
{
	struct g2_cmd *c = new_cmd(p, G2C_SIMPLE);
	size_t end;
	int menu;

	if (!c || !collect_words(p, &c->u.simple.words, &c->u.simple.argc))
		return NULL;
	if (c->u.simple.words && c->u.simple.argc &&
	    c->u.simple.words[0].literal) {
		c->u.simple.builtin =
			g2_builtin_find(c->u.simple.words[0].parts[0].str);
		c->u.simple.builtin_known = true;
	}
	if (tok(p) != G2T_LBR)
		return c;
	menu = c->u.simple.words ? menu_word(&c->u.simple.words[0]) :
	       p->menu;
	if (menu == 1 ? !parse_span(p, c) : !parse_block(p, c, !menu, &end))
		return NULL;
	return c;
}

/* cond; then body [elif ... | else body]; leaves "fi" as the token. */
static struct g2_cmd *parse_ifclause(struct pstate *p)
{
	struct g2_cmd *c = new_cmd(p, G2C_IF);
	struct g2_cmd *elif;
	struct ptrs a = { 0 };
	bool delim;

	if (!c || !(c->u.cif.cond = parse_part(p, G2T_THEN)))
		return NULL;
	next(p);
	c->u.cif.then_list = parse_commands(p, &delim);
	if (!c->u.cif.then_list)
		return NULL;
	if (!delim)
		return syntax(p);
	if (tok(p) == G2T_ELSE) {
		next(p);
		c->u.cif.else_list = parse_part(p, G2T_FI);
		return c->u.cif.else_list ? c : NULL;
	}
	if (tok(p) == G2T_ELIF) {
		if (!enter(p))
			return NULL;
		next(p);
		elif = parse_ifclause(p);
		p->depth--;
		if (!elif || ptrs_push(p, &a, elif))
			return NULL;
		c->u.cif.else_list = make_list(p, &a);
		return c->u.cif.else_list ? c : NULL;
	}
	return tok(p) == G2T_FI ? c : syntax(p);
}

static struct g2_cmd *parse_if(struct pstate *p)
{
	struct g2_cmd *c;

	next(p);
	c = parse_ifclause(p);
	if (!c)
		return NULL;
	next(p);	/* fi */
	return c;
}

static struct g2_cmd *parse_for(struct pstate *p)
{
	struct g2_cmd *c = new_cmd(p, G2C_FOR);

	next(p);
	if (!c || failed(p) || !g2_lex_is_name(p->lx))
		return syntax(p);
	c->u.cfor.name = g2_strndup(p->ar, p->lx->text.buf, p->lx->text.len);
	if (!c->u.cfor.name)
		return oom(p);
	next(p);
	if (tok(p) != G2T_IN)
		return syntax(p);
	next(p);
	if (!collect_words(p, &c->u.cfor.words, &c->u.cfor.n))
		return NULL;
	if (failed(p) || !delimiters(p) || tok(p) != G2T_DO)
		return syntax(p);
	next(p);
	c->u.cfor.body = parse_part(p, G2T_DONE);
	if (!c->u.cfor.body)
		return NULL;
	next(p);
	return c;
}

static struct g2_cmd *parse_loop(struct pstate *p)
{
	struct g2_cmd *c = new_cmd(p, tok(p) == G2T_WHILE ? G2C_WHILE :
				   G2C_UNTIL);

	next(p);
	if (!c || !(c->u.loop.cond = parse_part(p, G2T_DO)))
		return NULL;
	next(p);
	c->u.loop.body = parse_part(p, G2T_DONE);
	if (!c->u.loop.body)
		return NULL;
	next(p);
	return c;
}

static struct g2_cmd *parse_command(struct pstate *p)
{
	struct g2_cmd *c;

	if (tok(p) == G2T_WORD)
		return parse_simple(p);
	if (!enter(p))
		return NULL;
	switch (tok(p)) {
	case G2T_IF:
		c = parse_if(p);
		break;
	case G2T_FOR:
		c = parse_for(p);
		break;
	default:
		c = parse_loop(p);
		break;
	}
	p->depth--;
	return failed(p) ? NULL : c;
}

/* function NAME delimiters0 { commands1 delimiters1 } */
static struct g2_cmd *parse_function(struct pstate *p)
{
	struct g2_cmd *c = new_cmd(p, G2C_FUNCTION);

	next(p);
	if (!c || failed(p) || !g2_lex_is_name(p->lx))
		return syntax(p);
	c->u.func.name = g2_strndup(p->ar, p->lx->text.buf, p->lx->text.len);
	if (!c->u.func.name)
		return oom(p);
	next(p);
	delimiters(p);
	if (failed(p) || tok(p) != G2T_LBR || !enter(p))
		return syntax(p);
	next(p);
	c->u.func.body = parse_part(p, G2T_RBR);
	if (!c->u.func.body)
		return NULL;
	p->depth--;
	next(p);
	return failed(p) ? NULL : c;
}

/* statement (delimiter statement)* up to the newline that ends the line. */
static struct g2_list *parse_statements(struct pstate *p)
{
	struct ptrs a = { 0 };
	struct g2_cmd *c;

	while (!failed(p)) {
		if (tok(p) == G2T_FUNCTION)
			c = parse_function(p);
		else if (starts_command(tok(p)))
			c = parse_command(p);
		else
			c = syntax(p);
		if (!c || ptrs_push(p, &a, c))
			break;
		if (tok(p) == G2T_SEMI)
			next(p);
		else if (tok(p) != G2T_NEWLINE && tok(p) != G2T_EOF)
			syntax(p);
		if (tok(p) == G2T_NEWLINE || tok(p) == G2T_EOF)
			break;
	}
	if (failed(p)) {
		ptrs_free(&a);
		return NULL;
	}
	return make_list(p, &a);
}

int g2_parse_unit(struct g2_lexer *lx, size_t *budget, struct g2_unit **out,
		  const char **msg, unsigned *line)
{
	struct pstate p = { .lx = lx, .scratch = { .budget = budget } };
	struct g2_unit *u;

	*out = NULL;
	if (!++lx->intern_gen) {	/* a wrap: no slot may seem current */
		if (lx->intern)
			memset(lx->intern, 0, INTERN_SLOTS * sizeof(*lx->intern));
		lx->intern_gen = 1;
	}
	do {
		p.err = g2_lex_next(lx);
		if (p.err)
			return p.err;
	} while (lx->tok == G2T_NEWLINE);
	if (lx->tok == G2T_EOF)
		return 0;
	u = lx->spare ? lx->spare : calloc(1, sizeof(*u));
	lx->spare = NULL;
	if (!u)
		return -ENOMEM;
	u->arena.budget = budget;
	u->refs = 1;
	u->text = g2_text_ref(lx->src);
	u->line = lx->tok_line;
	p.ar = &u->arena;
	u->list = parse_statements(&p);
	g2_arena_free(&p.scratch);
	if (p.err) {
		*msg = p.msg;
		*line = p.errline;
		g2_unit_unref(u);
		return p.err;
	}
	*out = u;
	return 0;
}

struct g2_unit *g2_unit_ref(struct g2_unit *u)
{
	if (u)
		u->refs++;
	return u;
}

void g2_unit_done(struct g2_lexer *lx, struct g2_unit *u)
{
	if (!u || u->refs != 1 || lx->spare) {
		g2_unit_unref(u);
		return;
	}
	g2_arena_reset(&u->arena);
	g2_text_unref(u->text);
	u->text = NULL;
	u->list = NULL;
	u->refs = 0;
	lx->spare = u;
}

void g2_unit_unref(struct g2_unit *u)
{
	if (!u || --u->refs)
		return;
	g2_arena_free(&u->arena);
	g2_text_unref(u->text);
	free(u);
}

struct g2_text *g2_text_new(char *buf, size_t len, size_t *budget)
{
	struct g2_text *t = buf ? malloc(sizeof(*t)) : NULL;

	if (!t) {
		free(buf);
		return NULL;
	}
	t->refs = 1;
	t->buf = buf;
	t->len = len;
	t->budget = budget;
	if (budget)
		*budget += len;
	return t;
}

struct g2_text *g2_text_ref(struct g2_text *t)
{
	if (t)
		t->refs++;
	return t;
}

void g2_text_unref(struct g2_text *t)
{
	if (!t || --t->refs)
		return;
	if (t->budget)
		*t->budget -= t->len;
	free(t->buf);
	free(t);
}
