/*
 * interp.c: runs GRUB script ASTs as GRUB 2.06 does: command lookup
 * (builtin, then function, then "name=value"), '!' inversion, $? after
 * every command, if/for/while/until with break/continue, functions with
 * their own positional parameters and return. Every command costs a step;
 * when a bound is reached the run stops (in->stopped) and says why.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/grub2/grub2-internal.h"

static int run_cmd(struct g2_interp *in, const struct g2_cmd *c);

static uint64_t hash_diag(const char *file, unsigned line, const char *msg)
{
	uint64_t h = 1469598103934665603ull ^ line;

	for (; file && *file; file++)
		h = (h ^ (unsigned char)*file) * 1099511628211ull;
	for (; *msg; msg++)
		h = (h ^ (unsigned char)*msg) * 1099511628211ull;
	return h;
}

/* A diagnostic at the current file and line, once per place and text. */
void g2_warn(struct g2_interp *in, const char *fmt, ...)
{
	char msg[400];
	uint64_t h;
	va_list ap;
	unsigned i;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	h = hash_diag(in->file, in->line, msg);
	for (i = 0; i < in->nwarned; i++)
		if (in->warned[i] == h)
			return;
	if (in->nwarned < ARRAY_SIZE(in->warned))
		in->warned[in->nwarned++] = h;
	parse_warn(in->ctx, in->file, in->line, "%s", msg);
}

/* An unknown command met in one config file. */
struct g2_unknown {
	UT_hash_handle hh;
	unsigned long count;
	size_t diag;		/* its diagnostic in ctx->diags, or SIZE_MAX */
	char key[];		/* "file\0name", the name cut as the message is */
};

#define UNKNOWN_NAME_MAX	60

int g2_warn_unknown(struct g2_interp *in, const char *name)
{
	const char *file = in->file ? in->file : "";
	size_t flen = strlen(file), nlen = strnlen(name, UNKNOWN_NAME_MAX);
	unsigned before = HASH_COUNT(in->unknown);
	struct g2_unknown *u;
	size_t n = in->ctx->diags.n;
	char key[PATH_MAX + UNKNOWN_NAME_MAX + 2];

	if (flen + 1 + nlen > sizeof(key)) {
		g2_warn(in, "can't find command `%.60s'", name);
		return 0;
	}
	memcpy(key, file, flen + 1);
	memcpy(key + flen + 1, name, nlen);
	HASH_FIND(hh, in->unknown, key, flen + 1 + nlen, u);
	if (u) {
		u->count++;
		return 0;
	}
	g2_warn(in, "can't find command `%.60s'", name);
	/* past the diagnostics kept, there is nothing to add a count to */
	if (before >= PARSE_MAX_DIAGS)
		return 0;
	u = malloc(sizeof(*u) + flen + 1 + nlen);
	if (!u)
		return -ENOMEM;
	memcpy(u->key, key, flen + 1 + nlen);
	u->count = 1;
	u->diag = in->ctx->diags.n > n ? n : SIZE_MAX;
	HASH_ADD_KEYPTR(hh, in->unknown, u->key, flen + 1 + nlen, u);
	if (!HASH_ADDED(in->unknown, before)) {
		free(u);
		return -ENOMEM;
	}
	return 0;
}

/* "... (N times)" on the diagnostics of repeated unknown commands. */
void g2_unknown_release(struct g2_interp *in)
{
	struct g2_unknown *u, *tmp;
	char *d;

	HASH_ITER(hh, in->unknown, u, tmp) {
		if (u->count > 1 && u->diag < in->ctx->diags.n) {
			d = str_printf("%s (%lu times)",
				       (char *)in->ctx->diags.v[u->diag],
				       u->count);
			if (d) {
				free(in->ctx->diags.v[u->diag]);
				in->ctx->diags.v[u->diag] = d;
			}
		}
		HASH_DEL(in->unknown, u);
		free(u);
	}
}

int g2_text_take(struct g2_interp *in, char *buf, size_t len,
		 struct g2_text **out)
{
	*out = NULL;
	if (!buf)
		return -ENOMEM;
	if (in->text_bytes + len > G2_MAX_TEXT_BYTES) {
		free(buf);
		g2_warn(in, "too large: scripts alive at once exceed %u MiB",
			G2_MAX_TEXT_BYTES >> 20);
		return G2_FAIL;
	}
	*out = g2_text_new(buf, len, &in->text_bytes);
	return *out ? 0 : -ENOMEM;
}

