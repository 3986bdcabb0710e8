/*
 * bls-common.h: what the Boot Loader Specification's two entry types
 * share (discover/parsers/bls.c for type #1 .conf files, uki.c for type
 * #2 unified kernel images): boot counting in file names, the spec's sort
 * order, the architecture names, loader.conf (default glob and timeout)
 * and the step that makes equal titles distinguishable, as sd-boot does.
 */
#ifndef BATON_PARSERS_BLS_COMMON_H
#define BATON_PARSERS_BLS_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include "discover/parsers/parser.h"

/* The fields the spec sorts entries by. Strings may be NULL. */
struct bls_sort {
	const char *sort_key;
	const char *machine_id;
	const char *version;
	const char *id;		/* file name without counter and suffix */
	int tries_left;		/* -1 when the name has no boot counter */
	int tries_done;
	size_t index;		/* discovery order: the last tie-break */
};

/*
 * The spec's order ("Sorting"): entries marked bad (tries left 0) last;
 * entries with a sort-key first, among them by sort-key, then machine-id
 * (increasing, strcmp, empty lowest), then version (decreasing, UAPI
 * version order); then by file name (decreasing version order); then more
 * tries left and fewer tries done first.
 */
int bls_sort_compare(const struct bls_sort *a, const struct bls_sort *b);

/*
 * Split a file name "ID[+LEFT[-DONE]]SUFFIX" (suffix matched without
 * regard to case): *id is a new string without counter and suffix,
 * *left and *done the counters (-1/0 without counter). Returns 0, -EINVAL
 * when fname does not end in suffix, or -ENOMEM.
 */
int bls_parse_name(const char *fname, const char *suffix, char **id,
		   int *left, int *done);

/*
 * The spec's (EFI) name of the local architecture for the context's arch
 * ("x86_64" -> "x64", "aarch64" -> "aa64" ...), or NULL when unknown (then
 * nothing is filtered out).
 */
const char *bls_arch_name(const char *arch);

/*
 * One "key value" line of an entry or loader.conf: false for blank and
 * comment lines. Cuts line in place; value has surrounding whitespace and
 * one pair of double quotes removed (as sd-boot does).
 */
bool bls_split_line(char *line, char **key, char **value);

struct bls_loader_conf {
	char *default_pattern;	/* NULL: none, or "@saved" */
	const char *path;	/* the loader.conf read, or NULL */
};

/*
 * Read /loader/loader.conf (or /boot/loader/loader.conf) of the context's
 * source: its `default` into lc, its `timeout` into the context. quiet:
 * record no diagnostics (the other BLS parser already did). Returns 0
 * (also when there is none) or -ENOMEM.
 */
int bls_loader_conf_read(struct parse_ctx *ctx, struct bls_loader_conf *lc,
			 bool quiet);
void bls_loader_conf_release(struct bls_loader_conf *lc);

/*
 * Whether the loader.conf default pattern selects entry id: matched as a
 * glob without regard to case against the id with its suffix (".conf",
 * ".efi"; exactly what sd-boot compares) or without it.
 */
bool bls_default_matches(const char *pattern, const char *id,
			 const char *suffix);

/* An entry of either type while a source's entries are gathered. */
struct bls_entry {
	struct boot_option *opt;
	char *sort_key;
	char *machine_id;	/* type #1 only */
	struct bls_sort sort;	/* tries from the name; the rest at sorting */
};

/* Free an entry and what it holds (a vec_free callback); NULL is fine. */
void bls_entry_free(void *entry);

/* What differs between type #1 and type #2 entries. */
struct bls_kind {
	const char *suffix;	/* ".conf", ".efi" (matched without case) */
	const char *dirs[2];	/* the folders of entries, in this order */
	const char *many;	/* "entries": over PARSE_MAX_OPTIONS */
	const char *bad_name;	/* "a file name": a name not valid UTF-8 */
	/*
	 * Load the file names[i] of the open folder dir (name is names[i]):
	 * *out a new entry (tries set), or NULL when the file is hidden or
	 * refused. Returns 0 or -ENOMEM.
	 */
	int (*load)(struct parse_ctx *ctx, struct parse_dir *dir, size_t i,
		    const char *name, struct bls_entry **out);
};

/*
 * Parse one type of entries: read loader.conf (see bls_loader_conf_read
 * for quiet), load every file of the kind's folders whose name ends in its
 * suffix (not hidden files; names that are not valid UTF-8 are skipped
 * with a diagnostic), at most PARSE_MAX_OPTIONS in all; sort them as the
 * spec says; when use_default, mark the first whose id (with or without
 * the suffix) loader.conf's default matches; make titles distinguishable
 * and hand the options over to the context in that order. A folder that
 * cannot be listed is none. Returns 0 or -ENOMEM.
 */
int bls_parse_kind(struct parse_ctx *ctx, const struct bls_kind *kind,
		   bool quiet, bool use_default);

/*
 * Make the names of n options (in menu order) distinguishable as sd-boot
 * does: where names are equal, append " (version)"; where still equal,
 * " (first 8 characters of machine-id)"; then " (id)". machine_ids[i]
 * and the options' version/key may be NULL. Returns 0 or -ENOMEM.
 */
int bls_unique_titles(struct boot_option **opts, const char *const *machine_ids,
		      size_t n);

#endif
