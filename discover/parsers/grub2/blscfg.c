/*
 * blscfg.c: the "blscfg" command of Fedora/RHEL/CentOS GRUB. It reads the
 * Boot Loader Specification entries in $blsdir or /loader/entries on $root
 * (or /boot/loader/entries when that has none), sorts them newest first
 * by their file names (name-version-release, compared as rpm does), and
 * adds one menu entry per file whose body is the script Fedora's GRUB
 * writes: "linux ($root)<linux> <options>" with $variables of options
 * expanded at blscfg time (RHEL's expand_val, quirks included), the
 * initrds, and a devicetree. The option remembers its BLS file (origin) so
 * that the BLS parser's twin is dropped.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/grub2/grub2-internal.h"

#define BLS_MAX_FILE	(1u << 20)

struct bls_kv {
	char *key, *val;
};

struct bls {
	char *file;		/* name without .conf */
	char *path;		/* path of the file in its source */
	char *nvr;		/* file cut into name, version, release */
	const char *name, *ver, *rel;
	struct bls_kv *kv;
	size_t n;
};

static void bls_free(struct bls *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->n; i++) {
		free(b->kv[i].key);
		free(b->kv[i].val);
	}
	free(b->kv);
	free(b->file);
	free(b->path);
	free(b->nvr);
	free(b);
}

static const char *bls_get(const struct bls *b, const char *key,
			   size_t *from)
{
	size_t i;

	for (i = from ? *from : 0; i < b->n; i++) {
		if (!strcmp(b->kv[i].key, key)) {
			if (from)
				*from = i + 1;
			return b->kv[i].val;
		}
	}
	return NULL;
}

/* ---- rpm's version comparison ------------------------------------------- */

/* One alphabetic or numeric segment of each: <0, 0, >0, or 2 to go on. */
static int segment(const char **pa, const char **pb)
{
	const char *a = *pa, *b = *pb, *ea = a, *eb = b;
	bool num = isdigit((unsigned char)*a);
	size_t la, lb;
	int c;

	if (num) {
		while (isdigit((unsigned char)*ea))
			ea++;
		while (isdigit((unsigned char)*eb))
			eb++;
	} else {
		while (isalpha((unsigned char)*ea))
			ea++;
		while (isalpha((unsigned char)*eb))
			eb++;
	}
	if (eb == b)
		return num ? 1 : -1;
	if (num) {
		while (*a == '0' && a < ea)
			a++;
		while (*b == '0' && b < eb)
			b++;
		if (ea - a != eb - b)
			return ea - a > eb - b ? 1 : -1;
	}
	la = ea - a;
	lb = eb - b;
	c = memcmp(a, b, MIN(la, lb));
	if (!c && la != lb)
		c = la > lb ? 1 : -1;
	if (c)
		return c > 0 ? 1 : -1;
	*pa = ea;
	*pb = eb;
	return 2;
}

int g2_bls_vercmp(const char *a, const char *b)
{
	int r;

	if (!strcmp(a, b))
		return 0;
	while (*a || *b) {
		while (*a && !isalnum((unsigned char)*a) && *a != '~')
			a++;
		while (*b && !isalnum((unsigned char)*b) && *b != '~')
			b++;
		if (*a == '~' || *b == '~') {
			if (*a != '~')
				return 1;
			if (*b != '~')
				return -1;
			a++;
			b++;
			continue;
		}
		if (!*a || !*b)
			break;
		r = segment(&a, &b);
		if (r != 2)
			return r;
	}
	if (!*a && !*b)
		return 0;
	return *a ? 1 : -1;
}

/*
 * Cut a file name into name-version-release as Fedora's blscfg does: the
 * release after the last '-', the version after the one before; without
 * a second '-', what is there is the version.
 */
static int split_nvr(struct bls *b)
{
	char *dash;

	b->nvr = strdup(b->file);
	if (!b->nvr)
		return -ENOMEM;
	b->rel = NULL;
	dash = strrchr(b->nvr, '-');
	if (dash) {
		*dash = '\0';
		b->rel = dash + 1;
	}
	b->ver = NULL;
	dash = strrchr(b->nvr, '-');
	if (dash) {
		*dash = '\0';
		b->ver = dash + 1;
	}
	b->name = b->nvr;
	if (!b->ver) {
		b->ver = b->rel;
		b->rel = NULL;
	}
	return 0;
}

static int nvr_cmp(const struct bls *x, const struct bls *y)
{
	int r = g2_bls_vercmp(x->name, y->name);

	if (!r)
		r = g2_bls_vercmp(x->ver ? x->ver : "", y->ver ? y->ver : "");
	if (!r)
		r = g2_bls_vercmp(x->rel ? x->rel : "", y->rel ? y->rel : "");
	return r;
}

