/* scan-ids.c: duplicates dropped and ids given, over every option at once. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discover/scan-ids.h"
#include "lib/hash.h"

/*
 * Options met so far, found again by a key of theirs: open addressing
 * over their positions, a slot the key's hash and the position + 1 (0:
 * empty). 8 bytes an option, where a uthash record with a copy of the key
 * takes a hundred (they come at the peak of a scan's memory), and each key
 * hashed once.
 */
struct opt_set {
	struct opt_slot {
		uint32_t hash;
		uint32_t at;
	} *slot;
	size_t mask;
	void *const *opts;	/* struct boot_option * */
};

/* Whether option o has the key a look-up is for. */
typedef bool opt_same_fn(const struct boot_option *o, const void *key);

/* FNV-1a, as lib/hash.h has uthash use; h: 2166136261 to start. */
static uint32_t fnv(uint32_t h, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static uint32_t str_hash(const char *s)
{
	return fnv(2166136261u, s, strlen(s));
}

/* Room for n options of opts. 0 or -ENOMEM. */
static int opt_set_init(struct opt_set *set, void *const *opts, size_t n)
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

/* The first option added with hash h for which same() holds, or NULL. */
static const struct boot_option *opt_set_find(const struct opt_set *set,
					      uint32_t h, opt_same_fn *same,
					      const void *key)
{
	const struct boot_option *o;
	size_t k;

	for (k = h & set->mask; set->slot[k].at; k = (k + 1) & set->mask) {
		if (set->slot[k].hash != h)
			continue;
		o = set->opts[set->slot[k].at - 1];
		if (same(o, key))
			return o;
	}
	return NULL;
}

/* Option i, its key of hash h (there is room: n at most are added). */
static void opt_set_add(struct opt_set *set, uint32_t h, size_t i)
{
	size_t k;

	for (k = h & set->mask; set->slot[k].at; k = (k + 1) & set->mask)
		;
	set->slot[k].hash = h;
	set->slot[k].at = i + 1;
}

/* ---- duplicates -------------------------------------------------------- */

static bool same_origin(const struct boot_option *o, const void *key)
{
	const struct boot_option *opt = key;

	return o->origin && o->source && streq(o->source, opt->source) &&
	       streq(o->origin, opt->origin);
}

void scan_dedupe(struct scan_result *res)
{
	struct opt_set set;
	size_t i, j = 0;
	uint32_t h;

	if (opt_set_init(&set, res->options.v, res->options.n))
		return;
	for (i = 0; i < res->options.n; i++) {
		struct boot_option *opt = res->options.v[i];

		if (opt->origin && opt->source) {
			/* the hash of "source\0origin" */
			h = fnv(2166136261u, opt->source,
				strlen(opt->source) + 1);
			h = fnv(h, opt->origin, strlen(opt->origin));
			if (opt_set_find(&set, h, same_origin, opt)) {
				boot_option_free(opt);
				continue;
			}
			opt_set_add(&set, h, j);
		}
		res->options.v[j++] = opt;
	}
	res->options.n = j;
	free(set.slot);
}

/* ---- ids --------------------------------------------------------------- */

/* The bytes of an id a shell would need quoted: made '_' by id_base(). */
static const bool unsafe[256] = {
	[0 ... ' '] = true, [0x7f ... 0xff] = true,
	['"'] = true, ['\''] = true, ['`'] = true, ['$'] = true,
	['\\'] = true, [';'] = true, ['&'] = true, ['|'] = true,
	['<'] = true, ['>'] = true, ['('] = true, [')'] = true,
	['*'] = true, ['?'] = true, ['['] = true, [']'] = true,
	['{'] = true, ['}'] = true, ['#'] = true, ['!'] = true,
};

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
		if (unsafe[(unsigned char)base[k]])
			base[k] = '_';
	return base;
}

static bool same_id(const struct boot_option *o, const void *key)
{
	return streq(o->id, key);
}

/* A base met twice: where the search for its next free "~N" starts. */
struct base {
	size_t next;
	UT_hash_handle hh;
	char name[];
};

static void bases_clear(struct base **set)
{
	struct base *b, *tmp;

	HASH_ITER(hh, *set, b, tmp) {
		HASH_DEL(*set, b);
		free(b);
	}
}

/*
 * The first of base~2, base~3 ... not in ids, for a base already taken,
 * or NULL when out of memory. bases keeps, per base met twice, where the
 * last search ended: ids are only ever added, so every "~N" below it is
 * still taken and starting there gives the answer a search from 2 would,
 * in one step instead of one per earlier duplicate.
 */
static char *next_id(const struct opt_set *ids, struct base **bases,
		     struct base *b, const char *base, size_t len)
{
	unsigned before = HASH_COUNT(*bases);
	char *id = NULL;
	size_t n;

	if (!b) {
		b = malloc(sizeof(*b) + len + 1);
		if (!b)
			return NULL;
		b->next = 2;
		memcpy(b->name, base, len + 1);
		HASH_ADD_KEYPTR(hh, *bases, b->name, len, b);
		if (!HASH_ADDED(*bases, before)) {
			free(b);
			return NULL;
		}
	}
	for (n = b->next;; n++) {
		free(id);
		id = str_printf("%s~%zu", base, n);
		if (!id || !opt_set_find(ids, str_hash(id), same_id, id))
			break;
	}
	b->next = n + 1;
	return id;
}

/*
 * A base that is free becomes the id as it is, hashed once for the
 * look-ups and the set.
 */
void scan_assign_ids(struct scan_result *res)
{
	struct base *bases = NULL, *b;
	struct opt_set ids;
	char *base, *id;
	size_t i, len;
	uint32_t h = 0;
	bool hashed;

	if (opt_set_init(&ids, res->options.v, res->options.n))
		return;
	for (i = 0; i < res->options.n; i++) {
		struct boot_option *opt = res->options.v[i];

		id = base = id_base(opt, i);
		hashed = false;
		if (base) {
			len = strlen(base);
			h = fnv(2166136261u, base, len);
			HASH_FIND(hh, bases, base, len, b);
			hashed = !b && !opt_set_find(&ids, h, same_id, base);
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
			h = str_hash(opt->id);
		opt_set_add(&ids, h, i);
	}
	free(ids.slot);
	bases_clear(&bases);
}
