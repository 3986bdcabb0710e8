/*
 * conf.h: helpers shared by the line-oriented config parsers (BLS,
 * syslinux, kboot, yaboot): reading a file with clear diagnostics,
 * splitting it into lines made safe (NUL bytes and invalid UTF-8 become
 * '?', with one diagnostic per line), words, quotes and paths.
 */
#ifndef BATON_PARSERS_CONF_H
#define BATON_PARSERS_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include "discover/parsers/parser.h"

/* At most this many initrds, overlays or modules per option. */
#define CONF_MAX_FILES	64

/*
 * Read a config file of the context's source. Returns 0, or -errno after
 * recording a diagnostic for every error but -ENOENT (a config that is
 * simply absent): -EFBIG says the file is over PARSE_MAX_FILE_SIZE.
 */
int conf_read(struct parse_ctx *ctx, const char *path, char **buf,
	      size_t *len);
/*
 * conf_read of names[i] of an open folder (name is names[i], path the
 * folder's path and name joined, for diagnostics); *buf is the folder's.
 */
int conf_read_in(struct parse_dir *d, size_t i, const char *name,
		 const char *path, char **buf, size_t *len);

/*
 * Parse the first of n config files that is there: parse(ctx, path, buf,
 * len) on its bytes (freed afterwards). A path that is missing or a folder
 * is passed over; one that cannot be read ends the search (conf_read has
 * said why). Returns what parse returns, 0 when no file was parsed, or
 * -ENOMEM.
 */
int conf_parse_first(struct parse_ctx *ctx, const char *const *paths,
		     size_t n, int (*parse)(struct parse_ctx *ctx,
					    const char *path, char *buf,
					    size_t len));

/* Walks the lines of a buffer it does not own but may modify. */
struct conf_reader {
	struct parse_ctx *ctx;
	const char *file;	/* for diagnostics */
	char *pos;
	char *end;
	unsigned lineno;	/* of the line last returned */
};

void conf_reader_init(struct conf_reader *r, struct parse_ctx *ctx,
		      const char *file, char *buf, size_t len);

/*
 * The next line, NUL-terminated in place, without its "\n" or "\r\n";
 * NULL at the end. NUL bytes and bytes that are not valid UTF-8 are
 * replaced by '?' and reported (once per line) as file:line diagnostics.
 */
char *conf_next_line(struct conf_reader *r);

/*
 * Whether s holds C0 (but tab), DEL or C1 control characters: escape
 * sequences that must never reach a terminal raw.
 */
bool conf_has_controls(const char *s);
/* Warn (at the reader's current line) when a title has control characters. */
void conf_check_name(const struct conf_reader *r, const char *name);

/* Whitespace for config files: space, tab, and other ASCII controls. */
static inline bool conf_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v' ||
	       c == '\r' || c == '\n';
}

/* s past leading whitespace. */
char *conf_skip_space(const char *s);
/* Cut trailing whitespace in place; returns s. */
char *conf_rtrim(char *s);
/* The next whitespace-separated word, cut in place; NULL at the end. */
char *conf_next_word(char **p);
/* Strip one pair of matching surrounding quotes ('..' or "..") in place. */
char *conf_unquote(char *s);
/*
 * A line "key=value" (spaces around either allowed) or a bare "key", cut
 * in place: *key without trailing space, *value without surrounding space
 * and quotes (conf_unquote), or NULL when the line has no '='. False for
 * a blank line and a '#' comment.
 */
bool conf_split_pair(char *line, char **key, char **value);

/* Whether s is "scheme://..." (a URL rather than a path). */
bool conf_is_url(const char *s);
/* Whether s is valid UTF-8 with no NUL before its end. */
bool conf_valid_utf8(const char *s);

/*
 * path made absolute against dir (an absolute folder, "/" for the root)
 * and normalised: "//" and "." removed, ".." resolved without climbing
 * above the root. A new string, or NULL when out of memory.
 */
char *conf_path_join(const char *dir, const char *path);
/* The folder part of an absolute path ("/a/b.cfg" -> "/a"), allocated. */
char *conf_dirname(const char *path);

/*
 * A boot file for path on the config's own source (made absolute against
 * dir), or for a URL. NULL when out of memory.
 */
struct boot_file *conf_file(const char *dir, const char *path);

#endif
