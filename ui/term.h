/*
 * term.h: what the menu knows about its terminal, and drawing text on it.
 *
 * UTF-8 is written only when the locale's character set is UTF-8 (LANG,
 * LC_ALL, LC_CTYPE) and TERM is not a serial terminal type that cannot
 * show it (vt52, vt100, vt102, vt220, ansi, dumb, or an unknown TERM);
 * elsewhere text is transliterated to ASCII. Line drawing is used only
 * when the terminal describes it (terminfo acsc) and TERM is known. An
 * unknown TERM is driven as a vt100 without line drawing.
 */
#ifndef BATON_UI_TERM_H
#define BATON_UI_TERM_H

#include <curses.h>
#include <stdbool.h>
#include <stdio.h>

struct term {
	SCREEN *scr;
	bool utf8;		/* write UTF-8 (else transliterate) */
	bool acs;		/* line-drawing characters */
	bool fallback;		/* TERM was unknown: vt100, plain ASCII */
	char name[64];		/* the TERM in use */
};

enum term_charset { TERM_CHARSET_AUTO, TERM_CHARSET_ASCII, TERM_CHARSET_UTF8 };

/*
 * Start curses on out/in with the decisions above (charset forces one).
 * Returns 0, or -ENOTTY when no terminal description can be used.
 */
int term_start(struct term *t, FILE *out, FILE *in, enum term_charset cs);
void term_stop(struct term *t);
/* After keypad(): also know the keys common terminals send (term.c). */
void term_keys(void);

/* Does this TERM name a terminal that shows UTF-8 (before the locale)? */
bool term_name_utf8(const char *name);

/*
 * Draw untrusted text at (y, x) in at most width columns: control
 * characters and escapes made harmless, UTF-8 shown or transliterated.
 * Returns the columns used.
 */
int term_put(const struct term *t, int y, int x, int width, const char *s,
	     attr_t attr);

/* The columns term_put would use for s, without a limit. */
int term_width(const struct term *t, const char *s);

/*
 * term_put, but a text that does not fit ends with more (ASCII, e.g.
 * " ... (l: log)") in place of its last columns, so that a cut is seen.
 */
int term_put_cut(const struct term *t, int y, int x, int width,
		 const char *s, attr_t attr, const char *more);

/*
 * s over at most rows rows of width columns from (y, x), each row filled
 * (so the first row shows what term_put would); what does not fit ends
 * with more (term_put_cut). Returns the rows used.
 */
int term_put_wrap(const struct term *t, int y, int x, int width, int rows,
		  const char *s, attr_t attr, const char *more);

/* A horizontal rule across row y (line drawing or '-'). */
void term_rule(const struct term *t, int y);

/* translit.c: one code point as ASCII (buf may be used); never NULL. */
const char *translit_cp(unsigned cp, char buf[2]);
/* s sanitised and made ASCII; a new string, NULL when out of memory. */
char *translit_ascii(const char *s);

#endif
