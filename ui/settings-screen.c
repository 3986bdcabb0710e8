/*
 * settings-screen.c: `c`: every setting with its value in force and where
 * it comes from; Enter changes one (on/off settings flip), d forgets the
 * saved value. Each change is saved at once through the daemon, which
 * writes the board's store (docs/config.md) and tells every menu.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/config.h"
#include "ui/menu-internal.h"

static const char *origin(struct menu *mn, const char *key)
{
	return json_string_value(json_object_get(
			json_object_get(mn->m.settings, "origins"), key));
}

static void draw_row(struct menu *mn, int y, int k, bool sel)
{
	const char *name = config_keys[k].name, *v, *o;
	char buf[128];

	if (k == CFG_PASSWORD) {
		v = model_lockdown(&mn->m) ? "(set: lockdown on)" : "(not set)";
		o = NULL;
	} else {
		v = model_setting(&mn->m, name);
		o = origin(mn, name);
	}
	mvaddstr(y, 0, sel ? " > " : "   ");
	if (sel)
		mvchgat(y, 0, 3, A_REVERSE, 0, NULL);
	mvaddstr(y, 3, name);
	term_put(&mn->t, y, 20, COLS - 44, v ? v : "(none)", A_NORMAL);
	if (o) {
		snprintf(buf, sizeof(buf), "(%s)", o);
		term_put(&mn->t, y, COLS - 23, 22, buf, A_NORMAL);
	}
}

/*
 * The rows fit between the title and the help (a 24-line console shows
 * 18 of the settings): the first one drawn follows the selection, so that
 * it is always on screen; "more" on the rule says some are not.
 */
static int first_row(int at, int first)
{
	int rows = MAX(LINES - 6, 1);

	if (at < first)
		return at;
	if (at >= first + rows)
		return at - rows + 1;
	return MIN(first, MAX(CFG_KEY_MAX - rows, 0));
}

static void draw(struct menu *mn, int at, int *first)
{
	const char *store = json_string_value(json_object_get(mn->m.settings,
							      "store"));
	int k, rows = MAX(LINES - 6, 1);
	char title[256];

	erase();
	snprintf(title, sizeof(title), "Settings, saved to: %s",
		 store ? store : "?");
	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	term_put(&mn->t, 0, 1, COLS - 2, title, A_REVERSE);
	attroff(A_REVERSE);
	*first = first_row(at, *first);
	for (k = *first; k < CFG_KEY_MAX && k < *first + rows; k++)
		draw_row(mn, 2 + k - *first, k, k == at);
	term_rule(&mn->t, LINES - 4);
	if (*first > 0 || *first + rows < CFG_KEY_MAX)
		term_put(&mn->t, LINES - 4, 3, 40, *first == 0 ? " more below " :
			 *first + rows < CFG_KEY_MAX ? " more above and below " :
			 " more above ", A_NORMAL);
	term_put(&mn->t, LINES - 3, 1, COLS - 2, config_keys[at].help, A_NORMAL);
	if (mn->m.status)
		term_put(&mn->t, LINES - 2, 1, COLS - 2, mn->m.status,
			 mn->m.status_error ? A_BOLD : A_NORMAL);
	term_put(&mn->t, LINES - 1, 1, COLS - 2,
		 "Enter=change  d=forget saved value  q=back", A_NORMAL);
	refresh();
}

static void set(struct menu *mn, const char *key, json_t *value)
{
	const char *err;

	if (menu_request(mn, PROTO_SETTINGS_SET, json_pack("{s:{s:o},s:b}",
			 "values", key, value, "save", 1), PROTO_REPLY, NULL,
			 &err) && err && !strcmp(err, "refused"))
		return;	/* the daemon's sentence is in the status line */
	if (err)
		menu_say(mn, true, "%s: %s", key, err);
}

static void change_password(struct menu *mn)
{
	struct field f[2] = {
		{ "New password (empty: no lockdown)", strdup(""), true },
		{ "The same again", strdup(""), true },
	};

	if (f[0].value && f[1].value &&
	    form_run(mn, "Lockdown password", "Enter=set  Esc=cancel", f, 2)) {
		if (strcmp(f[0].value, f[1].value))
			menu_say(mn, true, "the two passwords differ: unchanged");
		else
			set(mn, "password", json_string(f[0].value));
	}
	explicit_bzero(f[0].value, strlen(f[0].value));
	explicit_bzero(f[1].value, strlen(f[1].value));
	free(f[0].value);
	free(f[1].value);
}

static void change(struct menu *mn, int k)
{
	const char *name = config_keys[k].name, *v = model_setting(&mn->m, name);
	char title[160], *nv;

	if (k == CFG_PASSWORD) {
		change_password(mn);
		return;
	}
	if (config_keys[k].type == CFG_BOOL) {
		set(mn, name, json_string(config_parse_bool(v) == 1 ? "off" : "on"));
		return;
	}
	snprintf(title, sizeof(title), "%s: %s", name, config_keys[k].help);
	nv = form_ask(mn, title, name, v ? v : "", false);
	if (nv)
		set(mn, name, json_string(nv));
	free(nv);
}

void settings_screen(struct menu *mn)
{
	const char *err;
	int at = 0, first = 0, ch;

	if (!menu_unlock(mn, "settings"))
		return;
	if (menu_request(mn, PROTO_SETTINGS_GET, json_object(), PROTO_SETTINGS,
			 NULL, &err)) {
		menu_say(mn, true, "settings: %s", err);
		return;
	}
	nodelay(stdscr, FALSE);
	for (;;) {
		draw(mn, at, &first);
		ch = getch();
		if (ch == 'q' || ch == KEY_ESC || ch == KEY_LEFT)
			break;
		if (ch == KEY_DOWN || ch == 'j')
			at = MIN(at + 1, CFG_KEY_MAX - 1);
		else if (ch == KEY_UP || ch == 'k')
			at = MAX(at - 1, 0);
		else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER)
			change(mn, at);
		else if (ch == 'd')
			set(mn, config_keys[at].name, json_null());
		else if (ch == KEY_CTRL('l'))
			clearok(curscr, TRUE);
		nodelay(stdscr, FALSE);	/* a form may have changed it */
	}
	nodelay(stdscr, TRUE);
	erase();
}
