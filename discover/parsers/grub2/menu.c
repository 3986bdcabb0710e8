/*
 * menu.c: GRUB menus and what baton makes of them. When GRUB shows a menu
 * (the config's at its end, a configfile's when that file ends), every
 * entry is run the way GRUB runs the one a user picks: a leaf in the
 * menu's own environment (an overlay thrown away afterwards) with
 * "chosen" and the rest of a "a>b" default set; a submenu in a new context
 * of exported variables, its body filling a new menu, shown in turn.
 * Entries that loaded a Linux or multiboot kernel become boot options.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/grub2/grub2-internal.h"
#include "lib/text.h"

void g2_entry_free(struct g2_entry *e)
{
	unsigned i;

	if (!e)
		return;
	free(e->id);
	for (i = 0; i < e->argc; i++)
		free(e->args[i]);
	free(e->args);
	g2_unit_unref(e->unit);
	g2_text_unref(e->text);
	free(e->origin);
	free(e->config);
	free(e);
}

int g2_entry_own_text(struct g2_interp *in, struct g2_entry *e, char *src)
{
	size_t len = src ? strlen(src) : 0;
	int r = g2_text_take(in, src, len, &e->text);

	if (r)
		return r;
	e->span = (struct g2_span){ .off = 0, .len = len, .line = e->line };
	e->own_text = true;
	return 0;
}

void g2_menu_free(struct g2_menu *m)
{
	unsigned i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++)
		g2_entry_free(m->v[i]);
	free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}

int g2_menu_add(struct g2_interp *in, struct g2_entry *e)
{
	struct g2_menu *m = in->menu;
	struct g2_entry **v;

	if (!m) {
		g2_entry_free(e);
		return G2_OK;
	}
	if (in->entries >= G2_MAX_ENTRIES) {
		if (in->entries++ == G2_MAX_ENTRIES)
			g2_warn(in, "more than %d menu entries: the rest are "
				"ignored", G2_MAX_ENTRIES);
		g2_entry_free(e);
		return G2_FAIL;
	}
	if (m->n == m->cap) {
		unsigned cap = m->cap ? m->cap * 2 : 8;

		v = realloc(m->v, cap * sizeof(*v));
		if (!v) {
			g2_entry_free(e);
			return -ENOMEM;
		}
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n++] = e;
	in->entries++;
	return G2_OK;
}

/* ---- the default -------------------------------------------------------- */

/*
 * Does name equal the first element of the path spec ("a>b", where ">>"
 * stands for '>')? As GRUB's menuentry_eq, an empty name never does.
 */
static bool head_eq(const char *name, const char *spec)
{
	const char *start = spec;

	for (;;) {
		if (*spec == '>' && spec[1] != '>')
			return !*name && spec != start;
		if (*spec == '>')
			spec++;
		if (*name != *spec)
			return false;
		if (!*name)
			return spec != start;
		name++;
		spec++;
	}
}

/* What follows the first unescaped '>' of a default, or NULL. */
static const char *default_rest(const char *def)
{
	const char *p;

	for (p = def; p && *p; p++) {
		if (p[0] == '>' && p[1] == '>') {
			p++;
			continue;
		}
		if (p[0] == '>')
			return p[1] ? p + 1 : NULL;
	}
	return NULL;
}

/*
 * The index GRUB boots in menu m: "default" matched against ids, then
 * titles (as Fedora's GRUB does; upstream tries a number first, which
 * only differs for ids that start with a digit), then as a number;
 * anything else (or out of range) is 0.
 */
static unsigned menu_default(struct g2_interp *in, const struct g2_menu *m)
{
	const char *def = g2_get(in, "default");
	unsigned long n;
	bool found;
	unsigned i;

	if (!def)
		return 0;
	for (i = 0; i < m->n; i++)
		if (head_eq(m->v[i]->id, def))
			return i;
	for (i = 0; i < m->n; i++)
		if (head_eq(m->v[i]->title, def))
			return i;
	n = g2_strtoul(def, NULL, 0, &found);
	return found && n < m->n ? n : 0;
}

/* ---- options ------------------------------------------------------------ */