bool g2_step(struct g2_interp *in)
{
	if (in->stopped)
		return false;
	if (in->steps_left-- <= 0) {
		g2_warn(in, "script stopped after %d commands",
			G2_TOTAL_STEPS);
		in->stopped = in->halt = true;
	} else if (in->entry_steps_left-- <= 0) {
		g2_warn(in, "script stopped: too many commands (a loop?)");
		in->stopped = true;
	}
	return !in->stopped;
}

const char *g2_get(struct g2_interp *in, const char *name)
{
	return g2_env_get(in->env, name);
}

int g2_set(struct g2_interp *in, const char *name, const char *value)
{
	int r = g2_env_set(in->env, name, value);

	if (r == -E2BIG) {
		g2_warn(in, "variable %.40s not set: value or variables too "
			"large", name);
		return G2_FAIL;
	}
	return r;
}

static int set_status(struct g2_interp *in, int status)
{
	char buf[16], *p = buf + sizeof(buf) - 1;
	unsigned v = status;
	int r;

	if (status < 0)
		return status;
	/* after every command: cheaper than snprintf */
	*p = '\0';
	do {
		*--p = '0' + v % 10;
		v /= 10;
	} while (v);
	r = g2_env_set_status(in->env, p);
	return r == -ENOMEM ? r : status;
}

/* GRUB's recursion bound, counted as it counts: false when reached. */
static bool nest(struct g2_interp *in)
{
	if (in->exec_depth >= G2_MAX_EXEC_DEPTH) {
		g2_warn(in, "commands nested too deep: maximum recursion "
			"depth exceeded");
		return false;
	}
	in->exec_depth++;
	return true;
}

int g2_run_list(struct g2_interp *in, const struct g2_list *list)
{
	int status = 0;
	unsigned i;

	if (!nest(in))
		return G2_FAIL;
	for (i = 0; list && i < list->n; i++) {
		if (in->active_breaks || in->stopped || in->booted ||
		    in->unwind)
			break;
		status = run_cmd(in, list->cmds[i]);
		if (status < 0 || in->func_return)
			break;
	}
	in->exec_depth--;
	return status;
}

static struct g2_func *find_func(struct g2_interp *in, const char *name)
{
	struct g2_func *f;

	HASH_FIND_STR(in->funcs, name, f);
	return f;
}

static int define_func(struct g2_interp *in, const struct g2_cmd *c)
{
	struct g2_func *f = find_func(in, c->u.func.name);
	unsigned n = HASH_COUNT(in->funcs);
	size_t len;

	if (!f) {
		if (n >= G2_MAX_FUNCS) {
			g2_warn(in, "too many functions: %s ignored",
				c->u.func.name);
			return G2_FAIL;
		}
		len = strlen(c->u.func.name);
		f = calloc(1, sizeof(*f) + len + 1);
		if (!f)
			return -ENOMEM;
		memcpy(f->name, c->u.func.name, len + 1);
		HASH_ADD_KEYPTR(hh, in->funcs, f->name, len, f);
		if (!HASH_ADDED(in->funcs, n)) {
			free(f);
			return -ENOMEM;
		}
	}
	g2_unit_unref(f->unit);
	f->unit = g2_unit_ref(in->unit);
	f->body = c->u.func.body;
	return G2_OK;
}

static int call_func(struct g2_interp *in, struct g2_func *f, int argc,
		     char **argv)
{
	struct g2_scope scope = { .argc = argc, .argv = argv };
	struct g2_scope *old_scope = in->scope;
	struct g2_unit *old_unit = in->unit;
	struct g2_unit *unit = g2_unit_ref(f->unit);
	unsigned loops = in->active_loops;
	int status;

	if (in->call_depth >= G2_MAX_CALL_DEPTH) {
		g2_warn(in, "function %s: calls nested too deep", f->name);
		in->unwind = true;
		g2_unit_unref(unit);
		return G2_FAIL;
	}
	in->call_depth++;
	in->active_loops = 0;
	in->scope = &scope;
	in->unit = unit;
	status = g2_run_list(in, f->body);
	in->unit = old_unit;
	in->scope = old_scope;
	in->func_return = false;
	in->active_loops = loops;
	if (!--in->call_depth)
		in->unwind = false;
	g2_scope_release(&scope);
	g2_unit_unref(unit);
	return status;
}

void g2_scope_release(struct g2_scope *sc)
{
	unsigned i;

	if (!sc->owned)
		return;
	for (i = 0; i < sc->argc; i++)
		free(sc->argv[i]);
	free(sc->argv);
	sc->owned = false;
}

