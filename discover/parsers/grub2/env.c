/*
 * env.c: GRUB's variables. A context is a hash table of name -> value with
 * an "exported" mark; submenus and configfile get a new context holding
 * copies of the exported variables. An overlay sees its parent whole and
 * keeps its own writes (and unsets, as tombstones) so that running one
 * menu entry leaves the menu's environment as it was. A variable may also
 * carry, unseen by the script, the device a search wanted for it and did
 * not find (g2_env_defer).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/grub2/grub2-internal.h"
#include "lib/hash.h"

struct g2_var {
	UT_hash_handle hh;
	char *value;		/* NULL: unset here (overlay tombstone) */
	size_t room;		/* bytes value's allocation holds */
	char *deferred;		/* device a search did not find, or NULL */
	bool exported;
	bool own_value;		/* value was allocated apart from v */
	char name[];		/* then the first value, in the same block */
};

#define VAR_COST(n, v)	(sizeof(struct g2_var) + (n) + 1 + (v))

int g2_env_init(struct g2_env *env, size_t *bytes, struct g2_env *parent)
{
	memset(env, 0, sizeof(*env));
	env->parent = parent;
	env->bytes = bytes;
	return 0;
}

/* Forget what a search wanted (any write to the variable does). */
static void undefer(struct g2_env *env, struct g2_var *v)
{
	if (!v->deferred)
		return;
	*env->bytes -= strlen(v->deferred);
	free(v->deferred);
	v->deferred = NULL;
}

/* Let go of v's value (not when it lives in v's own block). */
static void value_free(struct g2_var *v)
{
	if (v->own_value)
		free(v->value);
	v->value = NULL;
	v->own_value = false;
}

static void var_free(struct g2_env *env, struct g2_var *v)
{
	if (env->status == v)
		env->status = NULL;
	undefer(env, v);
	*env->bytes -= VAR_COST(strlen(v->name),
				v->value ? strlen(v->value) : 0);
	value_free(v);
	free(v);
}

void g2_env_release(struct g2_env *env)
{
	struct g2_var *v, *tmp;

	HASH_ITER(hh, env->vars, v, tmp) {
		HASH_DEL(env->vars, v);
		var_free(env, v);
	}
}

/* A name with its length and hash, taken once for all the tables. */
struct key {
	const char *name;
	unsigned len, hash;
};

static struct key key_of(const char *name)
{
	struct key k = { .name = name, .len = strlen(name) };

	HASH_VALUE(name, k.len, k.hash);
	return k;
}

/* The variable in this table only. */
static struct g2_var *find_key(const struct g2_env *env, const struct key *k)
{
	struct g2_var *v;

	HASH_FIND_BYHASHVALUE(hh, env->vars, k->name, k->len, k->hash, v);
	return v;
}

static struct g2_var *find_here(const struct g2_env *env, const char *name)
{
	struct key k = key_of(name);

	return find_key(env, &k);
}

/* The entry for the name nearest to env, tombstones included. */
static struct g2_var *nearest_key(const struct g2_env *env,
				  const struct key *k)
{
	struct g2_var *v;

	for (; env; env = env->parent) {
		v = find_key(env, k);
		if (v)
			return v;
	}
	return NULL;
}

/* The variable as seen from env (NULL when unset). */
static struct g2_var *lookup_key(const struct g2_env *env,
				 const struct key *k)
{
	struct g2_var *v = nearest_key(env, k);

	return v && v->value ? v : NULL;
}

static struct g2_var *lookup(const struct g2_env *env, const char *name)
{
	struct key k = key_of(name);

	return lookup_key(env, &k);
}

const char *g2_env_get(const struct g2_env *env, const char *name)
{
	struct g2_var *v = lookup(env, name);

	return v ? v->value : NULL;
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
	unsigned before = HASH_COUNT(env->vars);
	struct g2_var *v;

	if (*env->bytes + cost > G2_MAX_ENV_BYTES)
		return -E2BIG;
	/* one allocation: the name, then room for the first value */
	v = malloc(sizeof(*v) + nlen + 1 + (value ? vlen + 1 : 0));
	if (!v)
		return -ENOMEM;
	memcpy(v->name, name, nlen + 1);
	v->value = NULL;
	v->room = 0;
	if (value) {
		v->value = v->name + nlen + 1;
		memcpy(v->value, value, vlen + 1);
		v->room = vlen + 1;
	}
	v->own_value = false;
	v->deferred = NULL;
	v->exported = exported;
	HASH_ADD_KEYPTR(hh, env->vars, v->name, nlen, v);
	if (!HASH_ADDED(env->vars, before)) {
		free(v);
		return -ENOMEM;
	}
	*env->bytes += cost;
	return 0;
}

