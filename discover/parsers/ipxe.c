/*
 * ipxe.c: iPXE scripts (#!ipxe) run as far as they choose what boots:
 * settings, images (kernel, initrd, imgargs), boot and chain, goto and
 * labels, "&&"/"||" (isset and iseq evaluated, anything else taken to
 * succeed), and menus, where every `item` becomes an option (the script
 * is run on from its label). Nothing is fetched but scripts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "discover/parsers/ipxe-internal.h"
#include "lib/strbuf.h"
#include "lib/url.h"

#define IPXE_MAX_STEPS 100000	/* commands run, all branches together */
#define IPXE_MAX_IMAGES 64
#define IPXE_MAX_ITEMS 256
#define IPXE_MAX_LINES 65536

struct image {
	char *name;
	char *url;
	char *args;
};

struct script {
	char *url;
	char *buf;
	char **lines;		/* into buf */
	size_t n;
};

struct item {
	char *label;
	char *text;
};

/* What a branch of a run has set up; copied when a menu branches. */
struct machine {
	struct ipxe_vars vars;
	struct image *kernel;
	struct image *initrds[IPXE_MAX_IMAGES];
	size_t n_initrds;
	struct item items[IPXE_MAX_ITEMS];
	size_t n_items;
};

struct run {
	struct parse_ctx *ctx;
	const struct netboot_env *env;
	unsigned steps;
	bool steps_warned;
	struct script *scripts[PARSE_MAX_DEPTH];	/* chained, innermost last */
	unsigned depth;
	const void *menus[PARSE_MAX_DEPTH];	/* menus on the branch's path */
	unsigned n_menus;
};

/* Where a branch is and what its options are called. */
struct pos {
	struct script *s;
	size_t pc;
	const char *title;	/* menu item text(s), NULL: none yet */
	bool is_default;
};

enum flow { FLOW_NEXT, FLOW_STOP, FLOW_FAIL };

static int run_from(struct run *r, struct machine *m, struct pos *p);

/* ---- images and machines ---------------------------------------------- */

static void image_free(struct image *i)
{
	if (!i)
		return;
	free(i->name);
	free(i->url);
	free(i->args);
	free(i);
}

static struct image *image_dup(const struct image *i)
{
	struct image *d;

	if (!i)
		return NULL;
	d = calloc(1, sizeof(*d));
	if (d && (!(d->name = str_dup(i->name)) || !(d->url = str_dup(i->url)) ||
		  !(d->args = str_dup(i->args)))) {
		image_free(d);
		return NULL;
	}
	return d;
}

static void machine_release(struct machine *m)
{
	size_t i;

	ipxe_vars_release(&m->vars);
	image_free(m->kernel);
	for (i = 0; i < m->n_initrds; i++)
		image_free(m->initrds[i]);
	for (i = 0; i < m->n_items; i++) {
		free(m->items[i].label);
		free(m->items[i].text);
	}
	memset(m, 0, sizeof(*m));
}

static int machine_copy(struct machine *d, const struct machine *s)
{
	size_t i;

	memset(d, 0, sizeof(*d));
	if (ipxe_vars_copy(&d->vars, &s->vars))
		return -ENOMEM;
	if (s->kernel && !(d->kernel = image_dup(s->kernel)))
		goto oom;
	for (i = 0; i < s->n_initrds; i++) {
		d->initrds[i] = image_dup(s->initrds[i]);
		if (!d->initrds[i])
			goto oom;
		d->n_initrds++;
	}
	return 0;	/* menu items are the menu's, not the branch's */
oom:
	machine_release(d);
	return -ENOMEM;
}

static void free_images(struct machine *m)
{
	image_free(m->kernel);
	m->kernel = NULL;
	while (m->n_initrds)
		image_free(m->initrds[--m->n_initrds]);
}

/* ---- scripts ------------------------------------------------------------ */

static void script_free(struct script *s)
{
	if (!s)
		return;
	free(s->url);
	free(s->buf);
	free(s->lines);
	free(s);
}

