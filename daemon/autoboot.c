/*
 * autoboot.c: when the option nobody chose boots. The choice is the pure
 * policy's (policy.h) over the settings (docs/config.md): the one-shot
 * "next", then "default" (id, then title glob), then the boot order's best
 * source with what its config calls default, all within the class of
 * sources the BMC's override asks for, if any. It is made once discovery
 * settles (or a bound passes), the settings store is known and the BMC
 * has answered (override.h), made again with the BMC's flags read once
 * more when the countdown ends, counted
 * down in whole seconds that every client sees, replaced by a better
 * option that arrives while the countdown runs, stopped by any client,
 * and moved on to the next option when a boot fails.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/daemon-internal.h"
#include "daemon/policy.h"
#include "discover/netup.h"
#include "lib/log.h"

static const struct source_info *source_named(const void *ctx,
					      const char *name)
{
	struct source *s = catalog_source((struct daemon *)ctx, name);

	return s ? &s->info : NULL;
}

/*
 * The option the countdown boots (policy.h): c->option, or NULL; *net_wait
 * (unless NULL): the BMC asks for the network, which may still bring one.
 */
static void pick(struct daemon *d, struct policy_choice *c, bool *net_wait)
{
	const struct policy_input in = {
		.options = (struct boot_option *const *)d->res.options.v,
		.n_options = d->res.options.n,
		.source = source_named,
		.ctx = d,
		.next = daemon_settings_next_used(d) ?:
			settings_get(&d->settings, CFG_NEXT),
		.default_pattern = settings_get(&d->settings, CFG_DEFAULT),
		.boot_order = settings_get(&d->settings, CFG_BOOT_ORDER),
		.config_default = settings_bool(&d->settings,
						CFG_CONFIG_DEFAULT),
		.bmc = override_action(d),
		.tried = (char *const *)d->autoboot.tried.v,
		.n_tried = d->autoboot.tried.n,
	};

	policy_choose(&in, c);
	if (net_wait)
		*net_wait = policy_wait_for_network(&in, c,
						    netup_pending(&d->disc));
	if (c->default_unmatched)
		log_info("default '%s' names no option that can boot (yet)",
			 in.default_pattern);
}

/* Why c was chosen, in words, with what the BMC asked for. */
static const char *reason(struct daemon *d, const struct policy_choice *c,
			  char *buf, size_t size)
{
	const char *said = override_said(d);

	if (c->by_bmc && said)
		snprintf(buf, size, "%s", said);
	else if (c->bmc_unmet && said)
		snprintf(buf, size, "%s; %s, but no such option can boot",
			 c->why, said);
	else
		snprintf(buf, size, "%s", c->why);
	return buf;
}

/* Who chose c (for the log of what boots, boot-record.h), and why. */
static void note_choice(struct daemon *d, const struct policy_choice *c,
			const char *why)
{
	d->autoboot.chosen_by = c->by_bmc ? BOOT_BY_BMC :
		c->rule == POLICY_NEXT_ID || c->rule == POLICY_NEXT_TITLE ?
		BOOT_BY_NEXT : BOOT_BY_AUTOBOOT;
	snprintf(d->autoboot.chosen_why, sizeof(d->autoboot.chosen_why),
		 "%s", why);
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
	daemon_tell(d, PROTO_COUNTDOWN,
		    json_pack("{s:i,s:s?}", "remaining", d->autoboot.countdown,
			      "id", d->autoboot.chosen));
}

static void boot_chosen(struct daemon *d)
{
	struct boot_option *o = catalog_option(d, d->autoboot.chosen);
	char why[512];

	d->autoboot.countdown = -1;
	broadcast_countdown(d);
	if (!o) {	/* gone meanwhile (a rescan): choose when one comes */
		free(d->autoboot.chosen);
		d->autoboot.chosen = NULL;
		daemon_status(d, false, "the option autoboot chose is gone: "
			      "waiting for options");
		return;
	}
	if (daemon_boot(d, o, NULL, d->autoboot.chosen_by ?: BOOT_BY_AUTOBOOT,
			d->autoboot.chosen_why[0] ? d->autoboot.chosen_why :
			NULL, why, sizeof(why)) == 0)
		d->autoboot.stopped = true;	/* dry run: done */
}

