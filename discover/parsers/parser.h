/*
 * parser.h: the interface between boot-config parsers and the rest of baton.
 *
 * A parser is pure: it turns the bytes of config files into boot options.
 * It never mounts, never opens a socket, never kexecs, and reads files only
 * through its parse_ctx, so that the same code runs on a mounted partition,
 * a folder in a test, in-memory files, or files fetched over TFTP.
 *
 * Files are named by absolute paths inside a source ("/boot/grub/grub.cfg").
 * Other sources are reached only by their source_info (e.g. for GRUB's
 * `search`); references the parser cannot bind stay as boot_ref references
 * in the boot_file for discover/ to resolve later.
 */
#ifndef BATON_PARSERS_PARSER_H
#define BATON_PARSERS_PARSER_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "lib/boot-option.h"
#include "lib/util.h"

/* Bounds that keep hostile input from eating time or memory. */
#define PARSE_MAX_FILE_SIZE	(4u << 20)	/* one config file */
#define PARSE_MAX_OPTIONS	4096		/* options per source */
#define PARSE_MAX_DIAGS		256		/* diagnostics kept per source */
#define PARSE_MAX_DEPTH		16		/* source/configfile/INCLUDE nesting */

/* parse_stat.mtime when the file system keeps no modification time */
#define PARSE_MTIME_UNKNOWN	INT64_MIN

struct parse_stat {
	bool is_dir;
	off_t size;
	int64_t mtime;		/* last modified, seconds since the epoch */
};

/*
 * How a context reaches files; supplied by whoever runs the parsers. Every
 * callback returns 0 or -errno. src is never NULL here (the context passes
 * its own source for "this source").
 *  read: the whole file, at most max bytes (-EFBIG when larger); *buf is
 *        NUL-terminated (it may contain NUL bytes before *len) and owned by
 *        the caller.
 *  list: the names in a directory (no "." or ".."), sorted with strcmp, as
 *        a NULL-terminated strv owned by the caller.
 *  stat: whether a path exists, what it is and when it was last
 *        modified (every field filled).
 */
struct parse_io {
	int (*read)(void *priv, const struct source_info *src, const char *path,
		    size_t max, char **buf, size_t *len);
	int (*list)(void *priv, const struct source_info *src, const char *dir,
		    char ***names);
	int (*stat)(void *priv, const struct source_info *src, const char *path,
		    struct parse_stat *st);
	/*
	 * read_at (optional, may be NULL): up to len bytes at offset into
	 * buf; *got says how many (fewer only at the end of the file). For
	 * parts of files too large to read whole (UKI sections).
	 */
	int (*read_at)(void *priv, const struct source_info *src,
		       const char *path, uint64_t offset, void *buf,
		       size_t len, size_t *got);
	/*
	 * open_dir, read_in, close_dir (optional: all three or none): a
	 * folder held open while its files are read one by one, for a
	 * folder of one file per entry. open_dir lists dir as list does and
	 * hands back a handle; read_in reads the file names[i] of that list
	 * as read does, into a buffer of the handle's, reused (valid until
	 * the next read_in or close_dir); close_dir lets the handle go.
	 */
	int (*open_dir)(void *priv, const struct source_info *src,
			const char *dir, char ***names, void **handle);
	int (*read_in)(void *priv, void *handle, size_t i, const char *name,
		       size_t max, char **buf, size_t *len);
	void (*close_dir)(void *priv, void *handle);
};

struct parse_ctx {
	const struct parse_io *io;
	void *io_priv;
	const struct source_info *source;	/* the source being parsed */
	const struct source_info *const *sources;	/* all known sources */
	size_t n_sources;
	const char *parser;	/* name of the running parser (set by registry) */
	const char *arch;	/* "x86_64", "aarch64" ... for BLS filtering */

	struct vec options;	/* struct boot_option *, in menu order */
	struct vec diags;	/* char *, "file:line: message" */
	size_t n_diags_dropped;
	size_t n_options_dropped;	/* over PARSE_MAX_OPTIONS */
	int timeout;		/* seconds, as the config says; -1 = wait */
	bool has_timeout;
};

