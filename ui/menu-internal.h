/*
 * menu-internal.h: the parts of `baton menu`: the list (menu.c), the
 * daemon connection (menu-daemon.c), forms and the line editor (form.c),
 * the option editor for `e` and `n` (edit.c), pages for help, log and
 * system information (pages.c) and the settings screen (settings-screen.c).
 */
#ifndef BATON_UI_MENU_INTERNAL_H
#define BATON_UI_MENU_INTERNAL_H

#include <stdbool.h>

#include "lib/protocol.h"
#include "ui/model.h"
#include "ui/term.h"

#define KEY_CTRL(c)	((c) & 0x1f)
#define KEY_ESC		27
#define MENU_REQUEST_MS	5000	/* longest wait for a reply */
#define MENU_SETTINGS_MS 15000	/* longest wait for the first settings:
				   the daemon sends them once its store
				   is known (docs/config.md) */

/* Exit statuses: init starts a shell after 0 and 1, not after 3. */
#define MENU_EXIT_SHELL		0
#define MENU_EXIT_ERROR		1
#define MENU_EXIT_LOCKED	3

struct menu {
	struct model m;
	struct term t;
	int fd;
	struct proto_reader rd;
	int sel;		/* index into m.options */
	int top;		/* first list row shown */
	bool touched;		/* a key was pressed: countdown cancelled */
	bool unlocked;		/* the lockdown password was given */
	bool quit;
	int exit_status;
	int unanswered;		/* requests sent whose reply is still due */
	struct boot_option *last_new;	/* what `n` was given last */
};

/* menu-daemon.c */
int menu_connect(struct menu *mn, const char *path);
/* Read what the daemon sent and apply it. 1: the screen changed. */
int menu_pump(struct menu *mn);
/* Send a message, no reply awaited. */
void menu_send(struct menu *mn, unsigned type, json_t *payload);
/*
 * Send a request (payload is consumed) and wait for its answer: a message
 * of type want (then *answer holds it) or a reply (an error). Messages that
 * arrive meanwhile are applied. Returns 0 or -errno with *err set to the
 * daemon's sentence or a local one.
 */
int menu_request(struct menu *mn, unsigned type, json_t *payload,
		 unsigned want, json_t **answer, const char **err);
/* Lockdown: true when free to go on (asks for the password if needed). */
bool menu_unlock(struct menu *mn, const char *what);

/* menu.c */
void menu_draw(struct menu *mn);
struct boot_option *menu_selected(struct menu *mn);
/* Put a message in the status line (not from the daemon). */
void menu_say(struct menu *mn, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* form.c: a form of one-line fields. */
struct field {
	const char *label;
	char *value;		/* owned; edited in place (reallocated) */
	bool secret;		/* shown as '*' */
};

/*
 * Edit the fields; Enter submits (returns 1), Esc cancels (returns 0).
 * Tab, Down and Up move between fields.
 */
int form_run(struct menu *mn, const char *title, const char *help,
	     struct field *fields, int n);
/* Ask for one value (a password when secret). NULL when cancelled. */
char *form_ask(struct menu *mn, const char *title, const char *label,
	       const char *initial, bool secret);

/* edit.c */
void edit_option(struct menu *mn);
void edit_new_option(struct menu *mn);

/* pages.c */
void page_help(struct menu *mn);
void page_log(struct menu *mn);
void page_sysinfo(struct menu *mn);
/* A scrollable page of lines (untrusted text is made safe). */
void page_show(struct menu *mn, const char *title, char **lines);

/* settings-screen.c */
void settings_screen(struct menu *mn);

#endif