static void on_tick(struct event_loop *loop, void *data)
{
	struct daemon *d = data;

	d->autoboot.tick = NULL;
	if (d->autoboot.countdown < 0)
		return;
	if (d->autoboot.countdown == 0) {
		/* the BMC may have changed its mind during the countdown */
		if (override_reread(d))
			d->autoboot.firing = true;
		else
			boot_chosen(d);
		return;
	}
	d->autoboot.countdown--;
	broadcast_countdown(d);
	d->autoboot.tick = event_add_timer(loop, d->autoboot.countdown ?
					   1000 : 0, on_tick, d);
}

static void start_countdown(struct daemon *d, int t)
{
	event_cancel_timer(d->autoboot.tick);
	d->autoboot.countdown = t;
	broadcast_countdown(d);
	d->autoboot.tick = event_add_timer(d->loop, t ? 1000 : 0, on_tick, d);
}

/*
 * The BMC asks for no autoboot (safe mode, diagnostics, setup): the menu
 * waits with the reason shown, o marked as the default; the override is
 * honoured, so a one-shot one is cleared.
 */
static void bmc_wait(struct daemon *d, const struct boot_option *o)
{
	const char *said = override_said(d);

	d->autoboot.stopped = true;
	event_cancel_timer(d->autoboot.tick);
	d->autoboot.tick = NULL;
	d->autoboot.countdown = -1;
	free(d->autoboot.chosen);
	d->autoboot.chosen = o ? strdup(o->id) : NULL;
	broadcast_countdown(d);
	daemon_status(d, false, "%s",
		      said ? said : "the BMC asks for no autoboot");
	override_honoured(d);
}