/* Newest first; equal versions by file name, so the order is stable. */
static int newest_first(const void *a, const void *b)
{
	const struct bls *x = *(const struct bls *const *)a;
	const struct bls *y = *(const struct bls *const *)b;
	int r = nvr_cmp(y, x);

	return r ? r : strcmp(x->file, y->file);
}

/* ---- reading entries ---------------------------------------------------- */

static int bls_add(struct bls *b, const char *key, size_t klen,
		   const char *val, size_t vlen)
{
	struct bls_kv *kv = realloc(b->kv, (b->n + 1) * sizeof(*kv));

	if (!kv)
		return -ENOMEM;
	b->kv = kv;
	kv[b->n].key = strndup(key, klen);
	kv[b->n].val = strndup(val, vlen);
	if (!kv[b->n].key || !kv[b->n].val) {
		free(kv[b->n].key);
		free(kv[b->n].val);
		return -ENOMEM;
	}
	b->n++;
	return 0;
}

/* One line as GRUB's read_entry() takes it; 1 when it ends the file. */
static int bls_line(struct bls *b, const char *s, size_t n)
{
	const char *sep, *v;

	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	if (n && *s == '#')
		return 0;
	sep = memchr(s, ' ', n);
	if (!sep)
		sep = memchr(s, '\t', n);
	if (!sep || sep + 1 == s + n)
		return 1;
	for (v = sep + 1; v < s + n && (*v == ' ' || *v == '\t'); v++)
		;
	return bls_add(b, s, sep - s, v, s + n - v);
}

static int bls_parse(struct bls *b, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *nl;
	struct strbuf line = STRBUF_INIT;
	size_t i;
	int r = 0;

	while (!r && p < end) {
		nl = memchr(p, '\n', end - p);
		if (!nl)
			nl = end;
		sb_reset(&line);
		for (i = 0; p + i < nl && p[i]; i++)
			if (p[i] != '\r')
				sb_addc(&line, p[i]);
		if (line.err)
			r = -ENOMEM;
		else
			r = bls_line(b, sb_str(&line), line.len);
		p = nl + 1;
	}
	sb_release(&line);
	return r < 0 ? r : 0;
}

static struct bls *bls_read(struct g2_interp *in,
			    const struct source_info *si, const char *dir,
			    const char *name, int *err)
{
	struct bls *b = calloc(1, sizeof(*b));
	char *buf = NULL;
	size_t len;

	*err = -ENOMEM;
	if (!b)
		return NULL;
	b->file = strndup(name, strlen(name) - 5);
	b->path = str_printf("%s%s%s", dir, str_endswith(dir, "/") ? "" : "/",
			     name);
	if (!b->file || !b->path || split_nvr(b))
		goto fail;
	*err = in->reads >= G2_MAX_READS ? -EMFILE :
	       parse_read(in->ctx, si == in->ctx->source ? NULL : si, b->path,
			  &buf, &len);
	if (!*err && len > BLS_MAX_FILE)
		*err = -EFBIG;
	else if (!*err && in->read_bytes + len > G2_MAX_READ_BYTES)
		*err = -ENOSPC;
	else if (!*err)
		in->read_bytes += len;
	in->reads++;
	if (!*err)
		*err = bls_parse(b, buf, len);
	free(buf);
	if (!*err)
		return b;
fail:
	bls_free(b);
	return NULL;
}

static void free_bls(void *p)
{
	bls_free(p);
}

/*
 * Sort newest first. GRUB keeps the first of entries that compare equal
 * (same name-version-release spelled differently) and drops the others.
 */
static void bls_sort(struct vec *list)
{
	size_t i, j = 0;

	if (!list->n)
		return;
	qsort(list->v, list->n, sizeof(*list->v), newest_first);
	for (i = 0; i < list->n; i++) {
		if (j && !nvr_cmp(list->v[j - 1], list->v[i])) {
			bls_free(list->v[i]);
			continue;
		}
		list->v[j++] = list->v[i];
	}
	list->n = j;
}

static int bls_load(struct g2_interp *in, const struct source_info *si,
		    const char *dir, struct vec *list)
{
	struct bls *b;
	char **names = NULL;
	size_t i, n;
	int r;

	r = parse_list(in->ctx, si == in->ctx->source ? NULL : si, dir, &names);
	for (i = 0; !r && names && names[i]; i++) {
		n = strlen(names[i]);
		if (names[i][0] == '.' || n <= 5 ||
		    strcmp(names[i] + n - 5, ".conf"))
			continue;
		if (list->n >= PARSE_MAX_OPTIONS)
			break;
		b = bls_read(in, si, dir, names[i], &r);
		if (b && vec_push(list, b)) {
			bls_free(b);
			r = -ENOMEM;
		} else if (r != -ENOMEM) {
			r = 0;
		}
	}
	strv_free(names);
	bls_sort(list);
	return r == -ENOMEM ? r : 0;
}

