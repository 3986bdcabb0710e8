/* boot.h: handing over to the chosen option (boot.c): load, then kexec. */
#ifndef BATON_DAEMON_BOOT_H
#define BATON_DAEMON_BOOT_H

#include <stddef.h>

#include "daemon/boot-record.h"
#include "lib/boot-option.h"
#include "lib/protocol.h"

struct daemon;
struct client;
struct boot_job;
struct lu_carry;

/* boot.c's own state. */
struct boot_state {
	struct boot_job *job;	/* the load running in a worker, or NULL */
	struct client *client;	/* waits for that load's reply */
	struct lu_carry *lu;	/* a live update's sessions to carry */
	json_t *records;	/* what was booted (boot-record.h), or NULL */
};

/*
 * Load opt in a worker (the loop goes on serving clients while a large
 * initrd is read) and then, unless dry-run, hand over. Returns
 * -EINPROGRESS once the load is under way (why_buf: "booting NAME"); its
 * outcome follows on the loop: a failure is reported (status, progress,
 * client's reply, DAEMON_BOOT_FAILED), a dry-run success too
 * (DAEMON_BOOTED), a real success unmounts everything and starts the new
 * kernel. c (or NULL) gets the reply. by (BOOT_BY_*, static) and
 * reason (copied; NULL: none) say who chose opt and why: once loaded,
 * before the hand-over, the log says what boots (boot-record.h). Any
 * other -errno: nothing started, why_buf says why (-EBUSY: another load
 * is running).
 */
int daemon_boot(struct daemon *d, const struct boot_option *opt,
		struct client *c, const char *by, const char *reason,
		char *why_buf, size_t why_len);
/* The records of what was booted (a JSON array, borrowed), or NULL. */
json_t *daemon_boot_records(struct daemon *d);
/*
 * The network file being fetched for the boot under way, as {url, bytes,
 * total, rate, message}; NULL when none is.
 */
json_t *daemon_boot_fetch_json(struct daemon *d);
/* The id of the option being loaded, or NULL. */
const char *daemon_boot_id(struct daemon *d);
/* c went away: the load's outcome has no one to answer. */
void daemon_boot_client_gone(struct daemon *d, struct client *c);

#endif
