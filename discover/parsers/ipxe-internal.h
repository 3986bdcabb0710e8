/*
 * ipxe-internal.h: what the parts of the iPXE parser share: ipxe-words.c
 * expands ${...} settings and splits a command line into words, ipxe.c
 * reads scripts and runs their commands, ipxe-image.c keeps the images
 * and makes the options, ipxe-menu.c turns menus into branches.
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


/* ---- what the parts share ------------------------------------------------ */

#define IPXE_MAX_IMAGES 64
#define IPXE_MAX_ITEMS 256
struct image {
	char *name;
	char *url;
	char *args;
};

struct script {
	char *url;
	char *buf;
	char **lines;		/* into buf */
	size_t n;
};

struct item {
	char *label;
	char *text;
};

/* What a branch of a run has set up; copied when a menu branches. */
struct machine {
	struct ipxe_vars vars;
	struct image *kernel;
	struct image *initrds[IPXE_MAX_IMAGES];
	size_t n_initrds;
	struct item items[IPXE_MAX_ITEMS];
	size_t n_items;
};

struct run {
	struct parse_ctx *ctx;
	const struct netboot_env *env;
	unsigned steps;
	bool steps_warned;
	struct script *scripts[PARSE_MAX_DEPTH];	/* chained, innermost last */
	unsigned depth;
	const void *menus[PARSE_MAX_DEPTH];	/* menus on the branch's path */
	unsigned n_menus;
};

/* Where a branch is and what its options are called. */
struct pos {
	struct script *s;
	size_t pc;
	const char *title;	/* menu item text(s), NULL: none yet */
	bool is_default;
};

enum flow { FLOW_NEXT, FLOW_STOP, FLOW_FAIL };

/* One line of a script, split into words ("&&" and "||" among them). */
struct line {
	char *tok[IPXE_MAX_WORDS];	/* raw words, "&&" and "||" among them */
	int n;
	unsigned no;		/* line number */
};

static inline const char *ipxe_url(const struct pos *p)
{
	return p->s->url;
}

/* ipxe.c: run p's script from p->pc; run the words of l from `from` on. */
int ipxe_run_from(struct run *r, struct machine *m, struct pos *p);
enum flow ipxe_exec_rest(struct run *r, struct machine *m, struct pos *p,
			 const struct line *l, int from, int *ret);

/* ipxe-image.c: machines, images, and the options a boot adds. */
void ipxe_machine_release(struct machine *m);
int ipxe_machine_copy(struct machine *d, const struct machine *s);
void ipxe_free_images(struct machine *m);
void ipxe_image_free(struct image *i);
/* words from..n-1 joined by spaces, new ("" for none); NULL: no memory */
char *ipxe_join(char **w, int from, int n);
/* kernel/initrd's words: the image; *ret -EINVAL (no URI) or -ENOMEM */
struct image *ipxe_new_image(const struct pos *p, char **w, int n, int *ret);
enum flow ipxe_do_imgargs(struct machine *m, char **w, int n, int *ret);
/* boot: the option m's kernel and initrds make; 0 or -ENOMEM */
int ipxe_emit(struct run *r, const struct machine *m, const struct pos *p,
	      unsigned line);

/* ipxe-menu.c: item and choose (each item a branch of the run). */
enum flow ipxe_do_item(struct run *r, struct machine *m, struct pos *p,
		       char **w, int n, unsigned line, int *ret);
enum flow ipxe_do_choose(struct run *r, struct machine *m, struct pos *p,
			 char **w, int n, const struct line *l, int next,
			 int *ret);

#endif