/* Replace invalid UTF-8 by '?' in place; true if something changed. */
static bool fix_utf8(char *s)
{
	return s && text_fix_utf8(s, strlen(s));
}

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

static bool fix_file(struct boot_file *f)
{
	bool a, b, c;

	if (!f)
		return false;
	a = fix_utf8(f->path);
	b = fix_utf8(f->ref_value);
	c = fix_utf8(f->url);
	return a || b || c;
}

/* Make every string of opt valid UTF-8 (JSON needs it), say if needed. */
static void check_text(struct g2_interp *in, struct boot_option *opt)
{
	bool bad, named;
	size_t i;

	named = fix_utf8(opt->name);
	named |= fix_utf8(opt->key);
	bad = named;
	bad |= fix_utf8(opt->cmdline);
	bad |= fix_utf8(opt->config);
	bad |= fix_utf8(opt->origin);
	bad |= fix_utf8(opt->error);
	/*
	 * The ids are copies of the key and the name, and of the entry's id
	 * and title, their ends after a '>' (name_option): valid when the
	 * key and the name were.
	 */
	for (i = 0; named && opt->ids && opt->ids[i]; i++)
		bad |= fix_utf8(opt->ids[i]);
	bad |= fix_file(opt->kernel);
	bad |= fix_file(opt->dtb);
	for (i = 0; opt->initrds && opt->initrds[i]; i++)
		bad |= fix_file(opt->initrds[i]);
	for (i = 0; opt->modules && opt->modules[i]; i++) {
		bad |= fix_file(opt->modules[i]->file);
		bad |= fix_utf8(opt->modules[i]->cmdline);
	}
	if (bad)
		g2_warn(in, "invalid UTF-8 replaced by '?' in entry %s",
			opt->name);
	if (has_control(opt->name))
		g2_warn(in, "entry title holds control characters");
}

/* "a>b>c" from the path's titles (or ids) and this entry's. */
static char *join_path(struct g2_interp *in, const char *last, bool ids)
{
	size_t len[G2_MAX_MENU_DEPTH], total = strlen(last) + 1, at = 0;
	const char *s;
	unsigned i;
	char *out;

	/* allocated at its size: an option keeps two of these */
	for (i = 0; i < in->npath; i++) {
		s = ids ? in->path[i].id : in->path[i].title;
		len[i] = strlen(s);
		total += len[i] + 1;
	}
	out = malloc(total);
	if (!out)
		return NULL;
	for (i = 0; i < in->npath; i++) {
		memcpy(out + at, ids ? in->path[i].id : in->path[i].title,
		       len[i]);
		at += len[i];
		out[at++] = '>';
	}
	memcpy(out + at, last, total - at);
	return out;
}

/*
 * Names, key and ids of the option for entry e: the key, the name and,
 * inside a submenu, the entry's own id and title, each once. The array
 * grows once for all of them.
 */
static int name_option(struct g2_interp *in, const struct g2_entry *e,
		       struct boot_option *opt)
{
	const char *want[4];
	size_t n = 0, have = 0, i, j;
	char **ids;

	opt->name = join_path(in, e->title, false);
	opt->key = join_path(in, e->id, true);
	if (!opt->name || !opt->key)
		return -ENOMEM;
	want[n++] = opt->key;
	want[n++] = opt->name;
	if (in->npath) {
		want[n++] = e->id;
		want[n++] = e->title;
	}
	while (opt->ids && opt->ids[have])
		have++;
	ids = realloc(opt->ids, (have + n + 1) * sizeof(*ids));
	if (!ids)
		return -ENOMEM;
	opt->ids = ids;
	ids[have] = NULL;
	for (i = 0; i < n; i++) {
		for (j = 0; j < have && strcmp(ids[j], want[i]); j++)
			;
		if (j < have)
			continue;
		ids[have] = strdup(want[i]);
		if (!ids[have])
			return -ENOMEM;
		ids[++have] = NULL;
	}
	return 0;
}

