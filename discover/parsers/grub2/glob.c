/*
 * glob.c: GRUB 2.06's wildcard expansion of the words that name files.
 * A word that starts with '/' or '(' and holds a live '*' (any run of
 * characters) or '?' (one character) becomes the paths of its partition
 * that match it, one component at a time; when nothing matches, the word
 * stays as written. Words arrive escaped as GRUB's script engine hands
 * them to its wildcard module: a '\' before each '*', '?' and '\' that
 * was quoted, escaped, or came from a variable right after a '\'.
 *
 * What the grub-oracle shows GRUB 2.06 doing, and baton does:
 *  - '.', '[', ']', '(', ')', '+', '{', '}', '|' and '@' are plain
 *    characters ("[9a]" matches only a file of that name), while '^' and
 *    '$' stay anchors of the regular expression GRUB builds ("a^*" matches
 *    nothing, "^v*" what "v*" matches);
 *  - '?' is one UTF-8 character, and '*' matches names starting with '.'
 *    too (never "." or "..");
 *  - a wildcard in a folder component lists every folder that matches;
 *    what follows the last wildcard must exist (a folder pattern
 *    followed by "/vmlinuz" gives only the folders that hold a vmlinuz),
 *    and a trailing '/' keeps folders only;
 *  - the device part and the text before the first wildcard are kept as
 *    written ("//boot//vm*" gives "//boot//vmlinuz").
 * Where baton differs: GRUB lists matches in directory order (name order
 * on the ext2 images mke2fs -d makes, creation order on FAT); sources
 * list names in strcmp order here. A wildcard in the device part
 * ("(hd0,*)", or a word starting with '*', which lists GRUB's disks)
 * would match GRUB's device names, which baton does not know: such words
 * stay as written. Hostile words are bounded by the folders listed and
 * the matching steps per parse; past them, words stay as written.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/conf.h"
#include "discover/parsers/grub2/grub2-internal.h"

/* Paths found so far for a word (each one allocated). */
struct paths {
	char **v;
	unsigned n, cap;
};

static void paths_release(struct paths *p)
{
	unsigned i;

	for (i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

/* Take s; -ENOMEM (s freed) or -E2BIG past G2_MAX_ARGC paths. */
static int paths_add(struct paths *p, char *s)
{
	char **v;

	if (!s)
		return -ENOMEM;
	if (p->n >= G2_MAX_ARGC) {
		free(s);
		return -E2BIG;
	}
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		v = realloc(p->v, p->cap * sizeof(*v));
		if (!v) {
			free(s);
			return -ENOMEM;
		}
		p->v = v;
	}
	p->v[p->n++] = s;
	return 0;
}

/* Whether the n escaped bytes at s hold a live '*' or '?'. */
static bool has_wildcard(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '*' || s[i] == '?')
			return true;
	}
	return false;
}

/* Append the n escaped bytes at s to sb without their escapes. */
static void add_unescaped(struct strbuf *sb, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		sb_addc(sb, s[i]);
	}
}