/* A new value for v; its allocation is reused when the value fits. */
static int replace(struct g2_env *env, struct g2_var *v, const char *value)
{
	size_t old = v->value ? strlen(v->value) : 0, vlen = strlen(value);
	char *d;

	if (vlen > old && *env->bytes + vlen - old > G2_MAX_ENV_BYTES)
		return -E2BIG;
	undefer(env, v);
	if (v->value && vlen < v->room) {
		memcpy(v->value, value, vlen + 1);
	} else {
		d = strdup(value);
		if (!d)
			return -ENOMEM;
		value_free(v);
		v->value = d;
		v->own_value = true;
		v->room = vlen + 1;
	}
	*env->bytes = *env->bytes - old + vlen;
	return 0;
}

int g2_env_set(struct g2_env *env, const char *name, const char *value)
{
	struct g2_var *v, *seen;
	size_t len = strlen(value);
	char *stripped = NULL;
	struct key k;
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
	k = key_of(name);
	v = find_key(env, &k);
	if (v) {
		r = replace(env, v, value);
	} else {
		seen = lookup_key(env, &k);
		r = create(env, name, value, seen && seen->exported);
	}
	free(stripped);
	return r;
}

int g2_env_set_status(struct g2_env *env, const char *value)
{
	struct g2_var *v = env->status;

	if (!v)
		v = env->status = find_here(env, "?");
	if (v && v->value && !v->deferred && !strcmp(v->value, value))
		return 0;
	return g2_env_set(env, "?", value);
}

int g2_env_unset(struct g2_env *env, const char *name)
{
	struct key k = key_of(name);
	struct g2_var *v;

	if (env->parent && lookup_key(env->parent, &k)) {
		v = find_key(env, &k);
		if (!v)
			return create(env, name, NULL, false);
		undefer(env, v);
		*env->bytes -= v->value ? strlen(v->value) : 0;
		value_free(v);
		return 0;
	}
	v = find_key(env, &k);
	if (v) {
		HASH_DEL(env->vars, v);
		var_free(env, v);
	}
	return 0;
}

int g2_env_export(struct g2_env *env, const char *name)
{
	struct key k = key_of(name);
	struct g2_var *v = find_key(env, &k);
	const struct g2_var *seen;
	int r;

	if (v && v->value) {
		v->exported = true;
		return 0;
	}
	seen = lookup_key(env, &k);
	r = g2_env_set(env, name, seen ? seen->value : "");
	if (r)
		return r;
	find_key(env, &k)->exported = true;
	return 0;
}

int g2_env_open_context(struct g2_env *env, const struct g2_env *from,
			size_t *bytes)
{
	const struct g2_env *level;
	struct g2_var *v, *tmp;
	int r = g2_env_init(env, bytes, NULL);

	for (level = from; !r && level; level = level->parent) {
		HASH_ITER(hh, level->vars, v, tmp) {
			if (lookup(from, v->name) != v || !v->exported)
				continue;
			r = create(env, v->name, v->value, true);
			if (!r && v->deferred)
				r = g2_env_defer(env, v->name, v->deferred);
			if (r)
				break;
		}
	}
	if (r)
		g2_env_release(env);
	return r;
}

int g2_env_defer(struct g2_env *env, const char *name, const char *dev)
{
	struct key k = key_of(name);
	struct g2_var *v = find_key(env, &k), *seen;
	size_t len = strlen(dev);
	char *d;
	int r;

	if (!v) {
		/* an overlay keeps its own copy, as for a write */
		seen = nearest_key(env, &k);
		r = create(env, name, seen ? seen->value : NULL,
			   seen && seen->exported);
		if (r)
			return r;
		v = find_key(env, &k);
	}
	if (*env->bytes + len > G2_MAX_ENV_BYTES)
		return -E2BIG;
	d = strdup(dev);
	if (!d)
		return -ENOMEM;
	undefer(env, v);
	v->deferred = d;
	*env->bytes += len;
	return 0;
}

const char *g2_env_deferred(const struct g2_env *env, const char *name)
{
	struct key k = key_of(name);
	const struct g2_var *v = nearest_key(env, &k);

	return v ? v->deferred : NULL;
}
