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

#define IPXE_MAX_STEPS 100000	/* commands run, all branches together */
#define IPXE_MAX_LINES 65536

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
		parse_warn(r->ctx, ipxe_url(p), line,
			   "chain cycle: %s is already running", url);
		return FLOW_STOP;
	}
	if (r->depth >= PARSE_MAX_DEPTH) {
		parse_warn(r->ctx, ipxe_url(p), line,
			   "chain nested deeper than %d: %s not read",
			   PARSE_MAX_DEPTH, url);
		return FLOW_STOP;
	}
	sub.s = script_load(r, url, ipxe_url(p), line, ret);
	if (!sub.s) {
		*ret = *ret == -ENOMEM ? *ret : 0;
		return FLOW_STOP;
	}
	r->scripts[r->depth++] = sub.s;
	*ret = ipxe_run_from(r, m, &sub);
	r->depth--;
	script_free(sub.s);
	return FLOW_STOP;
}

static enum flow do_kernel(struct run *r, struct machine *m, struct pos *p,
			   char **w, int n, unsigned line, bool now, int *ret)
{
	struct image *i = ipxe_new_image(p, w, n, ret);

	if (!i) {
		if (*ret == -EINVAL)
			parse_warn(r->ctx, ipxe_url(p), line, "%s: no image named", w[0]);
		*ret = *ret == -EINVAL ? 0 : *ret;
		return FLOW_FAIL;
	}
	if (now && names_script(i->url)) {
		char *url = i->url;

		i->url = NULL;
		ipxe_image_free(i);
		chain_script(r, m, p, url, line, ret);
		free(url);
		return FLOW_STOP;
	}
	ipxe_image_free(m->kernel);
	m->kernel = i;
	if (!now)
		return FLOW_NEXT;
	*ret = ipxe_emit(r, m, p, line);
	return FLOW_STOP;
}

static enum flow do_initrd(struct run *r, struct machine *m, struct pos *p,
			   char **w, int n, unsigned line, int *ret)
{
	struct image *i;

	if (m->n_initrds >= IPXE_MAX_IMAGES) {
		parse_warn(r->ctx, ipxe_url(p), line, "more than %d images",
			   IPXE_MAX_IMAGES);
		return FLOW_NEXT;
	}
	i = ipxe_new_image(p, w, n, ret);
	if (!i) {
		if (*ret == -EINVAL)
			parse_warn(r->ctx, ipxe_url(p), line, "%s: no image named", w[0]);
		*ret = *ret == -EINVAL ? 0 : *ret;
		return FLOW_FAIL;
	}
	m->initrds[m->n_initrds++] = i;
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
		parse_warn(r->ctx, ipxe_url(p), line, "goto: no label '%s'",
			   label ? label : "");
		return FLOW_STOP;
	}
	p->pc = at + 1;
	return FLOW_NEXT;
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
	v = ipxe_join(w, 2, n);
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
		return ipxe_do_imgargs(m, w, n, ret);
	if (streq(c, "boot")) {
		*ret = ipxe_emit(r, m, p, l->no);
		return FLOW_STOP;
	}
	if (streq(c, "imgfree")) {
		ipxe_free_images(m);
		return FLOW_NEXT;
	}
	if (streq(c, "set") || streq(c, "clear"))
		return do_set(r, m, w, n, ret);
	if (streq(c, "goto"))
		return do_goto(r, p, n > 1 ? w[1] : NULL, l->no);
	if (streq(c, "item"))
		return ipxe_do_item(r, m, p, w, n, l->no, ret);
	if (streq(c, "choose"))
		return ipxe_do_choose(r, m, p, w, n, l, next, ret);
	if (streq(c, "exit") || streq(c, "reboot") || streq(c, "poweroff") ||
	    streq(c, "shell"))
		return FLOW_STOP;
	if (streq(c, "sanboot") || streq(c, "sanhook")) {
		parse_warn(r->ctx, ipxe_url(p), l->no, "%s: SAN disks are not booted", c);
		return FLOW_STOP;
	}
	if (!ignored(c))
		parse_warn(r->ctx, ipxe_url(p), l->no, "unknown command '%s'", c);
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
			parse_warn(r->ctx, ipxe_url(p), l->no,
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

enum flow ipxe_exec_rest(struct run *r, struct machine *m, struct pos *p,
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

int ipxe_run_from(struct run *r, struct machine *m, struct pos *p)
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
				parse_warn(r->ctx, ipxe_url(p), l->no,
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
		f = ipxe_exec_rest(r, m, p, l, 0, &ret);
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
	ret = ipxe_run_from(r, m, &p);
	script_free(p.s);
out:
	if (m)
		ipxe_machine_release(m);
	free(m);
	free(r);
	return ret;
}
