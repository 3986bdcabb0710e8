/*
 * override.h: the BMC's boot override in the daemon (override.c): read off
 * the loop at start and again just before autoboot fires, handed to the
 * policy, cleared once honoured when it is one-shot, and the OS boot
 * reported to the BMC before the hand-over.
 */
#ifndef BATON_DAEMON_OVERRIDE_H
#define BATON_DAEMON_OVERRIDE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "daemon/bmc.h"

#define OVERRIDE_IPMI_PATH	"/dev/ipmi0"
#define OVERRIDE_TIMEOUT_MS	2000	/* bound on each request */

struct daemon;
struct override_handover;

/* override.c's own state. */
struct override_state {
	bool present;		/* a BMC is there (or not yet known) */
	bool reading;		/* a read is in flight */
	bool first;		/* the read at start is in flight */
	bool known;		/* flags holds what the BMC said */
	bool cleared;		/* a one-shot override was cleared */
	bool clearing;		/* ... a worker is clearing it */
	struct bmc_boot_flags flags;
	char said[192];		/* the flags in words (bmc.h) */
};

#ifdef CONFIG_BMC_IPMI
/*
 * Start reading the flags off the loop, unless the "bmc" setting is off,
 * baton is built without CONFIG_BMC_IPMI, or the device is missing (then
 * nothing more happens, at no cost). DAEMON_BMC_READ is reported when the
 * read ends.
 */
void override_start(struct daemon *d);
/*
 * Read the flags again (just before autoboot fires). True when a read
 * started: DAEMON_BMC_READ follows; false when there is no BMC to ask.
 */
bool override_reread(struct daemon *d);
/* The read at start is still in flight: autoboot's choice waits for it. */
bool override_pending(const struct daemon *d);
/* What the override asks of the policy now (BMC_ACT_POLICY: nothing). */
enum bmc_action override_action(const struct daemon *d);
/* The override in words, or NULL when there is none to honour. */
const char *override_said(const struct daemon *d);
/* The override was honoured without a boot (the menu waits): clear it. */
void override_honoured(struct daemon *d);

/*
 * What a boot's worker tells the BMC before the hand-over: clear a one-shot
 * override still set (this boot consumed it) and report the OS boot. NULL
 * when there is no BMC (or it is off).
 */
struct override_handover *override_handover_new(struct daemon *d);
/* In the worker: do it; a sentence for the log in msg. */
void override_handover_run(struct override_handover *h, char *msg,
			   size_t len);
/* Back on the loop: the outcome into d's state; frees h (NULL is fine). */
void override_handover_done(struct daemon *d, struct override_handover *h);

/* The override for `baton status --json`: an object, or NULL (none). */
json_t *override_json(const struct daemon *d);

#else	/* built without CONFIG_BMC_IPMI: no BMC to ask */
static inline void override_start(struct daemon *d) { }
static inline bool override_reread(struct daemon *d) { return false; }
static inline bool override_pending(const struct daemon *d) { return false; }
static inline enum bmc_action override_action(const struct daemon *d)
{
	return BMC_ACT_POLICY;
}
static inline const char *override_said(const struct daemon *d)
{
	return NULL;
}
static inline void override_honoured(struct daemon *d) { }
static inline struct override_handover *
override_handover_new(struct daemon *d)
{
	return NULL;
}
static inline void override_handover_run(struct override_handover *h,
					 char *msg, size_t len) { }
static inline void override_handover_done(struct daemon *d,
					  struct override_handover *h) { }
static inline json_t *override_json(const struct daemon *d) { return NULL; }
#endif

#endif
