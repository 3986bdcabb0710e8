/*
 * menu.c: `baton menu`: the ncurses boot menu, one per console (and one
 * per SSH login), a client of the daemon. Options are grouped by source;
 * '*' marks the default and '>' the selection (never colour alone); the
 * countdown and the daemon's last message have lines of their own. The
 * screen is drawn into curses' buffer and curses sends only the cells
 * that changed: a Down key moves the '>' and costs a few dozen bytes, so
 * a 9600-baud serial line stays responsive. Every menu shows the daemon's
 * default and countdown, so the menus on several consoles stay in step.
 */
#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/args.h"
#include "lib/event.h"
#include "lib/strbuf.h"
#include "ui/kmsg-watch.h"
#include "ui/menu-internal.h"
#include "ui/menu.h"

#define MARK_COLS 3		/* " > " in reverse video marks the selection */
/* After a kernel line on the console, the whole screen is painted again
 * once the console has had time to print it (and those that follow). */
#define KMSG_REPAINT_MS 300

void menu_say(struct menu *mn, bool error, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	free(mn->m.status);
	mn->m.status = strdup(buf);
	mn->m.status_error = error;
}

struct boot_option *menu_selected(struct menu *mn)
{
	if (mn->sel < 0 || mn->sel >= (int)mn->m.options.n)
		return NULL;
	return mn->m.options.v[mn->sel];
}

static struct boot_option *option(struct menu *mn, int i)
{
	return mn->m.options.v[i];
}

/* Row values: an option's index, -1 - i for the header of option i's
 * source, ISO_ROW + i for the header of the ISO image it boots from. */
#define ISO_ROW (1 << 24)

/* The ISO image (GRUB's loopback) option o boots from, or NULL. */
static const struct boot_file *iso_of(const struct boot_option *o)
{
	return o->kernel && o->kernel->iso ? o->kernel->iso : NULL;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || streq(a, b);
}

static bool same_iso(const struct boot_file *a, const struct boot_file *b)
{
	if (!a || !b)
		return a == b;
	return same_str(a->path, b->path) && same_str(a->source, b->source) &&
	       same_str(a->ref_value, b->ref_value);
}

/*
 * Rows of the list: a header row where the source changes, then options;
 * options that boot from inside one ISO image are grouped under a header
 * of their own, indented.
 */
static int build_rows(struct menu *mn, int *rows, int max)
{
	const char *prev = NULL;
	const struct boot_file *iso = NULL;
	bool new_src;
	int n = 0;
	size_t i;

	for (i = 0; i < mn->m.options.n && n < max; i++) {
		new_src = !prev || !streq(prev, option(mn, i)->source);
		if (new_src) {
			rows[n++] = -1 - (int)i;	/* header for option i */
			prev = option(mn, i)->source;
		}
		if ((new_src || !same_iso(iso, iso_of(option(mn, i)))) &&
		    iso_of(option(mn, i)) && n < max)
			rows[n++] = ISO_ROW + i;
		iso = iso_of(option(mn, i));
		if (n < max)
			rows[n++] = i;
	}
	return n;
}

/* "ISO image /iso/x.iso", or "ISO image vdb1:/iso/x.iso" on another
 * source; the path sanitised as every text from a disk is. */
static void draw_iso_row(struct menu *mn, int y, struct boot_option *o)
{
	const struct boot_file *iso = iso_of(o);
	struct strbuf sb = STRBUF_INIT;

	sb_adds(&sb, "ISO image ");
	if (iso->source && !streq(iso->source, o->source))
		sb_addf(&sb, "%s:", iso->source);
	else if (!iso->source && iso->ref_value)
		sb_addf(&sb, "%s=%s:", boot_ref_name(iso->ref),
			iso->ref_value);
	sb_adds(&sb, iso->path ? iso->path : "?");
	if (iso->missing)
		sb_adds(&sb, " (missing)");
	term_put(&mn->t, y, MARK_COLS + 2, COLS - MARK_COLS - 3, sb_str(&sb),
		 iso->missing ? A_DIM : A_NORMAL);
	sb_release(&sb);
}

