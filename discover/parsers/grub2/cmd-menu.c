/*
 * cmd-menu.c: menuentry and submenu (options as GRUB's extcmd parses
 * them; the title is $1 in the body, further words $2 ...), source and
 * configfile (bounded nesting; configfile gets a new context and menu,
 * shown when the file ends), and load_env (GRUB's environment block,
 * $prefix/grubenv by default).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/grub2/grub2-internal.h"

enum { M_CLASS, M_USERS, M_HOTKEY, M_SOURCE, M_ID, M_UNRESTRICTED, M_N };

static const struct g2_opt menu_opts[] = {
	/* given many times; the classes are not kept, so not gathered */
	[M_CLASS] = { "class", 0, G2O_ARG },
	[M_USERS] = { "users", 0, G2O_ARG },
	[M_HOTKEY] = { "hotkey", 0, G2O_ARG },
	[M_SOURCE] = { "source", 0, G2O_ARG },
	[M_ID] = { "id", 0, G2O_ARG },
	[M_UNRESTRICTED] = { "unrestricted", 0, G2O_NONE },
	[M_N] = { NULL, 0, 0 },
};

static struct g2_entry *new_entry(struct g2_interp *in, char **pos, int npos,
				  const char *id)
{
	struct g2_entry *e = calloc(1, sizeof(*e));
	int i;

	if (!e)
		return NULL;
	e->args = calloc(npos, sizeof(*e->args));
	e->id = strdup(id ? id : pos[0]);
	e->config = strdup(in->file ? in->file : "");
	e->line = in->line;
	if (!e->args || !e->id || !e->config)
		goto fail;
	for (i = 0; i < npos; i++, e->argc++)
		if (!(e->args[i] = strdup(pos[i])))
			goto fail;
	e->title = e->args[0];
	return e;
fail:
	g2_entry_free(e);
	return NULL;
}

int g2_cmd_menuentry(struct g2_interp *in, int argc, char **argv,
		     const struct g2_cmdctx *cc)
{
	struct g2_optval v[M_N] = { 0 };
	struct g2_entry *e = NULL;
	bool eaten = false, block;
	const char *err = NULL;
	char **pos;
	int npos, r;

	r = g2_getopt(menu_opts, v, argc - 1, argv + 1, true,
		      cc->block || cc->span, &pos, &npos, &eaten, &err);
	block = (cc->block || cc->span) && !eaten;
	if (!r && (!npos || eaten || block == v[M_SOURCE].set)) {
		err = !npos ? "missing title" : block ?
		      "a body and --source" : "no body";
		r = -EINVAL;
	}
	if (r == -EINVAL)
		g2_warn(in, "%s: %s", argv[0], err);
	if (!r && in->menu && in->entries >= G2_MAX_ENTRIES) {
		/* past the bound: counted and said by g2_menu_add, not made */
		free(pos);
		g2_optvals_release(menu_opts, v);
		return g2_menu_add(in, NULL);
	}
	if (!r) {
		e = new_entry(in, pos, npos, v[M_ID].arg);
		r = e ? 0 : -ENOMEM;
	}
	if (e) {
		e->submenu = argv[0][0] == 's';
		if (block && cc->span) {
			/* a span of the text its unit was parsed from */
			e->text = g2_text_ref(cc->unit ? cc->unit->text : NULL);
			e->span = *cc->span;
		} else if (block) {
			e->body = cc->block;
			e->unit = g2_unit_ref(cc->unit);
		} else {
			r = g2_entry_own_text(in, e, strdup(v[M_SOURCE].arg));
		}
		if (r || (block && cc->span && !e->text)) {
			g2_entry_free(e);
			e = NULL;
			r = r ? r : -EINVAL;
		}
	}
	free(pos);
	g2_optvals_release(menu_opts, v);
	if (r)
		return r == -ENOMEM ? r : G2_FAIL;
	return g2_menu_add(in, e);
}

/* ---- source and configfile ---------------------------------------------- */

static bool is_config_path(const char *path)
{
	const char *const *p;
	const char *star;
	size_t n;

	for (p = g2_config_paths; *p; p++) {
		star = strchr(*p, '*');
		if (!star) {
			if (!strcmp(*p, path))
				return true;
			continue;
		}
		n = star - *p;
		if (!strncmp(*p, path, n) && strchr(path + n, '/') &&
		    !strcmp(strchr(path + n, '/'), star + 1))
			return true;
	}
	return false;
}

