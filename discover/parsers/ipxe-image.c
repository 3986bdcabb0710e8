/* ipxe-image.c: iPXE images and machines, and the options a boot adds. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/ipxe-internal.h"
#include "lib/strbuf.h"
#include "lib/url.h"

void ipxe_image_free(struct image *i)
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
		ipxe_image_free(d);
		return NULL;
	}
	return d;
}

void ipxe_machine_release(struct machine *m)
{
	size_t i;

	ipxe_vars_release(&m->vars);
	ipxe_image_free(m->kernel);
	for (i = 0; i < m->n_initrds; i++)
		ipxe_image_free(m->initrds[i]);
	for (i = 0; i < m->n_items; i++) {
		free(m->items[i].label);
		free(m->items[i].text);
	}
	memset(m, 0, sizeof(*m));
}

int ipxe_machine_copy(struct machine *d, const struct machine *s)
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
	ipxe_machine_release(d);
	return -ENOMEM;
}

void ipxe_free_images(struct machine *m)
{
	ipxe_image_free(m->kernel);
	m->kernel = NULL;
	while (m->n_initrds)
		ipxe_image_free(m->initrds[--m->n_initrds]);
}


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
			url = url_resolve(ipxe_url(p), name);
		ret = url ? boot_option_add_initrd(o, boot_file_new_url(url))
			  : -ENOMEM;
		free(url);
		free(name);
	}
	for (i = 0; !ret && !named && i < m->n_initrds; i++)
		ret = boot_option_add_initrd(o, boot_file_new_url(m->initrds[i]->url));
	return ret;
}

int ipxe_emit(struct run *r, const struct machine *m, const struct pos *p,
		unsigned line)
{
	struct boot_option *o;
	const char *name;
	int ret;

	if (!m->kernel) {
		parse_warn(r->ctx, ipxe_url(p), line, "boot with no kernel loaded");
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
	ret = parse_add_option(r->ctx, o, ipxe_url(p));
	return ret == -E2BIG ? 0 : ret;
}


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

char *ipxe_join(char **w, int from, int n)
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

struct image *ipxe_new_image(const struct pos *p, char **w, int n,
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
	    !(i->url = url_resolve(ipxe_url(p), w[u])) ||
	    !(i->args = ipxe_join(w, u + 1, n))) {
		ipxe_image_free(i);
		return NULL;
	}
	*ret = 0;
	return i;
}

enum flow ipxe_do_imgargs(struct machine *m, char **w, int n, int *ret)
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
	i->args = ipxe_join(w, 2, n);
	*ret = i->args ? 0 : -ENOMEM;
	return FLOW_NEXT;
}
