/* term.c: the menu's terminal: capabilities, UTF-8 or ASCII, safe text. */
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "lib/text.h"
#include "lib/util.h"
#include "ui/term.h"

/* Serial terminal types that cannot show UTF-8 whatever the locale says. */
static const char *const ascii_terms[] = {
	"vt52", "vt100", "vt102", "vt220", "vt320", "ansi", "dumb",
};

bool term_name_utf8(const char *name)
{
	size_t i, n;

	if (!name || !*name)
		return false;
	for (i = 0; i < ARRAY_SIZE(ascii_terms); i++) {
		n = strlen(ascii_terms[i]);
		if (!strncmp(name, ascii_terms[i], n) &&
		    (!name[n] || name[n] == '-'))
			return false;
	}
	return true;
}

static bool locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (streq(cs, "UTF-8") || streq(cs, "utf8"));
}

/* The terminal describes line drawing (terminfo acsc with a horizontal). */
static bool has_acs(void)
{
	char *acsc = tigetstr("acsc");

	return acsc && acsc != (char *)-1 && strchr(acsc, 'q');
}

int term_start(struct term *t, FILE *out, FILE *in, enum term_charset cs)
{
	const char *name = getenv("TERM");

	memset(t, 0, sizeof(*t));
	t->scr = name && *name ? newterm(NULL, out, in) : NULL;
	if (!t->scr) {
		/* unknown TERM: the most common base, plain ASCII */
		t->fallback = true;
		name = "vt100";
		t->scr = newterm("vt100", out, in);
	}
	if (!t->scr)
		return -ENOTTY;
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->acs = !t->fallback && has_acs();
	if (cs == TERM_CHARSET_AUTO)
		t->utf8 = !t->fallback && locale_utf8() && term_name_utf8(name);
	else
		t->utf8 = cs == TERM_CHARSET_UTF8 && locale_utf8();
	return 0;
}

/*
 * Keys as common terminals send them, whatever TERM claims: a serial line
 * often has TERM=vt100 while the far end is an xterm-like emulator that
 * sends Home, End, PgUp and PgDn (which vt100 has no names for), and
 * arrows in either cursor mode.
 */
static const struct {
	const char *seq;
	int key;
} extra_keys[] = {
	{ "\033[A", KEY_UP }, { "\033[B", KEY_DOWN }, { "\033[C", KEY_RIGHT },
	{ "\033[D", KEY_LEFT }, { "\033OA", KEY_UP }, { "\033OB", KEY_DOWN },
	{ "\033OC", KEY_RIGHT }, { "\033OD", KEY_LEFT }, { "\033[H", KEY_HOME },
	{ "\033[F", KEY_END }, { "\033OH", KEY_HOME }, { "\033OF", KEY_END },
	{ "\033[1~", KEY_HOME }, { "\033[4~", KEY_END }, { "\033[7~", KEY_HOME },
	{ "\033[8~", KEY_END }, { "\033[3~", KEY_DC }, { "\033[5~", KEY_PPAGE },
	{ "\033[6~", KEY_NPAGE }, { "\033[Z", KEY_BTAB },
};

void term_keys(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(extra_keys); i++)
		if (key_defined(extra_keys[i].seq) <= 0)
			define_key(extra_keys[i].seq, extra_keys[i].key);
}

void term_stop(struct term *t)
{
	if (!t->scr)
		return;
	endwin();
	delscreen(t->scr);
	t->scr = NULL;
}

/* put_ascii, put_utf8: s in at most width columns; only measured, not
 * drawn, when draw is false. Return the columns (to be) used. */
static int put_ascii(int width, const char *s, bool draw)
{
	char *a = translit_ascii(s);
	int n;

	if (!a)
		return 0;
	n = MIN((int)strlen(a), width);
	if (draw)
		addnstr(a, n);
	free(a);
	return n;
}

static int put_utf8(int width, const char *s, bool draw)
{
	char *clean = text_sanitize(s);
	const char *p;
	mbstate_t st;
	int col = 0, w;
	size_t k;
	wchar_t wc;

	if (!clean)
		return 0;
	memset(&st, 0, sizeof(st));
	for (p = clean; *p; p += k) {
		k = mbrtowc(&wc, p, strlen(p), &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof(st));
			k = 1;
			wc = L'?';
		}
		w = wcwidth(wc);
		if (w < 0)
			w = 1, wc = L'?';
		if (col + w > width)
			break;
		if (!draw)
			;
		else if (wc == L'?' && *p != '?')
			addch('?');
		else
			addnstr(p, k);
		col += w;
	}
	free(clean);
	return col;
}

int term_put(const struct term *t, int y, int x, int width, const char *s,
	     attr_t attr)
{
	int n;

	if (width <= 0)
		return 0;
	attron(attr);
	move(y, x);
	n = t->utf8 ? put_utf8(width, s ? s : "", true) :
		      put_ascii(width, s ? s : "", true);
	attroff(attr);
	return n;
}

int term_width(const struct term *t, const char *s)
{
	return t->utf8 ? put_utf8(INT_MAX, s ? s : "", false) :
			 put_ascii(INT_MAX, s ? s : "", false);
}

int term_put_cut(const struct term *t, int y, int x, int width,
		 const char *s, attr_t attr, const char *more)
{
	int room = width - (int)strlen(more);

	if (term_width(t, s) <= width || room <= 0)
		return term_put(t, y, x, width, s, attr);
	room = term_put(t, y, x, room, s, attr);
	return room + term_put(t, y, x + room, width - room, more, attr);
}

/*
 * The bytes of the longest start of clean (already sanitized, or ASCII)
 * that fits in width columns.
 */
static size_t fit_bytes(const struct term *t, const char *clean, int width)
{
	const char *p = clean;
	mbstate_t st;
	int col = 0, w;
	size_t k;
	wchar_t wc;

	if (!t->utf8)
		return MIN(strlen(clean), (size_t)MAX(width, 0));
	memset(&st, 0, sizeof(st));
	for (; *p; p += k) {
		k = mbrtowc(&wc, p, strlen(p), &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof(st));
			k = 1;
			w = 1;
		} else {
			w = wcwidth(wc) < 0 ? 1 : wcwidth(wc);
		}
		if (col + w > width)
			break;
		col += w;
	}
	return p - clean;
}

int term_put_wrap(const struct term *t, int y, int x, int width, int rows,
		  const char *s, attr_t attr, const char *more)
{
	char *clean = t->utf8 ? text_sanitize(s ? s : "") :
				translit_ascii(s ? s : "");
	const char *p = clean;
	char *part;
	size_t n;
	int row, used = 0;

	if (!clean)
		return 0;
	for (row = 0; row < rows && *p; row++) {
		used++;
		if (row == rows - 1) {
			term_put_cut(t, y + row, x, width, p, attr, more);
			break;
		}
		n = fit_bytes(t, p, width);
		part = strndup(p, n);
		if (part)
			term_put(t, y + row, x, width, part, attr);
		free(part);
		p += n;
	}
	free(clean);
	return used;
}

void term_rule(const struct term *t, int y)
{
	mvhline(y, 0, t->acs ? ACS_HLINE : '-', COLS);
}