/* "vda2 (ext4, LABEL=boot)", "sdb1 (vfat, usb, UUID=...)", or a URL. */
static void draw_header_row(struct menu *mn, int y, struct boot_option *o)
{
	const struct source_info *si = model_source(&mn->m, o->source);
	struct strbuf sb = STRBUF_INIT;

	sb_adds(&sb, o->source ? o->source : "?");
	if (si && si->url)
		sb_addf(&sb, " (%s)", si->url);
	else if (si) {
		sb_addf(&sb, " (%s", si->fstype ? si->fstype :
			si->kind ? si->kind : "?");
		if (si->fstype && si->kind && !streq(si->kind, "disk"))
			sb_addf(&sb, ", %s", si->kind);
		if (si->label || si->uuid)
			sb_addf(&sb, ", %s=%s", si->label ? "LABEL" : "UUID",
				si->label ? si->label : si->uuid);
		sb_addc(&sb, ')');
	}
	term_put(&mn->t, y, 1, COLS - 2, sb_str(&sb), A_BOLD);
	sb_release(&sb);
}

static void draw_option_row(struct menu *mn, int y, int i)
{
	struct boot_option *o = option(mn, i);
	bool missing = (o->kernel && o->kernel->missing) || !o->kernel;
	const char *mark = missing ? "(missing)" : o->sig_refused ?
			   "(refused)" : NULL;
	int w = COLS - MARK_COLS - 3, x = MARK_COLS + 2;

	if (i == mn->sel) {
		attron(A_REVERSE);
		mvaddstr(y, 0, " > ");
		attroff(A_REVERSE);
	}
	mvaddstr(y, MARK_COLS, streq(o->id, mn->m.default_id) ? "*" : " ");
	if (mark)
		w -= 10;
	if (iso_of(o)) {	/* under its image's header */
		x += 2;
		w -= 2;
	}
	term_put(&mn->t, y, x, w, o->name ? o->name : "(untitled)",
		 mark ? A_DIM : A_NORMAL);
	if (mark)
		mvaddstr(y, COLS - 10, mark);
}

/* Keep the selection in view; its source's header too when it fits. */
static void scroll_to(struct menu *mn, const int *rows, int n, int h)
{
	int r, sel_row = 0;

	for (r = 0; r < n; r++)
		if (rows[r] == mn->sel)
			sel_row = r;
	r = sel_row;
	while (r > 0 && (rows[r - 1] < 0 || rows[r - 1] >= ISO_ROW))
		r--;	/* its headers too */
	if (r < mn->top)
		mn->top = r;
	if (sel_row >= mn->top + h)
		mn->top = sel_row - h + 1;
	if (mn->top > MAX(n - h, 0))
		mn->top = MAX(n - h, 0);
}

static void draw_list(struct menu *mn, int y0, int h)
{
	int rows[1024], n, r;

	n = build_rows(mn, rows, ARRAY_SIZE(rows));
	scroll_to(mn, rows, n, h);
	for (r = 0; r < h && mn->top + r < n; r++) {
		int v = rows[mn->top + r];

		if (v < 0)
			draw_header_row(mn, y0 + r, option(mn, -v - 1));
		else if (v >= ISO_ROW)
			draw_iso_row(mn, y0 + r, option(mn, v - ISO_ROW));
		else
			draw_option_row(mn, y0 + r, v);
	}
	if (!n)
		mvaddstr(y0, MARK_COLS + 2, "No boot options found yet.");
}

static struct boot_option *default_option(struct menu *mn)
{
	size_t i;

	for (i = 0; i < mn->m.options.n; i++)
		if (streq(option(mn, i)->id, mn->m.default_id))
			return option(mn, i);
	return NULL;
}

