/*
 * pages.c: read-only pages over the menu: help (h, ?), the daemon's log
 * (l) and system information (i): kernel, block devices, network. A page
 * scrolls with the menu's keys and closes with q, Esc or Enter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strbuf.h"
#include "ui/menu-internal.h"

static const char *const help_lines[] = {
	"Up/Down, k/j      move the selection",
	"PgUp/PgDn         a page up or down",
	"Home/End          the first or the last option",
	"Enter             boot the selected option",
	"e                 edit kernel, initrds, command line, device tree;",
	"                  the edited copy is booted once, never saved",
	"n                 a new option by hand, booted once",
	"c                 settings (timeout, default, boot order, ...)",
	"l                 the log of messages",
	"i                 system information: kernel, devices, network",
	"x                 leave the menu for a shell",
	"h, ?              this help",
	"Ctrl-L            draw the screen again",
	"",
	"Any key stops the autoboot countdown. '*' marks the default, '>' the",
	"selection; '(missing)' options cannot boot. With a password set,",
	"editing, settings and the shell ask for it.",
	NULL,
};

static int count(char **lines)
{
	int n = 0;

	while (lines && lines[n])
		n++;
	return n;
}

static void draw_page(struct menu *mn, const char *title, char **lines,
		      int n, int top, int h)
{
	char where[48];
	int i;

	erase();
	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	term_put(&mn->t, 0, 1, COLS - 2, title, A_REVERSE);
	attroff(A_REVERSE);
	for (i = 0; i < h && top + i < n; i++)
		term_put(&mn->t, 2 + i, 1, COLS - 2, lines[top + i], A_NORMAL);
	term_rule(&mn->t, LINES - 2);
	snprintf(where, sizeof(where), "lines %d-%d of %d", n ? top + 1 : 0,
		 MIN(top + h, n), n);
	mvaddstr(LINES - 1, 1, "Up/Down/PgUp/PgDn=scroll  q=back");
	mvaddstr(LINES - 1, COLS - 1 - (int)strlen(where), where);
	refresh();
}

void page_show(struct menu *mn, const char *title, char **lines)
{
	int n = count(lines), top = 0, ch, h;

	nodelay(stdscr, FALSE);
	for (;;) {
		h = MAX(LINES - 4, 1);
		top = MAX(MIN(top, n - h), 0);
		draw_page(mn, title, lines, n, top, h);
		ch = getch();
		if (ch == 'q' || ch == KEY_ESC || ch == '\n' || ch == '\r' ||
		    ch == KEY_ENTER || ch == KEY_LEFT)
			break;
		if (ch == KEY_DOWN || ch == 'j')
			top++;
		else if (ch == KEY_UP || ch == 'k')
			top = MAX(top - 1, 0);
		else if (ch == KEY_NPAGE || ch == ' ')
			top += h;
		else if (ch == KEY_PPAGE)
			top = MAX(top - h, 0);
		else if (ch == KEY_HOME || ch == KEY_FIND)
			top = 0;
		else if (ch == KEY_END || ch == KEY_SELECT)
			top = n;
		else if (ch == KEY_CTRL('l'))
			clearok(curscr, TRUE);
	}
	nodelay(stdscr, TRUE);
	erase();
}

void page_help(struct menu *mn)
{
	page_show(mn, "baton help: keys", (char **)help_lines);
}

/* A strv that owns its strings, for pages built from the daemon's data. */
static void push(char ***v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void push(char ***v, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	strv_push(v, sb_detach(&sb));
}

/* Long lines folded at width (bytes), continued with an indent. */
static void push_wrapped(char ***v, const char *s, int width)
{
	int first = 1, w;

	if (!s)
		s = "";
	do {
		w = MAX(width - (first ? 0 : 2), 10);
		push(v, "%s%.*s", first ? "" : "  ", w, s);
		s += MIN((int)strlen(s), w);
		first = 0;
	} while (*s);
}

void page_log(struct menu *mn)
{
	json_t *ans, *l;
	const char *err;
	char **v = NULL;
	size_t i;

	if (menu_request(mn, PROTO_LOG_GET, json_object(), PROTO_LOG, &ans,
			 &err)) {
		menu_say(mn, true, "log: %s", err);
		return;
	}
	json_array_foreach(json_object_get(ans, "lines"), i, l)
		push_wrapped(&v, json_string_value(l), COLS - 2);
	json_decref(ans);
	page_show(mn, "baton log (newest last)", v);
	strv_free(v);
}

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static void push_devices(char ***v, const json_t *devs)
{
	const json_t *d, *src;
	char size[32];
	size_t i;

	push(v, "Devices:");
	json_array_foreach(devs, i, d) {
		src = json_object_get(d, "source");
		if (*str(d, "path"))
			snprintf(size, sizeof(size), "folder");
		else
			snprintf(size, sizeof(size), "%lld MiB", (long long)
				 (json_integer_value(json_object_get(d, "size"))
				  >> 20));
		push(v, "  %-10s %12s  %s%s%s%s%s", str(d, "name"), size,
		     src ? str(src, "fstype") : "",
		     src && *str(src, "label") ? "  LABEL=" : "",
		     src ? str(src, "label") : "",
		     src && *str(src, "uuid") ? "  UUID=" : "",
		     src ? str(src, "uuid") : "");
		if (src)
			push(v, "  %-10s %s, %lld boot option(s)%s%s", "",
			     str(src, "kind"), (long long)json_integer_value(
				json_object_get(d, "options")),
			     *str(d, "path") ? "  " : "", str(d, "path"));
	}
}

static void push_network(char ***v, const json_t *net)
{
	const json_t *n, *a;
	struct strbuf sb = STRBUF_INIT;
	size_t i, k;

	push(v, "Network:");
	json_array_foreach(net, i, n) {
		sb_reset(&sb);
		json_array_foreach(json_object_get(n, "addresses"), k, a)
			sb_addf(&sb, " %s", json_string_value(a));
		push(v, "  %-10s %s  %s %s", str(n, "name"), str(n, "mac"),
		     str(n, "state"), sb.len ? sb_str(&sb) : " (no address)");
	}
	if (!json_array_size(net))
		push(v, "  (no interfaces)");
	sb_release(&sb);
}

/* Lockdown, Secure Boot and the verify setting, then what they mean. */
static void push_signed(char ***v, const json_t *sb)
{
	if (!sb)
		return;
	push(v, "Signed boot: lockdown %s, Secure Boot %s, verify=%s",
	     str(sb, "lockdown"), str(sb, "secure_boot"), str(sb, "verify"));
	push_wrapped(v, str(sb, "message"), COLS - 2);
}

void page_sysinfo(struct menu *mn)
{
	json_t *ans, *k;
	const char *err;
	char **v = NULL;

	if (menu_request(mn, PROTO_SYSINFO_GET, json_object(), PROTO_SYSINFO,
			 &ans, &err)) {
		menu_say(mn, true, "system information: %s", err);
		return;
	}
	k = json_object_get(ans, "kernel");
	push(&v, "Kernel:  Linux %s (%s)", str(k, "release"), str(k, "machine"));
	push(&v, "         %s", str(k, "version"));
	push(&v, "Command line: %s", str(k, "cmdline"));
	push(&v, "Terminal: %s, %s%s", mn->t.name, mn->t.utf8 ? "UTF-8" :
	     "ASCII", mn->t.acs ? ", line drawing" : "");
	push_signed(&v, json_object_get(ans, "signed_boot"));
	push(&v, "%s", "");
	push_devices(&v, json_object_get(ans, "devices"));
	push(&v, "%s", "");
	push_network(&v, json_object_get(ans, "network"));
	json_decref(ans);
	page_show(mn, "System information", v);
	strv_free(v);
}
