/* scan.c: parse sources, resolve file references, dedupe, assign ids. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discover/scan.h"
#include "lib/hash.h"
#include "lib/strbuf.h"
#include "lib/log.h"

static const char *const ident_keys[] = {
	"name", "uuid", "label", "partuuid", "partlabel", "fstype", "kind",
};

static char **ident_field(struct source_info *si, const char *key)
{
	if (streq(key, "name"))
		return &si->name;
	if (streq(key, "uuid"))
		return &si->uuid;
	if (streq(key, "label"))
		return &si->label;
	if (streq(key, "partuuid"))
		return &si->partuuid;
	if (streq(key, "partlabel"))
		return &si->partlabel;
	if (streq(key, "fstype"))
		return &si->fstype;
	if (streq(key, "kind"))
		return &si->kind;
	return NULL;
}

/* The ':' that starts "key=value,..." (a path may itself hold colons). */
static char *find_ident(char *arg)
{
	char *c;
	size_t i;

	for (c = strchr(arg, ':'); c; c = strchr(c + 1, ':'))
		for (i = 0; i < ARRAY_SIZE(ident_keys); i++)
			if (str_startswith(c + 1, ident_keys[i]) &&
			    c[1 + strlen(ident_keys[i])] == '=')
				return c;
	return NULL;
}

int scan_parse_source_arg(char *arg, char **path, struct source_info *si)
{
	char *spec = find_ident(arg), *item, *save = NULL, *eq, **field;

	*path = arg;
	if (!spec)
		return 0;
	*spec++ = '\0';
	for (item = strtok_r(spec, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		eq = strchr(item, '=');
		if (!eq)
			return -EINVAL;
		*eq = '\0';
		field = ident_field(si, item);
		if (!field) {
			return -EINVAL;
		}
		free(*field);
		*field = strdup(eq + 1);
		if (!*field)
			return -ENOMEM;
	}
	return 0;
}

int scan_source(struct source *src, struct source *const *all, size_t n_all,
		const char *only, struct scan_result *res)
{
	const struct source_info **infos;
	struct parse_ctx ctx;
	size_t i;
	int ret;

	infos = calloc(n_all ? n_all : 1, sizeof(*infos));
	if (!infos)
		return -ENOMEM;
	for (i = 0; i < n_all; i++)
		infos[i] = &all[i]->info;
	parse_ctx_init(&ctx, &source_parse_io, NULL, &src->info,
		       (const struct source_info *const *)infos, n_all);
	ret = parsers_run(&ctx, only);
	if (scan_collect(res, &ctx, src->info.name))
		ret = -ENOMEM;
	parse_ctx_release(&ctx);
	free(infos);
	return ret;
}

int scan_collect(struct scan_result *res, struct parse_ctx *ctx,
		 const char *name)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < ctx->options.n; i++) {
		if (vec_push(&res->options, ctx->options.v[i])) {
			boot_option_free(ctx->options.v[i]);
			ret = -ENOMEM;
		}
	}
	ctx->options.n = 0;
	for (i = 0; i < ctx->diags.n; i++) {
		char *d = str_printf("%s: %s", name, (char *)ctx->diags.v[i]);

		if (d && vec_push(&res->diags, d))
			free(d);
	}
	if (ctx->has_timeout && !res->has_timeout) {
		res->timeout = ctx->timeout;
		res->has_timeout = true;
	}
	return ret;
}

static bool ref_matches(struct source *src, const struct boot_file *f)
{
	if (f->ref == BOOT_REF_FILE) {
		struct parse_stat st;

		return f->ref_value &&
		       source_parse_io.stat(NULL, &src->info, f->ref_value,
					    &st) == 0;
	}
	return source_info_matches(&src->info, f->ref, f->ref_value);
}

static struct source *find_source(struct source *const *all, size_t n,
				  const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (streq(all[i]->info.name, name))
			return all[i];
	return NULL;
}

static void resolve_file(struct boot_file *f, const struct boot_option *opt,
			 struct source *const *all, size_t n)
{
	struct source *src = NULL;
	struct parse_stat st;
	size_t i;

	if (!f || f->url)
		return;
	if (f->iso) {
		/*
		 * Inside an image: the image is found like any file; what it
		 * holds is seen once it is mounted, at boot (iso-mount.h).
		 */
		resolve_file(f->iso, opt, all, n);
		f->missing = f->iso->missing || f->iso->iso || !f->path ||
			     f->path[0] != '/';
		return;
	}
	if (f->ref == BOOT_REF_SELF) {
		src = find_source(all, n, opt->source);
	} else {
		for (i = 0; i < n && !src; i++)
			if (ref_matches(all[i], f))
				src = all[i];
	}
	free(f->source);
	f->source = src ? strdup(src->info.name) : NULL;
	f->missing = !src || !f->path ||
		     source_parse_io.stat(NULL, &src->info, f->path, &st) ||
		     (st.is_dir && !str_endswith(f->path, "/"));	/* FDTDIR */
}