static void draw_countdown(struct menu *mn, int y)
{
	struct boot_option *o = default_option(mn), *sel = menu_selected(mn);
	char line[512];

	/* signed boot: why the kernel will refuse it, before it is chosen */
	if (mn->m.countdown < 0 && sel && sel->sig_refused && sel->sig_message)
		snprintf(line, sizeof(line), "Refused: %s", sel->sig_message);
	else if (mn->m.countdown >= 0)
		snprintf(line, sizeof(line), "Booting %s in %d s; any key stops",
			 o && o->name ? o->name : "the default",
			 mn->m.countdown);
	else if (o)
		snprintf(line, sizeof(line), "Default: %s",
			 o->name ? o->name : o->id);
	else
		line[0] = '\0';
	term_put(&mn->t, y, 1, COLS - 2, line, A_BOLD);
}

/* The last message; an error says so in words, not only in bold. */
static void status_text(const struct menu *mn, char *line, size_t n)
{
	const char *s = mn->m.status;

	if (!s) {
		line[0] = '\0';
		return;
	}
	snprintf(line, n, "%s%s", mn->m.status_error &&
		 !strstr(s, "fail") && !str_startswith(s, "error") ?
		 "error: " : "", s);
}

/*
 * The rows the status takes: two for a message longer than a row (a
 * refused certificate's reason), when the screen has rows to spare.
 */
static int status_rows(const struct menu *mn)
{
	char line[600];

	status_text(mn, line, sizeof(line));
	return LINES >= 14 && term_width(&mn->t, line) > COLS - 2 ? 2 : 1;
}

static void draw_status(struct menu *mn, int y, int rows)
{
	char line[600];

	status_text(mn, line, sizeof(line));
	/* what is longer still is whole on the log page */
	term_put_wrap(&mn->t, y, 1, COLS - 2, rows, line,
		      mn->m.status_error ? A_BOLD : A_NORMAL, " ... (l: log)");
}