static int take_files(struct boot_option *opt, struct g2_boot *b)
{
	size_t i;
	int r = 0;

	opt->kernel = b->kernel;
	b->kernel = NULL;
	opt->cmdline = b->cmdline;
	b->cmdline = NULL;
	opt->dtb = b->dtb;
	b->dtb = NULL;
	for (i = 0; i < b->initrds.n; i++)
		if (!r)
			r = boot_option_add_initrd(opt, b->initrds.v[i]);
		else
			boot_file_free(b->initrds.v[i]);
	b->initrds.n = 0;
	for (i = 0; i < b->modules.n; i++) {
		struct boot_module *m = b->modules.v[i];

		if (!r)
			r = boot_option_add_module(opt, m->file, m->cmdline);
		else
			boot_file_free(m->file);
		free(m->cmdline);
		free(m);
	}
	b->modules.n = 0;
	return r;
}

/* The boot option of a leaf entry that loaded a kernel. */
static int emit(struct g2_interp *in, const struct g2_entry *e,
		struct g2_boot *b, bool is_default)
{
	struct boot_option *opt;
	int r;

	if (!b->kernel || (b->loader != G2L_LINUX &&
			   b->loader != G2L_MULTIBOOT &&
			   b->loader != G2L_MULTIBOOT2))
		return 0;
	opt = boot_option_new();
	if (!opt)
		return -ENOMEM;
	opt->kind = strdup(b->loader == G2L_LINUX ? "linux" : "multiboot");
	opt->is_default = is_default;
	opt->error = b->note;
	b->note = NULL;
	r = opt->kind ? name_option(in, e, opt) : -ENOMEM;
	if (!r)
		r = take_files(opt, b);
	if (!r && e->origin && !(opt->origin = strdup(e->origin)))
		r = -ENOMEM;
	if (!r && e->origin_src && e->origin_src != in->ctx->source &&
	    !(opt->source = str_dup(e->origin_src->name)))
		r = -ENOMEM;
	if (!r && !(opt->config = strdup(opt->source ? e->origin : e->config)))
		r = -ENOMEM;
	if (r) {
		boot_option_free(opt);
		return r;
	}
	check_text(in, opt);
	r = parse_add_option(in->ctx, opt, e->config);
	if (r == -E2BIG)
		in->full = true;
	return r == -ENOMEM ? r : 0;
}

/* ---- running entries ---------------------------------------------------- */

static int show_at(struct g2_interp *in, struct g2_menu *m, bool on_default);

/*
 * Set "chosen" (the id path, '>' doubled) and "default" to the rest of an
 * "a>b" default (unset without one), as GRUB does before running an entry.
 */
static int set_chosen(struct g2_interp *in, const struct g2_entry *e,
		      const char *rest)
{
	const char *old = g2_get(in, "chosen"), *p, *q;
	size_t olen = old ? strlen(old) : 0;
	/* at most: the old path, '>', the id with every byte doubled */
	size_t n = olen + 1 + 2 * strlen(e->id) + 1;
	char stack[256], *buf = n <= sizeof(stack) ? stack : malloc(n), *w;
	int r;

	if (!buf)
		return -ENOMEM;
	w = buf;
	if (old) {
		memcpy(w, old, olen);
		w += olen;
		*w++ = '>';
	}
	/* runs up to and with each '>', then that '>' again */
	for (p = e->id; (q = strchr(p, '>')); p = q + 1) {
		memcpy(w, p, q - p + 1);
		w += q - p + 1;
		*w++ = '>';
	}
	strcpy(w, p);
	r = g2_set(in, "chosen", buf);
	if (buf != stack)
		free(buf);
	if (r >= 0)
		r = g2_env_export(in->env, "chosen");
	if (r >= 0)
		r = rest ? g2_set(in, "default", rest) :
		    g2_env_unset(in->env, "default");
	return r < 0 && r != -E2BIG ? r : 0;
}

static bool push_path(struct g2_interp *in, const struct g2_entry *e)
{
	if (in->npath >= G2_MAX_MENU_DEPTH) {
		g2_warn(in, "menus nested too deep: %s skipped", e->title);
		return false;
	}
	in->path[in->npath].title = e->title;
	in->path[in->npath].id = e->id;
	in->npath++;
	return true;
}