static void resolve_option(struct boot_option *opt, struct source *const *all,
			   size_t n)
{
	size_t i;

	resolve_file(opt->kernel, opt, all, n);
	resolve_file(opt->dtb, opt, all, n);
	for (i = 0; opt->initrds && opt->initrds[i]; i++)
		resolve_file(opt->initrds[i], opt, all, n);
	for (i = 0; opt->dtb_overlays && opt->dtb_overlays[i]; i++)
		resolve_file(opt->dtb_overlays[i], opt, all, n);
	for (i = 0; opt->modules && opt->modules[i]; i++)
		resolve_file(opt->modules[i]->file, opt, all, n);
}

/* A name met once, for the duplicate and id checks below. */
struct seen {
	const char *key;	/* owned by the option, or key_buf */
	size_t next;		/* ids: the next "~N" worth trying */
	UT_hash_handle hh;
	char key_buf[];
};

static void seen_clear(struct seen **set)
{
	struct seen *s, *tmp;

	HASH_ITER(hh, *set, s, tmp) {
		HASH_DEL(*set, s);
		free(s);
	}
}

/*
 * Add the len bytes of key to set (copied when copy, else they must
 * outlive the set). Returns the entry, or NULL when out of memory.
 */
static struct seen *seen_add(struct seen **set, const char *key, size_t len,
			     bool copy)
{
	struct seen *s = malloc(sizeof(*s) + (copy ? len + 1 : 0));
	unsigned before = HASH_COUNT(*set);

	if (!s)
		return NULL;
	s->key = key;
	s->next = 2;
	if (copy) {
		memcpy(s->key_buf, key, len);
		s->key_buf[len] = '\0';
		s->key = s->key_buf;
	}
	HASH_ADD_KEYPTR(hh, *set, s->key, len, s);
	if (!HASH_ADDED(*set, before)) {
		free(s);
		return NULL;
	}
	return s;
}

static struct seen *seen_find(struct seen *set, const char *key, size_t len)
{
	struct seen *s;

	HASH_FIND(hh, set, key, len, s);
	return s;
}

/*
 * Drop the BLS entry files listed twice for one source (grub's blscfg and
 * the BLS parser); the first stays. Keyed by "source\0origin". Out of
 * memory keeps an option (a duplicate at worst).
 */
static void dedupe(struct scan_result *res)
{
	struct seen *set = NULL;
	struct strbuf key = STRBUF_INIT;
	size_t i, j = 0;

	for (i = 0; i < res->options.n; i++) {
		struct boot_option *opt = res->options.v[i];

		if (opt->origin && opt->source) {
			sb_reset(&key);
			sb_add(&key, opt->source, strlen(opt->source) + 1);
			sb_adds(&key, opt->origin);
			if (!key.err && seen_find(set, key.buf, key.len)) {
				boot_option_free(opt);
				continue;
			}
			if (!key.err)
				seen_add(&set, key.buf, key.len, true);
		}
		res->options.v[j++] = opt;
	}
	res->options.n = j;
	sb_release(&key);
	seen_clear(&set);
}

/* The bytes of an id a shell would need quoted: made '_' by id_base(). */
static bool id_unsafe(unsigned char c)
{
	static bool table[256], ready;
	const char *p;
	unsigned i;

	if (!ready) {
		for (i = 0; i < 256; i++)
			table[i] = i <= ' ' || i >= 0x7f;
		for (p = "\"'`$\\;&|<>()*?[]{}#!"; *p; p++)
			table[(unsigned char)*p] = true;
		ready = true;
	}
	return table[c];
}

/* "<source>:<key>", what a shell would need quoted made '_'. */
static char *id_base(const struct boot_option *opt, size_t i)
{
	const char *src = opt->source ? opt->source : "?";
	const char *key = opt->key ? opt->key : opt->name;
	char idx[24], *base;
	size_t k, slen, klen;

	if (!key) {
		snprintf(idx, sizeof(idx), "%zu", i);
		key = idx;
	}
	slen = strlen(src);
	klen = strlen(key);
	base = malloc(slen + 1 + klen + 1);
	if (!base)
		return NULL;
	memcpy(base, src, slen);
	base[slen] = ':';
	memcpy(base + slen + 1, key, klen + 1);
	for (k = 0; base[k]; k++)
		if (id_unsafe(base[k]))
			base[k] = '_';
	return base;
}

