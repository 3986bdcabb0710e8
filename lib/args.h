/* args.h: the verbs' command-line options, parsed from one table each. */
#ifndef BATON_LIB_ARGS_H
#define BATON_LIB_ARGS_H

#include <stdbool.h>

enum arg_kind {
	ARG_FLAG,	/* bool *dest = true */
	ARG_SET,	/* int *dest = value */
	ARG_STR,	/* const char **dest = the argument (argv's, not copied) */
	ARG_STRV,	/* char ***dest: a copy of the argument appended */
	ARG_INT,	/* int *dest = the argument, a decimal in [min, max] */
};

struct arg_opt {
	const char *name;	/* --name; NULL ends the table */
	char short_name;	/* -c, or 0 */
	enum arg_kind kind;
	void *dest;
	int min, max;		/* ARG_INT: the range */
	int value;		/* ARG_SET: what *dest becomes */
};

/*
 * Rows of a table, each checking its dest's type (a wrong one does not
 * compile: the conditional needs both pointers of one type).
 */
#define ARG_TYPED(type, d)	(1 ? (d) : (type)0)
#define OPT_FLAG(n, c, d) \
	{ .name = (n), .short_name = (c), .kind = ARG_FLAG, \
	  .dest = ARG_TYPED(bool *, d) }
#define OPT_SET(n, c, d, v) \
	{ .name = (n), .short_name = (c), .kind = ARG_SET, \
	  .dest = ARG_TYPED(int *, d), .value = (v) }
#define OPT_STR(n, c, d) \
	{ .name = (n), .short_name = (c), .kind = ARG_STR, \
	  .dest = ARG_TYPED(const char **, d) }
#define OPT_STRV(n, c, d) \
	{ .name = (n), .short_name = (c), .kind = ARG_STRV, \
	  .dest = ARG_TYPED(char ***, d) }
#define OPT_INT(n, c, d, lo, hi) \
	{ .name = (n), .short_name = (c), .kind = ARG_INT, \
	  .dest = ARG_TYPED(int *, d), .min = (lo), .max = (hi) }
#define OPT_END	{ .name = NULL }

#define ARGS_HELP	0	/* args_parse: --help (or -h) was given */

/*
 * Parse the options of verb argv[0] against opts (--help and -h need no
 * row). Options and operands may be mixed (getopt_long's order: operands
 * move to the end). Returns the index in argv of the first operand (argc
 * when none), ARGS_HELP, or -EINVAL after saying what is wrong on stderr
 * ("baton VERB: ...") or -ENOMEM; the caller prints its usage. A failed
 * parse may have set some of the dests already.
 */
int args_parse(int argc, char **argv, const struct arg_opt *opts);

#endif