/* Initialise a context for src; sources/n_sources may be NULL/0. */
void parse_ctx_init(struct parse_ctx *ctx, const struct parse_io *io,
		    void *io_priv, const struct source_info *src,
		    const struct source_info *const *sources, size_t n_sources);
/* Free the options and diagnostics still held by the context. */
void parse_ctx_release(struct parse_ctx *ctx);

/*
 * Read a file of src (NULL: the context's own source), bounded by
 * PARSE_MAX_FILE_SIZE. Returns 0 or -errno (-ENOENT, -EFBIG ...). The caller
 * frees *buf.
 */
int parse_read(struct parse_ctx *ctx, const struct source_info *src,
	       const char *path, char **buf, size_t *len);
/*
 * Read up to len bytes at offset of a file of src (NULL: the context's
 * own source) into buf, with no bound on the file's size; *got says how
 * many bytes were stored. Without io->read_at, falls back to reading the
 * whole file (then bounded by PARSE_MAX_FILE_SIZE). Returns 0 or -errno.
 */
int parse_read_at(struct parse_ctx *ctx, const struct source_info *src,
		  const char *path, uint64_t offset, void *buf, size_t len,
		  size_t *got);
int parse_list(struct parse_ctx *ctx, const struct source_info *src,
	       const char *dir, char ***names);
/* A folder of the context's source open for reading its files by name. */
struct parse_dir {
	struct parse_ctx *ctx;
	const char *path;	/* the folder, as given to parse_dir_open */
	void *handle;		/* io->open_dir's; NULL without it */
	char *buf;		/* without a handle: the last file read */
};

/*
 * List dir (as parse_list: *names the caller's) and hold it open for
 * parse_dir_read. Returns 0 or -errno; on failure nothing is to be closed.
 */
int parse_dir_open(struct parse_ctx *ctx, const char *dir,
		   struct parse_dir *d, char ***names);
/*
 * Read names[i] of the folder (name is names[i]), bounded by
 * PARSE_MAX_FILE_SIZE, as parse_read of "dir/name" would; *buf is the
 * folder's (not to be freed; valid until the next read or the close).
 */
int parse_dir_read(struct parse_dir *d, size_t i, const char *name,
		   char **buf, size_t *len);
void parse_dir_close(struct parse_dir *d);
int parse_stat(struct parse_ctx *ctx, const struct source_info *src,
	       const char *path, struct parse_stat *st);
bool parse_exists(struct parse_ctx *ctx, const struct source_info *src,
		  const char *path);

/*
 * Hand an option to the context, which takes ownership (also on failure).
 * Fills parser, source and config when the parser left them NULL (config
 * from the config argument). Returns 0, -ENOMEM, or -E2BIG once
 * PARSE_MAX_OPTIONS options exist (the option is dropped and one
 * diagnostic says so).
 */
int parse_add_option(struct parse_ctx *ctx, struct boot_option *opt,
		     const char *config);

/* Record a diagnostic "file:line: message" (line 0: no line). */
void parse_warn(struct parse_ctx *ctx, const char *file, unsigned line,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Set the config's timeout; a later call replaces it, as in GRUB. */
void parse_set_timeout(struct parse_ctx *ctx, int seconds);

/* ---- the registry ---------------------------------------------------- */

struct parser {
	const char *name;
	/*
	 * Look for this parser's configs on ctx->source and add what they
	 * define. Returns 0 when the source has none of its configs or all
	 * went well (problems in a config are diagnostics, not failures),
	 * -errno only when it could not run at all (out of memory).
	 */
	int (*parse)(struct parse_ctx *ctx);
};

/* The enabled parser of that name, or NULL. */
const struct parser *parser_find(const char *name);

/*
 * Run every enabled parser (or only the one named, when only != NULL) on
 * ctx->source. Options from one parser follow those of the previous one.
 */
int parsers_run(struct parse_ctx *ctx, const char *only);

#endif
