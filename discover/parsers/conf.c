/* conf.c: lines, words and paths for the line-oriented config parsers. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/conf.h"
#include "lib/text.h"

/* Say why path could not be read (nothing for -ENOENT); returns ret. */
static int read_failed(struct parse_ctx *ctx, const char *path, int ret)
{
	if (ret == -EFBIG)
		parse_warn(ctx, path, 0,
			   "file is larger than %u MiB: not read",
			   PARSE_MAX_FILE_SIZE >> 20);
	else if (ret && ret != -ENOENT)
		parse_warn(ctx, path, 0, "cannot read: %s", strerror(-ret));
	return ret;
}

int conf_read(struct parse_ctx *ctx, const char *path, char **buf,
	      size_t *len)
{
	return read_failed(ctx, path, parse_read(ctx, NULL, path, buf, len));
}

int conf_read_in(struct parse_dir *d, size_t i, const char *name,
		 const char *path, char **buf, size_t *len)
{
	return read_failed(d->ctx, path,
			   parse_dir_read(d, i, name, buf, len));
}

int conf_parse_first(struct parse_ctx *ctx, const char *const *paths,
		     size_t n, int (*parse)(struct parse_ctx *ctx,
					    const char *path, char *buf,
					    size_t len))
{
	size_t i, len;
	char *buf;
	int ret;

	for (i = 0; i < n; i++) {
		ret = conf_read(ctx, paths[i], &buf, &len);
		if (ret == -ENOENT || ret == -EISDIR)
			continue;
		if (ret)
			return ret == -ENOMEM ? ret : 0;
		ret = parse(ctx, paths[i], buf, len);
		free(buf);
		return ret;
	}
	return 0;
}

void conf_reader_init(struct conf_reader *r, struct parse_ctx *ctx,
		      const char *file, char *buf, size_t len)
{
	r->ctx = ctx;
	r->file = file;
	r->pos = buf;
	r->end = buf + len;
	r->lineno = 0;
}

char *conf_next_line(struct conf_reader *r)
{
	char *line = r->pos, *nl, *e;

	if (r->pos >= r->end)
		return NULL;
	nl = memchr(r->pos, '\n', r->end - r->pos);
	e = nl ? nl : r->end;
	r->pos = nl ? nl + 1 : r->end;
	r->lineno++;
	if (e > line && e[-1] == '\r')
		e--;
	if (text_fix_utf8(line, e - line))
		parse_warn(r->ctx, r->file, r->lineno,
			   "NUL byte or invalid UTF-8 replaced by '?'");
	*e = '\0';
	return line;
}

bool conf_has_controls(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if ((*p < ' ' && *p != '\t') || *p == 0x7f)
			return true;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0)
			return true;	/* C1, e.g. U+009B CSI */
	}
	return false;
}

void conf_check_name(const struct conf_reader *r, const char *name)
{
	if (conf_has_controls(name))
		parse_warn(r->ctx, r->file, r->lineno,
			   "control characters in a title (menus show '?')");
}

char *conf_skip_space(const char *s)
{
	while (conf_is_space(*s))
		s++;
	return (char *)s;
}

char *conf_rtrim(char *s)
{
	size_t n = strlen(s);

	while (n && conf_is_space(s[n - 1]))
		s[--n] = '\0';
	return s;
}

char *conf_next_word(char **p)
{
	char *w = conf_skip_space(*p), *e;

	if (!*w) {
		*p = w;
		return NULL;
	}
	for (e = w; *e && !conf_is_space(*e); e++)
		;
	*p = *e ? e + 1 : e;
	*e = '\0';
	return w;
}

char *conf_unquote(char *s)
{
	size_t n = strlen(s);

	if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0]) {
		s[n - 1] = '\0';
		return s + 1;
	}
	return s;
}

bool conf_split_pair(char *line, char **key, char **value)
{
	char *p = conf_skip_space(line), *eq;

	if (!*p || *p == '#')
		return false;
	eq = strchr(p, '=');
	if (eq)
		*eq = '\0';
	*key = conf_rtrim(p);
	*value = eq ? conf_unquote(conf_rtrim(conf_skip_space(eq + 1))) : NULL;
	return true;
}

bool conf_is_url(const char *s)
{
	const char *c = s;

	while ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
	       (c > s && ((*c >= '0' && *c <= '9') || *c == '+' ||
			  *c == '-' || *c == '.')))
		c++;
	return c > s && strncmp(c, "://", 3) == 0;
}

bool conf_valid_utf8(const char *s)
{
	size_t len = strlen(s), n;

	while (len) {
		n = text_utf8_seq((const unsigned char *)s, len);
		if (!n)
			return false;
		s += n;
		len -= n;
	}
	return true;
}

/* Append component [c, c + n) to out (length *o), resolving . and .. */
static void push_component(char *out, size_t *o, const char *c, size_t n)
{
	if (n == 0 || (n == 1 && c[0] == '.'))
		return;
	if (n == 2 && c[0] == '.' && c[1] == '.') {
		while (*o > 0 && out[*o - 1] != '/')
			(*o)--;
		if (*o > 0)
			(*o)--;		/* the '/' before it */
		return;
	}
	out[(*o)++] = '/';
	memcpy(out + *o, c, n);
	*o += n;
}

static void push_path(char *out, size_t *o, const char *p)
{
	const char *e;

	while (*p) {
		e = strchr(p, '/');
		if (!e)
			e = p + strlen(p);
		push_component(out, o, p, e - p);
		p = *e ? e + 1 : e;
	}
}

/*
 * Whether absolute path p is already as conf_path_join() writes it: no
 * empty, "." or ".." component, no '/' at its end (the paths of nearly
 * every entry): then it is copied as it is, not taken apart.
 */
static bool path_is_clean(const char *p)
{
	const char *c;

	if (p[0] != '/' || !p[1])
		return false;
	for (c = p; (c = strchr(c, '/')); c++) {
		if (c[1] == '/' || !c[1])
			return false;
		if (c[1] == '.' && (c[2] == '/' || !c[2] ||
				    (c[2] == '.' && (c[3] == '/' || !c[3]))))
			return false;
	}
	return true;
}

char *conf_path_join(const char *dir, const char *path)
{
	size_t o = 0;
	char *out;

	if (path_is_clean(path))
		return strdup(path);
	out = malloc(strlen(dir) + strlen(path) + 3);
	if (!out)
		return NULL;
	if (path[0] != '/')
		push_path(out, &o, dir);
	push_path(out, &o, path);
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	return out;
}

char *conf_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash || slash == path)
		return strdup("/");
	return str_ndup(path, slash - path);
}

struct boot_file *conf_file(const char *dir, const char *path)
{
	struct boot_file *f;
	char *abs;

	if (conf_is_url(path))
		return boot_file_new_url(path);
	abs = conf_path_join(dir, path);
	f = abs ? boot_file_new(NULL) : NULL;
	if (!f) {
		free(abs);
		return NULL;
	}
	f->path = abs;	/* the joined path is the file's own: no copy */
	return f;
}
