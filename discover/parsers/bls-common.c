/*
 * bls-common.c: sorting, boot counting, loader.conf, gathering and emitting
 * entries for BLS type #1 and #2.
 */
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "discover/parsers/bls-common.h"
#include "discover/parsers/conf.h"
#include "lib/strbuf.h"
#include "lib/version.h"

static const char *nz(const char *s)
{
	return s ? s : "";
}

static int cmp_int(long long a, long long b)
{
	return (a > b) - (a < b);
}

int bls_sort_compare(const struct bls_sort *a, const struct bls_sort *b)
{
	bool ka = a->sort_key && *a->sort_key;
	bool kb = b->sort_key && *b->sort_key;
	int r;

	r = cmp_int(a->tries_left == 0, b->tries_left == 0);
	if (r)
		return r;
	if (ka != kb)
		return ka ? -1 : 1;
	if (ka) {
		r = strcmp(a->sort_key, b->sort_key);
		if (!r)
			r = strcmp(nz(a->machine_id), nz(b->machine_id));
		if (!r)
			r = -version_compare(a->version, b->version);
		if (r)
			return r;
	}
	r = -version_compare(a->id, b->id);
	if (r)
		return r;
	if (a->tries_left >= 0 && b->tries_left >= 0) {
		r = -cmp_int(a->tries_left, b->tries_left);
		if (!r)
			r = cmp_int(a->tries_done, b->tries_done);
		if (r)
			return r;
	}
	return cmp_int(a->index, b->index);
}

/* Digits at *p as an int (at most INT_MAX); false if none or too big. */
static bool parse_count(const char **p, int *out)
{
	long long v = 0;
	const char *s = *p;

	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (*s - '0');
		if (v > INT_MAX)
			return false;
	}
	*out = v;
	*p = s;
	return true;
}

int bls_parse_name(const char *fname, const char *suffix, char **id,
		   int *left, int *done)
{
	size_t n = strlen(fname), ls = strlen(suffix);
	const char *plus, *p;
	int l, d = 0;

	*left = -1;
	*done = 0;
	if (n < ls || strcasecmp(fname + n - ls, suffix))
		return -EINVAL;
	n -= ls;
	plus = memrchr(fname, '+', n);
	p = plus ? plus + 1 : NULL;
	if (p && parse_count(&p, &l) &&
	    (*p != '-' || (p++, parse_count(&p, &d))) &&
	    p == fname + n) {
		*left = l;
		*done = d;
		n = plus - fname;
	}
	*id = str_ndup(fname, n);
	return *id ? 0 : -ENOMEM;
}

const char *bls_arch_name(const char *arch)
{
	static const char *const map[][2] = {
		{ "x86_64", "x64" }, { "aarch64", "aa64" },
		{ "i386", "ia32" }, { "i486", "ia32" }, { "i586", "ia32" },
		{ "i686", "ia32" }, { "arm", "arm" }, { "armv7l", "arm" },
		{ "riscv64", "riscv64" }, { "loongarch64", "loongarch64" },
		{ "ia64", "ia64" },
	};
	size_t i;

	for (i = 0; arch && i < ARRAY_SIZE(map); i++)
		if (streq(arch, map[i][0]))
			return map[i][1];
	return NULL;
}

bool bls_split_line(char *line, char **key, char **value)
{
	char *k = conf_skip_space(line), *v;
	size_t n;

	if (!*k || *k == '#')
		return false;
	for (v = k; *v && *v != ' ' && *v != '\t'; v++)
		;
	if (*v)
		*v++ = '\0';
	v = conf_rtrim(conf_skip_space(v));
	n = strlen(v);
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v[n - 1] = '\0';
		v++;
	}
	*key = k;
	*value = v;
	return true;
}

/* timeout: seconds, or a menu-* word (sd-boot's loader.conf values). */
static void set_timeout(struct parse_ctx *ctx, const char *file,
			unsigned line, const char *v)
{
	char *end;
	long t;

	if (streq(v, "menu-force")) {
		parse_set_timeout(ctx, -1);
		return;
	}
	if (streq(v, "menu-hidden") || streq(v, "menu-disabled")) {
		parse_set_timeout(ctx, 0);
		return;
	}
	errno = 0;
	t = strtol(v, &end, 10);
	if (!*v || *end || errno || t < 0 || t > INT_MAX) {
		parse_warn(ctx, file, line, "timeout: not a number of seconds");
		return;
	}
	parse_set_timeout(ctx, t);
}