/* ---- making menu entries ------------------------------------------------ */

/* One piece of expand_val(): value[start..end] as text or variable. */
static void expand_piece(struct g2_interp *in, struct strbuf *sb,
			 const char *value, size_t start, size_t end,
			 bool is_var)
{
	size_t len = end + 1 > start ? end + 1 - start : 0;
	const char *v;
	char *name;

	if (!is_var) {
		sb_add(sb, value + start, len);
		return;
	}
	name = strndup(value + start, len);
	v = name ? g2_get(in, name) : NULL;
	if (v) {
		sb_adds(sb, v);
		sb_addc(sb, ' ');
	}
	free(name);
}

/*
 * RHEL's expand_val(): "$name" becomes its value and a space, text is
 * copied, a blank after a variable is eaten, unset names vanish. Its
 * quirks are kept: a piece of one character (text or a variable's name)
 * at the very end is lost, and so is one character of text just before
 * a '$'.
 */
char *g2_bls_expand(struct g2_interp *in, const char *value)
{
	struct strbuf sb = STRBUF_INIT;
	size_t start = 0, end = 0, i;
	bool is_var = false;

	if (!value)
		return NULL;
	for (i = 0; value[i]; end = i, i++) {
		if (value[i] == '$') {
			if (start != end)
				expand_piece(in, &sb, value, start, end,
					     is_var);
			is_var = true;
			start = i + 1;
		} else if (is_var && !isalnum((unsigned char)value[i]) &&
			   value[i] != '_') {
			expand_piece(in, &sb, value, start, end, is_var);
			is_var = false;
			start = value[i] == ' ' ? i + 1 : i;
		}
	}
	if (start != end)
		expand_piece(in, &sb, value, start, end, is_var);
	if (!sb.buf && !sb.err)
		return strdup("");
	return sb_detach(&sb);
}

/* The directory part of path, with its slash ("/boot/"), or "". */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return strndup(path, slash ? (size_t)(slash - path + 1) : 0);
}

static void add_initrds(struct g2_interp *in, struct strbuf *src,
			const struct bls *b, const char *clinux)
{
	const char *early = g2_get(in, "early_initrd"), *v, *p, *sp;
	char *prefix = NULL;
	size_t from = 0;
	bool any = early || bls_get(b, "initrd", NULL);

	if (!any)
		return;
	sb_adds(src, "initrd");
	if (early) {
		v = bls_get(b, "initrd", NULL);
		prefix = dir_of(v ? v : clinux);
		for (p = early; prefix; p = sp + 1) {
			sp = strchr(p, ' ');
			sb_addf(src, " ($root)%s%.*s", prefix,
				(int)(sp ? (size_t)(sp - p) : strlen(p)), p);
			if (!sp)
				break;
		}
		free(prefix);
	}
	while ((v = bls_get(b, "initrd", &from)))
		sb_addf(src, " ($root)%s", v);
	sb_addc(src, '\n');
}

static void add_devicetree(struct g2_interp *in, struct strbuf *src,
			   const struct bls *b, const char *clinux)
{
	char *dt = g2_bls_expand(in, bls_get(b, "devicetree", NULL));
	char *prefix = NULL;

	if (!dt) {
		dt = g2_bls_expand(in, g2_get(in, "devicetree"));
		prefix = dt ? dir_of(clinux) : NULL;
	}
	if (dt)
		sb_addf(src, "devicetree ($root)%s%s\n", prefix ? prefix : "",
			dt);
	free(prefix);
	free(dt);
}

/* The script Fedora's GRUB writes for an entry. */
static char *entry_source(struct g2_interp *in, const struct bls *b,
			  const char *clinux)
{
	struct strbuf src = STRBUF_INIT;
	const char *sd = g2_get(in, "save_default");
	char *options;

	options = g2_bls_expand(in, bls_get(b, "options", NULL));
	if (!options)
		options = g2_bls_expand(in, g2_get(in, "default_kernelopts"));
	if (sd && !strcmp(sd, "true"))
		sb_adds(&src, "savedefault\n");
	sb_addf(&src, "load_video\nset gfxpayload=keep\ninsmod gzio\n"
		"linux ($root)%s%s%s\n", clinux, options ? " " : "",
		options ? options : "");
	free(options);
	add_initrds(in, &src, b, clinux);
	add_devicetree(in, &src, b, clinux);
	return sb_detach(&src);
}