/* Read and split url; NULL (with a diagnostic, or out of memory). */
static struct script *script_load(struct run *r, const char *url,
				  const char *from, unsigned line, int *ret)
{
	struct script *s = calloc(1, sizeof(*s));
	size_t len, i;
	char *p;

	*ret = -ENOMEM;
	if (!s || !(s->url = strdup(url)))
		goto fail;
	*ret = parse_read(r->ctx, NULL, url, &s->buf, &len);
	if (*ret) {
		if (*ret != -ENOMEM)
			parse_warn(r->ctx, from ? from : url, line,
				   "cannot read %s: %s", url, strerror(-*ret));
		goto fail;
	}
	p = s->buf + strspn(s->buf, " \t\r\n");
	if (strncasecmp(p, "#!ipxe", 6) || strlen(p) < len - (p - s->buf)) {
		parse_warn(r->ctx, url, 1, "not an iPXE script (no #!ipxe)");
		*ret = -EINVAL;
		goto fail;
	}
	*ret = -ENOMEM;
	s->lines = calloc(IPXE_MAX_LINES, sizeof(*s->lines));
	if (!s->lines)
		goto fail;
	for (i = 0; p && i < IPXE_MAX_LINES; i++) {
		s->lines[i] = p;
		p = strchr(p, '\n');
		if (p)
			*p++ = '\0';
		s->lines[i][strcspn(s->lines[i], "\r")] = '\0';
	}
	s->n = i;
	if (p)
		parse_warn(r->ctx, url, 0, "more than %d lines: the rest ignored",
			   IPXE_MAX_LINES);
	*ret = 0;
	return s;
fail:
	script_free(s);
	return NULL;
}

static const char *cur_url(const struct pos *p)
{
	return p->s->url;
}

/* ---- options ------------------------------------------------------------ */

static const char *base_name(const char *url)
{
	const char *end = url + strcspn(url, "?#"), *p = end;

	while (p > url && p[-1] != '/')
		p--;
	return p < end ? p : url;
}

static bool same_name(const struct image *i, const char *name)
{
	size_t n = strcspn(base_name(i->url), "?#");

	if (i->name)
		return streq(i->name, name);
	return strlen(name) == n && !strncmp(base_name(i->url), name, n);
}

/*
 * The initrds handed over: those the kernel line names with initrd=
 * (in that order; a name no image has is a file of its own), else all.
 */
static int add_initrds(struct run *r, const struct machine *m,
		       const struct pos *p, struct boot_option *o)
{
	const char *a = m->kernel->args ? m->kernel->args : "", *w;
	bool named = false;
	size_t i, n;
	int ret = 0;

	for (w = a; !ret && *w; w += n) {
		w += strspn(w, " ");
		n = strcspn(w, " ");
		if (n <= 7 || strncmp(w, "initrd=", 7))
			continue;
		char *name = str_ndup(w + 7, n - 7), *url = NULL;

		named = true;
		for (i = 0; name && !url && i < m->n_initrds; i++)
			if (same_name(m->initrds[i], name))	/* the first */
				url = strdup(m->initrds[i]->url);
		if (name && !url)
			url = url_resolve(cur_url(p), name);
		ret = url ? boot_option_add_initrd(o, boot_file_new_url(url))
			  : -ENOMEM;
		free(url);
		free(name);
	}
	for (i = 0; !ret && !named && i < m->n_initrds; i++)
		ret = boot_option_add_initrd(o, boot_file_new_url(m->initrds[i]->url));
	return ret;
}

static int emit(struct run *r, const struct machine *m, const struct pos *p,
		unsigned line)
{
	struct boot_option *o;
	const char *name;
	int ret;

	if (!m->kernel) {
		parse_warn(r->ctx, cur_url(p), line, "boot with no kernel loaded");
		return 0;
	}
	name = p->title ? p->title : m->kernel->name ? m->kernel->name :
	       base_name(m->kernel->url);
	o = boot_option_new();
	if (!o)
		return -ENOMEM;
	o->is_default = p->is_default;
	if (!(o->name = strdup(name)) || !(o->key = strdup(name)) ||
	    !(o->kernel = boot_file_new_url(m->kernel->url)) ||
	    !(o->cmdline = strdup(m->kernel->args ? m->kernel->args : "")) ||
	    (ret = add_initrds(r, m, p, o)) || (ret = netboot_check_schemes(o))) {
		boot_option_free(o);
		return -ENOMEM;
	}
	ret = parse_add_option(r->ctx, o, cur_url(p));
	return ret == -E2BIG ? 0 : ret;
}

/* ---- commands ----------------------------------------------------------- */