static int parse_loader_conf(struct parse_ctx *ctx, const char *path,
			     char *buf, size_t len, struct bls_loader_conf *lc)
{
	struct conf_reader r;
	char *line, *key, *value;

	conf_reader_init(&r, ctx, path, buf, len);
	while ((line = conf_next_line(&r))) {
		if (!bls_split_line(line, &key, &value))
			continue;
		if (streq(key, "timeout")) {
			set_timeout(ctx, path, r.lineno, value);
		} else if (streq(key, "default")) {
			free(lc->default_pattern);
			lc->default_pattern = strdup(value);
			if (!lc->default_pattern)
				return -ENOMEM;
		}
	}
	return 0;
}

static int read_loader_conf(struct parse_ctx *ctx, struct bls_loader_conf *lc)
{
	static const char *const paths[] = {
		"/loader/loader.conf", "/boot/loader/loader.conf",
	};
	size_t i, len;
	char *buf;
	int ret;

	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		ret = conf_read(ctx, paths[i], &buf, &len);
		if (ret == -ENOMEM)
			return ret;
		if (ret)
			continue;
		lc->path = paths[i];
		ret = parse_loader_conf(ctx, paths[i], buf, len, lc);
		free(buf);
		return ret;
	}
	return 0;
}

int bls_loader_conf_read(struct parse_ctx *ctx, struct bls_loader_conf *lc,
			 bool quiet)
{
	size_t diags = ctx->diags.n, dropped = ctx->n_diags_dropped;
	int ret;

	memset(lc, 0, sizeof(*lc));
	ret = read_loader_conf(ctx, lc);
	while (quiet && ctx->diags.n > diags)
		free(ctx->diags.v[--ctx->diags.n]);
	if (quiet)
		ctx->n_diags_dropped = dropped;
	return ret;
}

void bls_loader_conf_release(struct bls_loader_conf *lc)
{
	free(lc->default_pattern);
	lc->default_pattern = NULL;
}

bool bls_default_matches(const char *pattern, const char *id,
			 const char *suffix)
{
	char *full;
	bool m;

	if (!pattern || !id || streq(pattern, "@saved"))
		return false;
	if (fnmatch(pattern, id, FNM_CASEFOLD) == 0)
		return true;
	full = str_printf("%s%s", id, suffix);
	m = full && fnmatch(pattern, full, FNM_CASEFOLD) == 0;
	free(full);
	return m;
}

/* ---- gathering and emitting entries ---------------------------------- */

void bls_entry_free(void *entry)
{
	struct bls_entry *e = entry;

	if (!e)
		return;
	boot_option_free(e->opt);
	free(e->sort_key);
	free(e->machine_id);
	free(e);
}

static bool is_entry_name(struct parse_ctx *ctx, const struct bls_kind *kind,
			  const char *dir, const char *name)
{
	size_t n = strlen(name), ls = strlen(kind->suffix);

	if (name[0] == '.' || n <= ls ||
	    strcasecmp(name + n - ls, kind->suffix))
		return false;
	if (!conf_valid_utf8(name)) {
		parse_warn(ctx, dir, 0, "%s is not valid UTF-8: ignored",
			   kind->bad_name);
		return false;
	}
	return true;
}

/*
 * Load the entries of dir. Each name is let go once its entry is loaded,
 * so that the entries fill the holes the names leave (a folder of 10,000
 * names otherwise sits under the options at the peak of memory).
 */
static int scan_dir(struct parse_ctx *ctx, const struct bls_kind *kind,
		    const char *dir, struct vec *entries)
{
	struct bls_entry *e;
	char **names = NULL;
	size_t i;
	int ret;

	ret = parse_list(ctx, NULL, dir, &names);
	if (ret)
		return ret == -ENOMEM ? ret : 0;
	for (i = 0; names[i]; i++) {
		if (!is_entry_name(ctx, kind, dir, names[i]))
			goto next;
		if (entries->n >= PARSE_MAX_OPTIONS) {
			parse_warn(ctx, dir, 0,
				   "more than %d %s: the rest ignored",
				   PARSE_MAX_OPTIONS, kind->many);
			break;
		}
		ret = kind->load(ctx, dir, names[i], &e);
		if (ret)
			break;
		if (e && vec_push(entries, e)) {
			bls_entry_free(e);
			ret = -ENOMEM;
			break;
		}
next:
		free(names[i]);
	}
	for (; names[i]; i++)
		free(names[i]);
	free(names);
	return ret;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct bls_entry *x = *(struct bls_entry *const *)a;
	const struct bls_entry *y = *(struct bls_entry *const *)b;

	return bls_sort_compare(&x->sort, &y->sort);
}

