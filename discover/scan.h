/*
 * scan.h: run the parsers over a set of sources and turn what they find into
 * the final list: file references resolved to sources, missing files
 * marked, BLS entries seen twice (grub blscfg + BLS) merged, stable ids set.
 * Used by `baton scan` and by the daemon alike.
 */
#ifndef BATON_DISCOVER_SCAN_H
#define BATON_DISCOVER_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "discover/source.h"
#include "lib/util.h"

struct scan_result {
	struct vec options;	/* struct boot_option *, menu order */
	struct vec diags;	/* char *, "source: file:line: message" */
	int timeout;		/* first config timeout found, -1 if none */
	bool has_timeout;
};

/*
 * Parse one source (with all known sources visible for cross references)
 * and append its options and diagnostics to res. only: run just that
 * parser (NULL: all). Returns 0 or -ENOMEM.
 */
int scan_source(struct source *src, struct source *const *all, size_t n_all,
		const char *only, struct scan_result *res);

/*
 * Move ctx's options into res, and its diagnostics as "name: ..." (the
 * first timeout found wins). 0, or -ENOMEM (what could not be moved is
 * freed).
 */
int scan_collect(struct scan_result *res, struct parse_ctx *ctx,
		 const char *name);

/*
 * Bind every file reference of every option to one of the sources, mark
 * files that do not exist, drop duplicate BLS entries and assign ids.
 * Safe to call again when the set of sources changes.
 */
void scan_finish(struct scan_result *res, struct source *const *all,
		 size_t n_all);

void scan_result_release(struct scan_result *res);

/*
 * Split "PATH[:name=N,uuid=U,label=L,...]" (in place) into *path and the
 * identity in si (fields allocated; clear with source_info_clear).
 * Returns 0, -EINVAL for an unknown key or an item without '=', -ENOMEM.
 */
int scan_parse_source_arg(char *arg, char **path, struct source_info *si);

/* `baton scan [--json] [--parser NAME] PATH[:key=value,...]...` */
int scan_main(int argc, char **argv);

#endif