/*
 * The ids given so far, for assign_ids(): open addressing over the
 * options, a slot an id's hash and its option's position + 1 (0: empty),
 * 8 bytes where a uthash record would take 72 (they come at the peak of a
 * scan's memory).
 */
struct id_set {
	struct id_slot {
		uint32_t hash;
		uint32_t at;
	} *slot;
	size_t mask;
	void *const *opts;	/* struct boot_option * */
};

/* FNV-1a, as lib/hash.h has uthash use. */
static uint32_t id_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Room for n ids. 0 or -ENOMEM. */
static int id_set_init(struct id_set *set, void *const *opts, size_t n)
{
	size_t cap = 16;

	if (n > UINT32_MAX / 4)
		return -ENOMEM;
	while (cap < 2 * n)
		cap *= 2;
	set->slot = calloc(cap, sizeof(*set->slot));
	set->mask = cap - 1;
	set->opts = opts;
	return set->slot ? 0 : -ENOMEM;
}

static bool id_set_has(const struct id_set *set, const char *id, uint32_t h)
{
	const struct boot_option *o;
	size_t k;

	for (k = h & set->mask; set->slot[k].at; k = (k + 1) & set->mask) {
		if (set->slot[k].hash != h)
			continue;
		o = set->opts[set->slot[k].at - 1];
		if (streq(o->id, id))
			return true;
	}
	return false;
}

/* Option i's id, of hash h (there is room: the set holds n at most). */
static void id_set_add(struct id_set *set, uint32_t h, size_t i)
{
	size_t k;

	for (k = h & set->mask; set->slot[k].at; k = (k + 1) & set->mask)
		;
	set->slot[k].hash = h;
	set->slot[k].at = i + 1;
}

/*
 * The first of base~2, base~3 ... not in ids, for a base already taken,
 * or NULL when out of memory. bases keeps, per base met twice, where the
 * last search ended: ids are only ever added, so every "~N" below it is
 * still taken and starting there gives the answer a search from 2 would,
 * in one step instead of one per earlier duplicate.
 */
static char *next_id(const struct id_set *ids, struct seen **bases,
		     struct seen *b, const char *base, size_t len)
{
	char *id = NULL;
	size_t n;

	if (!b && !(b = seen_add(bases, base, len, true)))
		return NULL;
	for (n = b->next;; n++) {
		free(id);
		id = str_printf("%s~%zu", base, n);
		if (!id || !id_set_has(ids, id, id_hash(id, strlen(id))))
			break;
	}
	b->next = n + 1;
	return id;
}

/*
 * id = "<source>:<key>", where key is what the parser says stays the same
 * across boots (a BLS file name, a GRUB --id or title, a syslinux label);
 * characters that would need quoting in a shell become '_', and "~N" makes
 * duplicates unique. A base that is free becomes the id as it is, hashed
 * once for the look-ups and the set. Out of memory leaves an option its
 * old id.
 */
static void assign_ids(struct scan_result *res)
{
	struct seen *bases = NULL, *b;
	struct id_set ids;
	char *base, *id;
	size_t i, len;
	uint32_t h = 0;
	bool hashed;

	if (id_set_init(&ids, res->options.v, res->options.n))
		return;
	for (i = 0; i < res->options.n; i++) {
		struct boot_option *opt = res->options.v[i];

		id = base = id_base(opt, i);
		hashed = false;
		if (base) {
			len = strlen(base);
			h = id_hash(base, len);
			b = seen_find(bases, base, len);
			hashed = !b && !id_set_has(&ids, base, h);
			if (!hashed) {
				id = next_id(&ids, &bases, b, base, len);
				free(base);
			}
		}
		if (id) {
			free(opt->id);
			opt->id = id;
		}
		if (!opt->id)
			continue;
		if (!hashed)
			h = id_hash(opt->id, strlen(opt->id));
		id_set_add(&ids, h, i);
	}
	free(ids.slot);
	seen_clear(&bases);
}

void scan_finish(struct scan_result *res, struct source *const *all,
		 size_t n_all)
{
	size_t i;

	dedupe(res);
	for (i = 0; i < res->options.n; i++)
		resolve_option(res->options.v[i], all, n_all);
	assign_ids(res);
}

static void option_free(void *p)
{
	boot_option_free(p);
}

void scan_result_release(struct scan_result *res)
{
	vec_free(&res->options, option_free);
	vec_free(&res->diags, free);
}