/* Save, set and later restore config_file and config_directory. */
struct cfgvars {
	char *file, *dir;
};

static int cfgvars_set(struct g2_interp *in, struct cfgvars *s,
		       const char *name)
{
	const char *slash = strrchr(name, '/');
	char *dir = strndup(name, slash ? (size_t)(slash - name) : 0);
	const char *f = g2_get(in, "config_file");
	const char *d = g2_get(in, "config_directory");
	int r;

	s->file = f ? strdup(f) : NULL;
	s->dir = d ? strdup(d) : NULL;
	if (!dir || (f && !s->file) || (d && !s->dir)) {
		free(dir);
		return -ENOMEM;
	}
	r = g2_set(in, "config_file", name);
	if (r >= 0)
		r = g2_env_export(in->env, "config_file");
	if (r >= 0)
		r = g2_set(in, "config_directory", dir);
	if (r >= 0)
		r = g2_env_export(in->env, "config_directory");
	free(dir);
	return r == -ENOMEM ? r : 0;
}

static int cfgvars_restore(struct g2_interp *in, struct cfgvars *s)
{
	int r = 0, r2 = 0;

	r = s->file ? g2_set(in, "config_file", s->file) :
	    g2_env_unset(in->env, "config_file");
	r2 = s->dir ? g2_set(in, "config_directory", s->dir) :
	     g2_env_unset(in->env, "config_directory");
	free(s->file);
	free(s->dir);
	return r == -ENOMEM || r2 == -ENOMEM ? -ENOMEM : 0;
}

static bool running(struct g2_interp *in, const struct source_info *si,
		    const char *path)
{
	unsigned i;

	for (i = 0; i <= in->depth; i++)
		if (in->active[i].src == si && in->active[i].path &&
		    !strcmp(in->active[i].path, path))
			return true;
	return false;
}

/*
 * Read a script for source/configfile; G2_OK with *buf, or a status. A
 * file that sources itself runs again, as in GRUB, until GRUB's recursion
 * bound stops it (G2_MAX_EXEC_DEPTH). configfile of a file already running
 * is not run again: it shows a menu already listed ("back to the main
 * menu" entries do this on purpose).
 */
static int read_script(struct g2_interp *in, const char *name, bool cfgfile,
		       char **buf, size_t *len, char **path,
		       const struct source_info **si)
{
	int r;

	if (in->depth + 1 >= ARRAY_SIZE(in->active)) {
		g2_warn(in, "%.80s: source/configfile nested too deep", name);
		return G2_FAIL;
	}
	r = g2_read(in, name, buf, len, si, path);
	if (r == -ENOMEM)
		return r;
	if (r == -EFBIG)
		g2_warn(in, "%.80s: larger than %u bytes, not read", name,
			PARSE_MAX_FILE_SIZE);
	else if (r == -EMFILE)
		g2_warn(in, "%.80s: too many files read", name);
	else if (r == -ENOSPC)
		g2_warn(in, "%.80s: not read: the files read hold %u MiB "
			"already", name, G2_MAX_READ_BYTES >> 20);
	else if (r)
		g2_warn(in, "%.80s: cannot be read (%s)", name,
			r == -ENOENT ? "no such file or partition" :
			strerror(-r));
	if (r)
		return G2_FAIL;
	if (*si != in->ctx->source && is_config_path(*path)) {
		g2_warn(in, "%.80s: the config of source %s is listed with "
			"that source", name, (*si)->name ? (*si)->name : "?");
		r = G2_FAIL;
	} else if (cfgfile && running(in, *si, *path)) {
		if (!in->boot)
			g2_warn(in, "%.80s: loops back to a file it runs from, "
				"not run again", name);
		r = G2_FAIL;
	}
	if (r) {
		free(*buf);
		free(*path);
	}
	return r;
}

