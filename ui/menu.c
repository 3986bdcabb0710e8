/*
 * menu.c: `baton menu`: the ncurses boot menu, one per console, a client of
 * the daemon. It draws options grouped by source, the default marked with
 * '*' and the selection with '>' (never colour alone), the countdown and the
 * daemon's last message. ncurses sends only what changed, which keeps a
 * 9600-baud serial line responsive.
 */
#include <curses.h>
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/protocol.h"
#include "lib/text.h"
#include "ui/menu.h"
#include "ui/model.h"

#define KEY_CTRL(c) ((c) & 0x1f)

struct menu {
	struct model m;
	int fd;
	struct proto_reader rd;
	int sel;		/* index into m.options */
	int top;		/* first list row shown */
	bool utf8;		/* the terminal shows UTF-8 */
	bool touched;		/* a key was pressed: countdown cancelled */
	bool quit;
};

/* Text from disks, made safe and fit for this terminal. */
static void put_text(struct menu *mn, int y, int x, int width, const char *s,
		     attr_t attr)
{
	char *clean = text_sanitize(s ? s : ""), *p;
	int col = 0;

	if (!clean)
		return;
	if (!mn->utf8)
		for (p = clean; *p; p++)
			if ((unsigned char)*p >= 0x80)
				*p = '?';
	attron(attr);
	move(y, x);
	for (p = clean; *p && col < width; col++) {
		size_t k = mn->utf8 ? text_utf8_seq((unsigned char *)p,
						    strlen(p)) : 1;

		if (!k)
			k = 1;
		addnstr(p, k);	/* one character: k bytes */
		p += k;
	}
	attroff(attr);
	free(clean);
}

/* Rows of the list: a header row per source change, then its options. */
static int build_rows(struct menu *mn, int *rows, int max)
{
	const char *prev = NULL;
	int n = 0;
	size_t i;

	for (i = 0; i < mn->m.options.n && n < max; i++) {
		struct boot_option *o = mn->m.options.v[i];

		if (!prev || !streq(prev, o->source)) {
			rows[n++] = -1 - (int)i;	/* header for option i */
			prev = o->source;
		}
		if (n < max)
			rows[n++] = i;
	}
	return n;
}

static void draw_header_row(struct menu *mn, int y, struct boot_option *o)
{
	const struct source_info *si = model_source(&mn->m, o->source);
	char buf[256];

	snprintf(buf, sizeof(buf), "%s%s%s%s", o->source ? o->source : "?",
		 si && si->label ? " [" : "", si && si->label ? si->label : "",
		 si && si->label ? "]" : "");
	put_text(mn, y, 1, COLS - 2, buf, A_BOLD);
}

static void draw_option_row(struct menu *mn, int y, int i)
{
	struct boot_option *o = mn->m.options.v[i];
	bool missing = o->kernel && o->kernel->missing;
	bool sel = i == mn->sel;
	attr_t attr = sel ? A_REVERSE : (missing ? A_DIM : A_NORMAL);
	int w = COLS - 8;

	mvaddstr(y, 1, sel ? ">" : " ");
	mvaddstr(y, 3, streq(o->id, mn->m.default_id) ? "*" : " ");
	if (missing)
		w -= 10;
	put_text(mn, y, 5, w, o->name ? o->name : "(untitled)", attr);
	if (missing)
		mvaddstr(y, COLS - 11, "(missing)");
}

static void draw_list(struct menu *mn, int y0, int h)
{
	int rows[512], n, r, sel_row = 0;

	n = build_rows(mn, rows, ARRAY_SIZE(rows));
	for (r = 0; r < n; r++)
		if (rows[r] == mn->sel)
			sel_row = r;
	if (sel_row < mn->top)
		mn->top = sel_row > 0 && rows[sel_row - 1] < 0 ? sel_row - 1 :
			  sel_row;
	if (sel_row >= mn->top + h)
		mn->top = sel_row - h + 1;
	for (r = 0; r < h && mn->top + r < n; r++) {
		int v = rows[mn->top + r];

		if (v < 0)
			draw_header_row(mn, y0 + r, mn->m.options.v[-v - 1]);
		else
			draw_option_row(mn, y0 + r, v);
	}
	if (!n)
		mvaddstr(y0, 3, "No boot options found yet.");
}

