/*
 * catalog.h: the sources and options the daemon serves (catalog.c), kept
 * in menu order (--source order, then device names), and the events that
 * tell clients how they change.
 */
#ifndef BATON_DAEMON_CATALOG_H
#define BATON_DAEMON_CATALOG_H

#include <stdbool.h>

#include "discover/discovery.h"
#include "lib/event.h"
#include "lib/strindex.h"
#include "lib/util.h"

#define DAEMON_REFRESH_MS	200	/* until discovery settles: results
					   are published this often */

struct daemon;

/* catalog.c's own state: what the clients were told. */
struct catalog_state {
	struct vec sent;	/* char *: last JSON sent per option */
	struct vec sent_ids;	/* char *: the id of each entry of sent */
	bool dirty;		/* added to, not yet resolved and published */
	struct event_timer *refresh_timer;	/* publishes it */
	bool unpublished;	/* resolved during a rescan, not yet told */
	bool resend;		/* a client got the state during a rescan:
				   every option goes out at its end */
	/* lookups by key (uthash), cleared whenever the vectors change */
	struct str_index source_names;	/* over daemon.sources */
	struct str_index option_ids;	/* over daemon.res.options */
};

void catalog_release(struct daemon *d);
/*
 * Take over found[0..n) (sources and options) and tell the clients: at
 * once once discovery has settled; before, batched (DAEMON_REFRESH_MS),
 * since resolving and publishing cost as much as the catalog is large.
 */
void catalog_add(struct daemon *d, struct found *found, size_t n);
/*
 * Resolve and publish what catalog_add batched: before anything reads
 * the options (a request, settling).
 */
void catalog_flush(struct daemon *d);
/*
 * Drop every source of block device dev ("/dev/vdb1"), unmounted lazily,
 * or of a folder (dev: its path), with their options; tell the clients.
 */
void catalog_remove_device(struct daemon *d, const char *dev);
/*
 * Tell the clients of the options that changed in place (a prediction's
 * verdict: signed.h) since they were last told.
 */
void catalog_publish(struct daemon *d);
/* The sources list of state and sources messages (locked devices too). */
json_t *catalog_sources_json(struct daemon *d);
void catalog_sources_changed(struct daemon *d);
/* The source named name, or the option whose id is id; NULL: none. */
struct source *catalog_source(struct daemon *d, const char *name);
struct boot_option *catalog_option(struct daemon *d, const char *id);

#endif