static int run_script(struct g2_interp *in, const char *name, bool new_ctx)
{
	struct g2_menu menu = { 0 }, *old_menu = in->menu;
	struct g2_env ctx, *old_env = in->env;
	const struct source_info *si;
	struct cfgvars saved = { 0 };
	struct g2_text *text;
	char *buf, *path;
	size_t len;
	int r;

	r = read_script(in, name, new_ctx, &buf, &len, &path, &si);
	if (r != G2_OK)
		return r;
	r = g2_text_take(in, buf, len, &text);
	if (r) {
		free(path);
		return r;
	}
	if (new_ctx) {
		r = g2_env_open_context(&ctx, in->env, &in->env_bytes);
		if (r) {
			g2_text_unref(text);
			free(path);
			return r == -E2BIG ? G2_FAIL : r;
		}
		in->env = &ctx;
		in->menu = &menu;
	}
	in->depth++;
	in->active[in->depth].src = si;
	in->active[in->depth].path = path;
	r = cfgvars_set(in, &saved, name);
	if (!r)
		r = g2_run_buffer(in, path, text);
	in->active[in->depth].path = NULL;
	in->depth--;
	if (r >= 0 && new_ctx && menu.n)
		r = g2_show_menu(in, &menu);
	if (r >= 0 && !new_ctx)
		r = cfgvars_restore(in, &saved);
	else {
		free(saved.file);
		free(saved.dir);
	}
	if (new_ctx) {
		in->env = old_env;
		in->menu = old_menu;
		g2_menu_free(&menu);
		g2_env_release(&ctx);
	}
	g2_text_unref(text);
	free(path);
	return r;
}

int g2_cmd_source(struct g2_interp *in, int argc, char **argv,
		  const struct g2_cmdctx *cc)
{
	if (argc != 2)
		return G2_FAIL;
	return run_script(in, argv[1], false);
}

int g2_cmd_configfile(struct g2_interp *in, int argc, char **argv,
		      const struct g2_cmdctx *cc)
{
	int r;

	if (argc != 2)
		return G2_FAIL;
	r = run_script(in, argv[1], true);
	return r < 0 ? r : G2_OK;
}

/* ---- load_env ----------------------------------------------------------- */

static const struct g2_opt env_opts[] = {
	{ "file", 'f', G2O_ARG },
	{ "skip-sig", 's', G2O_NONE },
	{ NULL, 0, 0 },
};

/* A name load_env was asked for. */
struct envname {
	const char *name;	/* in the command's argv */
	UT_hash_handle hh;
};

struct envload {
	struct g2_interp *in;
	struct envname *only;	/* uthash set; NULL: every variable */
};

static int env_var(void *data, const char *name, const char *value)
{
	struct envload *el = data;
	struct envname *n;

	if (el->only) {
		HASH_FIND_STR(el->only, name, n);
		if (!n)
			return 0;
	}
	return g2_set(el->in, name, value) == -ENOMEM ? -ENOMEM : 0;
}

/* The set of names (the same name twice is one), or -ENOMEM. */
static int envnames(struct envname **set, struct envname *items,
		    char **names, int n)
{
	struct envname *found;
	unsigned before;
	int i;

	for (i = 0; i < n; i++) {
		HASH_FIND_STR(*set, names[i], found);
		if (found)
			continue;
		before = HASH_COUNT(*set);
		items[i].name = names[i];
		HASH_ADD_KEYPTR(hh, *set, names[i], strlen(names[i]),
				&items[i]);
		if (!HASH_ADDED(*set, before))
			return -ENOMEM;
	}
	return 0;
}

int g2_cmd_load_env(struct g2_interp *in, int argc, char **argv,
		    const struct g2_cmdctx *cc)
{
	struct g2_optval v[2] = { { 0 } };
	struct envload el = { .in = in };
	struct envname *items = NULL;
	const char *err, *prefix;
	char *file = NULL, *buf = NULL, **only;
	size_t len;
	int r, nonly;

	r = g2_getopt(env_opts, v, argc - 1, argv + 1, false, false,
		      &only, &nonly, NULL, &err);
	if (r)
		return r == -ENOMEM ? r : G2_FAIL;
	if (nonly) {
		items = calloc(nonly, sizeof(*items));
		r = items ? envnames(&el.only, items, only, nonly) : -ENOMEM;
		if (r)
			goto out;
	}
	prefix = g2_get(in, "prefix");
	if (v[0].set)
		file = strdup(v[0].arg);
	else if (prefix)
		file = str_printf("%s/grubenv", prefix);
	r = file ? g2_read(in, file, &buf, &len, NULL, NULL) :
	    prefix || v[0].set ? -ENOMEM : -ENOENT;
	if (!r) {
		r = g2_envblk_parse(buf, len, env_var, &el);
		if (r == -EINVAL)
			g2_warn(in, "%.80s: not a GRUB environment block",
				file);
	}
out:
	HASH_CLEAR(hh, el.only);
	free(items);
	free(buf);
	free(file);
	free(only);
	return r == -ENOMEM ? r : r ? G2_FAIL : G2_OK;
}
