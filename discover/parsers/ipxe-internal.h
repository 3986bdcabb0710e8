/*
 * ipxe-internal.h: what the two halves of the iPXE parser share:
 * ipxe-words.c expands ${...} settings and splits a command line into
 * words, ipxe.c runs the commands.
 */
#ifndef BATON_PARSERS_IPXE_INTERNAL_H
#define BATON_PARSERS_IPXE_INTERNAL_H

#include "discover/parsers/netboot.h"

#define IPXE_LINE_MAX 4096	/* a line after expansion */
#define IPXE_MAX_WORDS 256

/* A set of settings: "name=value" strings, set by `set`. */
struct ipxe_vars {
	char **kv;		/* NULL-terminated strv, may be NULL */
};

/* The value of setting name (after any "netX/" scope): NULL if unset. */
const char *ipxe_var_get(const struct ipxe_vars *v,
			 const struct netboot_env *env, const char *arch,
			 const char *name);
/* Set (value NULL: clear) name. 0 or -ENOMEM. */
int ipxe_var_set(struct ipxe_vars *v, const char *name, const char *value);
int ipxe_vars_copy(struct ipxe_vars *dst, const struct ipxe_vars *src);
void ipxe_vars_release(struct ipxe_vars *v);

/*
 * line with every ${name} and ${name:type} replaced (innermost first, as
 * iPXE does; unset settings expand to nothing; ":hexhyp" turns ':' into
 * '-'), a new string; NULL when out of memory. *cut is set when the
 * result would pass IPXE_LINE_MAX (it is cut there).
 */
char *ipxe_expand(const char *line, const struct ipxe_vars *v,
		  const struct netboot_env *env, const char *arch, bool *cut);

/*
 * Split s (modified) into at most IPXE_MAX_WORDS words at blanks; double
 * or single quotes group a word and are removed. Returns the count.
 */
int ipxe_split(char *s, char **words);

#endif
