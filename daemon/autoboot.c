/*
 * autoboot.c: when the option nobody chose boots. The choice is the pure
 * policy's (policy.h) over the settings (docs/config.md): the one-shot
 * "next", then "default" (id, then title glob), then the boot order's best
 * source with what its config calls default. It is made once discovery
 * settles (or a bound passes) and the settings store is known, counted down in whole
 * seconds that every client sees, replaced by a better option that arrives
 * while the countdown runs, stopped by any client, and moved on to the
 * next option when a boot fails.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/daemon-internal.h"
#include "daemon/policy.h"
#include "lib/log.h"

static const struct source_info *source_named(const void *ctx,
					      const char *name)
{
	struct source *s = catalog_source((struct daemon *)ctx, name);

	return s ? &s->info : NULL;
}

/* The option the countdown boots (policy.h), or NULL. */
static struct boot_option *pick(struct daemon *d, const char **why,
				bool *next)
{
	const struct policy_input in = {
		.options = (struct boot_option *const *)d->res.options.v,
		.n_options = d->res.options.n,
		.source = source_named,
		.ctx = d,
		.next = d->next_used ? d->next_used :
			settings_get(&d->settings, CFG_NEXT),
		.default_pattern = settings_get(&d->settings, CFG_DEFAULT),
		.boot_order = settings_get(&d->settings, CFG_BOOT_ORDER),
		.config_default = settings_bool(&d->settings,
						CFG_CONFIG_DEFAULT),
		.tried = (char *const *)d->tried.v,
		.n_tried = d->tried.n,
	};
	struct policy_choice c;

	policy_choose(&in, &c);
	if (c.default_unmatched)
		log_info("default '%s' names no option that can boot (yet)",
			 in.default_pattern);
	*why = c.why;
	*next = c.rule == POLICY_NEXT_ID || c.rule == POLICY_NEXT_TITLE;
	return c.option;
}

static int timeout_seconds(struct daemon *d)
{
	if (settings_get(&d->settings, CFG_TIMEOUT))
		return settings_int(&d->settings, CFG_TIMEOUT, 0);
	if (d->res.has_timeout &&
	    settings_bool(&d->settings, CFG_CONFIG_DEFAULT))
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

static void start_countdown(struct daemon *d, int t)
{
	event_cancel_timer(d->tick);
	d->countdown = t;
	broadcast_countdown(d);
	d->tick = event_add_timer(d->loop, t ? 1000 : 0, on_tick, d);
}

/* Choose (again) and (re)start the countdown, unless a person took over. */
static void arm(struct daemon *d, bool restart)
{
	struct boot_option *o;
	const char *why = "";
	int t = timeout_seconds(d);
	bool next;

	/* the saved settings (default, timeout, order) must be known */
	if (d->stopped || !d->settled || daemon_settings_pending(d))
		return;
	o = pick(d, &why, &next);
	if (!o) {
		if (restart)
			daemon_status(d, false, "no bootable option found yet");
		return;
	}
	if (!restart && d->chosen && streq(d->chosen, o->id))
		return;
	free(d->chosen);
	d->chosen = strdup(o->id);
	if (!restart && d->countdown > 0) {
		/* the same countdown goes on, for the better option */
		daemon_status(d, false, "%s arrived: it replaces the choice "
			      "(%s); %d s left", o->name, why, d->countdown);
		broadcast_countdown(d);
		return;
	}
	if (t < 0) {
		daemon_status(d, false, "default: %s (%s); waiting for a choice",
			      o->name, why);
		broadcast_countdown(d);	/* no countdown; menus mark the default */
		return;
	}
	daemon_status(d, false, "autoboot: %s in %d s (%s)", o->name, t, why);
	if (next && !d->next_used) {
		log_info("next: used for this boot, forgotten for the next");
		daemon_settings_forget_next(d);
	}
	if (restart || d->countdown < 0)
		start_countdown(d, t);
}

void autoboot_settled(struct daemon *d)
{
	/* the choice waits for the settings store (found by discovery) */
	if (!daemon_settings_settle(d))
		arm(d, true);
}

void autoboot_store_ready(struct daemon *d)
{
	arm(d, true);
}

/*
 * A late source may bring a better option: it replaces the choice only
 * while the countdown still runs (or before anything was chosen).
 */
void autoboot_options_changed(struct daemon *d)
{
	if (d->settled && (d->countdown > 0 || !d->chosen))
		arm(d, !d->chosen);
}

/* New settings: choose again, unless a person already took over. */
void autoboot_settings_changed(struct daemon *d)
{
	if (d->settled && !d->stopped && d->countdown != 0)
		arm(d, true);
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
	if (!settings_bool(&d->settings, CFG_FALL_THROUGH)) {
		d->stopped = true;
		daemon_status(d, false, "fall_through is off: waiting for a choice");
		return;
	}
	daemon_status(d, false, "falling through to the next option");
	d->countdown = -1;
	arm(d, true);
	if (d->countdown > 0) {	/* no second wait after a failure */
		event_cancel_timer(d->tick);
		d->countdown = 0;
		d->tick = event_add_timer(d->loop, 0, on_tick, d);
	}
}