static bool special_name(const char *name)
{
	return (name[0] >= '0' && name[0] <= '9') || !strcmp(name, "#") ||
	       !strcmp(name, "*") || !strcmp(name, "@");
}

/* "name=value" when no command or function has that name. */
static int assign(struct g2_interp *in, const char *word)
{
	const char *eq = strchr(word, '=');
	char *name;
	int r;

	if (!eq)
		return g2_warn_unknown(in, word) ? -ENOMEM : G2_OK;
	name = strndup(word, eq - word);
	if (!name)
		return -ENOMEM;
	if (special_name(name)) {
		g2_warn(in, "invalid variable name `%.60s'", name);
		r = G2_FAIL;
	} else {
		r = g2_set(in, name, eq + 1);
	}
	free(name);
	return r;
}

/* A block given to a command other than menuentry is one more word. */
static void add_block_word(struct g2_argv *a, const struct g2_cmd *c)
{
	const char *t = c->u.simple.block_text;

	if (!c->u.simple.block)
		return;
	g2_argv_next(a);
	g2_argv_append(a, "{", 1);
	if (t)
		g2_argv_append(a, t, strlen(t));
	g2_argv_append(a, "}", 1);
	g2_argv_finish(a);
}

/* first: argv[0] is what the command's first word expanded to */
static int dispatch(struct g2_interp *in, const struct g2_cmd *c, int argc,
		    char **argv, bool first)
{
	struct g2_cmdctx cc = {
		.block = c->u.simple.block,
		.block_text = c->u.simple.block_text,
		.span = c->u.simple.span,
		.unit = in->unit,
	};
	g2_builtin_fn fn = first && c->u.simple.builtin_known ?
			   c->u.simple.builtin : g2_builtin_find(argv[0]);
	struct g2_func *f;

	if (fn)
		return fn(in, argc, argv, &cc);
	f = find_func(in, argv[0]);
	if (f)
		return call_func(in, f, argc - 1, argv + 1);
	return assign(in, argv[0]);
}

static int run_simple(struct g2_interp *in, const struct g2_cmd *c)
{
	struct g2_argv a = { 0 };
	bool invert = false;
	char **argv;
	int argc, status;

	if (!g2_step(in))
		return G2_FAIL;
	status = g2_expand(in, c->u.simple.words, c->u.simple.argc, &a);
	if (!status && c->u.simple.block && a.n &&
	    strcmp(a.v[0], "menuentry") && strcmp(a.v[0], "submenu")) {
		add_block_word(&a, c);
		status = a.err;
	}
	if (status) {
		g2_argv_put(in, &a);
		if (status == -ENOMEM)
			return status;
		g2_warn(in, "command line too long");
		return G2_FAIL;
	}
	argc = a.n;
	argv = a.v;
	if (argc && !strcmp(argv[0], "!")) {
		invert = true;
		argc--;
		argv++;
		if (!argc) {
			g2_argv_put(in, &a);
			return G2_FAIL;
		}
	}
	status = argc ? dispatch(in, c, argc, argv, !invert) : G2_OK;
	g2_argv_put(in, &a);
	if (invert && status >= 0)
		status = status ? G2_OK : G2_FAIL;
	return status;
}

static int run_if(struct g2_interp *in, const struct g2_cmd *c)
{
	const char *r;
	int status;

	status = g2_run_list(in, c->u.cif.cond);
	if (status < 0 || in->func_return)
		return status;
	status = set_status(in, status);
	if (status < 0)
		return status;
	r = g2_get(in, "?");
	if (r && !strcmp(r, "0"))
		return g2_run_list(in, c->u.cif.then_list);
	return c->u.cif.else_list ? g2_run_list(in, c->u.cif.else_list) : 0;
}

static int run_for(struct g2_interp *in, const struct g2_cmd *c)
{
	struct g2_argv a = { 0 };
	int status = 0, r;
	unsigned i;

	r = g2_expand(in, c->u.cfor.words, c->u.cfor.n, &a);
	if (r) {
		g2_argv_put(in, &a);
		return r == -ENOMEM ? r : G2_FAIL;
	}
	in->active_loops++;
	for (i = 0; i < a.n && status >= 0 && !in->stopped; i++) {
		if (in->is_continue && in->active_breaks == 1)
			in->active_breaks = 0;
		if (in->active_breaks)
			continue;
		r = g2_set(in, c->u.cfor.name, a.v[i]);
		if (r < 0) {
			status = r;
			break;
		}
		status = g2_run_list(in, c->u.cfor.body);
		if (in->func_return)
			break;
	}
	if (in->active_breaks)
		in->active_breaks--;
	in->active_loops--;
	g2_argv_put(in, &a);
	return status;
}