static void draw(struct menu *mn)
{
	char line[256];
	int h = LINES - 5;

	erase();
	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	mvaddstr(0, 1, "baton boot menu");
	attroff(A_REVERSE);
	if (h > 0)
		draw_list(mn, 2, h);
	if (mn->m.countdown >= 0) {
		struct boot_option *o = NULL;
		size_t i;

		for (i = 0; i < mn->m.options.n; i++)
			if (streq(((struct boot_option *)mn->m.options.v[i])->id,
				  mn->m.default_id))
				o = mn->m.options.v[i];
		snprintf(line, sizeof(line), "Booting %s in %d s; any key stops",
			 o && o->name ? o->name : "the default",
			 mn->m.countdown);
		put_text(mn, LINES - 3, 1, COLS - 2, line, A_BOLD);
	}
	if (mn->m.status)
		put_text(mn, LINES - 2, 1, COLS - 2, mn->m.status,
			 mn->m.status_error ? A_BOLD : A_NORMAL);
	mvaddstr(LINES - 1, 1, "Enter=boot  e=edit  x=shell  Ctrl-L=redraw");
	move(LINES - 1, COLS - 1);
	refresh();
}

static void send_simple(struct menu *mn, unsigned type, json_t *payload)
{
	if (!payload)
		return;
	proto_send(mn->fd, type, payload);
	json_decref(payload);
}

static void move_sel(struct menu *mn, int delta)
{
	int n = mn->m.options.n;

	if (!n)
		return;
	mn->sel += delta;
	if (mn->sel < 0)
		mn->sel = 0;
	if (mn->sel >= n)
		mn->sel = n - 1;
}

static struct boot_option *selected(struct menu *mn)
{
	if (mn->sel < 0 || mn->sel >= (int)mn->m.options.n)
		return NULL;
	return mn->m.options.v[mn->sel];
}

/* A one-line editor for the command line; Enter boots the edited copy. */
static void edit_cmdline(struct menu *mn)
{
	struct boot_option *o = selected(mn), *copy;
	char buf[2048];
	size_t len, cur;
	int ch;

	if (!o)
		return;
	snprintf(buf, sizeof(buf), "%s", o->cmdline ? o->cmdline : "");
	len = cur = strlen(buf);
	nodelay(stdscr, FALSE);
	curs_set(1);
	for (;;) {
		int w = COLS - 12, start = cur > (size_t)w ? cur - w : 0;

		move(LINES - 3, 0);
		clrtobot();
		mvaddstr(LINES - 3, 1, "cmdline:");
		mvaddnstr(LINES - 2, 1, buf + start, w);
		mvaddstr(LINES - 1, 1, "Enter=boot this once  Esc=cancel");
		move(LINES - 2, 1 + cur - start);
		refresh();
		ch = getch();
		if (ch == 27 || ch == '\n' || ch == '\r' || ch == KEY_ENTER)
			break;
		if (ch == KEY_LEFT && cur)
			cur--;
		else if (ch == KEY_RIGHT && cur < len)
			cur++;
		else if (ch == KEY_HOME || ch == KEY_CTRL('a'))
			cur = 0;
		else if (ch == KEY_END || ch == KEY_CTRL('e'))
			cur = len;
		else if ((ch == KEY_BACKSPACE || ch == 127 || ch == 8) && cur) {
			memmove(buf + cur - 1, buf + cur, len - cur + 1);
			cur--;
			len--;
		} else if (ch >= 0x20 && ch < 0x7f && len + 1 < sizeof(buf)) {
			memmove(buf + cur + 1, buf + cur, len - cur + 1);
			buf[cur++] = ch;
			len++;
		}
	}
	nodelay(stdscr, TRUE);
	curs_set(0);
	if (ch == 27)
		return;
	copy = boot_option_dup(o);
	if (!copy)
		return;
	free(copy->cmdline);
	copy->cmdline = strdup(buf);
	send_simple(mn, PROTO_BOOT, json_pack("{s:o}", "option",
					      boot_option_to_json(copy)));
	boot_option_free(copy);
}

static void on_key(struct menu *mn, int ch)
{
	struct boot_option *o;

	if (!mn->touched) {
		mn->touched = true;
		send_simple(mn, PROTO_CANCEL, json_object());
	}
	switch (ch) {
	case KEY_UP: case 'k':
		move_sel(mn, -1);
		break;
	case KEY_DOWN: case 'j':
		move_sel(mn, 1);
		break;
	case KEY_PPAGE:
		move_sel(mn, -(LINES - 6));
		break;
	case KEY_NPAGE:
		move_sel(mn, LINES - 6);
		break;
	case KEY_HOME:
		move_sel(mn, -(int)mn->m.options.n);
		break;
	case KEY_END:
		move_sel(mn, mn->m.options.n);
		break;
	case '\n': case '\r': case KEY_ENTER:
		o = selected(mn);
		if (o)
			send_simple(mn, PROTO_BOOT,
				    json_pack("{s:s}", "id", o->id));
		break;
	case 'e':
		edit_cmdline(mn);
		break;
	case 'x':
		mn->quit = true;
		break;
	case KEY_CTRL('l'):
		clearok(curscr, TRUE);
		break;
	default:
		break;
	}
}