static int bls_entry(struct g2_interp *in, const struct bls *b,
		     const struct source_info *si)
{
	const char *clinux = bls_get(b, "linux", NULL), *title, *arg;
	struct g2_entry *e;
	size_t from = 0;
	char **a;
	int r;

	if (!clinux)
		return G2_OK;
	title = bls_get(b, "title", NULL);
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->args = calloc(1, sizeof(*e->args));
	if (e->args && (e->args[0] = strdup(title ? title : clinux)))
		e->title = e->args[e->argc++];
	e->id = strdup(b->file);
	e->line = in->line;
	r = g2_entry_own_text(in, e, entry_source(in, b, clinux));
	if (r > 0) {
		g2_entry_free(e);
		return r;	/* too large, said */
	}
	e->origin = strdup(b->path);
	e->origin_src = si;
	e->config = strdup(in->file ? in->file : "");
	if (r || !e->title || !e->id || !e->origin || !e->config)
		goto fail;
	while ((arg = bls_get(b, "grub_arg", &from))) {
		a = realloc(e->args, (e->argc + 1) * sizeof(*a));
		if (!a)
			goto fail;
		e->args = a;
		if (!(a[e->argc] = strdup(arg)))
			goto fail;
		e->argc++;
	}
	return g2_menu_add(in, e);
fail:
	g2_entry_free(e);
	return -ENOMEM;
}

/* A BLS file blscfg made an entry of (each once per parse). */
struct g2_bls_seen {
	UT_hash_handle hh;
	char path[];
};

static bool seen(struct g2_interp *in, const struct bls *b)
{
	struct g2_bls_seen *s;

	HASH_FIND_STR(in->bls_seen, b->path, s);
	return s != NULL;
}

static int mark_seen(struct g2_interp *in, const struct bls *b)
{
	size_t len = strlen(b->path);
	unsigned before = HASH_COUNT(in->bls_seen);
	struct g2_bls_seen *s = malloc(sizeof(*s) + len + 1);

	if (!s)
		return -ENOMEM;
	memcpy(s->path, b->path, len + 1);
	HASH_ADD_KEYPTR(hh, in->bls_seen, s->path, len, s);
	if (!HASH_ADDED(in->bls_seen, before)) {
		free(s);
		return -ENOMEM;
	}
	return 0;
}

void g2_bls_seen_release(struct g2_interp *in)
{
	struct g2_bls_seen *s, *tmp;

	HASH_ITER(hh, in->bls_seen, s, tmp) {
		HASH_DEL(in->bls_seen, s);
		free(s);
	}
}

/* Fedora's is_default_entry(): file name, title or index. */
static bool is_default(struct g2_interp *in, const struct bls *b,
		       size_t idx)
{
	const char *def = g2_get(in, "default"), *title;
	unsigned long n;
	bool found;

	if (!def)
		return false;
	title = bls_get(b, "title", NULL);
	if (!strcmp(def, b->file) || (title && !strcmp(def, title)))
		return true;
	n = g2_strtoul(def, NULL, 0, &found);
	return found && n == idx;
}

/* which: 0 all, 1 default only, 2 all but the default, 3 one id. */
static int bls_create(struct g2_interp *in, struct vec *list,
		      const struct source_info *si, int which, const char *id)
{
	size_t i;
	bool def;
	int r = G2_OK;

	for (i = 0; r >= 0 && i < list->n; i++) {
		struct bls *b = list->v[i];

		if (seen(in, b))
			continue;
		def = is_default(in, b, i);
		if ((which == 1 && !def) || (which == 2 && def) ||
		    (which == 3 && strcmp(id, b->file)))
			continue;
		r = mark_seen(in, b);
		if (!r)
			r = bls_entry(in, b, si);
	}
	return r < 0 ? r : G2_OK;
}

int g2_cmd_blscfg(struct g2_interp *in, int argc, char **argv,
		  const struct g2_cmdctx *cc)
{
	const struct source_info *si;
	struct vec list = { 0 };
	const char *dir = NULL, *id = NULL, *blsdir;
	char *dev = NULL;
	int which = 0, r;

	if (!in->menu)
		return G2_OK;
	if (argc == 2 && !strcmp(argv[1], "default"))
		which = 1;
	else if (argc == 2 && !strcmp(argv[1], "non-default"))
		which = 2;
	else if (argc == 2 && argv[1][0] != '(')
		which = 3, id = argv[1];
	if (argc == 2 && argv[1][0] == '(') {
		r = g2_split_path(in, argv[1], &dev, &dir);
		if (r)
			return r == -ENOMEM ? r : G2_FAIL;
		si = g2_dev_source(in, dev);
	} else {
		si = g2_dev_source(in, g2_get(in, "root"));
	}
	if (!si) {
		g2_warn(in, "blscfg: the entries' partition is not known");
		free(dev);
		return G2_FAIL;
	}
	blsdir = g2_get(in, "blsdir");
	r = bls_load(in, si, dir ? dir : blsdir ? blsdir : "/loader/entries",
		     &list);
	if (!r && !list.n && !dir)
		r = bls_load(in, si, "/boot/loader/entries", &list);
	if (!r)
		r = bls_create(in, &list, si, which, id);
	vec_free(&list, free_bls);
	free(dev);
	return r;
}