static int run_loop(struct g2_interp *in, const struct g2_cmd *c)
{
	bool until = c->type == G2C_UNTIL;
	int status;

	in->active_loops++;
	for (;;) {
		if (!g2_step(in)) {
			status = G2_FAIL;
			break;
		}
		status = g2_run_list(in, c->u.loop.cond);
		if (status < 0 || in->func_return)
			break;
		if (until ? !status : status)
			break;
		status = g2_run_list(in, c->u.loop.body);
		if (status < 0 || in->func_return)
			break;
		if (in->active_breaks == 1 && in->is_continue)
			in->active_breaks = 0;
		if (in->active_breaks)
			break;
	}
	if (in->active_breaks)
		in->active_breaks--;
	in->active_loops--;
	return status;
}

static int run_cmd(struct g2_interp *in, const struct g2_cmd *c)
{
	unsigned old_line = in->line;
	int status;

	if (!in->keep_line)
		in->line = c->line;
	if (!nest(in)) {
		in->line = old_line;
		return set_status(in, G2_FAIL);
	}
	switch (c->type) {
	case G2C_SIMPLE:
		status = run_simple(in, c);
		break;
	case G2C_IF:
		status = run_if(in, c);
		break;
	case G2C_FOR:
		status = run_for(in, c);
		break;
	case G2C_WHILE:
	case G2C_UNTIL:
		status = run_loop(in, c);
		break;
	default:
		status = define_func(in, c);
		break;
	}
	in->exec_depth--;
	in->line = old_line;
	return set_status(in, status);
}

/*
 * Parse and run text unit by unit. stop_on_error: stop at the first syntax
 * error (menu entry bodies given as text) instead of going on with the
 * next line (config files).
 */
int g2_run_text(struct g2_interp *in, struct g2_text *t,
		const struct g2_span *sp, bool stop_on_error)
{
	struct g2_span all = { .off = 0, .len = t->len, .line = 1 };
	struct g2_unit *old_unit = in->unit, *u;
	struct g2_lexer lx;
	const char *msg = NULL;
	unsigned line = 0;
	int r, status = 0;

	g2_lex_init_span(&lx, t, sp ? sp : &all);
	while (!in->stopped) {
		r = g2_parse_unit_cached(in, &lx, &u, &msg, &line);
		if (r == -ENOMEM) {
			status = r;
			break;
		}
		if (r) {
			if (!in->keep_line)
				in->line = line;
			g2_warn(in, "%s%s", r == -E2BIG ? "too large: " : "",
				msg ? msg : "syntax error");
			if (stop_on_error)
				break;
			g2_lex_skip_line(&lx);
			continue;
		}
		if (!u)
			break;
		in->unit = u;
		status = g2_run_list(in, u->list);
		in->unit = old_unit;
		g2_unit_done(&lx, u);
		if (status < 0)
			break;
	}
	g2_lex_release(&lx);
	return status;
}

int g2_run_buffer(struct g2_interp *in, const char *path, struct g2_text *t)
{
	const char *old_file = in->file;
	unsigned old_line = in->line;
	bool keep = in->keep_line;
	int status;

	in->file = path;
	in->keep_line = false;
	status = g2_run_text(in, t, NULL, false);
	in->file = old_file;
	in->line = old_line;
	in->keep_line = keep;
	return status;
}

int g2_run_body(struct g2_interp *in, const struct g2_entry *e)
{
	struct g2_scope scope = { .argc = e->argc, .argv = e->args };
	struct g2_scope *old_scope = in->scope;
	struct g2_unit *old_unit = in->unit;
	const char *old_file = in->file;
	unsigned loops = in->active_loops, old_line = in->line;
	bool keep = in->keep_line;
	int status;

	in->scope = &scope;
	in->file = e->config;
	in->line = e->line;
	in->active_loops = 0;
	in->keep_line = e->own_text;
	if (e->text) {
		status = g2_run_text(in, e->text, &e->span, true);
	} else {
		in->unit = e->unit;
		status = g2_run_list(in, e->body);
	}
	in->active_loops = loops;
	in->active_breaks = 0;
	in->unit = old_unit;
	in->scope = old_scope;
	in->file = old_file;
	in->line = old_line;
	in->keep_line = keep;
	in->func_return = false;
	g2_scope_release(&scope);
	return status;
}