/* In the title bar: a live update arrived, was carried, ... (one word). */
static void draw_liveupdate(struct menu *mn)
{
	const char *s = mn->m.liveupdate;

	if (s && COLS > 60 && *s && strlen(s) <= 10 &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz") == strlen(s))
		printw("  [live update %s]", s);
}

void menu_draw(struct menu *mn)
{
	int sl = status_rows(mn), h = LINES - 5 - sl;

	erase();
	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	mvaddstr(0, 1, "baton boot menu");
	draw_liveupdate(mn);
	if (COLS > 30)
		mvaddstr(0, COLS - 14, "h=help  x=exit");
	attroff(A_REVERSE);
	term_rule(&mn->t, 1);
	if (h > 0)
		draw_list(mn, 2, h);
	term_rule(&mn->t, LINES - 3 - sl);
	draw_countdown(mn, LINES - 2 - sl);
	draw_status(mn, LINES - 1 - sl, sl);
	term_put(&mn->t, LINES - 1, 1, COLS - 2,
		 "Enter=boot e=edit n=new c=settings l=log i=info x=shell",
		 A_NORMAL);
	refresh();
}

static void move_sel(struct menu *mn, int delta)
{
	int n = mn->m.options.n;

	if (!n)
		return;
	mn->sel = MAX(0, MIN(n - 1, mn->sel + delta));
}

static void boot_selected(struct menu *mn)
{
	struct boot_option *o = menu_selected(mn);

	if (o)
		menu_send(mn, PROTO_BOOT, json_pack("{s:s}", "id", o->id));
}

static void leave(struct menu *mn)
{
	if (menu_unlock(mn, "the shell")) {
		mn->quit = true;
		mn->exit_status = MENU_EXIT_SHELL;
	}
}

static void on_key(struct menu *mn, int ch)
{
	if (ch == KEY_RESIZE)
		return;	/* curses has the new size: the next draw uses it */
	if (!mn->touched) {
		mn->touched = true;
		menu_send(mn, PROTO_CANCEL, json_object());
	}
	switch (ch) {
	case KEY_UP: case 'k': move_sel(mn, -1); break;
	case KEY_DOWN: case 'j': move_sel(mn, 1); break;
	case KEY_PPAGE: move_sel(mn, -MAX(LINES - 7, 1)); break;
	case KEY_NPAGE: move_sel(mn, MAX(LINES - 7, 1)); break;
	/* vt220 keyboards call Home and End Find and Select */
	case KEY_HOME: case KEY_FIND: case 'g':
		move_sel(mn, -(int)mn->m.options.n);
		break;
	case KEY_END: case KEY_SELECT: case 'G':
		move_sel(mn, mn->m.options.n);
		break;
	case '\n': case '\r': case KEY_ENTER: boot_selected(mn); break;
	case 'e': edit_option(mn); break;
	case 'n': edit_new_option(mn); break;
	case 'c': settings_screen(mn); break;
	case 'l': page_log(mn); break;
	case 'i': page_sysinfo(mn); break;
	case 'h': case '?': page_help(mn); break;
	case 'x': leave(mn); break;
	case KEY_CTRL('l'): clearok(curscr, TRUE); break;
	default: break;
	}
}

/* Select the default, until a person moves the selection. */
static void follow_default(struct menu *mn)
{
	size_t i;

	if (mn->touched)
		return;
	for (i = 0; i < mn->m.options.n; i++)
		if (streq(option(mn, i)->id, mn->m.default_id))
			mn->sel = i;
}

/* A kernel line may have torn the screen: paint it all, a moment later. */
static void on_kmsg(int fd, uint64_t *repaint_at)
{
	if (kmsg_watch_printed(fd, kmsg_console_level()))
		*repaint_at = event_now_ms() + KMSG_REPAINT_MS;
}

static int run(struct menu *mn)
{
	struct pollfd pfd[3] = {
		{ .fd = 0, .events = POLLIN },
		{ .fd = mn->fd, .events = POLLIN },
		{ .fd = kmsg_watch_open(), .events = POLLIN },	/* < 0: none */
	};
	uint64_t repaint_at = 0, now;
	bool dirty = true;
	int ch, ret = 0, timeout;

	while (!mn->quit) {
		if (dirty) {
			follow_default(mn);
			menu_draw(mn);
		}
		dirty = false;
		now = event_now_ms();
		timeout = !repaint_at ? -1 : repaint_at > now ?
			  (int)(repaint_at - now) : 0;
		if (poll(pfd, 3, timeout) < 0) {
			if (errno != EINTR) {
				ret = -errno;
				break;
			}
			pfd[0].revents = POLLIN;	/* SIGWINCH: KEY_RESIZE */
		}
		if (pfd[2].revents)
			on_kmsg(pfd[2].fd, &repaint_at);
		if (repaint_at && event_now_ms() >= repaint_at) {
			clearok(curscr, TRUE);
			repaint_at = 0;
			dirty = true;
		}
		if (pfd[1].revents) {
			ret = menu_pump(mn);
			if (ret < 0)
				break;
			dirty |= ret > 0;
			ret = 0;
			/* settings read late say so (a person at the menu
			 * who turns it on keeps the menu until next boot) */
			if (!mn->touched &&
			    streq(model_setting(&mn->m, "headless"), "on")) {
				ret = 1;
				break;
			}
		}
		if (pfd[0].revents & (POLLHUP | POLLERR)) {
			ret = -EIO;
			break;
		}
		if (!pfd[0].revents)
			continue;
		while (!mn->quit && (ch = getch()) != ERR) {
			on_key(mn, ch);
			dirty = true;
		}
	}
	if (pfd[2].fd >= 0)
		close(pfd[2].fd);
	return ret;
}

/* Headless: no menu; wait quietly while the daemon boots by itself. */
static int headless(struct menu *mn)
{
	struct pollfd pfd = { .fd = mn->fd, .events = POLLIN };

	printf("baton: headless mode: no menu; the console shows baton's "
	       "decisions\n");
	fflush(stdout);
	for (;;) {
		if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
			return -errno;
		if (menu_pump(mn) < 0)
			return -ECONNRESET;
	}
}

/*
 * Wait for the settings the daemon sends after hello (headless and
 * lockdown decide what this menu may show), by the clock: options and
 * status arrive meanwhile, while discovery runs.
 */
static void wait_settings(struct menu *mn)
{
	struct pollfd pfd = { .fd = mn->fd, .events = POLLIN };
	uint64_t now = event_now_ms(), end = now + MENU_SETTINGS_MS;

	for (; !mn->m.settings && now < end; now = event_now_ms())
		if (poll(&pfd, 1, end - now) > 0 && menu_pump(mn) < 0)
			return;
}

static int parse_args(int argc, char **argv, const char **sock,
		      enum term_charset *cs)
{
	int charset = *cs;
	const struct arg_opt opts[] = {
		OPT_STR("socket", 'S', sock),
		OPT_SET("ascii", 'a', &charset, TERM_CHARSET_ASCII),
		OPT_SET("utf8", 'u', &charset, TERM_CHARSET_UTF8),
		OPT_END,
	};
	int first = args_parse(argc, argv, opts);

	if (first == ARGS_HELP)
		return 1;
	if (first < 0)
		return 2;
	*cs = charset;
	return first < argc ? 2 : 0;
}

static int usage(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: baton menu [--socket PATH] [--ascii|--utf8]\n"
		"  The boot menu on this terminal; h shows the keys, x leaves\n"
		"  it for a shell. --ascii/--utf8 override the locale and TERM.\n");
	return status == 1 ? 0 : status;
}