/* Bytes of the UTF-8 character at s (1 for a byte that starts none). */
static size_t u8len(const char *s)
{
	unsigned char c = *s;
	size_t n, i;

	n = c >= 0xf0 && c < 0xf8 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	if (c >= 0xf8)
		return 1;
	for (i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

/*
 * One element of pattern p (escaped, n bytes) at *i against the name at
 * *s (name: its start); advances both on a match. Not for '*'.
 */
static bool match_one(const char *p, size_t n, size_t *i, const char *name,
		      const char **s)
{
	char c = p[*i];

	if (c == '?') {
		if (!**s)
			return false;
		*s += u8len(*s);
	} else if (c == '^' || c == '$') {
		if (c == '^' ? *s != name : **s != '\0')
			return false;
	} else {
		if (c == '\\' && *i + 1 < n)
			c = p[++*i];
		if (**s != c || !c)
			return false;
		(*s)++;
	}
	(*i)++;
	return true;
}

/*
 * Whether name matches pattern p (escaped, n bytes), as the regular
 * expression GRUB makes of it would. Each step costs one of *budget;
 * returns -1 when it runs out.
 */
static int match(const char *p, size_t n, const char *name, size_t *budget)
{
	const char *s = name, *resume = NULL;
	size_t i = 0, star = 0;

	for (;;) {
		if (!*budget)
			return -1;
		(*budget)--;
		if (i < n && p[i] == '*') {
			star = ++i;
			resume = s;
			continue;
		}
		if (i == n && !*s)
			return 1;
		if (i < n && match_one(p, n, &i, name, &s))
			continue;
		if (!resume || !*resume)
			return 0;
		resume += u8len(resume);
		s = resume;
		i = star;
	}
}

/*
 * Where a path as GRUB writes it lies: *si (NULL: the config's own
 * source) and *path, normalised and allocated. Returns 0, 1 when it is
 * on no source the parser can read, or -ENOMEM.
 */
static int locate(struct g2_interp *in, const char *s,
		  const struct source_info **si, char **path)
{
	const char *p;
	char *d;
	int r;

	*path = NULL;
	r = g2_split_path(in, s, &d, &p);
	if (r)
		return r == -ENOMEM ? r : 1;
	*si = g2_dev_source(in, d);
	r = *si && p[0] == '/' ? 0 : 1;
	if (!r && !(*path = conf_path_join("/", p)))
		r = -ENOMEM;
	free(d);
	if (*si == in->ctx->source)
		*si = NULL;
	return r;
}

/*
 * Add to out what in folder dir (as written, ending in '/') matches
 * pattern p (escaped, n bytes). Returns 0, -ENOMEM, -E2BIG, or 1 when a
 * bound stopped the expansion.
 */
static int match_dir(struct g2_interp *in, const char *dir, const char *p,
		     size_t n, struct paths *out)
{
	const struct source_info *si;
	char **names = NULL, *path;
	size_t i;
	int r = 0, m;

	if (in->glob_dirs >= G2_MAX_GLOB_DIRS) {
		g2_warn(in, "wildcards: more than %d folders listed: the "
			"rest not expanded", G2_MAX_GLOB_DIRS);
		return 1;
	}
	r = locate(in, dir, &si, &path);
	if (r)
		return r < 0 ? r : 0;
	in->glob_dirs++;
	if (parse_list(in->ctx, si, path, &names) == -ENOMEM)
		r = -ENOMEM;
	for (i = 0; !r && names && names[i]; i++) {
		m = match(p, n, names[i], &in->glob_steps);
		if (m < 0) {
			g2_warn(in, "wildcards: matching takes too long: "
				"the rest not expanded");
			r = 1;
		} else if (m) {
			r = paths_add(out, str_printf("%s%s", dir, names[i]));
		}
	}
	strv_free(names);
	free(path);
	return r;
}

/* Whether the path GRUB would check after the last wildcard exists. */
static bool exists(struct g2_interp *in, const char *s)
{
	const struct source_info *si;
	struct parse_stat st;
	char *path;
	bool ok;

	if (locate(in, s, &si, &path))
		return false;
	ok = !parse_stat(in->ctx, si, path, &st) &&
	     (s[strlen(s) - 1] != '/' || st.is_dir);
	free(path);
	return ok;
}

/*
 * Replace each of paths by what its folder part plus the component
 * pattern comp (escaped, n bytes) matches. Returns as match_dir().
 */
static int expand_component(struct g2_interp *in, struct paths *paths,
			    const struct strbuf *lit, const char *comp,
			    size_t n)
{
	struct paths next = { 0 };
	char *dir;
	unsigned i;
	int r = 0;

	for (i = 0; !r && i < paths->n; i++) {
		dir = str_printf("%s%s", paths->v[i], sb_str(lit));
		r = dir ? match_dir(in, dir, comp, n, &next) : -ENOMEM;
		free(dir);
	}
	paths_release(paths);
	*paths = next;
	return r;
}

/*
 * Keep the paths that exist with lit (the part after the last wildcard)
 * after them, lit appended.
 */
static int keep_existing(struct g2_interp *in, struct paths *paths,
			 const struct strbuf *lit)
{
	unsigned i, k = 0;
	char *s;

	for (i = 0; i < paths->n; i++) {
		s = str_printf("%s%s", paths->v[i], sb_str(lit));
		if (!s)
			return -ENOMEM;
		free(paths->v[i]);
		paths->v[i] = NULL;
		if (exists(in, s))
			paths->v[k++] = s;
		else
			free(s);
	}
	paths->n = k;
	return 0;
}

/* The paths w (escaped, after its device part) matches, into paths. */
static int expand_path(struct g2_interp *in, const char *w,
		       struct paths *paths, struct strbuf *lit)
{
	const char *comp, *end;
	bool wild = false;
	int r = 0;

	for (comp = w; !r && paths->n; comp = end + 1) {
		for (end = comp; *end && *end != '/'; end++)
			if (end[0] == '\\' && end[1])
				end++;
		if (has_wildcard(comp, end - comp)) {
			r = expand_component(in, paths, lit, comp,
					     end - comp);
			sb_reset(lit);
			wild = true;
		} else {
			add_unescaped(lit, comp, end - comp);
		}
		if (!*end)
			break;
		sb_addc(lit, '/');
	}
	if (lit->err)
		return lit->err;
	if (!r && wild && lit->len)
		r = keep_existing(in, paths, lit);
	return r;
}

int g2_glob(struct g2_interp *in, const char *w, struct g2_argv *out)
{
	struct strbuf lit = STRBUF_INIT;
	struct paths paths = { 0 };
	const char *rest = w;
	unsigned i;
	int r;

	if ((w[0] != '/' && w[0] != '(') || !has_wildcard(w, strlen(w)))
		return 0;
	if (w[0] == '(') {
		rest = strchr(w, ')');
		if (!rest || has_wildcard(w, rest - w))
			return 0;
		rest++;
		add_unescaped(&lit, w, rest - w);
	}
	r = paths_add(&paths, sb_detach(&lit));
	if (!r)
		r = expand_path(in, rest, &paths, &lit);
	sb_release(&lit);
	if (r == 1 || (!r && !paths.n)) {
		paths_release(&paths);
		return 0;
	}
	for (i = 0; !r && i < paths.n; i++) {
		g2_argv_append(out, paths.v[i], strlen(paths.v[i]));
		g2_argv_next(out);
	}
	paths_release(&paths);
	return r ? r : 1;
}
