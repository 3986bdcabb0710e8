/*
 * env.c: GRUB's variables. A context is a hash table of name -> value with
 * an "exported" mark; submenus and configfile get a new context holding
 * copies of the exported variables. An overlay sees its parent whole and
 * keeps its own writes (and unsets, as tombstones) so that running one
 * menu entry leaves the menu's environment as it was.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/grub2/grub2-internal.h"

struct g2_var {
	struct g2_var *next;
	char *value;		/* NULL: unset here (overlay tombstone) */
	bool exported;
	char name[];
};

#define VAR_COST(n, v)	(sizeof(struct g2_var) + (n) + 1 + (v))

static size_t hash(const char *s)
{
	size_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

int g2_env_init(struct g2_env *env, size_t *bytes, struct g2_env *parent)
{
	memset(env, 0, sizeof(*env));
	env->nbuckets = 32;
	env->buckets = calloc(env->nbuckets, sizeof(*env->buckets));
	env->parent = parent;
	env->bytes = bytes;
	return env->buckets ? 0 : -ENOMEM;
}

static void var_free(struct g2_env *env, struct g2_var *v)
{
	*env->bytes -= VAR_COST(strlen(v->name),
				v->value ? strlen(v->value) : 0);
	free(v->value);
	free(v);
}

void g2_env_release(struct g2_env *env)
{
	struct g2_var *v, *next;
	size_t i;

	if (!env->buckets)
		return;
	for (i = 0; i < env->nbuckets; i++) {
		for (v = env->buckets[i]; v; v = next) {
			next = v->next;
			var_free(env, v);
		}
	}
	free(env->buckets);
	env->buckets = NULL;
}

/* The variable in this table only. */
static struct g2_var *find_here(const struct g2_env *env, const char *name)
{
	struct g2_var *v;

	for (v = env->buckets[hash(name) & (env->nbuckets - 1)]; v;
	     v = v->next)
		if (!strcmp(v->name, name))
			return v;
	return NULL;
}

/* The variable as seen from env (NULL when unset). */
static struct g2_var *lookup(const struct g2_env *env, const char *name)
{
	struct g2_var *v;

	for (; env; env = env->parent) {
		v = find_here(env, name);
		if (v)
			return v->value ? v : NULL;
	}
	return NULL;
}

const char *g2_env_get(const struct g2_env *env, const char *name)
{
	struct g2_var *v = lookup(env, name);

	return v ? v->value : NULL;
}

static void grow(struct g2_env *env)
{
	struct g2_var **nb, *v, *next;
	size_t i, n = env->nbuckets * 2;

	if (env->count < env->nbuckets * 2 || n > 65536)
		return;
	nb = calloc(n, sizeof(*nb));
	if (!nb)
		return;		/* keeps working, only slower */
	for (i = 0; i < env->nbuckets; i++) {
		for (v = env->buckets[i]; v; v = next) {
			next = v->next;
			v->next = nb[hash(v->name) & (n - 1)];
			nb[hash(v->name) & (n - 1)] = v;
		}
	}
	free(env->buckets);
	env->buckets = nb;
	env->nbuckets = n;
}

/*
 * Create name in this table with value (may be NULL: a tombstone).
 * Returns 0, -E2BIG (bound) or -ENOMEM.
 */
static int create(struct g2_env *env, const char *name, const char *value,
		  bool exported)
{
	size_t nlen = strlen(name), vlen = value ? strlen(value) : 0;
	size_t cost = VAR_COST(nlen, vlen);
	struct g2_var *v;

	if (*env->bytes + cost > G2_MAX_ENV_BYTES)
		return -E2BIG;
	v = malloc(sizeof(*v) + nlen + 1);
	if (!v)
		return -ENOMEM;
	memcpy(v->name, name, nlen + 1);
	v->value = value ? strdup(value) : NULL;
	if (value && !v->value) {
		free(v);
		return -ENOMEM;
	}
	v->exported = exported;
	v->next = env->buckets[hash(name) & (env->nbuckets - 1)];
	env->buckets[hash(name) & (env->nbuckets - 1)] = v;
	env->count++;
	*env->bytes += cost;
	grow(env);
	return 0;
}

static int replace(struct g2_env *env, struct g2_var *v, const char *value)
{
	size_t old = v->value ? strlen(v->value) : 0, vlen = strlen(value);
	char *d;

	if (vlen > old && *env->bytes + vlen - old > G2_MAX_ENV_BYTES)
		return -E2BIG;
	d = strdup(value);
	if (!d)
		return -ENOMEM;
	free(v->value);
	v->value = d;
	*env->bytes = *env->bytes - old + vlen;
	return 0;
}

int g2_env_set(struct g2_env *env, const char *name, const char *value)
{
	struct g2_var *v, *seen;
	size_t len = strlen(value);
	char *stripped = NULL;
	int r;

	if (len > G2_MAX_VALUE)
		return -E2BIG;
	/* GRUB's hook on root: "(hd0,1)" is stored as "hd0,1" */
	if (!strcmp(name, "root") && len >= 2 && value[0] == '(' &&
	    value[len - 1] == ')') {
		stripped = strndup(value + 1, len - 2);
		if (!stripped)
			return -ENOMEM;
		value = stripped;
	}
	v = find_here(env, name);
	if (v) {
		r = replace(env, v, value);
	} else {
		seen = lookup(env, name);
		r = create(env, name, value, seen && seen->exported);
	}
	free(stripped);
	return r;
}

int g2_env_unset(struct g2_env *env, const char *name)
{
	struct g2_var **pv, *v;

	if (env->parent && lookup(env->parent, name)) {
		v = find_here(env, name);
		if (!v)
			return create(env, name, NULL, false);
		*env->bytes -= v->value ? strlen(v->value) : 0;
		free(v->value);
		v->value = NULL;
		return 0;
	}
	pv = &env->buckets[hash(name) & (env->nbuckets - 1)];
	for (; *pv; pv = &(*pv)->next) {
		if (!strcmp((*pv)->name, name)) {
			v = *pv;
			*pv = v->next;
			env->count--;
			var_free(env, v);
			break;
		}
	}
	return 0;
}

int g2_env_export(struct g2_env *env, const char *name)
{
	struct g2_var *v = find_here(env, name);
	const struct g2_var *seen;
	int r;

	if (v && v->value) {
		v->exported = true;
		return 0;
	}
	seen = lookup(env, name);
	r = g2_env_set(env, name, seen ? seen->value : "");
	if (r)
		return r;
	find_here(env, name)->exported = true;
	return 0;
}

int g2_env_open_context(struct g2_env *env, const struct g2_env *from,
			size_t *bytes)
{
	const struct g2_env *level;
	struct g2_var *v;
	size_t i;
	int r = g2_env_init(env, bytes, NULL);

	for (level = from; !r && level; level = level->parent) {
		for (i = 0; !r && i < level->nbuckets; i++) {
			for (v = level->buckets[i]; !r && v; v = v->next) {
				if (lookup(from, v->name) != v || !v->exported)
					continue;
				r = create(env, v->name, v->value, true);
			}
		}
	}
	if (r)
		g2_env_release(env);
	return r;
}
