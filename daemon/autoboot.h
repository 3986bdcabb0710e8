/*
 * autoboot.h: the countdown (autoboot.c): when the option the policy
 * chose (policy.h) boots, seen by every client, stopped by any.
 */
#ifndef BATON_DAEMON_AUTOBOOT_H
#define BATON_DAEMON_AUTOBOOT_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/event.h"
#include "lib/util.h"

#define DAEMON_DEFAULT_TIMEOUT	10
/* the BMC asks for the network, which has no option yet (policy.h) */
#define AUTOBOOT_NET_WAIT_S	30	/* longest wait at the countdown's end,
					   unless the net_wait setting says */
#define AUTOBOOT_NET_POLL_MS	250	/* how often it looks again */

struct daemon;

/* autoboot.c's own state. */
struct autoboot_state {
	int countdown;		/* seconds left; -1 when not counting */
	struct event_timer *tick;
	char *chosen;		/* id the countdown will boot */
	const char *chosen_by;	/* why: BOOT_BY_AUTOBOOT, _NEXT or _BMC */
	char chosen_why[320];	/* ... in words */
	bool stopped;		/* a person took over: no autoboot */
	struct vec tried;	/* char *: ids that failed this boot */
	bool firing;		/* at 0: the BMC's flags read once more */
	uint64_t net_wait_until;	/* at 0, waiting for the network the
					   BMC asks for until then (ms) */
	int net_wait_s;		/* ... that long (net_wait; -1: no bound) */
};

void autoboot_release(struct daemon *d);
void autoboot_settled(struct daemon *d);
void autoboot_options_changed(struct daemon *d);
void autoboot_settings_changed(struct daemon *d);
void autoboot_store_ready(struct daemon *d);
/* A read of the BMC's flags ended (at start, or just before firing). */
void autoboot_bmc_read(struct daemon *d);
void autoboot_cancel(struct daemon *d, const char *why);
void autoboot_boot_failed(struct daemon *d, const char *id);
/* A boot succeeded (a dry run): nothing more counts down. */
void autoboot_booted(struct daemon *d);
/* A client made id the default of this boot (it exists). */
void autoboot_set_default(struct daemon *d, const char *id);

#endif
