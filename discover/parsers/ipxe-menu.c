/* ipxe-menu.c: iPXE menus: every item before a choose, a branch of the run. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/ipxe-internal.h"

enum flow ipxe_do_item(struct run *r, struct machine *m, struct pos *p,
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
		parse_warn(r->ctx, ipxe_url(p), line, "more than %d menu items",
			   IPXE_MAX_ITEMS);
		return FLOW_NEXT;
	}
	m->items[m->n_items].label = strdup(w[i]);
	m->items[m->n_items].text = i + 1 < n ? ipxe_join(w, i + 1, n) : strdup(w[i]);
	if (!m->items[m->n_items].label || !m->items[m->n_items].text) {
		free(m->items[m->n_items].label);
		free(m->items[m->n_items].text);
		*ret = -ENOMEM;
		return FLOW_STOP;
	}
	m->n_items++;
	return FLOW_NEXT;
}

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
	if (!title || ipxe_machine_copy(&b, m)) {
		free(title);
		return -ENOMEM;
	}
	sub.title = title;
	sub.is_default = is_default;
	ret = var ? ipxe_var_set(&b.vars, var, it->label) : 0;
	if (!ret && ipxe_exec_rest(r, &b, &sub, l, next, &ret) == FLOW_NEXT && !ret)
		ret = ipxe_run_from(r, &b, &sub);
	ipxe_machine_release(&b);
	free(title);
	return ret;
}

enum flow ipxe_do_choose(struct run *r, struct machine *m, struct pos *p,
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
