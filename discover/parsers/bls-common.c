/* bls-common.c: sorting, boot counting, loader.conf for BLS type #1 and #2. */
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
