/*
 * rescan.c: `baton rescan`: the daemon looks at every device and lease
 * again. Discovery forgets each disk and probes it anew, as a disk
 * plugged in, and looks each lease's configs up again; the catalog tells
 * the clients only what differs once the rescan ends (catalog.c). The
 * clients that asked are answered once discovery waits for nothing more,
 * or after a bound (a dead disk or server must not hold the answer
 * forever).
 */
#include <errno.h>

#include "daemon/daemon-internal.h"
#include "discover/netwatch.h"
#include "lib/log.h"

static void finish(struct daemon *d, bool timed_out)
{
	unsigned ms = event_now_ms() - d->rescan.started_ms;
	json_t *r;
	size_t i;

	d->rescan.running = false;
	catalog_flush(d);	/* the clients told, the answer sees all */
	event_cancel_timer(d->rescan.bound);
	d->rescan.bound = NULL;
	daemon_status(d, false, "rescan done: %zu source(s), %zu option(s) "
		      "in %u ms%s", d->sources.n, d->res.options.n, ms,
		      timed_out ? " (some devices or lookups still at it)" :
		      "");
	r = json_pack("{s:b,s:I,s:I,s:i,s:i}", "ok", 1,
		      "sources", (json_int_t)d->sources.n,
		      "options", (json_int_t)d->res.options.n, "ms", (int)ms,
		      "still_probing", timed_out ? d->disc.pending : 0);
	for (i = 0; r && i < d->rescan.waiting.n; i++)
		server_send(d->rescan.waiting.v[i], PROTO_REPLY, r);
	json_decref(r);
	vec_free(&d->rescan.waiting, NULL);
}

static void on_bound(struct event_loop *loop, void *data)
{
	struct daemon *d = data;

	d->rescan.bound = NULL;
	if (d->rescan.running)
		finish(d, true);
}

void rescan_waited(struct daemon *d)
{
	if (d->rescan.running && !d->disc.pending)
		finish(d, false);
}

void rescan_start(struct daemon *d, struct client *c)
{
	if (daemon_boot_id(d)) {
		server_reply(c, -EBUSY, "a boot is loading: no rescan now");
		return;
	}
	if (vec_push(&d->rescan.waiting, c)) {
		server_reply(c, -ENOMEM, NULL);
		return;
	}
	if (d->rescan.running)
		return;		/* answered when the one under way ends */
	log_info("rescan: every device and lease looked at again");
	d->rescan.started_ms = event_now_ms();
	/* running first: what is forgotten now is published at the end */
	d->rescan.running = true;
	d->rescan.bound = event_add_timer(d->loop, DAEMON_RESCAN_WAIT_MS,
					  on_bound, d);
	devwatch_rescan(&d->disc);
	netwatch_rescan(&d->disc);
	rescan_waited(d);	/* nothing to wait for */
}

void rescan_client_gone(struct daemon *d, struct client *c)
{
	size_t i = 0;

	while (i < d->rescan.waiting.n)
		if (d->rescan.waiting.v[i] == c)
			vec_remove(&d->rescan.waiting, i);
		else
			i++;
}

/* The loop's timers are its own: freed with it. */
void rescan_release(struct daemon *d)
{
	d->rescan.bound = NULL;
	vec_free(&d->rescan.waiting, NULL);
}