static int start(struct menu *mn, enum term_charset cs)
{
	int ret;

	setlocale(LC_ALL, "");
	/* serial lines under emulation can space ESC [ B out: wait well */
	set_escdelay(500);
	ret = term_start(&mn->t, stdout, stdin, cs);
	if (ret) {
		fprintf(stderr, "baton menu: cannot drive this terminal\n");
		return ret;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	term_keys();
	nodelay(stdscr, TRUE);
	leaveok(stdscr, TRUE);	/* no cursor moves after each update */
	curs_set(0);
	return 0;
}

int menu_main(int argc, char **argv)
{
	struct menu mn = { .fd = -1, .exit_status = MENU_EXIT_ERROR };
	enum term_charset cs = TERM_CHARSET_AUTO;
	const char *sock = NULL;
	int ret;

	ret = parse_args(argc, argv, &sock, &cs);
	if (ret)
		return usage(ret);
	model_init(&mn.m);
	ret = menu_connect(&mn, sock);
	if (ret) {
		fprintf(stderr, "baton menu: cannot reach the daemon: %s\n",
			strerror(-ret));
		return MENU_EXIT_ERROR;
	}
	wait_settings(&mn);
	if (streq(model_setting(&mn.m, "headless"), "on"))
		ret = headless(&mn);
	else if (!(ret = start(&mn, cs)))
		ret = run(&mn);
	term_stop(&mn.t);
	if (ret == 1)
		ret = headless(&mn);
	if (ret && ret != -ENOTTY)
		fprintf(stderr, "baton menu: lost the daemon: %s\n",
			strerror(-ret));
	if (ret)	/* no shell behind a lockdown, even when the daemon died */
		mn.exit_status = model_lockdown(&mn.m) ? MENU_EXIT_LOCKED :
				 MENU_EXIT_ERROR;
	close(mn.fd);
	proto_reader_release(&mn.rd);
	boot_option_free(mn.last_new);
	model_release(&mn.m);
	/* curses keeps memory (even from a newterm that failed) until this */
	exit_curses(mn.exit_status);
	return mn.exit_status;	/* not reached */
}
