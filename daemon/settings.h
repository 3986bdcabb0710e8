/*
 * settings.h: the settings (settings.c): where they are stored, reading
 * and saving them off the loop, and the requests that read or change
 * them (settings, unlock, log, sysinfo).
 */
#ifndef BATON_DAEMON_SETTINGS_H
#define BATON_DAEMON_SETTINGS_H

#include <stdbool.h>

#include "lib/event.h"
#include "lib/job.h"
#include "lib/protocol.h"

#define DAEMON_STORE_WAIT_MS	2000	/* after settling: longest wait for
					   the settings store to be read */
#define DAEMON_SAVE_WAIT_MS	5000	/* longest a boot's hand-over waits
					   for a settings save in flight */

struct daemon;
struct client;
struct board_store;
struct store_job;

/* settings.c's own state (the settings in force are struct daemon's). */
struct store_state {
	struct board_store *board;	/* where they are saved, or NULL */
	char *next_used;	/* one-shot pattern this boot follows */
	bool looking;		/* the store is not known (or read) yet */
	bool from_board;	/* the board's choice: its partition, handed
				   over by discovery, else its fallback */
	struct store_job *fallback;	/* read, kept until settling */
	struct event_timer *timer;	/* bound on waiting after it */
	bool saving;		/* a worker is writing the store */
	bool save_again;	/* changed meanwhile: save once more after */
	struct client *save_client;	/* its settings-set waits for it */
	json_t *save_values;	/* ... with these values */
	bool save_replies;	/* the save answers a settings-set */
	struct job *after_save;	/* a boot's hand-over, waiting for it */
	struct event_timer *save_timer;	/* ... at most this long */
	bool save_stuck;	/* that wait ran out: later boots go on */
};

/*
 * settings.c: load the settings at start: the kernel command line and the
 * arguments at once, the store off the loop (docs/config.md): the one
 * --config names is read by a worker; the board's is the partition
 * reserved for settings, which the discovery worker that probes it reads
 * and hands over (daemon_settings_partition), else, once discovery has
 * settled without it, the board's fallback (read by a worker at start,
 * kept until then). Serve settings-get/-set, unlock, log-get and
 * sysinfo-get. Returns 0, or -errno for a bad --config (logged; the
 * daemon goes on with nowhere to save).
 */
int daemon_settings_load(struct daemon *d);
void daemon_settings_release(struct daemon *d);
void daemon_settings_handle(struct client *c, unsigned type, json_t *msg);
/* Lockdown is on and this client has not given the password. */
bool daemon_settings_locked(const struct client *c);
/* The store is not known yet: autoboot and held requests wait for it. */
bool daemon_settings_pending(const struct daemon *d);
/*
 * The store is not known yet, or a worker is writing it: requests that
 * need the settings are held (server.c), and a boot's hand-over waits
 * (daemon_settings_after_save).
 */
bool daemon_settings_busy(const struct daemon *d);
/*
 * While a save runs: keep j, and call j->done(j) once the store is
 * written, or after DAEMON_SAVE_WAIT_MS (a dead disk must not keep the
 * machine from booting); false (j not kept) when no save runs.
 */
bool daemon_settings_after_save(struct daemon *d, struct job *j);
/* A discovery worker should read the board's settings partition. */
bool daemon_settings_want_partition(const struct daemon *d);
/*
 * The discovery worker for name found the board's settings partition and
 * read it: *st, *text (taken when used) and err as board_store_load()
 * returned it. Used unless the store is known already (then logged).
 */
void daemon_settings_partition(struct daemon *d, const char *name,
			       struct board_store **st, char **text, int err);
/*
 * At settle: decide the store (the partition handed over, else the
 * board's fallback); true while it is still being read (then
 * DAEMON_STORE_READY is reported when it is, or after a bound).
 */
bool daemon_settings_settle(struct daemon *d);
/* Keep "next" for this boot; forget it in the store. */
void daemon_settings_forget_next(struct daemon *d);
/* The one-shot pattern this boot follows once "next" was used, or NULL. */
const char *daemon_settings_next_used(const struct daemon *d);
/* Does c wait for the answer of a save in flight (its settings-set)? */
bool daemon_settings_waits_for_save(const struct client *c);
/* c went away: a save's outcome has no one to answer. */
void daemon_settings_client_gone(struct daemon *d, struct client *c);

#endif
