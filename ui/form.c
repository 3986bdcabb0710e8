/*
 * form.c: forms of one-line fields (the option editor, settings values,
 * passwords) with a small line editor: Left/Right, Home/End (Ctrl-A,
 * Ctrl-E), Backspace, Delete, Ctrl-K (to the end), Ctrl-U (whole line).
 * Input is printable ASCII; bytes that are not are shown as '?', so one
 * byte is one column and the cursor stays exact on any terminal.
 */
#include <stdlib.h>
#include <string.h>

#include "ui/menu-internal.h"

#define FIELD_MAX 4096

struct editing {
	char buf[FIELD_MAX];
	size_t len;
	size_t cur;
};

static void draw_value(const struct field *f, const struct editing *e,
		       int y, bool active)
{
	int w = COLS - 4, i;
	size_t start = 0;

	if (active && e->cur >= (size_t)w)
		start = e->cur - w + 1;
	mvaddch(y, 1, active ? '[' : ' ');
	for (i = 0; i < w; i++) {
		size_t k = start + i;
		unsigned char c = k < e->len ? e->buf[k] : ' ';

		if (k < e->len && f->secret)
			c = '*';
		else if (c < 0x20 || c >= 0x7f)
			c = '?';
		addch(c);
	}
	addch(active ? ']' : ' ');
}

static void draw_form(struct menu *mn, const char *title, const char *help,
		      struct field *f, struct editing *e, int n, int at)
{
	int i, y = 2;

	erase();
	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	term_put(&mn->t, 0, 1, COLS - 2, title, A_REVERSE);
	attroff(A_REVERSE);
	for (i = 0; i < n && y + 1 < LINES - 3; i++, y += 3) {
		mvaddstr(y, 1, i == at ? ">" : " ");
		term_put(&mn->t, y, 3, COLS - 4, f[i].label, A_BOLD);
		draw_value(&f[i], &e[i], y + 1, i == at);
	}
	term_rule(&mn->t, LINES - 3);
	if (mn->m.status)
		term_put(&mn->t, LINES - 2, 1, COLS - 2, mn->m.status,
			 mn->m.status_error ? A_BOLD : A_NORMAL);
	term_put(&mn->t, LINES - 1, 1, COLS - 2, help, A_NORMAL);
	i = COLS - 4;	/* the value's width, as in draw_value */
	move(2 + 3 * at + 1, 2 + (e[at].cur >= (size_t)i ? i - 1 :
				  (int)e[at].cur));
	refresh();
}

/* One key into the line being edited; false when the key is not for it. */
static bool edit_key(struct editing *e, int ch)
{
	if (ch == KEY_LEFT && e->cur) {
		e->cur--;
	} else if (ch == KEY_RIGHT && e->cur < e->len) {
		e->cur++;
	} else if (ch == KEY_HOME || ch == KEY_FIND || ch == KEY_CTRL('a')) {
		e->cur = 0;
	} else if (ch == KEY_END || ch == KEY_SELECT || ch == KEY_CTRL('e')) {
		e->cur = e->len;
	} else if (ch == KEY_CTRL('k')) {
		e->len = e->cur;
	} else if (ch == KEY_CTRL('u')) {
		e->len = e->cur = 0;
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (!e->cur)
			return true;
		memmove(e->buf + e->cur - 1, e->buf + e->cur, e->len - e->cur);
		e->cur--;
		e->len--;
	} else if (ch == KEY_DC) {
		if (e->cur == e->len)
			return true;
		memmove(e->buf + e->cur, e->buf + e->cur + 1, e->len - e->cur - 1);
		e->len--;
	} else if (ch >= 0x20 && ch < 0x7f) {
		if (e->len + 1 >= sizeof(e->buf))
			return true;
		memmove(e->buf + e->cur + 1, e->buf + e->cur, e->len - e->cur);
		e->buf[e->cur++] = ch;
		e->len++;
	} else {
		return false;
	}
	e->buf[e->len] = '\0';
	return true;
}

/* Keys that end or move through the form; -1 go on, 0 cancel, 1 submit. */
static int form_key(int ch, int *at, int n)
{
	switch (ch) {
	case KEY_ESC:
		return 0;
	case '\n': case '\r': case KEY_ENTER:
		return 1;
	case '\t': case KEY_DOWN:
		*at = (*at + 1) % n;
		return -1;
	case KEY_BTAB: case KEY_UP:
		*at = (*at + n - 1) % n;
		return -1;
	case KEY_CTRL('l'):
		clearok(curscr, TRUE);
		return -1;
	default:
		return -1;
	}
}

static int save_fields(struct field *f, struct editing *e, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		char *v = strdup(e[i].buf);

		if (!v)
			return 0;
		free(f[i].value);
		f[i].value = v;
	}
	return 1;
}

int form_run(struct menu *mn, const char *title, const char *help,
	     struct field *f, int n)
{
	struct editing *e = calloc(n, sizeof(*e));
	int at = 0, i, ch, ret = -1;

	if (!e)
		return 0;
	for (i = 0; i < n; i++) {
		snprintf(e[i].buf, sizeof(e[i].buf), "%s",
			 f[i].value ? f[i].value : "");
		e[i].len = e[i].cur = strlen(e[i].buf);
	}
	nodelay(stdscr, FALSE);
	leaveok(stdscr, FALSE);
	curs_set(1);
	while (ret < 0) {
		draw_form(mn, title, help, f, e, n, at);
		ch = getch();
		if (ch == ERR || ch == KEY_RESIZE || edit_key(&e[at], ch))
			continue;
		ret = form_key(ch, &at, n);
	}
	if (ret == 1)
		ret = save_fields(f, e, n);
	explicit_bzero(e, n * sizeof(*e));	/* passwords */
	free(e);
	curs_set(0);
	leaveok(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	erase();
	return ret;
}

char *form_ask(struct menu *mn, const char *title, const char *label,
	       const char *initial, bool secret)
{
	struct field f = { label, strdup(initial ? initial : ""), secret };

	if (!f.value)
		return NULL;
	if (form_run(mn, title, "Enter=done  Esc=cancel", &f, 1) == 1)
		return f.value;
	free(f.value);
	return NULL;
}