/* Image options (--name N, --autofree, ...): the index of the URI word. */
static int image_opts(char **w, int n, const char **name)
{
	int i;

	*name = NULL;
	for (i = 1; i < n && w[i][0] == '-'; i++) {
		if ((streq(w[i], "--name") || streq(w[i], "-n")) && i + 1 < n)
			*name = w[++i];
		else if (str_startswith(w[i], "--name="))
			*name = w[i] + 7;
		else if ((streq(w[i], "--timeout") || streq(w[i], "-t")) &&
			 i + 1 < n)
			i++;
	}
	return i;
}

static char *join(char **w, int from, int n)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	for (i = from; i < n; i++) {
		if (i > from)
			sb_addc(&sb, ' ');
		sb_adds(&sb, w[i]);
	}
	return sb.err ? NULL : sb.buf ? sb_detach(&sb) : strdup("");
}

static struct image *new_image(const struct pos *p, char **w, int n,
			       int *ret)
{
	struct image *i = calloc(1, sizeof(*i));
	const char *name;
	int u = image_opts(w, n, &name);

	*ret = -ENOMEM;
	if (!i)
		return NULL;
	if (u >= n) {
		*ret = -EINVAL;
		free(i);
		return NULL;
	}
	if ((name && !(i->name = strdup(name))) ||
	    !(i->url = url_resolve(cur_url(p), w[u])) ||
	    !(i->args = join(w, u + 1, n))) {
		image_free(i);
		return NULL;
	}
	*ret = 0;
	return i;
}

/* chain's target is another script, going by its name. */
static bool names_script(const char *url)
{
	static const char *const ext[] = { ".ipxe", ".cfg", ".txt", ".php",
					   ".sh", ".pl", ".py", ".cgi" };
	size_t n = strcspn(url, "?#"), i, e;

	if (url[n] == '?' || (n && url[n - 1] == '/'))
		return true;
	for (i = 0; i < ARRAY_SIZE(ext); i++) {
		e = strlen(ext[i]);
		if (n > e && !strncasecmp(url + n - e, ext[i], e))
			return true;
	}
	return false;
}

static enum flow chain_script(struct run *r, struct machine *m,
			      struct pos *p, const char *url, unsigned line,
			      int *ret)
{
	struct pos sub = { .title = p->title, .is_default = p->is_default };
	unsigned i;

	for (i = 0; i < r->depth; i++) {
		if (!streq(r->scripts[i]->url, url))
			continue;
		parse_warn(r->ctx, cur_url(p), line,
			   "chain cycle: %s is already running", url);
		return FLOW_STOP;
	}
	if (r->depth >= PARSE_MAX_DEPTH) {
		parse_warn(r->ctx, cur_url(p), line,
			   "chain nested deeper than %d: %s not read",
			   PARSE_MAX_DEPTH, url);
		return FLOW_STOP;
	}
	sub.s = script_load(r, url, cur_url(p), line, ret);
	if (!sub.s) {
		*ret = *ret == -ENOMEM ? *ret : 0;
		return FLOW_STOP;
	}
	r->scripts[r->depth++] = sub.s;
	*ret = run_from(r, m, &sub);
	r->depth--;
	script_free(sub.s);
	return FLOW_STOP;
}

static enum flow do_kernel(struct run *r, struct machine *m, struct pos *p,
			   char **w, int n, unsigned line, bool now, int *ret)
{
	struct image *i = new_image(p, w, n, ret);

	if (!i) {
		if (*ret == -EINVAL)
			parse_warn(r->ctx, cur_url(p), line, "%s: no image named", w[0]);
		*ret = *ret == -EINVAL ? 0 : *ret;
		return FLOW_FAIL;
	}
	if (now && names_script(i->url)) {
		char *url = i->url;

		i->url = NULL;
		image_free(i);
		chain_script(r, m, p, url, line, ret);
		free(url);
		return FLOW_STOP;
	}
	image_free(m->kernel);
	m->kernel = i;
	if (!now)
		return FLOW_NEXT;
	*ret = emit(r, m, p, line);
	return FLOW_STOP;
}

static enum flow do_initrd(struct run *r, struct machine *m, struct pos *p,
			   char **w, int n, unsigned line, int *ret)
{
	struct image *i;

	if (m->n_initrds >= IPXE_MAX_IMAGES) {
		parse_warn(r->ctx, cur_url(p), line, "more than %d images",
			   IPXE_MAX_IMAGES);
		return FLOW_NEXT;
	}
	i = new_image(p, w, n, ret);
	if (!i) {
		if (*ret == -EINVAL)
			parse_warn(r->ctx, cur_url(p), line, "%s: no image named", w[0]);
		*ret = *ret == -EINVAL ? 0 : *ret;
		return FLOW_FAIL;
	}
	m->initrds[m->n_initrds++] = i;
	return FLOW_NEXT;
}