/* The sort record from the entry's own fields; index: discovery order. */
static void fill_sort(struct bls_entry *e, size_t index)
{
	e->sort.sort_key = e->sort_key;
	e->sort.machine_id = e->machine_id;
	e->sort.version = e->opt->version;
	e->sort.id = e->opt->key;
	e->sort.index = index;
}

/* Sort, pick the default, make titles distinct, hand over in order. */
static int emit(struct parse_ctx *ctx, const struct bls_kind *kind,
		struct vec *entries, const char *pattern)
{
	struct boot_option **opts;
	const char **mids;
	struct bls_entry *e;
	size_t i;
	int ret;

	for (i = 0; i < entries->n; i++)
		fill_sort(entries->v[i], i);
	if (entries->n > 1)
		qsort(entries->v, entries->n, sizeof(void *), cmp_entry);
	for (i = 0; pattern && i < entries->n; i++) {
		e = entries->v[i];
		if (bls_default_matches(pattern, e->opt->key, kind->suffix)) {
			e->opt->is_default = true;
			break;
		}
	}
	opts = calloc(entries->n + 1, sizeof(*opts));
	mids = calloc(entries->n + 1, sizeof(*mids));
	ret = -ENOMEM;
	if (!opts || !mids)
		goto out;
	for (i = 0; i < entries->n; i++) {
		e = entries->v[i];
		opts[i] = e->opt;
		mids[i] = e->machine_id;
	}
	ret = bls_unique_titles(opts, mids, entries->n);
	for (i = 0; !ret && i < entries->n; i++) {
		e = entries->v[i];
		ret = parse_add_option(ctx, e->opt, e->opt->origin);
		e->opt = NULL;
		if (ret == -E2BIG)
			ret = 0;
	}
out:
	free(opts);
	free(mids);
	return ret;
}

int bls_parse_kind(struct parse_ctx *ctx, const struct bls_kind *kind,
		   bool quiet, bool use_default)
{
	struct bls_loader_conf lc;
	struct vec entries = { 0 };
	size_t i;
	int ret;

	ret = bls_loader_conf_read(ctx, &lc, quiet);
	for (i = 0; !ret && i < ARRAY_SIZE(kind->dirs); i++)
		ret = scan_dir(ctx, kind, kind->dirs[i], &entries);
	if (!ret)
		ret = emit(ctx, kind, &entries,
			   use_default ? lc.default_pattern : NULL);
	vec_free(&entries, bls_entry_free);
	bls_loader_conf_release(&lc);
	return ret;
}

/* ---- distinguishable titles ------------------------------------------ */

struct named {
	const char *name;
	size_t idx;
};

static int cmp_named(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	return r ? r : cmp_int(x->idx, y->idx);
}

/* Mark in dup[] the options whose name another option also has. */
static int find_dups(struct boot_option **opts, size_t n, bool *dup,
		     bool *any)
{
	struct named *s = malloc(n * sizeof(*s));
	size_t i;

	if (!s)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		s[i].name = nz(opts[i]->name);
		s[i].idx = i;
	}
	qsort(s, n, sizeof(*s), cmp_named);
	*any = false;
	memset(dup, 0, n * sizeof(*dup));
	for (i = 0; i + 1 < n; i++) {
		if (strcmp(s[i].name, s[i + 1].name))
			continue;
		*any = true;
		dup[s[i].idx] = dup[s[i + 1].idx] = true;
	}
	free(s);
	return 0;
}

static int append_note(struct boot_option *opt, const char *note, int width)
{
	char *name;

	if (!note || !*note)
		return 0;
	name = str_printf("%s (%.*s)", nz(opt->name), width, note);
	if (!name)
		return -ENOMEM;
	free(opt->name);
	opt->name = name;
	return 0;
}

int bls_unique_titles(struct boot_option **opts, const char *const *machine_ids,
		      size_t n)
{
	bool *dup, any;
	size_t i;
	int round, ret = 0;

	if (n < 2)
		return 0;
	dup = calloc(n, sizeof(*dup));
	if (!dup)
		return -ENOMEM;
	for (round = 0; round < 3 && !ret; round++) {
		ret = find_dups(opts, n, dup, &any);
		if (ret || !any)
			break;
		for (i = 0; i < n && !ret; i++) {
			if (!dup[i])
				continue;
			if (round == 0)
				ret = append_note(opts[i], opts[i]->version,
						  INT_MAX);
			else if (round == 1)
				ret = append_note(opts[i], machine_ids[i], 8);
			else
				ret = append_note(opts[i], opts[i]->key,
						  INT_MAX);
		}
	}
	free(dup);
	return ret;
}