/* Choose (again) and (re)start the countdown, unless a person took over. */
static void arm(struct daemon *d, bool restart)
{
	struct policy_choice c;
	struct boot_option *o;
	char why[320];
	int t = timeout_seconds(d);
	bool next;

	/* the saved settings (default, timeout, order) must be known */
	if (d->autoboot.stopped || !d->settled || daemon_settings_pending(d) ||
	    override_pending(d))
		return;
	pick(d, &c, NULL);
	if (c.wait) {
		bmc_wait(d, c.option);
		return;
	}
	o = c.option;
	if (!o) {
		if (restart)
			daemon_status(d, false, "no bootable option found yet");
		return;
	}
	next = c.rule == POLICY_NEXT_ID || c.rule == POLICY_NEXT_TITLE;
	reason(d, &c, why, sizeof(why));
	note_choice(d, &c, why);
	if (!restart && d->autoboot.chosen && streq(d->autoboot.chosen, o->id))
		return;
	free(d->autoboot.chosen);
	d->autoboot.chosen = strdup(o->id);
	if (!restart && d->autoboot.countdown > 0) {
		/* the same countdown goes on, for the better option */
		daemon_status(d, false, "%s arrived: it replaces the choice "
			      "(%s); %d s left", o->name, why,
			      d->autoboot.countdown);
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
	if (next && !daemon_settings_next_used(d)) {
		log_info("next: used for this boot, forgotten for the next");
		daemon_settings_forget_next(d);
	}
	if (restart || d->autoboot.countdown < 0)
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

static void fire(struct daemon *d);

static void on_net_poll(struct event_loop *loop, void *data)
{
	struct daemon *d = data;

	d->autoboot.tick = NULL;
	if (!d->autoboot.stopped && d->autoboot.countdown == 0)
		fire(d);
}

/*
 * The BMC asks for the network, which has no option yet but may bring
 * one: true while autoboot waits for it (looking again every
 * AUTOBOOT_NET_POLL_MS), false once the net_wait setting's seconds have
 * passed (AUTOBOOT_NET_WAIT_S unless set; 0: no wait; -1: no bound, the
 * wait ends when an option comes or the lookups end).
 */
static bool net_wait(struct daemon *d)
{
	struct autoboot_state *a = &d->autoboot;
	uint64_t now = event_now_ms();
	const char *said = override_said(d) ?: "the BMC asks for the network";

	if (!a->net_wait_until) {
		a->net_wait_s = settings_int(&d->settings, CFG_NET_WAIT,
					     AUTOBOOT_NET_WAIT_S);
		if (!a->net_wait_s) {
			log_info("%s: not waiting for a network option "
				 "(net_wait is 0)", said);
			return false;
		}
		a->net_wait_until = a->net_wait_s < 0 ? UINT64_MAX :
				    now + (uint64_t)a->net_wait_s * 1000;
		if (a->net_wait_s < 0)
			daemon_status(d, false, "%s: waiting for a network "
				      "option (net_wait -1: no bound)", said);
		else
			daemon_status(d, false, "%s: waiting up to %d s for a "
				      "network option", said, a->net_wait_s);
	} else if (now >= a->net_wait_until) {
		log_info("no network option came in %d s", a->net_wait_s);
		return false;
	}
	a->tick = event_add_timer(d->loop, AUTOBOOT_NET_POLL_MS, on_net_poll,
				  d);
	return a->tick != NULL;
}

/*
 * The countdown is over and the BMC's flags were read once more: boot
 * what the choice is now, without a second wait (but for the network the
 * BMC asks for, net_wait()).
 */
static void fire(struct daemon *d)
{
	struct policy_choice c;
	char why[320];
	bool wait_net;

	pick(d, &c, &wait_net);
	if (c.wait) {
		bmc_wait(d, c.option);
		return;
	}
	if (wait_net && net_wait(d))
		return;
	if (!c.option) {
		d->autoboot.countdown = -1;
		broadcast_countdown(d);
		daemon_status(d, false, "no bootable option found");
		return;
	}
	reason(d, &c, why, sizeof(why));
	if (!d->autoboot.chosen || !streq(d->autoboot.chosen, c.option->id)) {
		daemon_status(d, false, "the choice changed: %s (%s)",
			      c.option->name, why);
		autoboot_set_default(d, c.option->id);
	}
	note_choice(d, &c, why);
	boot_chosen(d);
}

/* At start: the choice waited for the BMC. At the countdown's end: fire. */
void autoboot_bmc_read(struct daemon *d)
{
	if (!d->autoboot.firing) {
		arm(d, true);
		return;
	}
	d->autoboot.firing = false;
	if (d->autoboot.stopped || d->autoboot.countdown != 0)
		return;		/* a person took over meanwhile */
	fire(d);
}

/*
 * A late source may bring a better option: it replaces the choice only
 * while the countdown still runs (or before anything was chosen).
 */
void autoboot_options_changed(struct daemon *d)
{
	if (d->settled && (d->autoboot.countdown > 0 || !d->autoboot.chosen))
		arm(d, !d->autoboot.chosen);
}

/* New settings: choose again, unless a person already took over. */
void autoboot_settings_changed(struct daemon *d)
{
	if (d->settled && !d->autoboot.stopped && d->autoboot.countdown != 0)
		arm(d, true);
}

void autoboot_cancel(struct daemon *d, const char *why)
{
	if (d->autoboot.stopped)
		return;
	d->autoboot.stopped = true;
	if (d->autoboot.countdown >= 0) {
		event_cancel_timer(d->autoboot.tick);
		d->autoboot.tick = NULL;
		d->autoboot.countdown = -1;
		broadcast_countdown(d);
		daemon_status(d, false, "autoboot stopped: %s", why);
	}
}

void autoboot_boot_failed(struct daemon *d, const char *id)
{
	char *copy = strdup(id);

	if (copy && vec_push(&d->autoboot.tried, copy))
		free(copy);
	if (d->autoboot.stopped)
		return;	/* a person is choosing: the menu shows the error */
	if (!settings_bool(&d->settings, CFG_FALL_THROUGH)) {
		d->autoboot.stopped = true;
		daemon_status(d, false, "fall_through is off: waiting for a choice");
		return;
	}
	daemon_status(d, false, "falling through to the next option");
	d->autoboot.countdown = -1;
	arm(d, true);
	/* no second wait after a failure */
	if (d->autoboot.countdown > 0) {
		event_cancel_timer(d->autoboot.tick);
		d->autoboot.countdown = 0;
		d->autoboot.tick = event_add_timer(d->loop, 0, on_tick, d);
	}
}

void autoboot_booted(struct daemon *d)
{
	d->autoboot.stopped = true;	/* done: no countdown after a boot */
}

void autoboot_set_default(struct daemon *d, const char *id)
{
	free(d->autoboot.chosen);
	d->autoboot.chosen = strdup(id);
	d->autoboot.chosen_by = BOOT_BY_AUTOBOOT;
	snprintf(d->autoboot.chosen_why, sizeof(d->autoboot.chosen_why),
		 "the default a client set");
}

/* The loop's timers are its own: freed with it. */
void autoboot_release(struct daemon *d)
{
	d->autoboot.tick = NULL;
	vec_free(&d->autoboot.tried, free);
	free(d->autoboot.chosen);
	d->autoboot.chosen = NULL;
}