static enum flow do_imgargs(struct machine *m, char **w, int n, int *ret)
{
	struct image *i = NULL;
	size_t k;

	if (n < 2)
		return FLOW_FAIL;
	if (m->kernel && same_name(m->kernel, w[1]))
		i = m->kernel;
	for (k = 0; !i && k < m->n_initrds; k++)
		if (same_name(m->initrds[k], w[1]))
			i = m->initrds[k];
	if (!i)
		return FLOW_FAIL;
	free(i->args);
	i->args = join(w, 2, n);
	*ret = i->args ? 0 : -ENOMEM;
	return FLOW_NEXT;
}

/* The line of ":label" in p's script, or -1. */
static long find_label(const struct pos *p, const char *label)
{
	size_t i;

	for (i = 0; i < p->s->n; i++) {
		const char *l = p->s->lines[i] + strspn(p->s->lines[i], " \t");

		if (l[0] == ':' && !strncmp(l + 1, label, strlen(label)) &&
		    (unsigned char)l[1 + strlen(label)] <= ' ')
			return (long)i;
	}
	return -1;
}

static enum flow do_goto(struct run *r, struct pos *p, const char *label,
			 unsigned line)
{
	long at = label ? find_label(p, label) : -1;

	if (at < 0) {
		parse_warn(r->ctx, cur_url(p), line, "goto: no label '%s'",
			   label ? label : "");
		return FLOW_STOP;
	}
	p->pc = at + 1;
	return FLOW_NEXT;
}

static enum flow do_item(struct run *r, struct machine *m, struct pos *p,
			 char **w, int n, unsigned line, int *ret)
{
	int i;

	for (i = 1; i < n && w[i][0] == '-'; i++)
		if ((streq(w[i], "--key") || streq(w[i], "-k")) && i + 1 < n)
			i++;
		else if (streq(w[i], "--gap") || streq(w[i], "-g"))
			return FLOW_NEXT;
	if (i >= n)
		return FLOW_NEXT;	/* a gap */
	if (m->n_items >= IPXE_MAX_ITEMS) {
		parse_warn(r->ctx, cur_url(p), line, "more than %d menu items",
			   IPXE_MAX_ITEMS);
		return FLOW_NEXT;
	}
	m->items[m->n_items].label = strdup(w[i]);
	m->items[m->n_items].text = i + 1 < n ? join(w, i + 1, n) : strdup(w[i]);
	if (!m->items[m->n_items].label || !m->items[m->n_items].text) {
		free(m->items[m->n_items].label);
		free(m->items[m->n_items].text);
		*ret = -ENOMEM;
		return FLOW_STOP;
	}
	m->n_items++;
	return FLOW_NEXT;
}

/* ---- lines -------------------------------------------------------------- */

struct line {
	char *tok[IPXE_MAX_WORDS];	/* raw words, "&&" and "||" among them */
	int n;
	unsigned no;		/* line number */
};

static enum flow exec_rest(struct run *r, struct machine *m, struct pos *p,
			   const struct line *l, int from, int *ret);

static void choose_opts(char **w, int n, const char **var, const char **def,
			long *timeout_ms)
{
	int i;

	*var = *def = NULL;
	*timeout_ms = -1;
	for (i = 1; i < n; i++) {
		if ((streq(w[i], "--default") || streq(w[i], "-d")) && i + 1 < n)
			*def = w[++i];
		else if ((streq(w[i], "--timeout") || streq(w[i], "-t")) && i + 1 < n)
			*timeout_ms = strtol(w[++i], NULL, 10);
		else if ((streq(w[i], "--menu") || streq(w[i], "-m")) && i + 1 < n)
			i++;
		else if (w[i][0] != '-')
			*var = w[i];
	}
}

/* One branch of a menu: the item chosen, the rest of the line, then on. */
static int branch(struct run *r, const struct machine *m, const struct pos *p,
		  const struct line *l, int next, const char *var, size_t k,
		  bool is_default)
{
	const struct item *it = &m->items[k];
	struct pos sub = *p;
	struct machine b;
	char *title;
	int ret;

	title = p->title ? str_printf("%s>%s", p->title, it->text) :
			   strdup(it->text);
	if (!title || machine_copy(&b, m)) {
		free(title);
		return -ENOMEM;
	}
	sub.title = title;
	sub.is_default = is_default;
	ret = var ? ipxe_var_set(&b.vars, var, it->label) : 0;
	if (!ret && exec_rest(r, &b, &sub, l, next, &ret) == FLOW_NEXT && !ret)
		ret = run_from(r, &b, &sub);
	machine_release(&b);
	free(title);
	return ret;
}

