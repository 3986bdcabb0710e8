/*
 * rescan.h: a client's rescan (rescan.c): every device probed again and
 * every network lease looked up again, the reply sent once that is done.
 */
#ifndef BATON_DAEMON_RESCAN_H
#define BATON_DAEMON_RESCAN_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/event.h"
#include "lib/util.h"

#define DAEMON_RESCAN_WAIT_MS	15000	/* longest a rescan's reply waits
					   for slow devices and lookups */

struct daemon;
struct client;

/* rescan.c's own state. */
struct rescan_state {
	struct vec waiting;	/* struct client *: replied to when done */
	bool running;
	uint64_t started_ms;
	struct event_timer *bound;	/* DAEMON_RESCAN_WAIT_MS */
};

/*
 * Forget every source and probe the devices (or --source folders) and
 * look up the leases again; options that went away are removed, new ones
 * added, as hotplug does. c is answered (a reply with ok, sources,
 * options, ms, and still_probing after the bound) once every probe and
 * lookup ended or the bound passed. A rescan asked for while one runs is
 * answered with it; one asked for while a boot loads is refused.
 */
void rescan_start(struct daemon *d, struct client *c);
/*
 * Probe the devices again as a rescan does (the clients told only what
 * differs, at its end), with no client waiting and no lease looked up
 * again: for a setting that changes what a probe finds (iso_loopback).
 */
void rescan_devices(struct daemon *d);
/* Discovery waited for one thing less (daemon.c): maybe done. */
void rescan_waited(struct daemon *d);
/* c went away: no answer for it. */
void rescan_client_gone(struct daemon *d, struct client *c);
void rescan_release(struct daemon *d);

#endif
