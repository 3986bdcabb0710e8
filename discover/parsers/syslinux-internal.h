/*
 * syslinux-internal.h: what the two halves of the syslinux parser share:
 * syslinux-read.c reads config files into labels and menus the way
 * syslinux's menu module does, syslinux.c turns them into boot options.
 */
#ifndef BATON_PARSERS_SYSLINUX_INTERNAL_H
#define BATON_PARSERS_SYSLINUX_INTERNAL_H

#include "discover/parsers/conf.h"

/* Bounds over one source, all INCLUDEs and CONFIGs together. */
#define SYS_MAX_FILES	1024		/* config files read */
#define SYS_MAX_BYTES	(64u << 20)	/* bytes of config read */

enum ktype {
	KT_KERNEL, KT_LINUX, KT_BOOT, KT_BSS, KT_PXE, KT_FDIMAGE, KT_COMBOOT,
	KT_COM32, KT_CONFIG, KT_LOCALBOOT,
};

/* A submenu (MENU BEGIN, or INCLUDE with a title); the root has none. */
struct menu {
	char *display;		/* shown in the parent menu, '^' kept */
	bool display_is_tag;	/* still MENU BEGIN's tag: MENU TITLE wins */
	struct menu *parent;
};

/* What a LABEL block says, as the lines arrive. */
struct label {
	char *name;
	char *menulabel;
	char *kernel;		/* the whole KERNEL line: file [args] */
	enum ktype type;
	char *append;		/* NULL: none given */
	char *initrd, *fdt, *fdtdir, *fdtoverlays;
	bool hide, menu_default, no_boot;
	bool has_ipappend;	/* IPAPPEND/SYSAPPEND in the label */
	unsigned ipappend;	/* its flags (bits 1 and 2 used) */
	const char *file;	/* where the LABEL line is */
	unsigned line;
};

/* A finished label that may boot (or a CONFIG entry to expand). */
struct rec {
	struct label ld;
	char *append;		/* own, else the global one when finished */
	struct menu *menu;
};

/*
 * For a config fetched over the network (pxelinux): what IPAPPEND and
 * SYSAPPEND flags 1 and 2 add to a command line. On disks run->net is
 * NULL and they add nothing, as in syslinux outside PXELINUX.
 */
struct sys_net {
	const char *ip_arg;	/* "ip=client:server:gateway:netmask" or NULL */
	const char *bootif;	/* "BOOTIF=01-aa-bb-cc-dd-ee-ff" or NULL */
};

/* Shared by a main config and the configs its CONFIG entries load. */
struct sys_run {
	const struct sys_net *net;	/* pxelinux only, else NULL */
	char *proxy;		/* PROXY (pxelinux), owned; NULL: none */
	unsigned files;
	size_t bytes;
	unsigned entries;
	bool full;		/* PARSE_MAX_OPTIONS entries recorded */
	bool over_budget;
	struct vec paths;	/* char *: every file read (labels point here) */
	struct vec mains;	/* char *: main configs read (not owned) */
	unsigned config_depth;	/* CONFIG entries expanded inside each other */
};

struct sys_state {
	struct parse_ctx *ctx;
	struct sys_run *run;
	char *base;		/* folder relative paths start from */
	char *append;		/* global APPEND */
	char *default_cmd, *ontimeout;
	const char *default_file;	/* where DEFAULT is (for its entry) */
	unsigned default_line;
	bool has_ui;
	bool no_implicit;	/* IMPLICIT 0: only labels boot */
	bool no_options;	/* ALLOWOPTIONS 0: typed options dropped */
	unsigned ipappend;	/* global IPAPPEND/SYSAPPEND flags */
	int timeout_tenths;	/* -1: no TIMEOUT */
	int prompt;		/* -1: no PROMPT */
	struct label ld;
	bool in_label;
	struct menu *cur;
	struct vec menus;	/* struct menu *, owned */
	struct vec recs;	/* struct rec *, owned */
	struct vec unbootable;	/* char *: names of the labels dropped */
	const char *stack[PARSE_MAX_DEPTH];	/* open INCLUDE files */
	unsigned depth;
};

/* Start reading a main config whose relative paths start at base. */
int sys_state_init(struct sys_state *st, struct parse_ctx *ctx,
		   struct sys_run *run, const char *base);
void sys_state_release(struct sys_state *st);

/*
 * Read a config file (INCLUDEd from from:from_line, or NULL for a main
 * config) into st: no cycle, no deeper than PARSE_MAX_DEPTH, within the
 * run's budget, each refusal a diagnostic. Returns 0 or -ENOMEM.
 */
int sys_parse_file(struct sys_state *st, const char *path,
		   const char *from, unsigned from_line);

/* Finish the current label: keep it if it can boot. 0 or -ENOMEM. */
int sys_record(struct sys_state *st);
/* A record of st->recs and what it owns; NULL is fine. */
void sys_rec_free(void *rec);

/*
 * Parse the pxelinux config at path (relative files under base) into ctx
 * with run (whose net says what IPAPPEND adds; its proxy gets PROXY).
 * The caller releases run with sys_run_release. 0 or -ENOMEM.
 */
int sys_parse_pxelinux(struct parse_ctx *ctx, struct sys_run *run,
		       const char *path, const char *base);
void sys_run_release(struct sys_run *run);

/* A copy of s without '^' hotkey marks (the menu does not show them). */
char *sys_strip_carets(const char *s);
/* The last component of a path. */
const char *sys_basename(const char *path);
/* Kernel type by extension, as syslinux decides for KERNEL. */
enum ktype sys_type_by_name(const char *file);
/* The first word of s, allocated. */
char *sys_first_word(const char *s);

#endif