/* Select the default once, until a person moves the selection. */
static void follow_default(struct menu *mn)
{
	size_t i;

	if (mn->touched)
		return;
	for (i = 0; i < mn->m.options.n; i++)
		if (streq(((struct boot_option *)mn->m.options.v[i])->id,
			  mn->m.default_id))
			mn->sel = i;
}

static int on_daemon(struct menu *mn)
{
	unsigned type;
	json_t *msg;
	ssize_t n;
	int ret;

	n = proto_reader_fill(&mn->rd, mn->fd);
	if (n == 0 || (n < 0 && n != -EAGAIN))
		return -ECONNRESET;
	while ((ret = proto_reader_next(&mn->rd, &type, &msg)) > 0) {
		model_apply(&mn->m, type, msg);
		json_decref(msg);
	}
	follow_default(mn);
	return ret < 0 ? ret : 0;
}

static int connect_daemon(struct menu *mn, const char *path)
{
	int tries;

	/* the daemon may still be starting: wait up to ~10 s */
	for (tries = 0; tries < 100; tries++) {
		mn->fd = client_connect(path);
		if (mn->fd >= 0)
			break;
		usleep(100000);
	}
	if (mn->fd < 0)
		return mn->fd;
	return proto_send(mn->fd, PROTO_HELLO,
			  json_pack("{s:s,s:b}", "client", "menu", "events", 1));
}

static int run(struct menu *mn)
{
	struct pollfd pfd[2] = {
		{ .fd = 0, .events = POLLIN },
		{ .fd = mn->fd, .events = POLLIN },
	};
	int ch, ret = 0;

	while (!mn->quit) {
		draw(mn);
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			return -errno;
		if (pfd[1].revents && (ret = on_daemon(mn)))
			return ret;
		if (pfd[0].revents & (POLLHUP | POLLERR))
			return -EIO;
		if (pfd[0].revents)
			while ((ch = getch()) != ERR && !mn->quit)
				on_key(mn, ch);
	}
	return 0;
}

int menu_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct menu mn = { .fd = -1 };
	const char *sock = NULL, *cs;
	SCREEN *scr;
	int c, ret;

	while ((c = getopt_long(argc, argv, "S:h", longopts, NULL)) != -1) {
		if (c == 'S') {
			sock = optarg;
			continue;
		}
		fprintf(c == 'h' ? stdout : stderr,
			"usage: baton menu [--socket PATH]\n"
			"  The boot menu on this terminal. x leaves it (exit 0).\n");
		return c == 'h' ? 0 : 2;
	}
	model_init(&mn.m);
	ret = connect_daemon(&mn, sock);
	if (ret) {
		fprintf(stderr, "baton menu: cannot reach the daemon: %s\n",
			strerror(-ret));
		return 1;
	}
	setlocale(LC_ALL, "");
	cs = nl_langinfo(CODESET);
	mn.utf8 = cs && streq(cs, "UTF-8");
	set_escdelay(200);
	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		/* unknown TERM: plain ASCII on the most common base */
		setenv("TERM", "vt100", 1);
		mn.utf8 = false;
		scr = newterm(NULL, stdout, stdin);
	}
	if (!scr) {
		fprintf(stderr, "baton menu: cannot start curses\n");
		return 1;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	/*
	 * A serial line carries whatever the far terminal sends: ANSI
	 * "cursor" sequences even where terminfo says keypad mode (ESC O x).
	 */
	define_key("\033[A", KEY_UP);
	define_key("\033[B", KEY_DOWN);
	define_key("\033[C", KEY_RIGHT);
	define_key("\033[D", KEY_LEFT);
	define_key("\033OA", KEY_UP);
	define_key("\033OB", KEY_DOWN);
	define_key("\033OC", KEY_RIGHT);
	define_key("\033OD", KEY_LEFT);
	define_key("\033[H", KEY_HOME);
	define_key("\033[F", KEY_END);
	define_key("\033[5~", KEY_PPAGE);
	define_key("\033[6~", KEY_NPAGE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	ret = run(&mn);
	curs_set(1);
	endwin();
	delscreen(scr);
	if (ret)
		fprintf(stderr, "baton menu: lost the daemon: %s\n",
			strerror(-ret));
	close(mn.fd);
	proto_reader_release(&mn.rd);
	model_release(&mn.m);
	return ret ? 1 : 0;
}