/* Run the body of e under a fresh per-entry step budget. */
static int run_entry_body(struct g2_interp *in, const struct g2_entry *e)
{
	int r;

	in->entry_steps_left = G2_ENTRY_STEPS;
	in->run_work = 0;
	r = g2_run_body(in, e);
	in->stopped = in->halt;
	in->booted = false;
	return r < 0 ? r : 0;
}

static int show_leaf(struct g2_interp *in, const struct g2_entry *e,
		     bool is_default, const char *rest)
{
	struct g2_boot boot = { 0 }, *old_boot = in->boot;
	struct g2_menu *old_menu = in->menu;
	struct g2_env overlay, *old_env = in->env;
	bool old_default = in->cur_default;
	int r;

	r = g2_env_init(&overlay, &in->env_bytes, in->env);
	if (r)
		return r;
	in->env = &overlay;
	in->boot = &boot;
	in->menu = NULL;
	in->cur_default = is_default;
	r = set_chosen(in, e, rest);
	if (!r && push_path(in, e)) {
		r = run_entry_body(in, e);
		in->npath--;
	}
	in->cur_default = old_default;
	in->menu = old_menu;
	in->boot = old_boot;
	in->env = old_env;
	if (!r)
		r = emit(in, e, &boot, is_default && !boot.nested_shown);
	g2_boot_release(&boot);
	g2_env_release(&overlay);
	return r;
}

static int show_submenu(struct g2_interp *in, struct g2_entry *e,
			bool is_default, const char *rest)
{
	struct g2_menu sub = { 0 }, *old_menu = in->menu;
	struct g2_boot *old_boot = in->boot;
	struct g2_env ctx, *old_env = in->env;
	int r;

	r = g2_env_open_context(&ctx, in->env, &in->env_bytes);
	if (r == -E2BIG)
		g2_warn(in, "submenu %s: too many variables", e->title);
	if (r)
		return r == -E2BIG ? 0 : r;
	in->env = &ctx;
	in->menu = &sub;
	in->boot = NULL;
	r = set_chosen(in, e, rest);
	if (!r && push_path(in, e)) {
		r = run_entry_body(in, e);
		/*
		 * A menu is shown once: the submenu's tree is not needed
		 * again, and goes before the options of its entries come.
		 */
		g2_unit_unref(e->unit);
		e->unit = NULL;
		e->body = NULL;
		in->menu = old_menu;
		in->boot = old_boot;
		if (!r)
			r = show_at(in, &sub, is_default);
		in->npath--;
	}
	in->menu = old_menu;
	in->boot = old_boot;
	in->env = old_env;
	g2_menu_free(&sub);
	g2_env_release(&ctx);
	return r;
}

static int show_at(struct g2_interp *in, struct g2_menu *m, bool on_default)
{
	const char *rest = default_rest(g2_get(in, "default"));
	unsigned i, def = on_default ? menu_default(in, m) : m->n;
	char *rest_copy = rest ? strdup(rest) : NULL;
	int r = rest && !rest_copy ? -ENOMEM : 0;

	for (i = 0; !r && i < m->n && !in->halt && !in->full; i++) {
		if (m->v[i]->submenu)
			r = show_submenu(in, m->v[i], i == def, rest_copy);
		else
			r = show_leaf(in, m->v[i], i == def, rest_copy);
	}
	free(rest_copy);
	return r;
}

int g2_show_menu(struct g2_interp *in, struct g2_menu *m)
{
	const char *t;
	unsigned long n;
	bool on_default, found;

	if (!m->n)
		return 0;
	if (in->boot) {
		/* a configfile run by an entry: its menu shows inside it */
		in->boot->nested_shown = true;
		return show_at(in, m, in->cur_default);
	}
	on_default = !in->default_done;
	if (on_default) {
		in->default_done = true;
		t = g2_get(in, "timeout");
		if (t) {
			n = g2_strtoul(t, NULL, 0, &found);
			parse_set_timeout(in->ctx, found && n < 0x7fffffff ?
					  (int)n : -1);
		}
	}
	return show_at(in, m, on_default);
}