static enum flow do_choose(struct run *r, struct machine *m, struct pos *p,
			   char **w, int n, const struct line *l, int next,
			   int *ret)
{
	const void *id = p->s->lines[p->pc - 1];
	const char *var, *def;
	long timeout_ms;
	size_t k, first = 0;
	unsigned i;

	for (i = 0; i < r->n_menus; i++)
		if (r->menus[i] == id)
			return FLOW_STOP;	/* back to a menu on the path */
	if (r->n_menus >= PARSE_MAX_DEPTH || !m->n_items)
		return FLOW_STOP;
	choose_opts(w, n, &var, &def, &timeout_ms);
	if (!r->n_menus && timeout_ms >= 0)
		parse_set_timeout(r->ctx, (int)((timeout_ms + 999) / 1000));
	for (k = 0; def && k < m->n_items; k++)
		if (streq(m->items[k].label, def))
			first = k;
	r->menus[r->n_menus++] = id;
	for (k = 0; !*ret && k < m->n_items; k++)
		*ret = branch(r, m, p, l, next, var, k, p->is_default && k == first);
	r->n_menus--;
	return FLOW_STOP;
}

static enum flow do_set(struct run *r, struct machine *m, char **w, int n,
			int *ret)
{
	char *v;

	if (n < 2)
		return FLOW_FAIL;
	if (streq(w[0], "clear")) {
		*ret = ipxe_var_set(&m->vars, w[1], NULL);
		return FLOW_NEXT;
	}
	v = join(w, 2, n);
	*ret = v ? ipxe_var_set(&m->vars, w[1], v) : -ENOMEM;
	free(v);
	return FLOW_NEXT;
}

