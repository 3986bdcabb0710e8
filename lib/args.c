/* args.c: one option parser for every verb, over getopt_long(3). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/args.h"
#include "lib/util.h"

#define ARGS_MAX	32	/* options of one verb */

/* getopt_long's val for row i: its short name, else past every char. */
static int val_of(const struct arg_opt *o, size_t i)
{
	return o->short_name ? (unsigned char)o->short_name : 256 + (int)i;
}

static int take(const char *verb, const struct arg_opt *o, const char *arg)
{
	char *end;
	long v;

	switch (o->kind) {
	case ARG_FLAG:
		*(bool *)o->dest = true;
		return 0;
	case ARG_SET:
		*(int *)o->dest = o->value;
		return 0;
	case ARG_STR:
		*(const char **)o->dest = arg;
		return 0;
	case ARG_STRV:
		return strv_push((char ***)o->dest, strdup(arg));
	case ARG_INT:
		errno = 0;
		v = strtol(arg, &end, 10);
		if (errno || end == arg || *end || v < o->min || v > o->max) {
			fprintf(stderr, "baton %s: --%s takes %d..%d\n", verb,
				o->name, o->min, o->max);
			return -EINVAL;
		}
		*(int *)o->dest = (int)v;
		return 0;
	}
	return -EINVAL;
}

int args_parse(int argc, char **argv, const struct arg_opt *opts)
{
	struct option longopts[ARGS_MAX + 2];
	char shorts[2 * ARGS_MAX + 2];
	size_t i, n, s = 0;
	int c, ret;

	for (n = 0; opts[n].name; n++) {
		if (n == ARGS_MAX)
			return -EINVAL;
		longopts[n] = (struct option) {
			opts[n].name,
			opts[n].kind == ARG_FLAG || opts[n].kind == ARG_SET ?
			no_argument : required_argument,
			NULL, val_of(&opts[n], n),
		};
		if (opts[n].short_name) {
			shorts[s++] = opts[n].short_name;
			if (longopts[n].has_arg)
				shorts[s++] = ':';
		}
	}
	longopts[n] = (struct option) { "help", no_argument, NULL, 'h' };
	longopts[n + 1] = (struct option) { NULL, 0, NULL, 0 };
	shorts[s++] = 'h';
	shorts[s] = '\0';
	optind = 0;	/* a fresh scan, also when called again */
	while ((c = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
		if (c == 'h')
			return ARGS_HELP;
		if (c == '?' || c == ':')
			return -EINVAL;	/* getopt said why */
		for (i = 0; i < n && val_of(&opts[i], i) != c; i++)
			;
		if (i == n)
			return -EINVAL;
		ret = take(argv[0], &opts[i], optarg);
		if (ret)
			return ret;
	}
	return optind;
}
