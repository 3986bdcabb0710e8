/*
 * autoboot.c: which option boots when nobody chooses, and when. The choice
 * is made once discovery settles (or a bound passes), counted down in whole
 * seconds that every client sees, stopped by any client, and moved on to
 * the next option when a boot fails.
 */
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discover/daemon-internal.h"
#include "lib/log.h"

/* Value of one "key=value" word, honouring the kernel's double quotes. */
static char *next_word(const char **p)
{
	const char *s = *p;
	bool quoted = false;
	char *w, *o;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (!*s)
		return NULL;
	w = o = malloc(strlen(s) + 1);
	if (!w)
		return NULL;
	for (; *s && (quoted || (*s != ' ' && *s != '\t' && *s != '\n')); s++) {
		if (*s == '"')
			quoted = !quoted;
		else
			*o++ = *s;
	}
	*o = '\0';
	*p = s;
	return w;
}

int autoboot_read_cmdline(struct daemon_opts *opts, const char *path)
{
	char buf[4096], *w, *end;
	const char *p = buf;
	size_t n;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return -errno;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	while ((w = next_word(&p))) {
		if (str_startswith(w, "baton.timeout=") &&
		    opts->timeout == INT_MIN) {
			long t = strtol(w + 14, &end, 10);

			if (*end || t < -1 || t > 86400)
				log_warn("ignoring %s: want -1, 0 or seconds", w);
			else
				opts->timeout = t;
		} else if (str_startswith(w, "baton.default=") &&
			   !opts->default_pattern) {
			opts->default_pattern = strdup(w + 14);
		}
		free(w);
	}
	return 0;
}

static bool bootable(struct daemon *d, const struct boot_option *o)
{
	size_t i;

	if (!o->kernel || o->kernel->missing || o->error)
		return false;
	for (i = 0; i < d->tried.n; i++)
		if (streq(d->tried.v[i], o->id))
			return false;
	return true;
}

/*
 * The option the countdown boots, and why: the configured pattern (an id,
 * then a title glob, where "submenu>entry" titles are plain titles), else
 * what the configs call default, else the first that can boot.
 */
static struct boot_option *pick(struct daemon *d, const char **why)
{
	const char *pat = d->opts.default_pattern;
	struct boot_option *o;
	size_t i;

	for (i = 0; pat && i < d->res.options.n; i++) {
		o = d->res.options.v[i];
		if (bootable(d, o) && streq(o->id, pat)) {
			*why = "baton.default names its id";
			return o;
		}
	}
	for (i = 0; pat && i < d->res.options.n; i++) {
		o = d->res.options.v[i];
		if (bootable(d, o) && o->name && !fnmatch(pat, o->name, 0)) {
			*why = "baton.default matches its title";
			return o;
		}
	}
	for (i = 0; i < d->res.options.n; i++) {
		o = d->res.options.v[i];
		if (bootable(d, o) && o->is_default) {
			*why = "its config makes it the default";
			return o;
		}
	}
	for (i = 0; i < d->res.options.n; i++) {
		o = d->res.options.v[i];
		if (bootable(d, o)) {
			*why = "first option that can boot";
			return o;
		}
	}
	return NULL;
}

static int timeout_seconds(struct daemon *d)
{
	if (d->opts.timeout != INT_MIN)
		return d->opts.timeout;
	if (d->res.has_timeout)
		return d->res.timeout;
	return DAEMON_DEFAULT_TIMEOUT;
}

static void broadcast_countdown(struct daemon *d)
{
	json_t *ev = json_pack("{s:i,s:s?}", "remaining", d->countdown,
			       "id", d->chosen);

	server_broadcast(d, PROTO_COUNTDOWN, ev);
	json_decref(ev);
}

static void boot_chosen(struct daemon *d)
{
	struct boot_option *o = daemon_find_option(d, d->chosen);
	char why[512];

	d->countdown = -1;
	broadcast_countdown(d);
	if (!o)
		return;
	if (daemon_boot(d, o, why, sizeof(why)) == 0)
		d->stopped = true;	/* dry run: done */
}

static void on_tick(struct event_loop *loop, void *data)
{
	struct daemon *d = data;

	d->tick = NULL;
	if (d->countdown < 0)
		return;
	if (d->countdown == 0) {
		boot_chosen(d);
		return;
	}
	d->countdown--;
	broadcast_countdown(d);
	d->tick = event_add_timer(loop, d->countdown ? 1000 : 0, on_tick, d);
}

/* Choose (again) and (re)start the countdown, unless a person took over. */
static void arm(struct daemon *d, bool restart)
{
	struct boot_option *o;
	const char *why = "";
	int t = timeout_seconds(d);

	if (d->stopped || !d->settled)
		return;
	o = pick(d, &why);
	if (!o) {
		if (restart)
			daemon_status(d, false, "no bootable option found yet");
		return;
	}
	if (!restart && d->chosen && streq(d->chosen, o->id))
		return;
	free(d->chosen);
	d->chosen = strdup(o->id);
	if (t < 0) {
		daemon_status(d, false, "default: %s (%s); waiting for a choice",
			      o->name, why);
		return;
	}
	daemon_status(d, false, "autoboot: %s in %d s (%s)", o->name, t, why);
	if (restart || d->countdown < 0) {
		event_cancel_timer(d->tick);
		d->countdown = t;
		broadcast_countdown(d);
		d->tick = event_add_timer(d->loop, t ? 1000 : 0, on_tick, d);
	}
}

void autoboot_settled(struct daemon *d)
{
	arm(d, true);
}

/*
 * A late source may bring a better option: it replaces the choice only
 * while the countdown still runs.
 */
void autoboot_options_changed(struct daemon *d)
{
	if (d->settled && (d->countdown > 0 || !d->chosen))
		arm(d, !d->chosen);
}

void autoboot_cancel(struct daemon *d, const char *why)
{
	if (d->stopped)
		return;
	d->stopped = true;
	if (d->countdown >= 0) {
		event_cancel_timer(d->tick);
		d->tick = NULL;
		d->countdown = -1;
		broadcast_countdown(d);
		daemon_status(d, false, "autoboot stopped: %s", why);
	}
}

void autoboot_boot_failed(struct daemon *d, const char *id)
{
	char *copy = strdup(id);

	if (copy && vec_push(&d->tried, copy))
		free(copy);
	if (d->stopped)
		return;	/* a person is choosing: the menu shows the error */
	daemon_status(d, false, "falling through to the next option");
	d->countdown = -1;
	arm(d, true);
	if (d->countdown > 0) {	/* no second wait after a failure */
		event_cancel_timer(d->tick);
		d->countdown = 0;
		d->tick = event_add_timer(d->loop, 0, on_tick, d);
	}
}