/* Commands that change nothing baton lists (or that it cannot follow). */
static bool ignored(const char *cmd)
{
	static const char *const words[] = {
		"dhcp", "ifopen", "ifconf", "ifclose", "ifstat", "route", "echo",
		"prompt", "sleep", "ntp", "sync", "imgverify", "imgtrust",
		"console", "colour", "cpair", "params", "param", "login", "show",
		"cpuid", "read", "menu", "imgstat", "nstat", "vcreate", "vdestroy",
		"certstat", "certstore", "certfree", "time", "isset", "iseq",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (streq(cmd, words[i]))
			return true;
	return false;
}

static enum flow command(struct run *r, struct machine *m, struct pos *p,
			 char **w, int n, const struct line *l, int next,
			 int *ret)
{
	const char *c = w[0];

	if (streq(c, "kernel") || streq(c, "imgselect") || streq(c, "imgload"))
		return do_kernel(r, m, p, w, n, l->no, false, ret);
	if (streq(c, "chain") || streq(c, "imgexec"))
		return do_kernel(r, m, p, w, n, l->no, true, ret);
	if (streq(c, "initrd") || streq(c, "imgfetch") || streq(c, "module"))
		return do_initrd(r, m, p, w, n, l->no, ret);
	if (streq(c, "imgargs"))
		return do_imgargs(m, w, n, ret);
	if (streq(c, "boot")) {
		*ret = emit(r, m, p, l->no);
		return FLOW_STOP;
	}
	if (streq(c, "imgfree")) {
		free_images(m);
		return FLOW_NEXT;
	}
	if (streq(c, "set") || streq(c, "clear"))
		return do_set(r, m, w, n, ret);
	if (streq(c, "goto"))
		return do_goto(r, p, n > 1 ? w[1] : NULL, l->no);
	if (streq(c, "item"))
		return do_item(r, m, p, w, n, l->no, ret);
	if (streq(c, "choose"))
		return do_choose(r, m, p, w, n, l, next, ret);
	if (streq(c, "exit") || streq(c, "reboot") || streq(c, "poweroff") ||
	    streq(c, "shell"))
		return FLOW_STOP;
	if (streq(c, "sanboot") || streq(c, "sanhook")) {
		parse_warn(r->ctx, cur_url(p), l->no, "%s: SAN disks are not booted", c);
		return FLOW_STOP;
	}
	if (!ignored(c))
		parse_warn(r->ctx, cur_url(p), l->no, "unknown command '%s'", c);
	return FLOW_NEXT;
}

/* isset and iseq are evaluated; every other command is taken to succeed. */
static bool status_of(char **w, int n)
{
	if (streq(w[0], "isset"))
		return n > 1 && *w[1];
	if (streq(w[0], "iseq"))
		return n > 2 && streq(w[1], w[2]);
	return true;
}

/* Words from..end of the command starting at tok[from], expanded. */
static int expand_command(struct run *r, const struct machine *m,
			  const struct pos *p, const struct line *l, int from,
			  int *end, char **w)
{
	int i, n = 0;
	bool cut;

	for (i = from; i < l->n && !streq(l->tok[i], "&&") &&
	     !streq(l->tok[i], "||"); i++) {
		w[n] = ipxe_expand(l->tok[i], &m->vars, r->env, r->ctx->arch, &cut);
		if (!w[n])
			break;
		if (cut)
			parse_warn(r->ctx, cur_url(p), l->no,
				   "a word longer than %d bytes: cut", IPXE_LINE_MAX);
		n++;
	}
	*end = i;
	return i - from == n ? n : -ENOMEM;
}

static void free_words(char **w, int n)
{
	while (n > 0)
		free(w[--n]);
}

static enum flow exec_rest(struct run *r, struct machine *m, struct pos *p,
			   const struct line *l, int from, int *ret)
{
	char *w[IPXE_MAX_WORDS];
	enum flow f = FLOW_NEXT;
	bool ok = true;
	int i = from, end, n;

	while (i < l->n && f == FLOW_NEXT && !*ret) {
		if (streq(l->tok[i], "&&") || streq(l->tok[i], "||")) {
			bool run_next = streq(l->tok[i], "&&") ? ok : !ok;

			i++;
			if (run_next)
				continue;
			while (i < l->n && !streq(l->tok[i], "&&") &&
			       !streq(l->tok[i], "||"))
				i++;	/* skip that command */
			continue;
		}
		n = expand_command(r, m, p, l, i, &end, w);
		if (n < 0) {
			*ret = -ENOMEM;
			break;
		}
		if (n) {
			ok = status_of(w, n);
			f = command(r, m, p, w, n, l, end, ret);
			if (f == FLOW_FAIL) {
				ok = false;
				f = FLOW_NEXT;
			}
		}
		free_words(w, n);
		i = end;
	}
	return f;
}

static int run_from(struct run *r, struct machine *m, struct pos *p)
{
	struct line *l = malloc(sizeof(*l));
	enum flow f = FLOW_NEXT;
	char *copy;
	int ret = 0;

	if (!l)
		return -ENOMEM;
	while (!ret && f == FLOW_NEXT && p->pc < p->s->n) {
		const char *text = p->s->lines[p->pc] +
				   strspn(p->s->lines[p->pc], " \t");

		l->no = ++p->pc;
		if (!*text || *text == '#' || *text == ':')
			continue;
		if (++r->steps > IPXE_MAX_STEPS) {
			if (!r->steps_warned)
				parse_warn(r->ctx, cur_url(p), l->no,
					   "more than %d commands run: stopped",
					   IPXE_MAX_STEPS);
			r->steps_warned = true;
			break;
		}
		copy = strdup(text);
		if (!copy) {
			ret = -ENOMEM;
			break;
		}
		l->n = ipxe_split(copy, l->tok);
		f = exec_rest(r, m, p, l, 0, &ret);
		free(copy);
	}
	free(l);
	return ret;
}

int ipxe_parse(struct parse_ctx *ctx, const char *script_url,
	       const struct netboot_env *env)
{
	struct run *r = calloc(1, sizeof(*r));
	struct machine *m = calloc(1, sizeof(*m));
	struct pos p = { .is_default = true };
	int ret = -ENOMEM;

	if (!r || !m)
		goto out;
	r->ctx = ctx;
	r->env = env;
	ctx->parser = "ipxe";
	p.s = script_load(r, script_url, NULL, 0, &ret);
	if (!p.s) {
		ret = ret == -ENOMEM ? ret : 0;
		goto out;
	}
	r->scripts[r->depth++] = p.s;
	ret = run_from(r, m, &p);
	script_free(p.s);
out:
	if (m)
		machine_release(m);
	free(m);
	free(r);
	return ret;
}
