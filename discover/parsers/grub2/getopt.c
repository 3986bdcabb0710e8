/*
 * getopt.c: GRUB 2.06's option parser for extended commands (lib/arg.c):
 * "--name=value", "--name value" (the next word when it does not start
 * with '-'; optional values likewise), "-abc" with a value for the last,
 * "--" ends options; with accept_dash (menuentry) unknown options are
 * plain words. A block after the words counts as one more word, which an
 * option may take as its value, as in GRUB.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/grub2/grub2-internal.h"

static const struct g2_opt *find_short(const struct g2_opt *opts, char c)
{
	for (; opts->longname; opts++)
		if (opts->shortname && opts->shortname == c)
			return opts;
	return NULL;
}

static const struct g2_opt *find_long(const struct g2_opt *opts,
				      const char *s, size_t len)
{
	for (; opts->longname; opts++)
		if (opts->longname[0] == s[0] &&
		    !strncmp(opts->longname, s, len) && !opts->longname[len])
			return opts;
	return NULL;
}

static int set_opt(const struct g2_opt *opts, struct g2_optval *vals,
		   const struct g2_opt *o, const char *arg)
{
	struct g2_optval *v = &vals[o - opts];
	const char **a;

	v->set = true;
	v->arg = arg;
	if (!(o->flags & G2O_REPEAT) || !arg)
		return 0;
	a = realloc(v->args, (v->nargs + 2) * sizeof(*a));
	if (!a)
		return -ENOMEM;
	a[v->nargs++] = arg;
	a[v->nargs] = NULL;
	v->args = a;
	return 0;
}

struct optstate {
	const struct g2_opt *opts;
	struct g2_optval *vals;
	char **argv;
	int argc, total, i;
	bool accept_dash, block_eaten;
	const char *err;
};

static const char *arg_at(struct optstate *s, int i)
{
	return i < s->argc ? s->argv[i] : "{";
}

/* The value of o given as the next word, if GRUB would take it. */
static const char *next_value(struct optstate *s, const struct g2_opt *o,
			      bool is_short)
{
	const char *next;

	if (!(o->flags & G2O_ARG) || s->i + 1 >= s->total)
		return NULL;
	next = arg_at(s, s->i + 1);
	if (is_short ? ((o->flags & G2O_OPTIONAL) &&
			strlen(next) >= 2 && next[0] == '-') :
	    next[0] == '-')
		return NULL;
	if (++s->i == s->argc)
		s->block_eaten = true;
	return next;
}

/* -abc: returns the option the value goes to (the last), or NULL. */
static const struct g2_opt *short_opts(struct optstate *s, const char *arg,
				       const char **value, int *r)
{
	const struct g2_opt *o = NULL;
	const char *c;

	for (c = arg + 1; *c; c++) {
		o = find_short(s->opts, *c);
		if (!o) {
			s->err = "unknown argument";
			return NULL;
		}
		if (!c[1])
			break;
		if ((o->flags & G2O_ARG) && !(o->flags & G2O_OPTIONAL)) {
			s->err = "missing mandatory option";
			return NULL;
		}
		*r = set_opt(s->opts, s->vals, o, NULL);
		if (*r)
			return NULL;
	}
	*value = next_value(s, o, true);
	return o;
}

static bool dash_unknown(struct optstate *s, const char *arg)
{
	const char *c;

	if (arg[1] == '-') {
		const char *eq = strchr(arg, '=');
		size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);

		return !find_long(s->opts, arg + 2, len);
	}
	for (c = arg + 1; *c; c++)
		if (!find_short(s->opts, *c))
			return true;
	return false;
}

/* One word starting with '-'; 1: it is positional after all. */
static int one_option(struct optstate *s, const char *arg)
{
	const struct g2_opt *o;
	const char *value = NULL, *eq;
	int r = 0;

	if (s->accept_dash && dash_unknown(s, arg))
		return 1;
	if (arg[1] != '-') {
		o = short_opts(s, arg, &value, &r);
	} else {
		eq = strchr(arg, '=');
		o = find_long(s->opts, arg + 2,
			      eq ? (size_t)(eq - arg - 2) : strlen(arg + 2));
		if (!o)
			s->err = "unknown argument";
		else if (eq)
			value = eq + 1;
		else
			value = next_value(s, o, false);
	}
	if (!o)
		return r ? r : -EINVAL;
	if (!(o->flags & G2O_ARG) && value) {
		s->err = "option takes no value";
		return -EINVAL;
	}
	if ((o->flags & G2O_ARG) && !value && !(o->flags & G2O_OPTIONAL)) {
		s->err = "missing mandatory option";
		return -EINVAL;
	}
	return set_opt(s->opts, s->vals, o, value);
}

int g2_getopt(const struct g2_opt *opts, struct g2_optval *vals, int argc,
	      char **argv, bool accept_dash, bool has_block, char ***pos,
	      int *npos, bool *block_eaten, const char **err)
{
	struct optstate s = {
		.opts = opts, .vals = vals, .argv = argv, .argc = argc,
		.total = argc + has_block, .accept_dash = accept_dash,
	};
	const char *arg;
	int r = 0;

	*pos = calloc(argc + 1, sizeof(**pos));
	*npos = 0;
	if (!*pos)
		return -ENOMEM;
	for (s.i = 0; s.i < s.total && !r; s.i++) {
		arg = arg_at(&s, s.i);
		if (!strcmp(arg, "--")) {
			while (++s.i < argc)
				(*pos)[(*npos)++] = argv[s.i];
			break;
		}
		r = arg[0] == '-' && arg[1] ? one_option(&s, arg) : 1;
		if (r == 1) {
			if (s.i < argc)
				(*pos)[(*npos)++] = argv[s.i];
			r = 0;
		}
	}
	if (block_eaten)
		*block_eaten = s.block_eaten;
	*err = s.err;
	if (r) {
		free(*pos);
		*pos = NULL;
		*npos = 0;
	}
	return r;
}

void g2_optvals_release(const struct g2_opt *opts, struct g2_optval *vals)
{
	for (; opts->longname; opts++, vals++) {
		free(vals->args);
		vals->args = NULL;
	}
}

